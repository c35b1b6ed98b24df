using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>Measure-LfvEvaluation: every classification metric recomputed from the per-image predictions.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "LfvEvaluation", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(EvaluationSummary))]
    public sealed class MeasureLfvEvaluationCommand : ManifestScoringCmdlet
    {
        /// <summary>Call an image anomalous when its anomaly score is at least this, instead of the model's own prediction.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double? Threshold { get; set; }

        protected override void Emit(ScoreSet set)
        {
            var warnings = new List<string>();
            var summary = ClassificationMetrics.Summarize(set, Threshold, warnings);
            foreach (string warning in warnings) WriteWarning(warning);
            WriteObject(summary);
        }
    }
}
