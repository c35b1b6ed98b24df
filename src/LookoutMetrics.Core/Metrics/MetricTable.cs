using System;
using System.Collections.Generic;

namespace LookoutMetrics.Metrics
{
    /// <summary>Which paired test decides whether a change of a metric between two models is real.</summary>
    public enum PairedTest
    {
        /// <summary>Exact McNemar on the images the two models classify differently, all paired images.</summary>
        McNemarAll,

        /// <summary>Exact McNemar on the paired anomalies.</summary>
        McNemarAnomalies,

        /// <summary>Exact McNemar on the paired normal images.</summary>
        McNemarNormal,

        /// <summary>DeLong's test of two correlated ROC AUCs.</summary>
        DeLong,

        /// <summary>The paired stratified bootstrap's own p-value.</summary>
        Bootstrap,
    }

    /// <summary>One model's counts and ranking figures on one bootstrap replicate, from which each metric is measured.</summary>
    public readonly struct ReplicateFigures
    {
        public ReplicateFigures(long tp, long fp, long fn, long tn, double rocAuc, double averagePrecision)
        {
            TruePositives = tp;
            FalsePositives = fp;
            FalseNegatives = fn;
            TrueNegatives = tn;
            ROCAUC = rocAuc;
            AveragePrecision = averagePrecision;
        }

        public long TruePositives { get; }
        public long FalsePositives { get; }
        public long FalseNegatives { get; }
        public long TrueNegatives { get; }
        public double ROCAUC { get; }
        public double AveragePrecision { get; }
    }

    /// <summary>
    /// A classification metric, once: its name (the property of EvaluationSummary, EvaluationResult and the comparison's
    /// rows), which direction is better, how it is read from a summary and measured on a bootstrap replicate, its paired
    /// test, how the views and the report show it, and which reported figures are checked against it.
    /// </summary>
    public sealed class MetricDefinition
    {
        internal MetricDefinition(string name, string heading, bool higherIsBetter, PairedTest test, string format,
            Func<EvaluationSummary, double> fromSummary, Func<ReplicateFigures, double> onReplicate,
            Func<EvaluationResult, double?>? reportedInResult = null, Func<ModelPerformance, double?>? reportedByDescribeModel = null)
        {
            Name = name;
            Heading = heading;
            HigherIsBetter = higherIsBetter;
            Test = test;
            Format = format;
            FromSummary = fromSummary;
            OnReplicate = onReplicate;
            ReportedInResult = reportedInResult;
            ReportedByDescribeModel = reportedByDescribeModel;
        }

        /// <summary>The property name: F1Score, ROCAUC, FalseNegatives, ...</summary>
        public string Name { get; }

        /// <summary>How the report and completion name it: 'F1 score', 'ROC AUC', 'False negatives'.</summary>
        public string Heading { get; }

        /// <summary>The decimals the report and the views show: 3 for a rate, 0 for a count.</summary>
        public int Digits => Format.Length > 2 ? Format.Length - 2 : 0;

        /// <summary>A rate of the test set, shown as a card with its interval (the counts are in the confusion matrix).</summary>
        public bool IsRate => Digits > 0;

        public bool HigherIsBetter { get; }

        public PairedTest Test { get; }

        /// <summary>A .NET format string for its value ('0.000' for a rate, '0' for a count).</summary>
        public string Format { get; }

        public Func<EvaluationSummary, double> FromSummary { get; }

        /// <summary>The metric on one bootstrap replicate (NaN where a class is missing, as on a test set).</summary>
        public Func<ReplicateFigures, double> OnReplicate { get; }

        /// <summary>The figure an evaluation result reports for it; null when the result has none.</summary>
        public Func<EvaluationResult, double?>? ReportedInResult { get; }

        /// <summary>The figure DescribeModel reports for it; null when the API has none.</summary>
        public Func<ModelPerformance, double?>? ReportedByDescribeModel { get; }

        /// <summary>The name of its paired test as the comparison's Test column says it.</summary>
        public string TestName(int bootstrapSamples) => Test switch
        {
            PairedTest.McNemarAll => "McNemar exact, all paired images",
            PairedTest.McNemarAnomalies => "McNemar exact, paired anomalies",
            PairedTest.McNemarNormal => "McNemar exact, paired normal images",
            PairedTest.DeLong => "DeLong paired",
            _ => $"Paired stratified bootstrap, {bootstrapSamples} replicates",
        };

        public override string ToString() => Name;
    }

    /// <summary>
    /// The classification metrics, one row each, in the order the comparison, the report and the views list them.
    /// Adding a metric is a row here (and its test): the comparison, the paired bootstrap, the report, the verification
    /// and -PrimaryMetric's validation read this table.
    /// </summary>
    public static class MetricTable
    {
        public static readonly IReadOnlyList<MetricDefinition> All = new[]
        {
            new MetricDefinition("Precision", "Precision", true, PairedTest.Bootstrap, "0.000",
                s => s.Precision, r => ClassificationMetrics.Ratio(r.TruePositives, r.TruePositives + r.FalsePositives),
                result => result.Precision, model => model.Precision),
            new MetricDefinition("Recall", "Recall", true, PairedTest.McNemarAnomalies, "0.000",
                s => s.Recall, r => ClassificationMetrics.Ratio(r.TruePositives, r.TruePositives + r.FalseNegatives),
                result => result.Recall, model => model.Recall),
            new MetricDefinition("F1Score", "F1 score", true, PairedTest.Bootstrap, "0.000",
                s => s.F1Score, r => ClassificationMetrics.Ratio(2 * r.TruePositives, 2 * r.TruePositives + r.FalsePositives + r.FalseNegatives),
                result => result.F1Score, model => model.F1Score),
            new MetricDefinition("ROCAUC", "ROC AUC", true, PairedTest.DeLong, "0.000",
                s => s.ROCAUC, r => r.ROCAUC, result => result.ROCAUC),
            new MetricDefinition("AveragePrecision", "Average precision", true, PairedTest.Bootstrap, "0.000",
                s => s.AveragePrecision, r => r.AveragePrecision, result => result.AveragePrecision),
            new MetricDefinition("Accuracy", "Accuracy", true, PairedTest.McNemarAll, "0.000",
                s => s.Accuracy, r => ClassificationMetrics.Ratio(r.TruePositives + r.TrueNegatives,
                    r.TruePositives + r.FalsePositives + r.FalseNegatives + r.TrueNegatives)),
            new MetricDefinition("FalsePositives", "False positives", false, PairedTest.McNemarNormal, "0",
                s => s.FalsePositives, r => r.FalsePositives),
            new MetricDefinition("FalseNegatives", "False negatives", false, PairedTest.McNemarAnomalies, "0",
                s => s.FalseNegatives, r => r.FalseNegatives),
        };

        /// <summary>The names, in order (what -PrimaryMetric takes).</summary>
        public static readonly IReadOnlyList<string> Names = Array.ConvertAll((MetricDefinition[])All, m => m.Name);

        /// <summary>A metric by name in any case; null when there is none.</summary>
        public static MetricDefinition? Find(string? name)
        {
            if (name == null) return null;
            foreach (var metric in All)
            {
                if (string.Equals(metric.Name, name, StringComparison.OrdinalIgnoreCase)) return metric;
            }
            return null;
        }

        /// <summary>A metric by its exact name; an unknown one is a mistake of the caller's.</summary>
        public static MetricDefinition Get(string name) =>
            Find(name) is { } m && m.Name == name ? m : throw new ArgumentOutOfRangeException(nameof(name), name, "Not a metric of MetricTable.");

        /// <summary>Its position in <see cref="All"/>.</summary>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < All.Count; i++)
            {
                if (All[i].Name == name) return i;
            }
            throw new ArgumentOutOfRangeException(nameof(name), name, "Not a metric of MetricTable.");
        }
    }
}
