using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that read evaluation manifests: the sources of <see cref="ArtifactCmdlet"/>, a -Uri that binds
    /// EvaluationManifestUri, -LabelAttribute, the images of the manifests read line by line, and, for the cmdlets that
    /// declare -MaskRoot, the measuring of their masks.
    /// </summary>
    public abstract class ManifestCmdlet : ArtifactCmdlet
    {
        /// <summary>For the cmdlets that also take records from the pipeline.</summary>
        protected const string InputObjectSet = "InputObject";

        /// <summary>Manifest files (wildcards are expanded) or s3:// URIs; -ManifestPath means the same wherever it is taken.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ManifestPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public override string[] Path { get; set; } = null!;

        /// <summary>s3://bucket/key of an evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri")]
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

        private string? _maskFolder;
        private bool _maskFolderResolved;

        /// <summary>-MaskRoot as a full path (ends the cmdlet when it is not a folder); null when not given.</summary>
        internal string? MaskFolder
        {
            get
            {
                if (!_maskFolderResolved)
                {
                    _maskFolder = ArtifactSources.ResolveFolder(this, MaskRoot, nameof(MaskRoot));
                    _maskFolderResolved = true;
                }
                return _maskFolder;
            }
        }

        /// <summary>A new measurement of masks under -MaskRoot, its progress bar this invocation's own.</summary>
        internal MaskMeasurement MeasureMasks(int throttleLimit) => new MaskMeasurement(this, MaskFolder, throttleLimit, NewProgressActivity());

        /// <summary>Every core decodes, and S3 gets several connections even on a small machine.</summary>
        internal static int DefaultThrottleLimit => System.Math.Max(8, 2 * System.Environment.ProcessorCount);

        /// <summary>The images of the manifests this record names, streamed; bad lines are written as errors.</summary>
        protected IEnumerable<EvaluationImage> ReadImages() => ReadImages(OpenSources(ArtifactKind.EvaluationManifest));

        /// <summary>The problems of every manifest this invocation read, by file: what each summary says it left out.</summary>
        internal DataProblemTally Problems { get; } = new DataProblemTally();

        /// <summary>The images of the manifests given, each disposed when read; bad lines are written as errors and counted.</summary>
        internal IEnumerable<EvaluationImage> ReadImages(IEnumerable<Source> sources)
        {
            foreach (var source in sources)
            {
                using (source)
                {
                    foreach (var image in ReadImages(source)) yield return image;
                }
            }
        }

        /// <summary>The images of one manifest; bad lines are written as errors and counted in <see cref="Problems"/>.</summary>
        internal IEnumerable<EvaluationImage> ReadImages(Source source) => Sources.ReadImages(source, LabelAttribute, Problems.Add);

        /// <summary>
        /// A pipeline parameter of any type (a scalar PSObject, so that it binds before any source parameter could by
        /// property name) as its items: an array given by name is unrolled, and each item is its base object.
        /// </summary>
        internal static IEnumerable<object?> Unrolled(PSObject? input)
        {
            if (input?.BaseObject is System.Collections.IEnumerable many && !(input.BaseObject is string))
            {
                foreach (object? item in many) yield return item is PSObject p ? p.BaseObject : item;
            }
            else
            {
                yield return input?.BaseObject;
            }
        }

        /// <summary>The images of this record: the pipeline's (the InputObject set, nulls left out), else the manifests named.</summary>
        protected IEnumerable<EvaluationImage> Images(EvaluationImage[]? pipelineInput)
        {
            if (ParameterSetName != InputObjectSet) return ReadImages();
            return pipelineInput == null ? System.Array.Empty<EvaluationImage>() : System.Linq.Enumerable.Where(pipelineInput,
                image => image != null);
        }
    }
}
