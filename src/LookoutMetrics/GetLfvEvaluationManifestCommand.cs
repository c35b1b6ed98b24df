using System.Management.Automation;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvEvaluationManifest: streams one EvaluationImage per line of an evaluation manifest.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvEvaluationManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationImage))]
    public sealed class GetLfvEvaluationManifestCommand : ManifestCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var image in ReadImages()) WriteAwsObject(image);
        }
    }
}
