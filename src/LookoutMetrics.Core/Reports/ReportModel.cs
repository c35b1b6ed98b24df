using System;
using System.Collections.Generic;

namespace LookoutMetrics.Reports
{
    public sealed class ReportModel
    {
        public string Name { get; set; } = string.Empty;
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string Source { get; set; } = string.Empty;
        public EvaluationSummary? Summary { get; set; }
        public List<MetricCheck> Checks { get; set; } = new List<MetricCheck>();
        public ReportCurve? Curve { get; set; }
        /// <summary>Per image: name, source-ref, actual (1/0), predicted (1/0), confidence, anomaly score, outcome, ground-truth labels,
        /// predicted labels.</summary>
        public List<object[]> Images { get; set; } = new List<object[]>();
        public List<LabelPerformance> Labels { get; set; } = new List<LabelPerformance>();
        public Dictionary<string, List<ImageLabelPerformance>> Worst { get; set; } = new Dictionary<string, List<ImageLabelPerformance>>();
        public Dictionary<string, string?> Thumbnails { get; set; } = new Dictionary<string, string?>();
    }
}
