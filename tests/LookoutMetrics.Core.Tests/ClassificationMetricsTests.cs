using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using Xunit;

namespace LookoutMetrics.Tests;

public class ClassificationMetricsTests
{
    private const double Eps = 1e-12;

    /// <summary>A set from (score, actual anomaly) pairs; predicted anomaly = score >= 0.5 unless given.</summary>
    private static ScoreSet Set(params (double Score, bool Anomaly)[] images)
    {
        var set = new ScoreSet("p", "1", "test");
        foreach (var (score, anomaly) in images) set.Add(score, anomaly, score >= 0.5);
        return set;
    }

    private static (double, bool)[] A(params double[] s) => s.Select(x => (x, true)).ToArray();
    private static (double, bool)[] N(params double[] s) => s.Select(x => (x, false)).ToArray();

    [Fact]
    public void HandComputedRanking()
    {
        // Pairs won: 0.9 beats 3 normals, 0.8 beats 3, 0.4 beats 2 -> U = 8 of 9.
        // AP: 0.9 (P 1, R 1/3), 0.8 (P 1, R 2/3), 0.7 (normal), 0.4 (P 3/4, R 1) -> 1/3 + 1/3 + 1/3 * 3/4 = 11/12.
        var set = Set([.. A(0.9, 0.8, 0.4), .. N(0.7, 0.3, 0.2)]);
        var (auc, ap) = ClassificationMetrics.Ranking(set);
        Assert.Equal(8.0 / 9.0, auc, Eps);
        Assert.Equal(11.0 / 12.0, ap, Eps);
    }

    [Fact]
    public void TiesAcrossClassesCountOneHalfAndFormOnePoint()
    {
        // 0.8 beats both normals; 0.5 ties a normal (1/2) and beats 0.2 -> U = 3.5 of 4.
        // AP: 0.8 (P 1, R 1/2), 0.5 takes both tied images at once (P 2/3, R 1) -> 1/2 + 1/2 * 2/3 = 5/6.
        var set = Set([.. A(0.8, 0.5), .. N(0.5, 0.2)]);
        var (auc, ap) = ClassificationMetrics.Ranking(set);
        Assert.Equal(0.875, auc, Eps);
        Assert.Equal(5.0 / 6.0, ap, Eps);
    }

    [Fact]
    public void AllScoresTied()
    {
        var set = Set([.. A(0.6, 0.6), .. N(0.6)]);
        var (auc, ap) = ClassificationMetrics.Ranking(set);
        Assert.Equal(0.5, auc, Eps);
        Assert.Equal(2.0 / 3.0, ap, Eps);
        Assert.Single(ClassificationMetrics.Curve(set));
    }

    [Fact]
    public void ReversedRanking()
    {
        // Every anomaly below every normal: AUC 0. AP: 0.9, 0.8 (P 0), 0.2 (P 1/3, R 1/2), 0.1 (P 1/2, R 1) -> 1/6 + 1/4.
        var set = Set([.. A(0.1, 0.2), .. N(0.8, 0.9)]);
        var (auc, ap) = ClassificationMetrics.Ranking(set);
        Assert.Equal(0.0, auc, Eps);
        Assert.Equal(5.0 / 12.0, ap, Eps);
    }

    [Fact]
    public void OnlyNormalImagesGiveNaNWithAWarning()
    {
        var warnings = new List<string>();
        var s = ClassificationMetrics.Summarize(Set(N(0.1, 0.7, 0.3)), null, warnings);
        Assert.True(double.IsNaN(s.ROCAUC));
        Assert.True(double.IsNaN(s.AveragePrecision));
        Assert.Equal(0, s.Anomalous);
        Assert.Equal(1, s.FalsePositives);
        Assert.Equal(0.0, s.Precision);
        Assert.Contains(warnings, w => w.Contains("only normal images (3)") && w.Contains("ROC AUC is NaN"));
    }

    [Fact]
    public void OnlyAnomaliesGiveNaNRocAucAndAveragePrecisionOne()
    {
        var warnings = new List<string>();
        var s = ClassificationMetrics.Summarize(Set(A(0.9, 0.2, 0.6)), null, warnings);
        Assert.True(double.IsNaN(s.ROCAUC));
        Assert.Equal(1.0, s.AveragePrecision, Eps);
        Assert.Contains(warnings, w => w.Contains("only anomalies"));
    }

    [Fact]
    public void AModelThatPredictsNoAnomaly()
    {
        var warnings = new List<string>();
        var s = ClassificationMetrics.Summarize(Set([.. A(0.4, 0.3), .. N(0.2, 0.1)]), null, warnings);
        Assert.Equal((0L, 0L, 2L, 2L), (s.TruePositives, s.FalsePositives, s.TrueNegatives, s.FalseNegatives));
        Assert.Equal(0.0, s.Precision);
        Assert.Equal(0.0, s.Recall);
        Assert.Equal(0.0, s.F1Score);
        Assert.Equal(0.5, s.Accuracy);
        Assert.Equal(1.0, s.ROCAUC, Eps); // the ranking is still perfect
        Assert.Contains(warnings, w => w.Contains("no image is predicted anomalous"));
    }

    [Fact]
    public void CountsAndMetricsAtTheModelsOwnPredictions()
    {
        var set = new ScoreSet("p", "1", "t");
        set.Add(0.9, true, true);   // TP
        set.Add(0.55, false, true); // FP
        set.Add(0.5, true, false);  // FN: a predicted normal with confidence 0.5 scores 0.5
        set.Add(0.1, false, false); // TN
        set.Add(0.7, true, true);   // TP
        var s = ClassificationMetrics.Summarize(set, null);
        Assert.Equal((2L, 1L, 1L, 1L), (s.TruePositives, s.FalsePositives, s.TrueNegatives, s.FalseNegatives));
        Assert.Equal((5L, 3L, 2L, 3L, 2L), (s.Images, s.Anomalous, s.Normal, s.Correct, s.Incorrect));
        Assert.Equal(2.0 / 3.0, s.Precision, Eps);
        Assert.Equal(2.0 / 3.0, s.Recall, Eps);
        Assert.Equal(4.0 / 6.0, s.F1Score, Eps);
        Assert.Equal(0.6, s.Accuracy, Eps);
        Assert.Null(s.Threshold);
    }

    [Fact]
    public void RethresholdingCallsAnomalousEveryScoreAtOrAboveIt()
    {
        var set = Set([.. A(0.9, 0.8, 0.4), .. N(0.8, 0.3, 0.2)]);
        var at08 = ClassificationMetrics.Summarize(set, 0.8);
        Assert.Equal((2L, 1L, 2L, 1L), (at08.TruePositives, at08.FalsePositives, at08.TrueNegatives, at08.FalseNegatives));
        Assert.Equal(0.8, at08.Threshold);
        var at03 = ClassificationMetrics.Summarize(set, 0.3);
        Assert.Equal((3L, 2L, 1L, 0L), (at03.TruePositives, at03.FalsePositives, at03.TrueNegatives, at03.FalseNegatives));
        var all = ClassificationMetrics.Summarize(set, 0.0);
        Assert.Equal(6, all.TruePositives + all.FalsePositives);
        // The ranking metrics do not depend on the threshold.
        Assert.Equal(at08.ROCAUC, at03.ROCAUC);
    }

    [Fact]
    public void AThresholdOf02IncludesAScoreOf1Minus08()
    {
        var image = new EvaluationImage();
        double score = Metrics.ClassificationMetrics.AnomalyScore(false, 0.8);
        Assert.Equal(0.2, score);
        var set = new ScoreSet("p", "1", "t");
        set.Add(score, true, false);
        Assert.Equal(1, ClassificationMetrics.Summarize(set, 0.2).TruePositives);
    }

    [Fact]
    public void TheCurveHasOnePointPerDistinctScoreAndMarksTheBestF1()
    {
        var set = Set([.. A(0.9, 0.8, 0.4), .. N(0.7, 0.3, 0.2, 0.8)]);
        var curve = ClassificationMetrics.Curve(set);
        Assert.Equal([0.9, 0.8, 0.7, 0.4, 0.3, 0.2], curve.Select(p => p.Threshold));
        var at08 = curve[1];
        Assert.Equal((2L, 1L, 3L, 1L), (at08.TruePositives, at08.FalsePositives, at08.TrueNegatives, at08.FalseNegatives));
        Assert.Equal(2.0 / 3.0, at08.Precision, Eps);
        Assert.Equal(2.0 / 3.0, at08.Recall, Eps);
        Assert.Equal(0.25, at08.FalsePositiveRate, Eps);
        // F1 per point: 2/4, 4/6, 4/7, 6/8, 6/9, 6/10.
        Assert.Equal([0.5, 4.0 / 6, 4.0 / 7, 0.75, 6.0 / 9, 0.6], curve.Select(p => Math.Round(p.F1Score, 12)).Select(f => f), new ToleranceComparer());
        Assert.Equal([false, false, false, true, false, false], curve.Select(p => p.IsBestF1));
        var last = curve[^1];
        Assert.Equal((1.0, 1.0), (last.Recall, last.FalsePositiveRate));
    }

    [Fact]
    public void AmongEqualBestF1TheHigherThresholdIsMarked()
    {
        // F1: 0.9 -> 2/3, 0.8 -> 2/4, 0.7 -> 2/5, 0.6 -> 4/6 = 2/3 again.
        var curve = ClassificationMetrics.Curve(Set([.. A(0.9), .. N(0.8, 0.7), .. A(0.6)]));
        Assert.Equal(curve[0].F1Score, curve[3].F1Score, Eps);
        Assert.Equal([true, false, false, false], curve.Select(p => p.IsBestF1));
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void TheCurveAgreesWithRankingByTheTrapezoidRule()
    {
        var set = RandomSet(new Random(5), 500, ties: true);
        var curve = ClassificationMetrics.Curve(set);
        double auc = 0, prevX = 0, prevY = 0;
        foreach (var p in curve)
        {
            auc += (p.FalsePositiveRate - prevX) * (p.Recall + prevY) / 2;
            (prevX, prevY) = (p.FalsePositiveRate, p.Recall);
        }
        Assert.Equal(ClassificationMetrics.Ranking(set).RocAuc, auc, 1e-12);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void RocAucIsTheMannWhitneyStatistic(int seed, bool ties)
    {
        var set = RandomSet(new Random(seed), 400, ties);
        double u = 0;
        for (int i = 0; i < set.Count; i++)
        {
            if (!set.IsAnomaly(i)) continue;
            for (int j = 0; j < set.Count; j++)
            {
                if (set.IsAnomaly(j)) continue;
                u += set.Score(i) > set.Score(j) ? 1.0 : set.Score(i) == set.Score(j) ? 0.5 : 0.0;
            }
        }
        Assert.Equal(u / (set.Positives * set.Negatives), ClassificationMetrics.Ranking(set).RocAuc, 1e-12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RankingMetricsDoNotDependOnInputOrder(int seed)
    {
        var rng = new Random(seed);
        var images = Enumerable.Range(0, 300).Select(_ => (Score: Math.Round(rng.NextDouble(), 1), Anomaly: rng.NextDouble() < 0.4)).ToList();
        var first = Set(images.ToArray());
        var shuffled = Set(images.OrderBy(_ => rng.Next()).ToArray());
        var reversed = Set(Enumerable.Reverse(images).ToArray());
        var expected = ClassificationMetrics.Ranking(first);
        Assert.Equal(expected, ClassificationMetrics.Ranking(shuffled));
        Assert.Equal(expected, ClassificationMetrics.Ranking(reversed));
    }

    [Fact]
    public void AveragePrecisionIsTheStepSumOverDistinctThresholds()
    {
        // Independent O(n^2) definition: for each distinct threshold t (descending), P(t) * (R(t) - R(previous t)).
        var set = RandomSet(new Random(21), 300, ties: true);
        var thresholds = Enumerable.Range(0, set.Count).Select(set.Score).Distinct().OrderByDescending(t => t).ToList();
        double ap = 0, prevRecall = 0;
        foreach (var t in thresholds)
        {
            var selected = Enumerable.Range(0, set.Count).Where(i => set.Score(i) >= t).ToList();
            double tp = selected.Count(set.IsAnomaly);
            double recall = tp / set.Positives;
            ap += (recall - prevRecall) * (tp / selected.Count);
            prevRecall = recall;
        }
        Assert.Equal(ap, ClassificationMetrics.Ranking(set).AveragePrecision, 1e-12);
    }

    [Theory]
    [InlineData("circuitboard", "1")]
    [InlineData("circuitboard", "2")]
    [InlineData("cookies", "1")]
    public void RecomputesWhatTheSampleResultsReport(string project, string version)
    {
        // The sample results were computed by samples/New-SampleArtifacts.ps1, an independent implementation.
        var sets = new ScoreSetCollection();
        using (var stream = File.OpenRead(Repo.At("samples", project, $"EvaluationManifest-{project}-{version}.json")))
        {
            foreach (var entry in ManifestReader.Read(stream, "m")) sets.Add(entry.Image!);
        }
        var summary = ClassificationMetrics.Summarize(Assert.Single(sets.Sets), null);
        EvaluationResult reported;
        using (var stream = File.OpenRead(Repo.At("samples", project, $"EvaluationResult-{project}-{version}.json")))
        {
            reported = EvaluationResultReader.Read(stream, "r").Result!;
        }
        Assert.Equal(reported.Precision!.Value, summary.Precision, 6);
        Assert.Equal(reported.Recall!.Value, summary.Recall, 6);
        Assert.Equal(reported.F1Score!.Value, summary.F1Score, 6);
        Assert.Equal(reported.ROCAUC!.Value, summary.ROCAUC, 6);
        Assert.Equal(reported.AveragePrecision!.Value, summary.AveragePrecision, 6);
        Assert.Equal(reported.NumberOfTestingImages, (int)summary.Images);
    }

    [Fact]
    public void SetsKeepModelsApartInFirstSeenOrder()
    {
        var sets = new ScoreSetCollection();
        sets.Add(new EvaluationImage { ProjectName = "b", ModelVersion = "2", ActualLabel = "anomaly", PredictedLabel = "anomaly", AnomalyScore = 0.9 });
        sets.Add(new EvaluationImage { ProjectName = "a", ModelVersion = "1", ActualLabel = "normal", PredictedLabel = "normal", AnomalyScore = 0.1 });
        sets.Add(new EvaluationImage { ProjectName = "b", ModelVersion = "2", ActualLabel = "normal", PredictedLabel = "anomaly", AnomalyScore = 0.6 });
        Assert.Equal(["b 2", "a 1"], sets.Sets.Select(s => s.ProjectName + " " + s.ModelVersion));
        Assert.Equal(2, sets.Sets[0].Count);
        Assert.Equal(1, sets.Sets[0].Positives);
    }

    [Fact]
    public void AMillionImagesFitAsScoresAndLabels()
    {
        var set = new ScoreSet("p", "1", "t");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var rng = new Random(3);
        for (int i = 0; i < 1_000_000; i++) set.Add(rng.NextDouble(), (i & 3) == 0, (i & 1) == 0);
        long grew = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000_000, set.Count);
        // 25 bytes an image (score, labels, key, and where its source-ref's folder and name are kept), and the doubling arrays at
        // most twice that in all.
        Assert.True(grew < 2 * 25 * 1_048_576 + 4_000_000, $"{grew} bytes allocated for a million images");
        Assert.InRange(ClassificationMetrics.Ranking(set).RocAuc, 0.45, 0.55);
    }

    private static ScoreSet RandomSet(Random rng, int n, bool ties)
    {
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < n; i++)
        {
            bool anomaly = rng.NextDouble() < 0.35;
            double score = Math.Clamp(rng.NextDouble() * 0.7 + (anomaly ? 0.25 : 0.0), 0, 1);
            if (ties) score = Math.Round(score, 1);
            set.Add(score, anomaly, score >= 0.5);
        }
        return set;
    }
}
