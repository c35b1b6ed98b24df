using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using LookoutMetrics;
using LookoutMetrics.Comparison;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Holm's adjustment, the primary metric, the intervals of the changes and the decision of Compare-LfvModel.</summary>
public class ComparisonVerdictTests
{
    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.NaN : x.GetDouble()).ToArray();

    [Fact]
    public void HolmEqualsStatsmodelsOnRandomPValueVectors()
    {
        var random = new Random(18);
        var cases = new List<double[]>();
        for (int k = 0; k < 300; k++)
        {
            int m = 1 + random.Next(12);
            // Small p-values, ties, values near and at 1, and repeated values: where step-down and its cap show.
            cases.Add(Enumerable.Range(0, m).Select(_ => random.Next(5) switch
            {
                0 => Math.Round(random.NextDouble() * 0.05, 3),
                1 => 1.0,
                2 => 0.02,
                _ => random.NextDouble(),
            }).ToArray());
        }
        using var oracle = Oracle.Run("stats_oracle.py", new { holm = cases });
        var expected = oracle.RootElement.GetProperty("holm").EnumerateArray().Select(Numbers).ToList();
        for (int k = 0; k < cases.Count; k++)
        {
            var adjusted = Inference.Holm(cases[k]);
            Assert.Equal(expected[k].Length, adjusted.Length);
            for (int i = 0; i < adjusted.Length; i++) Assert.Equal(expected[k][i], adjusted[i], 12);
        }
    }

    [Fact]
    public void HolmLeavesNaNOutOfTheFamily()
    {
        var adjusted = Inference.Holm(new[] { 0.01, double.NaN, 0.04 });
        Assert.Equal(0.02, adjusted[0], 15);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.04, adjusted[2], 15);
    }

    /// <summary>Two models on the same images: B differs from A on the images <paramref name="flip"/> selects.</summary>
    internal static (SummaryImages A, SummaryImages B) Pair(int n, Func<int, bool> anomalous, Func<int, bool> aRight, Func<int, bool> bRight, Func<int, double>? scoreA = null, Func<int, double>? scoreB = null)
    {
        var a = new ScoreSet("p", "1", "a");
        var b = new ScoreSet("p", "2", "b");
        for (int i = 0; i < n; i++)
        {
            bool y = anomalous(i), predA = aRight(i) ? y : !y, predB = bRight(i) ? y : !y;
            ulong key = ScoreSet.ImageKey($"s3://bucket/img{i}.jpg");
            a.Add(scoreA?.Invoke(i) ?? (predA ? 0.8 : 0.2), y, predA, key);
            b.Add(scoreB?.Invoke(i) ?? (predB ? 0.8 : 0.2), y, predB, key);
        }
        return (new SummaryImages(a, null), new SummaryImages(b, null));
    }

    private static List<ModelComparison> Compare((SummaryImages A, SummaryImages B) pair, ComparisonOptions options)
    {
        var a = ClassificationMetrics.Summarize(pair.A.Set, null);
        var b = ClassificationMetrics.Summarize(pair.B.Set, null);
        return ModelComparer.Compare("p 1", Value(a), pair.A, "p 2", Value(b), pair.B, options, null);
    }

    private static Func<string, double?> Value(EvaluationSummary s) => name => ModelComparer.AsNumber(typeof(EvaluationSummary).GetProperty(name)!.GetValue(s));

    [Fact]
    public void SignificantMeansTheAdjustedPValueIsBelowTheLevel()
    {
        // B is wrong on 8 of 100 normal images where A is right: McNemar p = 2^-7 on FalsePositives and Accuracy.
        var rows = Compare(Pair(200, i => i % 2 == 0, _ => true, i => i % 2 == 0 || i > 15), new ComparisonOptions { Samples = 500 });
        var tested = rows.Where(r => r.PValue.HasValue).ToList();
        var holm = Inference.Holm(tested.Select(r => r.PValue!.Value).ToList());
        for (int i = 0; i < tested.Count; i++)
        {
            Assert.Equal(holm[i], tested[i].AdjustedPValue!.Value, 15);
            Assert.True(tested[i].AdjustedPValue >= tested[i].PValue);
            Assert.Equal(tested[i].AdjustedPValue < 0.05, tested[i].Significant);
            Assert.Equal(tested[i].Significant == true ? "p 1" : string.Empty, tested[i].BetterModel);
        }
        Assert.True(rows.Single(r => r.Metric == "FalsePositives").Significant);
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.Worse, r.Decision));
        Assert.StartsWith("p 1 is better on 200 paired images: ", rows[0].Verdict);
        Assert.Contains($"Holm-adjusted over {tested.Count} tests", rows[0].Verdict);
    }

    /// <summary>Rows as the comparison of the shipped circuitboard pair has them: one raw p below 0.05 among eight.</summary>
    private static List<ModelComparison> EightTests(string? primary)
    {
        double[] p = { 0.891, 0.125, 0.193, 0.0623, 0.035, 0.5078, 1.0, 0.125 };
        return MetricTable.All.Select((m, i) => new ModelComparison
        {
            Metric = m.Name, ReferenceModel = "p 1", DifferenceModel = "p 2", ReferenceValue = 0.8, DifferenceValue = 0.9, Change = 0.1,
            Better = m.HigherIsBetter ? "Difference" : "Reference", PValue = p[i], IsPrimary = m.Name == primary,
            ChangeInterval = new ConfidenceInterval(0.01, 0.2, 0.95, ModelComparer.PairedBootstrap, true),
        }).ToList();
    }

    [Fact]
    public void ARawPValueBelowTheLevelIsNotEnoughWhenEightAreTested()
    {
        var rows = EightTests(null);
        ComparisonVerdict.Decide(rows, null, 40, new ComparisonOptions());
        var ap = rows.Single(r => r.Metric == "AveragePrecision");
        Assert.Equal(0.28, ap.AdjustedPValue!.Value, 12); // the smallest of eight, times eight
        Assert.False(ap.Significant);
        Assert.Equal(string.Empty, ap.BetterModel);
        Assert.Equal("Difference", ap.Better);
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.NoDifference, r.Decision));
        // The verdict says in words why a p of 0.035 is not significant.
        Assert.Equal("No significant difference on 40 paired images (Holm-adjusted over 8 tests, at the 0.05 level). AveragePrecision " +
            "(change +0.1000, p = 0.0350, adjusted 0.2800): its p is below 0.05 alone but not after Holm's adjustment over 8 tests, since " +
            "among that many tests one p this small is likely by chance; choose one -PrimaryMetric before looking to test one metric at " +
            "its own p", ap.Verdict);

        // Chosen beforehand as the one metric that decides, its raw p does; the rest stay Holm-adjusted.
        var primary = EightTests("AveragePrecision");
        ComparisonVerdict.Decide(primary, null, 40, new ComparisonOptions { PrimaryMetric = "AveragePrecision" });
        var row = primary.Single(r => r.IsPrimary);
        Assert.True(row.Significant);
        Assert.Equal("p 2", row.BetterModel);
        Assert.Equal(0.28, row.AdjustedPValue!.Value, 12);
        Assert.All(primary, r => Assert.Equal(ComparisonVerdict.Better, r.Decision));
        Assert.Equal("On the primary metric AveragePrecision, p 2 is better on 40 paired images (change +0.1000 [+0.010, +0.200], p = 0.0350). " +
            "Secondary results, Holm-adjusted over 8 tests: no significant difference", row.Verdict);
        Assert.All(primary.Where(r => !r.IsPrimary), r => Assert.False(r.Significant));

        // The same rule on a lower-is-better primary row: B worse.
        var worse = EightTests("FalseNegatives");
        worse.Single(r => r.Metric == "FalseNegatives").PValue = 0.01;
        ComparisonVerdict.Decide(worse, null, 40, new ComparisonOptions { PrimaryMetric = "FalseNegatives" });
        Assert.All(worse, r => Assert.Equal(ComparisonVerdict.Worse, r.Decision));
        Assert.StartsWith("On the primary metric FalseNegatives, p 1 is better", worse[0].Verdict);
    }

    [Fact]
    public void APrimaryMetricIsFoundWhateverItsCase()
    {
        var rows = EightTests("AveragePrecision");
        foreach (var r in rows) r.IsPrimary = false;
        var options = new ComparisonOptions { PrimaryMetric = "averageprecision" };
        Assert.Equal("AveragePrecision", options.Primary);
        Assert.Equal("FalseNegatives", new ComparisonOptions { PrimaryMetric = "FALSENEGATIVES", NonInferiorityMargin = 1 }.Primary);
        var compared = ModelComparer.Compare("p 1", n => n == "AveragePrecision" ? 0.8 : null, null, "p 2", n => n == "AveragePrecision" ? 0.9 : null, null, options, null);
        Assert.True(Assert.Single(compared).IsPrimary);
    }

    [Fact]
    public void APrimaryMetricWithoutATestIsNotTested()
    {
        var rows = EightTests("ROCAUC");
        rows.Single(r => r.Metric == "ROCAUC").PValue = null;
        ComparisonVerdict.Decide(rows, null, 40, new ComparisonOptions { PrimaryMetric = "ROCAUC" });
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.NotTested, r.Decision));
        Assert.StartsWith("Not tested: the primary metric ROCAUC has no paired test here", rows[0].Verdict);
        Assert.All(rows.Where(r => r.PValue.HasValue), r => Assert.NotNull(r.AdjustedPValue));
    }

    [Fact]
    public void SignificantRowsThatPointBothWaysAreMixed()
    {
        // B finds 20 more of 40 anomalies but raises 20 more of 60 false alarms; scores carry no ranking change.
        var rows = Compare(Pair(100, i => i < 40, i => i >= 20, i => i < 40 || i >= 60), new ComparisonOptions { Samples = 500 });
        Assert.True(rows.Single(r => r.Metric == "Recall").Significant);
        Assert.True(rows.Single(r => r.Metric == "FalsePositives").Significant);
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.Mixed, r.Decision));
        Assert.StartsWith("Neither is better everywhere (Holm-adjusted over ", rows[0].Verdict);
    }

    [Fact]
    public void NonInferiorityAsksWhetherTheChangeIntervalClearsTheMargin()
    {
        // The same predictions: the change of every metric is 0 on every replicate, so its interval is [0, 0].
        var same = Pair(80, i => i % 4 == 0, i => i % 7 != 0, i => i % 7 != 0);
        var notWorse = Compare(same, new ComparisonOptions { Samples = 300, NonInferiorityMargin = 0.02 });
        var f1 = notWorse.Single(r => r.IsPrimary);
        Assert.Equal("F1Score", f1.Metric);
        Assert.Equal(0.0, f1.ChangeInterval!.Lower);
        Assert.Equal(ComparisonVerdict.NotWorse, f1.Decision);
        Assert.StartsWith("p 2 is not worse than p 1 by more than 0.02 in F1Score on 80 paired images: change 0.0000, 95% interval [0.000, 0.000] lies wholly above -0.02", f1.Verdict);

        // At margin 0 the same [0, 0] holds the margin: neither answer can be said, and the sentence says so truly.
        var zero = Compare(same, new ComparisonOptions { Samples = 300, NonInferiorityMargin = 0 }).Single(r => r.IsPrimary);
        Assert.Equal(ComparisonVerdict.Inconclusive, zero.Decision);
        Assert.Contains("95% interval [0.000, 0.000] holds 0, so neither not worse nor worse can be said", zero.Verdict);
        Assert.DoesNotContain("-0", zero.Verdict);

        // B misses 12 of 20 anomalies A finds: its recall interval (exact, conditional on the 12 discordant pairs) lies wholly below
        // -0.05, so B is Worse.
        var worse = Compare(Pair(80, i => i % 4 == 0, _ => true, i => !(i % 4 == 0 && i < 48)), new ComparisonOptions { Samples = 300, PrimaryMetric = "Recall", NonInferiorityMargin = 0.05 });
        var recall = worse.Single(r => r.IsPrimary);
        Assert.True(recall.ChangeInterval!.Upper < -0.05);
        Assert.Equal(ComparisonVerdict.Worse, recall.Decision);
        Assert.StartsWith("p 2 is worse than p 1 by more than 0.05 in Recall", recall.Verdict);
        Assert.Contains("lies wholly below -0.05. Decided on 20 anomalous and 60 normal paired images; Precision, ", recall.Verdict);

        // B misses 1 of 20: the interval holds -0.05, so it may or may not be worse by more than the margin.
        var maybe = Compare(Pair(80, i => i % 4 == 0, _ => true, i => !(i % 4 == 0 && i < 4)), new ComparisonOptions { Samples = 300, PrimaryMetric = "Recall", NonInferiorityMargin = 0.05 }).Single(r => r.IsPrimary);
        Assert.True(maybe.ChangeInterval!.Lower <= -0.05 && maybe.ChangeInterval.Upper >= -0.05);
        Assert.Equal(ComparisonVerdict.Inconclusive, maybe.Decision);
        Assert.Contains("holds -0.05", maybe.Verdict);

        // Lower is better for the counts of mistakes: B's false alarms are tested against +m, and lie wholly above it.
        var alarms = Compare(Pair(80, i => i % 4 == 0, _ => true, i => i % 4 == 0 || i > 10), new ComparisonOptions { Samples = 300, PrimaryMetric = "FalsePositives", NonInferiorityMargin = 2 });
        var fp = alarms.Single(r => r.IsPrimary);
        Assert.True(fp.ChangeInterval!.Lower > 2);
        Assert.Equal(ComparisonVerdict.Worse, fp.Decision);
        Assert.Contains("lies wholly above +2. ", fp.Verdict);
    }

    [Fact]
    public void WithoutPerImageDataEveryRowIsNotTested()
    {
        var rows = ModelComparer.Compare("p 1", n => n == "F1Score" ? 0.8 : null, null, "p 2", n => n == "F1Score" ? 0.9 : null, null, new ComparisonOptions { PrimaryMetric = "F1Score" }, null);
        var row = Assert.Single(rows);
        Assert.Equal(ComparisonVerdict.NotTested, row.Decision);
        Assert.Null(row.AdjustedPValue);
        Assert.Null(row.ChangeInterval);
        Assert.Null(row.Significant);
        Assert.Equal(string.Empty, row.BetterModel);
        Assert.Equal("Difference", row.Better);
    }

    [Fact]
    public void ChangeIntervalsMatchA20000ReplicateBootstrapOfTheSameImages()
    {
        // 500 anomalies and 1,000 normal images, two models with correlated, continuous scores.
        var random = new Random(7);
        int n = 1500;
        var labels = new bool[n];
        var scoreA = new double[n];
        var scoreB = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i < 500;
            double shared = random.NextDouble();
            scoreA[i] = Math.Round(Math.Clamp((labels[i] ? 0.35 : 0) + 0.6 * shared + 0.25 * random.NextDouble() - 0.1, 0, 1), 4);
            scoreB[i] = Math.Round(Math.Clamp((labels[i] ? 0.42 : 0) + 0.6 * shared + 0.25 * random.NextDouble() - 0.12, 0, 1), 4);
        }
        var predA = scoreA.Select(s => s >= 0.5).ToArray();
        var predB = scoreB.Select(s => s >= 0.5).ToArray();
        var paired = new PairedImages(labels, predA, predB, scoreA, scoreB);
        var replicates = paired.BootstrapDifferences(20000, 11);
        using var oracle = Oracle.Run("stats_oracle.py", new
        {
            paired_bootstrap = new[]
            {
                new { labels = labels.Select(x => x ? 1 : 0), predA = predA.Select(x => x ? 1 : 0), predB = predB.Select(x => x ? 1 : 0), scoreA, scoreB, samples = 20000, level = 0.95, seed = 3 },
            },
        });
        var expected = oracle.RootElement.GetProperty("paired_bootstrap")[0];
        foreach (string metric in MetricTable.Names)
        {
            var ci = Inference.PercentileInterval(replicates.Of(metric), 0.95, ModelComparer.PairedBootstrap, change: true);
            var bounds = Numbers(expected.GetProperty(metric));
            // The counts of mistakes as rates of their class, so that "a few thousandths" means the same everywhere.
            double scale = metric == "FalsePositives" ? 1000 : metric == "FalseNegatives" ? 500 : 1;
            Assert.InRange(Math.Abs(ci.Lower - bounds[0]) / scale, 0, 0.004);
            Assert.InRange(Math.Abs(ci.Upper - bounds[1]) / scale, 0, 0.004);
            Assert.True(ci.Upper - ci.Lower > 0.005 * scale, $"{metric}: the interval has a width to compare");
        }
    }

    [Fact]
    public void TheIntervalsComeFromTheSeededReplicatesAndPrintWithTheirSigns()
    {
        var pair = Pair(120, i => i % 3 == 0, i => i % 5 != 0, i => i % 7 != 0, i => (i * 37 % 101) / 101.0, i => (i * 53 % 103) / 103.0);
        var one = Compare(pair, new ComparisonOptions { Samples = 400, Seed = 5 });
        var again = Compare(pair, new ComparisonOptions { Samples = 400, Seed = 5 });
        var other = Compare(pair, new ComparisonOptions { Samples = 400, Seed = 6 });
        Assert.Equal(one.Select(r => r.ChangeInterval!.ToString()), again.Select(r => r.ChangeInterval!.ToString()));
        Assert.NotEqual(one.Select(r => r.ChangeInterval!.ToString()), other.Select(r => r.ChangeInterval!.ToString()));
        foreach (var r in one)
        {
            Assert.Equal(0.95, r.ChangeInterval!.Level);
            Assert.Matches(@"^\[[+-]?\d+\.\d{3}, [+-]?\d+\.\d{3}\]$", r.ChangeInterval.ToString());
            if (r.ChangeInterval.Lower < 0) Assert.StartsWith("[-", r.ChangeInterval.ToString());
            if (r.ChangeInterval.Upper > 0) Assert.Contains(", +", r.ChangeInterval.ToString());
        }
        var narrow = Compare(pair, new ComparisonOptions { Samples = 400, Seed = 5, ConfidenceLevel = 0.5 });
        for (int i = 0; i < one.Count; i++)
        {
            Assert.InRange(narrow[i].ChangeInterval!.Lower, one[i].ChangeInterval!.Lower, one[i].ChangeInterval!.Upper);
            Assert.InRange(narrow[i].ChangeInterval!.Upper, one[i].ChangeInterval!.Lower, one[i].ChangeInterval!.Upper);
        }
    }

    [Fact]
    public void CancellingEndsAMillionReplicateBootstrapBetweenReplicates()
    {
        var pair = Pair(2000, i => i % 3 == 0, i => i % 5 != 0, i => i % 7 != 0, i => (i * 37 % 1009) / 1009.0, i => (i * 53 % 1013) / 1013.0);
        using var cancel = new CancellationTokenSource();
        var watch = new Stopwatch();
        cancel.Token.Register(watch.Start);
        cancel.CancelAfter(300);
        var e = Record.Exception(() => Compare(pair, new ComparisonOptions { Samples = 1_000_000, Cancel = cancel.Token }));
        watch.Stop();
        Assert.IsAssignableFrom<OperationCanceledException>(e);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the bootstrap ended {watch.Elapsed.TotalMilliseconds:N0} ms after the cancel");
    }
}

/// <summary>Every row's interval agrees with its own test: it leaves out no change exactly when the row's p is below 1 - level.</summary>
public class ChangeIntervalAgreementTests
{
    [Fact]
    public void ClopperPearsonIsSciPysExactInterval()
    {
        var cases = new List<double[]>();
        foreach (var (c, n) in new (long, long)[] { (0, 1), (1, 1), (0, 6), (3, 6), (6, 6), (1, 12), (7, 40), (200, 1000), (0, 3000) })
            foreach (double level in new[] { 0.9, 0.95, 0.99 }) cases.Add([c, n, level]);
        using var oracle = Oracle.Run("stats_oracle.py", new Dictionary<string, object> { ["clopper_pearson"] = cases });
        var expected = oracle.RootElement.GetProperty("clopper_pearson");
        for (int i = 0; i < cases.Count; i++)
        {
            var (lo, hi) = ChangeIntervals.ClopperPearson((long)cases[i][0], (long)cases[i][1], cases[i][2]);
            Assert.Equal(expected[i][0].GetDouble(), lo, 9);
            Assert.Equal(expected[i][1].GetDouble(), hi, 9);
        }
    }

    [Fact]
    public void EveryTestedRowsIntervalLeavesOutNoChangeExactlyWhenItsPIsBelowTheLevel()
    {
        var random = new Random(20261206);
        int rows = 0, significant = 0;
        for (int set = 0; set < 60; set++)
        {
            int n = random.Next(12, 160);
            double skill = random.NextDouble() * 0.3, flip = random.NextDouble() * 0.3;
            var a = new ScoreSet("p", "1", "a");
            var b = new ScoreSet("p", "2", "b");
            for (int i = 0; i < n; i++)
            {
                bool y = random.NextDouble() < 0.4;
                double sa = Math.Clamp(y ? 0.5 + skill + random.NextDouble() * 0.5 - 0.3 : random.NextDouble() * 0.7, 0, 1);
                double sb = Math.Clamp(random.NextDouble() < flip ? random.NextDouble() : sa + (random.NextDouble() - 0.5) * 0.2, 0, 1);
                ulong key = ScoreSet.ImageKey($"s3://bucket/img{i}.jpg");
                a.Add(sa, y, sa >= 0.5, key);
                b.Add(sb, y, sb >= 0.5, key);
            }
            var sumA = ClassificationMetrics.Summarize(a, null);
            var sumB = ClassificationMetrics.Summarize(b, null);
            Func<EvaluationSummary, Func<string, double?>> value = s => name => ModelComparer.AsNumber(typeof(EvaluationSummary).GetProperty(name)!.GetValue(s));
            foreach (double level in new[] { 0.9, 0.95 })
            {
                var options = new ComparisonOptions { Samples = 400, ConfidenceLevel = level, Seed = (ulong)set };
                foreach (var row in ModelComparer.Compare("p 1", value(sumA), new SummaryImages(a, null), "p 2", value(sumB), new SummaryImages(b, null), options, null))
                {
                    if (row.PValue == null || row.ChangeInterval == null) continue;
                    bool excludes = row.ChangeInterval.Lower > 0 || row.ChangeInterval.Upper < 0;
                    Assert.True(excludes == (row.PValue.Value < 1 - level),
                        $"set {set}, {row.Metric} ({row.Test}): p {row.PValue:0.####} at level {level}, interval {row.ChangeInterval}");
                    rows++;
                    if (excludes) significant++;
                }
            }
        }
        Assert.True(rows > 500);
        Assert.True(significant > 50 && significant < rows - 50, $"{significant} of {rows} significant: the sets test both sides");
    }
}

/// <summary>How many images would settle an undecided comparison: the same images repeated to 1.5 times that many decide it.</summary>
public class ImagesNeededTests
{
    private static List<ModelComparison> Compare((SummaryImages A, SummaryImages B) pair, ComparisonOptions options)
    {
        var a = ClassificationMetrics.Summarize(pair.A.Set, null);
        var b = ClassificationMetrics.Summarize(pair.B.Set, null);
        Func<EvaluationSummary, Func<string, double?>> value = s => name => ModelComparer.AsNumber(typeof(EvaluationSummary).GetProperty(name)!.GetValue(s));
        return ModelComparer.Compare("p 1", value(a), pair.A, "p 2", value(b), pair.B, options, null);
    }

    // 40 images, 16 anomalies; the two models disagree on four images, two each way; with extraCaught 1, B also finds the anomaly
    // it missed, and with -1 it misses one more.
    private static (SummaryImages, SummaryImages) Set(int copies, int extraCaught) => ComparisonVerdictTests.Pair(40 * copies, i => i % 40 < 16,
        i => i % 40 != 3 && i % 40 != 20, i => !(i % 40 == 5 && extraCaught <= 0) && i % 40 != 22 && !(i % 40 == 7 && extraCaught < 0));

    [Fact]
    public void AnInconclusiveNonInferiorityRowSaysHowManyImagesWouldSettleItAndThatManyDo()
    {
        var options = new ComparisonOptions { Samples = 1000, NonInferiorityMargin = 0.05 };
        var row = Compare(Set(1, 0), options).Single(r => r.IsPrimary);
        Assert.Equal(ComparisonVerdict.Inconclusive, row.Decision);
        Assert.NotNull(row.ImagesNeeded);
        Assert.Contains($"about {row.ImagesNeeded} paired images would show it not worse", row.Verdict);
        int copies = (int)Math.Ceiling(1.5 * row.ImagesNeeded!.Value / 40.0);
        var settled = Compare(Set(copies, 0), options).Single(r => r.IsPrimary);
        Assert.Equal(ComparisonVerdict.NotWorse, settled.Decision);
    }

    [Fact]
    public void AChangeBeyondTheMarginIsNeverShownNotWorse()
    {
        // B misses one more anomaly in every 40: a change of F1 beyond -0.02.
        var options = new ComparisonOptions { Samples = 1000, NonInferiorityMargin = 0.02 };
        var row = Compare(Set(1, -1), options).Single(r => r.IsPrimary);
        Assert.True(row.Change < -0.02);
        Assert.Equal(ComparisonVerdict.Inconclusive, row.Decision);
        Assert.Contains("the change is itself beyond the margin, so no test set will show it not worse", row.Verdict);
        int copies = (int)Math.Ceiling(1.5 * row.ImagesNeeded!.Value / 40.0);
        Assert.Equal(ComparisonVerdict.Worse, Compare(Set(copies, -1), options).Single(r => r.IsPrimary).Decision);
    }

    [Fact]
    public void ANoDifferenceOnThePrimaryMetricSaysHowManyImagesWouldShowTheChange()
    {
        var options = new ComparisonOptions { Samples = 1000, PrimaryMetric = "F1Score" };
        var row = Compare(Set(1, 1), options).Single(r => r.IsPrimary);
        Assert.Equal(ComparisonVerdict.NoDifference, row.Decision);
        Assert.Contains($"About {row.ImagesNeeded} paired images would show a change this large", row.Verdict);
        int copies = (int)Math.Ceiling(1.5 * row.ImagesNeeded!.Value / 40.0);
        Assert.Equal(ComparisonVerdict.Better, Compare(Set(copies, 1), options).Single(r => r.IsPrimary).Decision);
    }
}
