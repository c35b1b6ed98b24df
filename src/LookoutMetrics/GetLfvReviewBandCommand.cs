using System.Management.Automation;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Get-LfvReviewBand: the two thresholds that send the fewest test images to a person within a miss rate and a false-alarm
    /// rate, as the edge application's human-review band (ModelConfidenceThresholds).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LfvReviewBand", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ReviewBand))]
    public sealed class GetLfvReviewBandCommand : ManifestCmdlet
    {
        private readonly ScoreSetCollection _sets = new ScoreSetCollection();

        /// <summary>Evaluation results, usually from Get-LfvEvaluationResult: the evaluation manifest beside each is read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public override EvaluationResult[]? EvaluationResult { get; set; }

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest or Import-LfvPrediction.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        /// <summary>The largest share of the anomalies that may pass without a person seeing them.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double MaximumMissRate { get; set; }

        /// <summary>The largest share of the normal images that may fail without a person seeing them.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double MaximumFalseAlarmRate { get; set; }

        /// <summary>Also choose the band on k-1 folds of the images and measure it on the one held out, k times: what to expect of
        /// images the band was not chosen on.</summary>
        [Parameter]
        [ValidateRange(2, 100)]
        public int? Folds { get; set; }

        /// <summary>The seed of the folds' order: the same images and seed always give the same folds.</summary>
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
                var band = ReviewBands.Find(set, MaximumMissRate, MaximumFalseAlarmRate, Folds ?? 0, (ulong)(uint)Seed);
                if (band.NormalThreshold == null)
                    WriteItemWarning($"{band}: the band [{band.PassBelow:0.###}, {band.FailFrom:0.###}) does not hold the model's own 0.5 " +
                        "decision, so the edge application's NormalThreshold and AnomalyThreshold cannot express it: set its thresholds on the " +
                        "anomaly score.");
                if (set.Positives == 0 || set.Negatives == 0)
                    WriteItemWarning($"{band}: the test set holds one class only, so one of the two rates cannot be measured.");
                WriteObject(band);
            }
            base.End();
        }
    }
}
