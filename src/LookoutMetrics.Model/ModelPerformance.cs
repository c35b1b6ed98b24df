using System;

namespace LookoutMetrics
{
    /// <summary>A model version's performance and the locations of its evaluation artifacts (DescribeModel).</summary>
    public sealed class ModelPerformance
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string Status { get; set; } = string.Empty;
        public string StatusMessage { get; set; } = string.Empty;

        /// <summary>Null until training succeeds.</summary>
        public double? Precision { get; set; }

        public double? Recall { get; set; }
        public double? F1Score { get; set; }
        public string ModelArn { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;
        public DateTime? CreationTimestamp { get; set; }
        public DateTime? EvaluationEndTimestamp { get; set; }

        /// <summary>CreationTimestamp as ISO 8601 in UTC, for Export-Csv.</summary>
        public string? CreationUtc => Exported.Utc(CreationTimestamp);

        /// <summary>EvaluationEndTimestamp as ISO 8601 in UTC, for Export-Csv.</summary>
        public string? EvaluationEndUtc => Exported.Utc(EvaluationEndTimestamp);

        /// <summary>s3://bucket/key of the evaluation manifest; empty until training succeeds.</summary>
        public string EvaluationManifestUri { get; set; } = string.Empty;

        /// <summary>s3://bucket/key of the evaluation result; empty until training succeeds.</summary>
        public string EvaluationResultUri { get; set; } = string.Empty;

        /// <summary>s3://bucket/prefix the model's training output went to.</summary>
        public string OutputUri { get; set; } = string.Empty;

        public int? MinInferenceUnits { get; set; }
        public int? MaxInferenceUnits { get; set; }
        public string KmsKeyId { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
