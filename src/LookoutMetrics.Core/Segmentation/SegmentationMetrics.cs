using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// The per-label pixel metrics of one model, as docs/metrics.md defines them: precision, recall and F1 pool the
    /// pixels of every test image (micro); AIOU is the mean of the per-image IoU over the images whose ground-truth
    /// mask has the label (pixels counted, not colour-map entries); MicroIoU is the sum of intersections over the sum
    /// of unions. Images are added as their counts arrive; nothing of a mask is kept.
    /// </summary>
    public sealed class SegmentationMetrics
    {
        private sealed class Totals
        {
            public Totals(string className, int rgb)
            {
                ClassName = className;
                Rgb = rgb;
            }

            public readonly string ClassName;
            public readonly int Rgb;
            public long Tp, Fp, Fn, ImagesWithLabel, ImagesPredicted;
            public double IoUSum;
            public readonly Dictionary<ulong, PixelCounts> PerImage = new Dictionary<ulong, PixelCounts>();
        }

        private readonly List<Totals> _labels = new List<Totals>();
        private readonly Dictionary<string, Totals> _byName = new Dictionary<string, Totals>();
        private readonly Dictionary<int, long> _unknownPixels = new Dictionary<int, long>();
        private readonly Dictionary<int, long> _unknownImages = new Dictionary<int, long>();
        private readonly Dictionary<int, string> _mapColors = new Dictionary<int, string>();

        public SegmentationMetrics(string projectName, string modelVersion, string source)
        {
            ProjectName = projectName;
            ModelVersion = modelVersion;
            Source = source;
        }

        public string ProjectName { get; }
        public string ModelVersion { get; }
        public string Source { get; }

        /// <summary>Images whose masks were counted.</summary>
        public long ImagesMeasured { get; private set; }

        private readonly Dictionary<string, long> _leftOut = new Dictionary<string, long>();

        /// <summary>Images left out because their masks could not be used, by the ErrorId of the reason.</summary>
        public IReadOnlyDictionary<string, long> LeftOut => _leftOut;

        public long ImagesLeftOut => _leftOut.Values.Sum();

        /// <summary>An image whose masks could not be used (the error itself is written by the caller).</summary>
        public void LeaveOut(string errorId, long images = 1)
        {
            _leftOut.TryGetValue(errorId, out long n);
            _leftOut[errorId] = n + images;
        }

        /// <summary>The one warning of a model that left images out; null when none was.</summary>
        /// <remarks>None when nothing was measured at all: the error(s) already say so, and no figure is written.</remarks>
        public string? LeftOutWarning() => ImagesLeftOut == 0 || ImagesMeasured == 0 ? null
            : IO.DataProblemTally.Warning(ProjectName + " " + ModelVersion, ImagesLeftOut, ImagesLeftOut == 1 ? "image" : "images",
                IO.DataProblemTally.Reason(_leftOut), ImagesMeasured, "images whose masks were");

        /// <summary>Colours found in masks but in no colour map: pixels, and images they were found in.</summary>
        public IReadOnlyDictionary<int, long> UnknownColorPixels => _unknownPixels;
        public IReadOnlyDictionary<int, long> UnknownColorImages => _unknownImages;

        private readonly HashSet<ulong> _measured = new HashSet<ulong>();

        /// <param name="counts">One image's pixel counts.</param>
        /// <param name="sourceRef">The image's source-ref, by which a comparison pairs it with another model's counts of it.</param>
        public void Add(ImagePixelCounts counts, string sourceRef = "")
        {
            ImagesMeasured++;
            ulong key = ScoreSet.ImageKey(sourceRef);
            _measured.Add(key);
            foreach (var label in counts.Labels)
            {
                if (!_byName.TryGetValue(label.ClassName, out var t))
                {
                    t = new Totals(label.ClassName, label.Rgb);
                    _byName.Add(label.ClassName, t);
                    _labels.Add(t);
                }
                t.Tp += label.TruePositives;
                t.Fp += label.FalsePositives;
                t.Fn += label.FalseNegatives;
                t.PerImage.TryGetValue(key, out var before);
                t.PerImage[key] = new PixelCounts(before.Tp + label.TruePositives, before.Fp + label.FalsePositives,
                    before.Fn + label.FalseNegatives);
                if (label.GroundTruthPixels > 0)
                {
                    t.ImagesWithLabel++;
                    t.IoUSum += label.IoU;
                }
                if (label.PredictedPixels > 0) t.ImagesPredicted++;
            }
            foreach (var c in counts.MapColors) if (!_mapColors.ContainsKey(c.Key)) _mapColors[c.Key] = c.Value;
            foreach (var u in counts.UnknownColors)
            {
                _unknownPixels.TryGetValue(u.Key, out long pixels);
                _unknownPixels[u.Key] = pixels + u.Value;
                _unknownImages.TryGetValue(u.Key, out long images);
                _unknownImages[u.Key] = images + 1;
            }
        }

        /// <summary>One row per label, by class name.</summary>
        public IEnumerable<LabelPerformance> Labels() => _labels.OrderBy(t => t.ClassName,
            System.StringComparer.Ordinal).Select(t => new LabelPerformance
        {
            ProjectName = ProjectName,
            ModelVersion = ModelVersion,
            ClassName = t.ClassName,
            Color = ColorMap.Hex(t.Rgb),
            ImagesWithLabel = t.ImagesWithLabel,
            ImagesPredicted = t.ImagesPredicted,
            Precision = ClassificationMetrics.Ratio(t.Tp, t.Tp + t.Fp),
            Recall = ClassificationMetrics.Ratio(t.Tp, t.Tp + t.Fn),
            F1Score = ClassificationMetrics.Ratio(2 * t.Tp, 2 * t.Tp + t.Fp + t.Fn),
            AIOU = t.ImagesWithLabel == 0 ? 0.0 : t.IoUSum / t.ImagesWithLabel,
            MicroIoU = ClassificationMetrics.Ratio(t.Tp, t.Tp + t.Fp + t.Fn),
            TruePositivePixels = t.Tp,
            FalsePositivePixels = t.Fp,
            FalseNegativePixels = t.Fn,
            ImagesMeasured = ImagesMeasured,
            ImagesLeftOut = ImagesLeftOut,
            LeftOutReason = IO.DataProblemTally.Reason(_leftOut),
            Source = Source,
            ImageData = new LabelImages(_measured, t.PerImage),
        });

        /// <summary>The per-image rows of one image: a row for each label that either mask has.</summary>
        public static IEnumerable<ImageLabelPerformance> PerImage(EvaluationImage image, ImagePixelCounts counts) =>
            counts.Labels.Where(l => l.Union > 0).Select(l => new ImageLabelPerformance
            {
                ProjectName = image.ProjectName,
                ModelVersion = image.ModelVersion,
                ImageName = image.ImageName,
                SourceRef = image.SourceRef,
                ClassName = l.ClassName,
                Color = ColorMap.Hex(l.Rgb),
                IoU = l.IoU,
                TruePositivePixels = l.TruePositives,
                FalsePositivePixels = l.FalsePositives,
                FalseNegativePixels = l.FalseNegatives,
                InGroundTruth = l.GroundTruthPixels > 0,
                Predicted = l.PredictedPixels > 0,
                Outcome = image.Outcome,
                AnomalyMaskRef = image.AnomalyMaskRef,
                PredictedAnomalyMaskRef = image.PredictedAnomalyMaskRef,
            });

        /// <summary>The warning for colours in no colour map, once per model; null when there are none.</summary>
        public string? UnknownColorWarning()
        {
            if (_unknownPixels.Count == 0) return null;
            var shown = _unknownPixels.OrderByDescending(u => u.Value).Take(5)
                .Select(u => $"{ColorMap.Hex(u.Key)} ({u.Value:N0} pixels in {_unknownImages[u.Key]:N0} images{Swapped(u.Key)})");
            string more = _unknownPixels.Count > 5 ? $" and {_unknownPixels.Count - 5} more" : string.Empty;
            return $"{ProjectName} {ModelVersion}: mask colours in no colour map were counted as no label: {string.Join(", ", shown)}{more}. " +
                "Check the masks' colour maps, or whether the masks were re-encoded (lossy formats change colours).";
        }

        /// <summary>"; it is crack's #rrggbb with red and blue swapped" where a map colour swapped so (BGR written as RGB) is it.</summary>
        private string Swapped(int rgb)
        {
            int swapped = ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | ((rgb >> 16) & 0xFF);
            return swapped != rgb && _mapColors.TryGetValue(swapped, out var name)
                ? $"; it is {name}'s {ColorMap.Hex(swapped)} with red and blue swapped (a mask written as BGR)" : string.Empty;
        }
    }

    /// <summary>One image's pixels of one label: true positives, false positives, false negatives.</summary>
    public readonly struct PixelCounts
    {
        public PixelCounts(long tp, long fp, long fn)
        {
            Tp = tp;
            Fp = fp;
            Fn = fn;
        }

        public long Tp { get; }
        public long Fp { get; }
        public long Fn { get; }
    }

    /// <summary>
    /// What a label's row keeps of its images for a paired comparison: every image the model measured (by the key of its source-ref),
    /// and the label's pixel counts in each (an image measured without the label counts zeros).
    /// </summary>
    public sealed class LabelImages
    {
        public LabelImages(IReadOnlyCollection<ulong> measured, IReadOnlyDictionary<ulong, PixelCounts> counts)
        {
            Measured = measured;
            Counts = counts;
        }

        public IReadOnlyCollection<ulong> Measured { get; }
        public IReadOnlyDictionary<ulong, PixelCounts> Counts { get; }

        public PixelCounts Of(ulong key) => Counts.TryGetValue(key, out var c) ? c : default;

        public static LabelImages? Of(LabelPerformance label) => label.ImageData as LabelImages;
    }
}
