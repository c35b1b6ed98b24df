using System.Management.Automation;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Get-LfvEvaluationManifest: streams one EvaluationImage per line of an evaluation manifest.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LfvEvaluationManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationImage))]
    public sealed class GetLfvEvaluationManifestCommand : ArtifactCmdlet
    {
        /// <summary>s3://bucket/key of the evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri")]
        [AllowEmptyString]
        public string[] Uri { get; set; } = null!;

        protected override string[]? UriValues => Uri;

        protected override string Kind => "evaluation manifest";

        protected override string UriOf(ModelPerformance model) => model.EvaluationManifestUri;

        /// <summary>The label attribute of the manifest, when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var source in Sources())
            {
                using (source)
                using (var progress = TrackProgress(source.Stream, source.Name))
                {
                    foreach (var entry in ManifestReader.Read(source.Stream, source.Name, LabelAttribute))
                    {
                        ThrowIfStopping();
                        if (entry.Image != null) WriteObject(entry.Image);
                        else WriteProblem(entry.Problem!);
                        progress.Tick();
                    }
                }
            }
        }
    }
}
