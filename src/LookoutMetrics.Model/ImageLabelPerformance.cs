namespace LookoutMetrics
{
    /// <summary>One label in one test image (Measure-LfvSegmentation -PerImage): sort by IoU to find the images that pull a label down.</summary>
    public sealed class ImageLabelPerformance
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string ImageName { get; set; } = string.Empty;
        public string SourceRef { get; set; } = string.Empty;
        public string ClassName { get; set; } = string.Empty;
        public string Color { get; set; } = string.Empty;

        /// <summary>Intersection over union of the label's ground-truth and predicted pixels in this image.</summary>
        public double IoU { get; set; }

        public long TruePositivePixels { get; set; }
        public long FalsePositivePixels { get; set; }
        public long FalseNegativePixels { get; set; }

        /// <summary>Whether the ground-truth mask has the label.</summary>
        public bool InGroundTruth { get; set; }

        /// <summary>Whether the predicted mask has the label.</summary>
        public bool Predicted { get; set; }

        /// <summary>The image's classification outcome (TruePositive, FalseNegative, ...).</summary>
        public ClassificationOutcome Outcome { get; set; }

        public string AnomalyMaskRef { get; set; } = string.Empty;
        public string PredictedAnomalyMaskRef { get; set; } = string.Empty;

        public override string ToString() => ImageName + " " + ClassName;
    }
}
