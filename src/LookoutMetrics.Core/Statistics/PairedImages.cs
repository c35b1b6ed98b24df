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
                double auc = 0, ap = 0, prevRecall = 0, prevFpr = 0;
                long tp = 0, fp = 0;
                for (int k = 0; k < _order.Length; k++)
                {
                    int i = _order[k];
                    if (anomalous[i]) tp += weights[i]; else fp += weights[i];
                    if (!_groupEnd[k] || tp + fp == 0) continue;
                    double recall = (double)tp / positives;
                    if (negatives > 0)
                    {
                        double fpr = (double)fp / negatives;
                        auc += (fpr - prevFpr) * (recall + prevRecall) / 2.0;
                        prevFpr = fpr;
                    }
                    if (recall != prevRecall) ap += (recall - prevRecall) * tp / (tp + fp);
                    prevRecall = recall;
                }
                return (negatives > 0 ? auc : double.NaN, ap);
            }
        }
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
