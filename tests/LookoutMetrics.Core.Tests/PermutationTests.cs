using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LookoutMetrics;
using LookoutMetrics.Comparison;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// Small sets stay uncertain (issue 27, point 2): the bootstrap and DeLong rows of a set with a class under 30 images, or whose
/// variance is 0, are tested by the exact paired permutation test, checked against NumPy's enumeration of every pattern.
/// </summary>
public class PairedPermutationTests
{
    private static readonly string[] Permuted = { "Precision", "F1Score", "ROCAUC", "AveragePrecision" };

    private static (SummaryImages A, SummaryImages B) Sets(bool[] y, bool[] predA, bool[] predB, double[] scoreA, double[] scoreB)
    {
        var a = new ScoreSet("p", "1", "a");
        var b = new ScoreSet("p", "2", "b");
        for (int i = 0; i < y.Length; i++)
        {
            ulong key = ScoreSet.ImageKey($"s3://bucket/img{i}.jpg");
            a.Add(scoreA[i], y[i], predA[i], key);
            b.Add(scoreB[i], y[i], predB[i], key);
        }
        return (new SummaryImages(a, null), new SummaryImages(b, null));
    }

    private static List<ModelComparison> Compare((SummaryImages A, SummaryImages B) pair, ComparisonOptions options, List<string>? warnings = null)
    {
        var a = ClassificationMetrics.Summarize(pair.A.Set, null);
        var b = ClassificationMetrics.Summarize(pair.B.Set, null);
        Func<EvaluationSummary, Func<string, double?>> value = s => name => ModelComparer.AsNumber(typeof(EvaluationSummary).GetProperty(name)!.GetValue(s));
        return ModelComparer.Compare("p 1", value(a), pair.A, "p 2", value(b), pair.B, options, warnings);
    }

    private static object Case(bool[] y, bool[] pa, bool[] pb, double[] sa, double[] sb) => new
    {
        labels = y.Select(v => v ? 1 : 0), predA = pa.Select(v => v ? 1 : 0), predB = pb.Select(v => v ? 1 : 0), scoreA = sa, scoreB = sb,
    };

    [Fact]
    public void SixImagesWhereTheSuccessorScoresEveryImageAlikeDecideNothing()
    {
        // The issue's pilot: 3 anomalous and 3 normal images; the retired model separates them, the successor scores every image 0.998.
        bool[] y = { true, true, true, false, false, false };
        bool[] pa = { true, true, true, false, false, false }, pb = { true, true, true, true, true, true };
        double[] sa = { 0.9, 0.8, 0.7, 0.3, 0.2, 0.1 }, sb = { 0.998, 0.998, 0.998, 0.998, 0.998, 0.998 };
        using var oracle = Oracle.Run("stats_oracle.py", new Dictionary<string, object> { ["permutation"] = new[] { Case(y, pa, pb, sa, sb) } });
        var expected = oracle.RootElement.GetProperty("permutation")[0];
        Assert.Equal(0.34375, expected.GetProperty("ROCAUC").GetDouble(), 12);

        var warnings = new List<string>();
        var rows = Compare(Sets(y, pa, pb, sa, sb), new ComparisonOptions { Samples = 500, NonInferiorityMargin = 0.02, PrimaryMetric = "ROCAUC" }, warnings);
        foreach (var row in rows.Where(r => Permuted.Contains(r.Metric)))
        {
            Assert.Equal(expected.GetProperty(row.Metric).GetDouble(), row.PValue!.Value, 9);
            Assert.Equal("Paired permutation, exact over 64 patterns (interval approximate)", row.Test);
            Assert.Equal(PairedPermutation.ShiftedNull, row.ChangeInterval!.Method);
        }
        foreach (var row in rows)
        {
            Assert.True(row.PValue > 0, $"{row.Metric}: p {row.PValue}");
            if (row.Change != 0) Assert.True(row.ChangeInterval!.Upper > row.ChangeInterval.Lower, $"{row.Metric}: {row.ChangeInterval}");
        }
        var auc = rows.Single(r => r.Metric == "ROCAUC");
        Assert.Equal(-0.5, auc.Change!.Value, 12);
        Assert.True(auc.ChangeInterval!.Lower < -0.02 && auc.ChangeInterval.Upper > -0.02, $"{auc.ChangeInterval}");
        Assert.Equal(ComparisonVerdict.Inconclusive, auc.Decision);
        const string said = "3 anomalous and 3 normal paired images decided it: Precision, F1Score, ROCAUC and AveragePrecision were tested by " +
            "an exact paired permutation test over all 64 patterns of swaps";
        Assert.EndsWith("Decided on 3 anomalous and 3 normal paired images; Precision, F1Score, ROCAUC and AveragePrecision were tested by " +
            "an exact paired permutation test (intervals approximate)", auc.Verdict);
        Assert.Contains(warnings, w => w.Contains(said) && w.Contains("a test set this small shows only large changes"));
    }

    [Fact]
    public void ExactPValuesAreNumPysEnumerationOfEveryPattern()
    {
        var random = new Random(27);
        var cases = new List<(bool[] Y, bool[] Pa, bool[] Pb, double[] Sa, double[] Sb)>();
        for (int c = 0; c < 24; c++)
        {
            int n = random.Next(6, 15);
            var y = Enumerable.Range(0, n).Select(i => i < 2 || (i >= 4 && random.NextDouble() < 0.4)).ToArray();
            y[2] = y[3] = false;
            // Scores on a coarse grid, so that ties within and between the models happen; some images predicted alike.
            double[] sa = y.Select(v => Math.Round(Math.Clamp((v ? 0.6 : 0.35) + (random.NextDouble() - 0.5) * 0.6, 0, 1) * 10) / 10).ToArray();
            double[] sb = sa.Select(s => random.NextDouble() < 0.25 ? s : Math.Round(random.NextDouble() * 10) / 10).ToArray();
            cases.Add((y, sa.Select(s => s >= 0.5).ToArray(), sb.Select(s => s >= 0.5).ToArray(), sa, sb));
        }
        using var oracle = Oracle.Run("stats_oracle.py", new Dictionary<string, object> { ["permutation"] = cases.Select(c => Case(c.Y, c.Pa, c.Pb, c.Sa, c.Sb)) });
        int compared = 0;
        for (int c = 0; c < cases.Count; c++)
        {
            var expected = oracle.RootElement.GetProperty("permutation")[c];
            var rows = Compare(Sets(cases[c].Y, cases[c].Pa, cases[c].Pb, cases[c].Sa, cases[c].Sb), new ComparisonOptions { Samples = 200 });
            foreach (var row in rows.Where(r => Permuted.Contains(r.Metric)))
            {
                Assert.Equal($"Paired permutation, exact over {expected.GetProperty("patterns").GetInt32()} patterns (interval approximate)", row.Test);
                Assert.True(Math.Abs(expected.GetProperty(row.Metric).GetDouble() - row.PValue!.Value) < 1e-9,
                    $"case {c}, {row.Metric}: NumPy {expected.GetProperty(row.Metric).GetDouble()}, module {row.PValue}");
                compared++;
            }
        }
        Assert.Equal(24 * 4, compared);
    }

    [Fact]
    public void BeyondSixteenDifferingImagesRandomPatternsEstimateTheExactP()
    {
        // 18 images that all differ: 262,144 patterns for NumPy, 10,000 random ones for the module.
        var random = new Random(18);
        var y = Enumerable.Range(0, 18).Select(i => i % 2 == 0).ToArray();
        double[] sa = y.Select(v => Math.Round((v ? 0.55 : 0.4) + random.NextDouble() * 0.3, 3)).ToArray();
        double[] sb = y.Select(v => Math.Round((v ? 0.5 : 0.45) + random.NextDouble() * 0.3, 3)).ToArray();
        bool[] pa = sa.Select(s => s >= 0.6).ToArray(), pb = sb.Select(s => s >= 0.6).ToArray();
        using var oracle = Oracle.Run("stats_oracle.py", new Dictionary<string, object> { ["permutation"] = new[] { Case(y, pa, pb, sa, sb) } });
        var expected = oracle.RootElement.GetProperty("permutation")[0];
        Assert.Equal(1 << 18, expected.GetProperty("patterns").GetInt32());
        var rows = Compare(Sets(y, pa, pb, sa, sb), new ComparisonOptions { Samples = 200, Seed = 5 });
        foreach (var row in rows.Where(r => Permuted.Contains(r.Metric)))
        {
            Assert.Equal("Paired permutation, 10000 random patterns (interval approximate)", row.Test);
            double exact = expected.GetProperty(row.Metric).GetDouble();
            double se = Math.Sqrt(exact * (1 - exact) / PairedPermutation.RandomPatterns);
            Assert.True(Math.Abs(row.PValue!.Value - exact) < 4 * se + 2.0 / PairedPermutation.RandomPatterns,
                $"{row.Metric}: exact {exact}, from random patterns {row.PValue}");
        }
    }

    [Fact]
    public void AVarianceOfZeroOnALargeSetIsTestedByPermutationAndNoPIsZero()
    {
        // 300 images: the retired model separates them (but for 5 false alarms), the successor ties every image, so DeLong's variance
        // is 0 (it said p = 0), and so is the spread of average precision's replicates.
        int n = 300;
        var y = Enumerable.Range(0, n).Select(i => i % 2 == 0).ToArray();
        double[] sa = y.Select((v, i) => v ? 0.6 + i * 1e-3 : 0.1 + i * 1e-3).ToArray(), sb = y.Select(_ => 0.9).ToArray();
        bool[] pa = sa.Select((s, i) => s >= 0.5 || i < 10).ToArray(), pb = y.Select(_ => true).ToArray();
        var warnings = new List<string>();
        var rows = Compare(Sets(y, pa, pb, sa, sb), new ComparisonOptions { Samples = 400 }, warnings);
        var auc = rows.Single(r => r.Metric == "ROCAUC");
        Assert.Equal("Paired permutation, 10000 random patterns (interval approximate)", auc.Test);
        Assert.Equal(1.0 / (PairedPermutation.RandomPatterns + 1), auc.PValue!.Value, 12);
        Assert.True(auc.ChangeInterval!.Upper < 0 && auc.ChangeInterval.Upper > auc.ChangeInterval.Lower);
        Assert.True(warnings.Any(w => w.Contains("150 anomalous and 150 normal paired images decided it: ROCAUC and AveragePrecision were tested by " +
            "a paired permutation test over 10000 seeded random patterns of swaps, since their bootstrap replicates or DeLong's variance did not vary")), string.Join("\n", warnings));
        // The bootstrap rows keep the bootstrap: every replicate on one side shows p = 1/400, not 0.
        var f1 = rows.Single(r => r.Metric == "F1Score");
        Assert.StartsWith("Paired stratified bootstrap", f1.Test);
        Assert.Equal(1.0 / 400, f1.PValue!.Value, 12);
        Assert.All(rows, r => Assert.True(r.PValue > 0, $"{r.Metric}: p {r.PValue}"));
    }
}

/// <summary>The images two versions classify differently (issue 27, point 4), named from the source-refs the score sets keep.</summary>
public class ImageComparisonTests
{
    [Fact]
    public void ScoreSetsKeepEverySourceRefAsItWasAdded()
    {
        var set = new ScoreSet("p", "1", "m");
        string[] refs = { "s3://b/f/a.jpg", "s3://b/f/b.jpg", "", "no-folder.png", "s3://b/g/ünïcode ✓.jpg", "s3://b/f/", "/local/x.jpg" };
        for (int i = 0; i < 3000; i++) set.Add(0.5, i % 2 == 0, false, (ulong)i, refs[i % refs.Length] + (i >= refs.Length ? i.ToString() : ""));
        for (int i = 0; i < 3000; i++) Assert.Equal(refs[i % refs.Length] + (i >= refs.Length ? i.ToString() : ""), set.SourceRef(i));
        set.Add(0.1, false, false);
        Assert.Equal(string.Empty, set.SourceRef(3000));
    }

    [Fact]
    public void EachImageTheTwoClassifyDifferentlyIsNamedWithWhatChangedNewlyMissedFirst()
    {
        // Image i: anomalous when i < 6; A right on all but 1 and 7; B wrong on 0, 2 and 8, right on 1 and 7.
        var a = new ScoreSet("p", "1", "a");
        var b = new ScoreSet("p", "2", "b");
        var random = new Random(4);
        for (int i = 0; i < 12; i++)
        {
            bool y = i < 6;
            bool predA = (i == 1 || i == 7) ? !y : y, predB = (i == 0 || i == 2 || i == 8) ? !y : y;
            string source = $"s3://bucket/test/img{i:00}.jpg";
            a.Add(predA ? 0.9 : 0.1, y, predA, ScoreSet.ImageKey(source), source);
            b.Add(predB ? 0.8 + i / 100.0 : 0.2, y, predB, ScoreSet.ImageKey(source), source);
        }
        // An image only B has is not paired, so not listed.
        b.Add(0.9, false, true, ScoreSet.ImageKey("s3://bucket/test/extra.jpg"), "s3://bucket/test/extra.jpg");
        var changed = ImageComparisons.Of("p 1", new SummaryImages(a, null), "p 2", new SummaryImages(b, null));
        Assert.Equal(new[] { "img00.jpg", "img02.jpg", "img08.jpg", "img01.jpg", "img07.jpg" }, changed.Select(c => c.ImageName));
        Assert.Equal(new[] { ImageChange.NewlyMissed, ImageChange.NewlyMissed, ImageChange.NewFalseAlarm, ImageChange.NewlyCaught,
            ImageChange.FalseAlarmRemoved }, changed.Select(c => c.Change));
        var missed = changed[0];
        Assert.Equal("s3://bucket/test/img00.jpg", missed.SourceRef);
        Assert.Equal("anomaly", missed.ActualLabel);
        Assert.Equal(ClassificationOutcome.TruePositive, missed.ReferenceOutcome);
        Assert.Equal(ClassificationOutcome.FalseNegative, missed.DifferenceOutcome);
        Assert.Equal(0.9, missed.ReferenceScore);
        Assert.Equal(0.2, missed.DifferenceScore);
        Assert.Equal(ClassificationOutcome.FalsePositive, changed[2].DifferenceOutcome);
        Assert.Equal(0.88, changed[2].DifferenceScore, 12);
        Assert.All(changed, c => Assert.Equal(("p 1", "p 2"), (c.ReferenceModel, c.DifferenceModel)));
    }
}
