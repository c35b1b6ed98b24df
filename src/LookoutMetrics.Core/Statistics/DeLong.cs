using System;
using System.Collections.Generic;

namespace LookoutMetrics.Statistics
{
    /// <summary>
    /// DeLong's variance of ROC AUC and the paired DeLong test, by Sun and Xu's O(n log n) algorithm (IEEE Signal
    /// Processing Letters, 2014): mid-ranks of the scores among all images, among the anomalies and among the normal
    /// images give the structural components without the O(m·n) pair comparisons. Ties count one half.
    /// </summary>
    public static class DeLong
    {
        /// <summary>AUC and its DeLong variance; NaN for both when either class is empty (a class of one gives variance from the other).</summary>
        public static (double Auc, double Variance) Compute(double[] scores, bool[] anomalous)
        {
            var (v10, v01, auc) = Components(scores, anomalous);
            if (v10 == null) return (double.NaN, double.NaN);
            return (auc, SampleVariance(v10) / v10.Length + SampleVariance(v01!) / v01!.Length);
        }

        /// <summary>
        /// AUC and DeLong's variance from the distinct scores alone: every anomaly in a bin outranks the same normal
        /// images (and ties the bin's own), so the structural components are one value per bin, weighted by its
        /// count. O(bins), equal to <see cref="Compute"/>.
        /// </summary>
        public static (double Auc, double Variance) FromBins(Metrics.ScoreBins bins)
        {
            long m = 0, n = 0;
            for (int k = 0; k < bins.Count; k++) { m += bins.Positives[k]; n += bins.Negatives[k]; }
            if (m == 0 || n == 0) return (double.NaN, double.NaN);
            var v10 = new double[bins.Count];
            var v01 = new double[bins.Count];
            long negativesAbove = 0, positivesAbove = 0;
            double auc = 0;
            for (int k = 0; k < bins.Count; k++)
            {
                long pk = bins.Positives[k], nk = bins.Negatives[k];
                // V10: the share of normal images below an anomaly of this bin, ties counting one half.
                v10[k] = (n - negativesAbove - nk + 0.5 * nk) / n;
                // V01: the share of anomalies above a normal image of this bin, ties counting one half.
                v01[k] = (positivesAbove + 0.5 * pk) / m;
                auc += pk * v10[k];
                negativesAbove += nk;
                positivesAbove += pk;
            }
            auc /= m;
            return (auc, WeightedVariance(v10, bins.Positives, m) / m + WeightedVariance(v01, bins.Negatives, n) / n);
        }

        private static double WeightedVariance(double[] values, long[] weights, long total)
        {
            if (total < 2) return 0.0;
            double mean = 0;
            for (int k = 0; k < values.Length; k++) mean += weights[k] * values[k];
            mean /= total;
            double s = 0;
            for (int k = 0; k < values.Length; k++) s += weights[k] * (values[k] - mean) * (values[k] - mean);
            return s / (total - 1);
        }

        /// <summary>The paired test of two models' scores on the same images: AUCs, the z statistic and its two-sided p.</summary>
        public static (double AucA, double AucB, double Z, double PValue) PairedTest(double[] scoresA, double[] scoresB, bool[] anomalous)
        {
            var (aucA, aucB, variance) = Paired(scoresA, scoresB, anomalous);
            if (double.IsNaN(aucA)) return (double.NaN, double.NaN, double.NaN, double.NaN);
            return (aucA, aucB, Z(aucA, aucB, variance), PValue(aucA, aucB, variance));
        }

        /// <summary>The z of the paired difference A - B: infinite (of its sign) when the variance is 0 and the AUCs differ.</summary>
        private static double Z(double aucA, double aucB, double variance)
        {
            double difference = aucA - aucB;
            if (variance <= 0 || double.IsNaN(variance)) return difference == 0 ? 0 : double.PositiveInfinity * Math.Sign(difference);
            return difference / Math.Sqrt(variance);
        }

        /// <summary>The two-sided p of the paired difference, from <see cref="Paired"/>'s AUCs and variance (NaN when a class is missing).</summary>
        public static double PValue(double aucA, double aucB, double variance)
        {
            if (double.IsNaN(aucA) || double.IsNaN(aucB)) return double.NaN;
            if (variance <= 0 || double.IsNaN(variance)) return aucA == aucB ? 1.0 : 0.0;
            return Math.Min(1.0, 2 * Normal.UpperTail(Math.Abs(Z(aucA, aucB, variance))));
        }

        /// <summary>The two paired AUCs and the variance of their difference (NaN when a class is missing): the test's and the
        /// interval's one estimate.</summary>
        public static (double AucA, double AucB, double Variance) Paired(double[] scoresA, double[] scoresB, bool[] anomalous)
        {
            var (a10, a01, aucA) = Components(scoresA, anomalous);
            var (b10, b01, aucB) = Components(scoresB, anomalous);
            if (a10 == null || b10 == null) return (double.NaN, double.NaN, double.NaN);
            int m = a10.Length, n = a01!.Length;
            double variance = (SampleVariance(a10) + SampleVariance(b10) - 2 * Covariance(a10, b10)) / m +
                              (SampleVariance(a01) + SampleVariance(b01!) - 2 * Covariance(a01, b01!)) / n;
            return (aucA, aucB, variance);
        }

        /// <summary>
        /// V10 (one per anomaly: the share of normal images it outranks) and V01 (one per normal image: the share of
        /// anomalies that outrank it), ties counting one half, and the AUC, their mean.
        /// </summary>
        internal static (double[]? V10, double[]? V01, double Auc) Components(double[] scores, bool[] anomalous)
        {
            int count = scores.Length, m = 0;
            foreach (bool a in anomalous) if (a) m++;
            int n = count - m;
            if (m == 0 || n == 0) return (null, null, double.NaN);
            var positives = new double[m];
            var negatives = new double[n];
            for (int i = 0, p = 0, q = 0; i < count; i++)
            {
                if (anomalous[i]) positives[p++] = scores[i]; else negatives[q++] = scores[i];
            }
            var all = MidRanks(scores);
            var withinPositives = MidRanks(positives);
            var withinNegatives = MidRanks(negatives);
            var v10 = new double[m];
            var v01 = new double[n];
            double sum = 0;
            for (int i = 0, p = 0, q = 0; i < count; i++)
            {
                if (anomalous[i])
                {
                    v10[p] = (all[i] - withinPositives[p]) / n;
                    sum += v10[p];
                    p++;
                }
                else
                {
                    v01[q] = 1.0 - (all[i] - withinNegatives[q]) / m;
                    q++;
                }
            }
            return (v10, v01, sum / m);
        }

        /// <summary>1-based ranks, ties given the mean of their ranks.</summary>
        internal static double[] MidRanks(double[] values)
        {
            int n = values.Length;
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            var keys = (double[])values.Clone();
            Array.Sort(keys, order);
            var ranks = new double[n];
            int start = 0;
            while (start < n)
            {
                int end = start;
                while (end + 1 < n && keys[end + 1] == keys[start]) end++;
                double mid = (start + end) / 2.0 + 1.0;
                for (int k = start; k <= end; k++) ranks[order[k]] = mid;
                start = end + 1;
            }
            return ranks;
        }

        private static double SampleVariance(double[] x) => x.Length < 2 ? 0.0 : Covariance(x, x);

        private static double Covariance(double[] x, double[] y)
        {
            if (x.Length < 2) return 0.0;
            double mx = 0, my = 0;
            for (int i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
            mx /= x.Length; my /= y.Length;
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
            return s / (x.Length - 1);
        }
    }
}
