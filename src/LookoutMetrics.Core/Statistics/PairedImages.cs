using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Statistics
{
    /// <summary>The images two models were both tested on, paired by source-ref.</summary>
    public sealed class PairedImages
    {
        public PairedImages(bool[] anomalous, bool[] predictedA, bool[] predictedB, double[] scoreA, double[] scoreB)
        {
            Anomalous = anomalous;
            PredictedA = predictedA;
            PredictedB = predictedB;
            ScoreA = scoreA;
            ScoreB = scoreB;
        }

        public bool[] Anomalous { get; }
        public bool[] PredictedA { get; }
        public bool[] PredictedB { get; }
        public double[] ScoreA { get; }
        public double[] ScoreB { get; }
        public int Count => Anomalous.Length;

        /// <summary>(b, c): images only A gets right, and images only B gets right, among those the filter keeps.</summary>
        public (long OnlyA, long OnlyB) Discordant(Func<int, bool> include)
        {
            long b = 0, c = 0;
            for (int i = 0; i < Count; i++)
            {
                if (!include(i)) continue;
                bool aRight = PredictedA[i] == Anomalous[i], bRight = PredictedB[i] == Anomalous[i];
                if (aRight && !bRight) b++;
                else if (bRight && !aRight) c++;
            }
            return (b, c);
        }

        /// <summary>
        /// B - A of every compared metric over paired, stratified bootstrap replicates: each replicate resamples the
        /// paired anomalies and the paired normal images (each class its own size), and measures both models on the same
        /// draw. Replicate r draws from its own stream of the seed, so the result does not depend on the threads; Ctrl+C
        /// (<paramref name="cancel"/>) ends the loop between replicates.
        /// </summary>
        public PairedReplicates BootstrapDifferences(int samples, ulong seed, CancellationToken cancel = default)
        {
            var positives = new List<int>();
            var negatives = new List<int>();
            for (int i = 0; i < Count; i++) (Anomalous[i] ? positives : negatives).Add(i);
            var orderA = new Ranking(ScoreA);
            var orderB = new Ranking(ScoreB);
            var result = new PairedReplicates(samples);
            Parallel.For(0, samples, Bootstrap.Cancellable(cancel), () => new long[Count], (r, _, weights) =>
            {
                Array.Clear(weights, 0, weights.Length);
                var random = RandomSource.ForReplicate(seed, r);
                foreach (var stratum in new[] { positives, negatives })
                {
                    for (int k = 0; k < stratum.Count; k++) weights[stratum[random.NextInt(stratum.Count)]]++;
                }
                var (aucA, apA) = orderA.Sweep(weights, Anomalous, positives.Count, negatives.Count);
                var (aucB, apB) = orderB.Sweep(weights, Anomalous, positives.Count, negatives.Count);
                var a = Figures(weights, Anomalous, PredictedA, aucA, apA);
                var b = Figures(weights, Anomalous, PredictedB, aucB, apB);
                for (int m = 0; m < MetricTable.All.Count; m++)
                {
                    var metric = MetricTable.All[m].OnReplicate;
                    result.ByMetric[m][r] = metric(b) - metric(a);
                }
                return weights;
            }, _ => { });
            return result;
        }

        /// <summary>One model's counts on one replicate (images weighted by how often the draw took them), with its ranking figures.</summary>
        private static ReplicateFigures Figures(long[] weights, bool[] anomalous, bool[] predicted, double rocAuc, double averagePrecision)
        {
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (int i = 0; i < weights.Length; i++)
            {
                long w = weights[i];
                if (w == 0) continue;
                if (predicted[i]) { if (anomalous[i]) tp += w; else fp += w; }
                else if (anomalous[i]) fn += w;
                else tn += w;
            }
            return new ReplicateFigures(tp, fp, fn, tn, rocAuc, averagePrecision);
        }

        /// <summary>The images in descending score order with their tie groups, sorted once, swept once per replicate.</summary>
        private sealed class Ranking
        {
            private readonly int[] _order;
            private readonly bool[] _groupEnd;

            public Ranking(double[] scores)
            {
                _order = new int[scores.Length];
                for (int i = 0; i < _order.Length; i++) _order[i] = i;
                var keys = new double[scores.Length];
                for (int i = 0; i < keys.Length; i++) keys[i] = -scores[i];
                Array.Sort(keys, _order);
                _groupEnd = new bool[scores.Length];
                for (int i = 0; i < keys.Length; i++) _groupEnd[i] = i == keys.Length - 1 || keys[i + 1] != keys[i];
            }

            /// <summary>
            /// ROC AUC (trapezoids between tie groups, ties counting one half) and average precision (no interpolation)
            /// of one replicate, as ClassificationMetrics computes them on a test set; NaN where a class is missing.
            /// </summary>
            public (double RocAuc, double AveragePrecision) Sweep(long[] weights, bool[] anomalous, long positives, long negatives)
            {
                if (positives == 0) return (double.NaN, double.NaN);
                var sweep = new RankingSweep(positives, negatives);
                for (int k = 0; k < _order.Length; k++)
                {
                    int i = _order[k];
                    sweep.Take(anomalous[i], weights[i]);
                    if (_groupEnd[k]) sweep.Close();
                }
                return (sweep.RocAuc, sweep.AveragePrecision);
            }
        }
    }

    /// <summary>
    /// ROC AUC (trapezoids between tie groups, ties counting one half) and average precision (no interpolation) read as images come in
    /// descending score order, closed at the end of each tie group: the one sweep the bootstrap's replicates and the permutation test's
    /// patterns both take. NaN where a class is missing.
    /// </summary>
    internal struct RankingSweep
    {
        private readonly long _positives, _negatives;
        private long _tp, _fp;
        private double _auc, _ap, _prevRecall, _prevFpr;

        public RankingSweep(long positives, long negatives)
        {
            _positives = positives;
            _negatives = negatives;
            _tp = _fp = 0;
            _auc = _ap = _prevRecall = _prevFpr = 0;
        }

        public void Take(bool anomalous, long weight = 1)
        {
            if (anomalous) _tp += weight; else _fp += weight;
        }

        public void Close()
        {
            if (_tp + _fp == 0 || _positives == 0) return;
            double recall = (double)_tp / _positives;
            if (_negatives > 0)
            {
                double fpr = (double)_fp / _negatives;
                _auc += (fpr - _prevFpr) * (recall + _prevRecall) / 2.0;
                _prevFpr = fpr;
            }
            if (recall != _prevRecall) _ap += (recall - _prevRecall) * _tp / (_tp + _fp);
            _prevRecall = recall;
        }

        public double RocAuc => _positives == 0 || _negatives == 0 ? double.NaN : _auc;
        public double AveragePrecision => _positives == 0 ? double.NaN : _ap;
    }

    /// <summary>B - A of each metric of <see cref="MetricTable"/>, one value per bootstrap replicate.</summary>
    public sealed class PairedReplicates
    {
        internal PairedReplicates(int samples)
        {
            ByMetric = new double[MetricTable.All.Count][];
            for (int m = 0; m < ByMetric.Length; m++) ByMetric[m] = new double[samples];
        }

        /// <summary>The replicates of each metric, in the table's order.</summary>
        internal double[][] ByMetric { get; }

        /// <summary>The replicates of a metric by its name in the table.</summary>
        public double[] Of(string metric) => ByMetric[MetricTable.IndexOf(metric)];
    }
}
