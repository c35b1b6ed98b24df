using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;
using LookoutMetrics.Succession;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The prediction-reading mechanism of Import-LfvPrediction, used by composition: files, folders and S3 prefixes
    /// are listed on the pipeline thread and each prediction file is read and parsed on the thread pool, up to the
    /// throttle limit at once, and taken back in order for the <see cref="PredictionPairer"/>. A file that cannot be
    /// read or parsed is an error naming it, and every other file is kept.
    /// </summary>
    internal sealed class PredictionImport : IDisposable
    {
        /// <summary>Prediction files are small and S3 latency dominates: many requests in flight pay.</summary>
        public const int DefaultThrottleLimit = 32;

        private static readonly HashSet<string> PredictionExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".out", ".json", ".jsonl", ".manifest", ".csv" };

        private readonly LfvAwsCmdlet _cmdlet;
        private readonly PredictionOptions _options;
        private readonly OrderedWork<Read> _work = new OrderedWork<Read>(TimeSpan.FromSeconds(2));
        private readonly SemaphoreSlim _throttle;
        private readonly int _throttleLimit;
        private readonly HashSet<string> _submittedFiles = new HashSet<string>(StringComparer.Ordinal);
        private readonly ProgressMeter _progress;
        private long _done;

        public PredictionImport(LfvAwsCmdlet cmdlet, PredictionOptions options, int throttleLimit, int activityId)
        {
            _cmdlet = cmdlet;
            _options = options;
            _throttleLimit = throttleLimit;
            _throttle = new SemaphoreSlim(throttleLimit, throttleLimit);
            _progress = new ProgressMeter(cmdlet, activityId, "Reading predictions", () => _done, () => null, ProgressMeter.Count, "files", firstAtOnce: false);
        }

        /// <summary>The -GroundTruth's location: never read as predictions, even when it lies in the folder given.</summary>
        public string? Skip { get; set; }

        /// <summary>Every prediction read so far, in the order of the files and their lines.</summary>
        public List<Prediction> Predictions { get; } = new List<Prediction>();

        private string? _root, _common;
        private bool _commonIsFile;

        /// <summary>Files and folders (every prediction file below them); wildcards are expanded unless <paramref name="literal"/>.</summary>
        public void AddPaths(string[] paths, bool literal, ArtifactSources sources)
        {
            foreach (string path in paths)
            {
                if (S3Uri.IsS3(path))
                {
                    AddUris(new[] { path });
                    continue;
                }
                foreach (string found in sources.ResolveFiles(new[] { path }, literal, folders: true))
                {
                    if (!Directory.Exists(found))
                    {
                        Submit(found, System.IO.Path.GetFileName(found), s3: null);
                        continue;
                    }
                    _root ??= found;
                    IEnumerable<string> files;
                    try
                    {
                        // Sorted: the order of the predictions, and so of any message about them, is the same on every run.
                        var all = new List<string>(Directory.EnumerateFiles(found, "*", SearchOption.AllDirectories));
                        all.Sort(StringComparer.Ordinal);
                        files = all;
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        _cmdlet.WriteError(ErrorRecords.FileUnreadable(e, found));
                        continue;
                    }
                    foreach (string file in files)
                    {
                        if (!Wanted(file)) continue;
                        Submit(file, file.Substring(found.Length).TrimStart(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar).Replace('\\', '/'), s3: null);
                    }
                }
            }
        }

        /// <summary>s3:// objects, or prefixes: every prediction object below one, listed a page at a time while earlier pages are read.</summary>
        public void AddUris(string[] uris)
        {
            foreach (string uri in uris)
            {
                string text = (uri ?? string.Empty).Trim();
                int slash = text.Length > 5 ? text.IndexOf('/', 5) : -1;
                if (!S3Uri.IsS3(text) || slash < 0 && text.Length <= 5)
                {
                    _cmdlet.WriteError(ErrorRecords.From(new S3ArtifactException(text, "InvalidUri", 0, $"'{text}' is not an S3 URI. Give s3://bucket/prefix/ or s3://bucket/key, or a local folder with -Path.")));
                    continue;
                }
                string bucket = slash < 0 ? text.Substring(5) : text.Substring(5, slash - 5);
                string key = slash < 0 ? string.Empty : text.Substring(slash + 1);
                var s3 = _cmdlet.S3;
                string folder = key.Length == 0 || key.EndsWith("/", StringComparison.Ordinal) ? key : key + "/";
                long found = 0;
                bool failed = false;
                string? token = null;
                do
                {
                    List<string> keys;
                    try
                    {
                        _cmdlet.WriteVerbose($"Listing '{S3Uri.Format(bucket, key)}'.");
                        (keys, token) = _cmdlet.Await(s3.ListPageAsync(bucket, key, token, _cmdlet.CancelToken));
                    }
                    catch (S3ArtifactException e)
                    {
                        _cmdlet.WriteError(ErrorRecords.From(e));
                        failed = true;
                        break;
                    }
                    foreach (string k in keys)
                    {
                        bool exact = k == key;
                        if (!exact && !k.StartsWith(folder, StringComparison.Ordinal)) continue; // s3://b/preds also lists preds2/
                        if (!exact && !Wanted(k)) continue;
                        found++;
                        if (!exact) _root ??= S3Uri.Format(bucket, folder);
                        Submit(S3Uri.Format(bucket, k), exact ? k.Substring(k.LastIndexOf('/') + 1) : k.Substring(folder.Length), s3);
                    }
                } while (token != null);
                if (found == 0 && !failed)
                    _cmdlet.WriteError(ErrorRecords.From(new S3ArtifactException(text, "NoSuchKey", 404, $"There is no prediction object at or below '{text}'. Check the bucket and prefix (a prefix lists the .out, .json, .jsonl and .csv objects below it).")));
            }
        }

        /// <summary>
        /// The successor's name when -ModelName is not given: the first folder or prefix given, else a single file of many
        /// predictions by its name ('anomalib.csv' is 'anomalib'), else the folder all the files are below ('./runs/sagemaker-1' with its anomaly/ and
        /// normal/ folders is 'sagemaker-1').
        /// </summary>
        public string DefaultName()
        {
            if (_root != null)
            {
                var root = PredictionPairer.Segments(_root);
                if (root.Length > 0) return root[root.Length - 1];
            }
            var segments = PredictionPairer.Segments(_common ?? string.Empty);
            if (segments.Length == 0) return "successor";
            string leaf = segments[segments.Length - 1];
            if (!_commonIsFile) return leaf;
            if (Predictions.Count > 1) return System.IO.Path.GetFileNameWithoutExtension(leaf);
            return segments.Length > 1 ? segments[segments.Length - 2] : System.IO.Path.GetFileNameWithoutExtension(leaf);
        }

        /// <summary>Narrows the folder every file read so far is below (or the one file, while there is only one).</summary>
        private void Common(string location)
        {
            if (_common == null)
            {
                _common = location;
                _commonIsFile = true;
                return;
            }
            int length = 0, lastSeparator = -1;
            while (length < _common.Length && length < location.Length && _common[length] == location[length])
            {
                if (_common[length] == '/' || _common[length] == '\\') lastSeparator = length;
                length++;
            }
            // '/a/b' and '/a/b/c' share '/a/b' itself.
            if (length == _common.Length && length < location.Length && (location[length] == '/' || location[length] == '\\')) lastSeparator = length;
            _common = lastSeparator < 0 ? string.Empty : _common.Substring(0, lastSeparator);
            _commonIsFile = false;
        }

        /// <summary>Waits for every file still being read and pairs its predictions.</summary>
        public void Finish()
        {
            Take(0);
            _progress.Dispose();
        }

        /// <summary>Below a folder or prefix, Auto reads the files of the prediction formats (not the images beside them).</summary>
        /// <remarks>
        /// Lookout for Vision's own artifacts (an evaluation manifest or result beside the batch output, the -GroundTruth
        /// itself) are never a successor's predictions, whatever -Format says: they are left out, with a -Verbose line.
        /// </remarks>
        private bool Wanted(string name)
        {
            if (IO.ArtifactNames.KindOf(name) != null)
            {
                _cmdlet.WriteVerbose($"Left out '{name}': it is a Lookout for Vision artifact, not a successor's prediction.");
                return false;
            }
            return _options.Format != PredictionFormat.Auto || PredictionExtensions.Contains(System.IO.Path.GetExtension(name));
        }

        private void Submit(string location, string relativeName, S3ArtifactStore? s3)
        {
            _cmdlet.ThrowIfStopping();
            if (string.Equals(location, Skip, StringComparison.Ordinal))
            {
                _cmdlet.WriteVerbose($"Left out '{location}': it is the -GroundTruth.");
                return;
            }
            if (!_submittedFiles.Add(location)) return;
            Common(location);
            var cancel = _cmdlet.CancelToken;
            _work.Add(Task.Run(async () =>
            {
                await _throttle.WaitAsync(cancel).ConfigureAwait(false);
                try
                {
                    byte[] bytes = s3 != null ? await s3.ReadAllAsync(location, cancel).ConfigureAwait(false) : File.ReadAllBytes(location);
                    return new Read(location, PredictionReader.Read(bytes, location, relativeName, _options), null);
                }
                catch (S3ArtifactException e)
                {
                    return new Read(location, null, e);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    return new Read(location, null, e);
                }
                finally
                {
                    _throttle.Release();
                }
            }, cancel));
            Take(4 * _throttleLimit);
        }

        private void Take(int maxPending)
        {
            foreach (var read in _cmdlet.Stoppable(_work.Completed(maxPending)))
            {
                _done++;
                if (read.Failure is S3ArtifactException s3) _cmdlet.WriteError(ErrorRecords.From(s3));
                else if (read.Failure != null) _cmdlet.WriteError(ErrorRecords.FileUnreadable(read.Failure, read.Location));
                foreach (var entry in read.Entries ?? new List<PredictionEntry>())
                {
                    if (entry.Prediction != null) Predictions.Add(entry.Prediction);
                    else _cmdlet.WriteProblem(entry.Problem!);
                }
                _progress.Tick();
            }
        }

        public void Dispose()
        {
            _work.Dispose();
            _throttle.Dispose();
        }

        private sealed class Read
        {
            public Read(string location, List<PredictionEntry>? entries, Exception? failure)
            {
                Location = location;
                Entries = entries;
                Failure = failure;
            }

            public string Location { get; }
            public List<PredictionEntry>? Entries { get; }
            public Exception? Failure { get; }
        }
    }
}
