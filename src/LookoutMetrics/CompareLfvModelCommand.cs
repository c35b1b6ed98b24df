using System;
using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.Comparison;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Compare-LfvModel: two model versions side by side, one row per metric, with the change and which is better.
    /// The metrics and the which-is-better rule are <see cref="ModelComparer"/>'s.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LfvModel")]
    [OutputType(typeof(ModelComparison))]
    public sealed class CompareLfvModelCommand : PSCmdlet
    {
        /// <summary>The model version compared against: a ModelPerformance, EvaluationResult or EvaluationSummary.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public PSObject ReferenceObject { get; set; } = null!;

        /// <summary>The model versions compared with the reference; from the pipeline too.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[] DifferenceObject { get; set; } = null!;

        /// <summary>A difference is significant when its p-value is below this.</summary>
        [Parameter]
        [ValidateRange(0.0001, 0.5)]
        public double SignificanceLevel { get; set; } = 0.05;

        /// <summary>Replicates of the paired bootstrap (Precision, F1Score, AveragePrecision).</summary>
        [Parameter]
        [ValidateRange(100, 1000000)]
        public int BootstrapSamples { get; set; } = Statistics.Bootstrap.DefaultSamples;

        /// <summary>The paired bootstrap's seed: the same summaries and seed always give the same p-values.</summary>
        [Parameter]
        public int Seed { get; set; } = (int)Statistics.Bootstrap.DefaultSeed;

        protected override void ProcessRecord()
        {
            if (!ModelComparer.HasAnyMetric(Metric(ReferenceObject)))
            {
                ThrowTerminatingError(NotAModel(ReferenceObject, "-ReferenceObject"));
            }
            foreach (var difference in DifferenceObject)
            {
                if (!ModelComparer.HasAnyMetric(Metric(difference)))
                {
                    WriteError(NotAModel(difference, "-DifferenceObject"));
                    continue;
                }
                var warnings = new List<string>();
                var options = new ComparisonOptions { SignificanceLevel = SignificanceLevel, Samples = BootstrapSamples, Seed = (ulong)(uint)Seed };
                var rows = ModelComparer.Compare(ModelName(ReferenceObject), Metric(ReferenceObject), Images(ReferenceObject),
                    ModelName(difference), Metric(difference), Images(difference), options, warnings);
                foreach (string warning in warnings) WriteWarning(warning);
                foreach (var row in rows) WriteObject(row);
            }
        }

        /// <summary>A metric of any object by property name: the module's own types, or rows imported from CSV.</summary>
        private static Func<string, double?> Metric(PSObject o) => name =>
        {
            var value = o.Properties[name]?.Value;
            return ModelComparer.AsNumber(value is PSObject p ? p.BaseObject : value);
        };

        /// <summary>The per-image data of a summary computed from a manifest; null for anything else.</summary>
        private static Metrics.SummaryImages? Images(PSObject o) => o.BaseObject is EvaluationSummary s ? Metrics.SummaryImages.Of(s) : null;

        private static string ModelName(PSObject o)
        {
            string project = o.Properties["ProjectName"]?.Value?.ToString() ?? string.Empty;
            string version = o.Properties["ModelVersion"]?.Value?.ToString() ?? string.Empty;
            string name = (project + " " + version).Trim();
            return name.Length > 0 ? name : o.ToString();
        }

        private static ErrorRecord NotAModel(PSObject o, string parameter) => new ErrorRecord(
            new ArgumentException($"{parameter} has no metrics to compare. Give a ModelPerformance (Get-LfvModelPerformance), an EvaluationResult (Get-LfvEvaluationResult) or an EvaluationSummary (Measure-LfvEvaluation)."),
            "NotAModel", ErrorCategory.InvalidArgument, o);
    }
}
