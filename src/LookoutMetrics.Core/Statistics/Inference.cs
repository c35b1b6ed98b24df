using System;
using System.Collections.Generic;

namespace LookoutMetrics.Statistics
{
    /// <summary>Confidence intervals and significance tests of the module (docs/metrics.md explains each).</summary>
    public static class Inference
    {
        public const string Wilson = "Wilson";
        public const string DeLongMethod = "DeLong";
        public const string Bootstrap = "StratifiedBootstrap";

        /// <summary>
        /// The Wilson score interval of count/n (as statsmodels' proportion_confint(method='wilson')). The lower bound
        /// is exactly 0 when count is 0 and the upper exactly 1 when count is n; with n = 0 the interval is NaN.
        /// </summary>
        public static ConfidenceInterval WilsonInterval(long count, long n, double level)
        {
            if (n <= 0) return new ConfidenceInterval(double.NaN, double.NaN, level, Wilson);
            double z = Normal.Quantile(1 - (1 - level) / 2);
            double p = (double)count / n, z2 = z * z;
            double denominator = 1 + z2 / n;
            double center = (p + z2 / (2.0 * n)) / denominator;
            double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
            double lower = count == 0 ? 0.0 : Math.Max(0.0, center - half);
            double upper = count == n ? 1.0 : Math.Min(1.0, center + half);
            return new ConfidenceInterval(lower, upper, level, Wilson);
        }

        /// <summary>
        /// The exact two-sided McNemar test of b and c, the discordant pairs: p = min(1, 2·P(X ≤ min(b, c))) for
        /// X ~ Binomial(b + c, 1/2), and 1 when b + c = 0 (as statsmodels' mcnemar(exact=True)).
        /// </summary>
        public static double McNemarExact(long b, long c)
        {
            long n = b + c;
            if (n == 0) return 1.0;
            long k = Math.Min(b, c);
            // Sum in log space: 2^-n underflows beyond n = 1074.
            double logHalfN = -n * Math.Log(2.0), logN1 = Normal.LogGamma(n + 1);
            double max = double.NegativeInfinity;
            var terms = new double[k + 1];
            for (long i = 0; i <= k; i++)
            {
                terms[i] = logN1 - Normal.LogGamma(i + 1) - Normal.LogGamma(n - i + 1) + logHalfN;
                if (terms[i] > max) max = terms[i];
            }
            double sum = 0;
            foreach (double t in terms) sum += Math.Exp(t - max);
            return Math.Min(1.0, 2.0 * Math.Exp(max + Math.Log(sum)));
        }

        /// <summary>The normal interval of an estimate with the given variance, clipped to [0, 1].</summary>
        public static ConfidenceInterval NormalInterval(double estimate, double variance, double level, string method)
        {
            if (double.IsNaN(estimate) || double.IsNaN(variance)) return new ConfidenceInterval(double.NaN, double.NaN, level, method);
            double z = Normal.Quantile(1 - (1 - level) / 2), half = z * Math.Sqrt(Math.Max(0, variance));
            return new ConfidenceInterval(Math.Max(0.0, estimate - half), Math.Min(1.0, estimate + half), level, method);
        }

        /// <summary>The percentile interval of bootstrap replicates (NaN replicates left out), as numpy's linear percentile.</summary>
        public static ConfidenceInterval PercentileInterval(double[] replicates, double level, string method, bool change = false)
        {
            var finite = new List<double>(replicates.Length);
            foreach (double r in replicates)
            {
                if (!double.IsNaN(r)) finite.Add(r);
            }
            if (finite.Count == 0) return new ConfidenceInterval(double.NaN, double.NaN, level, method, change);
            finite.Sort();
            double alpha = (1 - level) / 2;
            return new ConfidenceInterval(Percentile(finite, alpha), Percentile(finite, 1 - alpha), level, method, change);
        }

        private static double Percentile(List<double> sorted, double q)
        {
            double position = q * (sorted.Count - 1);
            int below = (int)Math.Floor(position);
            int above = Math.Min(sorted.Count - 1, below + 1);
            return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }

        /// <summary>
        /// Holm's step-down adjustment of a family of p-values (as statsmodels' multipletests(method='holm')): the k-th
        /// smallest of m is multiplied by m - k + 1, made monotone by a running maximum, and capped at 1. NaN stays NaN and
        /// does not count in m. The result is in the input's order.
        /// </summary>
        public static double[] Holm(IReadOnlyList<double> pValues)
        {
            var adjusted = new double[pValues.Count];
            var order = new List<int>(pValues.Count);
            for (int i = 0; i < pValues.Count; i++)
            {
                adjusted[i] = double.NaN;
                if (!double.IsNaN(pValues[i])) order.Add(i);
            }
            // A stable sort, so equal p-values keep their order (their adjusted values are equal anyway).
            var sorted = System.Linq.Enumerable.ToList(System.Linq.Enumerable.OrderBy(order, i => pValues[i]));
            int m = sorted.Count;
            double running = 0;
            for (int k = 0; k < m; k++)
            {
                running = Math.Max(running, Math.Min(1.0, (m - k) * pValues[sorted[k]]));
                adjusted[sorted[k]] = running;
            }
            return adjusted;
        }

        /// <summary>
        /// The two-sided bootstrap p-value of a difference: twice the smaller share of replicates on either side of 0
        /// (a replicate of exactly 0 counts on both), at most 1; the smallest level at which the percentile interval of
        /// the difference leaves out 0.
        /// </summary>
        public static double BootstrapPValue(double[] differences)
        {
            long below = 0, above = 0, counted = 0;
            foreach (double d in differences)
            {
                if (double.IsNaN(d)) continue;
                counted++;
                if (d <= 0) below++;
                if (d >= 0) above++;
            }
            if (counted == 0) return double.NaN;
            return Math.Min(1.0, 2.0 * Math.Min(below, above) / counted);
        }
    }

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
            var (a10, a01, aucA) = Components(scoresA, anomalous);
            var (b10, b01, aucB) = Components(scoresB, anomalous);
            if (a10 == null || b10 == null) return (double.NaN, double.NaN, double.NaN, double.NaN);
            int m = a10.Length, n = a01!.Length;
            double variance = (SampleVariance(a10) + SampleVariance(b10) - 2 * Covariance(a10, b10)) / m +
                              (SampleVariance(a01) + SampleVariance(b01!) - 2 * Covariance(a01, b01!)) / n;
            double difference = aucA - aucB;
            if (variance <= 0 || double.IsNaN(variance))
                return (aucA, aucB, difference == 0 ? 0 : double.PositiveInfinity * Math.Sign(difference), difference == 0 ? 1.0 : 0.0);
            double z = difference / Math.Sqrt(variance);
            return (aucA, aucB, z, Math.Min(1.0, 2 * Normal.UpperTail(Math.Abs(z))));
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
