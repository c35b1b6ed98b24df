using System;
using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.IO;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// Makes the records of a successor: each test image keeps the retired model's ground truth (labels, classes,
    /// ground-truth mask, its manifest and line) and takes the successor's prediction and name as its model version, so
    /// every cmdlet after it works on them unchanged and pairs them with the retired model's by source-ref. The
    /// successor's label names are mapped to the ground truth's by name, case-insensitively.
    /// </summary>
    public sealed class SuccessorImages
    {
        private readonly string _modelName;
        private readonly Dictionary<string, string> _labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<ColorMapEntry> _testSetColors = new List<ColorMapEntry>();
        private readonly Dictionary<string, int> _unknown = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        private readonly bool _segmentation;

        /// <param name="modelName">The successor's name, the records' model version.</param>
        /// <param name="testSet">Every test image: their colour maps together give the labels (a normal image may have none).</param>
        /// <param name="segmentation">The successor draws masks (some prediction has one): an image it gives none is all background.</param>
        public SuccessorImages(string modelName, IEnumerable<EvaluationImage> testSet, bool segmentation = false)
        {
            _modelName = modelName;
            _segmentation = segmentation;
            foreach (var image in testSet)
            {
                foreach (var entry in ColorMap.Parse(image.AnomalyColorMap))
                {
                    if (entry.IsBackground || _labels.ContainsKey(entry.ClassName)) continue;
                    _labels[entry.ClassName] = entry.ClassName;
                    _testSetColors.Add(entry);
                }
            }
        }

        /// <summary>Images of a segmentation successor that carry no mask, measured as all background.</summary>
        public int WithoutMask { get; private set; }

        /// <summary>Successor labels the ground truth does not know, with how many images named each.</summary>
        public IReadOnlyDictionary<string, int> UnknownLabels => _unknown;

        public EvaluationImage From(EvaluationImage truth, Prediction prediction)
        {
            var image = new EvaluationImage
            {
                ProjectName = truth.ProjectName,
                ModelVersion = _modelName,
                SourceRef = truth.SourceRef,
                ImageName = truth.ImageName,
                ActualLabel = truth.ActualLabel,
                PredictedLabel = prediction.PredictedAnomaly ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                Confidence = prediction.Confidence,
                AnomalyScore = prediction.AnomalyScore,
                AnomalyMaskRef = truth.AnomalyMaskRef,
                AnomalyClasses = truth.AnomalyClasses,
                AnomalyColorMap = truth.AnomalyColorMap,
                LineNumber = truth.LineNumber,
                Source = truth.Source,
                PredictionSource = prediction.File,
                Device = prediction.Device,
                InferenceTime = prediction.InferenceTime,
            };
            image.IsCorrect = image.IsAnomaly == prediction.PredictedAnomaly;
            image.Outcome = Metrics.ClassificationMetrics.OutcomeOf(image.IsAnomaly, prediction.PredictedAnomaly);
            if (prediction.MaskRef.Length > 0)
            {
                image.PredictedAnomalyMaskRef = prediction.MaskRef;
                var map = Mapped(prediction.ColorMap, truth);
                image.PredictedAnomalyColorMap = ColorMap.Format(map);
                // A mask without a map of its own says its classes only when decoded: the image's own labels stand for them.
                image.PredictedAnomalyClasses = ManifestReader.ClassesOf(prediction.ColorMap.Length > 0 ? map
                    : ColorMap.Parse(truth.AnomalyColorMap));
            }
            else if (_segmentation)
            {
                // An image the successor gives no mask (usually one it calls normal): all background, measured as such.
                image.PredictedAnomalyColorMap = Segmentation.MaskPlan.BackgroundOnly;
                WithoutMask++;
            }
            return image;
        }

        /// <summary>
        /// The successor's colour map with the ground truth's names (BACKGROUND for its background). A mask with no map (a CSV's
        /// mask path) is read in the ground truth's colours, the image's own and every other label's of the test set, so that a
        /// label the image lacks still counts its false-positive pixels; a wildcard entry marks it as one class when it turns out
        /// to be a grayscale PNG (anomalib's pred_mask).
        /// </summary>
        private List<ColorMapEntry> Mapped(string colorMap, EvaluationImage truth)
        {
            var entries = ColorMap.Parse(colorMap);
            var mapped = new List<ColorMapEntry>();
            if (entries.Count == 0)
            {
                mapped.Add(new ColorMapEntry("0", "BACKGROUND", 0xFFFFFF, null));
                var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in ColorMap.Parse(truth.AnomalyColorMap).Concat(_testSetColors))
                {
                    if (entry.IsBackground || !named.Add(entry.ClassName)) continue;
                    mapped.Add(new ColorMapEntry(mapped.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ClassName,
                        entry.Rgb, null));
                }
                mapped.Add(new ColorMapEntry(mapped.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), EvaluationImage.AnomalyLabel,
                    -1, null));
                return mapped;
            }
            foreach (var entry in entries)
            {
                string name = entry.ClassName;
                if (entry.IsBackground) name = "BACKGROUND";
                else if (_labels.TryGetValue(name, out var known)) name = known;
                else _unknown[name] = _unknown.TryGetValue(name, out int n) ? n + 1 : 1;
                mapped.Add(new ColorMapEntry(entry.Index, name, entry.Rgb, entry.TotalPercentageArea));
            }
            return mapped;
        }
    }
}
