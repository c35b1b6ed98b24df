using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>What every LookoutMetrics cmdlet shares: cancellation, error records, path resolution and progress.</summary>
    public abstract class LfvCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _progressActivityId;

        /// <summary>Cancelled by Ctrl+C (StopProcessing); every network call and long loop honours it.</summary>
        protected CancellationToken CancelToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Ends the cmdlet the way PowerShell ends a stopped pipeline.</summary>
        protected void ThrowIfStopping()
        {
            if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
        }

        public void Dispose()
        {
            // Select-Object -First ends the pipeline without StopProcessing: cancel what is still running first.
            _stopping.Cancel();
            DisposeResources();
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>Clients and streams a cmdlet holds for the length of its invocation.</summary>
        protected virtual void DisposeResources()
        {
        }

        /// <summary>A non-terminating error for one bad item (a manifest line, a file); the rest goes on.</summary>
        protected void WriteProblem(DataProblem problem) =>
            WriteError(new ErrorRecord(new InvalidDataException(problem.Message), problem.ErrorId, ErrorCategory.InvalidData, problem.Target));

        /// <summary>
        /// Resolves -Path (wildcards) or -LiteralPath to file-system paths. A path that matches nothing, or that is not
        /// in the FileSystem provider, is a non-terminating error, and the other paths go on.
        /// </summary>
        protected IEnumerable<string> ResolveFiles(string[] paths, bool literal)
        {
            foreach (string path in paths)
            {
                var resolved = new List<string>();
                try
                {
                    if (literal)
                    {
                        string p = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                        if (!IsFileSystem(provider, path)) continue;
                        if (!File.Exists(p))
                        {
                            WriteError(NotFound(path, Directory.Exists(p)));
                            continue;
                        }
                        resolved.Add(p);
                    }
                    else
                    {
                        var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                        if (!IsFileSystem(provider, path)) continue;
                        foreach (string p in matches)
                        {
                            if (File.Exists(p)) resolved.Add(p);
                            else if (!WildcardPattern.ContainsWildcardCharacters(path)) WriteError(NotFound(path, Directory.Exists(p)));
                        }
                        if (matches.Count == 0) WriteError(NotFound(path, false));
                    }
                }
                catch (ItemNotFoundException)
                {
                    WriteError(NotFound(path, false));
                    continue;
                }
                catch (Exception e) when (e is PSArgumentException || e is ArgumentException || e is NotSupportedException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
                {
                    WriteError(new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, path));
                    continue;
                }

                foreach (string p in resolved) yield return p;
            }
        }

        private bool IsFileSystem(ProviderInfo provider, string path)
        {
            if (provider.Name == "FileSystem") return true;
            WriteError(new ErrorRecord(
                new ArgumentException($"'{path}' is in the {provider.Name} provider. Give a file-system path, or an s3:// URI with -Uri."),
                "NotAFileSystemPath", ErrorCategory.InvalidArgument, path));
            return false;
        }

        private static ErrorRecord NotFound(string path, bool isDirectory) => new ErrorRecord(
            new FileNotFoundException(isDirectory
                ? $"'{path}' is a folder. Give the files in it, for example '{System.IO.Path.Combine(path, "*.json")}'."
                : $"Cannot find '{path}'. Check the path, or use -LiteralPath when the name holds [ or ] characters."),
            "PathNotFound", ErrorCategory.ObjectNotFound, path);

        /// <summary>Opens a file for streaming reads, or writes an error naming it and returns null.</summary>
        protected CountingStream? OpenFile(string path)
        {
            try
            {
                var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
                return new CountingStream(fs, fs.Length);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, e is UnauthorizedAccessException ? "FileAccessDenied" : "FileReadFailed",
                    e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, path));
                return null;
            }
        }

        /// <summary>Shows progress by bytes for a long read; created per stream, disposed to complete the record.</summary>
        protected ByteProgress TrackProgress(CountingStream stream, string what) =>
            new ByteProgress(this, ++_progressActivityId, stream, what);

        protected sealed class ByteProgress : IDisposable
        {
            /// <summary>Below this a read takes well under a second, and a progress bar would only flicker.</summary>
            private const long MinimumBytes = 8L << 20;
            private static readonly long IntervalTicks = Stopwatch.Frequency / 4;

            private readonly Cmdlet _cmdlet;
            private readonly CountingStream _stream;
            private readonly ProgressRecord _record;
            private readonly bool _enabled;
            private long _lastTick;
            private bool _shown;

            internal ByteProgress(Cmdlet cmdlet, int activityId, CountingStream stream, string what)
            {
                _cmdlet = cmdlet;
                _stream = stream;
                _enabled = (stream.TotalLength ?? MinimumBytes) >= MinimumBytes;
                _record = new ProgressRecord(activityId, "Reading " + what, "Starting");
                _lastTick = Stopwatch.GetTimestamp() - IntervalTicks; // the first tick shows at once
            }

            /// <summary>Cheap enough to call per record: it writes at most four times a second.</summary>
            public void Tick()
            {
                if (!_enabled) return;
                long now = Stopwatch.GetTimestamp();
                if (now - _lastTick < IntervalTicks) return;
                _lastTick = now;
                long done = _stream.BytesRead;
                long? total = _stream.TotalLength;
                _record.StatusDescription = total.HasValue
                    ? $"{Mib(done)} of {Mib(total.Value)} MiB"
                    : $"{Mib(done)} MiB";
                _record.PercentComplete = total.HasValue && total.Value > 0 ? (int)Math.Min(100, done * 100 / total.Value) : -1;
                _cmdlet.WriteProgress(_record);
                _shown = true;
            }

            private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture);

            public void Dispose()
            {
                if (!_shown) return;
                _record.RecordType = ProgressRecordType.Completed;
                _record.PercentComplete = 100;
                try
                {
                    _cmdlet.WriteProgress(_record);
                }
                catch (PipelineStoppedException)
                {
                    // Ctrl+C or Select-Object -First: the host clears progress itself.
                }
            }
        }
    }
}
