using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// What a successor's scores seem to mean, said before they are read against it: confidences below one half for the label
    /// they predict (anomaly scores written where a confidence belongs), scores tied at the ends of their range (clipped
    /// scores, which blunt ROC AUC and average precision), and a ground truth in the prediction file that disagrees with the
    /// test set's.
    /// </summary>
    public static class ScoreGuards
    {
        /// <summary>More than this share of the scores at exactly the lowest or the highest value is "heavy ties".</summary>
        public const double TiedShare = 0.05;

        public static IEnumerable<string> Warnings(string title, IReadOnlyList<(EvaluationImage Truth, Prediction Prediction)> paired,
            bool scoreChosen)
        {
            if (paired.Count == 0) yield break;
            var read = paired.Where(p => p.Prediction.FromConfidence && !double.IsNaN(p.Prediction.Confidence)).ToList();
            int low = scoreChosen ? 0 : read.Count(p => p.Prediction.Confidence < 0.5);
            if (low > 0)
                yield return $"{title}: {low:N0} of {read.Count:N0} predictions give a confidence below 0.5 for the label they predict " +
                    $"(the first: {First(read.Where(p => p.Prediction.Confidence < 0.5))}). A confidence is that of the predicted label, " +
                    "at least 0.5, so these look like anomaly scores written where the confidence belongs, and ROC AUC and average " +
                    "precision would rank the images against their meaning. If they are anomaly scores, add -ScoreFrom ConfidenceAsAnomalyScore.";

            var scores = paired.Select(p => p.Prediction.AnomalyScore).ToList();
            double min = scores.Min(), max = scores.Max();
            int atMin = scores.Count(s => s == min), atMax = scores.Count(s => s == max);
            if (scores.Count >= 20 && min < max && (atMin > TiedShare * scores.Count || atMax > TiedShare * scores.Count))
                yield return $"{title}: {atMin:N0} scores are exactly {Number(min)} and {atMax:N0} exactly {Number(max)}, of " +
                    $"{scores.Count:N0}: ties at the ends of the range (clipped or rounded scores) limit ROC AUC and average precision, " +
                    "which cannot rank tied images. Export the model's unclipped scores (anomalib: before normalisation) where you can.";

            var disagree = paired.Where(p => p.Prediction.GroundTruthAnomaly.HasValue && p.Prediction.GroundTruthAnomaly.Value != p.Truth.IsAnomaly)
                .ToList();
            if (disagree.Count > 0)
                yield return $"{title}: {disagree.Count:N0} prediction{(disagree.Count == 1 ? " carries" : "s carry")} a gt_label that disagrees " +
                    $"with the test set's ground truth (the first: {First(disagree)}). The test set's is used; check that the predictions " +
                    "are of these images.";
        }

        private static string First(IEnumerable<(EvaluationImage Truth, Prediction Prediction)> items)
        {
            var list = items.Take(4).ToList();
            string names = string.Join(", ", list.Take(3).Select(p => $"'{p.Truth.ImageName}'"));
            return list.Count > 3 ? names + " and more" : names;
        }

        private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
