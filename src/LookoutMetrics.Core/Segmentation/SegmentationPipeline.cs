using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

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
        private readonly OrderedWork<MaskResult> _pending = new OrderedWork<MaskResult>(TimeSpan.FromSeconds(2));
        private readonly SemaphoreSlim _inFlight;
        private readonly SemaphoreSlim _decoding;
        private readonly CancellationToken _cancel;

        public SegmentationPipeline(int throttleLimit, CancellationToken cancel)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            ThrottleLimit = throttleLimit;
            int decoders = Math.Min(throttleLimit, Environment.ProcessorCount);
            _inFlight = new SemaphoreSlim(throttleLimit, throttleLimit);
            _decoding = new SemaphoreSlim(decoders, decoders);
            _cancel = cancel;
        }

        public int ThrottleLimit { get; }

        /// <summary>Starts an image; <paramref name="s3"/> is needed only when a mask is in S3.</summary>
        /// <remarks>A null <paramref name="groundTruth"/> is an all-background ground truth (a normal image without a mask).</remarks>
        public void Submit(EvaluationImage image, MaskLocation? groundTruth, MaskLocation predicted, S3ArtifactStore? s3) =>
            // On the thread pool from the start: the caller's thread only reads the manifest and writes results.
            _pending.Add(Task.Run(() => MeasureAsync(image, groundTruth, predicted, s3), _cancel));

        /// <summary>An image whose masks cannot even be located: its problem keeps its place in the order.</summary>
        public void SubmitProblem(EvaluationImage image, MaskException problem) =>
            _pending.Add(Task.FromResult(new MaskResult(image, null, problem)));

        /// <summary>
        /// The results at the head of the queue that are done; then, while more than <paramref name="maxPending"/> are
        /// still pending, waits for the head (so 0 drains everything).
        /// </summary>
        public IEnumerable<MaskResult> Completed(int maxPending) => _pending.Completed(maxPending);

        private async Task<MaskResult> MeasureAsync(EvaluationImage image, MaskLocation? groundTruth, MaskLocation predicted, S3ArtifactStore? s3)
        {
            await _inFlight.WaitAsync(_cancel).ConfigureAwait(false);
            try
            {
                byte[]? gt = null, pred = null;
                if (groundTruth?.IsS3 == true || predicted.IsS3)
                {
                    // Network reads overlap; local files are read by the decoding thread itself (one hop fewer).
                    var gtBytes = groundTruth.HasValue ? FetchAsync(groundTruth.Value, s3, image, _cancel) : Task.FromResult(Array.Empty<byte>());
                    var predBytes = FetchAsync(predicted, s3, image, _cancel);
                    gt = await gtBytes.ConfigureAwait(false);
                    pred = await predBytes.ConfigureAwait(false);
                }
                await _decoding.WaitAsync(_cancel).ConfigureAwait(false);
                try
                {
                    gt ??= groundTruth.HasValue ? ReadFile(groundTruth.Value, image) : Array.Empty<byte>();
                    pred ??= ReadFile(predicted, image);
                    return Count(image, gt, pred);
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
            finally
            {
                _inFlight.Release();
            }
        }

        /// <summary>
        /// Decodes and counts one image's masks: the CPU-bound part. An empty <paramref name="groundTruthPng"/> is an
        /// all-background ground truth of the prediction's size.
        /// </summary>
        public static MaskResult Count(EvaluationImage image, byte[] groundTruthPng, byte[] predictedPng)
        {
            try
            {
                using var pred = MaskDecoder.Open(predictedPng, image.PredictedAnomalyMaskRef);
                using IMaskRows gt = groundTruthPng.Length == 0 ? new BlankMask(pred.Width, pred.Height) : MaskDecoder.Open(groundTruthPng, image.AnomalyMaskRef);
                var counts = PixelCounter.Count(gt, pred, ColorMap.Parse(image.AnomalyColorMap), ColorMap.Parse(image.PredictedAnomalyColorMap), image.ImageName);
                return new MaskResult(image, counts, null);
            }
            catch (MaskException e)
            {
                return new MaskResult(image, null, e);
            }
        }

        /// <summary>A mask's bytes from a file or S3; a missing, denied or unreadable mask is a MaskException naming it.</summary>
        public static async Task<byte[]> FetchAsync(MaskLocation location, S3ArtifactStore? s3, EvaluationImage image, CancellationToken cancel = default,
            string kind = "mask", string rootParameter = "-MaskRoot")
        {
            string what = $"The {kind} '{location.Location}' of image '{image.ImageName}'";
            if (!location.IsS3) return ReadFile(location, image, kind, rootParameter);

            if (s3 == null) throw new InvalidOperationException("An S3 mask needs an S3 store.");
            try
            {
                using var artifact = await s3.OpenAsync(location.Location, cancel).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await artifact.Stream.CopyToAsync(buffer, 81920, cancel).ConfigureAwait(false);
                return buffer.ToArray();
            }
            catch (S3ArtifactException e)
            {
                var advice = ServiceErrorAdvice.For(e);
                string id = advice.Kind == ErrorKind.ObjectNotFound ? "MaskNotFound" : advice.Kind == ErrorKind.PermissionDenied ? "MaskAccessDenied" : advice.ErrorId == "InvalidUri" ? "InvalidMaskReference" : "MaskUnreadable";
                throw new MaskException(id, advice.Kind, $"{what}: {e.Message}", e) { Location = location.Location };
            }
            catch (IOException e)
            {
                throw new MaskException("MaskUnreadable", ErrorKind.ReadError, $"{what} could not be read to its end: {e.Message}", e);
            }
        }

        /// <summary>A local mask's bytes; a missing or unreadable file is a MaskException naming it.</summary>
        private static byte[] ReadFile(MaskLocation location, EvaluationImage image, string kind = "mask", string rootParameter = "-MaskRoot")
        {
            try
            {
                return File.ReadAllBytes(location.Location);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new MaskException("MaskNotFound", ErrorKind.ObjectNotFound,
                    $"The {kind} '{location.Location}' of image '{image.ImageName}' does not exist. Check {rootParameter} (a local copy of the bucket, as 'aws s3 sync' makes it), or that the files were copied.", e)
                { Location = location.Location };
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new MaskException(e is UnauthorizedAccessException ? "MaskAccessDenied" : "MaskUnreadable", e is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.ReadError,
                    $"The {kind} '{location.Location}' of image '{image.ImageName}' cannot be read: {e.Message}", e);
            }
        }

        public void Dispose()
        {
            // The token was cancelled by the caller (Ctrl+C or the end of the pipeline); let the tasks see it.
            _pending.Dispose();
            _inFlight.Dispose();
            _decoding.Dispose();
        }
    }
}
