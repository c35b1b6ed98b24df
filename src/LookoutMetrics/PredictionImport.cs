using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Succession;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The prediction-reading mechanism of Import-LfvPrediction, used by composition: files, folders and S3 prefixes
    /// are listed on the pipeline thread through the stores, and each prediction file is read and parsed by the
    /// <see cref="Pump{TIn,TOut}"/>, up to the throttle limit at once, and taken back in order for the
    /// <see cref="PredictionPairer"/>. A file that cannot be read or parsed is an error naming it, and every other file
    /// is kept.
    /// </summary>
    internal sealed class PredictionImport : IDisposable
    {
        /// <summary>Prediction files are small and S3 latency dominates: many requests in flight pay.</summary>
        public const int DefaultThrottleLimit = 32;

        private static readonly HashSet<string> PredictionExtensions =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".out", ".json", ".jsonl", ".manifest", ".csv" };

        private readonly LfvAwsCmdlet _cmdlet;
        private readonly PredictionOptions _options;
        private readonly Pump<PredictionFile, Read> _pump;
        private readonly HashSet<string> _submittedFiles = new HashSet<string>(StringComparer.Ordinal);
        private readonly ProgressMeter _progress;
        private readonly SuccessorName _name = new SuccessorName();
        private long _done;

        private readonly ArtifactSources _sources;

        public PredictionImport(LfvAwsCmdlet cmdlet, ArtifactSources sources, PredictionOptions options, int throttleLimit, int activityId)
        {
            _cmdlet = cmdlet;
            _sources = sources;
            _options = options;
            _pump = new Pump<PredictionFile, Read>(ReadAsync, throttleLimit, cmdlet.CancelToken);
            _progress = new ProgressMeter(cmdlet, activityId, "Reading predictions", () => _done, () => null, ProgressMeter.Count, "files",
                firstAtOnce: false);
        }

        /// <summary>The -GroundTruth's location: never read as predictions, even when it lies in the folder given.</summary>
        public string? Skip { get; set; }

        /// <summary>Every prediction read so far, in the order of the files and their lines.</summary>
        public List<Prediction> Predictions { get; } = new List<Prediction>();

        /// <summary>Files and folders (every prediction file below them); wildcards are expanded unless <paramref name="literal"/>.</summary>
        public void AddPaths(string[] paths, bool literal)
        {
            foreach (string path in paths)
            {
                if (Location.IsS3Text(path))
                {
                    AddUris(new[] { path });
                    continue;
                }
                foreach (string found in _sources.ResolveFiles(new[] { path }, literal, folders: true))
                {
                    var at = Location.File(found);
                    if (!Directory.Exists(found))
                    {
                        Submit(at, at.Name);
                        continue;
                    }
                    _name.AddRoot(found);
                    var listing = new Listing();
                    foreach (var file in _sources.Listed(at, listing))
                    {
                        string relative = file.Location.Text.Substring(found.Length).TrimStart('/', '\\').Replace('\\', '/');
                        if (Wanted(file.Location.Text) && _sources.Admitted(file, listing)) Submit(file.Location, relative);
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
                if (!Location.TryParseS3(text, out var at, out _))
                {
                    _cmdlet.WriteItemError(ErrorRecords.From(new SourceException(ErrorIds.InvalidUri, ErrorKind.InvalidArgument,
                        $"'{text}' is not an S3 URI. Give s3://bucket/prefix/ or s3://bucket/key, or a local folder with -Path.", text)));
                    continue;
                }
                _ = _cmdlet.Stores.S3;
                // s3://b/preds is the object 'preds' and the folder 'preds/' (never 'preds2/'), in one listing.
                bool isObject = at.Kind == LocationKind.S3Object;
                var under = isObject ? Location.Below(at.Bucket, at.Key) : at;
                string folder = isObject ? at.Key + "/" : at.ListPrefix.Substring(0, at.ListPrefix.LastIndexOf('/') + 1);
                long found = 0;
                var listing = new Listing();
                _cmdlet.WriteVerbose($"Listing '{text}'.");
                foreach (var file in _sources.Listed(under, listing))
                {
                    string k = file.Location.Key;
                    bool exact = isObject && k == at.Key;
                    if (!exact && !k.StartsWith(folder, StringComparison.Ordinal)) continue;
                    string relative = exact ? file.Location.Name : k.Substring(folder.Length);
                    if (!exact && !Wanted(k)) continue;
                    found++;
                    if (!exact) _name.AddRoot(S3Uri.Format(at.Bucket, folder));
                    Submit(file.Location, relative);
                }
                if (found == 0 && !listing.Failed)
                    _cmdlet.WriteItemError(ErrorRecords.From(new SourceException(ErrorIds.S3ObjectNotFound, ErrorKind.ObjectNotFound,
                        $"There is no prediction object at or below '{text}'. Check the bucket and prefix (a prefix lists the .out, " +
                            $".json, .jsonl and .csv objects below it).", text)));
            }
        }

        /// <summary>The successor's name when -ModelName is not given (<see cref="SuccessorName"/>).</summary>
        public string DefaultName() => _name.Of(Predictions.Count);

        /// <summary>One successor's records, with its errors, warnings and summary (ground truth is all its test set needed: a
        /// labels-only manifest is one).</summary>
        public void Write(SuccessorImport import)
        {
            foreach (var error in import.Errors) _cmdlet.WriteItemError(ErrorRecords.From(error, import.Title));
            foreach (string warning in import.Warnings) _cmdlet.WriteItemWarning(warning);
            _cmdlet.WriteVerbose(import.Summary);
            foreach (var image in import.Images) _cmdlet.WriteAwsObject(image);
        }

        /// <summary>Waits for every file still being read and pairs its predictions.</summary>
        public void Finish()
        {
            Take(_pump.Drain());
            _progress.Dispose();
        }

        /// <summary>Below a folder or prefix, Auto reads the files of the prediction formats (not the images beside them).</summary>
        /// <remarks>
        /// Lookout for Vision's own artifacts (an evaluation manifest or result beside the batch output, the -GroundTruth
        /// itself) are never a successor's predictions, whatever -Format says: they are left out, with a -Verbose line.
        /// </remarks>
        private bool Wanted(string name)
        {
            if (ArtifactNames.KindOf(name) != null)
            {
                _cmdlet.WriteVerbose($"Left out '{name}': it is a Lookout for Vision artifact, not a successor's prediction.");
                return false;
            }
            return _options.Format != PredictionFormat.Auto || PredictionExtensions.Contains(Path.GetExtension(name));
        }

        private void Submit(Location location, string relativeName)
        {
            _cmdlet.ThrowIfStopping();
            if (string.Equals(location.Text, Skip, StringComparison.Ordinal))
            {
                _cmdlet.WriteVerbose($"Left out '{location}': it is the -GroundTruth.");
                return;
            }
            if (!_submittedFiles.Add(location.Text)) return;
            _name.AddFile(location.Text);
            _pump.Add(new PredictionFile(location, relativeName));
            Take(_pump.Completed());
        }

        private async Task<Read> ReadAsync(PredictionFile file, CancellationToken cancel)
        {
            try
            {
                byte[] bytes = await _cmdlet.Stores.ReadAllAsync(file.Location, WholeRead.CapFor(file.Location), cancel).ConfigureAwait(false);
                return new Read(PredictionReader.Read(bytes, file.Location.Text, file.RelativeName, _options), null);
            }
            catch (LfvException e) when (!e.EndsTheCommand)
            {
                return new Read(null, e);
            }
        }

        private void Take(IEnumerable<Read> reads)
        {
            foreach (var read in _cmdlet.Stoppable(reads))
            {
                _done++;
                if (read.Failure != null) _cmdlet.WriteItemError(ErrorRecords.From(read.Failure));
                foreach (var entry in read.Entries ?? new List<PredictionEntry>())
                {
                    if (entry.Prediction != null) Predictions.Add(entry.Prediction);
                    else if (entry.Warning != null) _cmdlet.WriteItemWarning(entry.Warning);
                    else _cmdlet.WriteProblem(entry.Problem!);
                }
                _progress.Tick();
            }
        }

        public void Dispose() => _pump.Dispose();

        private sealed class PredictionFile
        {
            public PredictionFile(Location location, string relativeName) => (Location, RelativeName) = (location, relativeName);

            public Location Location { get; }
            public string RelativeName { get; }
        }

        private sealed class Read
        {
            public Read(List<PredictionEntry>? entries, LfvException? failure) => (Entries, Failure) = (entries, failure);

            public List<PredictionEntry>? Entries { get; }
            public LfvException? Failure { get; }
        }
    }
}
