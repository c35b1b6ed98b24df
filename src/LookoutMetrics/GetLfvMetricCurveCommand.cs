using System.Management.Automation;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvMetricCurve: the precision-recall and ROC curve points behind average precision and ROC AUC.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvMetricCurve", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(MetricCurvePoint))]
    public sealed class GetLfvMetricCurveCommand : ManifestCmdlet
    {
        private readonly ScoreSetCollection _sets = new ScoreSetCollection();

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        protected override void ProcessRecord()
        {
            foreach (var image in Images(InputObject))
            {
                if (image != null) _sets.Add(image);
            }
        }

        protected override void EndProcessing()
        {
            foreach (var set in _sets.Sets)
            {
                ThrowIfStopping();
                if (set.Positives == 0 || set.Negatives == 0)
                    WriteWarning($"{set.ProjectName} {set.ModelVersion}: the test set holds one class only, so the ROC curve (false positive rate against recall) is not defined on one of its axes.");
                foreach (var point in ClassificationMetrics.Curve(set)) WriteObject(point);
            }
            base.EndProcessing();
        }
    }
}
