using System;
using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Metrics;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Verification;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Test-LfvEvaluation: recomputes the metrics from the evaluation manifest and checks them against what was
    /// reported, in the evaluation result file and (for a model from the API) DescribeModel's Performance. Which
    /// figure is checked against which, and when a run has passed, are <see cref="MetricVerifier"/>'s and
    /// <see cref="VerificationRun"/>'s rules.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LfvEvaluation", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(MetricCheck))]
    [OutputType(typeof(bool))]
    public sealed class TestLfvEvaluationCommand : ManifestCmdlet
    {
        private readonly VerificationRun _run = new VerificationRun();
        private readonly HashSet<string> _checked = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The evaluation result whose figures are checked: a file or an s3:// URI; the one beside each manifest when omitted.</summary>
        [Parameter(Position = 1, ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string? ResultPath { get; set; }

        /// <summary>An EvaluationResult (its manifest is the EvaluationManifest file beside it), a ModelPerformance, a ModelArtifact
        /// (Find-LfvModelArtifact) or an S3 object (Get-S3Object).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject InputObject { get; set; } = null!;

        /// <summary>A local copy of the masks' bucket, for checking a segmentation model's per-label pixel metrics.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public override string? MaskRoot { get; set; }

        /// <summary>The largest difference that still agrees.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = MetricVerifier.DefaultTolerance;

        /// <summary>Write one boolean at the end: $true when every reported figure was checked and agrees.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>With -Quiet: accept reported figures that could not be checked (the rest must still agree).</summary>
        [Parameter]
        public SwitchParameter AllowUnchecked { get; set; }

        protected override void Begin() => _ = Manifests.MaskFolder;

        protected override void Process()
        {
            switch (ParameterSetName)
            {
                case ModelSet:
                    foreach (string project in ProjectName!)
                    {
                        foreach (var model in Sources.DescribeModels(project, ModelVersion)) Check(VerificationCase.ForModel(model), null);
                    }
                    break;
                case InputObjectSet:
                    foreach (var item in ManifestReading.Unrolled(InputObject)) Check(item);
                    break;
                default:
                    foreach (var source in OpenSources(ArtifactKind.EvaluationManifest))
                    {
                        using (source) Check(VerificationCase.ForManifest(source.Name, ResultPath), source);
                    }
                    break;
            }
        }

        protected override void End()
        {
            base.End();
            if (Quiet) WriteObject(_run.Passed(ErrorsWritten, AllowUnchecked));
        }

        private void Check(object? item)
        {
            var c = PipedArtifacts.CaseOf(item, out var error, out string? passedOver);
            // A listing pipes a model's manifest and its result: the model is checked once.
            if (c != null && c.ManifestLocation.Length > 0 && !_checked.Add(c.ManifestLocation))
                WriteVerbose($"'{c.ManifestLocation}' was checked already.");
            else if (c != null) Check(c, null);
            else if (passedOver != null) WriteVerbose(passedOver);
            else WriteItemError(error ?? ErrorRecords.InvalidInputObject("Test-LfvEvaluation", VerificationCase.Takes, item));
        }

        /// <summary>One model: its result read (when still to be read), its manifest's images and masks, then its rows.</summary>
        private void Check(VerificationCase c, OpenedArtifact? manifest)
        {
            ThrowIfStopping();
            if (c.Result == null && c.ResultLocation.Length > 0 && Sources.ReadResult(c.ResultLocation, c.Model) is { } result) c.Take(result);
            else if (!c.HasReported && c.ResultLocation.Length == 0)
                WriteItemError(ErrorRecords.From(VerificationCase.ResultNotLocated(c.ManifestLocation), c.ManifestLocation));
            if (!c.HasReported) return; // the error above, or the result's, says why

            using var opened = manifest == null ? Sources.OpenLocation(c.ManifestLocation, ArtifactKind.EvaluationManifest, c.Model) : null;
            var source = manifest ?? opened;
            if (source == null) return;
            var sets = new ScoreSetCollection();
            using var masks = MetricVerifier.ChecksPixels(c) ? Manifests.MeasureMasks(ManifestReading.DefaultThrottleLimit) : null;
            bool? readable = null;
            foreach (var image in Manifests.ReadImages(source))
            {
                sets.Add(image);
                if (masks == null || MaskPlan.AnyMask(image).Length == 0) continue;
                readable ??= Readable(c, image);
                if (readable == true) masks.Add(image);
            }
            masks?.Finish();
            try
            {
                // A model none of whose masks could be read (each an error above) has its pixel figures unchecked, never "disagreeing".
                Func<string, string, IEnumerable<LabelPerformance>?> labels = (p, v) =>
                    readable == true && masks!.For(p, v)?.Labels() is { } measured && System.Linq.Enumerable.Any(measured, l => l.ImagesMeasured > 0)
                        ? measured : null;
                foreach (var row in MetricVerifier.Verify(c, sets.Sets, labels, Tolerance,
                    readable == false ? MetricVerifier.UnreadableMasks : MetricVerifier.NoMasksRead))
                {
                    _run.Record(row);
                    if (!Quiet) WriteObject(row);
                }
            }
            catch (ArtifactException e)
            {
                WriteItemError(ErrorRecords.From(e, c.ManifestLocation));
            }
        }

        /// <summary>A local manifest whose masks are in S3 is checked without them (unchecked rows, and a warning that says how).</summary>
        private bool Readable(VerificationCase c, EvaluationImage first)
        {
            if (MaskPlan.CanRead(Manifests.MaskFolder, c.ManifestLocation, MaskPlan.AnyMask(first))) return true;
            WriteItemWarning(MetricVerifier.MasksUnreadable(c.Model));
            return false;
        }
    }
}
