using System.Management.Automation;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvEvaluationManifest: streams one EvaluationImage per line of an evaluation manifest.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvEvaluationManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationImage))]
    public sealed class GetLfvEvaluationManifestCommand : ManifestCmdlet
    {
        /// <summary>Evaluation results, usually from Get-LfvEvaluationResult: the evaluation manifest beside each is read.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
        public override EvaluationResult[]? EvaluationResult { get; set; }

        protected override void Process()
        {
            foreach (var image in ReadImages()) WriteAwsObject(image);
        }
    }
}
