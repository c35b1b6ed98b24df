namespace LookoutMetrics
{
    /// <summary>Which figure of a successor's prediction ranks the images (Import-LfvPrediction -ScoreFrom).</summary>
    public enum ScoreSource
    {
        /// <summary>The confidence of the predicted label, as the service wrote it (an image called normal with confidence c scores 1 - c).</summary>
        Confidence,

        /// <summary>The Confidence field holds an anomaly score (higher is more anomalous, whatever the predicted label).</summary>
        ConfidenceAsAnomalyScore,

        /// <summary>The edge application's own Anomaly_score, where a capture carries one.</summary>
        AnomalyScore,
    }
}
