namespace LookoutMetrics
{
    /// <summary>The shapes Export-LfvTestSet writes a test set in, for the models that replace Lookout for Vision.</summary>
    public enum TestSetFormat
    {
        /// <summary>Ground Truth manifest lines (source-ref, anomaly-label and its metadata, anomaly-mask-ref and its colour map): the
        /// SageMaker algorithm's test channel.</summary>
        GroundTruthManifest,

        /// <summary>A CSV of image_path, label_index, mask_path and split: anomalib's tabular data module.</summary>
        AnomalibCsv,
    }
}
