using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.Segmentation;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The mask-measuring mechanism of the cmdlets that recompute pixel metrics (Measure-LfvSegmentation,
    /// Test-LfvEvaluation), used by composition: images go in as they stream past, their masks are located (under
    /// -MaskRoot, beside the manifest, or in S3), fetched, decoded and counted in parallel, and the counts come back
    /// on the pipeline thread in input order, with a progress bar that counts images. A mask that cannot be used is
    /// a non-terminating error for its image alone.
    /// </summary>
    internal sealed class MaskMeasurement : IDisposable
    {
        private static readonly long ProgressTicks = Stopwatch.Frequency / 4;

        private readonly LfvAwsCmdlet _cmdlet;
        private readonly string? _maskRoot;
        private readonly SegmentationPipeline _pipeline;
        private readonly Dictionary<(string, string), SegmentationMetrics> _byModel = new Dictionary<(string, string), SegmentationMetrics>();
        private readonly List<SegmentationMetrics> _models = new List<SegmentationMetrics>();
        private readonly ProgressRecord _progress;
        private long _submitted, _done, _withoutMasks, _lastProgress;
        private bool _progressShown;

        public MaskMeasurement(LfvAwsCmdlet cmdlet, string? maskRoot, int throttleLimit, int activityId)
        {
            _cmdlet = cmdlet;
            _maskRoot = maskRoot;
            _pipeline = new SegmentationPipeline(throttleLimit, cmdlet.CancelToken);
            _progress = new ProgressRecord(activityId, "Measuring segmentation masks", "Starting");
            _lastProgress = Stopwatch.GetTimestamp();
        }

        /// <summary>
        /// Whether the masks of a manifest can be read without asking the user: under -MaskRoot, beside the manifest, or
        /// in S3 when the manifest itself came from S3 (the same bucket and credentials). A local manifest whose masks are
        /// in S3 needs -MaskRoot (or a manifest read from S3).
        /// </summary>
        public static bool CanRead(string? maskRoot, string manifestSource, string maskRef) =>
            maskRoot != null || S3Uri.IsS3(manifestSource) || !S3Uri.IsS3(maskRef);

        /// <summary>Told of each image's counts, in input order (Measure-LfvSegmentation -PerImage writes rows from it).</summary>
        public Action<EvaluationImage, ImagePixelCounts>? Counted { get; set; }

        /// <summary>Told of each image whose masks could not be used (besides the error record written).</summary>
        public Action<EvaluationImage, MaskException>? Failed { get; set; }

        /// <summary>The models measured, in the order first seen.</summary>
        public IReadOnlyList<SegmentationMetrics> Models => _models;

        /// <summary>Images that had no masks at all (a classification model's).</summary>
        public long ImagesWithoutMasks => _withoutMasks;

        /// <summary>The metrics of a model, or null when none of its images had masks.</summary>
        public SegmentationMetrics? For(string project, string version) => _byModel.TryGetValue((project, version), out var m) ? m : null;

        public void Add(EvaluationImage image)
        {
            bool hasTruth = image.AnomalyMaskRef.Length > 0, hasPrediction = image.PredictedAnomalyMaskRef.Length > 0;
            if (!hasTruth && !hasPrediction)
            {
                _withoutMasks++;
                return;
            }
            _submitted++;
            Model(image);
            if (!hasTruth || !hasPrediction)
            {
                _pipeline.SubmitProblem(image, new MaskException("MissingMask", ErrorKind.InvalidData,
                    $"Line {image.LineNumber} of '{image.Source}' has a {(hasTruth ? "ground-truth" : "predicted")} mask but no {(hasTruth ? "predicted" : "ground-truth")} mask, so image '{image.ImageName}' cannot be measured."));
            }
            else if (!Locate(image, image.AnomalyMaskRef, out var truth, out var problem) || !Locate(image, image.PredictedAnomalyMaskRef, out var predicted, out problem))
            {
                _pipeline.SubmitProblem(image, problem!);
            }
            else
            {
                // The S3 client is made on the pipeline thread: a settings problem is terminating there.
                var s3 = truth.IsS3 || predicted.IsS3 ? _cmdlet.S3 : null;
                _pipeline.Submit(image, truth, predicted, s3);
            }
            Take(4 * _pipeline.ThrottleLimit);
        }

        /// <summary>Waits for every image, then completes the progress bar and warns of colours in no colour map.</summary>
        public void Finish()
        {
            Take(0);
            if (_progressShown)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(_progress);
            }
            foreach (var model in _models)
            {
                string? warning = model.UnknownColorWarning();
                if (warning != null) _cmdlet.WriteWarning(warning);
            }
        }

        private bool Locate(EvaluationImage image, string reference, out MaskLocation location, out MaskException? problem)
        {
            problem = null;
            if (MaskLocator.TryLocate(reference, image.Source, _maskRoot, out location, out string error)) return true;
            problem = new MaskException("InvalidMaskReference", ErrorKind.InvalidData, $"Image '{image.ImageName}' (line {image.LineNumber} of '{image.Source}'): {error}");
            return false;
        }

        private SegmentationMetrics Model(EvaluationImage image)
        {
            var key = (image.ProjectName, image.ModelVersion);
            if (!_byModel.TryGetValue(key, out var model))
            {
                model = new SegmentationMetrics(image.ProjectName, image.ModelVersion, image.Source);
                _byModel.Add(key, model);
                _models.Add(model);
            }
            return model;
        }

        private void Take(int maxPending)
        {
            foreach (var result in _cmdlet.Stoppable(_pipeline.Completed(maxPending)))
            {
                _done++;
                if (result.Counts != null)
                {
                    Model(result.Image).Add(result.Counts);
                    Counted?.Invoke(result.Image, result.Counts);
                }
                else
                {
                    var e = result.Problem!;
                    _cmdlet.WriteError(new ErrorRecord(e, e.ErrorId, ErrorRecords.Category(e.Kind), result.Image));
                    Failed?.Invoke(result.Image, e);
                }
                ShowProgress();
            }
            _cmdlet.FlushRetryNotes();
        }

        private void ShowProgress()
        {
            long now = Stopwatch.GetTimestamp();
            if (now - _lastProgress < ProgressTicks) return;
            _lastProgress = now;
            _progress.StatusDescription = $"{_done:N0} of {_submitted:N0} images";
            _progress.PercentComplete = _submitted > 0 ? (int)Math.Min(100, _done * 100 / _submitted) : -1;
            _cmdlet.WriteProgress(_progress);
            _progressShown = true;
        }

        public void Dispose() => _pipeline.Dispose();
    }
}
