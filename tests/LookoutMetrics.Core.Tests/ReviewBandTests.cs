using LookoutMetrics.Metrics;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>The review band against a brute force over every pair of thresholds.</summary>
public class ReviewBandTests
{
    private static ScoreSet Set(IEnumerable<(double Score, bool Anomaly)> images)
    {
        var set = new ScoreSet("p", "1", "m");
        foreach (var (score, anomaly) in images) set.Add(score, anomaly, score >= 0.5);
        return set;
    }

    /// <summary>Every pair a &lt;= b of thresholds (each distinct score, and +infinity), feasible ones kept, the least review, then the
    /// fewest mistakes, then the fewest escapes, then the lowest threshold.</summary>
    private static (double A, double B, long Review, long Escapes, long Alarms) BruteForce(List<(double Score, bool Anomaly)> images, double r, double f)
    {
        var candidates = images.Select(i => i.Score).Distinct().OrderBy(s => s).Append(double.PositiveInfinity).ToList();
        long positives = images.Count(i => i.Anomaly), negatives = images.Count - positives;
        (double, double, long, long, long)? best = null;
        foreach (double a in candidates)
        {
            foreach (double b in candidates.Where(b => b >= a))
            {
                long escapes = images.Count(i => i.Anomaly && i.Score < a), alarms = images.Count(i => !i.Anomaly && i.Score >= b);
                if (escapes > Math.Floor(r * positives + 1e-9) || alarms > Math.Floor(f * negatives + 1e-9)) continue;
                long review = images.Count(i => i.Score >= a && i.Score < b);
                var key = (review, escapes + alarms, escapes, a);
                if (best == null || key.CompareTo((best.Value.Item3, best.Value.Item4 + best.Value.Item5, best.Value.Item4, best.Value.Item1)) < 0)
                    best = (a, b, review, escapes, alarms);
            }
        }
        return best!.Value;
    }

    [Fact]
    public void FindsTheBandABruteForceOverEveryPairOfThresholdsFinds()
    {
        var random = new Random(27);
        for (int trial = 0; trial < 400; trial++)
        {
            int n = random.Next(1, 60);
            var images = Enumerable.Range(0, n).Select(_ =>
            {
                bool anomaly = random.NextDouble() < 0.4;
                // Coarse scores: ties are common, and so are exact 0, 0.5 and 1.
                double score = Math.Round(Math.Clamp((anomaly ? 0.6 : 0.35) + (random.NextDouble() - 0.5) * 0.9, 0, 1) * 20) / 20;
                return (score, anomaly);
            }).ToList();
            double r = random.Next(4) * 0.1, f = random.Next(4) * 0.1;
            var band = ReviewBands.Find(Set(images), r, f);
            var expected = BruteForce(images, r, f);
            string what = $"trial {trial}: r {r}, f {f}, {n} images";
            Assert.True(expected.Review == band.ReviewImages, what + $": review {band.ReviewImages}, brute force {expected.Review}");
            Assert.Equal(expected.A, band.PassBelow);
            Assert.Equal(expected.B, band.FailFrom);
            Assert.Equal(expected.Escapes, band.Escapes);
            Assert.Equal(expected.Alarms, band.FalseAlarms);
            Assert.True(band.MissRate <= r + 1e-12 || double.IsNaN(band.MissRate), what);
            Assert.True(band.FalseAlarmRate <= f + 1e-12 || double.IsNaN(band.FalseAlarmRate), what);
        }
    }

    [Fact]
    public void TheBandAsTheEdgeApplicationsConfidencesSortsEveryImageAsTheBandDoes()
    {
        var images = new List<(double, bool)> { (0.05, false), (0.2, false), (0.3, true), (0.45, false), (0.55, true), (0.6, false), (0.8, true), (0.95, true) };
        var band = ReviewBands.Find(Set(images), 0, 0);
        Assert.Equal(0.3, band.PassBelow);
        Assert.Equal(0.8, band.FailFrom);
        Assert.Equal(4, band.ReviewImages);
        Assert.Equal(0.5, band.ReviewShare);
        Assert.NotNull(band.NormalThreshold);
        foreach (var (score, _) in images)
        {
            bool predictedAnomaly = score >= 0.5;
            double confidence = predictedAnomaly ? score : 1 - score;
            string edge = !predictedAnomaly && confidence >= band.NormalThreshold ? "pass" : predictedAnomaly && confidence >= band.AnomalyThreshold ? "fail" : "review";
            string mine = score < band.PassBelow ? "pass" : score >= band.FailFrom ? "fail" : "review";
            Assert.Equal(mine, edge);
        }
    }

    [Fact]
    public void LooseRatesNeedNoReviewAndABandAboveTheDecisionHasNoEdgeThresholds()
    {
        var images = new List<(double, bool)> { (0.1, false), (0.2, false), (0.7, true), (0.9, true) };
        var none = ReviewBands.Find(Set(images), 0, 0);
        Assert.Equal(0, none.ReviewImages);
        Assert.Equal(none.PassBelow, none.FailFrom);
        // Every normal image above 0.5: passing them alone needs a band that does not hold 0.5.
        var high = ReviewBands.Find(Set(new List<(double, bool)> { (0.6, false), (0.7, false), (0.9, true) }), 0, 0);
        Assert.Equal(0.9, high.PassBelow);
        Assert.Null(high.NormalThreshold);
        Assert.Null(high.AnomalyThreshold);
    }

    [Fact]
    public void OutOfFoldFiguresAreTheBandsOfTheOtherFoldsAppliedToEachHeldOutFold()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 40; trial++)
        {
            var images = Enumerable.Range(0, random.Next(10, 50)).Select(_ =>
            {
                bool anomaly = random.NextDouble() < 0.4;
                return (Math.Round(Math.Clamp((anomaly ? 0.62 : 0.35) + (random.NextDouble() - 0.5) * 0.8, 0, 1), 2), anomaly);
            }).ToList();
            var set = Set(images);
            int k = random.Next(2, 6);
            var band = ReviewBands.Find(set, 0.1, 0.1, k, (ulong)trial);
            var fold = CrossValidation.FoldsOf(set, k, (ulong)trial);
            long review = 0, escapes = 0, alarms = 0;
            for (int f = 0; f < k; f++)
            {
                var training = images.Where((_, i) => fold[i] != f).ToList();
                var chosen = BruteForce(training, 0.1, 0.1);
                foreach (var (score, anomaly) in images.Where((_, i) => fold[i] == f))
                {
                    if (score < chosen.A) { if (anomaly) escapes++; }
                    else if (score >= chosen.B) { if (!anomaly) alarms++; }
                    else review++;
                }
            }
            Assert.Equal(k, band.Folds);
            Assert.Equal(review, band.OutOfFoldReviewImages);
            Assert.Equal(escapes, band.OutOfFoldEscapes);
            Assert.Equal(alarms, band.OutOfFoldFalseAlarms);
            // The folds are the classes dealt evenly.
            for (int f = 0; f < k; f++)
                Assert.InRange(images.Where((x, i) => fold[i] == f && x.Item2).Count(), images.Count(x => x.Item2) / k, images.Count(x => x.Item2) / k + 1);
        }
    }

    [Fact]
    public void ABandChosenWithoutEscapesLetsSomeThroughOnImagesItWasNotChosenOn()
    {
        // Anomalies spread low: the in-sample band passes nothing below the lowest, and a held-out anomaly below the others escapes.
        var images = Enumerable.Range(0, 60).Select(i => (Score: (i % 3 == 0 ? 0.05 + i / 80.0 : 0.3 + (i % 7) / 100.0), Anomaly: i % 3 == 0)).ToList();
        var band = ReviewBands.Find(Set(images), 0, 0, 5, 1);
        Assert.Equal(0, band.Escapes);
        Assert.True(band.OutOfFoldEscapes > 0, "the held-out anomalies below the band chosen on the others escape");
    }
}

/// <summary>A curve's chosen thresholds measured on images they were not chosen on.</summary>
public class CurveFoldsTests
{
    [Fact]
    public void TheBestF1PointsOutOfFoldFiguresAreTheOtherFoldsBestThresholdsAppliedToTheHeldOutImages()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 30; trial++)
        {
            var set = new ScoreSet("p", "1", "m");
            var images = Enumerable.Range(0, random.Next(20, 80)).Select(_ =>
            {
                bool anomaly = random.NextDouble() < 0.4;
                return (Score: Math.Round(Math.Clamp((anomaly ? 0.6 : 0.4) + (random.NextDouble() - 0.5) * 0.7, 0, 1), 2), Anomaly: anomaly);
            }).ToList();
            foreach (var (score, anomaly) in images) set.Add(score, anomaly, score >= 0.5);
            var points = ClassificationMetrics.Curve(set, 1, 4, 0.8);
            CrossValidation.Validate(set, points, 1, 4, 0.8, 4, (ulong)trial);
            var fold = CrossValidation.FoldsOf(set, 4, (ulong)trial);
            long tp = 0, fp = 0, fn = 0;
            for (int k = 0; k < 4; k++)
            {
                // The threshold with the best F1 on the other folds, found here by trying every score of theirs.
                var training = images.Where((_, i) => fold[i] != k).ToList();
                double best = double.NaN, bestF1 = -1;
                foreach (double t in training.Select(x => x.Score).Distinct().OrderByDescending(x => x))
                {
                    long a = training.Count(x => x.Anomaly && x.Score >= t), b = training.Count(x => !x.Anomaly && x.Score >= t), c = training.Count(x => x.Anomaly && x.Score < t);
                    double f1 = 2.0 * a / (2 * a + b + c);
                    if (f1 > bestF1 + 1e-12) (best, bestF1) = (t, f1);
                }
                var modulePick = ClassificationMetrics.Curve(CrossValidation.Without(set, fold, k), 1, 4, 0.8).Single(p => p.IsBestF1).Threshold;
                Assert.True(modulePick == best, $"trial {trial} fold {k}: module {modulePick}, mine {best}, set {set.Count} images {images.Count}");
                foreach (var (score, anomaly) in images.Where((_, i) => fold[i] == k))
                {
                    if (score >= best && anomaly) tp++;
                    else if (score >= best) fp++;
                    else if (anomaly) fn++;
                }
            }
            var chosen = points.Single(p => p.IsBestF1);
            Assert.Equal(4, chosen.Folds);
            Assert.Equal(2.0 * tp / (2 * tp + fp + fn), chosen.OutOfFoldF1Score!.Value, 12);
            Assert.Equal((double)tp / (tp + fn), chosen.OutOfFoldRecall!.Value, 12);
            Assert.Null(points.First(p => !p.IsBestF1 && !p.IsLowestCost && !p.IsBestAtRecall).OutOfFoldF1Score);
            Assert.NotNull(points.Single(p => p.IsLowestCost).OutOfFoldCost);
        }
    }
}
