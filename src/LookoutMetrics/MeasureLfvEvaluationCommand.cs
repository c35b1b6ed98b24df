using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>Measure-LfvEvaluation: every classification metric recomputed from the per-image predictions.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "LfvEvaluation", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(EvaluationSummary))]
    public sealed class MeasureLfvEvaluationCommand : ManifestCmdlet
    {
        private readonly ScoreSetCollection _sets = new ScoreSetCollection();

        /// <summary>Evaluation results, usually from Get-LfvEvaluationResult: the evaluation manifest beside each is read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public override EvaluationResult[]? EvaluationResult { get; set; }

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        /// <summary>
        /// Call an image anomalous when its anomaly score is at least this, instead of the model's own prediction. Any
        /// finite number: a successor's scores (an anomalib CSV's) need not lie in 0..1.
        /// </summary>
        [Parameter]
        [ValidateRange(double.MinValue, double.MaxValue)]
        public double? Threshold { get; set; }

        /// <summary>The confidence level of the intervals.</summary>
        [Parameter]
        [ValidateConfidenceLevel]
        public double ConfidenceLevel { get; set; } = StatisticsParameters.DefaultConfidenceLevel;

        /// <summary>Bootstrap replicates of the F1 and average precision intervals.</summary>
        [Parameter]
        [ValidateBootstrapSamples]
        public int BootstrapSamples { get; set; } = StatisticsParameters.DefaultBootstrapSamples;

        /// <summary>The bootstrap's seed: the same input and seed always give the same intervals.</summary>
        [Parameter]
        public int Seed { get; set; } = StatisticsParameters.DefaultSeed;

        /// <summary>Leave the confidence intervals out.</summary>
        [Parameter]
        public SwitchParameter NoInterval { get; set; }

        protected override void Process()
        {
            foreach (var image in Images(InputObject)) _sets.Add(image);
        }

        protected override void End()
        {
            foreach (var set in _sets.Sets)
            {
                ThrowIfStopping();
                var warnings = new List<string>();
                var intervals = NoInterval ? null : new IntervalOptions { Level = ConfidenceLevel, Samples = BootstrapSamples,
                    Seed = (ulong)(uint)Seed, Cancel = CancelToken };
                var summary = Stoppable(() => ClassificationMetrics.Summarize(set, Threshold, warnings, intervals));
                (summary.LinesLeftOut, summary.LeftOutReason) = Manifests.Problems.For(set.Sources);
                if (summary.LinesLeftOut > 0) warnings.Add(DataProblemTally.Warning($"{set.ProjectName} " +
                    $"{set.ModelVersion}", summary.LinesLeftOut, "manifest lines", summary.LeftOutReason, set.Count, "images"));
                foreach (string warning in warnings) WriteItemWarning(warning);
                WriteObject(summary);
            }
            base.End();
        }
    }
}
