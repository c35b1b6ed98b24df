using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Comparison
{
    /// <summary>
    /// The images two model versions classify differently, paired by source-ref as the comparison pairs them: which defects the new
    /// version misses that the old one caught, and the rest of what changed, newly missed defects first.
    /// </summary>
    public static class ImageComparisons
    {
        /// <summary>
        /// One <see cref="ImageComparison"/> per paired image whose predicted label differs, ordered by <see cref="ImageChange"/>
        /// (newly missed, new false alarms, newly caught, false alarms removed), then by the first summary's order.
        /// </summary>
        public static List<ImageComparison> Of(string referenceName, SummaryImages reference, string differenceName, SummaryImages difference)
        {
            var pairing = Pairing.Of(reference, difference);
            var paired = pairing.Images;
            var changed = new List<ImageComparison>();
            for (int k = 0; k < paired.Count; k++)
            {
                bool actual = paired.Anomalous[k], a = paired.PredictedA[k], b = paired.PredictedB[k];
                if (a == b) continue;
                string sourceRef = reference.Set.SourceRef(pairing.IndexA[k]);
                if (sourceRef.Length == 0) sourceRef = difference.Set.SourceRef(pairing.IndexB[k]);
                changed.Add(new ImageComparison
                {
                    ImageName = sourceRef.Substring(sourceRef.LastIndexOf('/') + 1),
                    SourceRef = sourceRef,
                    ActualLabel = actual ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                    Change = actual ? (a ? ImageChange.NewlyMissed : ImageChange.NewlyCaught)
                        : (b ? ImageChange.NewFalseAlarm : ImageChange.FalseAlarmRemoved),
                    ReferenceModel = referenceName,
                    DifferenceModel = differenceName,
                    ReferenceOutcome = ClassificationMetrics.OutcomeOf(actual, a),
                    DifferenceOutcome = ClassificationMetrics.OutcomeOf(actual, b),
                    ReferenceScore = paired.ScoreA[k],
                    DifferenceScore = paired.ScoreB[k],
                });
            }
            return changed.Select((c, i) => (c, i)).OrderBy(x => x.c.Change).ThenBy(x => x.i).Select(x => x.c).ToList();
        }
    }
}
