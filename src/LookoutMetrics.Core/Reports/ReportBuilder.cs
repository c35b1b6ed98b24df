using System;
using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.Comparison;
using LookoutMetrics.Metrics;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Verification;

namespace LookoutMetrics.Reports
{
    /// <summary>
    /// Builds the report's data from the models' inputs, with the module's own rules: the metrics and intervals of
    /// ClassificationMetrics, the checks of MetricVerifier, the curve, the comparison of ModelComparer.
    /// </summary>
    public static class ReportBuilder
    {
        public const int WorstImagesPerLabel = 5;

        /// <summary>The images that changed between two versions a report lists under their comparison, at most (Compare-LfvModel
        /// -PerImage lists them all).</summary>
        public const int ChangedImages = 200;

        public static ReportPayload Build(string title, IReadOnlyList<ReportModelInput> inputs, IntervalOptions intervals,
            ComparisonOptions comparison,
            double tolerance, ICollection<string> warnings, string version, string? baseline = null,
            IEnumerable<ReportProblem>? problems = null)
        {
            var payload = new ReportPayload
            {
                Title = title,
                Generated = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                Version = version,
            };
            foreach (var metric in MetricTable.All)
                payload.Metrics.Add(new ReportMetric { Name = metric.Name, Heading = metric.Heading, Digits = metric.Digits,
                    IsRate = metric.IsRate });
            foreach (var input in inputs) payload.Models.Add(Model(input, intervals, tolerance, warnings));
            foreach (var (reference, other) in Pairs(payload.Models.Where(m => m.Summary != null), baseline, warnings))
            {
                var rows = ModelComparer.Compare(reference.Name, Metric(reference.Summary!), SummaryImages.Of(reference.Summary!),
                    other.Name, Metric(other.Summary!), SummaryImages.Of(other.Summary!), comparison, warnings);
                var a = SummaryImages.Of(reference.Summary!);
                var b = SummaryImages.Of(other.Summary!);
                var changed = a == null || b == null ? new List<ImageComparison>() : ImageComparisons.Of(reference.Name, a, other.Name, b);
                // Two segmentation models: each label both have, its pixel figures compared over the paired images.
                var labelRows = other.Labels.Where(l => LabelImages.Of(l) != null && reference.Labels.Any(r => LabelImages.Of(r) != null))
                    .SelectMany(l => SegmentationComparer.CompareLabels(reference.Labels, l, comparison, warnings)).ToList();
                payload.Comparisons.Add(new ReportComparison { Reference = reference.Name, Difference = other.Name,
                    Verdict = rows.FirstOrDefault()?.Verdict ?? string.Empty, Rows = rows, ImagesChanged = changed.Count,
                    Images = changed.Take(ChangedImages).ToList(), LabelRows = labelRows });
            }
            payload.Summary = Summarize(payload.Models, problems);
            return payload;
        }

        /// <summary>
        /// The versions of each project to compare, images paired by source-ref: each numbered version with the one before it (1 to
        /// 2, 2 to 3), and each successor (a version with a name, not a number) with the last numbered version, the model it would
        /// replace; or, with a baseline, each with that version. A baseline a project lacks is one warning, and that project's
        /// versions are compared as without one.
        /// </summary>
        public static IEnumerable<(ReportModel Reference, ReportModel Other)> Pairs(IEnumerable<ReportModel> models, string? baseline,
            ICollection<string> warnings)
        {
            foreach (var project in models.GroupBy(m => m.ProjectName, StringComparer.OrdinalIgnoreCase))
            {
                var versions = project.Select((m, i) => (Model: m, Index: i))
                    .OrderBy(v => Exported.VersionNumber(v.Model.ModelVersion) ?? int.MaxValue).ThenBy(v => v.Index)
                    .Select(v => v.Model).ToList();
                var chosen = baseline == null ? null
                    : versions.FirstOrDefault(m => string.Equals(m.ModelVersion, baseline, StringComparison.OrdinalIgnoreCase));
                if (baseline != null && chosen == null && versions.Count > 1)
                    warnings.Add($"{project.Key} has no version '{baseline}' to compare with (-Baseline): its versions " +
                        $"({string.Join(", ", versions.Select(m => m.ModelVersion))}) are compared as without it.");
                if (chosen == null)
                {
                    var numbered = versions.Where(m => Exported.VersionNumber(m.ModelVersion) != null).ToList();
                    for (int i = 1; i < numbered.Count; i++) yield return (numbered[i - 1], numbered[i]);
                    var named = versions.Where(m => Exported.VersionNumber(m.ModelVersion) == null).ToList();
                    for (int i = 0; i < named.Count; i++)
                    {
                        var reference = numbered.Count > 0 ? numbered[numbered.Count - 1] : i > 0 ? named[i - 1] : null;
                        if (reference != null) yield return (reference, named[i]);
                    }
                    continue;
                }
                foreach (var other in versions.Where(m => !ReferenceEquals(m, chosen))) yield return (chosen, other);
            }
        }

        /// <summary>The report's first lines, from what its models hold and what could not be read.</summary>
        public static ReportSummary Summarize(IReadOnlyList<ReportModel> models, IEnumerable<ReportProblem>? problems)
        {
            var summary = new ReportSummary { Models = models.Count };
            var given = (problems ?? Enumerable.Empty<ReportProblem>()).ToList();
            foreach (var model in models)
            {
                var checks = model.Checks;
                summary.FiguresChecked += checks.Count(c => c.Agrees.HasValue);
                summary.Unchecked += checks.Count(c => !c.Agrees.HasValue);
                var disagree = checks.Where(c => c.Agrees == false).ToList();
                summary.Disagree += disagree.Count;
                if (disagree.Count > 0)
                    summary.Disagreeing.Add($"{model.Name} ({string.Join(", ", disagree.Select(c => c.ClassName.Length > 0 ? c.Metric + " " +
                        c.ClassName : c.Metric).Distinct())})");
                // A model without its manifest: said once (the error written about it, when there was one, says why).
                if (model.Summary == null && !given.Any(p => p.Item == model.ProjectName + "/" + model.ModelVersion))
                    summary.Problems.Add(new ReportProblem { Item = model.Name, Reason = "No evaluation manifest was read: the reported " +
                        "figures are shown, but nothing could be recomputed or checked." });
            }
            summary.Problems.AddRange(given);
            return summary;
        }

        private static Func<string, double?> Metric(EvaluationSummary s) => name => MetricTable.Find(name)?.FromSummary(s);

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
                model.Summary.LinesLeftOut = input.LinesLeftOut;
                model.Summary.LeftOutReason = input.LeftOutReason;
                if (input.LinesLeftOut > 0) warnings.Add(IO.DataProblemTally.Warning(input.Name, input.LinesLeftOut, "manifest lines",
                    input.LeftOutReason, set.Count, "images"));
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
                    model.Checks.AddRange(MetricVerifier.CheckPixels(input.ProjectName, input.ModelVersion,
                        input.Result.PixelAnomalyClassMetrics, input.Labels, tolerance));
            }
            if (set != null && set.Count > 0) model.Curve = Curve(set, threshold, model.Summary);

            foreach (var image in input.Images)
            {
                model.Images.Add(new object[]
                {
                    image.ImageName, image.SourceRef, image.IsAnomaly ? 1 : 0, image.IsPredictedAnomaly ? 1 : 0,
                    Math.Round(image.Confidence, 6), Math.Round(image.AnomalyScore, 6), image.Outcome.ToString(),
                    string.Join(";", image.AnomalyClasses), string.Join(";", image.PredictedAnomalyClasses),
                });
            }
            foreach (var group in input.ImageLabels.GroupBy(r => r.ClassName))
            {
                model.Worst[group.Key] = group.Where(r => !double.IsNaN(r.IoU)).OrderBy(r => r.IoU).ThenBy(r => r.ImageName, StringComparer.Ordinal)
                    .Take(WorstImagesPerLabel).ToList();
            }
            return model;
        }

        /// <summary>
        /// The curve, and the point of the model's own predictions (or of the summary's -Threshold): the point with the
        /// summary's true and false positives, so the marker sits where the cards' figures are; where no point has
        /// them (predictions that no single score threshold reproduces), the lowest threshold at or above the model's.
        /// </summary>
        internal static ReportCurve Curve(ScoreSet set, double? threshold, EvaluationSummary? summary)
        {
            var points = ClassificationMetrics.Curve(set);
            points.Reverse(); // thresholds ascending: recall and FPR fall as the threshold rises
            double modelThreshold = threshold ?? 0.5;
            int at = summary == null ? -1 : points.FindIndex(p => p.TruePositives == summary.TruePositives
                && p.FalsePositives == summary.FalsePositives);
            if (at < 0) at = points.FindIndex(p => p.Threshold >= modelThreshold);
            if (at < 0) at = points.Count - 1;
            return new ReportCurve
            {
                Threshold = points.Select(p => p.Threshold).ToArray(),
                Precision = points.Select(p => p.Precision).ToArray(),
                Recall = points.Select(p => p.Recall).ToArray(),
                FalsePositiveRate = points.Select(p => p.FalsePositiveRate).ToArray(),
                F1Score = points.Select(p => p.F1Score).ToArray(),
                ModelPoint = at,
                ModelThreshold = modelThreshold,
                // On the threshold axis the marker sits at the model's own threshold, as the caption says, where the point's F1
                // holds there too (no other point lies between them); elsewhere at the point's own threshold.
                MarkerThreshold = at >= 0 && at < points.Count && points[at].Threshold >= modelThreshold
                    && (at == 0 || points[at - 1].Threshold < modelThreshold) ? modelThreshold : at >= 0 && at < points.Count
                    ? points[at].Threshold : modelThreshold,
            };
        }
    }
}
