using System;
using System.Collections.Generic;
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

        /// <param name="modelName">The successor's name, the records' model version.</param>
        /// <param name="testSet">Every test image: their colour maps together give the labels (a normal image may have none).</param>
        public SuccessorImages(string modelName, IEnumerable<EvaluationImage> testSet)
        {
            _modelName = modelName;
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
            };
            image.IsCorrect = image.IsAnomaly == prediction.PredictedAnomaly;
            image.Outcome = Metrics.ClassificationMetrics.OutcomeOf(image.IsAnomaly, prediction.PredictedAnomaly);
            if (prediction.MaskRef.Length > 0)
            {
                image.PredictedAnomalyMaskRef = prediction.MaskRef;
                var map = Mapped(prediction.ColorMap, truth);
                image.PredictedAnomalyColorMap = ColorMap.Format(map);
                image.PredictedAnomalyClasses = ManifestReader.ClassesOf(map);
            }
            return image;
        }

        /// <summary>
        /// The successor's colour map with the ground truth's names (BACKGROUND for its background); a mask with no map
        /// (a CSV's mask path) is taken in the ground truth's colours, the image's own or else the test set's.
        /// </summary>
        private List<ColorMapEntry> Mapped(string colorMap, EvaluationImage truth)
        {
            var entries = ColorMap.Parse(colorMap);
            var mapped = new List<ColorMapEntry>();
            if (entries.Count == 0)
            {
                var own = ColorMap.Parse(truth.AnomalyColorMap);
                mapped.Add(new ColorMapEntry("0", "BACKGROUND", 0xFFFFFF, null));
                foreach (var entry in own.Count > 0 ? own : (IReadOnlyList<ColorMapEntry>)_testSetColors)
                {
                    if (!entry.IsBackground) mapped.Add(new ColorMapEntry(mapped.Count.ToString(
                        System.Globalization.CultureInfo.InvariantCulture), entry.ClassName, entry.Rgb, null));
                }
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
