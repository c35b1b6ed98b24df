using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Reports;
using LookoutMetrics.Segmentation;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Export-LfvReport's gathering, used by composition: pipeline objects and files into <see cref="ReportInputs"/>,
    /// the artifacts a model from the API names, the masks <see cref="ReportPlan"/> says to measure, and the thumbnails
    /// it chooses. What to gather is Core's rule; this class does the reading, through the cmdlet's sources and clients.
    /// </summary>
    internal sealed class ReportGatherer
    {
        private readonly LfvAwsCmdlet _cmdlet;
        private readonly ManifestReading _manifests;
        private readonly ArtifactSources _sources;
        private readonly ReportInputs _inputs = new ReportInputs();

        /// <summary>The manifests read for artifacts and S3 objects: a listing pipes a model's manifest and result, read once.</summary>
        private readonly HashSet<string> _manifestsTaken = new HashSet<string>(System.StringComparer.Ordinal);

        public ReportGatherer(LfvAwsCmdlet cmdlet, ManifestReading manifests, ArtifactSources sources) =>
            (_cmdlet, _manifests, _sources) = (cmdlet, manifests, sources);

        public IReadOnlyList<ReportModelInput> Models => _inputs.Models;

        /// <summary>Each model's lines left out of the manifests it was read from, as its summary will say.</summary>
        public void CountLeftOut()
        {
            foreach (var model in _inputs.Models)
                (model.LinesLeftOut, model.LeftOutReason) = _manifests.Problems.For(System.Linq.Enumerable.Select(model.Images, i => i.Source));
        }

        private ArtifactSources Sources => _sources;

        public void Take(object? item)
        {
            switch (_inputs.Take(item))
            {
                case ReportItem.ManifestFile:
                    ReadManifests(Sources.Open(new ArtifactRequest { Paths = new[] { ((FileInfo)item!).FullName }, Literal = true },
                        ArtifactKind.EvaluationManifest), withResults: true);
                    break;
                case ReportItem.ResultFile:
                    var result = Sources.ReadResult(((FileInfo)item!).FullName, ((FileInfo)item).Name);
                    if (result != null) _inputs.Add(result);
                    break;
                case ReportItem.Model:
                    TakeModel((ModelPerformance)item!);
                    break;
                case ReportItem.Artifact:
                    TakeArtifact((ModelArtifact)item!);
                    break;
                case ReportItem.Unknown when PipedArtifacts.S3ObjectUri(item) is { } uri:
                    if (PipedArtifacts.ManifestAndResult(uri) is { } pair) TakeArtifact(pair.Manifest, pair.Result);
                    else _cmdlet.WriteVerbose($"Passed over '{uri}': it is neither an evaluation manifest nor an evaluation result.");
                    break;
                case ReportItem.Unknown:
                    _cmdlet.WriteItemError(ErrorRecords.InvalidInputObject("Export-LfvReport", ReportInputs.Takes, item));
                    break;
            }
        }

        /// <summary>A model from the API: its performance, and the result and manifest it names.</summary>
        public void TakeModel(ModelPerformance model)
        {
            var input = _inputs.Add(model);
            if (ReportInputs.ResultToRead(input) is { } result) input.Result = Sources.ReadResult(result, input.Name);
            if (!ReportInputs.NeedsManifest(input)) return;
            var manifest = new ArtifactRequest { Uris = new[] { model.EvaluationManifestUri ?? string.Empty },
                ProjectNames = new[] { model.ProjectName }, ModelVersions = new[] { model.ModelVersion } };
            ReadManifests(Sources.Open(manifest, ArtifactKind.EvaluationManifest), withResults: false);
        }

        /// <summary>A model version found in a bucket: its result and its manifest (one that lacks either is an error naming it).</summary>
        private void TakeArtifact(ModelArtifact artifact)
        {
            string model = artifact.ProjectName + "/" + artifact.ModelVersion;
            if (artifact.ManifestUri.Length == 0)
            {
                _cmdlet.WriteItemError(ErrorRecords.NoEvaluationArtifact(model, "evaluation manifest", null));
                if (artifact.ResultUri.Length > 0 && Sources.ReadResult(artifact.ResultUri, model) is { } alone) _inputs.Add(alone);
                return;
            }
            TakeArtifact(artifact.ManifestUri, artifact.ResultUri.Length > 0 ? artifact.ResultUri : null);
        }

        /// <summary>A manifest (a file or object), and its result: the one given, else the one beside it where there is one.</summary>
        private void TakeArtifact(string manifest, string? result)
        {
            if (!_manifestsTaken.Add(manifest)) return;
            string model = ArtifactNames.LastSegment(manifest);
            using (var source = Sources.OpenLocation(manifest, ArtifactKind.EvaluationManifest, model))
            {
                if (source != null) ReadManifests(new[] { source }, withResults: false);
            }
            string? resultAt = result ?? ArtifactNames.ResultBeside(manifest);
            if (resultAt != null && Sources.ReadResult(resultAt, model) is { } read) _inputs.Add(read);
        }

        public void ReadManifests(IEnumerable<OpenedArtifact> manifests, bool withResults)
        {
            foreach (var source in manifests)
            {
                using (source)
                {
                    foreach (var image in _manifests.ReadImages(source)) _inputs.Add(image, source.Name);
                }
                if (withResults && ReportInputs.ResultBeside(source.Name, File.Exists) is { } beside && Sources.ReadResult(beside,
                    ArtifactNames.LastSegment(beside)) is { } result)
                    _inputs.Add(result);
            }
        }

        /// <summary>The per-label figures of a segmentation model, when its masks can be read and none were piped in.</summary>
        public void MeasureMasksOf(ReportModelInput model)
        {
            if (ReportPlan.MasksToMeasure(model) is not { } first) return;
            if (!MaskPlan.CanRead(_manifests.MaskFolder, first.Source, MaskPlan.AnyMask(first)))
            {
                _cmdlet.WriteItemWarning(MaskPlan.Unreadable(model.Name, "the performance per label is left out", string.Empty));
                return;
            }
            using var masks = _manifests.MeasureMasks(ManifestReading.DefaultThrottleLimit);
            masks.Counted = (image, counts) => model.ImageLabels.AddRange(SegmentationMetrics.PerImage(image, counts));
            foreach (var image in model.Images) masks.Add(image);
            masks.Finish();
            if (masks.For(model.ProjectName, model.ModelVersion) is { } measured) model.Labels.AddRange(measured.Labels());
        }

        /// <summary>The thumbnails ReportPlan chooses. An image that cannot be fetched or decoded is a warning and a placeholder, never a
        /// failed report.</summary>
        public void AddThumbnails(string? imageRoot, int limit)
        {
            var chosen = ReportPlan.Thumbnails(_inputs.Models, limit);
            int failed = 0;
            // Located on this thread (a reference that cannot be is a placeholder; S3 made ready here), rendered in parallel.
            using var pump = new Pump<Thumbnail, Thumbnail>(RenderAsync, ManifestReading.DefaultThrottleLimit, _cmdlet.CancelToken);
            void Take(IEnumerable<Thumbnail> done)
            {
                foreach (var t in _cmdlet.Stoppable(done))
                {
                    t.Model.Thumbnails[t.Image.SourceRef] = t.Uri;
                    if (t.Problem != null && failed++ < ReportPlan.PlaceholderWarnings)
                        _cmdlet.WriteItemWarning($"{t.Model.Name}: image '{t.Image.ImageName}' is shown as a placeholder: {t.Problem.Message}");
                }
            }
            foreach (var (model, image) in chosen)
            {
                _cmdlet.ThrowIfStopping();
                var thumbnail = new Thumbnail(model, image);
                try
                {
                    thumbnail.At = Thumbnails.Locate(image, imageRoot, _manifests.MaskFolder);
                    _cmdlet.Stores.Prepare(thumbnail.At.Value.Picture, thumbnail.At.Value.Truth, thumbnail.At.Value.Predicted);
                    pump.Add(thumbnail);
                }
                catch (MaskException e)
                {
                    thumbnail.Problem = e;
                    pump.AddResult(thumbnail);
                }
                Take(pump.Completed());
            }
            Take(pump.Drain());
            if (failed > ReportPlan.PlaceholderWarnings) _cmdlet.WriteItemWarning($"{failed} images in all are shown as placeholders.");
            if (chosen.Count == limit) _cmdlet.WriteVerbose($"The report holds {limit} thumbnails, the most -ImageLimit allows.");
        }

        private async System.Threading.Tasks.Task<Thumbnail> RenderAsync(Thumbnail t, System.Threading.CancellationToken cancel)
        {
            try
            {
                t.Uri = await Thumbnails.RenderAsync(t.Image, t.At!.Value, _cmdlet.Stores, cancel).ConfigureAwait(false);
            }
            catch (MaskException e)
            {
                t.Problem = e;
            }
            return t;
        }

        /// <summary>One thumbnail: whose, where its picture and masks are, and what became of it.</summary>
        private sealed class Thumbnail
        {
            public Thumbnail(ReportModelInput model, EvaluationImage image) => (Model, Image) = (model, image);

            public ReportModelInput Model { get; }
            public EvaluationImage Image { get; }
            public (Sources.Location Picture, Sources.Location? Truth, Sources.Location? Predicted)? At { get; set; }
            public string? Uri { get; set; }
            public MaskException? Problem { get; set; }
        }
    }
}
