namespace LookoutMetrics
{
    /// <summary>One metric of two model versions side by side.</summary>
    public sealed class ModelComparison
    {
        public string Metric { get; set; } = string.Empty;

        /// <summary>The label whose pixel figures are compared (two segmentation models' per-label rows); empty for a classification row.</summary>
        public string ClassName { get; set; } = string.Empty;
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
        /// The interval of Change at the comparison's confidence level, from the method of the row's own test so that the two agree
        /// (it leaves out no change exactly when PValue is below 1 - level): McNemar rows the exact conditional interval
        /// (Clopper-Pearson on the discordant pairs), the DeLong row DeLong's interval, bootstrap rows the order statistics of the
        /// same replicates; prints as "[-0.012, +0.104]". Null when untested.
        /// </summary>
        public ConfidenceInterval? ChangeInterval { get; set; }

        /// <summary>ChangeInterval's lower bound as a number (for Export-Csv); null when untested.</summary>
        public double? ChangeLower => ChangeInterval?.Lower;

        /// <summary>ChangeInterval's upper bound as a number; null when untested.</summary>
        public double? ChangeUpper => ChangeInterval?.Upper;

        /// <summary>Whether this is the -PrimaryMetric row, whose raw PValue decides the comparison.</summary>
        public bool IsPrimary { get; set; }

        /// <summary>
        /// What the comparison decided of the second model (DifferenceModel) against the first, the same on every row:
        /// Better, Worse, Mixed, NoDifference, NotWorse, Inconclusive or NotTested.
        /// </summary>
        public string Decision { get; set; } = string.Empty;

        /// <summary>
        /// The test behind PValue (McNemar exact, DeLong paired, Paired stratified bootstrap, or Paired permutation on small sets, whose
        /// interval is approximate), or why there is none.
        /// </summary>
        public string Test { get; set; } = string.Empty;

        /// <summary>
        /// AdjustedPValue below the significance level (on the primary row, PValue: one test chosen beforehand needs no
        /// correction); null when untested.
        /// </summary>
        public bool? Significant { get; set; }

        /// <summary>
        /// On the primary row of an Inconclusive (or NoDifference) comparison of a rate: about how many paired images, at the observed
        /// change and variability, would decide it at this margin and level (the interval's half-width shrinking as one over the
        /// square root of the images). Null elsewhere, and where no test set would (no change at all).
        /// </summary>
        public long? ImagesNeeded { get; set; }

        /// <summary>How many images the test paired (by source-ref); null when untested.</summary>
        public int? PairedImages { get; set; }

        /// <summary>The comparison's verdict, the same on every row of a pair: which version, or no significant difference.</summary>
        public string Verdict { get; set; } = string.Empty;

        public override string ToString() => Metric;
    }
}
