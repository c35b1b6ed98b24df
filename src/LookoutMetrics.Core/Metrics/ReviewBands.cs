using System;
using System.Collections.Generic;
using System.Linq;

namespace LookoutMetrics.Metrics
{
    /// <summary>
    /// The review band of a model's test set: the two anomaly-score thresholds that send the fewest images to a person while at
    /// most a share r of the anomalies pass unseen (scores below PassBelow) and at most a share f of the normal images fail unseen
    /// (scores from FailFrom). The lowest band is found in one pass over the distinct scores: PassBelow as high as the miss rate
    /// allows, FailFrom as low as the false-alarm rate allows; where the two meet, no image needs a person, and the one threshold
    /// between them with the fewest mistakes (then the fewest escapes, then the lowest) is both.
    /// </summary>
    public static class ReviewBands
    {
        /// <summary>
        /// The band of the whole set, and how it holds on images it was not chosen on: the images dealt into k folds (each class
        /// spread evenly, in a seeded order), the band chosen on k-1 folds and applied to the one held out, k times, the held-out
        /// review, escapes and false alarms summed.
        /// </summary>
        public static ReviewBand Find(ScoreSet set, double maximumMissRate, double maximumFalseAlarmRate, int folds, ulong seed)
        {
            var band = Find(set, maximumMissRate, maximumFalseAlarmRate);
            if (folds < 2 || set.Count < folds) return band;
            var fold = CrossValidation.FoldsOf(set, folds, seed);
            long review = 0, escapes = 0, alarms = 0;
            for (int k = 0; k < folds; k++)
            {
                var chosen = Find(CrossValidation.Without(set, fold, k), maximumMissRate, maximumFalseAlarmRate);
                for (int i = 0; i < set.Count; i++)
                {
                    if (fold[i] != k) continue;
                    double s = set.Score(i);
                    if (s < chosen.PassBelow) { if (set.IsAnomaly(i)) escapes++; }
                    else if (s >= chosen.FailFrom) { if (!set.IsAnomaly(i)) alarms++; }
                    else review++;
                }
            }
            band.Folds = folds;
            band.OutOfFoldReviewImages = review;
            band.OutOfFoldEscapes = escapes;
            band.OutOfFoldFalseAlarms = alarms;
            band.OutOfFoldMissRate = set.Positives == 0 ? double.NaN : (double)escapes / set.Positives;
            band.OutOfFoldFalseAlarmRate = set.Negatives == 0 ? double.NaN : (double)alarms / set.Negatives;
            return band;
        }

        public static ReviewBand Find(ScoreSet set, double maximumMissRate, double maximumFalseAlarmRate)
        {
            int n = set.Count;
            var order = Enumerable.Range(0, n).OrderBy(set.Score).ToArray();
            // Candidates: each distinct score t (the band's edge: scores >= t are above it), and +infinity (no score is).
            var thresholds = new List<double>();
            var anomaliesBelow = new List<long>(); // anomalies with score < t
            var normalsFrom = new List<long>();    // normal images with score >= t
            long positives = set.Positives, negatives = set.Negatives, anomalies = 0, normals = 0;
            for (int k = 0; k < n; k++)
            {
                double s = set.Score(order[k]);
                if (k == 0 || s != set.Score(order[k - 1]))
                {
                    thresholds.Add(s);
                    anomaliesBelow.Add(anomalies);
                    normalsFrom.Add(negatives - normals);
                }
                if (set.IsAnomaly(order[k])) anomalies++; else normals++;
            }
            thresholds.Add(double.PositiveInfinity);
            anomaliesBelow.Add(anomalies);
            normalsFrom.Add(0);
            var imagesBelow = new long[thresholds.Count];
            for (int t = 0; t < thresholds.Count; t++) imagesBelow[t] = anomaliesBelow[t] + (negatives - normalsFrom[t]);

            long allowedEscapes = (long)Math.Floor(maximumMissRate * positives + 1e-9);
            long allowedAlarms = (long)Math.Floor(maximumFalseAlarmRate * negatives + 1e-9);
            int pass = 0, fail = thresholds.Count - 1;
            for (int t = 0; t < thresholds.Count; t++) if (anomaliesBelow[t] <= allowedEscapes) pass = t;       // rises with t
            for (int t = thresholds.Count - 1; t >= 0; t--) if (normalsFrom[t] <= allowedAlarms) fail = t;     // falls with t
            if (pass >= fail)
            {
                // The two meet: one threshold between them, with the fewest mistakes, passes and fails every image.
                int best = fail;
                for (int t = fail; t <= pass; t++)
                {
                    long errors = anomaliesBelow[t] + normalsFrom[t], bestErrors = anomaliesBelow[best] + normalsFrom[best];
                    if (errors < bestErrors || errors == bestErrors && anomaliesBelow[t] < anomaliesBelow[best]) best = t;
                }
                pass = fail = best;
            }
            var band = new ReviewBand
            {
                ProjectName = set.ProjectName, ModelVersion = set.ModelVersion, Source = set.Source,
                PassBelow = thresholds[pass], FailFrom = thresholds[fail],
                ReviewImages = imagesBelow[fail] - imagesBelow[pass],
                Escapes = anomaliesBelow[pass], FalseAlarms = normalsFrom[fail],
                Images = n, Anomalous = positives, Normal = negatives,
                MaximumMissRate = maximumMissRate, MaximumFalseAlarmRate = maximumFalseAlarmRate,
            };
            band.ReviewShare = n == 0 ? double.NaN : (double)band.ReviewImages / n;
            band.MissRate = positives == 0 ? double.NaN : (double)band.Escapes / positives;
            band.FalseAlarmRate = negatives == 0 ? double.NaN : (double)band.FalseAlarms / negatives;
            // The edge application passes an image predicted normal (score < 0.5) when its confidence 1 - score is at least
            // NormalThreshold, and fails one predicted anomalous (score >= 0.5) when its confidence, the score, is at least
            // AnomalyThreshold. On these images "score < PassBelow" is "score <= the highest score below PassBelow".
            double below = pass == 0 ? double.NegativeInfinity : thresholds[pass - 1];
            if (thresholds[pass] <= 0.5 && thresholds[fail] >= 0.5 && !double.IsInfinity(thresholds[fail]))
            {
                // No image passes alone when nothing lies below PassBelow: a confidence of 1 passes only a score of 0.
                band.NormalThreshold = double.IsNegativeInfinity(below) ? thresholds[pass] > 0 ? 1.0 : (double?)null : 1 - below;
                band.AnomalyThreshold = band.NormalThreshold.HasValue ? thresholds[fail] : (double?)null;
            }
            return band;
        }
    }
}
