using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Statistics;

namespace LookoutMetrics.Comparison
{
    /// <summary>
    /// Two segmentation models' figures of one label on the same images: the change of pixel precision, recall, F1 and AIOU, each
    /// tested by a paired bootstrap over the images (both models measured on the same draw, seeded), its interval the order
    /// statistics of the same replicates, and the comparison's decision as for classification (<see cref="ComparisonVerdict"/>).
    /// </summary>
    public static class SegmentationComparer
    {
        /// <summary>The figures compared, in the order of the rows.</summary>
        public static readonly IReadOnlyList<string> Metrics = new[] { "Precision", "Recall", "F1Score", "AIOU" };

        /// <summary>Whether a record is a label's row that keeps its images (from Measure-LfvSegmentation).</summary>
        public static bool IsLabel(object? o) => o is LabelPerformance;

        /// <summary>Each label of <paramref name="difference"/> compared with the reference's label of the same name (case aside); a
        /// label the reference lacks is one warning.</summary>
        public static List<ModelComparison> CompareLabels(IReadOnlyList<LabelPerformance> reference, LabelPerformance difference,
            ComparisonOptions options, ICollection<string>? warnings)
        {
            var match = reference.FirstOrDefault(r => string.Equals(r.ClassName, difference.ClassName, StringComparison.OrdinalIgnoreCase));
            if (match == null)
            {
                string other = reference.Count > 0 ? Name(reference[0]) : "the reference";
                warnings?.Add($"{Name(difference)} has the label '{difference.ClassName}', which {other} has not: it is not compared.");
                return new List<ModelComparison>();
            }
            return Compare(match, difference, options, warnings);
        }

        public static List<ModelComparison> Compare(LabelPerformance a, LabelPerformance b, ComparisonOptions options, ICollection<string>? warnings)
        {
            string nameA = Name(a), nameB = Name(b);
            if (nameA == nameB) (nameA, nameB) = (nameA + " (reference)", nameB + " (difference)");
            var rows = Metrics.Select(m => new ModelComparison
            {
                Metric = m,
                ClassName = a.ClassName,
                ReferenceModel = nameA,
                DifferenceModel = nameB,
                ReferenceValue = Value(a, m),
                DifferenceValue = Value(b, m),
                Change = Value(b, m) - Value(a, m),
                Better = ModelComparer.Better(Value(b, m) - Value(a, m), higherIsBetter: true),
                IsPrimary = m == options.Primary,
            }).ToList();
            LabelImages? imagesA = LabelImages.Of(a), imagesB = LabelImages.Of(b);
            string? untested = imagesA == null || imagesB == null
                ? $"Not tested: {(imagesA == null ? nameA : nameB)} has no per-image counts (compare the rows Measure-LfvSegmentation writes)"
                : null;
            var paired = untested == null ? imagesA!.Measured.Where(k => imagesB!.Measured.Contains(k)).ToArray() : Array.Empty<ulong>();
            if (untested == null && paired.Length == 0) untested = "Not tested: no image was measured for both models";
            if (untested != null)
            {
                foreach (var row in rows) row.Test = untested;
            }
            else
            {
                int onlyA = imagesA!.Measured.Count - paired.Length, onlyB = imagesB!.Measured.Count - paired.Length;
                if ((onlyA > 0 || onlyB > 0) && warnings != null)
                    warnings.Add($"{nameA} and {nameB} were measured on different images: {paired.Length} are in both, {onlyA} only in " +
                        $"{nameA}'s and {onlyB} only in {nameB}'s. The '{a.ClassName}' tests use the {paired.Length} paired images.");
                var countsA = paired.Select(imagesA.Of).ToArray();
                var countsB = paired.Select(imagesB.Of).ToArray();
                var replicates = Replicates(countsA, countsB, options);
                for (int m = 0; m < rows.Count; m++)
                {
                    rows[m].Test = $"Paired bootstrap over images, {options.Samples} replicates";
                    rows[m].PairedImages = paired.Length;
                    double p = Inference.BootstrapPValue(replicates[m]);
                    if (double.IsNaN(p)) continue;
                    rows[m].PValue = p;
                    rows[m].ChangeInterval = ChangeIntervals.Bootstrap(replicates[m], options.ConfidenceLevel);
                }
            }
            ComparisonVerdict.Decide(rows, untested, paired.Length, options);
            foreach (var row in rows) row.Verdict = $"'{a.ClassName}': " + row.Verdict;
            return rows;
        }

        /// <summary>B - A of each figure over replicates that draw the paired images with replacement, both models on each draw.</summary>
        private static double[][] Replicates(PixelCounts[] a, PixelCounts[] b, ComparisonOptions options)
        {
            var result = Metrics.Select(_ => new double[options.Samples]).ToArray();
            int n = a.Length;
            Parallel.For(0, options.Samples, Bootstrap.Cancellable(options.Cancel), r =>
            {
                var random = RandomSource.ForReplicate(options.Seed, r);
                var fa = new Figures();
                var fb = new Figures();
                for (int k = 0; k < n; k++)
                {
                    int i = random.NextInt(n);
                    fa.Add(a[i]);
                    fb.Add(b[i]);
                }
                for (int m = 0; m < Metrics.Count; m++) result[m][r] = fb.Of(Metrics[m]) - fa.Of(Metrics[m]);
            });
            return result;
        }

        /// <summary>One model's pooled pixels and per-image IoUs over a draw, as SegmentationMetrics measures a test set.</summary>
        private sealed class Figures
        {
            private long _tp, _fp, _fn, _withLabel;
            private double _iouSum;

            public void Add(PixelCounts c)
            {
                _tp += c.Tp;
                _fp += c.Fp;
                _fn += c.Fn;
                if (c.Tp + c.Fn > 0)
                {
                    _withLabel++;
                    _iouSum += (double)c.Tp / (c.Tp + c.Fp + c.Fn);
                }
            }

            public double Of(string metric) => metric switch
            {
                "Precision" => LookoutMetrics.Metrics.ClassificationMetrics.Ratio(_tp, _tp + _fp),
                "Recall" => LookoutMetrics.Metrics.ClassificationMetrics.Ratio(_tp, _tp + _fn),
                "F1Score" => LookoutMetrics.Metrics.ClassificationMetrics.Ratio(2 * _tp, 2 * _tp + _fp + _fn),
                _ => _withLabel == 0 ? double.NaN : _iouSum / _withLabel,
            };
        }

        private static double Value(LabelPerformance l, string metric) => metric switch
        {
            "Precision" => l.Precision,
            "Recall" => l.Recall,
            "F1Score" => l.F1Score,
            _ => l.AIOU,
        };

        private static string Name(LabelPerformance l) => (l.ProjectName + " " + l.ModelVersion).Trim();
    }
}
