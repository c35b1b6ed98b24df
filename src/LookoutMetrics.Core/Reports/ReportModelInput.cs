using System;
using System.Collections.Generic;

namespace LookoutMetrics.Reports
{
    /// <summary>What the report knows of one model version, gathered from whatever the pipeline brought.</summary>
    public sealed class ReportModelInput
    {
        public ReportModelInput(string projectName, string modelVersion)
        {
            ProjectName = projectName;
            ModelVersion = modelVersion;
        }

        public string ProjectName { get; }
        public string ModelVersion { get; }
        public string Name => ProjectName + " " + ModelVersion;

        /// <summary>The test images, in manifest order.</summary>
        public List<EvaluationImage> Images { get; } = new List<EvaluationImage>();

        /// <summary>A summary that came down the pipeline (its own threshold and per-image data) when there are no images.</summary>
        public EvaluationSummary? Summary { get; set; }

        public EvaluationResult? Result { get; set; }
        public ModelPerformance? Performance { get; set; }

        /// <summary>Per-label figures recomputed from the masks, or piped in.</summary>
        public List<LabelPerformance> Labels { get; } = new List<LabelPerformance>();

        /// <summary>Per-image, per-label rows, for the worst images of each label.</summary>
        public List<ImageLabelPerformance> ImageLabels { get; } = new List<ImageLabelPerformance>();

        /// <summary>Thumbnails by source-ref: data: URIs, or null for a placeholder.</summary>
        public Dictionary<string, string?> Thumbnails { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        public string Source { get; set; } = string.Empty;

        /// <summary>Lines of the model's manifests left out (bad lines), and why; the report says so in the model's header.</summary>
        public long LinesLeftOut { get; set; }

        public string LeftOutReason { get; set; } = string.Empty;
    }
}
