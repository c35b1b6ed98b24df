using System;
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
                foreach (var row in ModelComparer.Compare(ModelName(ReferenceObject), Metric(ReferenceObject), ModelName(difference), Metric(difference)))
                    WriteObject(row);
            }
        }

        /// <summary>A metric of any object by property name: the module's own types, or rows imported from CSV.</summary>
        private static Func<string, double?> Metric(PSObject o) => name =>
        {
            var value = o.Properties[name]?.Value;
            return ModelComparer.AsNumber(value is PSObject p ? p.BaseObject : value);
        };

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
