using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>What every LookoutMetrics cmdlet shares: cancellation, data problems as errors, and progress.</summary>
    public abstract class LfvCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _progressActivityId;

        /// <summary>Cancelled by Ctrl+C (StopProcessing); every network call and long loop honours it.</summary>
        protected internal CancellationToken CancelToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Ends the cmdlet the way PowerShell ends a stopped pipeline.</summary>
        protected internal void ThrowIfStopping()
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

        /// <summary>
        /// The one place where cancellation becomes PowerShell's stopped pipeline: runs a step of work that honours
        /// <see cref="CancelToken"/>, and turns the OperationCanceledException of a Ctrl+C into PipelineStoppedException.
        /// </summary>
        protected internal T Stoppable<T>(Func<T> step)
        {
            try
            {
                return step();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits for a task on the pipeline thread; Ctrl+C (StopProcessing) ends the wait and the call.</summary>
        protected internal T Await<T>(System.Threading.Tasks.Task<T> task) => Stoppable(() => task.GetAwaiter().GetResult());

        /// <summary>Enumerates a lazy, cancellable sequence (pages of an API call, say) so that Ctrl+C stops it cleanly.</summary>
        protected internal IEnumerable<T> Stoppable<T>(IEnumerable<T> items)
        {
            using var e = Stoppable(items.GetEnumerator);
            while (Stoppable(e.MoveNext))
            {
                yield return e.Current;
            }
        }

        /// <summary>A non-terminating error for one bad item (a manifest line, a file); the rest goes on.</summary>
        protected internal void WriteProblem(DataProblem problem) => WriteError(ErrorRecords.From(problem));

        /// <summary>Shows progress by bytes for a long read; created per stream, disposed to complete the record.</summary>
        protected internal ByteProgress TrackProgress(CountingStream stream, string what) =>
            new ByteProgress(this, NewProgressActivity(), stream, what);

        /// <summary>An activity id of this invocation's own, for a progress record.</summary>
        protected internal int NewProgressActivity() => ++_progressActivityId;

        protected internal sealed class ByteProgress : IDisposable
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
