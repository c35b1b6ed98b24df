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

        /// <summary>Evaluation results, usually from Get-LfvEvaluationResult: the evaluation manifest beside each is read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public override EvaluationResult[]? EvaluationResult { get; set; }

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        /// <summary>What one false alarm costs; with -FalseNegativeCost, each point gets a Cost and the cheapest IsLowestCost.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double? FalsePositiveCost { get; set; }

        /// <summary>What one missed defect costs.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double? FalseNegativeCost { get; set; }

        /// <summary>The least recall acceptable: IsBestAtRecall marks the most precise point that reaches it.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double? MinimumRecall { get; set; }

        /// <summary>Also choose each marked point's threshold on k-1 folds of the images and measure it on the one held out, k times.</summary>
        [Parameter]
        [ValidateRange(2, 100)]
        public int? Folds { get; set; }

        /// <summary>The seed of the folds' order (with -Folds).</summary>
        [Parameter]
        public int Seed { get; set; } = StatisticsParameters.DefaultSeed;

        protected override void Process()
        {
            foreach (var image in Images(InputObject)) _sets.Add(image);
        }

        protected override void End()
        {
            foreach (var set in _sets.Sets)
            {
                ThrowIfStopping();
                var points = ClassificationMetrics.Curve(set, FalsePositiveCost, FalseNegativeCost, MinimumRecall);
                if (Folds.HasValue) CrossValidation.Validate(set, points, FalsePositiveCost, FalseNegativeCost, MinimumRecall, Folds.Value,
                    (ulong)(uint)Seed);
                foreach (string warning in ClassificationMetrics.CurveWarnings(set, points, MinimumRecall)) WriteItemWarning(warning);
                foreach (var point in points) WriteObject(point);
            }
            base.End();
        }
    }
}
