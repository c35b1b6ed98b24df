using System;
using System.Collections.Generic;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The mask-measuring mechanism of the cmdlets that recompute pixel metrics (Measure-LfvSegmentation,
    /// Test-LfvEvaluation, Export-LfvReport), used by composition: images go in as they stream past, <see cref="MaskPlan"/>
    /// says what each needs, the <see cref="SegmentationPipeline"/> fetches, decodes and counts their masks in parallel,
    /// and the counts come back on the pipeline thread in input order, with a progress bar that counts images. A mask
    /// that cannot be used is a non-terminating error for its image alone.
    /// </summary>
    internal sealed class MaskMeasurement : IDisposable
    {
        private readonly LfvAwsCmdlet _cmdlet;
        private readonly string? _maskRoot;
        private readonly SegmentationPipeline _pipeline;
        private readonly ModelGroups<SegmentationMetrics> _models = new ModelGroups<SegmentationMetrics>();
        private readonly ProgressMeter _progress;
        private long _submitted, _done, _withoutMasks;

        // When each mask problem is said (none of a model's masks found: one error, not one per image).
        private readonly MaskProblems _problems;

        public MaskMeasurement(LfvAwsCmdlet cmdlet, string? maskRoot, int throttleLimit, int activityId)
        {
            _cmdlet = cmdlet;
            _maskRoot = maskRoot;
            _problems = new MaskProblems(maskRoot != null);
            _pipeline = new SegmentationPipeline(throttleLimit, cmdlet.CancelToken);
            _progress = new ProgressMeter(cmdlet, activityId, "Measuring segmentation " +
                "masks", () => _done, () => _submitted, ProgressMeter.Count, "images", firstAtOnce: false);
        }

        /// <summary>Told of each image's counts, in input order (Measure-LfvSegmentation -PerImage writes rows from it).</summary>
        public Action<EvaluationImage, ImagePixelCounts>? Counted { get; set; }

        /// <summary>The models measured, in the order first seen.</summary>
        public IReadOnlyList<SegmentationMetrics> Models => _models;

        /// <summary>Images that had no masks at all (a classification model's).</summary>
        public long ImagesWithoutMasks => _withoutMasks;

        /// <summary>The metrics of a model, or null when none of its images had masks.</summary>
        public SegmentationMetrics? For(string project, string version) => _models.Find(project, version);

        public void Add(EvaluationImage image)
        {
            var request = MaskPlan.For(image, _maskRoot);
            if (request.Need == MaskNeed.None)
            {
                _withoutMasks++;
                return;
            }
            _submitted++;
            Model(image);
            // The S3 client is made on the pipeline thread: a settings problem is terminating there.
            if (request.Need == MaskNeed.Problem) _pipeline.SubmitProblem(image, request.Problem!);
            else
            {
                _cmdlet.PrepareStores(MaskPlan.WithoutAws, request.GroundTruth, request.Predicted);
                _pipeline.Submit(image, request.GroundTruth, request.Predicted, _cmdlet.Stores);
            }
            Take(_pipeline.Completed());
        }

        /// <summary>Waits for every image, then completes the progress bar and warns of colours in no colour map.</summary>
        public void Finish()
        {
            Take(_pipeline.Drain());
            _progress.Dispose();
            Say(_problems.Finish());
            foreach (var model in _models)
            {
                foreach (string? warning in new[] { model.UnknownColorWarning(), model.LeftOutWarning() })
                {
                    if (warning != null) _cmdlet.WriteItemWarning(warning);
                }
            }
        }

        private SegmentationMetrics Model(EvaluationImage image) =>
            _models.For(image.ProjectName, image.ModelVersion, () => new SegmentationMetrics(image.ProjectName, image.ModelVersion, image.Source));

        private void Take(IEnumerable<MaskResult> results)
        {
            foreach (var result in _cmdlet.Stoppable(results))
            {
                _done++;
                var model = Model(result.Image);
                if (result.Counts != null)
                {
                    model.Add(result.Counts, result.Image.SourceRef);
                    Counted?.Invoke(result.Image, result.Counts);
                    Say(_problems.Measured(model));
                }
                else
                {
                    Say(_problems.Failed(model, result.Image, result.Problem!));
                }
                _progress.Tick();
            }
            _cmdlet.FlushRetryNotes();
        }

        private void Say(IReadOnlyList<MaskProblem> problems)
        {
            foreach (var p in problems) _cmdlet.WriteItemError(ErrorRecords.From(p.Error, (object?)p.Image ?? p.Target));
        }

        public void Dispose() => _pipeline.Dispose();
    }
}
