using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that read evaluation manifests: the sources of <see cref="ArtifactCmdlet"/>, a -Uri that binds
    /// EvaluationManifestUri, -LabelAttribute, and the images of the manifests read line by line.
    /// </summary>
    public abstract class ManifestCmdlet : ArtifactCmdlet
    {
        /// <summary>For the cmdlets that also take EvaluationImage records from the pipeline.</summary>
        protected const string InputObjectSet = "InputObject";

        /// <summary>s3://bucket/key of an evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri")]
        [AllowEmptyString]
        public override string[] Uri { get; set; } = null!;

        /// <summary>The manifest's label attribute when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        /// <summary>The images of the manifests this record names, streamed; bad lines are written as errors.</summary>
        protected IEnumerable<EvaluationImage> ReadImages()
        {
            foreach (var source in OpenSources(ArtifactKind.EvaluationManifest))
            {
                using (source)
                {
                    foreach (var image in Sources.ReadImages(source, LabelAttribute)) yield return image;
                }
            }
        }

        /// <summary>The images of this record: the pipeline's (the InputObject set, nulls left out), else the manifests named.</summary>
        protected IEnumerable<EvaluationImage> Images(EvaluationImage[]? pipelineInput)
        {
            if (ParameterSetName != InputObjectSet) return ReadImages();
            return pipelineInput == null ? System.Array.Empty<EvaluationImage>() : System.Linq.Enumerable.Where(pipelineInput, image => image != null);
        }
    }
}
