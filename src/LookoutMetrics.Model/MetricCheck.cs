namespace LookoutMetrics
{
    /// <summary>A reported metric checked against the value recomputed from the manifest.</summary>
    public sealed class MetricCheck
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string Metric { get; set; } = string.Empty;

        /// <summary>The anomaly label of a per-label pixel metric (PixelAnomalyClassMetrics); empty for the model's own metrics.</summary>
        public string ClassName { get; set; } = string.Empty;

        /// <summary>Where the reported value came from: EvaluationResult or DescribeModel.</summary>
        public string ReportedBy { get; set; } = string.Empty;

        public double? Reported { get; set; }

        /// <summary>The value recomputed from the manifest (and masks); null when the figure could not be checked.</summary>
        public double? Recomputed { get; set; }

        /// <summary>Recomputed - Reported.</summary>
        public double? Difference { get; set; }

        /// <summary>Within Tolerance ($true), not ($false), or not checked at all (empty; Reason says why).</summary>
        public bool? Agrees { get; set; }

        public double Tolerance { get; set; }

        /// <summary>Why a reported figure was not checked; empty when it was.</summary>
        public string Reason { get; set; } = string.Empty;

        public override string ToString() => $"{ProjectName} {ModelVersion} {Metric}{(ClassName.Length > 0 ? " " + ClassName : string.Empty)}";
    }
}
