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

        /// <summary>
        /// The successors the predictions hold: one, named <paramref name="modelName"/> or else <paramref name="defaultName"/>, unless
        /// captures name their models (eventMetadata), when each model is its own successor under its own name, never merged.
        /// -ModelName with captures of two models is one error naming both.
        /// </summary>
        public static List<SuccessorImport> PairEach(IReadOnlyList<EvaluationImage> truth, IReadOnlyList<Prediction> predictions, PairBy pairBy,
            string? modelName, string defaultName, ScoreSource score, out ArtifactException? error)
        {
            error = null;
            var groups = predictions.GroupBy(p => p.Model, System.StringComparer.Ordinal).ToList();
            var named = groups.Where(g => g.Key.Length > 0).ToList();
            if (modelName != null && named.Count > 1)
            {
                error = new ArtifactException(ErrorIds.ModelsMixed, ErrorKind.InvalidArgument,
                    $"-ModelName '{modelName}' names one model, but the captures are of {named.Count}: " +
                    string.Join(", ", named.Select(g => $"'{g.Key}' ({g.Count():N0} captures)")) + ". Leave -ModelName out to import each " +
                    "under its own name, or import each model's captures on its own.");
                return new List<SuccessorImport>();
            }
            if (modelName != null || named.Count == 0)
                return new List<SuccessorImport> { Pair(truth, predictions, pairBy, modelName ?? defaultName, score) };
            return groups.Select(g => Pair(truth, g.ToList(), pairBy, g.Key.Length > 0 ? g.Key : defaultName, score)).ToList();
        }

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
        /// <param name="score">Which figure ranks the images (-ScoreFrom): the confidence of the predicted label, the Confidence field
        /// read as an anomaly score, or the edge application's Anomaly_score.</param>
        public static SuccessorImport Pair(IReadOnlyList<EvaluationImage> truth, IReadOnlyList<Prediction> predictions, PairBy pairBy, string model,
            ScoreSource score = ScoreSource.Confidence)
        {
            int scored = 0;
            foreach (var p in predictions.Where(p => p.FromConfidence))
            {
                if (score == ScoreSource.ConfidenceAsAnomalyScore)
                {
                    double value = p.Confidence;
                    p.AnomalyScore = value;
                    p.Confidence = p.PredictedAnomaly ? value : 1.0 - value;
                }
                else if (score == ScoreSource.AnomalyScore && !double.IsNaN(p.AnomalyScoreField))
                {
                    p.AnomalyScore = p.AnomalyScoreField;
                    scored++;
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
            warnings.AddRange(ScoreGuards.Warnings(title, paired, score != ScoreSource.Confidence));
            if (score == ScoreSource.AnomalyScore && scored < predictions.Count)
                warnings.Add($"{title}: -ScoreFrom AnomalyScore takes the edge application's Anomaly_score, which {predictions.Count - scored:N0} " +
                    $"of {predictions.Count:N0} predictions do not carry; they are ranked by the confidence of their predicted label.");
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
