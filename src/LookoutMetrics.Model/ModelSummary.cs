using System;

namespace LookoutMetrics
{
    /// <summary>One model version of a project, as ListModels describes it.</summary>
    public sealed class ModelSummary
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public string StatusMessage { get; set; } = string.Empty;
        public double? Precision { get; set; }
        public double? Recall { get; set; }
        public double? F1Score { get; set; }
        public DateTime? CreationTimestamp { get; set; }
        public string ModelArn { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
