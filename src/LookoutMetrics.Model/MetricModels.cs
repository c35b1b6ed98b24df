namespace LookoutMetrics
{
    /// <summary>Every classification metric of one model version, recomputed from its per-image predictions.</summary>
    public sealed class EvaluationSummary
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public long Images { get; set; }
        public long Anomalous { get; set; }
        public long Normal { get; set; }
        public long TruePositives { get; set; }
        public long FalsePositives { get; set; }
        public long TrueNegatives { get; set; }
        public long FalseNegatives { get; set; }
        public long Correct { get; set; }
        public long Incorrect { get; set; }
        public double Accuracy { get; set; }
        public double Precision { get; set; }
        public double Recall { get; set; }
        public double F1Score { get; set; }

        /// <summary>NaN when the test set holds one class only.</summary>
        public double ROCAUC { get; set; }

        /// <summary>NaN when the test set holds no anomaly; 1 when it holds only anomalies.</summary>
        public double AveragePrecision { get; set; }

        /// <summary>The anomaly score at which images were called anomalous; null for the model's own predictions.</summary>
        public double? Threshold { get; set; }

        /// <summary>Where the predictions came from (the first manifest of this model).</summary>
        public string Source { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }

    /// <summary>One point of the precision-recall and ROC curves: the counts and rates if images scoring at least Threshold were called anomalous.</summary>
    public sealed class MetricCurvePoint
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public double Threshold { get; set; }
        public long TruePositives { get; set; }
        public long FalsePositives { get; set; }
        public long TrueNegatives { get; set; }
        public long FalseNegatives { get; set; }
        public double Precision { get; set; }
        public double Recall { get; set; }
        public double FalsePositiveRate { get; set; }
        public double F1Score { get; set; }

        /// <summary>True on the point with the highest F1 score (the highest threshold among equals).</summary>
        public bool IsBestF1 { get; set; }

        public override string ToString() => ProjectName + " " + ModelVersion + " @" + Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A reported metric checked against the value recomputed from the manifest.</summary>
    public sealed class MetricCheck
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string Metric { get; set; } = string.Empty;

        /// <summary>The anomaly label of a per-label pixel metric (PixelAnomalyClassMetrics); empty for the model's own metrics.</summary>
        public string ClassName { get; set; } = string.Empty;

        /// <summary>Where the reported value came from: EvaluationResult or DescribeModel.</summary>
        public string ReportedBy { get; set; } = string.Empty;

        public double? Reported { get; set; }
        public double Recomputed { get; set; }

        /// <summary>Recomputed - Reported.</summary>
        public double? Difference { get; set; }

        public bool Agrees { get; set; }
        public double Tolerance { get; set; }

        public override string ToString() => $"{ProjectName} {ModelVersion} {Metric}{(ClassName.Length > 0 ? " " + ClassName : string.Empty)}";
    }

    /// <summary>One metric of two model versions side by side.</summary>
    public sealed class ModelComparison
    {
        public string Metric { get; set; } = string.Empty;
        public string ReferenceModel { get; set; } = string.Empty;
        public string DifferenceModel { get; set; } = string.Empty;
        public double? ReferenceValue { get; set; }
        public double? DifferenceValue { get; set; }

        /// <summary>DifferenceValue - ReferenceValue.</summary>
        public double? Change { get; set; }

        /// <summary>Reference, Difference, Equal, or empty when a value is missing.</summary>
        public string Better { get; set; } = string.Empty;

        public override string ToString() => Metric;
    }
}
