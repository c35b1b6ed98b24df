using System.Collections.Generic;
using System.Linq;

namespace LookoutMetrics.Reports
{
    /// <summary>
    /// What a report shows beyond the figures: whose masks are measured for the performance per label, and which test
    /// images get thumbnails, in what order, up to what limit.
    /// </summary>
    public static class ReportPlan
    {
        /// <summary>How many thumbnails a report embeds unless -ImageLimit says otherwise.</summary>
        public const int DefaultImageLimit = 50;

        /// <summary>At most this many placeholder warnings, then one that counts the rest.</summary>
        public const int PlaceholderWarnings = 5;

        /// <summary>
        /// The first image with masks of a model whose per-label figures are still to be measured (none were piped in);
        /// null when there is nothing to measure.
        /// </summary>
        public static EvaluationImage? MasksToMeasure(ReportModelInput model) =>
            model.Labels.Count > 0 ? null : model.Images.FirstOrDefault(i => Segmentation.MaskPlan.AnyMask(i).Length > 0);

        /// <summary>
        /// The images shown as thumbnails: of each model in turn, its incorrect predictions in manifest order, then its
        /// worst images per label (lowest IoU first) where the label is in the ground truth or predicted; each image
        /// once, and at most <paramref name="limit"/> in all.
        /// </summary>
        public static List<(ReportModelInput Model, EvaluationImage Image)> Thumbnails(IEnumerable<ReportModelInput> models, int limit)
        {
            var chosen = new List<(ReportModelInput, EvaluationImage)>();
            foreach (var model in models)
            {
                var byRef = model.Images.GroupBy(i => i.SourceRef).ToDictionary(g => g.Key, g => g.First());
                var wanted = model.Images.Where(i => !i.IsCorrect).Select(i => i.SourceRef)
                    .Concat(model.ImageLabels.Where(r => r.InGroundTruth || r.Predicted).OrderBy(r => r.IoU).Select(r => r.SourceRef))
                    .Distinct();
                foreach (string sourceRef in wanted)
                {
                    if (chosen.Count == limit) return chosen;
                    chosen.Add((model, byRef[sourceRef]));
                }
            }
            return chosen;
        }
    }
}
