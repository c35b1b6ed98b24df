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

        /// <summary>How the page shows each metric, from MetricTable: its name, heading, decimals, and whether it is a rate.</summary>
        public List<ReportMetric> Metrics { get; set; } = new List<ReportMetric>();
    }

    /// <summary>One row of MetricTable as the page reads it.</summary>
    public sealed class ReportMetric
    {
        public string Name { get; set; } = string.Empty;
        public string Heading { get; set; } = string.Empty;
        public int Digits { get; set; }
        public bool IsRate { get; set; }
    }

    public sealed class ReportComparison
    {
        public string Reference { get; set; } = string.Empty;
        public string Difference { get; set; } = string.Empty;
        public string Verdict { get; set; } = string.Empty;
        public List<ModelComparison> Rows { get; set; } = new List<ModelComparison>();
    }
}
