namespace LookoutMetrics
{
    /// <summary>The formats a successor model's predictions come in (docs/successors.md).</summary>
    public enum PredictionFormat
    {
        /// <summary>By the file's extension, then by its content.</summary>
        Auto,

        /// <summary>One JSON object per image in the DetectAnomalies shape (SageMaker batch transform's '.out' files), named after the
        /// image.</summary>
        DetectAnomalies,

        /// <summary>JSON Lines in the manifest's own keys, flat or in deviceGroundTruthData[0] (the edge Defect Detection Application).</summary>
        JsonLines,

        /// <summary>A CSV with a header, one image a row (anomalib's columns by default).</summary>
        Csv,
    }
}
