using System;
using System.Linq;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>What became of one image's masks: its pixel counts, or the problem that kept them from being counted.</summary>
    public sealed class MaskResult
    {
        public MaskResult(EvaluationImage image, ImagePixelCounts? counts, MaskException? problem)
        {
            Image = image;
            Counts = counts;
            Problem = problem;
        }

        public EvaluationImage Image { get; }
        public ImagePixelCounts? Counts { get; }
        public MaskException? Problem { get; }
    }

    /// <summary>
    /// Fetches, decodes and counts the masks of many images at once, and hands the results back in input order. Up to
    /// the throttle limit of images are in flight (fetching from S3 is I/O, so several connections are worth having);
    /// decoding and counting use at most one thread per core. A mask's pixels are dropped as soon as they are counted,
    /// and a caller that takes results as they come keeps memory flat whatever the number of images.
    /// </summary>
    public sealed class SegmentationPipeline : IDisposable
    {
        private readonly Pump<MaskJob, MaskResult> _pump;
        private readonly SemaphoreSlim _decoding;

        public SegmentationPipeline(int throttleLimit, CancellationToken cancel)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            int decoders = Math.Min(throttleLimit, Environment.ProcessorCount);
            _decoding = new SemaphoreSlim(decoders, decoders);
            _pump = new Pump<MaskJob, MaskResult>(MeasureAsync, throttleLimit, cancel);
        }

        public int ThrottleLimit => _pump.ThrottleLimit;

        /// <summary>Starts an image; its masks are read through <paramref name="stores"/> (S3 made ready by the caller when needed).</summary>
        /// <remarks>A null <paramref name="groundTruth"/> is an all-background ground truth (a normal image without a mask).</remarks>
        /// <remarks>A null <paramref name="predicted"/> is an all-background prediction (a successor's image without a mask).</remarks>
        public void Submit(EvaluationImage image, Location? groundTruth, Location? predicted, ArtifactStores stores) =>
            _pump.Add(new MaskJob(image, groundTruth, predicted, stores));

        /// <summary>An image whose masks cannot even be located: its problem keeps its place in the order.</summary>
        public void SubmitProblem(EvaluationImage image, MaskException problem) => _pump.AddResult(new MaskResult(image, null, problem));

        /// <summary>The results that are done, in order; while the pipeline is full, the next one once it is done.</summary>
        public IEnumerable<MaskResult> Completed() => _pump.Completed();

        /// <summary>Every result still to come, in order.</summary>
        public IEnumerable<MaskResult> Drain() => _pump.Drain();

        private async Task<MaskResult> MeasureAsync(MaskJob job, CancellationToken cancel)
        {
            var (image, groundTruth, predicted, stores) = (job.Image, job.GroundTruth, job.Predicted, job.Stores);
            try
            {
                byte[]? gt = null, pred = null;
                if (ArtifactStores.AnyRemote(groundTruth, predicted))
                {
                    // Network reads overlap; local files are read by the decoding thread itself (one hop fewer).
                    var gtBytes = groundTruth != null ? FetchAsync(groundTruth, stores, image, cancel) : Task.FromResult(Array.Empty<byte>());
                    var predBytes = predicted != null ? FetchAsync(predicted, stores, image, cancel) : Task.FromResult(Array.Empty<byte>());
                    gt = await gtBytes.ConfigureAwait(false);
                    pred = await predBytes.ConfigureAwait(false);
                }
                await _decoding.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    gt ??= groundTruth != null ? await FetchAsync(groundTruth, stores, image, cancel).ConfigureAwait(false) : Array.Empty<byte>();
                    pred ??= predicted != null ? await FetchAsync(predicted, stores, image, cancel).ConfigureAwait(false) : Array.Empty<byte>();
                    return Count(image, gt, pred, cancel);
                }
                finally
                {
                    _decoding.Release();
                }
            }
            catch (MaskException e)
            {
                return new MaskResult(image, null, e);
            }
        }

        /// <summary>One image's masks to measure.</summary>
        private sealed class MaskJob
        {
            public MaskJob(EvaluationImage image, Location? groundTruth, Location? predicted, ArtifactStores stores) =>
                (Image, GroundTruth, Predicted, Stores) = (image, groundTruth, predicted, stores);

            public EvaluationImage Image { get; }
            public Location? GroundTruth { get; }
            public Location? Predicted { get; }
            public ArtifactStores Stores { get; }
        }

        /// <summary>
        /// Decodes and counts one image's masks: the CPU-bound part. An empty <paramref name="groundTruthPng"/> is an
        /// all-background ground truth of the prediction's size, an empty <paramref name="predictedPng"/> an all-background
        /// prediction of the ground truth's size. A prediction with no colour map of its own (a wildcard in its map) is read in the
        /// test set's colours, or as one class when it is a grayscale PNG (<see cref="ColorMap.OneClass"/>).
        /// </summary>
        public static MaskResult Count(EvaluationImage image, byte[] groundTruthPng, byte[] predictedPng,
            CancellationToken cancel = default)
        {
            try
            {
                IMaskRows? pred = null, gt = null;
                try
                {
                    if (predictedPng.Length > 0) pred = MaskDecoder.Open(predictedPng, image.PredictedAnomalyMaskRef);
                    gt = groundTruthPng.Length == 0 ? new BlankMask(pred!.Width, pred.Height)
                        : MaskDecoder.Open(groundTruthPng, image.AnomalyMaskRef);
                    pred ??= new BlankMask(gt.Width, gt.Height);
                    var truthMap = ColorMap.Parse(image.AnomalyColorMap);
                    var predictedMap = ColorMap.Parse(image.PredictedAnomalyColorMap);
                    if (ColorMap.HasWildcard(predictedMap))
                    {
                        if (MaskDecoder.IsGrayscalePng(predictedPng)) (truthMap, predictedMap) = ColorMap.OneClass(truthMap);
                        else predictedMap = predictedMap.Where(e => e.Rgb >= 0).ToList();
                    }
                    // A JPEG mask's colours are near its map's, not on them: snapped first (white and black are background).
                    if (pred is DecodedMask { Lossy: true } lossyPrediction)
                        lossyPrediction.SnapTo(predictedMap.Where(e => e.Rgb >= 0).Select(e => e.Rgb).Concat(new[] { 0xFFFFFF, 0x000000 }).ToList());
                    if (gt is DecodedMask { Lossy: true } lossyTruth)
                        lossyTruth.SnapTo(truthMap.Where(e => e.Rgb >= 0).Select(e => e.Rgb).Concat(new[] { 0xFFFFFF }).ToList());
                    var counts = PixelCounter.Count(gt, pred, truthMap, predictedMap, image.ImageName, cancel);
                    return new MaskResult(image, counts, null);
                }
                finally
                {
                    pred?.Dispose();
                    gt?.Dispose();
                }
            }
            catch (MaskException e)
            {
                return new MaskResult(image, null, e);
            }
        }

        /// <summary>A mask's (or picture's) bytes from its store; a missing, denied or unreadable one is a MaskException naming it.</summary>
        public static async Task<byte[]> FetchAsync(Location location, ArtifactStores stores, EvaluationImage image,
            CancellationToken cancel = default,
            string kind = "mask", string rootParameter = "-MaskRoot")
        {
            try
            {
                return await stores.ReadAllAsync(location, WholeRead.MaxPictureBytes, cancel).ConfigureAwait(false);
            }
            catch (LfvException e) when (!e.EndsTheCommand)
            {
                throw AsMaskProblem(e, location, image, kind, rootParameter);
            }
        }

        /// <summary>A store's failure as the mask's own error: MaskNotFound, MaskAccessDenied, InvalidMaskReference or MaskUnreadable.</summary>
        private static MaskException AsMaskProblem(LfvException e, Location location, EvaluationImage image, string kind, string rootParameter)
        {
            // A picture is the image itself: "The image '.../cookie_001.jpg'", not "... of image 'cookie_001.jpg'".
            string what = kind == "image" ? $"The image '{location.Text}'" : $"The {kind} '{location.Text}' of image '{image.ImageName}'";
            // The store said what failed: a local file (SourceException) or an S3 object.
            bool local = e is SourceException;
            if (e.Kind == ErrorKind.ObjectNotFound && local)
                return new MaskException(ErrorIds.MaskNotFound, ErrorKind.ObjectNotFound,
                    $"{what} does not exist. Check {rootParameter} (a local copy of the bucket, as 'aws s3 sync' makes it), or that the " +
                        $"files were copied.", e)
                { Location = location.Text };
            string id = e.ErrorId == ErrorIds.FileTooLarge || e.ErrorId == ErrorIds.NotAFile ? e.ErrorId
                : e.Kind == ErrorKind.ObjectNotFound ? ErrorIds.MaskNotFound
                : e.Kind == ErrorKind.PermissionDenied ? ErrorIds.MaskAccessDenied
                : e.ErrorId == ErrorIds.InvalidUri ? ErrorIds.InvalidMaskReference
                : ErrorIds.MaskUnreadable;
            // A body cut short (and not finished by ranged GETs) says so as it always has.
            string message = !local && e.InnerException is IOException cut ? $"{what} could not be read to its end: {cut.Message}"
                : local ? $"{what} cannot be read: {e.Message}" : $"{what}: {e.Message}";
            return new MaskException(id, e.Kind, message, e) { Location = id == ErrorIds.MaskNotFound ? location.Text : string.Empty };
        }

        /// <summary>Cancels what is still running and waits a bounded time for it (the decoding gate is left to the collector).</summary>
        public void Dispose() => _pump.Dispose();
    }
}
