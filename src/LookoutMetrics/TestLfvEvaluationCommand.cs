using System;
using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using LookoutMetrics.Verification;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Test-LfvEvaluation: recomputes the metrics from the evaluation manifest and checks them against what was
    /// reported, in the evaluation result file and (for a model from the API) DescribeModel's Performance. Which
    /// figure is checked against which, and when they agree, is <see cref="MetricVerifier"/>'s rule.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LfvEvaluation", DefaultParameterSetName = FilesSet)]
    [OutputType(typeof(MetricCheck))]
    [OutputType(typeof(bool))]
    public sealed class TestLfvEvaluationCommand : LfvAwsCmdlet
    {
        private const string FilesSet = "Files";
        private const string ModelSet = "Model";
        private const string InputObjectSet = "InputObject";

        private readonly VerificationTally _tally = new VerificationTally();
        private ArtifactSources? _sources;

        /// <summary>The evaluation manifest: a file, or an s3:// URI.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FilesSet)]
        [ValidateNotNullOrEmpty]
        public string ManifestPath { get; set; } = null!;

        /// <summary>The evaluation result whose figures are checked: a file, or an s3:// URI.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = FilesSet)]
        [ValidateNotNullOrEmpty]
        public string ResultPath { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ProjectName { get; set; } = null!;

        [Parameter(Position = 1, ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ModelVersion { get; set; }

        /// <summary>An EvaluationResult (its manifest is the EvaluationManifest file beside it) or a ModelPerformance.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject[] InputObject { get; set; } = null!;

        /// <summary>The manifest's label attribute when it is not 'anomaly-label' and cannot be told from the lines.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        /// <summary>A local copy of the masks' bucket, for checking a segmentation model's per-label pixel metrics.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MaskRoot { get; set; }

        /// <summary>The largest difference that still agrees.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = MetricVerifier.DefaultTolerance;

        /// <summary>Write one boolean at the end: $true when every reported figure was checked and agrees.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        private string? _maskRoot;

        protected override void BeginProcessing() => _maskRoot = ArtifactSources.ResolveFolder(this, MaskRoot, nameof(MaskRoot));

        protected override void ProcessRecord()
        {
            foreach (var c in Cases())
            {
                ThrowIfStopping();
                Check(c);
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (Quiet) WriteObject(_tally.Passed);
        }

        private IEnumerable<VerificationCase> Cases()
        {
            switch (ParameterSetName)
            {
                case FilesSet:
                    var result = ReadResult(ResultPath, ArtifactNames.LastSegment(ResultPath));
                    if (result != null) yield return VerificationCase.ForFiles(result, ManifestPath);
                    break;

                case ModelSet:
                    foreach (string project in ProjectName)
                    {
                        foreach (var model in Sources.DescribeModels(project, ModelVersion)) yield return ForModel(model);
                    }
                    break;

                case InputObjectSet:
                    foreach (var item in InputObject)
                    {
                        var c = item?.BaseObject switch
                        {
                            ModelPerformance performance => ForModel(performance),
                            EvaluationResult reported => VerificationCase.ForResult(reported) ?? Fail<VerificationCase>(new ErrorRecord(new InvalidOperationException(
                                $"Cannot tell where the manifest of '{reported.Source}' is: its name is not EvaluationResult-<project>-<version>.json. Use -ManifestPath and -ResultPath."),
                                "ManifestNotLocated", ErrorCategory.ObjectNotFound, reported.Source)),
                            _ => Fail<VerificationCase>(new ErrorRecord(new ArgumentException(
                                $"Test-LfvEvaluation takes an EvaluationResult (Get-LfvEvaluationResult) or a ModelPerformance (Get-LfvModelPerformance), not a {item?.BaseObject?.GetType().FullName ?? "null"}."),
                                "InvalidInputObject", ErrorCategory.InvalidArgument, item)),
                        };
                        if (c != null) yield return c;
                    }
                    break;
            }
        }

        /// <summary>A model from the API, with its result file read when DescribeModel names one.</summary>
        private VerificationCase ForModel(ModelPerformance model)
        {
            var c = VerificationCase.ForModel(model);
            if (c.ResultLocation.Length > 0) c.Result = ReadResult(c.ResultLocation, c.Model);
            return c;
        }

        private EvaluationResult? ReadResult(string location, string model) => Sources.ReadResult(location, model, _tally.RecordFailure);

        private void Check(VerificationCase c)
        {
            var sets = new ScoreSetCollection();
            bool checkPixels = c.Result != null && c.Result.PixelAnomalyClassMetrics.Count > 0;
            MaskMeasurement? masks = null;
            try
            {
                using (var source = Sources.OpenLocation(c.ManifestLocation, ArtifactKind.EvaluationManifest, c.Model))
                {
                    if (source == null)
                    {
                        _tally.RecordFailure();
                        return;
                    }
                    // A bad line is reported; the figures can then not be expected to agree.
                    foreach (var image in Sources.ReadImages(source, LabelAttribute, _ => _tally.RecordFailure()))
                    {
                        sets.Add(image);
                        if (checkPixels && image.AnomalyMaskRef.Length > 0)
                        {
                            masks ??= MasksFor(c, image, out checkPixels);
                            masks?.Add(image);
                        }
                    }
                }

                var set = MetricVerifier.SetFor(sets.Sets, c.ProjectName, c.ModelVersion);
                if (set == null)
                {
                    Fail<object>(new ErrorRecord(new InvalidOperationException(
                        $"The manifest '{c.ManifestLocation}' holds no predictions of {c.Model}{(sets.Sets.Count > 1 ? " (it holds several models)" : string.Empty)}."),
                        "ModelNotInManifest", ErrorCategory.InvalidData, c.ManifestLocation));
                    return;
                }

                var summary = ClassificationMetrics.Summarize(set, null);
                var rows = new List<MetricCheck>(MetricVerifier.Check(summary, c.Result, c.Performance, Tolerance));
                if (masks != null)
                {
                    masks.Finish();
                    var measured = masks.For(set.ProjectName, set.ModelVersion);
                    rows.AddRange(MetricVerifier.CheckPixels(set.ProjectName, set.ModelVersion, c.Result!.PixelAnomalyClassMetrics,
                        measured?.Labels() ?? Array.Empty<LabelPerformance>(), Tolerance));
                }
                foreach (var row in rows)
                {
                    _tally.Record(row);
                    if (!Quiet) WriteObject(row);
                }
            }
            finally
            {
                masks?.Dispose();
            }
        }

        /// <summary>
        /// The masks of a segmentation model are measured when they can be read: under -MaskRoot, beside the manifest,
        /// or in S3 when the manifest itself came from S3 (the same bucket and credentials). A local manifest whose
        /// masks are in S3 is checked without them, and a warning says how to include them.
        /// </summary>
        private MaskMeasurement? MasksFor(VerificationCase c, EvaluationImage first, out bool checkPixels)
        {
            checkPixels = MaskMeasurement.CanRead(_maskRoot, c.ManifestLocation, first.AnomalyMaskRef);
            if (!checkPixels)
            {
                WriteWarning($"{c.Model}: the per-label pixel metrics are not checked, since the manifest is a local file and its masks are in S3. " +
                    "Give -MaskRoot <folder> with a copy of the masks' bucket, or check the model from S3 (-ProjectName, or an s3:// -ManifestPath).");
                return null;
            }
            var masks = new MaskMeasurement(this, _maskRoot, MeasureLfvSegmentationCommand.DefaultThrottleLimit, NewProgressActivity());
            masks.Failed = (_, _) => _tally.RecordFailure();
            return masks;
        }

        private T? Fail<T>(ErrorRecord error) where T : class
        {
            _tally.RecordFailure();
            WriteError(error);
            return null;
        }
    }
}
