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
            return n == 0 ? 1.0 : Math.Min(1.0, 2.0 * BinomialCdf(Math.Min(b, c), n, 0.5));
        }

        /// <summary>P(X ≤ k) for X ~ Binomial(n, p), summed in log space (2^-n underflows beyond n = 1074): McNemar's p and the
        /// Clopper-Pearson bounds both come from it.</summary>
        public static double BinomialCdf(long k, long n, double p)
        {
            if (k < 0) return 0.0;
            if (k >= n) return 1.0;
            if (p <= 0) return 1.0;
            if (p >= 1) return 0.0;
            double logP = Math.Log(p), logQ = Math.Log(1 - p), logN1 = Normal.LogGamma(n + 1), logHalfN = -n * Math.Log(2.0);
            double max = double.NegativeInfinity;
            var terms = new double[k + 1];
            for (long i = 0; i <= k; i++)
            {
                terms[i] = logN1 - Normal.LogGamma(i + 1) - Normal.LogGamma(n - i + 1) + (p == 0.5 ? logHalfN : i * logP + (n - i) * logQ);
                if (terms[i] > max) max = terms[i];
            }
            double sum = 0;
            foreach (double t in terms) sum += Math.Exp(t - max);
            return Math.Min(1.0, Math.Exp(max + Math.Log(sum)));
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
        /// (a replicate of exactly 0 counts on both), at most 1 and at least one replicate's share (never 0: every replicate on
        /// one side shows p below 1/R, not p = 0); the smallest level at which the percentile interval of the difference leaves out 0.
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
            // Never 0: a change on one side in every replicate shows p below one replicate's share, not p = 0.
            return Math.Min(1.0, Math.Max(1.0, 2.0 * Math.Min(below, above)) / counted);
        }
    }
}
