using System;
using System.Collections.Generic;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Verification
{

    /// <summary>
    /// Which reported figure is checked against which recomputed one, and when they agree: within the tolerance, or
    /// both NaN (a one-class test set gives NaN on both sides, and that is agreement). A figure that was not reported
    /// is not checked.
    /// </summary>
    public static class MetricVerifier
    {
        public const double DefaultTolerance = 0.0001;
        public const string ByEvaluationResult = "EvaluationResult";
        public const string ByDescribeModel = "DescribeModel";

        /// <summary>Why the pixel figures of a local manifest whose masks are in S3 are unchecked.</summary>
        public const string UnreadableMasks = "the manifest is a local file and its masks are in S3: give -MaskRoot with a copy of the masks' bucket";

        /// <summary>The warning when a model's pixel figures cannot be checked for that reason, and how to include them.</summary>
        public static string MasksUnreadable(string model) => Segmentation.MaskPlan.Unreadable(model, "the per-label pixel metrics are not checked",
            ", or check the model from S3 (-ProjectName, or an s3:// -Path)");

        /// <summary>The rows of one model: the result file's figures, then DescribeModel's.</summary>
        public static IEnumerable<MetricCheck> Check(EvaluationSummary recomputed, EvaluationResult? result, ModelPerformance? performance,
            double tolerance)
        {
            var rows = new List<MetricCheck>();
            void Add(string metric, string by, double? reported, double value)
            {
                var row = Row(recomputed.ProjectName, recomputed.ModelVersion, metric, by, reported, value, tolerance);
                if (row != null) rows.Add(row);
            }

            if (result != null)
            {
                foreach (var metric in MetricTable.All)
                {
                    if (metric.ReportedInResult != null) Add(metric.Name, ByEvaluationResult, metric.ReportedInResult(result),
                        metric.FromSummary(recomputed));
                }
                Add("NumberOfTestingImages", ByEvaluationResult, result.NumberOfTestingImages, recomputed.Images);
            }
            if (performance != null)
            {
                foreach (var metric in MetricTable.All)
                {
                    if (metric.ReportedByDescribeModel != null) Add(metric.Name, ByDescribeModel,
                        metric.ReportedByDescribeModel(performance), metric.FromSummary(recomputed));
                }
            }
            return rows;
        }

        /// <summary>
        /// The per-label pixel metrics a result reports (PixelAnomalyClassMetrics), each against the one recomputed from
        /// the masks: precision, recall, F1 and AIOU, a row each. A label the masks never show is recomputed as NaN,
        /// and so disagrees.
        /// </summary>
        public static IEnumerable<MetricCheck> CheckPixels(string project, string version, IEnumerable<PixelClassMetric> reported,
            IEnumerable<LabelPerformance> recomputed, double tolerance)
        {
            var byName = new Dictionary<string, LabelPerformance>(StringComparer.OrdinalIgnoreCase);
            foreach (var label in recomputed) byName[label.ClassName] = label;
            var rows = new List<MetricCheck>();
            foreach (var label in reported)
            {
                byName.TryGetValue(label.ClassName, out var mine);
                void Add(string metric, double? value, double recomputedValue)
                {
                    var row = Row(project, version, metric, ByEvaluationResult, value, mine == null ? double.NaN : recomputedValue, tolerance);
                    if (row == null) return;
                    row.ClassName = label.ClassName;
                    rows.Add(row);
                }
                Add("Precision", label.Precision, mine?.Precision ?? 0);
                Add("Recall", label.Recall, mine?.Recall ?? 0);
                Add("F1Score", label.F1Score, mine?.F1Score ?? 0);
                Add("AIOU", label.AIOU, mine?.AIOU ?? 0);
            }
            return rows;
        }

        /// <summary>Why the pixel figures were not checked when the masks were looked for and none could be read.</summary>
        public const string NoMasksRead = "none of the model's masks could be read (the errors say why; -MaskRoot reads a local copy)";

        /// <summary>Why the pixel figures were not checked when nobody said.</summary>
        public const string NoMasks = "no masks of the model were measured";

        /// <summary>The reported per-label pixel figures as rows that were not checked, with the reason.</summary>
        public static IEnumerable<MetricCheck> Unchecked(string project, string version, IEnumerable<PixelClassMetric> reported,
            double tolerance, string reason)
        {
            foreach (var label in reported)
            {
                foreach (var (metric, value) in new[] { ("Precision", label.Precision), ("Recall", label.Recall), ("F1Score",
                    label.F1Score), ("AIOU", label.AIOU) })
                {
                    if (value == null) continue;
                    yield return new MetricCheck
                    {
                        ProjectName = project, ModelVersion = version, Metric = metric, ClassName = label.ClassName, ReportedBy = ByEvaluationResult,
                        Reported = value, Tolerance = tolerance, Reason = reason,
                    };
                }
            }
        }

        /// <summary>One check; null when nothing was reported.</summary>
        public static MetricCheck? Row(string project, string version, string metric, string reportedBy, double? reported,
            double recomputed, double tolerance)
        {
            if (reported == null) return null;
            bool bothNaN = double.IsNaN(reported.Value) && double.IsNaN(recomputed);
            double difference = recomputed - reported.Value;
            return new MetricCheck
            {
                ProjectName = project,
                ModelVersion = version,
                Metric = metric,
                ReportedBy = reportedBy,
                Reported = reported,
                Recomputed = recomputed,
                Difference = bothNaN ? 0.0 : difference,
                Agrees = bothNaN || Math.Abs(difference) <= tolerance,
                Tolerance = tolerance,
            };
        }

        /// <summary>
        /// The predictions of the model being verified, among those a manifest held: the set of that project and
        /// version, else the only set. Null when the manifest holds neither.
        /// </summary>
        public static ScoreSet? SetFor(IReadOnlyList<ScoreSet> sets, string project, string version)
        {
            foreach (var set in sets)
            {
                if (set.ProjectName == project && set.ModelVersion == version) return set;
            }
            return sets.Count == 1 ? sets[0] : null;
        }

        /// <summary>
        /// The rows of one case: the classification figures of its model's predictions, then the per-label pixel figures
        /// when the result reports them and masks were measured (null <paramref name="labels"/>: not measured, not checked).
        /// A manifest that holds no predictions of the model is an ArtifactException (ModelNotInManifest).
        /// </summary>
        /// <remarks>
        /// A null from <paramref name="labels"/> means the masks were not measured: each reported pixel figure is then a
        /// row with Agrees empty and <paramref name="uncheckedPixels"/> as its Reason, never a silent pass.
        /// </remarks>
        public static List<MetricCheck> Verify(VerificationCase c, IReadOnlyList<ScoreSet> sets, Func<string, string,
            IEnumerable<LabelPerformance>?> labels, double tolerance,
            string? uncheckedPixels = null)
        {
            var set = SetFor(sets, c.ProjectName, c.ModelVersion)
                ?? throw new ArtifactException(ErrorIds.ModelNotInManifest, ErrorKind.InvalidData,
                    $"The manifest '{c.ManifestLocation}' holds no predictions of " +
                        $"{c.Model}{(sets.Count > 1 ? " (it holds several models)" : string.Empty)}.");
            var summary = ClassificationMetrics.Summarize(set, null);
            var rows = new List<MetricCheck>(Check(summary, c.Result, c.Performance, tolerance));
            if (ChecksPixels(c))
            {
                var measured = labels(set.ProjectName, set.ModelVersion);
                rows.AddRange(measured != null
                    ? CheckPixels(set.ProjectName, set.ModelVersion, c.Result!.PixelAnomalyClassMetrics, measured, tolerance)
                    : Unchecked(set.ProjectName, set.ModelVersion, c.Result!.PixelAnomalyClassMetrics, tolerance, uncheckedPixels ?? NoMasks));
            }
            return rows;
        }

        /// <summary>Whether a case's pixel figures are to be checked: its result reports them.</summary>
        public static bool ChecksPixels(VerificationCase c) => c.Result != null && c.Result.PixelAnomalyClassMetrics.Count > 0;
    }

}
