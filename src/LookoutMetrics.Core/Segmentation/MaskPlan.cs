using LookoutMetrics.Aws;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>What an image's masks call for: nothing (a classification model's image), a problem, or a measurement.</summary>
    public enum MaskNeed
    {
        /// <summary>Neither mask: the image of a classification model, which has no per-label metrics.</summary>
        None,

        /// <summary>Both masks located: fetch, decode and count them.</summary>
        Measure,

        /// <summary>The image cannot be measured; <see cref="MaskRequest.Problem"/> says why.</summary>
        Problem,
    }

    /// <summary>One image's masks as <see cref="MaskPlan.For"/> judged them.</summary>
    public sealed class MaskRequest
    {
        internal MaskRequest(MaskNeed need, Location? groundTruth, Location? predicted, MaskException? problem)
        {
            Need = need;
            GroundTruth = groundTruth;
            Predicted = predicted;
            Problem = problem;
        }

        public MaskNeed Need { get; }

        /// <summary>Null for a normal image without a ground-truth mask: all background, as the service's datasets mean it.</summary>
        public Location? GroundTruth { get; }

        /// <summary>Null for a successor's image without a predicted mask: all background, measured as such.</summary>
        public Location? Predicted { get; }
        public MaskException? Problem { get; }

        /// <summary>Whether a mask is in S3 (so an S3 client is needed).</summary>
        public bool NeedsS3 => Need == MaskNeed.Measure && ArtifactStores.AnyRemote(GroundTruth, Predicted);
    }

    /// <summary>
    /// Which images of a manifest are measured for the per-label pixel metrics, and where their masks are: the rules
    /// every mask-reading cmdlet (Measure-LfvSegmentation, Test-LfvEvaluation, Export-LfvReport) follows.
    /// </summary>
    public static class MaskPlan
    {
        /// <summary>
        /// An image with both masks is measured; with neither it is a classification model's. A normal image with a
        /// predicted mask and no ground-truth mask is measured against an all-background ground truth (the service's
        /// own datasets give normal images no mask: there is nothing to mark), so a successor's blobs on it count
        /// against its precision. A successor's image without a predicted mask (<see cref="PredictsBackgroundOnly"/>) is measured
        /// as an all-background prediction. An anomalous image without a ground-truth mask, or a retired model's image without a
        /// predicted mask, is a MissingMask problem.
        /// </summary>
        public static MaskRequest For(EvaluationImage image, string? maskRoot)
        {
            bool hasTruth = image.AnomalyMaskRef.Length > 0, hasPrediction = image.PredictedAnomalyMaskRef.Length > 0;
            if (!hasTruth && !hasPrediction) return new MaskRequest(MaskNeed.None, null, null, null);
            bool allBackground = !hasPrediction && PredictsBackgroundOnly(image);
            if (!hasPrediction && allBackground && !hasTruth) return new MaskRequest(MaskNeed.None, null, null, null);
            if (!hasPrediction && !allBackground)
            {
                return Problem(new MaskException(ErrorIds.MissingMask, ErrorKind.InvalidData,
                    $"Line {image.LineNumber} of '{image.Source}' has a ground-truth mask but no predicted mask, so image " +
                        $"'{image.ImageName}' cannot be measured."));
            }
            if (!hasTruth && image.IsAnomaly)
            {
                return Problem(new MaskException(ErrorIds.MissingMask, ErrorKind.InvalidData,
                    $"Line {image.LineNumber} of '{image.Source}' is an anomalous image with a predicted mask but no ground-truth mask, " +
                        $"so image '{image.ImageName}' cannot be measured: " +
                    "an anomaly needs a ground-truth mask that marks it (a normal image needs none)."));
            }
            Location? truth = null;
            string error = string.Empty;
            if (hasTruth)
            {
                if (!References.TryLocate(image.AnomalyMaskRef, image.Source, maskRoot, "mask", "-MaskRoot", out var located,
                    out error, out bool outside)) return InvalidReference(image, error, outside);
                truth = located;
            }
            if (allBackground) return new MaskRequest(MaskNeed.Measure, truth, null, null);
            // A successor's mask is beside its own prediction file, so that file's folder or bucket is its root.
            if (!References.TryLocate(image.PredictedAnomalyMaskRef, PredictionSource(image), maskRoot, "predicted mask", "-MaskRoot",
                out var predicted, out error, out bool refused)) return InvalidReference(image, error, refused);
            return new MaskRequest(MaskNeed.Measure, truth, predicted, null);
        }

        /// <summary>
        /// A prediction that says its mask is all background: no mask, and a colour map of background alone (what Import-LfvPrediction
        /// gives a successor's image that carries no mask, as an image it calls normal usually does).
        /// </summary>
        public static bool PredictsBackgroundOnly(EvaluationImage image)
        {
            var map = ColorMap.Parse(image.PredictedAnomalyColorMap);
            if (map.Count == 0) return false;
            foreach (var entry in map) if (!entry.IsBackground) return false;
            return true;
        }

        /// <summary>The colour map a successor's image without a mask carries (<see cref="PredictsBackgroundOnly"/>).</summary>
        public const string BackgroundOnly = "BACKGROUND=#ffffff";

        private static MaskRequest InvalidReference(EvaluationImage image, string error, bool outside) =>
            Problem(MaskException.BadReference(outside, ErrorIds.InvalidMaskReference, $"Image '{image.ImageName}' (line " +
                $"{image.LineNumber} of '{image.Source}'): {error}"));

        /// <summary>Where an image's prediction was read from: a successor's prediction file, else the manifest itself.</summary>
        public static string PredictionSource(EvaluationImage image) => image.PredictionSource.Length > 0 ? image.PredictionSource : image.Source;

        private static MaskRequest Problem(MaskException e) => new MaskRequest(MaskNeed.Problem, null, null, e);

        /// <summary>A mask reference of the image (its ground truth's, else its prediction's); empty when it has none.</summary>
        public static string AnyMask(EvaluationImage image) => image.AnomalyMaskRef.Length > 0 ? image.AnomalyMaskRef : image.PredictedAnomalyMaskRef;

        /// <summary>
        /// Whether the masks of a manifest can be read without asking the user: under -MaskRoot, beside the manifest, or
        /// in S3 when the manifest itself came from S3 (the same bucket and credentials). A local manifest whose masks are
        /// in S3 needs -MaskRoot (or a manifest read from S3).
        /// </summary>
        public static bool CanRead(string? maskRoot, string manifestSource, string maskRef) => References.Reachable(maskRoot,
            manifestSource, maskRef);

        /// <summary>The warning when <see cref="CanRead"/> is false: what is left out, and how to include it.</summary>
        public static string Unreadable(string model, string leftOut, string orElse) =>
            $"{model}: {leftOut}, since the manifest is a local file and its masks are in S3. Give -MaskRoot <folder> with a copy of the " +
                $"masks' bucket{orElse}.";

        /// <summary>What a missing AWS setting's error adds when the masks are in S3: a local copy works without AWS.</summary>
        public const string WithoutAws =
            "The masks are in S3: a local copy of their bucket ('aws s3 sync s3://<bucket> <folder>') read with -MaskRoot <folder> needs " +
                "no AWS credentials.";

        /// <summary>
        /// One error instead of one per image when none of a model's masks was found: where the first was looked for,
        /// and what to do (-MaskRoot, or check it).
        /// </summary>
        public static MaskException NoneFound(string model, long missing, string firstLocation, bool maskRootGiven)
        {
            int cut = firstLocation.LastIndexOfAny(new[] { '/', '\\' });
            string folder = cut > 0 ? firstLocation.Substring(0, cut + 1) : firstLocation;
            string todo = maskRootGiven
                ? "Check -MaskRoot: it is the folder that holds a copy of the masks' bucket, so that s3://<bucket>/<key> is <MaskRoot>/<key>."
                : "Give -MaskRoot <folder> with a copy of the masks' bucket ('aws s3 sync s3://<bucket> <folder>').";
            return new MaskException(ErrorIds.MasksNotFound, ErrorKind.ObjectNotFound,
                $"None of the {missing} masks of {model} was found: the first was looked for at '{firstLocation}', in '{folder}'. " +
                    $"{todo}") { Location = folder };
        }

        /// <summary>The warning when no image of the input had masks.</summary>
        public static string ClassificationOnly(long images) =>
            $"None of the {images} images has masks: these are the predictions of a classification model, which has no per-label metrics. " +
                $"Measure-LfvEvaluation measures it.";
    }
}
