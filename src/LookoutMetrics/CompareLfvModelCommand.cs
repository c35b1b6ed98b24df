using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LookoutMetrics.Comparison;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Compare-LfvModel: two model versions side by side, one row per metric, with the change, its interval, the
    /// paired tests and the decision. The metrics, the tests and the decision are <see cref="ModelComparer"/>'s and
    /// <see cref="ComparisonVerdict"/>'s.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LfvModel")]
    [OutputType(typeof(ModelComparison), typeof(ImageComparison))]
    public sealed class CompareLfvModelCommand : LfvCmdlet
    {
        /// <summary>The model version compared against: a ModelPerformance, EvaluationResult or EvaluationSummary.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public PSObject ReferenceObject { get; set; } = null!;

        /// <summary>The model versions compared with the reference; from the pipeline too.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[] DifferenceObject { get; set; } = null!;

        /// <summary>A difference is significant when its Holm-adjusted p-value (the primary metric's raw p) is below this.</summary>
        [Parameter]
        [ValidateRange(0.0001, 0.5)]
        public double SignificanceLevel { get; set; } = 0.05;

        /// <summary>The one metric, chosen before the comparison, that decides it at its raw p.</summary>
        [Parameter]
        [ValidateMetric]
        [ArgumentCompleter(typeof(MetricCompleter))]
        public string? PrimaryMetric { get; set; }

        /// <summary>Asks whether the second model is worse than the first by more than this on the primary metric (F1Score unless
        /// -PrimaryMetric).</summary>
        [Parameter]
        [ValidateRange(0.0, 1000000.0)]
        public double? NonInferiorityMargin { get; set; }

        /// <summary>The level of each row's ChangeInterval.</summary>
        [Parameter]
        [ValidateConfidenceLevel]
        public double ConfidenceLevel { get; set; } = StatisticsParameters.DefaultConfidenceLevel;

        /// <summary>Replicates of the paired bootstrap (the intervals of every change; the p-values of Precision, F1Score,
        /// AveragePrecision).</summary>
        [Parameter]
        [ValidateBootstrapSamples]
        public int BootstrapSamples { get; set; } = StatisticsParameters.DefaultBootstrapSamples;

        /// <summary>The paired bootstrap's seed: the same summaries and seed always give the same p-values.</summary>
        [Parameter]
        public int Seed { get; set; } = StatisticsParameters.DefaultSeed;

        /// <summary>Writes one ImageComparison per image the two versions classify differently, instead of the metric rows.</summary>
        [Parameter]
        public SwitchParameter PerImage { get; set; }

        protected override void Process()
        {
            var labels = Labels(ReferenceObject);
            if (labels == null && !ModelComparer.HasAnyMetric(Metric(ReferenceObject)))
            {
                ThrowTerminatingError(ErrorRecords.NotAModel(ReferenceObject, "-ReferenceObject"));
            }
            var options = new ComparisonOptions
            {
                SignificanceLevel = SignificanceLevel,
                Samples = BootstrapSamples,
                Seed = (ulong)(uint)Seed,
                ConfidenceLevel = ConfidenceLevel,
                PrimaryMetric = PrimaryMetric,
                NonInferiorityMargin = NonInferiorityMargin,
                Cancel = CancelToken,
            };
            foreach (var difference in DifferenceObject)
            {
                bool label = labels != null && difference.BaseObject is LabelPerformance;
                if (!label && (labels != null || !ModelComparer.HasAnyMetric(Metric(difference))))
                {
                    WriteItemError(ErrorRecords.NotAModel(difference, "-DifferenceObject"));
                    continue;
                }
                var (referenceName, differenceName) = ModelNames(ReferenceObject, difference);
                if (PerImage && !label)
                {
                    var (a, b) = (Images(ReferenceObject), Images(difference));
                    if (a == null || b == null) WriteItemError(ErrorRecords.NoPerImageData(a == null ? ReferenceObject : difference,
                        a == null ? referenceName : differenceName));
                    else foreach (var image in ImageComparisons.Of(referenceName, a, differenceName, b)) WriteObject(image);
                    continue;
                }
                var warnings = new List<string>();
                var rows = Stoppable(() => label ? SegmentationComparer.CompareLabels(labels!, (LabelPerformance)difference.BaseObject, options,
                    warnings) : ModelComparer.Compare(referenceName, Metric(ReferenceObject), Images(ReferenceObject), differenceName,
                    Metric(difference), Images(difference), options, warnings));
                foreach (string warning in warnings) WriteItemWarning(warning);
                foreach (var row in rows) WriteObject(row);
            }
        }

        /// <summary>Two segmentation models' per-label rows (Measure-LfvSegmentation): the reference's labels; null for anything else.</summary>
        private static List<LabelPerformance>? Labels(PSObject o)
        {
            var items = o.BaseObject is object[] many ? many : new[] { o.BaseObject };
            var labels = items.Select(x => x is PSObject p ? p.BaseObject : x).OfType<LabelPerformance>().ToList();
            return labels.Count > 0 && labels.Count == items.Length ? labels : null;
        }

        /// <summary>
        /// A metric of any object: a summary's as MetricTable reads it, else by property name (the module's other types, or
        /// rows imported from CSV).
        /// </summary>
        private static Func<string, double?> Metric(PSObject o) => name =>
        {
            if (o.BaseObject is EvaluationSummary summary) return Metrics.MetricTable.Find(name)?.FromSummary(summary);
            var value = o.Properties[name]?.Value;
            return ModelComparer.AsNumber(value is PSObject p ? p.BaseObject : value);
        };

        /// <summary>The per-image data of a summary computed from a manifest; null for anything else.</summary>
        private static Metrics.SummaryImages? Images(PSObject o) => o.BaseObject is EvaluationSummary s ? Metrics.SummaryImages.Of(s) : null;

        /// <summary>"project version"; a model compared with itself is named with each side's threshold.</summary>
        private static (string, string) ModelNames(PSObject a, PSObject b)
        {
            string nameA = ModelName(a), nameB = ModelName(b);
            if (nameA != nameB) return (nameA, nameB);
            return (nameA + " " + ModelComparer.ThresholdLabel(Threshold(a)), nameB + " " + ModelComparer.ThresholdLabel(Threshold(b)));
        }

        private static double? Threshold(PSObject o) => o.BaseObject is EvaluationSummary s ? s.Threshold : null;

        private static string ModelName(PSObject o)
        {
            string project = o.Properties["ProjectName"]?.Value?.ToString() ?? string.Empty;
            string version = o.Properties["ModelVersion"]?.Value?.ToString() ?? string.Empty;
            string name = (project + " " + version).Trim();
            return name.Length > 0 ? name : o.ToString();
        }
    }
}
