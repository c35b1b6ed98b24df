using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;

namespace LookoutMetrics.Comparison
{
    /// <summary>
    /// What a comparison decides, and the sentence that says it. Three questions, one chosen by the options:
    /// <list type="bullet">
    /// <item>no primary metric: is either model better on any metric? Every test counts, so the p-values are
    /// Holm-adjusted over the tests of the comparison (family-wise error at the significance level);</item>
    /// <item>a primary metric: is the second model better or worse on that one metric? One test chosen before looking
    /// needs no correction, so its raw p decides; the other rows stay Holm-adjusted, as secondary results;</item>
    /// <item>a non-inferiority margin m: is the second model worse than the first by more than m on the primary metric?
    /// "Not worse" when the change's interval lies wholly above -m (below +m where lower is better), "worse" when it lies wholly
    /// below -m (above +m), else inconclusive.</item>
    /// </list>
    /// The decision is always about the second model (DifferenceModel) against the first.
    /// </summary>
    public static class ComparisonVerdict
    {
        public const string Better = "Better";
        public const string Worse = "Worse";
        public const string Mixed = "Mixed";
        public const string NoDifference = "NoDifference";
        public const string NotWorse = "NotWorse";
        public const string Inconclusive = "Inconclusive";
        public const string NotTested = "NotTested";

        /// <summary>The decisions, for help and validation.</summary>
        public static readonly IReadOnlyList<string> Decisions = new[] { Better, Worse, Mixed, NoDifference, NotWorse, Inconclusive, NotTested };

        /// <summary>
        /// Adjusts the rows' p-values (Holm), marks which rows are significant and which model each favours, and gives
        /// every row the comparison's decision and verdict.
        /// </summary>
        public static void Decide(List<ModelComparison> rows, string? untested, int paired, ComparisonOptions options)
        {
            var tested = rows.Where(r => r.PValue.HasValue).ToList();
            var adjusted = Inference.Holm(tested.Select(r => r.PValue!.Value).ToList());
            for (int i = 0; i < tested.Count; i++) tested[i].AdjustedPValue = adjusted[i];
            foreach (var row in tested)
            {
                row.Significant = (row.IsPrimary ? row.PValue!.Value : row.AdjustedPValue!.Value) < options.SignificanceLevel;
            }
            foreach (var row in rows) row.BetterModel = row.Significant == true ? Favoured(row) : string.Empty;

            var (decision, verdict) = untested != null ? (NotTested, untested)
                : options.Primary == null ? Family(rows, tested.Count, paired, options)
                : options.NonInferiorityMargin.HasValue ? NonInferiority(rows, options.Primary, options.NonInferiorityMargin.Value, paired, options)
                : Primary(rows, options.Primary, tested.Count, paired, options);
            if (untested == null && !options.NonInferiorityMargin.HasValue)
                verdict += LostToAdjustment(tested, options.SignificanceLevel, options.Primary != null);
            foreach (var row in rows)
            {
                row.Decision = decision;
                row.Verdict = verdict;
            }
        }

        /// <summary>
        /// Why a row whose own p is below the level is not significant: its p is one of several, and Holm's adjustment (the price of
        /// testing every metric at once) raised it above the level. Empty when no row is so.
        /// </summary>
        private static string LostToAdjustment(List<ModelComparison> tested, double level, bool primary)
        {
            var lost = tested.Where(r => !r.IsPrimary && r.PValue < level && r.Significant != true).ToList();
            if (lost.Count == 0) return string.Empty;
            string rows = string.Join("; ", lost.Select(r =>
                $"{r.Metric} (change {Signed(r.Change)}, p = {P(r.PValue)}, adjusted {P(r.AdjustedPValue)})"));
            bool one = lost.Count == 1;
            return $". {rows}: {(one ? "its p is" : "their p-values are")} below {Level(level)} alone but not after Holm's adjustment over " +
                $"{tested.Count} tests, since among that many tests one p this small is likely by chance; " +
                (primary ? $"only the primary metric, chosen beforehand, is read at its own p"
                    : "choose one -PrimaryMetric before looking to test one metric at its own p");
        }

        private static string Favoured(ModelComparison row) =>
            row.Better == "Reference" ? row.ReferenceModel : row.Better == "Difference" ? row.DifferenceModel : string.Empty;

        /// <summary>No primary metric: every test, Holm-adjusted.</summary>
        private static (string, string) Family(List<ModelComparison> rows, int tests, int paired, ComparisonOptions o)
        {
            var significant = rows.Where(r => r.BetterModel.Length > 0).ToList();
            string family = $"Holm-adjusted over {tests} test{(tests == 1 ? string.Empty : "s")}";
            if (significant.Count == 0)
                return (NoDifference, $"No significant difference on {paired} paired images ({family}, at the {Level(o.SignificanceLevel)} level)");
            var winners = significant.GroupBy(r => r.BetterModel).ToList();
            if (winners.Count > 1)
                return (Mixed, $"Neither is better everywhere ({family}): " + string.Join("; ", winners.Select(w => $"{w.Key} on {Adjusted(w)}")));
            int rest = tests - significant.Count;
            string others = rest > 0 ? $"; no significant difference on the other {rest} metric{(rest == 1 ? string.Empty : "s")}" : string.Empty;
            string decision = winners[0].First().Better == "Difference" ? Better : Worse;
            return (decision, $"{winners[0].Key} is better on {paired} paired images: {Adjusted(winners[0])}{others} ({family})");
        }

        /// <summary>A primary metric: its raw p decides; the rest are secondary, Holm-adjusted.</summary>
        private static (string, string) Primary(List<ModelComparison> rows, string metric, int tests, int paired, ComparisonOptions o)
        {
            var row = rows.FirstOrDefault(r => r.IsPrimary);
            if (row?.PValue == null) return (NotTested, NoTest(row, metric));
            var secondary = rows.Where(r => !r.IsPrimary && r.BetterModel.Length > 0).ToList();
            string secondaries = $"Secondary results, Holm-adjusted over {tests} tests: " + (secondary.Count == 0
                ? "no significant difference"
                : string.Join("; ", secondary.GroupBy(r => r.BetterModel).Select(w => $"{w.Key} better on {Adjusted(w)}")));
            string figures = $"change {Signed(row.Change)} {row.ChangeInterval}, p = {P(row.PValue)}";
            if (row.Significant != true)
            {
                string needed = string.Empty;
                if (MetricTable.Get(metric).IsRate && row.Change is { } change && row.ChangeInterval is { } ci && Math.Abs(change) > 0)
                {
                    row.ImagesNeeded = Needed(paired, change > 0 ? change - ci.Lower : ci.Upper - change, Math.Abs(change));
                    needed = $" About {row.ImagesNeeded} paired images would show a change this large at this variability.";
                }
                return (NoDifference, $"On the primary metric {metric}, no significant difference on {paired} paired images ({figures}, " +
                    $"at the {Level(o.SignificanceLevel)} level).{needed} {secondaries}");
            }
            string decision = row.Better == "Difference" ? Better : Worse;
            return (decision, $"On the primary metric {metric}, {row.BetterModel} is better on {paired} paired images ({figures}). {secondaries}");
        }

        /// <summary>
        /// Is the second model worse than the first by more than the margin, on the primary metric? Three answers, each said true at
        /// every margin (0 included): NotWorse when the change's interval lies wholly on the good side of the margin (above -m, or below
        /// +m where lower is better), Worse when it lies wholly on the bad side, Inconclusive when it holds the margin.
        /// </summary>
        private static (string, string) NonInferiority(List<ModelComparison> rows, string metric, double margin, int paired, ComparisonOptions o)
        {
            var row = rows.FirstOrDefault(r => r.IsPrimary);
            if (row?.ChangeInterval == null) return (NotTested, NoTest(row, metric));
            bool higherIsBetter = ModelComparer.HigherIsBetter(metric);
            var ci = row.ChangeInterval;
            bool notWorse = higherIsBetter ? ci.Lower > -margin : ci.Upper < margin;
            bool worse = higherIsBetter ? ci.Upper < -margin : ci.Lower > margin;
            string bound = margin == 0 ? "0" : (higherIsBetter ? "-" : "+") + Level(margin);
            string by = margin == 0 ? string.Empty : $" by more than {Level(margin)}";
            string good = higherIsBetter ? "above" : "below", bad = higherIsBetter ? "below" : "above";
            string figures = $"change {Signed(row.Change)}, {Level(ci.Level * 100)}% interval {ci}";
            string on = $"in {metric} on {paired} paired images: {figures}";
            if (notWorse) return (NotWorse, $"{row.DifferenceModel} is not worse than {row.ReferenceModel}{by} {on} lies wholly {good} {bound}");
            if (worse) return (Worse, $"{row.DifferenceModel} is worse than {row.ReferenceModel}{by} {on} lies wholly {bad} {bound}");
            string verdict = $"{row.DifferenceModel} may be worse than {row.ReferenceModel}{by} {on} holds {bound}, so neither not worse " +
                "nor worse can be said";
            // How many images would settle it, where the metric is a rate (a count of mistakes grows with the test set itself).
            if (!MetricTable.Get(metric).IsRate || row.Change is not { } change) return (Inconclusive, verdict);
            double towardGood = higherIsBetter ? change + margin : margin - change;
            double half = higherIsBetter ? change - ci.Lower : ci.Upper - change;
            if (towardGood > 0)
            {
                row.ImagesNeeded = Needed(paired, half, towardGood);
                verdict += $"; about {row.ImagesNeeded} paired images would show it not worse at this change and variability";
            }
            else
            {
                double other = higherIsBetter ? ci.Upper - change : change - ci.Lower;
                if (towardGood < 0) row.ImagesNeeded = Needed(paired, other, -towardGood);
                verdict += $"; the change is itself {(towardGood < 0 ? "beyond" : "at")} the margin, so no test set will show it not worse" +
                    (row.ImagesNeeded is { } n ? $" (about {n} paired images would show it worse)" : string.Empty);
            }
            return (Inconclusive, verdict);
        }

        /// <summary>The paired images at which an interval of half-width <paramref name="half"/> on <paramref name="paired"/> images,
        /// shrinking as one over their square root, no longer reaches across <paramref name="distance"/>.</summary>
        internal static long Needed(int paired, double half, double distance) =>
            (long)Math.Ceiling(paired * (half / distance) * (half / distance) * (1 + 1e-9));

        private static string NoTest(ModelComparison? row, string metric) => row == null
            ? $"Not tested: neither model has the primary metric {metric}"
            : $"Not tested: the primary metric {metric} has no paired test here (one class only in the paired images?)";

        private static string Adjusted(IEnumerable<ModelComparison> rows) =>
            string.Join(", ", rows.Select(r => $"{r.Metric} (p = {P(r.PValue)}, adjusted {P(r.AdjustedPValue)})"));

        private static string P(double? p) => p.HasValue ? p.Value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

        private static string Signed(double? change) => change.HasValue ? change.Value.ToString("+0.0000;-0.0000;0.0000",
            CultureInfo.InvariantCulture) : "n/a";

        private static string Level(double level) => level.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
