using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>Where artifacts come from, as a cmdlet's source parameters say it: exactly one of the three is set.</summary>
    internal sealed class ArtifactRequest
    {
        /// <summary>-Path (wildcards) or -LiteralPath.</summary>
        public string[]? Paths { get; set; }

        public bool Literal { get; set; }

        /// <summary>-Uri: s3:// URIs.</summary>
        public string[]? Uris { get; set; }

        /// <summary>-ProjectName: the projects whose models DescribeModel locates (with -Uri, names the model in messages).</summary>
        public string[]? ProjectNames { get; set; }

        /// <summary>-ModelVersion: numbers or 'latest'; every version when empty.</summary>
        public string[]? ModelVersions { get; set; }

        /// <summary>The request of a cmdlet's bound source parameters, in its parameter set Path, LiteralPath, Uri or Model.</summary>
        public static ArtifactRequest For(string parameterSet, string[]? path, string[]? literalPath, string[]? uri, string[]? projectName, string[]? modelVersion) =>
            new ArtifactRequest
            {
                Paths = parameterSet == "Path" ? path : parameterSet == "LiteralPath" ? literalPath : null,
                Literal = parameterSet == "LiteralPath",
                Uris = parameterSet == "Uri" ? uri : null,
                ProjectNames = projectName,
                ModelVersions = modelVersion,
            };
    }

    /// <summary>An opened artifact: its stream, its name for messages and records, and what to dispose.</summary>
    internal sealed class Source : IDisposable
    {
        private readonly IDisposable _owner;

        public Source(CountingStream stream, string name, IDisposable owner)
        {
            Stream = stream;
            Name = name;
            _owner = owner;
        }

        public CountingStream Stream { get; }
        public string Name { get; }

        public void Dispose() => _owner.Dispose();
    }

    /// <summary>
    /// The one artifact-source mechanism of every reading cmdlet, used by composition: turns -Path, -LiteralPath, -Uri,
    /// -ProjectName and -ModelVersion into opened streams, one at a time, and reads manifests from them. Whatever
    /// cannot be found, opened or described is a non-terminating error naming it, and the rest goes on.
    /// </summary>
    internal sealed class ArtifactSources
    {
        private readonly LfvAwsCmdlet _cmdlet;

        public ArtifactSources(LfvAwsCmdlet cmdlet) => _cmdlet = cmdlet;

        public static string Describe(ArtifactKind kind) => kind == ArtifactKind.EvaluationManifest ? "evaluation manifest" : "evaluation result";

        /// <summary>The artifacts a request names, opened one at a time as the caller gets to them.</summary>
        public IEnumerable<Source> Open(ArtifactRequest request, ArtifactKind kind)
        {
            string what = Describe(kind);
            if (request.Paths != null)
            {
                foreach (string path in request.Paths)
                {
                    // An s3:// URI is read from S3 wherever a path is taken (-ManifestPath s3://... keeps working).
                    if (S3Uri.IsS3(path))
                    {
                        var s3 = OpenS3(path, what, ModelForMessages(request.ProjectNames, request.ModelVersions));
                        if (s3 != null) yield return s3;
                        continue;
                    }
                    foreach (string file in ResolveFiles(new[] { path }, request.Literal))
                    {
                        _cmdlet.ThrowIfStopping();
                        _cmdlet.WriteVerbose($"Reading the {what} '{file}'.");
                        var source = OpenFile(file);
                        if (source != null) yield return source;
                    }
                }
            }
            else if (request.Uris != null)
            {
                string model = ModelForMessages(request.ProjectNames, request.ModelVersions);
                foreach (string uri in request.Uris)
                {
                    var source = OpenS3(uri, what, model);
                    if (source != null) yield return source;
                }
            }
            else
            {
                foreach (string project in request.ProjectNames ?? Array.Empty<string>())
                {
                    foreach (var model in DescribeModels(project, request.ModelVersions))
                    {
                        string uri = kind == ArtifactKind.EvaluationManifest ? model.EvaluationManifestUri : model.EvaluationResultUri;
                        var source = OpenS3(uri, what, $"{model.ProjectName}/{model.ModelVersion}", model.Status);
                        if (source != null) yield return source;
                    }
                }
            }
        }

        /// <summary>An s3:// URI or a file-system path (taken literally).</summary>
        public Source? OpenLocation(string location, ArtifactKind kind, string model)
        {
            if (S3Uri.IsS3(location)) return OpenS3(location, Describe(kind), model);
            foreach (string file in ResolveFiles(new[] { location }, literal: true)) return OpenFile(file);
            return null;
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
        public IEnumerable<EvaluationImage> ReadImages(Source source, string? labelAttribute, Action<DataProblem>? onProblem = null)
        {
            using var progress = _cmdlet.TrackProgress(source.Stream, source.Name);
            // The lines are read and parsed on a second core, a bounded number ahead, while this thread writes records
            // (not for a small file, which is read before a thread would have started).
            bool ahead = !(source.Stream.TotalLength < ReadAheadFrom);
            foreach (var entry in _cmdlet.Stoppable(ReadAhead.Run(ManifestReader.Read(source.Stream, source.Name, labelAttribute), _cmdlet.CancelToken, ahead)))
            {
                _cmdlet.ThrowIfStopping();
                if (entry.Image != null)
                {
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
        public IEnumerable<string> Versions(string project, string[]? modelVersions, Action? beforeError = null)
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
                    beforeError?.Invoke();
                    _cmdlet.WriteError(ErrorRecords.From(e, $"Project '{project}'", project));
                    yield break;
                }
                yield return listed.Current.ModelVersion;
            }
        }

        /// <summary>DescribeModel for the given versions of a project (every version when none is given); a failure is an error naming the model.</summary>
        public IEnumerable<ModelPerformance> DescribeModels(string project, string[]? modelVersions)
        {
            foreach (string version in Versions(project, modelVersions))
            {
                _cmdlet.ThrowIfStopping();
                ModelPerformance? model = null;
                try
                {
                    _cmdlet.WriteVerbose($"Describing model {project}/{version}.");
                    model = _cmdlet.Await(_cmdlet.LookoutVision.DescribeModelAsync(project, version, _cmdlet.CancelToken));
                }
                catch (LookoutVisionException e)
                {
                    _cmdlet.WriteError(ErrorRecords.From(e, $"Model {project}/{version}", project + "/" + version));
                }
                _cmdlet.FlushRetryNotes();
                if (model != null) yield return model;
            }
        }

        /// <summary>Opens an S3 artifact; an empty URI (a model not trained) or a failed read is an error naming it, and null.</summary>
        private Source? OpenS3(string uri, string what, string model, string? status = null)
        {
            _cmdlet.ThrowIfStopping();
            if (string.IsNullOrWhiteSpace(uri))
            {
                _cmdlet.WriteError(ErrorRecords.NoEvaluationArtifact(model, what, status));
                return null;
            }
            try
            {
                _cmdlet.WriteVerbose($"Reading the {what} '{uri}'.");
                var artifact = _cmdlet.Await(_cmdlet.S3.OpenAsync(uri, _cmdlet.CancelToken));
                return new Source(artifact.Stream, uri, artifact);
            }
            catch (S3ArtifactException e)
            {
                _cmdlet.WriteError(ErrorRecords.From(e));
                return null;
            }
        }

        /// <summary>Opens a local file for streaming reads, or writes an error naming it and returns null.</summary>
        private Source? OpenFile(string path)
        {
            try
            {
                var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
                var stream = new CountingStream(fs, fs.Length);
                return new Source(stream, path, stream);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                _cmdlet.WriteError(ErrorRecords.FileUnreadable(e, path));
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
                            _cmdlet.WriteError(ErrorRecords.PathNotFound(path, Directory.Exists(p)));
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
                            else if (!WildcardPattern.ContainsWildcardCharacters(path)) _cmdlet.WriteError(ErrorRecords.PathNotFound(path, Directory.Exists(p)));
                        }
                        if (matches.Count == 0) _cmdlet.WriteError(ErrorRecords.PathNotFound(path, false));
                    }
                }
                catch (ItemNotFoundException)
                {
                    _cmdlet.WriteError(ErrorRecords.PathNotFound(path, false));
                    continue;
                }
                catch (Exception e) when (e is PSArgumentException || e is ArgumentException || e is NotSupportedException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
                {
                    _cmdlet.WriteError(ErrorRecords.InvalidPath(e, path));
                    continue;
                }

                foreach (string p in resolved) yield return p;
            }
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem") return true;
            _cmdlet.WriteError(ErrorRecords.NotAFileSystemPath(path, provider.Name));
            return false;
        }

        private static string ModelForMessages(string[]? project, string[]? version) =>
            project != null && project.Length > 0 ? project[0] + (version != null && version.Length > 0 ? "/" + version[0] : string.Empty) : "the model";
    }
}
