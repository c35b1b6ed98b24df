using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// Runs a lazy sequence (a manifest being read and parsed) on a thread of its own, a bounded number of items
    /// ahead of the caller, who gets them in the same order: the pipeline thread writes records while a second core
    /// parses the next lines. Memory stays bounded (at most <see cref="MaxBatches"/> batches wait), the first items
    /// come after a small first batch, an exception of the sequence reaches the caller at the item where it happened,
    /// and stopping early (Select-Object -First, Ctrl+C) ends the thread before the enumerator's dispose returns (or,
    /// when the thread is blocked reading a stalled stream, after a bounded wait).
    /// </summary>
    public static class ReadAhead
    {
        /// <summary>
        /// Batches waiting at most: with <see cref="LargestBatch"/> items each, and one batch being filled and one being
        /// read, no more than about 6,100 items are held at once.
        /// </summary>
        public const int MaxBatches = 4;

        /// <summary>The first batch is small, so that the first records show at once; each next one is twice as large, up to this.</summary>
        public const int LargestBatch = 1024;

        private const int FirstBatch = 16;

        /// <summary>How long a cancelled caller waits for the thread to end.</summary>
        private static readonly TimeSpan CancelGrace = TimeSpan.FromMilliseconds(250);

        /// <summary>How long a caller that stopped reading waits for the thread to end.</summary>
        private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

        /// <summary>
        /// The items of <paramref name="source"/>, produced on another thread; on a single core, or when
        /// <paramref name="enabled"/> is false, simply the sequence itself. Cancelling <paramref name="cancel"/>
        /// ends the wait with an OperationCanceledException.
        /// </summary>
        public static IEnumerable<T> Run<T>(IEnumerable<T> source, CancellationToken cancel, bool enabled = true)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            return enabled && Environment.ProcessorCount > 1 ? RunOnThread(source, cancel) : source;
        }

        private static IEnumerable<T> RunOnThread<T>(IEnumerable<T> source, CancellationToken cancel)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var queue = new BlockingCollection<List<T>>(MaxBatches);
            ExceptionDispatchInfo? failure = null;
            var culture = Thread.CurrentThread.CurrentCulture;
            var uiCulture = Thread.CurrentThread.CurrentUICulture;
            var thread = new Thread(() =>
            {
                // Messages (numbers in them) read as they would on the caller's thread.
                Thread.CurrentThread.CurrentCulture = culture;
                Thread.CurrentThread.CurrentUICulture = uiCulture;
                int size = FirstBatch;
                var batch = new List<T>(size);
                try
                {
                    foreach (var item in source)
                    {
                        batch.Add(item);
                        if (batch.Count < size) continue;
                        if (stop.IsCancellationRequested) return;
                        queue.Add(batch, stop.Token);
                        size = Math.Min(LargestBatch, size * 2);
                        batch = new List<T>(size);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // The caller stopped reading.
                }
                catch (Exception e)
                {
                    // The items before the failure still reach the caller, then the exception.
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    try
                    {
                        if (batch.Count > 0 && !stop.IsCancellationRequested) queue.Add(batch, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The caller stopped reading meanwhile.
                    }
                    catch (ObjectDisposedException)
                    {
                        // Cannot happen (the caller disposes only after this thread ended); never let it end the process.
                    }
                    queue.CompleteAdding();
                }
            })
            {
                IsBackground = true,
                Name = "LookoutMetrics read-ahead",
            };
            thread.Start();
            try
            {
                while (true)
                {
                    if (!queue.TryTake(out var batch, Timeout.Infinite, cancel))
                    {
                        // Nothing more is coming: the sequence ended, or failed after its last complete batch.
                        failure?.Throw();
                        yield break;
                    }
                    foreach (var item in batch) yield return item;
                }
            }
            finally
            {
                // Done, or stopped early (Select-Object -First): the thread ends (it gives up a wait to add) before the
                // caller disposes what the sequence reads. It may be blocked in a read of a stalled network stream, so
                // the wait is bounded, short on Ctrl+C; the thread is a background thread and ends with its read (the
                // caller's dispose of the stream makes that read fail, and nobody is left to see the failure).
                stop.Cancel();
                bool ended = thread.Join(cancel.IsCancellationRequested ? CancelGrace : StopGrace);
                if (ended)
                {
                    queue.Dispose();
                    stop.Dispose();
                }
                // Otherwise the thread still uses them: the garbage collector takes them after it ends.
            }
        }
    }
}
