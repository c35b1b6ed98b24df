using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The manifest reading of a cmdlet, used by composition (every cmdlet that reads manifests holds one): the images
    /// of the manifests it opens, each bad line an error and counted by file (what each summary says it left out), and
    /// the measuring of masks under -MaskRoot.
    /// </summary>
    internal sealed class ManifestReading
    {
        private readonly LfvAwsCmdlet _cmdlet;
        private readonly ArtifactSources _sources;
        private readonly System.Func<string?> _labelAttribute;
        private readonly System.Func<string?> _maskRoot;
        private string? _maskFolder;
        private bool _maskFolderResolved;

        /// <param name="labelAttribute">-LabelAttribute, read when a manifest is read.</param>
        /// <param name="maskRoot">-MaskRoot, read when the masks' folder is first needed.</param>
        public ManifestReading(LfvAwsCmdlet cmdlet, ArtifactSources sources, System.Func<string?> labelAttribute, System.Func<string?> maskRoot)
        {
            _cmdlet = cmdlet;
            _sources = sources;
            _labelAttribute = labelAttribute;
            _maskRoot = maskRoot;
        }

        /// <summary>Every core decodes, and S3 gets several connections even on a small machine.</summary>
        public static int DefaultThrottleLimit => System.Math.Max(8, 2 * System.Environment.ProcessorCount);

        /// <summary>The problems of every manifest this invocation read, by file: what each summary says it left out.</summary>
        public DataProblemTally Problems { get; } = new DataProblemTally();

        /// <summary>-MaskRoot as a full path (ends the cmdlet when it is not a folder); null when not given.</summary>
        public string? MaskFolder
        {
            get
            {
                if (!_maskFolderResolved)
                {
                    _maskFolder = ArtifactSources.ResolveFolder(_cmdlet, _maskRoot(), "MaskRoot");
                    _maskFolderResolved = true;
                }
                return _maskFolder;
            }
        }

        /// <summary>A new measurement of masks under -MaskRoot, its progress bar this invocation's own.</summary>
        public MaskMeasurement MeasureMasks(int throttleLimit) => new MaskMeasurement(_cmdlet, MaskFolder, throttleLimit,
            _cmdlet.NewProgressActivity());

        /// <summary>The images of the manifests given, each disposed when read; bad lines are written as errors and counted.</summary>
        public IEnumerable<EvaluationImage> ReadImages(IEnumerable<OpenedArtifact> sources)
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
        public IEnumerable<EvaluationImage> ReadImages(OpenedArtifact source) => _sources.ReadImages(source, _labelAttribute(), Problems.Add);

        /// <summary>
        /// A pipeline parameter of any type (a scalar PSObject, so that it binds before any source parameter could by
        /// property name) as its items: an array given by name is unrolled, and each item is its base object.
        /// </summary>
        public static IEnumerable<object?> Unrolled(PSObject? input)
        {
            if (input?.BaseObject is System.Collections.IEnumerable many && !(input.BaseObject is string))
            {
                foreach (object? item in many) yield return item is PSObject p ? BaseOf(p) : item;
            }
            else
            {
                yield return input == null ? null : BaseOf(input);
            }
        }

        /// <summary>A PSObject's base object, except a PSCustomObject's, whose properties only the PSObject holds.</summary>
        private static object BaseOf(PSObject p) => p.BaseObject is PSCustomObject ? p : p.BaseObject;

        /// <summary>The images piped in, nulls left out.</summary>
        public static IEnumerable<EvaluationImage> Piped(EvaluationImage[]? input) =>
            input == null ? System.Array.Empty<EvaluationImage>() : System.Linq.Enumerable.Where(input, image => image != null);
    }
}
