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

        /// <summary>The largest difference that still agrees.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = MetricVerifier.DefaultTolerance;

        /// <summary>Write one boolean at the end: $true when every reported figure was checked and agrees.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

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

        private EvaluationResult? ReadResult(string location, string model)
        {
            using var source = Sources.OpenLocation(location, ArtifactKind.EvaluationResult, model);
            if (source == null)
            {
                _tally.RecordFailure();
                return null;
            }
            var entry = EvaluationResultReader.Read(source.Stream, source.Name);
            if (entry.Problem != null)
            {
                _tally.RecordFailure();
                WriteProblem(entry.Problem);
            }
            return entry.Result;
        }

        private void Check(VerificationCase c)
        {
            var sets = new ScoreSetCollection();
            using (var source = Sources.OpenLocation(c.ManifestLocation, ArtifactKind.EvaluationManifest, c.Model))
            {
                if (source == null)
                {
                    _tally.RecordFailure();
                    return;
                }
                // A bad line is reported; the figures can then not be expected to agree.
                foreach (var image in Sources.ReadImages(source, LabelAttribute, _ => _tally.RecordFailure())) sets.Add(image);
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
            foreach (var row in MetricVerifier.Check(summary, c.Result, c.Performance, Tolerance))
            {
                _tally.Record(row);
                if (!Quiet) WriteObject(row);
            }
        }

        private T? Fail<T>(ErrorRecord error) where T : class
        {
            _tally.RecordFailure();
            WriteError(error);
            return null;
        }
    }
}
