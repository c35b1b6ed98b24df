using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Succession;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Import-LfvPrediction: a successor model's predictions (SageMaker's '.out' files, JSON Lines, an anomalib CSV)
    /// paired with the retired model's test set, as EvaluationImage records every other cmdlet takes unchanged.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LfvPrediction", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(EvaluationImage))]
    public sealed class ImportLfvPredictionCommand : LfvAwsCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";

        private readonly List<EvaluationImage> _truth = new List<EvaluationImage>();
        private readonly HashSet<object> _given = new HashSet<object>();
        private PredictionImport? _import;

        /// <summary>Prediction files or folders (every prediction file below a folder); wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Prediction files or folders, taken exactly as written. Binds FullName from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>s3:// prediction objects, or prefixes whose objects are listed and read concurrently.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = null!;

        /// <summary>The retired model's evaluation manifest (a path or s3:// URI): the test set and its ground truth.</summary>
        [Parameter]
        [Alias("ManifestPath")]
        [ValidateNotNullOrEmpty]
        public string? GroundTruth { get; set; }

        /// <summary>The test set as EvaluationImage records, from Get-LfvEvaluationManifest, instead of -GroundTruth.</summary>
        [Parameter(ValueFromPipeline = true)]
        public EvaluationImage[]? InputObject { get; set; }

        /// <summary>The successor's name: the records' model version. The name of the first folder, file or prefix when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ModelName { get; set; }

        /// <summary>The predictions' format; Auto tells them by extension and content.</summary>
        [Parameter]
        public PredictionFormat Format { get; set; } = PredictionFormat.Auto;

        /// <summary>How predictions find their test images: Auto (source-ref, S3 key, unique file name), Path, FileName.</summary>
        [Parameter]
        public PairBy PairBy { get; set; } = PairBy.Auto;

        /// <summary>The CSV column of the image path.</summary>
        [Parameter]
        public string ImageColumn { get; set; } = "image_path";

        /// <summary>The CSV column of the anomaly score.</summary>
        [Parameter]
        public string ScoreColumn { get; set; } = "pred_score";

        /// <summary>The CSV column of the predicted label (True/False, 1/0, anomaly/normal).</summary>
        [Parameter]
        public string LabelColumn { get; set; } = "pred_label";

        /// <summary>The CSV column of the predicted mask's path.</summary>
        [Parameter]
        public string MaskColumn { get; set; } = "mask_path";

        /// <summary>A CSV score at least this is an anomaly: needed when the CSV has no label column, and replaces it when given.</summary>
        [Parameter]
        [ValidateRange(double.MinValue, double.MaxValue)]
        public double? Threshold { get; set; }

        /// <summary>Prediction files read at once.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = PredictionImport.DefaultThrottleLimit;

        /// <summary>The ground-truth manifest's label attribute when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        /// <summary>What ranks the images: the predicted label's confidence, the Confidence read as an anomaly score, or Anomaly_score.</summary>
        [Parameter]
        public ScoreSource ScoreFrom { get; set; } = ScoreSource.Confidence;

        private ArtifactSources? _sources;

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        protected override void Process()
        {
            if (InputObject != null) _truth.AddRange(System.Linq.Enumerable.Where(InputObject, image => image != null));
            _import ??= new PredictionImport(this, Sources, new PredictionOptions { Format = Format, ImageColumn = ImageColumn,
                ScoreColumn = ScoreColumn, LabelColumn = LabelColumn, MaskColumn = MaskColumn, Threshold = Threshold }, ThrottleLimit,
                NewProgressActivity())
            {
                Skip = GroundTruth == null || LookoutMetrics.Sources.Location.IsS3Text(GroundTruth)
                    ? GroundTruth : SessionState.Path.GetUnresolvedProviderPathFromPSPath(GroundTruth),
            };
            // A parameter given on the command line is bound again for every pipeline object: its files are read once.
            object given = ParameterSetName == UriSet ? Uri : ParameterSetName == LiteralPathSet ? LiteralPath : Path;
            if (!_given.Add(given)) return;
            if (ParameterSetName == UriSet) _import.AddUris(Uri);
            else _import.AddPaths(ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet);
        }

        protected override void End()
        {
            long before = ErrorsWritten;
            if (GroundTruth != null)
            {
                using var source = Sources.OpenLocation(GroundTruth, ArtifactKind.EvaluationManifest, "the ground truth");
                if (source != null) _truth.AddRange(Sources.ReadImages(source, LabelAttribute, groundTruthOnly: true));
            }
            // A -GroundTruth that could not be read has said why; a second error would only repeat it.
            if (_truth.Count == 0 && GroundTruth != null && ErrorsWritten > before) return;
            if (_truth.Count == 0) ThrowTerminatingError(ErrorRecords.From(SuccessorImport.NoGroundTruth(), GroundTruth));
            _import!.Finish();
            var imports = SuccessorImport.PairEach(_truth, _import.Predictions, PairBy, ModelName, _import.DefaultName(), ScoreFrom, out var mixed);
            if (mixed != null) ThrowTerminatingError(ErrorRecords.From(mixed, ModelName));
            foreach (var import in imports) _import.Write(import);
            base.End();
        }

        protected override void DisposeResources()
        {
            _import?.Dispose();
            base.DisposeResources();
        }
    }
}
