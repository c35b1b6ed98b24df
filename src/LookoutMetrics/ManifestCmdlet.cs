using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that read evaluation manifests declare their parameters here: the sources of
    /// <see cref="ArtifactCmdlet"/> with -Path (alias -ManifestPath) and -LiteralPath, a -Uri that binds
    /// EvaluationManifestUri, and -LabelAttribute. The reading itself is the <see cref="ManifestReading"/> component's.
    /// </summary>
    public abstract class ManifestCmdlet : ArtifactCmdlet
    {
        /// <summary>For the cmdlets that also take records from the pipeline.</summary>
        protected const string InputObjectSet = "InputObject";

        /// <summary>For the cmdlets that read the manifest beside each evaluation result piped in.</summary>
        protected const string ResultSet = "EvaluationResult";

        private ManifestReading? _manifests;

        /// <summary>Manifest files (wildcards are expanded) or s3:// URIs; -ManifestPath means the same wherever it is taken.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ManifestPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Files, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

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

        /// <summary>
        /// A local copy of the masks' bucket. Not a parameter here: the cmdlets that measure masks override it with their
        /// [Parameter], so that it appears on those alone.
        /// </summary>
        public virtual string? MaskRoot { get; set; }

        /// <summary>
        /// Evaluation results (Get-LfvEvaluationResult's): the EvaluationManifest beside each is read. Not a parameter here: the
        /// cmdlets that take results from the pipeline override it with their [Parameter].
        /// </summary>
        public virtual EvaluationResult[]? EvaluationResult { get; set; }

        internal override ArtifactRequest Request => RequestOf(null, Path, LiteralPath);

        /// <summary>The manifests' reading: images, their problems by file, and the masks under -MaskRoot.</summary>
        internal ManifestReading Manifests => _manifests ??= new ManifestReading(this, Sources, () => LabelAttribute, () => MaskRoot);

        /// <summary>The images of the manifests this record names, streamed; bad lines are written as errors.</summary>
        protected IEnumerable<EvaluationImage> ReadImages() => Manifests.ReadImages(ParameterSetName == ResultSet
            ? Sources.ManifestsBeside(EvaluationResult) : OpenSources(ArtifactKind.EvaluationManifest));

        /// <summary>The images of this record: the pipeline's (the InputObject set, nulls left out), else the manifests named.</summary>
        protected IEnumerable<EvaluationImage> Images(EvaluationImage[]? pipelineInput) =>
            ParameterSetName == InputObjectSet ? ManifestReading.Piped(pipelineInput) : ReadImages();
    }
}
