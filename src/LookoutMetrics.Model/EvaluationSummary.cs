namespace LookoutMetrics
{
    /// <summary>Every classification metric of one model version, recomputed from its per-image predictions.</summary>
    public sealed class EvaluationSummary
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public long Images { get; set; }
        public long Anomalous { get; set; }
        public long Normal { get; set; }
        public long TruePositives { get; set; }
        public long FalsePositives { get; set; }
        public long TrueNegatives { get; set; }
        public long FalseNegatives { get; set; }
        public long Correct { get; set; }
        public long Incorrect { get; set; }
        public double Accuracy { get; set; }
        public double Precision { get; set; }
        public double Recall { get; set; }
        public double F1Score { get; set; }

        /// <summary>NaN when the test set holds one class only.</summary>
        public double ROCAUC { get; set; }

        /// <summary>NaN when the test set holds no anomaly; 1 when it holds only anomalies.</summary>
        public double AveragePrecision { get; set; }

        /// <summary>The anomaly score at which images were called anomalous; null for the model's own predictions.</summary>
        public double? Threshold { get; set; }

        /// <summary>Where the predictions came from (the first manifest of this model).</summary>
        public string Source { get; set; } = string.Empty;

        /// <summary>Wilson score interval of Precision; null with -NoInterval.</summary>
        public ConfidenceInterval? PrecisionInterval { get; set; }

        /// <summary>Wilson score interval of Recall.</summary>
        public ConfidenceInterval? RecallInterval { get; set; }

        /// <summary>Wilson score interval of Accuracy.</summary>
        public ConfidenceInterval? AccuracyInterval { get; set; }

        /// <summary>Stratified percentile bootstrap interval of F1Score.</summary>
        public ConfidenceInterval? F1ScoreInterval { get; set; }

        /// <summary>DeLong's normal interval of ROCAUC, clipped to [0, 1].</summary>
        public ConfidenceInterval? ROCAUCInterval { get; set; }

        /// <summary>Stratified percentile bootstrap interval of AveragePrecision.</summary>
        public ConfidenceInterval? AveragePrecisionInterval { get; set; }

        // Each interval's bounds as numbers of their own, so that Export-Csv and ConvertTo-Json keep them as numbers (the interval
        // itself prints as "[0.654, 0.950]"); null where the interval is.
        public double? PrecisionLower => PrecisionInterval?.Lower;
        public double? PrecisionUpper => PrecisionInterval?.Upper;
        public double? RecallLower => RecallInterval?.Lower;
        public double? RecallUpper => RecallInterval?.Upper;
        public double? AccuracyLower => AccuracyInterval?.Lower;
        public double? AccuracyUpper => AccuracyInterval?.Upper;
        public double? F1ScoreLower => F1ScoreInterval?.Lower;
        public double? F1ScoreUpper => F1ScoreInterval?.Upper;
        public double? ROCAUCLower => ROCAUCInterval?.Lower;
        public double? ROCAUCUpper => ROCAUCInterval?.Upper;
        public double? AveragePrecisionLower => AveragePrecisionInterval?.Lower;
        public double? AveragePrecisionUpper => AveragePrecisionInterval?.Upper;

        /// <summary>
        /// The per-image data a paired comparison needs (scores, predictions, image keys), kept while the summary lives;
        /// not a public member, so it never reaches Format-Table, Export-Csv or ConvertTo-Json.
        /// </summary>
        internal object? ImageData { get; set; }

        /// <summary>Manifest lines of this model's files left out (bad lines, each also an error); 0 when the read was whole.</summary>
        public long LinesLeftOut { get; set; }

        /// <summary>Why lines were left out: their ErrorIds with counts ("InvalidManifestLine (2)"); empty when none was.</summary>
        public string LeftOutReason { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
