using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The one artifact-source mechanism of every reading cmdlet, used by composition: turns -Path, -LiteralPath, -Uri,
    /// -ProjectName and -ModelVersion into opened streams, one at a time, and reads manifests from them. Whatever
    /// cannot be found, opened or described is a non-terminating error naming it, and the rest goes on.
    /// </summary>
    internal sealed class ArtifactSources
    {
        private readonly LfvAwsCmdlet _cmdlet;

        public ArtifactSources(LfvAwsCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>The artifacts AWS.Tools' S3 objects have named so far in this invocation: each is read once.</summary>
        private readonly HashSet<string> _objectsLocated = new HashSet<string>(StringComparer.Ordinal);

        public static string Describe(ArtifactKind kind) => kind == ArtifactKind.EvaluationManifest ? "evaluation manifest" : "evaluation result";

        /// <summary>The artifacts a request names, opened one at a time as the caller gets to them.</summary>
        public IEnumerable<OpenedArtifact> Open(ArtifactRequest request, ArtifactKind kind)
        {
            foreach (var at in Locate(request, kind))
            {
                _cmdlet.WriteVerbose($"Reading the {Describe(kind)} '{at}'.");
                var source = OpenOne(at);
                if (source != null) yield return source;
            }
        }

        /// <summary>
        /// Where the artifacts a request names are, as the caller gets to them: files (wildcards expanded), S3 objects, the
        /// artifacts of the kind below a prefix or matching a pattern (listed a page at a time), or the models DescribeModel
        /// locates. Whatever cannot be located is an error naming it, and the rest goes on.
        /// </summary>
        public IEnumerable<Location> Locate(ArtifactRequest request, ArtifactKind kind)
        {
            if (request.Paths != null)
            {
                foreach (string path in request.Paths)
                {
                    // An s3:// URI is read from S3 wherever a path is taken (-ManifestPath s3://... keeps working).
                    if (Location.IsS3Text(path))
                    {
                        foreach (var s3 in LocateS3(path, kind, ModelForMessages(request.ProjectNames, request.ModelVersions),
                            patterns: true)) yield return s3;
                        continue;
                    }
                    foreach (string file in ResolveFiles(new[] { path }, request.Literal))
                    {
                        _cmdlet.ThrowIfStopping();
                        yield return Location.File(file);
                    }
                }
            }
            else if (request.Uris != null)
            {
                string model = ModelForMessages(request.ProjectNames, request.ModelVersions);
                foreach (string uri in request.Uris)
                {
                    string location = uri;
                    if (request.Objects)
                    {
                        // An S3 object of the other kind names the artifact beside it (a result, its manifest), as Test-LfvEvaluation
                        // takes it; a listing pipes both artifacts of a model, and each is read once.
                        var other = ArtifactNames.KindOf(uri);
                        string? target = other == kind ? uri : other == null ? null
                            : kind == ArtifactKind.EvaluationManifest ? ArtifactNames.ManifestBeside(uri) : ArtifactNames.ResultBeside(uri);
                        if (target == null)
                        {
                            _cmdlet.WriteVerbose($"Passed over '{uri}': it is neither an evaluation manifest nor an evaluation result.");
                            continue;
                        }
                        if (!_objectsLocated.Add(target)) continue;
                        location = target;
                    }
                    // A local copy's artifact (Find-LfvModelArtifact -Path names its files by full path) is read as a file.
                    if (!Location.IsS3Text(uri) && uri.Length > 0 && Path.IsPathRooted(uri))
                    {
                        foreach (string file in ResolveFiles(new[] { uri }, literal: true)) yield return Location.File(file);
                        continue;
                    }
                    foreach (var s3 in LocateS3(location, kind, model, patterns: !request.Objects)) yield return s3;
                }
            }
            else
            {
                foreach (string project in request.ProjectNames ?? Array.Empty<string>())
                {
                    foreach (var model in DescribeModels(project, request.ModelVersions))
                    {
                        string uri = kind == ArtifactKind.EvaluationManifest ? model.EvaluationManifestUri : model.EvaluationResultUri;
                        foreach (var s3 in LocateS3(uri, kind, $"{model.ProjectName}/{model.ModelVersion}", patterns: false, model.Status))
                            yield return s3;
                    }
                }
            }
        }

        /// <summary>
        /// The evaluation results a request names, read whole several at once (a bucket's prefix holds hundreds, each a small
        /// object a round trip away), written in order; one that cannot be read or parsed is an error naming it.
        /// </summary>
        public IEnumerable<EvaluationResultEntry> ReadResults(ArtifactRequest request, int throttleLimit)
        {
            using var reads = new Pump<Location, ResultRead>(ReadResultAsync, throttleLimit, _cmdlet.CancelToken,
                shutdownWait: TimeSpan.FromSeconds(1));
            // What cannot be located (a bad URI, a missing file) is held and takes its place among the reads, so that every error
            // and result comes in the order the request named them.
            var held = new List<ErrorRecord>();
            _held = held;
            try
            {
                using var located = Locate(request, ArtifactKind.EvaluationResult).GetEnumerator();
                while (true)
                {
                    bool more = located.MoveNext();
                    foreach (var error in held) reads.AddResult(new ResultRead(null, null, error));
                    held.Clear();
                    if (!more) break;
                    _cmdlet.ThrowIfStopping();
                    _cmdlet.WriteVerbose($"Reading the evaluation result '{located.Current}'.");
                    _cmdlet.Stores.Prepare(located.Current);
                    reads.Add(located.Current);
                    foreach (var entry in Read(reads.Completed())) yield return entry;
                }
            }
            finally
            {
                _held = null;
            }
            foreach (var entry in Read(reads.Drain())) yield return entry;
        }

        /// <summary>While results are read concurrently: the errors of locating them, held to be written in their place.</summary>
        private List<ErrorRecord>? _held;

        /// <summary>An error of locating or opening an artifact: written, or held in its place while results are read concurrently.</summary>
        private void Error(ErrorRecord error)
        {
            if (_held != null) _held.Add(error);
            else _cmdlet.WriteItemError(error);
        }

        private IEnumerable<EvaluationResultEntry> Read(IEnumerable<ResultRead> done)
        {
            foreach (var read in _cmdlet.Stoppable(done))
            {
                if (read.Record != null) _cmdlet.WriteItemError(read.Record);
                else if (read.Error != null) _cmdlet.WriteItemError(ErrorRecords.From(read.Error));
                else if (read.Entry is { } entry) yield return entry;
            }
        }

        private async System.Threading.Tasks.Task<ResultRead> ReadResultAsync(Location at, System.Threading.CancellationToken cancel)
        {
            try
            {
                byte[] bytes = await _cmdlet.Stores.ReadAllAsync(at, WholeRead.MaxFileBytes, cancel).ConfigureAwait(false);
                using var stream = new MemoryStream(bytes, writable: false);
                return new ResultRead(EvaluationResultReader.Read(stream, at.Text), null);
            }
            catch (LfvException e) when (!e.EndsTheCommand)
            {
                return new ResultRead(null, e);
            }
        }

        /// <summary>An s3:// URI or a file-system path (taken literally).</summary>
        public OpenedArtifact? OpenLocation(string location, ArtifactKind kind, string model)
        {
            if (Location.IsS3Text(location))
            {
                foreach (var at in LocateS3(location, kind, model, patterns: false)) return OpenOne(at);
                return null;
            }
            foreach (string file in ResolveFiles(new[] { location }, literal: true)) return OpenOne(Location.File(file));
            return null;
        }

        /// <summary>One result read: its entry (a result, or the problem of its text), or the error of its read.</summary>
        private sealed class ResultRead
        {
            public ResultRead(EvaluationResultEntry? entry, LfvException? error, ErrorRecord? record = null) =>
                (Entry, Error, Record) = (entry, error, record);

            public EvaluationResultEntry? Entry { get; }
            public LfvException? Error { get; }

            /// <summary>An error of locating it, held in its place.</summary>
            public ErrorRecord? Record { get; }
        }

        /// <summary>The evaluation manifest beside each result (the file or object of the same project and version), opened one at a
        /// time; a result whose name does not say where it is, or whose manifest cannot be opened, is an error naming it.</summary>
        public IEnumerable<OpenedArtifact> ManifestsBeside(IEnumerable<EvaluationResult?>? results)
        {
            foreach (var result in results ?? Array.Empty<EvaluationResult>())
            {
                if (result == null) continue;
                _cmdlet.ThrowIfStopping();
                string? manifest = ArtifactNames.ManifestBeside(result.Source);
                if (manifest == null)
                {
                    Error(ErrorRecords.From(Verification.VerificationCase.ManifestNotLocated(result.Source), result.Source));
                    continue;
                }
                _cmdlet.WriteVerbose($"Reading the evaluation manifest '{manifest}' beside '{result.Source}'.");
                var opened = OpenLocation(manifest, ArtifactKind.EvaluationManifest, $"{result.ProjectName}/{result.ModelVersion}");
                if (opened != null) yield return opened;
            }
        }

        /// <summary>An evaluation result file or object, read whole; one that cannot be opened or read is an error naming it, and null.</summary>
        public EvaluationResult? ReadResult(string location, string model)
        {
            using var source = OpenLocation(location, ArtifactKind.EvaluationResult, model);
            if (source == null) return null;
            var entry = EvaluationResultReader.Read(source.Stream, source.Name);
            if (entry.Problem != null) _cmdlet.WriteProblem(entry.Problem);
            return entry.Result;
        }

        /// <summary>
        /// A folder parameter (-MaskRoot, -ImageRoot) as a full file-system path; one that is not an existing folder ends
        /// the cmdlet, since nothing under it could be found. Null when the parameter was not given.
        /// </summary>
        public static string? ResolveFolder(PSCmdlet cmdlet, string? folder, string parameter)
        {
            if (string.IsNullOrEmpty(folder)) return null;
            string path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(folder);
            if (Directory.Exists(path)) return path;
            cmdlet.ThrowTerminatingError(ErrorRecords.FolderNotFound(parameter, folder!));
            return null;
        }

        /// <summary>Files smaller than this are read on the pipeline thread (about 400 lines of a classification manifest).</summary>
        private const long ReadAheadFrom = 256 << 10;

        /// <summary>
        /// The manifest-reading loop, written once: every image of a manifest as it streams past, each bad line a
        /// non-terminating error (and told to <paramref name="onProblem"/>), progress by bytes, Ctrl+C honoured.
        /// </summary>
        public IEnumerable<EvaluationImage> ReadImages(OpenedArtifact source, string? labelAttribute, Action<DataProblem>? onProblem = null,
            bool groundTruthOnly = false)
        {
            using var progress = _cmdlet.TrackProgress(source.Stream, source.Name);
            // The lines are read and parsed on a second core, a bounded number ahead, while this thread writes records
            // (not for a small file, which is read before a thread would have started).
            bool ahead = !(source.Stream.TotalLength < ReadAheadFrom);
            var warned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in _cmdlet.Stoppable(ReadAhead.Run(ManifestReader.Read(source.Stream, source.Name, labelAttribute, groundTruthOnly),
                _cmdlet.CancelToken, ahead)))
            {
                _cmdlet.ThrowIfStopping();
                if (entry.Image != null)
                {
                    // Said once a file for each kind (the first line's words): a file whose every line repeats a key is one warning.
                    if (entry.Warning is { } w && warned.Add(w.ErrorId)) _cmdlet.WriteItemWarning(w.Message + " Later lines like it are not said.");
                    yield return entry.Image;
                }
                else
                {
                    onProblem?.Invoke(entry.Problem!);
                    _cmdlet.WriteProblem(entry.Problem!);
                }
                progress.Tick();
            }
        }

        /// <summary>
        /// The versions of a project to describe: -ModelVersion's, else every version ListModels pages through, lazily.
        /// A listing that fails is an error naming the project (after <paramref name="beforeError"/>, which lets a caller
        /// write what it holds first, in order), and the versions listed so far stand.
        /// </summary>
        /// <param name="deferError">Given: the listing's error is handed here instead of written, for the caller to write after what it
        /// holds.</param>
        public IEnumerable<string> Versions(string project, string[]? modelVersions,
            Action<System.Management.Automation.ErrorRecord>? deferError = null)
        {
            if (modelVersions != null && modelVersions.Length > 0)
            {
                foreach (string version in modelVersions) yield return version;
                yield break;
            }
            _cmdlet.WriteVerbose($"Listing the models of project '{project}'.");
            using var listed = _cmdlet.LookoutVision.ListAllModels(project, _cmdlet.CancelToken).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!_cmdlet.Stoppable(listed.MoveNext)) yield break;
                }
                catch (LookoutVisionException e)
                {
                    var error = ErrorRecords.From(e, $"Project '{project}'", project);
                    if (deferError != null) deferError(error);
                    else Error(error);
                    yield break;
                }
                yield return listed.Current.ModelVersion;
            }
        }

        /// <summary>DescribeModel calls at once when a project's versions are described for their artifacts.</summary>
        public const int DescribeThrottleLimit = 8;

        /// <summary>DescribeModel for the given versions of a project (every version when none is given), several at once, in order; a
        /// failure is an error naming the model.</summary>
        public IEnumerable<ModelPerformance> DescribeModels(string project, string[]? modelVersions)
        {
            using var calls = NewDescribePump(DescribeThrottleLimit);
            System.Management.Automation.ErrorRecord? listingFailed = null;
            foreach (string version in Versions(project, modelVersions, deferError: e => listingFailed = e))
            {
                _cmdlet.ThrowIfStopping();
                Describe(calls, new ModelName(project, version));
                foreach (var model in Described(calls.Completed())) yield return model;
            }
            // In order: the models described before a listing failed come first, then its error.
            foreach (var model in Described(calls.Drain())) yield return model;
            if (listingFailed != null) Error(listingFailed);
        }

        /// <summary>Starts a DescribeModel call (its client made here, on the pipeline thread, where a settings problem is said).</summary>
        public void Describe(Pump<ModelName, DescribedModel> calls, ModelName name)
        {
            _ = _cmdlet.LookoutVision;
            _cmdlet.WriteVerbose($"Describing model {name}.");
            calls.Add(name);
        }

        /// <summary>The pump of DescribeModel calls (the calls still running when the pipeline ends get a second to see Ctrl+C).</summary>
        public Pump<ModelName, DescribedModel> NewDescribePump(int throttleLimit) =>
            new Pump<ModelName, DescribedModel>(DescribeAsync, throttleLimit, _cmdlet.CancelToken, shutdownWait: TimeSpan.FromSeconds(1));

        private async System.Threading.Tasks.Task<DescribedModel> DescribeAsync(ModelName name, System.Threading.CancellationToken cancel)
        {
            try
            {
                return new DescribedModel(name, await _cmdlet.LookoutVision.DescribeModelAsync(name.Project, name.Version,
                    cancel).ConfigureAwait(false), null);
            }
            catch (LookoutVisionException e)
            {
                return new DescribedModel(name, null, e);
            }
        }

        /// <summary>The models described, in order; each failure is an error naming its model.</summary>
        public IEnumerable<ModelPerformance> Described(IEnumerable<DescribedModel> done)
        {
            _cmdlet.FlushRetryNotes();
            foreach (var d in _cmdlet.Stoppable(done))
            {
                if (d.Error != null) Error(ErrorRecords.From(d.Error, $"Model {d.Name}", d.Name.ToString()));
                _cmdlet.FlushRetryNotes();
                if (d.Model != null) yield return d.Model;
            }
        }

        /// <summary>
        /// The S3 artifacts a URI names: the object, or the artifacts of this kind below a prefix or matching a pattern
        /// (listed a page at a time, as they are read). An empty URI (a model not trained) or a bad URI is an error naming it.
        /// </summary>
        /// <param name="patterns">Whether the key may be a pattern (what a user gives); a URI from an artifact or the service is taken as
        /// it stands.</param>
        private IEnumerable<Location> LocateS3(string uri, ArtifactKind kind, string model, bool patterns, string? status = null)
        {
            _cmdlet.ThrowIfStopping();
            string what = Describe(kind);
            if (string.IsNullOrWhiteSpace(uri))
            {
                Error(ErrorRecords.NoEvaluationArtifact(model, what, status));
                yield break;
            }
            // The settings first: a missing one ends the cmdlet before anything is parsed or read.
            _ = _cmdlet.Stores.S3;
            Location at;
            string error;
            if (patterns ? !Location.TryParseS3(uri, out at, out error) : !Location.TryParseS3Object(uri, out at, out error))
            {
                Error(ErrorRecords.From(new SourceException(ErrorIds.InvalidUri, ErrorKind.InvalidArgument, error, uri)));
                yield break;
            }
            if (!at.IsListing)
            {
                yield return at;
                yield break;
            }
            foreach (var found in List(at, kind)) yield return found.Location;
        }

        /// <summary>
        /// The artifacts of a kind that a prefix or pattern names, lazily; the other objects listed are passed over (their
        /// count said with -Verbose). A listing that finds none, or that fails, is one error that says where it looked.
        /// </summary>
        public IEnumerable<StoredObject> List(Location at, ArtifactKind kind)
        {
            var listing = new Listing();
            _cmdlet.WriteVerbose($"Listing '{at}'.");
            foreach (var found in Listed(at, listing))
            {
                if (ArtifactNames.KindOf(found.Location.Text) != kind)
                {
                    listing.PassedOver++;
                    continue;
                }
                listing.Found++;
                yield return found;
            }
            if (listing.PassedOver > 0) _cmdlet.WriteVerbose($"Passed over {listing.PassedOver:N0} other objects under '{at}'.");
            if (listing.Found == 0 && !listing.Failed) Error(ErrorRecords.From(NothingListed(at, kind)));
        }

        /// <summary>What a folder, prefix or pattern holds, lazily, counted in <paramref name="listing"/>; a listing that fails is one
        /// error, and what was listed stands.</summary>
        public IEnumerable<StoredObject> Listed(Location under, Listing listing)
        {
            using var listed = _cmdlet.Stores.List(under, _cmdlet.CancelToken, n => listing.PassedOver += n).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!_cmdlet.Stoppable(listed.MoveNext)) yield break;
                }
                catch (LfvException e) when (!e.EndsTheCommand)
                {
                    listing.Failed = true;
                    Error(ErrorRecords.From(e));
                    yield break;
                }
                yield return listed.Current;
            }
        }

        /// <summary>
        /// Whether a listed object that a cmdlet is about to read may be read: one that the listing refused (a link out of a folder the
        /// user gave) is said once, and counted as a failure so that "nothing found" does not follow it. Asked only of the objects a
        /// cmdlet wants, so that a link it would pass over anyway costs nothing.
        /// </summary>
        public bool Admitted(StoredObject found, Listing listing)
        {
            if (found.Refused is null) return true;
            listing.Failed = true;
            Error(ErrorRecords.From(found.Refused));
            return false;
        }

        /// <summary>The error of a listing that found no artifact of the kind.</summary>
        private static SourceException NothingListed(Location at, ArtifactKind kind) =>
            new SourceException(ErrorIds.NoArtifactsFound, ErrorKind.ObjectNotFound,
                $"There is no {Describe(kind)} {(at.Kind == LocationKind.S3Pattern ? "matching" : "below")} '{at}': it looked for objects named " +
                $"{ArtifactNames.Pattern(kind)}. Check the bucket and prefix, or list them with Get-S3Object.", at.Text);

        /// <summary>Opens one file or S3 object for streaming, or writes an error naming it and returns null.</summary>
        private OpenedArtifact? OpenOne(Location at)
        {
            try
            {
                var artifact = _cmdlet.Await(_cmdlet.Stores.OpenAsync(at, _cmdlet.CancelToken));
                return artifact;
            }
            catch (LfvException e) when (!e.EndsTheCommand)
            {
                Error(ErrorRecords.From(e));
                return null;
            }
        }

        /// <summary>
        /// Resolves -Path (wildcards) or -LiteralPath to file-system paths. A path that matches nothing, or that is not
        /// in the FileSystem provider, is a non-terminating error, and the other paths go on.
        /// </summary>
        /// <param name="paths">-Path or -LiteralPath.</param>
        /// <param name="literal">Take the paths as written (no wildcards).</param>
        /// <param name="folders">Yield folders too (Import-LfvPrediction reads the files in them), instead of calling them an error.</param>
        public IEnumerable<string> ResolveFiles(string[] paths, bool literal, bool folders = false)
        {
            var pathIntrinsics = _cmdlet.SessionState.Path;
            foreach (string path in paths)
            {
                var resolved = new List<string>();
                try
                {
                    if (literal)
                    {
                        string p = pathIntrinsics.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                        if (!IsFileSystem(provider, path)) continue;
                        if (!File.Exists(p) && !(folders && Directory.Exists(p)))
                        {
                            Error(ErrorRecords.PathNotFound(path, Directory.Exists(p)));
                            continue;
                        }
                        resolved.Add(p);
                    }
                    else
                    {
                        var matches = pathIntrinsics.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                        if (!IsFileSystem(provider, path)) continue;
                        foreach (string p in matches)
                        {
                            if (File.Exists(p) || (folders && Directory.Exists(p))) resolved.Add(p);
                            else if (!WildcardPattern.ContainsWildcardCharacters(path)) Error(ErrorRecords.PathNotFound(path,
                                Directory.Exists(p)));
                        }
                        if (matches.Count == 0) Error(ErrorRecords.PathNotFound(path, false));
                    }
                }
                catch (ItemNotFoundException)
                {
                    Error(ErrorRecords.PathNotFound(path, false));
                    continue;
                }
                catch (Exception e) when (e is PSArgumentException || e is ArgumentException || e is NotSupportedException
                    || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
                {
                    Error(ErrorRecords.InvalidPath(e, path));
                    continue;
                }

                foreach (string p in resolved) yield return p;
            }
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem") return true;
            Error(ErrorRecords.NotAFileSystemPath(path, provider.Name));
            return false;
        }

        private static string ModelForMessages(string[]? project, string[]? version) =>
            project != null && project.Length > 0 ? project[0] + (version != null
                && version.Length > 0 ? "/" + version[0] : string.Empty) : "the model";
    }

    /// <summary>What a listing found, passed over, and whether it failed (its error written).</summary>
    internal sealed class Listing
    {
        public long Found { get; set; }
        public long PassedOver { get; set; }
        public bool Failed { get; set; }
    }
}
