using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Test-LfvEvaluation: recomputes the metrics from the evaluation manifest and checks them against what was
    /// reported, in the evaluation result file and (for a model from the API) DescribeModel's Performance.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LfvEvaluation", DefaultParameterSetName = FilesSet)]
    [OutputType(typeof(MetricCheck))]
    [OutputType(typeof(bool))]
    public sealed class TestLfvEvaluationCommand : LfvAwsCmdlet
    {
        private const string FilesSet = "Files";
        private const string ModelSet = "Model";
        private const string InputObjectSet = "InputObject";

        private bool _allAgree = true;
        private int _checked;

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

        /// <summary>The largest difference that still agrees.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = 0.0001;

        /// <summary>Write one boolean at the end: $true when every reported figure was checked and agrees.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        private sealed class Case
        {
            public string Model = string.Empty;
            public string ManifestLocation = string.Empty;
            public EvaluationResult? Result;
            public ModelPerformance? Performance;
        }

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
            if (Quiet) WriteObject(_allAgree && _checked > 0);
        }

        private IEnumerable<Case> Cases()
        {
            switch (ParameterSetName)
            {
                case FilesSet:
                    var result = ReadResult(ResultPath, ArtifactNames.LastSegment(ResultPath));
                    if (result != null) yield return new Case { Model = Name(result), ManifestLocation = ManifestPath, Result = result };
                    break;

                case ModelSet:
                    foreach (string project in ProjectName)
                    {
                        foreach (var model in DescribeModels(project, ModelVersion)) yield return FromPerformance(model);
                    }
                    break;

                case InputObjectSet:
                    foreach (var item in InputObject)
                    {
                        switch (item?.BaseObject)
                        {
                            case ModelPerformance performance:
                                yield return FromPerformance(performance);
                                break;
                            case EvaluationResult reported:
                                string? manifest = ManifestBeside(reported.Source);
                                if (manifest == null)
                                {
                                    Fail(new ErrorRecord(new InvalidOperationException(
                                        $"Cannot tell where the manifest of '{reported.Source}' is: its name is not EvaluationResult-<project>-<version>.json. Use -ManifestPath and -ResultPath."),
                                        "ManifestNotLocated", ErrorCategory.ObjectNotFound, reported.Source));
                                    break;
                                }
                                yield return new Case { Model = Name(reported), ManifestLocation = manifest, Result = reported };
                                break;
                            default:
                                Fail(new ErrorRecord(new ArgumentException(
                                    $"Test-LfvEvaluation takes an EvaluationResult (Get-LfvEvaluationResult) or a ModelPerformance (Get-LfvModelPerformance), not a {item?.BaseObject?.GetType().FullName ?? "null"}."),
                                    "InvalidInputObject", ErrorCategory.InvalidArgument, item));
                                break;
                        }
                    }
                    break;
            }
        }

        private Case FromPerformance(ModelPerformance model)
        {
            string name = model.ProjectName + "/" + model.ModelVersion;
            var c = new Case { Model = name, ManifestLocation = model.EvaluationManifestUri, Performance = model };
            if (!string.IsNullOrEmpty(model.EvaluationResultUri)) c.Result = ReadResult(model.EvaluationResultUri, name);
            return c;
        }

        /// <summary>EvaluationResult-p-v.json -> EvaluationManifest-p-v.json in the same folder or prefix.</summary>
        internal static string? ManifestBeside(string resultLocation)
        {
            string name = ArtifactNames.LastSegment(resultLocation);
            if (!name.StartsWith("EvaluationResult-", StringComparison.Ordinal)) return null;
            return resultLocation.Substring(0, resultLocation.Length - name.Length) + "EvaluationManifest-" + name.Substring("EvaluationResult-".Length);
        }

        private EvaluationResult? ReadResult(string location, string model)
        {
            using var source = OpenLocation(location, "evaluation result", model);
            if (source == null)
            {
                _allAgree = false;
                return null;
            }
            var entry = EvaluationResultReader.Read(source.Stream, source.Name);
            if (entry.Problem != null)
            {
                _allAgree = false;
                WriteProblem(entry.Problem);
            }
            return entry.Result;
        }

        private void Check(Case c)
        {
            var sets = new ScoreSetCollection();
            using (var source = OpenLocation(c.ManifestLocation, "evaluation manifest", c.Model))
            {
                if (source == null)
                {
                    _allAgree = false;
                    return;
                }
                using var progress = TrackProgress(source.Stream, source.Name);
                foreach (var entry in ManifestReader.Read(source.Stream, source.Name))
                {
                    ThrowIfStopping();
                    if (entry.Image != null) sets.Add(entry.Image);
                    else
                    {
                        // A bad line is reported; the figures can then not be expected to agree.
                        _allAgree = false;
                        WriteProblem(entry.Problem!);
                    }
                    progress.Tick();
                }
            }

            string project = c.Result?.ProjectName ?? c.Performance?.ProjectName ?? string.Empty;
            string version = c.Result?.ModelVersion ?? c.Performance?.ModelVersion ?? string.Empty;
            var set = sets.Sets.FirstOrDefault(s => s.ProjectName == project && s.ModelVersion == version)
                ?? (sets.Sets.Count == 1 ? sets.Sets[0] : null);
            if (set == null)
            {
                Fail(new ErrorRecord(new InvalidOperationException(
                    $"The manifest '{c.ManifestLocation}' holds no predictions of {c.Model}{(sets.Sets.Count > 1 ? " (it holds several models)" : string.Empty)}."),
                    "ModelNotInManifest", ErrorCategory.InvalidData, c.ManifestLocation));
                return;
            }

            var summary = ClassificationMetrics.Summarize(set, null);
            if (c.Result != null)
            {
                var r = c.Result;
                Row(set, "Precision", "EvaluationResult", r.Precision, summary.Precision);
                Row(set, "Recall", "EvaluationResult", r.Recall, summary.Recall);
                Row(set, "F1Score", "EvaluationResult", r.F1Score, summary.F1Score);
                Row(set, "ROCAUC", "EvaluationResult", r.ROCAUC, summary.ROCAUC);
                Row(set, "AveragePrecision", "EvaluationResult", r.AveragePrecision, summary.AveragePrecision);
                Row(set, "NumberOfTestingImages", "EvaluationResult", r.NumberOfTestingImages, summary.Images);
            }
            if (c.Performance != null)
            {
                var p = c.Performance;
                Row(set, "Precision", "DescribeModel", p.Precision, summary.Precision);
                Row(set, "Recall", "DescribeModel", p.Recall, summary.Recall);
                Row(set, "F1Score", "DescribeModel", p.F1Score, summary.F1Score);
            }
        }

        private void Row(ScoreSet set, string metric, string reportedBy, double? reported, double recomputed)
        {
            if (reported == null) return; // nothing reported, nothing to check
            bool bothNaN = double.IsNaN(reported.Value) && double.IsNaN(recomputed);
            double difference = recomputed - reported.Value;
            bool agrees = bothNaN || Math.Abs(difference) <= Tolerance;
            _checked++;
            _allAgree &= agrees;
            if (Quiet) return;
            WriteObject(new MetricCheck
            {
                ProjectName = set.ProjectName,
                ModelVersion = set.ModelVersion,
                Metric = metric,
                ReportedBy = reportedBy,
                Reported = reported,
                Recomputed = recomputed,
                Difference = bothNaN ? 0.0 : difference,
                Agrees = agrees,
                Tolerance = Tolerance,
            });
        }

        private void Fail(ErrorRecord error)
        {
            _allAgree = false;
            WriteError(error);
        }

        private static string Name(EvaluationResult r) => r.ProjectName + "/" + r.ModelVersion;
    }
}
