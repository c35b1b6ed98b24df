using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// A successor held to the retired model's test set, whole: its predictions paired with the test images, the records
    /// that keep the ground truth and carry the prediction, and what the user is told (each kind of error and warning
    /// once, and a summary line). Import-LfvPrediction reads the files and writes what this says.
    /// </summary>
    public sealed class SuccessorImport
    {
        private SuccessorImport(string title, List<EvaluationImage> images, List<ArtifactException> errors, List<string> warnings, string summary)
        {
            Title = title;
            Images = images;
            Errors = errors;
            Warnings = warnings;
            Summary = summary;
        }

        /// <summary>"project successor": how messages name the successor.</summary>
        public string Title { get; }

        /// <summary>The records of the paired test images, in the test set's order.</summary>
        public IReadOnlyList<EvaluationImage> Images { get; }

        public IReadOnlyList<ArtifactException> Errors { get; }
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>How many images were paired with how many predictions (a -Verbose line).</summary>
        public string Summary { get; }

        /// <summary>The error when there is no test set at all.</summary>
        public static ArtifactException NoGroundTruth() => new ArtifactException(ErrorIds.NoGroundTruth, ErrorKind.InvalidArgument,
            "There is no test set to pair the predictions with. Give the retired model's evaluation manifest with -GroundTruth, " +
            "or pipe its images: Get-LfvEvaluationManifest <manifest> | Import-LfvPrediction ...");

        /// <summary>Pairs <paramref name="predictions"/> with <paramref name="truth"/> (not empty) and names the records <paramref
        /// name="model"/>.</summary>
        /// <param name="truth">The test images.</param>
        /// <param name="predictions">The successor's predictions.</param>
        /// <param name="pairBy">How predictions find their images.</param>
        /// <param name="model">The successor's name.</param>
        /// <param name="confidenceAsAnomalyScore">A prediction's confidence is an anomaly score written where the confidence of its
        /// predicted label belongs (-ConfidenceAsAnomalyScore): it ranks the images as it is.</param>
        public static SuccessorImport Pair(IReadOnlyList<EvaluationImage> truth, IReadOnlyList<Prediction> predictions, PairBy pairBy, string model,
            bool confidenceAsAnomalyScore = false)
        {
            if (confidenceAsAnomalyScore)
            {
                foreach (var p in predictions.Where(p => p.FromConfidence))
                {
                    double score = p.Confidence;
                    p.AnomalyScore = score;
                    p.Confidence = p.PredictedAnomaly ? score : 1.0 - score;
                }
            }
            var pairer = new PredictionPairer(pairBy);
            foreach (var image in truth) pairer.AddTruth(image);
            foreach (var prediction in predictions) pairer.Add(prediction);
            var pairing = pairer.Pair();
            string title = $"{truth[0].ProjectName} {model}";
            var records = new SuccessorImages(model, truth, predictions.Any(p => p.MaskRef.Length > 0));
            var images = pairing.Images.Where(i => i.Prediction != null).Select(i => records.From(i.Truth, i.Prediction!)).ToList();
            var warnings = PairingMessages.Warnings(pairing, title, records.UnknownLabels).ToList();
            var paired = pairing.Images.Where(i => i.Prediction != null).Select(i => (i.Truth, Prediction: i.Prediction!)).ToList();
            warnings.AddRange(ScoreGuards.Warnings(title, paired, confidenceAsAnomalyScore));
            if (records.WithoutMask > 0)
                warnings.Add($"{title}: {records.WithoutMask:N0} of {images.Count:N0} paired images carry no predicted mask (the successor " +
                    "writes none for an image it calls normal); each is measured as all background, so a defect it missed counts against " +
                    "its recall.");
            return new SuccessorImport(title, images, PairingMessages.Errors(pairing, title).ToList(), warnings,
                $"{title}: {pairing.Paired:N0} of {pairing.Images.Count:N0} test images paired with {predictions.Count:N0} predictions " +
                    $"(-PairBy {pairBy}).");
        }
    }
}
