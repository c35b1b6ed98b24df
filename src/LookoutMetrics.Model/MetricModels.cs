namespace LookoutMetrics
{
    /// <summary>Every classification metric of one model version, recomputed from its per-image predictions.</summary>
    public sealed class EvaluationSummary
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
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

        /// <summary>
        /// The per-image data a paired comparison needs (scores, predictions, image keys), kept while the summary lives;
        /// not a public member, so it never reaches Format-Table, Export-Csv or ConvertTo-Json.
        /// </summary>
        internal object? ImageData { get; set; }

        public override string ToString() => ProjectName + " " + ModelVersion;
    }

    /// <summary>One point of the precision-recall and ROC curves: the counts and rates if images scoring at least Threshold were called anomalous.</summary>
    public sealed class MetricCurvePoint
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
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

        /// <summary>True on the point of highest precision among those with recall at least -MinimumRecall (the highest threshold among equals).</summary>
        public bool IsBestAtRecall { get; set; }

        public override string ToString() => ProjectName + " " + ModelVersion + " @" + Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A reported metric checked against the value recomputed from the manifest.</summary>
    public sealed class MetricCheck
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;
        public string Metric { get; set; } = string.Empty;

        /// <summary>The anomaly label of a per-label pixel metric (PixelAnomalyClassMetrics); empty for the model's own metrics.</summary>
        public string ClassName { get; set; } = string.Empty;

        /// <summary>Where the reported value came from: EvaluationResult or DescribeModel.</summary>
        public string ReportedBy { get; set; } = string.Empty;

        public double? Reported { get; set; }
        public double Recomputed { get; set; }

        /// <summary>Recomputed - Reported.</summary>
        public double? Difference { get; set; }

        public bool Agrees { get; set; }
        public double Tolerance { get; set; }

        public override string ToString() => $"{ProjectName} {ModelVersion} {Metric}{(ClassName.Length > 0 ? " " + ClassName : string.Empty)}";
    }

    /// <summary>One metric of two model versions side by side.</summary>
    public sealed class ModelComparison
    {
        public string Metric { get; set; } = string.Empty;
        public string ReferenceModel { get; set; } = string.Empty;
        public string DifferenceModel { get; set; } = string.Empty;
        public double? ReferenceValue { get; set; }
        public double? DifferenceValue { get; set; }

        /// <summary>DifferenceValue - ReferenceValue.</summary>
        public double? Change { get; set; }

        /// <summary>The direction of Change, significant or not: Reference, Difference, Equal, or empty when a value is missing.</summary>
        public string Better { get; set; } = string.Empty;

        /// <summary>The better model by name (ReferenceModel or DifferenceModel) where the row is Significant; empty otherwise.</summary>
        public string BetterModel { get; set; } = string.Empty;

        /// <summary>The p-value of the paired test of this metric; null when the summaries carry no per-image data.</summary>
        public double? PValue { get; set; }

        /// <summary>
        /// PValue after Holm's step-down adjustment over the rows of this comparison that have a PValue (at most 1, and
        /// never below a smaller raw p's); null when untested.
        /// </summary>
        public double? AdjustedPValue { get; set; }

        /// <summary>
        /// The interval of Change at the comparison's confidence level (paired stratified percentile bootstrap, from the
        /// replicates of the p-values); prints as "[-0.012, +0.104]". Null when untested.
        /// </summary>
        public ConfidenceInterval? ChangeInterval { get; set; }

        /// <summary>Whether this is the -PrimaryMetric row, whose raw PValue decides the comparison.</summary>
        public bool IsPrimary { get; set; }

        /// <summary>
        /// What the comparison decided of the second model (DifferenceModel) against the first, the same on every row:
        /// Better, Worse, Mixed, NoDifference, NotWorse, Inconclusive or NotTested.
        /// </summary>
        public string Decision { get; set; } = string.Empty;

        /// <summary>The test behind PValue (McNemar exact, DeLong paired, Paired stratified bootstrap), or why there is none.</summary>
        public string Test { get; set; } = string.Empty;

        /// <summary>
        /// AdjustedPValue below the significance level (on the primary row, PValue: one test chosen beforehand needs no
        /// correction); null when untested.
        /// </summary>
        public bool? Significant { get; set; }

        /// <summary>How many images the test paired (by source-ref); null when untested.</summary>
        public int? PairedImages { get; set; }

        /// <summary>The comparison's verdict, the same on every row of a pair: which version, or no significant difference.</summary>
        public string Verdict { get; set; } = string.Empty;

        public override string ToString() => Metric;
    }
}

namespace LookoutMetrics
{
    /// <summary>
    /// A confidence interval of a metric: Lower and Upper at the confidence Level, by Method (Wilson, DeLong,
    /// StratifiedBootstrap). Prints as "[0.712, 0.847]", so tables and Export-Csv show the numbers.
    /// </summary>
    public sealed class ConfidenceInterval
    {
        public ConfidenceInterval(double lower, double upper, double level, string method)
            : this(lower, upper, level, method, signed: false)
        {
        }

        /// <summary>A <paramref name="signed"/> interval is of a change, and prints its bounds with their signs.</summary>
        public ConfidenceInterval(double lower, double upper, double level, string method, bool signed)
        {
            Lower = lower;
            Upper = upper;
            Level = level;
            Method = method;
            IsChange = signed;
        }

        /// <summary>Whether this is the interval of a change (printed "[-0.012, +0.104]").</summary>
        public bool IsChange { get; }

        public double Lower { get; }
        public double Upper { get; }

        /// <summary>The confidence level, for example 0.95.</summary>
        public double Level { get; }

        public string Method { get; }

        /// <summary>Whether the interval holds a value.</summary>
        public bool Contains(double value) => value >= Lower && value <= Upper;

        public override string ToString()
        {
            string format = IsChange ? "+0.000;-0.000;0.000" : "0.000";
            return "[" + Lower.ToString(format, System.Globalization.CultureInfo.InvariantCulture) + ", " +
                Upper.ToString(format, System.Globalization.CultureInfo.InvariantCulture) + "]";
        }
    }
}
