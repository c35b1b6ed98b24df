using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace LookoutMetrics.Commands
{
    /// <summary>Compare-LfvModel: two model versions side by side, one row per metric, with the change and which is better.</summary>
    [Cmdlet(VerbsData.Compare, "LfvModel")]
    [OutputType(typeof(ModelComparison))]
    public sealed class CompareLfvModelCommand : PSCmdlet
    {
        /// <summary>The metrics compared, and whether higher is better.</summary>
        private static readonly (string Name, bool HigherIsBetter)[] Metrics =
        {
            ("Precision", true), ("Recall", true), ("F1Score", true), ("ROCAUC", true), ("AveragePrecision", true), ("Accuracy", true),
            ("FalsePositives", false), ("FalseNegatives", false),
        };

        /// <summary>The model version compared against: a ModelPerformance, EvaluationResult or EvaluationSummary.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public PSObject ReferenceObject { get; set; } = null!;

        /// <summary>The model versions compared with the reference; from the pipeline too.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject[] DifferenceObject { get; set; } = null!;

        protected override void ProcessRecord()
        {
            if (!HasAnyMetric(ReferenceObject))
            {
                ThrowTerminatingError(NotAModel(ReferenceObject, "-ReferenceObject"));
            }
            foreach (var difference in DifferenceObject)
            {
                if (!HasAnyMetric(difference))
                {
                    WriteError(NotAModel(difference, "-DifferenceObject"));
                    continue;
                }
                foreach (var row in Compare(ReferenceObject, difference)) WriteObject(row);
            }
        }

        internal static IEnumerable<ModelComparison> Compare(PSObject reference, PSObject difference)
        {
            string referenceName = ModelName(reference), differenceName = ModelName(difference);
            foreach (var (name, higherIsBetter) in Metrics)
            {
                double? a = Number(reference, name), b = Number(difference, name);
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
                    row.Better = Math.Abs(change) < 1e-12 ? "Equal" : (change > 0) == higherIsBetter ? "Difference" : "Reference";
                }
                yield return row;
            }
        }

        private static bool HasAnyMetric(PSObject o)
        {
            foreach (var (name, _) in Metrics)
            {
                if (Number(o, name) != null) return true;
            }
            return false;
        }

        private static double? Number(PSObject o, string name)
        {
            var value = o.Properties[name]?.Value;
            if (value is PSObject p) value = p.BaseObject;
            return value switch
            {
                null => null,
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                decimal m => (double)m,
                string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
        }

        private static string ModelName(PSObject o)
        {
            string project = o.Properties["ProjectName"]?.Value?.ToString() ?? string.Empty;
            string version = o.Properties["ModelVersion"]?.Value?.ToString() ?? string.Empty;
            string name = (project + " " + version).Trim();
            return name.Length > 0 ? name : o.ToString();
        }

        private static ErrorRecord NotAModel(PSObject o, string parameter) => new ErrorRecord(
            new ArgumentException($"{parameter} has no metrics to compare. Give a ModelPerformance (Get-LfvModelPerformance), an EvaluationResult (Get-LfvEvaluationResult) or an EvaluationSummary (Measure-LfvEvaluation)."),
            "NotAModel", ErrorCategory.InvalidArgument, o);
    }
}
