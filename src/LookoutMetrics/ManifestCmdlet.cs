using System.Collections.Generic;
using System.Management.Automation;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that read evaluation manifests declare their source parameters here, once: a manifest comes from
    /// local files (-Path, -LiteralPath), S3 objects (-Uri) or the models DescribeModel locates (-ProjectName,
    /// -ModelVersion). The work is done by the <see cref="ArtifactSources"/> component.
    /// </summary>
    public abstract class ManifestCmdlet : LfvAwsCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        protected const string UriSet = "Uri";
        protected const string ModelSet = "Model";

        /// <summary>For the cmdlets that also take EvaluationImage records from the pipeline.</summary>
        protected const string InputObjectSet = "InputObject";

        private ArtifactSources? _sources;

        /// <summary>Files; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Files, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>s3://bucket/key of an evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri")]
        [AllowEmptyString]
        public string[] Uri { get; set; } = null!;

        /// <summary>With -Uri: names the model in messages. Alone: the project whose model's manifest DescribeModel locates.</summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ModelSet, Mandatory = true)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        public string[]? ProjectName { get; set; }

        /// <summary>With -ProjectName: the versions (numbers or 'latest'); every version when omitted.</summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        public string[]? ModelVersion { get; set; }

        /// <summary>The manifest's label attribute when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        internal ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        /// <summary>The images of the manifests this record names, streamed; bad lines are written as errors.</summary>
        protected IEnumerable<EvaluationImage> ReadImages()
        {
            var request = ArtifactRequest.For(ParameterSetName, Path, LiteralPath, Uri, ProjectName, ModelVersion);
            foreach (var source in Sources.Open(request, ArtifactKind.EvaluationManifest))
            {
                using (source)
                {
                    foreach (var image in Sources.ReadImages(source, LabelAttribute)) yield return image;
                }
            }
        }

        /// <summary>The images of this record: the pipeline's (the InputObject set), else the manifests named.</summary>
        protected IEnumerable<EvaluationImage> Images(EvaluationImage[]? pipelineInput)
        {
            if (ParameterSetName != InputObjectSet) return ReadImages();
            return pipelineInput ?? System.Array.Empty<EvaluationImage>();
        }
    }
}
