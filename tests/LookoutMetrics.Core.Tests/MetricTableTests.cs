using LookoutMetrics.Comparison;
using LookoutMetrics.Metrics;
using LookoutMetrics.Statistics;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Each row of MetricTable measures on a replicate what it reads from a summary, and the comparison reads the table.</summary>
public class MetricTableTests
{
    private static EvaluationSummary Summary()
    {
        var random = new Random(3);
        var set = new ScoreSet("p", "1", "t");
        for (int i = 0; i < 60; i++)
        {
            bool anomaly = i < 25;
            double score = Math.Round(Math.Clamp((anomaly ? 0.3 : 0) + 0.7 * random.NextDouble(), 0, 1), 3);
            set.Add(score, anomaly, score >= 0.5);
        }
        return ClassificationMetrics.Summarize(set, null);
    }

    [Fact]
    public void EveryRowMeasuresOnAWholeReplicateWhatItReadsFromTheSummary()
    {
        var s = Summary();
        var whole = new ReplicateFigures(s.TruePositives, s.FalsePositives, s.FalseNegatives, s.TrueNegatives, s.ROCAUC, s.AveragePrecision);
        Assert.All(MetricTable.All, m => Assert.Equal(m.FromSummary(s), m.OnReplicate(whole), 12));
    }

    [Fact]
    public void NamesAreUniqueAndFoundInAnyCaseAndEveryRowIsARowOfTheComparison()
    {
        Assert.Equal(MetricTable.Names.Count, MetricTable.Names.Distinct().Count());
        Assert.All(MetricTable.All, m => Assert.Same(m, MetricTable.Find(m.Name.ToUpperInvariant())));
        Assert.Null(MetricTable.Find("Specificity"));
        var s = Summary();
        var rows = ModelComparer.Compare("a", n => MetricTable.Find(n)?.FromSummary(s), null, "b", n => MetricTable.Find(n)?.FromSummary(s), null,
            new ComparisonOptions(), null);
        Assert.Equal(MetricTable.Names, rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal("Equal", r.Better));
    }

    [Fact]
    public void RatesShowThreeDecimalsAndCountsNone()
    {
        Assert.All(MetricTable.All, m => Assert.Equal(m.Name.StartsWith("False") ? 0 : 3, m.Digits));
        Assert.Equal(MetricTable.All.Where(m => m.IsRate).Select(m => m.Name), ["Precision", "Recall", "F1Score", "ROCAUC", "AveragePrecision", "Accuracy"]);
    }
}
