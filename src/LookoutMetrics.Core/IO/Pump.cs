using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// The one way work runs side by side: items go in on the caller's thread, at most <see cref="ThrottleLimit"/> run
    /// at once on the thread pool, their results come back in the order the items went in, and at most
    /// <see cref="Bound"/> are held between going in and being taken (back-pressure: <see cref="Completed"/> waits for
    /// the head while the pump is full, and <see cref="Add"/> refuses an item the caller has not made room for). Every
    /// wait takes the caller's token; disposing cancels what is still running and waits a bounded time for it. A
    /// work item that failed throws its exception where its result would have come, in its place.
    /// </summary>
    /// <remarks>
    /// Used by every cmdlet that works in parallel: masks (Measure-LfvSegmentation, Test-LfvEvaluation, Export-LfvReport),
    /// a successor's prediction files (Import-LfvPrediction), DescribeModel calls (Get-LfvModelPerformance and the
    /// -ProjectName sources) and the report's thumbnails.
    /// </remarks>
    public sealed class Pump<TIn, TOut> : IDisposable
    {
        private readonly Func<TIn, CancellationToken, Task<TOut>> _work;
        private readonly Queue<Task<TOut>> _pending = new Queue<Task<TOut>>();
        private readonly SemaphoreSlim _throttle;
        private readonly CancellationTokenSource _stop;
        private readonly TimeSpan _shutdownWait;
        private int _running;
        private int _mostRunning;

        /// <param name="work">What is done to one item; it should honour the token it is given.</param>
        /// <param name="throttleLimit">How many items run at once.</param>
        /// <param name="cancel">The caller's token (Ctrl+C): every wait and every item honours it.</param>
        /// <param name="bound">How many items may be held at once, running or done and not taken; 4 x the throttle by default.</param>
        /// <param name="shutdownWait">How long Dispose waits for cancelled work to end; two seconds by default.</param>
        public Pump(Func<TIn, CancellationToken, Task<TOut>> work, int throttleLimit, CancellationToken cancel, int bound = 0,
            TimeSpan? shutdownWait = null)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one item must be " +
                "able to run.");
            _work = work;
            ThrottleLimit = throttleLimit;
            Bound = bound > 0 ? Math.Max(bound, throttleLimit) : 4 * throttleLimit;
            _throttle = new SemaphoreSlim(throttleLimit, throttleLimit);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            _shutdownWait = shutdownWait ?? TimeSpan.FromSeconds(2);
        }

        public int ThrottleLimit { get; }

        /// <summary>The most items held at once.</summary>
        public int Bound { get; }

        /// <summary>Items held: running, waiting for the throttle, or done and not yet taken.</summary>
        public int Pending => _pending.Count;

        /// <summary>Items running at this moment.</summary>
        public int Running => Volatile.Read(ref _running);

        /// <summary>The most items that ran at once so far (what a test of the throttle reads).</summary>
        public int MostRunning => Volatile.Read(ref _mostRunning);

        /// <summary>Whether the pump is full: take results (<see cref="Completed"/>) before adding more.</summary>
        public bool IsFull => _pending.Count >= Bound;

        /// <summary>Starts an item. The caller takes results after each one; adding to a full pump is a mistake of the caller's.</summary>
        public void Add(TIn item)
        {
            if (IsFull) throw new InvalidOperationException($"The pump holds {Bound} items: take their results before adding more.");
            var token = _stop.Token;
            _pending.Enqueue(Task.Run(() => RunAsync(item, token), token));
        }

        /// <summary>A result known already (an item that failed before any work): it keeps its place in the order.</summary>
        public void AddResult(TOut result)
        {
            if (IsFull) throw new InvalidOperationException($"The pump holds {Bound} items: take their results before adding more.");
            _pending.Enqueue(Task.FromResult(result));
        }

        private async Task<TOut> RunAsync(TIn item, CancellationToken token)
        {
            await _throttle.WaitAsync(token).ConfigureAwait(false);
            int now = Interlocked.Increment(ref _running);
            int most;
            while (now > (most = Volatile.Read(ref _mostRunning)) && Interlocked.CompareExchange(ref _mostRunning, now, most) != most)
            {
            }
            try
            {
                return await _work(item, token).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                _throttle.Release();
            }
        }

        /// <summary>
        /// The results at the head that are done; then, while the pump is full, the head once it is done (so that the
        /// next <see cref="Add"/> has room). Waits end at Ctrl+C with an OperationCanceledException.
        /// </summary>
        public IEnumerable<TOut> Completed() => Take(Bound - 1);

        /// <summary>Every result still to come, in order, waiting for each.</summary>
        public IEnumerable<TOut> Drain() => Take(0);

        private IEnumerable<TOut> Take(int keep)
        {
            while (_pending.Count > 0 && (_pending.Peek().IsCompleted || _pending.Count > keep))
            {
                var head = _pending.Peek();
                if (!head.IsCompleted)
                {
                    try
                    {
                        head.Wait(_stop.Token);
                    }
                    catch (AggregateException)
                    {
                        // The item failed: its exception is thrown below, in its place.
                    }
                }
                _pending.Dequeue();
                yield return head.GetAwaiter().GetResult();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                Task.WaitAll(_pending.ToArray(), _shutdownWait);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: nobody is waiting for them any more.
            }
            _pending.Clear();
            _stop.Dispose();
        }
    }
}
