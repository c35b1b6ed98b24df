namespace LookoutMetrics
{
    /// <summary>
    /// Two thresholds that send the fewest images to a person (Get-LfvReviewBand): below PassBelow the model passes the part alone,
    /// from FailFrom it fails it alone, in between a person looks; within the miss and false-alarm rates asked for.
    /// </summary>
    public sealed class ReviewBand
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);

        /// <summary>Anomaly scores below this pass without review.</summary>
        public double PassBelow { get; set; }

        /// <summary>Anomaly scores from this fail without review; equal to PassBelow when no image needs a person.</summary>
        public double FailFrom { get; set; }

        /// <summary>The test images a person would look at (PassBelow &lt;= score &lt; FailFrom).</summary>
        public long ReviewImages { get; set; }

        /// <summary>ReviewImages over Images.</summary>
        public double ReviewShare { get; set; }

        /// <summary>Anomalies passed without review (scores below PassBelow).</summary>
        public long Escapes { get; set; }

        /// <summary>Normal images failed without review (scores from FailFrom).</summary>
        public long FalseAlarms { get; set; }

        /// <summary>Escapes over the anomalies.</summary>
        public double MissRate { get; set; }

        /// <summary>FalseAlarms over the normal images.</summary>
        public double FalseAlarmRate { get; set; }

        public long Images { get; set; }
        public long Anomalous { get; set; }
        public long Normal { get; set; }

        /// <summary>What was asked: the largest share of anomalies that may pass unseen.</summary>
        public double MaximumMissRate { get; set; }

        /// <summary>What was asked: the largest share of normal images that may fail unseen.</summary>
        public double MaximumFalseAlarmRate { get; set; }

        /// <summary>
        /// The band as the edge application's ModelConfidenceThresholds: an image predicted normal passes when its confidence is at
        /// least NormalThreshold, one predicted anomalous fails when its confidence is at least AnomalyThreshold. Null when the band
        /// does not hold the model's own 0.5 decision, which those two confidences cannot express.
        /// </summary>
        public double? NormalThreshold { get; set; }

        public double? AnomalyThreshold { get; set; }

        /// <summary>With -Folds k: the folds; the band was also chosen on k-1 of them and measured on the one held out, k times.</summary>
        public int? Folds { get; set; }

        /// <summary>With -Folds: the images the held-out folds sent to a person, summed (what to expect on new images).</summary>
        public long? OutOfFoldReviewImages { get; set; }

        /// <summary>With -Folds: the anomalies the held-out folds passed unseen, summed.</summary>
        public long? OutOfFoldEscapes { get; set; }

        /// <summary>With -Folds: the normal images the held-out folds failed unseen, summed.</summary>
        public long? OutOfFoldFalseAlarms { get; set; }

        public double? OutOfFoldMissRate { get; set; }
        public double? OutOfFoldFalseAlarmRate { get; set; }

        public string Source { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
