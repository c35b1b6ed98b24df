using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using LookoutMetrics.Errors;
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

        // Each step of every cmdlet runs through Guarded: the cmdlets override Begin, Process and End, never PowerShell's own.
        protected sealed override void BeginProcessing() => Guarded(Begin);

        protected sealed override void ProcessRecord() => Guarded(Process);

        protected sealed override void EndProcessing() => Guarded(End);

        /// <summary>BeginProcessing, guarded.</summary>
        protected virtual void Begin()
        {
        }

        /// <summary>ProcessRecord, guarded.</summary>
        protected virtual void Process()
        {
        }

        /// <summary>EndProcessing, guarded.</summary>
        protected virtual void End()
        {
        }

        /// <summary>
        /// Every terminating error has an id: PowerShell's own (a stopped pipeline, -ErrorAction Stop, a terminating error record) and
        /// the module's foreseen ones pass as they are, a module failure that escaped becomes its record, a cancellation becomes the
        /// stopped pipeline, and anything else is <see cref="ErrorRecords.Unexpected"/>.
        /// </summary>
        private void Guarded(Action step)
        {
            try
            {
                step();
            }
            catch (Exception e) when (IsPowerShells(e))
            {
                throw;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (LfvException e)
            {
                ThrowTerminatingError(Escaped(ErrorRecords.From(e)));
            }
            catch (Exception e) when (!(e is OutOfMemoryException || e is StackOverflowException || e is ThreadAbortException))
            {
                ThrowTerminatingError(ErrorRecords.Unexpected(e, MyInvocation?.MyCommand?.Name ?? GetType().Name));
            }
        }

        /// <summary>
        /// PowerShell's own ends, which pass the guard as they are: its errors (a stopped pipeline, -ErrorAction Stop, -Confirm where no
        /// one can answer) and its flow control (break, continue and exit in a script block downstream, which are no RuntimeException).
        /// </summary>
        private static bool IsPowerShells(Exception e) =>
            e is RuntimeException || e is IContainsErrorRecord || e is FlowControlException || e is HaltCommandException;

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
        protected internal void WriteProblem(DataProblem problem) => WriteItemError(ErrorRecords.From(problem));

        /// <summary>How many non-terminating errors this invocation wrote (what Test-LfvEvaluation's verdict counts).</summary>
        protected internal long ErrorsWritten { get; private set; }

        /// <summary>
        /// Every non-terminating error of the module's cmdlets passes here (never PowerShell's WriteError directly:
        /// tested), so each invocation counts its own.
        /// </summary>
        public void WriteItemError(ErrorRecord errorRecord)
        {
            ErrorsWritten++;
            Escaped(errorRecord);
            ItemErrors?.Invoke(errorRecord);
            base.WriteError(errorRecord);
        }

        /// <summary>Text from the data never reaches the terminal raw: control characters escaped, a blown-up value cut.</summary>
        private static ErrorRecord Escaped(ErrorRecord errorRecord)
        {
            string message = errorRecord.ErrorDetails?.Message ?? errorRecord.Exception?.Message ?? string.Empty;
            string printable = Printable.Message(message);
            if (printable != message) errorRecord.ErrorDetails = new ErrorDetails(printable);
            return errorRecord;
        }

        /// <summary>
        /// Every warning of the module's cmdlets passes here (never PowerShell's WriteWarning directly: tested), with control characters
        /// from the data escaped and a blown-up value cut.
        /// </summary>
        public void WriteItemWarning(string text) => WriteWarning(Printable.Message(text));

        /// <summary>Told of each non-terminating error as it is written (Export-LfvReport lists them in the report's summary).</summary>
        internal System.Action<ErrorRecord>? ItemErrors { get; set; }

        /// <summary>Below this a read takes well under a second, and a progress bar would only flicker.</summary>
        private const long ProgressFromBytes = 8L << 20;

        /// <summary>Shows progress by bytes for a long read; created per stream, disposed to complete the record.</summary>
        internal ProgressMeter TrackProgress(CountingStream stream, string what) =>
            new ProgressMeter(this, NewProgressActivity(), "Reading " + what, () => stream.BytesRead, () => stream.TotalLength,
                ProgressMeter.Mib, "MiB",
                enabled: (stream.TotalLength ?? ProgressFromBytes) >= ProgressFromBytes);

        /// <summary>An activity id of this invocation's own, for a progress record.</summary>
        protected internal int NewProgressActivity() => ++_progressActivityId;
    }
}
