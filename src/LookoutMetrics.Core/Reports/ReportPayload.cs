using System;
using System.Collections.Generic;

namespace LookoutMetrics.Reports
{
    /// <summary>The report's data, as the page's script reads it (JSON, embedded once).</summary>
    public sealed class ReportPayload
    {
        public string Title { get; set; } = string.Empty;
        public string Generated { get; set; } = string.Empty;
        public string Version { get; set; } = string.Empty;
        public List<ReportModel> Models { get; set; } = new List<ReportModel>();
        public List<ReportComparison> Comparisons { get; set; } = new List<ReportComparison>();
        public List<string> Libraries { get; set; } = new List<string>();
    }

    public sealed class ReportComparison
    {
        public string Reference { get; set; } = string.Empty;
        public string Difference { get; set; } = string.Empty;
        public string Verdict { get; set; } = string.Empty;
        public List<ModelComparison> Rows { get; set; } = new List<ModelComparison>();
    }

    /// <summary>The curves as columns, thresholds ascending; the model's own operating point beside them.</summary>
    public sealed class ReportCurve
    {
        public double[] Threshold { get; set; } = Array.Empty<double>();
        public double[] Precision { get; set; } = Array.Empty<double>();
        public double[] Recall { get; set; } = Array.Empty<double>();
        public double[] FalsePositiveRate { get; set; } = Array.Empty<double>();
        public double[] F1Score { get; set; } = Array.Empty<double>();

        /// <summary>The index of the curve point nearest the model's threshold (its own predictions: 0.5, or -Threshold).</summary>
        public int ModelPoint { get; set; } = -1;
        public double ModelThreshold { get; set; }
    }
}
