using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using LookoutMetrics.Aws;
using LookoutMetrics.Comparison;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;
using LookoutMetrics.Reports;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Verification;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Export-LfvReport: the console's performance page, and more, as one self-contained HTML file: the metrics
    /// recomputed and reported, intervals, per-label performance, the test results overview with every image, the
    /// curves, and the comparison of several versions.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LfvReport", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportLfvReportCommand : LfvAwsCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string ManifestPathSet = "ManifestPath";
        private const string UriSet = "Uri";
        private const string ModelSet = "Model";

        private readonly List<ReportModelInput> _models = new List<ReportModelInput>();
        private readonly Dictionary<(string, string), ReportModelInput> _byKey = new Dictionary<(string, string), ReportModelInput>();
        private ArtifactSources? _sources;
        private string _file = string.Empty;
        private string? _maskRoot;
        private string? _imageRoot;

        /// <summary>The report file to write (.html).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>What the other cmdlets write: EvaluationImage, EvaluationResult, ModelPerformance, EvaluationSummary, LabelPerformance; or manifest and result files.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject[] InputObject { get; set; } = null!;

        /// <summary>Evaluation manifest files (wildcards); the result file beside each is read too.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManifestPathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] ManifestPath { get; set; } = null!;

        /// <summary>s3://bucket/key of evaluation manifests; the result beside each is read too.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string[] Uri { get; set; } = null!;

        /// <summary>The projects whose models' artifacts DescribeModel locates.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ProjectName { get; set; } = null!;

        /// <summary>With -ProjectName: the versions (numbers or 'latest'); every version when omitted.</summary>
        [Parameter(ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ModelVersion { get; set; }

        /// <summary>The manifest's label attribute when it is not 'anomaly-label'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        /// <summary>A local copy of the masks' bucket, for the per-label figures of segmentation models.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MaskRoot { get; set; }

        /// <summary>Embed thumbnails of the incorrect predictions and the worst images per label, masks overlaid.</summary>
        [Parameter]
        public SwitchParameter IncludeImages { get; set; }

        /// <summary>A local copy of the test images' bucket: s3://bucket/key is read from ImageRoot/key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ImageRoot { get; set; }

        /// <summary>The most thumbnails a report embeds.</summary>
        [Parameter]
        [ValidateRange(1, 10000)]
        public int ImageLimit { get; set; } = 50;

        /// <summary>The page's heading.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "Lookout for Vision model evaluation";

        /// <summary>Overwrite an existing file (read-only too).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Never overwrite an existing file, even with -Force.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Write the report's FileInfo.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Open the report in the default browser (only in an interactive session).</summary>
        [Parameter]
        public SwitchParameter Show { get; set; }

        /// <summary>The largest difference between a reported and a recomputed figure that still agrees.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double Tolerance { get; set; } = MetricVerifier.DefaultTolerance;

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        protected override void BeginProcessing()
        {
            _file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            CheckTarget();
            _maskRoot = ArtifactSources.ResolveFolder(this, MaskRoot, nameof(MaskRoot));
            _imageRoot = ArtifactSources.ResolveFolder(this, ImageRoot, nameof(ImageRoot));
        }

        /// <summary>A folder that does not exist, or a file that exists without -Force (or with -NoClobber), ends the cmdlet before anything is written.</summary>
        private void CheckTarget()
        {
            string? folder = System.IO.Path.GetDirectoryName(_file);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"Cannot write '{Path}': the folder '{folder}' does not exist. Create it first, or give another -Path."),
                    "ReportFolderNotFound", ErrorCategory.ObjectNotFound, Path));
            if (Directory.Exists(_file))
                ThrowTerminatingError(new ErrorRecord(new IOException($"Cannot write '{Path}': it is a folder. Give a file name, for example '{System.IO.Path.Combine(Path, "report.html")}'."),
                    "ReportPathIsFolder", ErrorCategory.InvalidArgument, Path));
            if (File.Exists(_file) && (NoClobber || !Force))
                ThrowTerminatingError(new ErrorRecord(new IOException(NoClobber
                        ? $"The file '{Path}' already exists, and -NoClobber keeps it. Give another -Path."
                        : $"The file '{Path}' already exists. Add -Force to overwrite it, or give another -Path."),
                    NoClobber ? "NoClobber" : "ReportFileExists", ErrorCategory.ResourceExists, Path));
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    foreach (var item in InputObject) Take(item);
                    break;
                case ManifestPathSet:
                    ReadManifests(new ArtifactRequest { Paths = ManifestPath }, withResults: true);
                    break;
                case UriSet:
                    ReadManifests(new ArtifactRequest { Uris = Uri }, withResults: true);
                    break;
                case ModelSet:
                    foreach (string project in ProjectName)
                    {
                        foreach (var model in Sources.DescribeModels(project, ModelVersion)) TakeModel(model);
                    }
                    break;
            }
        }

        private ReportModelInput For(string project, string version, string source = "")
        {
            var key = (project, version);
            if (!_byKey.TryGetValue(key, out var model))
            {
                model = new ReportModelInput(project, version) { Source = source };
                _byKey.Add(key, model);
                _models.Add(model);
            }
            if (model.Source.Length == 0) model.Source = source;
            return model;
        }

        private void Take(PSObject? item)
        {
            switch (item?.BaseObject)
            {
                case EvaluationImage image:
                    For(image.ProjectName, image.ModelVersion, image.Source).Images.Add(image);
                    break;
                case EvaluationResult result:
                    For(result.ProjectName, result.ModelVersion).Result = result;
                    break;
                case ModelPerformance performance:
                    TakeModel(performance);
                    break;
                case EvaluationSummary summary:
                    For(summary.ProjectName, summary.ModelVersion, summary.Source).Summary = summary;
                    break;
                case LabelPerformance label:
                    For(label.ProjectName, label.ModelVersion).Labels.Add(label);
                    break;
                case FileInfo file when ArtifactNames.KindOf(file.Name) == ArtifactKind.EvaluationManifest:
                    ReadManifests(new ArtifactRequest { Paths = new[] { file.FullName }, Literal = true }, withResults: true);
                    break;
                case FileInfo file when ArtifactNames.KindOf(file.Name) == ArtifactKind.EvaluationResult:
                    var entry = Sources.ReadResult(file.FullName, file.Name);
                    if (entry != null) For(entry.ProjectName, entry.ModelVersion).Result = entry;
                    break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException(
                        $"Export-LfvReport takes EvaluationImage, EvaluationResult, ModelPerformance, EvaluationSummary and LabelPerformance records, or EvaluationManifest-*/EvaluationResult-* files, not a {item?.BaseObject?.GetType().FullName ?? "null"}."),
                        "InvalidInputObject", ErrorCategory.InvalidArgument, item));
                    break;
            }
        }

        /// <summary>A model from the API: its performance, and the manifest and result it names.</summary>
        private void TakeModel(ModelPerformance model)
        {
            var input = For(model.ProjectName, model.ModelVersion, model.EvaluationManifestUri);
            input.Performance = model;
            if (!string.IsNullOrEmpty(model.EvaluationResultUri) && input.Result == null) input.Result = Sources.ReadResult(model.EvaluationResultUri, input.Name);
            if (input.Images.Count > 0) return;
            var manifest = new ArtifactRequest
            {
                Uris = new[] { model.EvaluationManifestUri ?? string.Empty },
                ProjectNames = new[] { model.ProjectName },
                ModelVersions = new[] { model.ModelVersion },
            };
            ReadManifests(manifest, withResults: false);
        }

        private void ReadManifests(ArtifactRequest request, bool withResults)
        {
            foreach (var source in Sources.Open(request, ArtifactKind.EvaluationManifest))
            {
                using (source)
                {
                    foreach (var image in Sources.ReadImages(source, LabelAttribute)) For(image.ProjectName, image.ModelVersion, source.Name).Images.Add(image);
                }
                if (!withResults) continue;
                string? beside = ArtifactNames.ResultBeside(source.Name);
                if (beside == null || (!S3Uri.IsS3(beside) && !File.Exists(beside))) continue;
                var result = Sources.ReadResult(beside, ArtifactNames.LastSegment(beside));
                if (result != null) For(result.ProjectName, result.ModelVersion).Result ??= result;
            }
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_models.Count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                    "Nothing to report: no evaluation images, results, summaries or models came in. Pipe Get-LfvEvaluationManifest or Measure-LfvEvaluation, or give -ManifestPath, -Uri or -ProjectName."),
                    "NothingToReport", ErrorCategory.InvalidData, null));
            }
            foreach (var model in _models) MeasureMasks(model);
            if (IncludeImages) AddThumbnails();

            var warnings = new List<string>();
            var payload = Stoppable(() => ReportBuilder.Build(Title, _models, new IntervalOptions { Cancel = CancelToken }, new ComparisonOptions { Cancel = CancelToken }, Tolerance, warnings,
                typeof(ExportLfvReportCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"));
            foreach (string warning in warnings) WriteWarning(warning);
            string html = ReportWriter.Html(payload, LoadAssets());

            if (!ShouldProcess(_file, "Write the evaluation report")) return;
            CheckTarget();
            Write(html);
            var info = new FileInfo(_file);
            WriteVerbose($"Wrote the report of {_models.Count} model version(s) to '{_file}' ({info.Length / 1024.0:N0} KiB).");
            // As Get-Item gives it: the FileSystem provider's object, with its Mode, LastWriteTime and Length in the table.
            if (PassThru) WriteObject(InvokeProvider.Item.Get(new[] { _file }, force: true, literalPath: true), enumerateCollection: true);
            if (Show) Open(info.FullName);
        }

        /// <summary>The per-label figures of a segmentation model, when its masks can be read and none were piped in.</summary>
        private void MeasureMasks(ReportModelInput model)
        {
            var first = model.Images.FirstOrDefault(i => i.AnomalyMaskRef.Length > 0);
            if (first == null || model.Labels.Count > 0) return;
            if (!MaskMeasurement.CanRead(_maskRoot, first.Source, first.AnomalyMaskRef))
            {
                WriteWarning($"{model.Name}: the performance per label is left out, since the manifest is a local file and its masks are in S3. Give -MaskRoot <folder> with a copy of the masks' bucket.");
                return;
            }
            using var masks = new MaskMeasurement(this, _maskRoot, MeasureLfvSegmentationCommand.DefaultThrottleLimit, NewProgressActivity());
            masks.Counted = (image, counts) => model.ImageLabels.AddRange(SegmentationMetrics.PerImage(image, counts));
            foreach (var image in model.Images) masks.Add(image);
            masks.Finish();
            var measured = masks.For(model.ProjectName, model.ModelVersion);
            if (measured != null) model.Labels.AddRange(measured.Labels());
        }

        /// <summary>
        /// Thumbnails of the incorrect predictions, then of the worst images per label, at most -ImageLimit in all. An
        /// image that cannot be fetched or decoded is a warning and a placeholder, never a failed report.
        /// </summary>
        private void AddThumbnails()
        {
            int left = ImageLimit, failed = 0;
            foreach (var model in _models)
            {
                var byRef = model.Images.GroupBy(i => i.SourceRef).ToDictionary(g => g.Key, g => g.First());
                var wanted = model.Images.Where(i => !i.IsCorrect).Select(i => i.SourceRef)
                    .Concat(model.ImageLabels.Where(r => r.InGroundTruth || r.Predicted).OrderBy(r => r.IoU).Select(r => r.SourceRef))
                    .Distinct().ToList();
                foreach (string sourceRef in wanted)
                {
                    if (left == 0) break;
                    ThrowIfStopping();
                    left--;
                    var image = byRef[sourceRef];
                    try
                    {
                        model.Thumbnails[sourceRef] = Thumbnail(image);
                    }
                    catch (MaskException e)
                    {
                        model.Thumbnails[sourceRef] = null;
                        if (failed++ < 5) WriteWarning($"{model.Name}: image '{image.ImageName}' is shown as a placeholder: {e.Message}");
                    }
                }
            }
            if (failed > 5) WriteWarning($"{failed} images in all are shown as placeholders.");
            if (left == 0) WriteVerbose($"The report holds {ImageLimit} thumbnails, the most -ImageLimit allows.");
        }

        private string Thumbnail(EvaluationImage image)
        {
            byte[] Fetch(string reference, string? root, string kind, string rootParameter)
            {
                if (!MaskLocator.TryLocate(reference, image.Source, root, out var location, out string error))
                    throw new MaskException("InvalidImageReference", ErrorKind.InvalidData, error);
                var s3 = location.IsS3 ? S3 : null;
                return Await(SegmentationPipeline.FetchAsync(location, s3, image, CancelToken, kind, rootParameter));
            }
            byte[] picture = Fetch(image.SourceRef, _imageRoot, "image", "-ImageRoot");
            byte[]? truth = image.AnomalyMaskRef.Length > 0 ? Fetch(image.AnomalyMaskRef, _maskRoot, "mask", "-MaskRoot") : null;
            byte[]? predicted = image.PredictedAnomalyMaskRef.Length > 0 ? Fetch(image.PredictedAnomalyMaskRef, _maskRoot, "mask", "-MaskRoot") : null;
            return Thumbnails.Render(picture, truth, predicted, ColorMap.Parse(image.AnomalyColorMap), ColorMap.Parse(image.PredictedAnomalyColorMap), image.ImageName);
        }

        private ReportAssets LoadAssets()
        {
            string folder = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(ExportLfvReportCommand).Assembly.Location) ?? ".", "report");
            try
            {
                return ReportAssets.FromFolder(folder);
            }
            catch (FileNotFoundException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "ReportLibraryMissing", ErrorCategory.ObjectNotFound, e.FileName));
                throw;
            }
        }

        /// <summary>Written to a temporary file beside the target, then moved over it: a failure leaves nothing half-written.</summary>
        private void Write(string html)
        {
            string temporary = _file + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            try
            {
                File.WriteAllText(temporary, html, new System.Text.UTF8Encoding(false));
                if (File.Exists(_file))
                {
                    var attributes = File.GetAttributes(_file);
                    if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(_file, attributes & ~FileAttributes.ReadOnly);
                    File.Delete(_file);
                }
                File.Move(temporary, _file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                try { if (File.Exists(temporary)) File.Delete(temporary); } catch (IOException) { }
                ThrowTerminatingError(new ErrorRecord(e, "ReportWriteFailed", e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, Path));
            }
        }

        /// <summary>Opens the file in the default browser, in an interactive session only: a scheduled script never launches one.</summary>
        private void Open(string file)
        {
            bool interactive = Environment.UserInteractive && !Console.IsInputRedirected &&
                !Environment.GetCommandLineArgs().Any(a => a.StartsWith("-NonI", StringComparison.OrdinalIgnoreCase));
            if (!interactive)
            {
                WriteVerbose("-Show does nothing in a non-interactive session.");
                return;
            }
            try
            {
                System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file) { UseShellExecute = true })?.Dispose();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                WriteWarning($"Cannot open '{file}' in a browser: {e.Message}");
            }
        }
    }
}
