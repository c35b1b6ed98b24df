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
}
