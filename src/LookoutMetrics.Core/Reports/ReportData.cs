using System;
using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.Comparison;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Verification;

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
    }

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

    public sealed class ReportModel
    {
        public string Name { get; set; } = string.Empty;
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string Source { get; set; } = string.Empty;
        public EvaluationSummary? Summary { get; set; }
        public List<MetricCheck> Checks { get; set; } = new List<MetricCheck>();
        public ReportCurve? Curve { get; set; }
        /// <summary>Per image: name, source-ref, actual (1/0), predicted (1/0), confidence, anomaly score, outcome, labels.</summary>
        public List<object[]> Images { get; set; } = new List<object[]>();
        public List<LabelPerformance> Labels { get; set; } = new List<LabelPerformance>();
        public Dictionary<string, List<ImageLabelPerformance>> Worst { get; set; } = new Dictionary<string, List<ImageLabelPerformance>>();
        public Dictionary<string, string?> Thumbnails { get; set; } = new Dictionary<string, string?>();
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

    /// <summary>
    /// Builds the report's data from the models' inputs, with the module's own rules: the metrics and intervals of
    /// ClassificationMetrics, the checks of MetricVerifier, the curve, the comparison of ModelComparer.
    /// </summary>
    public static class ReportBuilder
    {
        public const int WorstImagesPerLabel = 5;

        public static ReportPayload Build(string title, IReadOnlyList<ReportModelInput> inputs, IntervalOptions intervals, ComparisonOptions comparison,
            double tolerance, ICollection<string> warnings, string version)
        {
            var payload = new ReportPayload
            {
                Title = title,
                Generated = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                Version = version,
            };
            foreach (var input in inputs) payload.Models.Add(Model(input, intervals, tolerance, warnings));
            // Several versions of a project: each is compared with the project's first, images paired by source-ref.
            foreach (var project in payload.Models.Where(m => m.Summary != null).GroupBy(m => m.ProjectName))
            {
                var first = project.First();
                foreach (var other in project.Skip(1))
                {
                    var rows = ModelComparer.Compare(first.Name, Metric(first.Summary!), SummaryImages.Of(first.Summary!),
                        other.Name, Metric(other.Summary!), SummaryImages.Of(other.Summary!), comparison, warnings);
                    payload.Comparisons.Add(new ReportComparison { Reference = first.Name, Difference = other.Name, Verdict = rows.FirstOrDefault()?.Verdict ?? string.Empty, Rows = rows });
                }
            }
            return payload;
        }

        private static Func<string, double?> Metric(EvaluationSummary s) => name => name switch
        {
            "Precision" => s.Precision,
            "Recall" => s.Recall,
            "F1Score" => s.F1Score,
            "ROCAUC" => s.ROCAUC,
            "AveragePrecision" => s.AveragePrecision,
            "Accuracy" => s.Accuracy,
            "FalsePositives" => s.FalsePositives,
            "FalseNegatives" => s.FalseNegatives,
            _ => null,
        };

        private static ReportModel Model(ReportModelInput input, IntervalOptions intervals, double tolerance, ICollection<string> warnings)
        {
            var model = new ReportModel
            {
                Name = input.Name,
                ProjectName = input.ProjectName,
                ModelVersion = input.ModelVersion,
                Source = input.Source,
                Labels = input.Labels.OrderBy(l => l.ClassName, StringComparer.Ordinal).ToList(),
                Thumbnails = input.Thumbnails,
            };
            ScoreSet? set = null;
            double? threshold = null;
            if (input.Images.Count > 0)
            {
                set = new ScoreSet(input.ProjectName, input.ModelVersion, input.Source);
                foreach (var image in input.Images) set.Add(image);
                model.Summary = ClassificationMetrics.Summarize(set, null, warnings, intervals);
            }
            else if (input.Summary != null)
            {
                model.Summary = input.Summary;
                var images = SummaryImages.Of(input.Summary);
                set = images?.Set;
                threshold = images?.Threshold;
            }

            if (model.Summary != null)
            {
                model.Checks.AddRange(MetricVerifier.Check(model.Summary, input.Result, input.Performance, tolerance));
                if (input.Result != null && input.Result.PixelAnomalyClassMetrics.Count > 0 && input.Labels.Count > 0)
                    model.Checks.AddRange(MetricVerifier.CheckPixels(input.ProjectName, input.ModelVersion, input.Result.PixelAnomalyClassMetrics, input.Labels, tolerance));
            }
            if (set != null && set.Count > 0) model.Curve = Curve(set, threshold);

            foreach (var image in input.Images)
            {
                model.Images.Add(new object[]
                {
                    image.ImageName, image.SourceRef, image.IsAnomaly ? 1 : 0, image.IsPredictedAnomaly ? 1 : 0,
                    Math.Round(image.Confidence, 6), Math.Round(image.AnomalyScore, 6), image.Outcome.ToString(),
                    string.Join(";", image.AnomalyClasses.Union(image.PredictedAnomalyClasses)),
                });
            }
            foreach (var group in input.ImageLabels.GroupBy(r => r.ClassName))
            {
                model.Worst[group.Key] = group.Where(r => !double.IsNaN(r.IoU)).OrderBy(r => r.IoU).ThenBy(r => r.ImageName, StringComparer.Ordinal)
                    .Take(WorstImagesPerLabel).ToList();
            }
            return model;
        }

        private static ReportCurve Curve(ScoreSet set, double? threshold)
        {
            var points = ClassificationMetrics.Curve(set);
            points.Reverse(); // thresholds ascending: recall and FPR fall as the threshold rises
            double modelThreshold = threshold ?? 0.5;
            int nearest = 0;
            for (int i = 1; i < points.Count; i++)
            {
                if (Math.Abs(points[i].Threshold - modelThreshold) < Math.Abs(points[nearest].Threshold - modelThreshold)) nearest = i;
            }
            return new ReportCurve
            {
                Threshold = points.Select(p => p.Threshold).ToArray(),
                Precision = points.Select(p => p.Precision).ToArray(),
                Recall = points.Select(p => p.Recall).ToArray(),
                FalsePositiveRate = points.Select(p => p.FalsePositiveRate).ToArray(),
                F1Score = points.Select(p => p.F1Score).ToArray(),
                ModelPoint = points.Count > 0 ? nearest : -1,
                ModelThreshold = modelThreshold,
            };
        }
    }
}
