using System.Management.Automation;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Get-LfvEvaluationManifest: streams one EvaluationImage per line of an evaluation manifest.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LfvEvaluationManifest", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationImage))]
    public sealed class GetLfvEvaluationManifestCommand : LfvCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Manifest files; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Manifest files, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>The label attribute of the manifest, when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string file in ResolveFiles(literal ? LiteralPath : Path, literal))
            {
                WriteVerbose($"Reading the evaluation manifest '{file}'.");
                using var stream = OpenFile(file);
                if (stream == null) continue;
                using var progress = TrackProgress(stream, file);
                foreach (var entry in ManifestReader.Read(stream, file, LabelAttribute))
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
