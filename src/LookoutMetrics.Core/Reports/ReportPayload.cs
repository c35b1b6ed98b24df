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

        /// <summary>What the report holds, said first: models, figures checked and how many disagree, what is missing and why.</summary>
        public ReportSummary Summary { get; set; } = new ReportSummary();
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

    /// <summary>The report's first lines: how many models, figures checked, disagreeing and unchecked, and each item that could not be
    /// read.</summary>
    public sealed class ReportSummary
    {
        public int Models { get; set; }
        public int FiguresChecked { get; set; }
        public int Disagree { get; set; }
        public int Unchecked { get; set; }

        /// <summary>The models that disagree ("circuitboard 1 (F1Score)"), for the sentence that says which.</summary>
        public List<string> Disagreeing { get; set; } = new List<string>();

        /// <summary>Each item (a model, a file, an object) that is missing or could not be read, and why (the error's first sentence).</summary>
        public List<ReportProblem> Problems { get; set; } = new List<ReportProblem>();
    }

    public sealed class ReportProblem
    {
        public string Item { get; set; } = string.Empty;
        public string Reason { get; set; } = string.Empty;
    }

    public sealed class ReportComparison
    {
        public string Reference { get; set; } = string.Empty;
        public string Difference { get; set; } = string.Empty;
        public string Verdict { get; set; } = string.Empty;
        public List<ModelComparison> Rows { get; set; } = new List<ModelComparison>();

        /// <summary>The images the two classify differently, newly missed defects first, at most <see cref="ReportBuilder.ChangedImages"/>.</summary>
        public List<ImageComparison> Images { get; set; } = new List<ImageComparison>();

        /// <summary>How many images changed in all (the list may hold fewer).</summary>
        public int ImagesChanged { get; set; }

        /// <summary>Two segmentation models: each label's pixel precision, recall, F1 and AIOU compared (ClassName on each row).</summary>
        public List<ModelComparison> LabelRows { get; set; } = new List<ModelComparison>();
    }
}
