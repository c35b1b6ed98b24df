namespace LookoutMetrics
{
    /// <summary>How a prediction finds its test image.</summary>
    public enum PairBy
    {
        /// <summary>The exact source-ref, else the S3 key, else the file name when it is unique on both sides.</summary>
        Auto,

        /// <summary>The exact source-ref, else the longest run of trailing path segments one side shares with the other.</summary>
        Path,

        /// <summary>The file name alone, which must be unique on both sides.</summary>
        FileName,
    }
}
