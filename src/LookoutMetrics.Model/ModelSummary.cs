using System;

namespace LookoutMetrics
{
    /// <summary>One model version of a project, as ListModels describes it.</summary>
    public sealed class ModelSummary
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string Status { get; set; } = string.Empty;
        public string StatusMessage { get; set; } = string.Empty;
        public double? Precision { get; set; }
        public double? Recall { get; set; }
        public double? F1Score { get; set; }
        public DateTime? CreationTimestamp { get; set; }

        /// <summary>CreationTimestamp as ISO 8601 in UTC ("2021-05-04T18:23:00Z"), for Export-Csv.</summary>
        public string? CreationUtc => Exported.Utc(CreationTimestamp);
        public string ModelArn { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
