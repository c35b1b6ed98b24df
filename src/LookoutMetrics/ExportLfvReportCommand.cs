using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.Comparison;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using LookoutMetrics.Reports;
using LookoutMetrics.Verification;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Export-LfvReport: the console's performance page, and more, as one self-contained HTML file. What it gathers
    /// and shows is <see cref="ReportInputs"/>' and <see cref="ReportPlan"/>'s; the figures are <see cref="ReportBuilder"/>'s.
    /// -Path is the report (as Export-Csv's), so the manifests' paths are -ManifestPath and -LiteralManifestPath.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LfvReport", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportLfvReportCommand : FileExportCmdlet
    {
        private ReportGatherer? _gatherer;
        private string? _imageRoot;


        /// <summary>What the other cmdlets write, or manifest and result files.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject InputObject { get; set; } = null!;


        [Parameter]
        [ValidateNotNullOrEmpty]
        public override string? MaskRoot { get; set; }

        [Parameter]
        public SwitchParameter IncludeImages { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ImageRoot { get; set; }

        [Parameter]
        [ValidateRange(1, 10000)]
        public int ImageLimit { get; set; } = ReportPlan.DefaultImageLimit;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "Lookout for Vision model evaluation";

        [Parameter]
        public SwitchParameter Show { get; set; }

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = MetricVerifier.DefaultTolerance;

        [Parameter]
        [ValidateRange(0.0, 1000000.0)]
        public double? NonInferiorityMargin { get; set; }

        /// <summary>The version each other version of its project is compared with; one after another (1 to 2, 2 to 3) when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Baseline { get; set; }

        /// <summary>Each item that could not be read, for the report's summary.</summary>
        private readonly List<ReportProblem> _problems = new List<ReportProblem>();


        protected override void Begin()
        {
            CheckTarget();
            ItemErrors = e => _problems.Add(new ReportProblem { Item = e.TargetObject?.ToString() ?? string.Empty,
                Reason = e.Exception.Message });
            _ = Manifests.MaskFolder;
            _imageRoot = ArtifactSources.ResolveFolder(this, ImageRoot, nameof(ImageRoot));
        }

        private ReportGatherer Gatherer => _gatherer ??= new ReportGatherer(this, Manifests, Sources);

        protected override void Process()
        {
            if (ParameterSetName == InputObjectSet)
                foreach (var item in ManifestReading.Unrolled(InputObject)) Gatherer.Take(item);
            else if (ParameterSetName == ModelSet)
                foreach (string project in ProjectName!) foreach (var model in Sources.DescribeModels(project,
                    ModelVersion)) Gatherer.TakeModel(model);
            else
                Gatherer.ReadManifests(OpenSources(ArtifactKind.EvaluationManifest), withResults: true);
        }

        protected override void End()
        {
            base.End();
            if (Gatherer.Models.Count == 0)
                ThrowTerminatingError(ErrorRecords.From(new ArtifactException(ErrorIds.NothingToReport, ErrorKind.InvalidData,
                    ReportInputs.NothingToReport), null));
            Gatherer.CountLeftOut();
            foreach (var model in Gatherer.Models) Gatherer.MeasureMasksOf(model);
            if (IncludeImages) Gatherer.AddThumbnails(_imageRoot, ImageLimit);

            // A file below the current folder is named from there (./samples/...), so that a report mailed on does not show the
            // machine's own folders; S3 URIs and other files stay as they are.
            string here = SessionState.Path.CurrentFileSystemLocation.ProviderPath.TrimEnd(System.IO.Path.DirectorySeparatorChar) +
                System.IO.Path.DirectorySeparatorChar;
            foreach (var model in Gatherer.Models)
            {
                if (System.IO.Path.IsPathRooted(model.Source) && model.Source.StartsWith(here, System.StringComparison.Ordinal))
                    model.Source = "./" + model.Source.Substring(here.Length).Replace(System.IO.Path.DirectorySeparatorChar, '/');
            }
            var warnings = new List<string>();
            var payload = Stoppable(() => ReportBuilder.Build(Title, Gatherer.Models, new IntervalOptions { Cancel = CancelToken },
                new ComparisonOptions { Cancel = CancelToken, NonInferiorityMargin = NonInferiorityMargin },
                Tolerance, warnings, ModuleInitializer.Version, Baseline, _problems));
            foreach (string warning in warnings) WriteItemWarning(warning);
            string html = ReportWriter.Html(payload, LoadAssets());

            if (!ShouldProcess(TargetFile, "Write the evaluation report")) return;
            CheckTarget();
            try { ReportFile.Write(TargetFile, html); }
            catch (System.Exception e) when (e is IOException
                || e is System.UnauthorizedAccessException) { ThrowTerminatingError(ErrorRecords.ReportWriteFailed(e, Path)); }
            WriteVerbose($"Wrote the report of {Gatherer.Models.Count} model version(s) to '{TargetFile}' " +
                $"({new FileInfo(TargetFile).Length / 1024.0:N0} KiB).");
            WritePassThru();
            if (Show && !ReportFile.CanOpen()) WriteVerbose("-Show does nothing in a non-interactive session.");
            else if (Show && ReportFile.Open(TargetFile) is { } why) WriteItemWarning(why);
        }


        private ReportAssets LoadAssets()
        {
            try { return ReportAssets.FromFolder(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(
                typeof(ExportLfvReportCommand).Assembly.Location) ?? ".", "report")); }
            catch (FileNotFoundException e) { ThrowTerminatingError(ErrorRecords.ReportLibraryMissing(e)); throw; }
        }
    }
}
