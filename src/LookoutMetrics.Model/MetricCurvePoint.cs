namespace LookoutMetrics
{
    /// <summary>One point of the precision-recall and ROC curves: the counts and rates if images scoring at least Threshold were called
    /// anomalous.</summary>
    public sealed class MetricCurvePoint
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public double Threshold { get; set; }
        public long TruePositives { get; set; }
        public long FalsePositives { get; set; }
        public long TrueNegatives { get; set; }
        public long FalseNegatives { get; set; }
        public double Precision { get; set; }
        public double Recall { get; set; }
        public double FalsePositiveRate { get; set; }
        public double F1Score { get; set; }

        /// <summary>True on the point with the highest F1 score (the highest threshold among equals).</summary>
        public bool IsBestF1 { get; set; }

        /// <summary>FalsePositives x FalsePositiveCost + FalseNegatives x FalseNegativeCost; null unless costs were given.</summary>
        public double? Cost { get; set; }

        /// <summary>True on the point of lowest Cost (the highest threshold among equals).</summary>
        public bool IsLowestCost { get; set; }

        /// <summary>True on the point of highest precision among those with recall at least -MinimumRecall (the highest threshold among
        /// equals).</summary>
        public bool IsBestAtRecall { get; set; }

        /// <summary>With -Folds k, on the chosen points: the folds. The same rule chose its threshold on k-1 folds and was measured on the
        /// one held out, k times; the OutOfFold figures are the held-out outcomes pooled (what to expect on new images).</summary>
        public int? Folds { get; set; }

        public double? OutOfFoldPrecision { get; set; }
        public double? OutOfFoldRecall { get; set; }
        public double? OutOfFoldF1Score { get; set; }

        /// <summary>With -Folds and both costs, on the lowest-cost point: the held-out cost, pooled.</summary>
        public double? OutOfFoldCost { get; set; }

        public override string ToString()
            => ProjectName + " " + ModelVersion + " @" + Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
