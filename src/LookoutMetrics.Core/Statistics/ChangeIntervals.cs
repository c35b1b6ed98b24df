using System;
using System.Collections.Generic;

namespace LookoutMetrics.Statistics
{
    /// <summary>
    /// The interval of a paired change, from the same method as the row's own test, so that the two never disagree: the interval
    /// leaves out no change exactly when the test's p is below 1 - level.
    /// <list type="bullet">
    /// <item>McNemar rows: the exact conditional interval, Clopper-Pearson on the discordant pairs (the share that went B's way),
    /// scaled to the change of a rate or of a count. It leaves out one half exactly when the exact two-sided binomial test of the
    /// discordant pairs, McNemar's, rejects.</item>
    /// <item>DeLong rows: the DeLong normal interval of the change, from the same variance as its z.</item>
    /// <item>Bootstrap rows: the order statistics of the same replicates the bootstrap p counts.</item>
    /// </list>
    /// </summary>
    public static class ChangeIntervals
    {
        public const string ExactConditional = "ExactConditional";
        public const string DeLongChange = "DeLongChange";
        public const string PairedBootstrap = "PairedStratifiedBootstrap";

        /// <summary>
        /// Clopper-Pearson's interval of the share π of c among the b + c discordant pairs (as SciPy's
        /// binomtest(c, b + c).proportion_ci(method='exact')): [0, 1] when there is none.
        /// </summary>
        public static (double Lower, double Upper) ClopperPearson(long c, long n, double level)
        {
            if (n <= 0) return (0.0, 1.0);
            double alpha = 1 - level;
            // Lower: P(X >= c | π) = α/2; upper: P(X <= c | π) = α/2 (the tails rise and fall monotonically in π).
            double lower = c == 0 ? 0.0 : Solve(p => 1 - Inference.BinomialCdf(c - 1, n, p) - alpha / 2, rising: true);
            double upper = c == n ? 1.0 : Solve(p => Inference.BinomialCdf(c, n, p) - alpha / 2, rising: false);
            return (lower, upper);
        }

        /// <summary>
        /// The change B - A of a McNemar row: of a rate over <paramref name="total"/> paired images ((c - b) / total), or of a count of
        /// mistakes (b - c), its interval from Clopper-Pearson on the b + c discordant pairs.
        /// </summary>
        /// <param name="b">Pairs A got right and B wrong.</param>
        /// <param name="c">Pairs B got right and A wrong.</param>
        /// <param name="total">The paired images the row counts (its class, or all).</param>
        /// <param name="count">The row is a count of mistakes (FalsePositives, FalseNegatives), not a rate.</param>
        /// <param name="level">The confidence level.</param>
        public static ConfidenceInterval McNemar(long b, long c, long total, bool count, double level)
        {
            long n = b + c;
            var (lo, hi) = ClopperPearson(c, n, level);
            // c - b = n (2π - 1); b - c = n (1 - 2π).
            double rateLow = n * (2 * lo - 1), rateHigh = n * (2 * hi - 1);
            if (count) return new ConfidenceInterval(-rateHigh, -rateLow, level, ExactConditional, signed: true);
            return total <= 0 ? new ConfidenceInterval(double.NaN, double.NaN, level, ExactConditional, signed: true)
                : new ConfidenceInterval(rateLow / total, rateHigh / total, level, ExactConditional, signed: true);
        }

        /// <summary>The DeLong interval of the change B - A of two paired AUCs, from its variance (as its z), within [-1, 1].</summary>
        public static ConfidenceInterval DeLong(double change, double variance, double level)
        {
            if (double.IsNaN(change) || double.IsNaN(variance))
                return new ConfidenceInterval(double.NaN, double.NaN, level, DeLongChange, signed: true);
            double half = Normal.Quantile(1 - (1 - level) / 2) * Math.Sqrt(Math.Max(0, variance));
            return new ConfidenceInterval(Math.Max(-1.0, change - half), Math.Min(1.0, change + half), level, DeLongChange, signed: true);
        }

        /// <summary>
        /// The interval of a bootstrap row, from the order statistics its p counts: with R finite replicates and j = ceil(αR/2) - 1,
        /// [r(j), r(R-1-j)]. It leaves out 0 exactly when 2·min(#r ≤ 0, #r ≥ 0)/R, the bootstrap p, is below α.
        /// </summary>
        public static ConfidenceInterval Bootstrap(double[] replicates, double level)
        {
            var finite = new List<double>(replicates.Length);
            foreach (double r in replicates) if (!double.IsNaN(r)) finite.Add(r);
            if (finite.Count == 0) return new ConfidenceInterval(double.NaN, double.NaN, level, PairedBootstrap, signed: true);
            finite.Sort();
            int j = Math.Max(0, (int)Math.Ceiling((1 - level) * finite.Count / 2) - 1);
            j = Math.Min(j, (finite.Count - 1) / 2);
            double lower = finite[j], upper = finite[finite.Count - 1 - j];
            // Too few replicates to show a p below 1 - level (p is at least one replicate's share): the interval keeps 0 as its
            // p does.
            if (Inference.BootstrapPValue(replicates) >= 1 - level && (lower > 0 || upper < 0))
            {
                if (lower > 0) lower = 0; else upper = 0;
            }
            return new ConfidenceInterval(lower, upper, level, PairedBootstrap, signed: true);
        }

        /// <summary>The root in (0, 1) of a function monotonic in p, by bisection to double precision.</summary>
        private static double Solve(Func<double, double> f, bool rising)
        {
            double lo = 0, hi = 1;
            for (int i = 0; i < 200 && hi - lo > 1e-15; i++)
            {
                double mid = (lo + hi) / 2;
                if ((f(mid) < 0) == rising) lo = mid; else hi = mid;
            }
            return (lo + hi) / 2;
        }
    }
}
