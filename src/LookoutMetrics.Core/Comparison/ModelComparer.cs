using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;

namespace LookoutMetrics.Comparison
{
    /// <summary>
    /// Two model versions side by side: the metrics compared, which direction is better for each, and the rule that
    /// names the better one. Values come through a lookup so that any object with the metric properties can be
    /// compared (ModelPerformance, EvaluationResult, EvaluationSummary, or a row imported from CSV).
    /// </summary>
    public static class ModelComparer
    {
        /// <summary>Below this a change is rounding, and the two are Equal.</summary>
        public const double EqualWithin = 1e-12;

        public static bool HasAnyMetric(Func<string, double?> value)
        {
            foreach (string name in MetricTable.Names)
            {
                if (value(name) != null) return true;
            }
            return false;
        }

        /// <summary>
        /// One row per metric that either side has. When both sides keep their per-image data (summaries from
        /// manifests), their images are paired by source-ref and each row gets its paired test, its Holm-adjusted p and
        /// the interval of its change; every row carries the pair's decision and verdict (<see cref="ComparisonVerdict"/>).
        /// </summary>
        public static List<ModelComparison> Compare(string referenceName, Func<string, double?> reference, SummaryImages? referenceImages,
            string differenceName, Func<string, double?> difference, SummaryImages? differenceImages, ComparisonOptions options,
                ICollection<string>? warnings)
        {
            var rows = new List<ModelComparison>();
            foreach (var metric in MetricTable.All)
            {
                string name = metric.Name;
                double? a = reference(name), b = difference(name);
                if (a == null && b == null) continue;
                var row = new ModelComparison
                {
                    Metric = name,
                    ReferenceModel = referenceName,
                    DifferenceModel = differenceName,
                    ReferenceValue = a,
                    DifferenceValue = b,
                    IsPrimary = name == options.Primary,
                };
                if (a.HasValue && b.HasValue && !double.IsNaN(a.Value) && !double.IsNaN(b.Value))
                {
                    double change = b.Value - a.Value;
                    row.Change = change;
                    row.Better = Better(change, metric.HigherIsBetter);
                }
                rows.Add(row);
            }

            string? untested = referenceImages == null || differenceImages == null
                ? $"Not tested: {(referenceImages == null ? referenceName : differenceName)} has no per-image data (compare summaries " +
                    $"from Measure-LfvEvaluation)"
                : null;
            Pairing? pairing = null;
            if (untested == null)
            {
                pairing = Pairing.Of(referenceImages!, differenceImages!);
                if (pairing.Images.Count == 0) untested = "Not tested: no image is in both test sets";
                else Warn(pairing, referenceName, differenceName, warnings);
            }
            if (untested != null)
            {
                foreach (var row in rows) row.Test = untested;
            }
            var decidedBy = untested == null ? TestRows(rows, pairing!.Images, options) : null;
            ComparisonVerdict.Decide(rows, untested, pairing?.Images.Count ?? 0, options);
            if (decidedBy is { } small)
            {
                warnings?.Add($"{referenceName} and {differenceName}: {small.Warning}");
                foreach (var row in rows) row.Verdict += (row.Verdict.EndsWith(".", StringComparison.Ordinal) ? " " : ". ") + small.Verdict;
            }
            return rows;
        }

        /// <summary>
        /// Each row's paired test and the interval of its change, all bootstrap intervals from one set of replicates. Where a class
        /// has fewer than <see cref="PairedPermutation.SmallClass"/> paired images, or a row's bootstrap replicates or DeLong
        /// variance do not vary, the bootstrap and DeLong rows are tested by <see cref="PairedPermutation"/> instead; what decided
        /// them is returned as a warning and as a sentence for the verdict (null when nothing was).
        /// </summary>
        private static (string Warning, string Verdict)? TestRows(List<ModelComparison> rows, PairedImages paired, ComparisonOptions options)
        {
            var replicates = paired.BootstrapDifferences(options.Samples, options.Seed, options.Cancel);
            long anomalies = 0;
            foreach (bool anomalous in paired.Anomalous) if (anomalous) anomalies++;
            long normal = paired.Count - anomalies;
            bool small = Math.Min(anomalies, normal) < PairedPermutation.SmallClass;
            // Two models that predict every image alike need no permutation: every test says no change, truly.
            var differing = PairedPermutation.DifferingImages(paired);
            bool alike = differing.Count == 0;
            PairedPermutation? permutation = null;
            var permuted = new List<string>();
            bool degenerate = false;
            foreach (var row in rows)
            {
                var metric = MetricTable.Get(row.Metric);
                var (p, interval, flat) = TestAndInterval(metric, paired, replicates.Of(row.Metric), options.ConfidenceLevel);
                row.Test = metric.TestName(options.Samples);
                if ((small || flat) && !alike && !double.IsNaN(p) && (metric.Test == PairedTest.DeLong || metric.Test == PairedTest.Bootstrap))
                {
                    permutation ??= PairedPermutation.Run(paired, differing, options.Seed, options.Cancel);
                    (p, interval) = permutation.Of(metric.Name, options.ConfidenceLevel, metric.IsRate);
                    row.Test = permutation.TestName;
                    permuted.Add(metric.Name);
                    degenerate |= flat && !small;
                }
                row.PairedImages = paired.Count;
                if (!double.IsNaN(interval.Lower)) row.ChangeInterval = interval;
                if (double.IsNaN(p)) continue; // one class only: nothing to test
                row.PValue = p;
            }
            if (permutation == null) return null;
            string why = small
                ? $"the bootstrap and DeLong's normal approximation break down below {PairedPermutation.SmallClass} images of a class"
                : $"{(permuted.Count == 1 ? "its" : "their")} bootstrap replicates or DeLong's variance did not vary";
            string how = permutation.Exact ? $"an exact paired permutation test over all {permutation.Patterns} patterns of swaps"
                : $"a paired permutation test over {PairedPermutation.RandomPatterns} seeded random patterns of swaps";
            string rowsWere = $"{Join(permuted)} {(permuted.Count == 1 ? "was" : "were")}";
            return ($"{anomalies} anomalous and {normal} normal paired images decided it: {rowsWere} tested by {how}, since {why}; " +
                $"{(permuted.Count == 1 ? "its interval is" : "their intervals are")} approximate" +
                (small ? ", and a test set this small shows only large changes." : "."),
                $"Decided on {anomalies} anomalous and {normal} normal paired images; {rowsWere} tested by " +
                $"{(permutation.Exact ? "an exact" : "a")} " +
                "paired permutation test (intervals approximate)");
        }

        private static string Join(List<string> names) => names.Count <= 1 ? string.Join(string.Empty, names)
            : string.Join(", ", names.GetRange(0, names.Count - 1)) + " and " + names[names.Count - 1];

        /// <summary>The method of a bootstrap row's ChangeInterval.</summary>
        public const string PairedBootstrap = ChangeIntervals.PairedBootstrap;

        /// <summary>A row's p and its ChangeInterval, both from the row's own test (<see cref="ChangeIntervals"/>), so that the two agree:
        /// McNemar's on the discordant pairs of the row's images, DeLong's from one variance, the bootstrap's from one set of
        /// replicates; <c>Flat</c> where DeLong's variance is 0 or every replicate is the same (a test that cannot be trusted).</summary>
        private static (double P, ConfidenceInterval Interval, bool Flat) TestAndInterval(MetricDefinition metric, PairedImages paired,
            double[] replicates, double level)
        {
            switch (metric.Test)
            {
                case PairedTest.McNemarAll:
                case PairedTest.McNemarAnomalies:
                case PairedTest.McNemarNormal:
                    Func<int, bool> include = metric.Test == PairedTest.McNemarAll ? _ => true
                        : metric.Test == PairedTest.McNemarAnomalies ? i => paired.Anomalous[i] : i => !paired.Anomalous[i];
                    var (b, c) = paired.Discordant(include);
                    long total = 0;
                    for (int i = 0; i < paired.Count; i++) if (include(i)) total++;
                    return (Inference.McNemarExact(b, c), ChangeIntervals.McNemar(b, c, total, count: !metric.IsRate, level), false);
                case PairedTest.DeLong:
                    var (aucA, aucB, variance) = DeLong.Paired(paired.ScoreA, paired.ScoreB, paired.Anomalous);
                    return (DeLong.PValue(aucA, aucB, variance), ChangeIntervals.DeLong(aucB - aucA, variance, level), !(variance > 0));
                default:
                    double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
                    foreach (double r in replicates)
                    {
                        if (double.IsNaN(r)) continue;
                        lowest = Math.Min(lowest, r);
                        highest = Math.Max(highest, r);
                    }
                    return (Inference.BootstrapPValue(replicates), ChangeIntervals.Bootstrap(replicates, level), !(highest - lowest > 1e-12));
            }
        }

        private static void Warn(Pairing pairing, string a, string b, ICollection<string>? warnings)
        {
            if (warnings == null) return;
            if (pairing.OnlyInReference > 0 || pairing.OnlyInDifference > 0)
                warnings.Add($"{a} and {b} were tested on different images: {pairing.Images.Count} are in both, {pairing.OnlyInReference} " +
                    $"only in {a}'s test set and {pairing.OnlyInDifference} only in {b}'s. The tests use the {pairing.Images.Count} paired images.");
            if (pairing.LabelConflicts > 0)
                warnings.Add($"{pairing.LabelConflicts} images have different ground truth in {a} and {b}; they are left out of the tests.");
        }

        /// <summary>A metric's name as the comparison spells it ("averageprecision" is AveragePrecision); other text as it is.</summary>
        public static string? CanonicalMetric(string? name) => MetricTable.Find(name)?.Name ?? name;

        /// <summary>Whether a higher value of the metric is better (false for FalsePositives and FalseNegatives).</summary>
        public static bool HigherIsBetter(string metric) => MetricTable.Get(metric).HigherIsBetter;

        /// <summary>How a model compared with itself is told apart: "(threshold 0.8)", or "(its own threshold)" for its predictions as
        /// made.</summary>
        public static string ThresholdLabel(double? threshold) => threshold.HasValue
            ? "(threshold " + threshold.Value.ToString("0.######", CultureInfo.InvariantCulture) + ")"
            : "(its own threshold)";

        /// <summary>"Equal", "Difference" (the second is better) or "Reference".</summary>
        public static string Better(double change, bool higherIsBetter) =>
            Math.Abs(change) < EqualWithin ? "Equal" : (change > 0) == higherIsBetter ? "Difference" : "Reference";

        /// <summary>A property value as a metric: numbers, and text that holds an invariant-culture number (CSV imports).</summary>
        public static double? AsNumber(object? value) => value switch
        {
            null => null,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>What paired tests are run with, and what question the verdict answers.</summary>
    public sealed class ComparisonOptions
    {
        public double SignificanceLevel { get; set; } = 0.05;
        public int Samples { get; set; } = Bootstrap.DefaultSamples;
        public ulong Seed { get; set; } = Bootstrap.DefaultSeed;

        /// <summary>The level of every ChangeInterval.</summary>
        public double ConfidenceLevel { get; set; } = 0.95;

        /// <summary>The metric chosen before the comparison to decide it, at its raw p; null for Holm over every test.</summary>
        public string? PrimaryMetric { get; set; }

        /// <summary>With a margin: is the second model worse than the first by more than this, on the primary metric?</summary>
        public double? NonInferiorityMargin { get; set; }

        /// <summary>The metric that decides: -PrimaryMetric, or F1Score when only a margin is given.</summary>
        public string? Primary => ModelComparer.CanonicalMetric(PrimaryMetric) ?? (NonInferiorityMargin.HasValue ? "F1Score" : null);

        /// <summary>Ctrl+C: ends the bootstrap between replicates.</summary>
        public System.Threading.CancellationToken Cancel { get; set; }
    }

    /// <summary>Two summaries' images paired by source-ref, each at its own summary's predictions.</summary>
    public sealed class Pairing
    {
        private Pairing(PairedImages images, int[] indexA, int[] indexB, int onlyInReference, int onlyInDifference, int labelConflicts)
        {
            Images = images;
            IndexA = indexA;
            IndexB = indexB;
            OnlyInReference = onlyInReference;
            OnlyInDifference = onlyInDifference;
            LabelConflicts = labelConflicts;
        }

        public PairedImages Images { get; }

        /// <summary>Each paired image's place in the first summary's set, and in the second's.</summary>
        public int[] IndexA { get; }
        public int[] IndexB { get; }

        public int OnlyInReference { get; }
        public int OnlyInDifference { get; }
        public int LabelConflicts { get; }

        public static Pairing Of(SummaryImages a, SummaryImages b)
        {
            var indexOfB = new Dictionary<ulong, int>(b.Set.Count);
            for (int j = 0; j < b.Set.Count; j++)
            {
                if (!indexOfB.ContainsKey(b.Set.Key(j))) indexOfB.Add(b.Set.Key(j), j);
            }
            var anomalous = new List<bool>();
            var predA = new List<bool>();
            var predB = new List<bool>();
            var scoreA = new List<double>();
            var scoreB = new List<double>();
            var used = new HashSet<int>();
            var indexA = new List<int>();
            var indexB = new List<int>();
            int onlyA = 0, conflicts = 0;
            for (int i = 0; i < a.Set.Count; i++)
            {
                if (!indexOfB.TryGetValue(a.Set.Key(i), out int j) || !used.Add(j))
                {
                    onlyA++;
                    continue;
                }
                if (a.Set.IsAnomaly(i) != b.Set.IsAnomaly(j))
                {
                    conflicts++;
                    continue;
                }
                anomalous.Add(a.Set.IsAnomaly(i));
                predA.Add(a.IsPredictedAnomaly(i));
                predB.Add(b.IsPredictedAnomaly(j));
                scoreA.Add(a.Set.Score(i));
                scoreB.Add(b.Set.Score(j));
                indexA.Add(i);
                indexB.Add(j);
            }
            int onlyB = b.Set.Count - used.Count;
            return new Pairing(new PairedImages(anomalous.ToArray(), predA.ToArray(), predB.ToArray(), scoreA.ToArray(), scoreB.ToArray()),
                indexA.ToArray(), indexB.ToArray(), onlyA, onlyB, conflicts);
        }
    }
}
