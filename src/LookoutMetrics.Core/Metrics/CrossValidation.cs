using System;
using System.Collections.Generic;
using System.Linq;

namespace LookoutMetrics.Metrics
{
    /// <summary>
    /// How a threshold chosen on a test set holds on images it was not chosen on: the images dealt into k folds, the threshold
    /// chosen on k-1 of them and applied to the one held out, k times, the held-out outcomes pooled.
    /// </summary>
    public static class CrossValidation
    {
        /// <summary>Each image's fold: each class dealt in turn into the k folds, in a seeded order.</summary>
        public static int[] FoldsOf(ScoreSet set, int folds, ulong seed)
        {
            var fold = new int[set.Count];
            var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
            int next = 0;
            foreach (bool anomalous in new[] { true, false })
            {
                var members = Enumerable.Range(0, set.Count).Where(i => set.IsAnomaly(i) == anomalous).OrderBy(_ => random.Next()).ToList();
                foreach (int i in members) fold[i] = next++ % folds;
            }
            return fold;
        }


        /// <summary>The images of a set outside one fold, as a set of their own.</summary>
        public static ScoreSet Without(ScoreSet set, int[] fold, int heldOut)
        {
            var training = new ScoreSet(set.ProjectName, set.ModelVersion, set.Source);
            for (int i = 0; i < set.Count; i++) if (fold[i] != heldOut) training.Add(set.Score(i), set.IsAnomaly(i), set.IsPredictedAnomaly(i));
            return training;
        }

        /// <summary>
        /// The curve's chosen points (IsBestF1, IsLowestCost, IsBestAtRecall) given their out-of-fold figures: on each fold the same
        /// rule picks its threshold from the curve of the other folds, the held-out images are called anomalous from it, and the
        /// pooled outcomes give precision, recall, F1 and cost. A rule that picks no point on some fold leaves its figures empty.
        /// </summary>
        public static void Validate(ScoreSet set, IReadOnlyList<MetricCurvePoint> points, double? falsePositiveCost, double? falseNegativeCost,
            double? minimumRecall, int folds, ulong seed)
        {
            if (folds < 2 || set.Count < folds) return;
            var fold = FoldsOf(set, folds, seed);
            var rules = new (Func<MetricCurvePoint, bool> Chosen, MetricCurvePoint? Point)[]
            {
                (p => p.IsBestF1, points.FirstOrDefault(p => p.IsBestF1)),
                (p => p.IsLowestCost, points.FirstOrDefault(p => p.IsLowestCost)),
                (p => p.IsBestAtRecall, points.FirstOrDefault(p => p.IsBestAtRecall)),
            };
            // The held-out outcomes of each rule, pooled over the folds; a rule that picks no point on some fold has none.
            var pooled = new (long Tp, long Fp, long Fn, bool Every)[rules.Length];
            for (int r = 0; r < rules.Length; r++) pooled[r].Every = true;
            for (int k = 0; k < folds; k++)
            {
                // One curve of the other folds serves every rule.
                var curve = ClassificationMetrics.Curve(Without(set, fold, k), falsePositiveCost, falseNegativeCost, minimumRecall);
                for (int r = 0; r < rules.Length; r++)
                {
                    if (rules[r].Point == null || !pooled[r].Every) continue;
                    var pick = curve.FirstOrDefault(rules[r].Chosen);
                    if (pick == null) { pooled[r].Every = false; continue; }
                    for (int i = 0; i < set.Count; i++)
                    {
                        if (fold[i] != k) continue;
                        bool called = set.Score(i) >= pick.Threshold, actual = set.IsAnomaly(i);
                        if (called && actual) pooled[r].Tp++;
                        else if (called) pooled[r].Fp++;
                        else if (actual) pooled[r].Fn++;
                    }
                }
            }
            for (int r = 0; r < rules.Length; r++)
            {
                var point = rules[r].Point;
                if (point == null) continue;
                point.Folds = folds;
                var (tp, fp, fn, every) = pooled[r];
                if (!every) continue;
                // A point two rules chose carries the first rule's figures (best F1, then lowest cost, then the recall floor), and the
                // lowest-cost rule's cost.
                if (point.OutOfFoldF1Score == null)
                {
                    point.OutOfFoldPrecision = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
                    point.OutOfFoldRecall = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
                    point.OutOfFoldF1Score = 2 * tp + fp + fn == 0 ? double.NaN : 2.0 * tp / (2 * tp + fp + fn);
                }
                if (r == 1 && falsePositiveCost.HasValue && falseNegativeCost.HasValue)
                    point.OutOfFoldCost = falsePositiveCost.Value * fp + falseNegativeCost.Value * fn;
            }
        }
    }
}
