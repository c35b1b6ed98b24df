namespace LookoutMetrics
{
    /// <summary>How the second model's prediction of an image differs from the first's.</summary>
    public enum ImageChange
    {
        /// <summary>An anomaly the first model caught and the second misses.</summary>
        NewlyMissed,

        /// <summary>A normal image the first model passed and the second flags.</summary>
        NewFalseAlarm,

        /// <summary>An anomaly the first model missed and the second catches.</summary>
        NewlyCaught,

        /// <summary>A normal image the first model flagged and the second passes.</summary>
        FalseAlarmRemoved,
    }

    /// <summary>One image two model versions classify differently (Compare-LfvModel -PerImage), paired by source-ref.</summary>
    public sealed class ImageComparison
    {
        /// <summary>The image's file name (the last part of its source-ref).</summary>
        public string ImageName { get; set; } = string.Empty;

        public string SourceRef { get; set; } = string.Empty;

        /// <summary>The ground truth: anomaly or normal.</summary>
        public string ActualLabel { get; set; } = string.Empty;

        /// <summary>What changed, from the first model to the second; newly missed defects sort first.</summary>
        public ImageChange Change { get; set; }

        public string ReferenceModel { get; set; } = string.Empty;
        public string DifferenceModel { get; set; } = string.Empty;

        /// <summary>The first model's outcome on the image (TruePositive, FalseNegative, ...).</summary>
        public ClassificationOutcome ReferenceOutcome { get; set; }

        public ClassificationOutcome DifferenceOutcome { get; set; }

        /// <summary>The first model's anomaly score of the image.</summary>
        public double ReferenceScore { get; set; }

        public double DifferenceScore { get; set; }

        public override string ToString() => ImageName;
    }
}
