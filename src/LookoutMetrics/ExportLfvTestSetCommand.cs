using System.IO;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Reports;
using LookoutMetrics.Succession;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Export-LfvTestSet: the retired model's test set in the shape its successors take as input (the SageMaker
    /// algorithm's Ground Truth manifest, anomalib's tabular CSV). -Path is the file written, as Export-Csv's, so the
    /// manifests' paths are -ManifestPath and -LiteralManifestPath, as Export-LfvReport's.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LfvTestSet", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportLfvTestSetCommand : FileExportCmdlet
    {
        private string _temporary = string.Empty;
        private TestSetWriter? _writer;
        private string? _imageRoot;


        /// <summary>Test images, from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;


        [Parameter]
        public TestSetFormat Format { get; set; } = TestSetFormat.GroundTruthManifest;

        /// <summary>For AnomalibCsv: a local copy of the images' bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ImageRoot { get; set; }

        /// <summary>For AnomalibCsv: a local copy of the masks' bucket.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public override string? MaskRoot { get; set; }


        protected override string ExampleFileName => Format == TestSetFormat.AnomalibCsv ? "test-set.csv" : "test-channel.manifest";

        protected override void Begin()
        {
            // A .csv file is anomalib's CSV unless -Format says otherwise.
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Format)) && Path.EndsWith(".csv",
                System.StringComparison.OrdinalIgnoreCase)) Format = TestSetFormat.AnomalibCsv;
            CheckTarget();
            _imageRoot = ArtifactSources.ResolveFolder(this, ImageRoot, nameof(ImageRoot));
            if (Format == TestSetFormat.GroundTruthManifest && (ImageRoot != null || MaskRoot != null))
                WriteItemWarning("-ImageRoot and -MaskRoot shape the AnomalibCsv format only: a Ground Truth manifest keeps the images' and " +
                    "masks' s3:// references, as SageMaker reads them.");
        }

        protected override void Process()
        {
            if (!ShouldProcess(TargetFile, $"Write the test set as {Format}")) return;
            var images = ParameterSetName == InputObjectSet ? ManifestReading.Piped(InputObject)
                : Manifests.ReadImages(OpenSources(ArtifactKind.EvaluationManifest));
            foreach (var image in images)
            {
                ThrowIfStopping();
                try { Writer.Write(image); }
                catch (Segmentation.MaskException e) { WriteItemError(ErrorRecords.From(e, image)); }
            }
        }

        private TestSetWriter Writer => _writer ??= Open();

        private TestSetWriter Open()
        {
            _temporary = ReportFile.Temporary(TargetFile);
            try { return new TestSetWriter(new StreamWriter(_temporary, false, new System.Text.UTF8Encoding(false)), Format, _imageRoot,
                Manifests.MaskFolder, System.DateTime.UtcNow); }
            catch (System.Exception e) when (e is IOException
                || e is System.UnauthorizedAccessException) { ThrowTerminatingError(ErrorRecords.ReportWriteFailed(e, Path)); throw; }
        }

        protected override void End()
        {
            base.End();
            if (_writer == null) return; // -WhatIf, or nothing came
            long written = _writer.Written;
            _writer.Dispose();
            _writer = null;
            if (written == 0)
            {
                ReportFile.Discard(_temporary);
                ThrowTerminatingError(ErrorRecords.From(new ArtifactException(ErrorIds.EmptyTestSet, ErrorKind.InvalidData,
                    $"No test image was read, so '{Path}' was not written."), Path));
            }
            try { ReportFile.Commit(_temporary, TargetFile); }
            catch (System.Exception e) when (e is IOException
                || e is System.UnauthorizedAccessException) { ReportFile.Discard(_temporary); ThrowTerminatingError(
                ErrorRecords.ReportWriteFailed(e, Path)); }
            WriteVerbose($"Wrote {written:N0} test images to '{TargetFile}' as {Format}.");
            WritePassThru();
        }

        protected override void DisposeResources()
        {
            if (_writer != null)
            {
                _writer.Dispose();
                ReportFile.Discard(_temporary); // stopped before the end: nothing half-written is left
            }
            base.DisposeResources();
        }
    }
}
