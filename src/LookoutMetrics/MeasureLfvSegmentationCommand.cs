using System.Management.Automation;
using LookoutMetrics.Segmentation;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Measure-LfvSegmentation: the per-label pixel metrics of segmentation models (the console's "performance per
    /// label"), recomputed from the ground-truth and predicted masks that the manifest names.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Measure, "LfvSegmentation", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(LabelPerformance))]
    [OutputType(typeof(ImageLabelPerformance))]
    public sealed class MeasureLfvSegmentationCommand : ManifestCmdlet
    {
        private MaskMeasurement? _masks;

        /// <summary>Evaluation results, usually from Get-LfvEvaluationResult: the evaluation manifest beside each is read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public override EvaluationResult[]? EvaluationResult { get; set; }

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        /// <summary>A local copy of the masks' bucket: s3://bucket/key is read from MaskRoot/key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public override string? MaskRoot { get; set; }

        /// <summary>One row per image and label instead of one per label.</summary>
        [Parameter]
        public SwitchParameter PerImage { get; set; }

        /// <summary>How many images are fetched and decoded at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = ManifestReading.DefaultThrottleLimit;

        protected override void Begin()
        {
            _masks = Manifests.MeasureMasks(ThrottleLimit);
            if (PerImage)
            {
                _masks.Counted = (image, counts) =>
                {
                    foreach (var row in SegmentationMetrics.PerImage(image, counts)) WriteObject(row);
                };
            }
        }

        protected override void Process()
        {
            foreach (var image in Images(InputObject)) _masks!.Add(image);
        }

        protected override void End()
        {
            _masks!.Finish();
            if (_masks.Models.Count == 0 && _masks.ImagesWithoutMasks > 0)
                WriteItemWarning(MaskPlan.ClassificationOnly(_masks.ImagesWithoutMasks));
            if (!PerImage)
            {
                foreach (var model in _masks.Models)
                {
                    foreach (var label in model.Labels()) WriteObject(label);
                }
            }
            base.End();
        }

        protected override void DisposeResources()
        {
            _masks?.Dispose();
            base.DisposeResources();
        }
    }
}
