using System.Text.Json;
using LookoutMetrics.Comparison;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Intervals, tests and the normal distribution against statsmodels, scikit-learn and SciPy.</summary>
public class StatisticsOracleTests
{
    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();

    [Fact]
    public void WilsonAgreesWithStatsmodelsAndThePublishedValues()
    {
        var rng = new Random(11);
        var cases = new List<(long, long, double)> { (7, 50, 0.95), (0, 20, 0.95), (20, 20, 0.95), (1, 1, 0.9), (0, 1, 0.99), (500, 1000, 0.95), (3, 1_000_000, 0.95) };
        for (int i = 0; i < 60; i++)
        {
            long n = 1 + rng.Next(i < 30 ? 100 : 100_000);
            cases.Add((rng.NextInt64(n + 1), n, new[] { 0.8, 0.9, 0.95, 0.99, 0.999 }[rng.Next(5)]));
        }
        using var oracle = Oracle.Run("stats_oracle.py", new { wilson = cases.Select(c => new object[] { c.Item1, c.Item2, c.Item3 }) });
        var expected = oracle.RootElement.GetProperty("wilson").EnumerateArray().Select(Numbers).ToArray();
        for (int i = 0; i < cases.Count; i++)
        {
            var ci = Inference.WilsonInterval(cases[i].Item1, cases[i].Item2, cases[i].Item3);
            Assert.Equal(expected[i][0], ci.Lower, 10);
            Assert.Equal(expected[i][1], ci.Upper, 10);
            Assert.Equal("Wilson", ci.Method);
        }
        // Published: 7/50 and 0/20 at 95%.
        var a = Inference.WilsonInterval(7, 50, 0.95);
        Assert.Equal(0.0695083343, a.Lower, 9);
        Assert.Equal(0.2618619371, a.Upper, 9);
        var b = Inference.WilsonInterval(0, 20, 0.95);
        Assert.Equal(0.0, b.Lower);
        Assert.Equal(0.1611251581, b.Upper, 9);
        Assert.Equal(1.0, Inference.WilsonInterval(20, 20, 0.95).Upper);
        Assert.Equal("[0.070, 0.262]", a.ToString());
    }

    [Fact]
    public void ExactMcNemarAgreesWithStatsmodelsAndThePublishedValues()
    {
        var rng = new Random(12);
        var cases = new List<(long, long)> { (1, 9), (28, 35), (0, 0), (0, 5), (5, 0), (10, 10), (600, 700), (1500, 1600) };
        for (int i = 0; i < 50; i++) cases.Add((rng.Next(60), rng.Next(60)));
        using var oracle = Oracle.Run("stats_oracle.py", new { mcnemar = cases.Select(c => new[] { c.Item1, c.Item2 }) });
        var expected = Numbers(oracle.RootElement.GetProperty("mcnemar"));
        for (int i = 0; i < cases.Count; i++)
        {
            double p = Inference.McNemarExact(cases[i].Item1, cases[i].Item2);
            Assert.True(Math.Abs(expected[i] - p) <= 1e-12 + 1e-9 * expected[i], $"b={cases[i].Item1}, c={cases[i].Item2}: statsmodels {expected[i]}, module {p}");
        }
        Assert.Equal(0.021484375, Inference.McNemarExact(1, 9), 12);
        Assert.Equal(0.4499625363, Inference.McNemarExact(28, 35), 10);
        Assert.Equal(1.0, Inference.McNemarExact(0, 0));
    }

    [Fact]
    public void RocAucAndAveragePrecisionAgreeWithScikitLearnOnRandomAndTiedScores()
    {
        var rng = new Random(13);
        var cases = new List<(int[] Labels, double[] Scores)>();
        for (int i = 0; i < 40; i++)
        {
            int n = 2 + rng.Next(i < 20 ? 30 : 3000);
            int decimals = i % 4; // 0: scores in tenths of nothing (heavy ties), up to continuous
            var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.35 ? 1 : 0).ToArray();
            var scores = labels.Select(l => Math.Clamp(rng.NextDouble() * 0.7 + 0.25 * l, 0, 1)).Select(s => decimals == 3 ? s : Math.Round(s, decimals + 1)).ToArray();
            cases.Add((labels, scores));
        }
        cases.Add(([1, 1, 1], [0.2, 0.2, 0.9]));
        cases.Add(([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5]));
        using var oracle = Oracle.Run("stats_oracle.py", new { ranking = cases.Select(c => new { labels = c.Labels, scores = c.Scores }) });
        var expected = oracle.RootElement.GetProperty("ranking").EnumerateArray().Select(Numbers).ToArray();
        for (int i = 0; i < cases.Count; i++)
        {
            var set = new ScoreSet("p", "1", "t");
            for (int k = 0; k < cases[i].Labels.Length; k++) set.Add(cases[i].Scores[k], cases[i].Labels[k] == 1, cases[i].Scores[k] >= 0.5);
            var (auc, ap) = ClassificationMetrics.Ranking(set);
            Assert.Equal(expected[i][0], auc, 12);
            Assert.Equal(expected[i][1], ap, 12);
        }
    }

    [Fact]
    public void TheNormalDistributionAgreesWithSciPy()
    {
        double[] xs = [-38, -20, -8.5, -5, -3, -1.96, -0.7, -0.3, 0, 0.1, 0.49, 0.51, 1, 2.5, 3.9, 4.1, 7, 12];
        double[] ps = [1e-300, 1e-20, 1e-9, 0.0001, 0.01, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.99, 0.999999, 1 - 1e-12];
        using var oracle = Oracle.Run("stats_oracle.py", new { normal_cdf = xs, normal_ppf = ps });
        var cdf = Numbers(oracle.RootElement.GetProperty("normal_cdf"));
        var sf = Numbers(oracle.RootElement.GetProperty("normal_sf"));
        var ppf = Numbers(oracle.RootElement.GetProperty("normal_ppf"));
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Math.Abs(cdf[i] - Normal.Cdf(xs[i])) <= 1e-15 + 1e-13 * cdf[i], $"cdf({xs[i]}): {cdf[i]} vs {Normal.Cdf(xs[i])}");
            Assert.True(Math.Abs(sf[i] - Normal.UpperTail(xs[i])) <= 1e-300 + 1e-13 * sf[i], $"sf({xs[i]}): {sf[i]} vs {Normal.UpperTail(xs[i])}");
        }
        for (int i = 0; i < ps.Length; i++)
            Assert.True(Math.Abs(ppf[i] - Normal.Quantile(ps[i])) <= 1e-12 * Math.Max(1, Math.Abs(ppf[i])), $"ppf({ps[i]}): {ppf[i]} vs {Normal.Quantile(ps[i])}");
    }
}

/// <summary>DeLong against the brute-force O(m·n) structural components.</summary>
public class DeLongTests
{
    private static double Psi(double x, double y) => x > y ? 1.0 : x == y ? 0.5 : 0.0;

    /// <summary>The definition: V10_i = mean over normals of psi(x_i, y_j), V01_j = mean over anomalies of psi(x_i, y_j).</summary>
    private static (double[] V10, double[] V01) BruteForce(double[] scores, bool[] anomalous)
    {
        var x = scores.Where((_, i) => anomalous[i]).ToArray();
        var y = scores.Where((_, i) => !anomalous[i]).ToArray();
        return (x.Select(xi => y.Average(yj => Psi(xi, yj))).ToArray(), y.Select(yj => x.Average(xi => Psi(xi, yj))).ToArray());
    }

    private static double Var(double[] v) { double m = v.Average(); return v.Sum(a => (a - m) * (a - m)) / (v.Length - 1); }

    private static double Cov(double[] a, double[] b) { double ma = a.Average(), mb = b.Average(); return a.Select((v, i) => (v - ma) * (b[i] - mb)).Sum() / (a.Length - 1); }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void VarianceAndPairedTestEqualTheBruteForceComputation(int seed, bool ties)
    {
        var rng = new Random(seed);
        int n = 30 + rng.Next(200);
        var anomalous = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray();
        double[] Scores(double shift) => anomalous.Select(a => Math.Clamp(rng.NextDouble() * 0.7 + (a ? shift : 0), 0, 1)).Select(s => ties ? Math.Round(s, 1) : s).ToArray();
        var a = Scores(0.25);
        var b = Scores(0.15);

        var (auc, variance) = DeLong.Compute(a, anomalous);
        var (v10, v01) = BruteForce(a, anomalous);
        Assert.Equal(v10.Average(), auc, 12);
        Assert.Equal(Var(v10) / v10.Length + Var(v01) / v01.Length, variance, 12);
        // The same from the distinct scores alone, as Measure-LfvEvaluation computes it.
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < a.Length; i++) set.Add(a[i], anomalous[i], a[i] >= 0.5);
        var fromBins = DeLong.FromBins(set.Bins());
        Assert.Equal(auc, fromBins.Auc, 12);
        Assert.Equal(variance, fromBins.Variance, 12);

        var (b10, b01) = BruteForce(b, anomalous);
        double pairedVar = (Var(v10) + Var(b10) - 2 * Cov(v10, b10)) / v10.Length + (Var(v01) + Var(b01) - 2 * Cov(v01, b01)) / v01.Length;
        double z = (v10.Average() - b10.Average()) / Math.Sqrt(pairedVar);
        var test = DeLong.PairedTest(a, b, anomalous);
        Assert.Equal(z, test.Z, 9);
        Assert.Equal(2 * Normal.UpperTail(Math.Abs(z)), test.PValue, 12);
    }

    [Fact]
    public void OneClassHasNoInterval()
    {
        var (auc, variance) = DeLong.Compute([0.1, 0.9], [true, true]);
        Assert.True(double.IsNaN(auc) && double.IsNaN(variance));
    }
}

public class BootstrapTests
{
    [Fact]
    public void BinomialDrawsHaveTheRightMeanAndVariance()
    {
        var random = new RandomSource(5);
        foreach (var (n, p) in new (long, double)[] { (10, 0.3), (1000, 0.02), (1000, 0.5), (100_000, 0.37), (50, 0.9) })
        {
            const int draws = 40_000;
            var x = Enumerable.Range(0, draws).Select(_ => (double)random.Binomial(n, p)).ToArray();
            double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / (draws - 1);
            double sd = Math.Sqrt(n * p * (1 - p));
            Assert.True(Math.Abs(mean - n * p) < 5 * sd / Math.Sqrt(draws), $"Bin({n}, {p}): mean {mean}");
            Assert.True(Math.Abs(variance / (n * p * (1 - p)) - 1) < 0.05, $"Bin({n}, {p}): variance {variance}");
            Assert.All(x, v => Assert.InRange(v, 0, n));
        }
    }

    [Fact]
    public void BinomialDrawsFollowTheBinomialDistributionBySciPy()
    {
        // Both samplers (inversion below a mean of 10, BTRS above), around the switch, and the shapes the bootstrap
        // draws (large n, small p), each against SciPy's pmf by Pearson's chi-square: seeded, so the p-values are fixed.
        var cases = new (long N, double P)[] { (20, 0.3), (30_000, 0.0002), (100, 0.099), (100, 0.101), (100, 0.3), (1000, 0.5),
            (300_000, 0.0002), (700_000, 0.00015), (1_000_000, 0.4), (40, 0.85) };
        var random = new RandomSource(11);
        var input = cases.Select(c =>
        {
            var counts = new Dictionary<string, int>();
            for (int i = 0; i < 200_000; i++)
            {
                string k = random.Binomial(c.N, c.P).ToString(System.Globalization.CultureInfo.InvariantCulture);
                counts[k] = counts.GetValueOrDefault(k) + 1;
            }
            return new { n = c.N, p = c.P, counts };
        }).ToArray();
        using var oracle = Oracle.Run("stats_oracle.py", new { binomial_fit = input });
        var pValues = oracle.RootElement.GetProperty("binomial_fit").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int i = 0; i < cases.Length; i++)
            Assert.True(pValues[i] > 1e-4, $"Bin({cases[i].N}, {cases[i].P}): chi-square p = {pValues[i]}");
    }

    [Fact]
    public void BinsAreDrawnWhenImagesShareScoresAndImagesWhenScoresAreDistinct()
    {
        // The same seed gives the same replicates as the way the rule picks: images one by one for distinct scores,
        // binomials per bin for a few distinct scores shared by many images.
        var rng = new Random(8);
        var distinct = new ScoreSet("p", "1", "t");
        var shared = new ScoreSet("p", "1", "t");
        for (int i = 0; i < 5000; i++)
        {
            bool anomaly = rng.NextDouble() < 0.3;
            double score = Math.Clamp(rng.NextDouble() * 0.7 + (anomaly ? 0.25 : 0), 0, 1);
            distinct.Add(score, anomaly, score >= 0.5);
            shared.Add(Math.Round(score, 2), anomaly, score >= 0.5);
        }
        Assert.Equal(Bootstrap.AveragePrecisionReplicates(distinct, 300, 5, true), Bootstrap.AveragePrecisionReplicates(distinct, 300, 5));
        Assert.Equal(Bootstrap.AveragePrecisionReplicates(shared, 300, 5, false), Bootstrap.AveragePrecisionReplicates(shared, 300, 5));
        Assert.NotEqual(Bootstrap.AveragePrecisionReplicates(shared, 300, 5, true), Bootstrap.AveragePrecisionReplicates(shared, 300, 5));
    }

    [Fact]
    public void BothWaysOfResamplingGiveTheSameDistribution()
    {
        // Two exact samplers of one distribution: the replicates' mean, spread and 2.5/97.5 % quantiles agree to the
        // Monte Carlo noise of 4,000 replicates.
        var rng = new Random(12);
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < 3000; i++)
        {
            bool anomaly = rng.NextDouble() < 0.25;
            set.Add(Math.Round(Math.Clamp(rng.NextDouble() * 0.6 + (anomaly ? 0.3 : 0), 0, 1), 3), anomaly, false);
        }
        var a = Bootstrap.AveragePrecisionReplicates(set, 4000, 1, false);
        var b = Bootstrap.AveragePrecisionReplicates(set, 4000, 2, true);
        double sd = Math.Sqrt(a.Select(x => (x - a.Average()) * (x - a.Average())).Sum() / (a.Length - 1));
        Assert.Equal(a.Average(), b.Average(), 4 * sd / Math.Sqrt(2000));
        double sdB = Math.Sqrt(b.Select(x => (x - b.Average()) * (x - b.Average())).Sum() / (b.Length - 1));
        Assert.InRange(sdB / sd, 0.9, 1.1);
        var ia = Inference.PercentileInterval(a, 0.95, "x");
        var ib = Inference.PercentileInterval(b, 0.95, "x");
        Assert.Equal(ia.Lower, ib.Lower, sd / 4);
        Assert.Equal(ia.Upper, ib.Upper, sd / 4);
    }

    [Fact]
    public void MergingNormalImagesBetweenAnomaliesKeepsAveragePrecision()
    {
        // Any counts, any resample of them: AP from the merged bins equals AP from every bin, and no image is lost.
        var rng = new Random(3);
        for (int trial = 0; trial < 500; trial++)
        {
            int bins = 1 + rng.Next(60);
            var pos = Enumerable.Range(0, bins).Select(_ => rng.Next(4) == 0 ? rng.Next(1, 9) : 0L).ToArray();
            var neg = Enumerable.Range(0, bins).Select(_ => rng.Next(3) == 0 ? 0L : rng.Next(1, 9)).ToArray();
            if (pos.Sum() == 0) pos[rng.Next(bins)] = 1;
            var (mp, mn) = Bootstrap.WherePrecisionIsRead(pos, neg);
            Assert.Equal(pos.Sum(), mp.Sum());
            Assert.Equal(neg.Sum(), mn.Sum());
            Assert.Equal(pos.Count(p => p > 0) + 1, mp.Length);
            Assert.Equal(0, mp[^1]);
            Assert.Equal(Bootstrap.AveragePrecision(pos, neg, pos.Sum()), Bootstrap.AveragePrecision(mp, mn, mp.Sum()), 12);
        }
    }

    [Fact]
    public void StirlingTailsAgreeWithLogGamma()
    {
        foreach (double k in new double[] { 0, 1, 5, 9, 10, 11, 50, 1000, 123_456, 1e7 })
        {
            double exact = Normal.LogGamma(k + 1) - ((k + 0.5) * Math.Log(k + 1) - (k + 1) + 0.5 * Math.Log(2 * Math.PI));
            Assert.True(Math.Abs(RandomSource.StirlingTail(k) - exact) < 1e-9 * Math.Max(1, Math.Abs(Normal.LogGamma(k + 1))), $"k = {k}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResamplingCountsGivesTheSameIntervalsAsResamplingImages(bool byImages)
    {
        // The stratified bootstrap of images, done the slow way, against the module's counts.
        var rng = new Random(21);
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < 300; i++)
        {
            bool anomaly = rng.NextDouble() < 0.3;
            double score = Math.Round(Math.Clamp(rng.NextDouble() * 0.7 + (anomaly ? 0.25 : 0), 0, 1), 2);
            set.Add(score, anomaly, score >= 0.5);
        }
        var summary = ClassificationMetrics.Summarize(set, null);
        var scores = Enumerable.Range(0, set.Count).Select(set.Score).ToArray();
        var anomalous = Enumerable.Range(0, set.Count).Select(set.IsAnomaly).ToArray();
        var pos = Enumerable.Range(0, set.Count).Where(i => anomalous[i]).ToArray();
        var neg = Enumerable.Range(0, set.Count).Where(i => !anomalous[i]).ToArray();
        var naiveF1 = new double[4000];
        var naiveAp = new double[4000];
        var random = new Random(99);
        for (int r = 0; r < naiveF1.Length; r++)
        {
            var resample = new ScoreSet("p", "1", "t");
            foreach (var stratum in new[] { pos, neg })
                for (int k = 0; k < stratum.Length; k++) { int i = stratum[random.Next(stratum.Length)]; resample.Add(scores[i], anomalous[i], set.IsPredictedAnomaly(i)); }
            var s = ClassificationMetrics.Summarize(resample, null);
            naiveF1[r] = s.F1Score;
            naiveAp[r] = s.AveragePrecision;
        }
        var naiveF1Ci = Inference.PercentileInterval(naiveF1, 0.95, "x");
        var naiveApCi = Inference.PercentileInterval(naiveAp, 0.95, "x");
        var f1Ci = Inference.PercentileInterval(Bootstrap.F1Replicates(summary.TruePositives, summary.FalsePositives, summary.FalseNegatives, summary.TrueNegatives, 4000, 7), 0.95, "x");
        var apCi = Inference.PercentileInterval(Bootstrap.AveragePrecisionReplicates(set, 4000, 7, byImages), 0.95, "x");
        // Two Monte Carlo estimates of the same quantiles: they agree to the bootstrap's own noise.
        Assert.Equal(naiveF1Ci.Lower, f1Ci.Lower, 0.015);
        Assert.Equal(naiveF1Ci.Upper, f1Ci.Upper, 0.015);
        Assert.Equal(naiveApCi.Lower, apCi.Lower, 0.015);
        Assert.Equal(naiveApCi.Upper, apCi.Upper, 0.015);
        Assert.True(f1Ci.Contains(summary.F1Score) && apCi.Contains(summary.AveragePrecision));
    }

    [Fact]
    public void TheSameSeedGivesTheSameIntervalsAndAnotherSeedAnother()
    {
        var set = new ScoreSet("p", "1", "t");
        var rng = new Random(3);
        for (int i = 0; i < 200; i++) { bool a = rng.NextDouble() < 0.4; double s = Math.Round(rng.NextDouble() * 0.7 + (a ? 0.25 : 0), 3); set.Add(s, a, s >= 0.5); }
        var o = new IntervalOptions { Samples = 500, Seed = 42 };
        var first = ClassificationMetrics.Summarize(set, null, null, o);
        var again = ClassificationMetrics.Summarize(set, null, null, o);
        var other = ClassificationMetrics.Summarize(set, null, null, new IntervalOptions { Samples = 500, Seed = 43 });
        Assert.Equal(first.F1ScoreInterval!.ToString() + first.AveragePrecisionInterval, again.F1ScoreInterval!.ToString() + again.AveragePrecisionInterval);
        Assert.Equal(first.F1ScoreInterval.Lower, again.F1ScoreInterval.Lower);
        Assert.NotEqual((first.F1ScoreInterval.Lower, first.F1ScoreInterval.Upper, first.AveragePrecisionInterval!.Lower), (other.F1ScoreInterval!.Lower, other.F1ScoreInterval.Upper, other.AveragePrecisionInterval!.Lower));
        Assert.Equal("DeLong", first.ROCAUCInterval!.Method);
        Assert.Equal("StratifiedBootstrap", first.F1ScoreInterval.Method);
    }
}

public class CostCurveTests
{
    [Fact]
    public void CostsAndTheRecallFloorMarkTheirPointsWithTheHigherThresholdAmongEquals()
    {
        var set = new ScoreSet("p", "1", "t");
        // Anomalies at 0.9, 0.6, 0.3; normal images at 0.8, 0.4, 0.2.
        foreach (var (s, a) in new[] { (0.9, true), (0.8, false), (0.6, true), (0.4, false), (0.3, true), (0.2, false) }) set.Add(s, a, s >= 0.5);
        var points = ClassificationMetrics.Curve(set, 1, 10, 0.6);
        // Thresholds 0.9 .. 0.2: FN = 2,2,1,1,0,0; FP = 0,1,1,2,2,3 -> cost 20,21,11,12,2,3.
        Assert.Equal([20.0, 21, 11, 12, 2, 3], points.Select(p => p.Cost!.Value));
        Assert.Equal(0.3, points.Single(p => p.IsLowestCost).Threshold);
        // Recall >= 0.6 from threshold 0.6 on: precision 2/3 at 0.6 and at 0.4 2/4, at 0.3 3/5; best is 0.6.
        Assert.Equal(0.6, points.Single(p => p.IsBestAtRecall).Threshold);
        // Equal costs: the higher threshold wins.
        var tie = ClassificationMetrics.Curve(set, 1, 1, null);
        Assert.Equal(tie.Where(p => p.Cost == tie.Min(q => q.Cost)).Max(p => p.Threshold), tie.Single(p => p.IsLowestCost).Threshold);
        Assert.All(ClassificationMetrics.Curve(set, null, null, null), p => Assert.Null(p.Cost));
        Assert.DoesNotContain(ClassificationMetrics.Curve(set, null, null, 1.1), p => p.IsBestAtRecall);
    }
}

public class PairedComparisonTests
{
    private static SummaryImages Images(string[] refs, bool[] anomalous, bool[] predicted, double[] scores)
    {
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < refs.Length; i++) set.Add(scores[i], anomalous[i], predicted[i], ScoreSet.ImageKey(refs[i]));
        return new SummaryImages(set, null);
    }

    private static Func<string, double?> Values(double accuracy) => name => name == "Accuracy" ? accuracy : name == "Recall" ? 0.5 : null;

    [Fact]
    public void ImagesArePairedBySourceRefWhateverTheirOrder()
    {
        var refs = Enumerable.Range(0, 40).Select(i => $"s3://b/img{i}.jpg").ToArray();
        var anomalous = refs.Select((_, i) => i % 2 == 0).ToArray();
        // A is right on every image; B is wrong on the first 10 (b = 10, c = 0): p = 2 * 2^-10.
        var a = Images(refs, anomalous, anomalous, anomalous.Select(x => x ? 0.9 : 0.1).ToArray());
        var predB = anomalous.Select((x, i) => i < 10 ? !x : x).ToArray();
        var reversed = Enumerable.Range(0, 40).Reverse().ToArray();
        var b = Images(reversed.Select(i => refs[i]).ToArray(), reversed.Select(i => anomalous[i]).ToArray(), reversed.Select(i => predB[i]).ToArray(), reversed.Select(i => predB[i] ? 0.8 : 0.2).ToArray());
        var warnings = new List<string>();
        var rows = ModelComparer.Compare("p 1", Values(1.0), a, "p 2", Values(0.75), b, new ComparisonOptions { Samples = 200 }, warnings);
        var accuracy = rows.Single(r => r.Metric == "Accuracy");
        Assert.Equal(2.0 / 1024.0, accuracy.PValue!.Value, 15);
        Assert.True(accuracy.Significant);
        Assert.Equal(40, accuracy.PairedImages);
        Assert.Equal("McNemar exact, all paired images", accuracy.Test);
        Assert.Equal("p 1", accuracy.BetterModel);
        // Two tests (Accuracy, Recall): Holm doubles the smaller p.
        Assert.Equal(4.0 / 1024.0, accuracy.AdjustedPValue!.Value, 15);
        Assert.Equal("p 1 is better on 40 paired images: Accuracy (p = 0.0020, adjusted 0.0039); no significant difference on the other 1 metric (Holm-adjusted over 2 tests)", accuracy.Verdict);
        Assert.Equal(ComparisonVerdict.Worse, accuracy.Decision);
        Assert.Empty(warnings);
        // Recall pairs the anomalies only: 5 of the 10 flipped images are anomalies.
        Assert.Equal(2.0 / 32.0, rows.Single(r => r.Metric == "Recall").PValue!.Value, 15);
    }

    [Fact]
    public void PartlyPairedTestSetsAreTestedOnTheirCommonImagesWithAWarning()
    {
        var refsA = Enumerable.Range(0, 30).Select(i => $"img{i}").ToArray();
        var refsB = Enumerable.Range(10, 30).Select(i => $"img{i}").ToArray();
        bool[] Pattern(string[] refs) => refs.Select(r => int.Parse(r[3..]) % 3 == 0).ToArray();
        var a = Images(refsA, Pattern(refsA), Pattern(refsA), Pattern(refsA).Select(x => x ? 0.7 : 0.3).ToArray());
        var b = Images(refsB, Pattern(refsB), Pattern(refsB), Pattern(refsB).Select(x => x ? 0.7 : 0.3).ToArray());
        var warnings = new List<string>();
        var rows = ModelComparer.Compare("p 1", Values(1), a, "p 2", Values(1), b, new ComparisonOptions { Samples = 200 }, warnings);
        Assert.All(rows, r => Assert.Equal(20, r.PairedImages));
        var warning = Assert.Single(warnings);
        Assert.Contains("20 are in both, 10 only in p 1's test set and 10 only in p 2's", warning);
        Assert.Equal("No significant difference on 20 paired images (Holm-adjusted over 2 tests, at the 0.05 level)", rows[0].Verdict);
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.NoDifference, r.Decision));
    }

    [Fact]
    public void WithoutPerImageDataThereIsNoPValueAndTheTestSaysWhy()
    {
        var rows = ModelComparer.Compare("p 1", Values(0.9), null, "p 2", Values(0.8), null, new ComparisonOptions(), null);
        Assert.All(rows, r => Assert.Null(r.PValue));
        Assert.All(rows, r => Assert.StartsWith("Not tested: p 1 has no per-image data", r.Test));
        Assert.StartsWith("Not tested", rows[0].Verdict);
        Assert.All(rows, r => Assert.Equal(ComparisonVerdict.NotTested, r.Decision));
    }
}
