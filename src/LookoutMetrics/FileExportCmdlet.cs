using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Reports;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that write one file from the manifests they read (Export-LfvReport, Export-LfvTestSet): -Path is the
    /// file written, as Export-Csv's is, so the manifests' paths are -ManifestPath and -LiteralManifestPath, mapped onto
    /// the same <see cref="ArtifactRequest"/> as every reader's; -Force, -NoClobber and -PassThru mean what they mean for
    /// Export-Csv; the target is checked before anything is read. The manifests are read by a
    /// <see cref="ManifestReading"/>, as every manifest cmdlet's are.
    /// </summary>
    public abstract class FileExportCmdlet : ArtifactCmdlet
    {
        protected const string ManifestPathSet = "ManifestPath", LiteralManifestPathSet = "LiteralManifestPath";

        /// <summary>For the records these cmdlets take from the pipeline.</summary>
        protected const string InputObjectSet = "InputObject";

        private ManifestReading? _manifests;

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>s3://bucket/key of an evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance and
        /// ManifestUri from Find-LfvModelArtifact.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri", "ManifestUri")]
        [AllowEmptyString]
        public override string[] Uri { get; set; } = null!;

        /// <summary>The manifest's label attribute when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        /// <summary>A local copy of the masks' bucket; each export declares it with its own meaning.</summary>
        public abstract string? MaskRoot { get; set; }

        /// <summary>Evaluation manifest files (wildcards) or s3:// URIs.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManifestPathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ManifestPath { get; set; } = null!;

        /// <summary>Evaluation manifest files, taken exactly as written.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralManifestPathSet)]
        [ValidateNotNullOrEmpty]
        public string[] LiteralManifestPath { get; set; } = null!;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        internal override ArtifactRequest Request => RequestOf(
            ParameterSetName == ManifestPathSet ? PathSet : ParameterSetName == LiteralManifestPathSet ? LiteralPathSet : ParameterSetName,
            ManifestPath, LiteralManifestPath);

        /// <summary>The manifests' reading: images, their problems by file, and the masks under -MaskRoot.</summary>
        internal ManifestReading Manifests => _manifests ??= new ManifestReading(this, Sources, () => LabelAttribute, () => MaskRoot);

        /// <summary>The file name an error suggests when -Path is a folder.</summary>
        protected virtual string ExampleFileName => "report.html";

        /// <summary>-Path as a full file-system path (set by <see cref="CheckTarget"/>).</summary>
        protected string TargetFile { get; private set; } = string.Empty;

        /// <summary>
        /// Ends the cmdlet when the file cannot be written (no folder, a folder, an existing file without -Force or with
        /// -NoClobber).
        /// </summary>
        protected void CheckTarget()
        {
            if (TargetFile.Length == 0) TargetFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            try { ReportFile.Check(TargetFile, Path, Force, NoClobber, ExampleFileName); }
            catch (ArtifactException e) { ThrowTerminatingError(ErrorRecords.From(e, Path)); }
        }

        /// <summary>
        /// With -PassThru, the file as Get-Item gives it: the FileSystem provider's object, with its Mode, LastWriteTime
        /// and Length.
        /// </summary>
        protected void WritePassThru()
        {
            if (PassThru) WriteObject(InvokeProvider.Item.Get(new[] { TargetFile }, force: true, literalPath: true), enumerateCollection: true);
        }
    }
}
