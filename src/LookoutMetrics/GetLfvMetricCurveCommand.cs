using System.Management.Automation;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvMetricCurve: the precision-recall and ROC curve points behind average precision and ROC AUC.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvMetricCurve", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(MetricCurvePoint))]
    public sealed class GetLfvMetricCurveCommand : ManifestScoringCmdlet
    {
        protected override void Emit(ScoreSet set)
        {
            if (set.Positives == 0 || set.Negatives == 0)
                WriteWarning($"{set.ProjectName} {set.ModelVersion}: the test set holds one class only, so the ROC curve (false positive rate against recall) is not defined on one of its axes.");
            foreach (var point in ClassificationMetrics.Curve(set)) WriteObject(point);
        }
    }
}
