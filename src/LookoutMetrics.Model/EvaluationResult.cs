using System;

namespace LookoutMetrics
{
    /// <summary>The metrics Lookout for Vision reported for one model version (an EvaluationResult file).</summary>
    public sealed class EvaluationResult
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string ModelArn { get; set; } = string.Empty;

        /// <summary>When the evaluation ended, in UTC; null when the file does not say.</summary>
        public DateTime? EvaluationEndTimestamp { get; set; }

        /// <summary>EvaluationEndTimestamp as ISO 8601 in UTC ("2025-10-31T14:02:07Z"), for Export-Csv; null when the file does not say.</summary>
        public string? EvaluationEndUtc => Exported.Utc(EvaluationEndTimestamp);

        public int? NumberOfTrainingImages { get; set; }
        public int? NumberOfTestingImages { get; set; }
        public double? ROCAUC { get; set; }
        public double? AveragePrecision { get; set; }
        public double? Precision { get; set; }
        public double? Recall { get; set; }
        public double? F1Score { get; set; }

        /// <summary>Per-label pixel metrics of a segmentation model; empty for classification models.</summary>
        public PixelClassMetricList PixelAnomalyClassMetrics { get; set; } = PixelClassMetricList.Empty;

        /// <summary>The result file path or S3 URI.</summary>
        public string Source { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }

    /// <summary>One label's pixel metrics inside an EvaluationResult.</summary>
    public sealed class PixelClassMetric
    {
        public string ClassName { get; set; } = string.Empty;
        public double? Precision { get; set; }
        public double? Recall { get; set; }
        public double? F1Score { get; set; }
        public double? AIOU { get; set; }

        public override string ToString() => ClassName;
    }

    /// <summary>One flat row per label (Get-LfvEvaluationResult -PerLabel), ready for Export-Csv.</summary>
    public sealed class EvaluationLabelMetric
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string ClassName { get; set; } = string.Empty;
        public double? Precision { get; set; }
        public double? Recall { get; set; }
        public double? F1Score { get; set; }
        public double? AIOU { get; set; }
        public string ModelArn { get; set; } = string.Empty;
        public string Source { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion + " " + ClassName;
    }
}
