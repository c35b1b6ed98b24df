using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvEvaluationResult: the metrics Lookout for Vision reported in an evaluation result file.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvEvaluationResult", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationResult))]
    [OutputType(typeof(EvaluationLabelMetric))]
    public sealed class GetLfvEvaluationResultCommand : ArtifactCmdlet
    {
        /// <summary>Evaluation result files; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Files, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        internal override ArtifactRequest Request => RequestOf(null, Path, LiteralPath);

        /// <summary>s3://bucket/key of the evaluation result. Binds EvaluationResultUri from Get-LfvModelPerformance and ResultUri from
        /// Find-LfvModelArtifact.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationResultUri", "ResultUri")]
        [AllowEmptyString]
        public override string[] Uri { get; set; } = null!;

        /// <summary>Emit one flat row per label of a segmentation model instead of the result.</summary>
        [Parameter]
        public SwitchParameter PerLabel { get; set; }

        /// <summary>How many results are read at once (a bucket's prefix holds hundreds, each a round trip away).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>Results are small objects a round trip away: the wait, not the processor, bounds them (as Import-LfvPrediction's).</summary>
        public const int DefaultThrottleLimit = 32;

        protected override void Process()
        {
            foreach (var entry in Sources.ReadResults(Request, ThrottleLimit)) Emit(entry);
        }

        private void Emit(EvaluationResultEntry entry)
        {
            if (entry.Problem != null)
            {
                WriteProblem(entry.Problem);
                return;
            }

            var result = entry.Result!;
            if (!PerLabel)
            {
                WriteAwsObject(result);
                return;
            }

            if (result.PixelAnomalyClassMetrics.Count == 0)
                WriteVerbose($"'{result.Source}' has no per-label pixel metrics: {result.ProjectName} {result.ModelVersion} is a " +
                    $"classification model.");
            foreach (var label in result.PixelAnomalyClassMetrics)
            {
                WriteObject(new EvaluationLabelMetric
                {
                    ProjectName = result.ProjectName,
                    ModelVersion = result.ModelVersion,
                    ClassName = label.ClassName,
                    Precision = label.Precision,
                    Recall = label.Recall,
                    F1Score = label.F1Score,
                    AIOU = label.AIOU,
                    ModelArn = result.ModelArn,
                    Source = result.Source,
                });
            }
        }
    }
}
