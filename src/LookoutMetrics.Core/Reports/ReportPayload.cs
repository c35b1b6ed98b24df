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
}
