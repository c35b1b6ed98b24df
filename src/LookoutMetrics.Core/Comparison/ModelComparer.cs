using System;
using System.Collections.Generic;
using System.Globalization;

namespace LookoutMetrics.Comparison
{
    /// <summary>
    /// Two model versions side by side: the metrics compared, which direction is better for each, and the rule that
    /// names the better one. Values come through a lookup so that any object with the metric properties can be
    /// compared (ModelPerformance, EvaluationResult, EvaluationSummary, or a row imported from CSV).
    /// </summary>
    public static class ModelComparer
    {
        /// <summary>Below this a change is rounding, and the two are Equal.</summary>
        public const double EqualWithin = 1e-12;

        /// <summary>The metrics compared, in order, and whether higher is better.</summary>
        public static readonly IReadOnlyList<(string Name, bool HigherIsBetter)> Metrics = new[]
        {
            ("Precision", true), ("Recall", true), ("F1Score", true), ("ROCAUC", true), ("AveragePrecision", true), ("Accuracy", true),
            ("FalsePositives", false), ("FalseNegatives", false),
        };

        public static bool HasAnyMetric(Func<string, double?> value)
        {
            foreach (var (name, _) in Metrics)
            {
                if (value(name) != null) return true;
            }
            return false;
        }

        /// <summary>One row per metric that either side has.</summary>
        public static IEnumerable<ModelComparison> Compare(string referenceName, Func<string, double?> reference, string differenceName, Func<string, double?> difference)
        {
            foreach (var (name, higherIsBetter) in Metrics)
            {
                double? a = reference(name), b = difference(name);
                if (a == null && b == null) continue;
                var row = new ModelComparison
                {
                    Metric = name,
                    ReferenceModel = referenceName,
                    DifferenceModel = differenceName,
                    ReferenceValue = a,
                    DifferenceValue = b,
                };
                if (a.HasValue && b.HasValue && !double.IsNaN(a.Value) && !double.IsNaN(b.Value))
                {
                    double change = b.Value - a.Value;
                    row.Change = change;
                    row.Better = Better(change, higherIsBetter);
                }
                yield return row;
            }
        }

        /// <summary>"Equal", "Difference" (the second is better) or "Reference".</summary>
        public static string Better(double change, bool higherIsBetter) =>
            Math.Abs(change) < EqualWithin ? "Equal" : (change > 0) == higherIsBetter ? "Difference" : "Reference";

        /// <summary>A property value as a metric: numbers, and text that holds an invariant-culture number (CSV imports).</summary>
        public static double? AsNumber(object? value) => value switch
        {
            null => null,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
