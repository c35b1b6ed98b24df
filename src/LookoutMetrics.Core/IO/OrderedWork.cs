using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// Work started concurrently and taken back in the order it was started: the one way every cmdlet that runs calls
    /// or decodes in parallel (Get-LfvModelPerformance's DescribeModel calls, the masks of Measure-LfvSegmentation)
    /// keeps its output in input order while writing each result as soon as everything before it is done. The tasks
    /// themselves honour the cmdlet's cancellation token; disposing waits a bounded time for them to see it.
    /// </summary>
    public sealed class OrderedWork<T> : IDisposable
    {
        private readonly Queue<Task<T>> _pending = new Queue<Task<T>>();
        private readonly TimeSpan _shutdownWait;

        /// <param name="shutdownWait">How long Dispose waits for work still running (cancelled by then) to end.</param>
        public OrderedWork(TimeSpan shutdownWait) => _shutdownWait = shutdownWait;

        /// <summary>Work started and not taken yet.</summary>
        public int Count => _pending.Count;

        public void Add(Task<T> work) => _pending.Enqueue(work);

        /// <summary>
        /// The finished work at the head of the queue; then, while more than <paramref name="maxPending"/> are still
        /// pending, the head once it finishes (0 takes everything, int.MaxValue only what is done). A task that failed
        /// throws its exception here, in its place.
        /// </summary>
        public IEnumerable<T> Completed(int maxPending)
        {
            while (_pending.Count > 0 && (_pending.Peek().IsCompleted || _pending.Count > maxPending))
            {
                yield return _pending.Dequeue().GetAwaiter().GetResult();
            }
        }

        public void Dispose()
        {
            try
            {
                Task.WaitAll(_pending.ToArray(), _shutdownWait);
            }
            catch (AggregateException)
            {
                // Cancelled or failed: nobody is waiting for them any more.
            }
        }
    }
}
