using System;

namespace LookoutMetrics
{
    /// <summary>How an image's prediction relates to its ground truth. The positive class is "anomaly".</summary>
    public enum ClassificationOutcome
    {
        TruePositive,
        FalsePositive,
        TrueNegative,
        FalseNegative,
    }

    /// <summary>One test image of an evaluation manifest: its ground truth, the model's prediction and where it came from.</summary>
    public sealed class EvaluationImage
    {
        public const string AnomalyLabel = "anomaly";
        public const string NormalLabel = "normal";

        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string SourceRef { get; set; } = string.Empty;
        public string ImageName { get; set; } = string.Empty;

        /// <summary>The ground truth: "anomaly" or "normal".</summary>
        public string ActualLabel { get; set; } = string.Empty;

        /// <summary>The model's prediction: "anomaly" or "normal".</summary>
        public string PredictedLabel { get; set; } = string.Empty;

        /// <summary>The model's confidence in the class it predicted, 0..1.</summary>
        public double Confidence { get; set; }

        /// <summary>Confidence when predicted anomaly, else 1 - Confidence: the score that ranks images from most to least anomalous.</summary>
        public double AnomalyScore { get; set; }

        public bool IsCorrect { get; set; }
        public ClassificationOutcome Outcome { get; set; }

        /// <summary>Ground-truth mask of a segmentation model (as written in the manifest); empty for classification models.</summary>
        public string AnomalyMaskRef { get; set; } = string.Empty;

        /// <summary>Predicted mask of a segmentation model (as written in the manifest); empty for classification models.</summary>
        public string PredictedAnomalyMaskRef { get; set; } = string.Empty;

        /// <summary>Anomaly classes (not BACKGROUND) in the ground-truth mask's colour map.</summary>
        public LabelList AnomalyClasses { get; set; } = LabelList.Empty;

        /// <summary>Anomaly classes (not BACKGROUND) in the predicted mask's colour map.</summary>
        public LabelList PredictedAnomalyClasses { get; set; } = LabelList.Empty;

        /// <summary>
        /// The ground-truth mask's colour map as text, "BACKGROUND=#ffffff;scratch=#2ca02c" (flat, so Export-Csv keeps it
        /// and Measure-LfvSegmentation can read it back); empty for classification models.
        /// </summary>
        public string AnomalyColorMap { get; set; } = string.Empty;

        /// <summary>The predicted mask's colour map as text, like <see cref="AnomalyColorMap"/>.</summary>
        public string PredictedAnomalyColorMap { get; set; } = string.Empty;

        public string ModelArn { get; set; } = string.Empty;

        /// <summary>The device an edge capture came from, and when it was inferred (empty for other predictions).</summary>
        public string Device { get; set; } = string.Empty;

        public string InferenceTime { get; set; } = string.Empty;

        /// <summary>1-based line of the manifest this image came from.</summary>
        public long LineNumber { get; set; }

        /// <summary>The manifest file path or S3 URI.</summary>
        public string Source { get; set; } = string.Empty;

        /// <summary>
        /// The file or object the prediction was read from when it is not <see cref="Source"/>: a successor's prediction file or
        /// capture file (Import-LfvPrediction); empty for the retired model, whose predictions are in its manifest. A predicted mask
        /// is read only beside it, or under -MaskRoot.
        /// </summary>
        public string PredictionSource { get; set; } = string.Empty;

        public bool IsAnomaly => ActualLabel == AnomalyLabel;

        public bool IsPredictedAnomaly => PredictedLabel == AnomalyLabel;

        public override string ToString() => SourceRef;
    }
}
