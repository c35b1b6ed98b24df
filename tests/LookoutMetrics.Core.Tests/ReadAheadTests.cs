using LookoutMetrics.IO;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>ReadAhead: the same items in the same order, failures at their place, a bounded lead, and a clean stop.</summary>
public class ReadAheadTests
{
    private static IEnumerable<int> Numbers(int count, Action<int>? onEach = null, int? failAt = null)
    {
        for (int i = 0; i < count; i++)
        {
            if (i == failAt) throw new InvalidDataException($"item {i} is bad");
            onEach?.Invoke(i);
            yield return i;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(5000)]
    [InlineData(100_003)]
    public void GivesEveryItemInOrder(int count)
    {
        int producer = Environment.CurrentManagedThreadId, seenOn = producer;
        var items = ReadAhead.Run(Numbers(count, _ => seenOn = Environment.CurrentManagedThreadId), CancellationToken.None).ToList();
        Assert.Equal(Enumerable.Range(0, count), items);
        if (count > 0 && Environment.ProcessorCount > 1) Assert.NotEqual(producer, seenOn);
    }

    [Fact]
    public void OnOneCoreOrWhenDisabledItIsTheSequenceItself()
    {
        var source = Numbers(3);
        Assert.Same(source, ReadAhead.Run(source, CancellationToken.None, enabled: false));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(3000)]
    public void AFailureComesAfterTheItemsBeforeIt(int failAt)
    {
        var seen = new List<int>();
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (int i in ReadAhead.Run(Numbers(10_000, failAt: failAt), CancellationToken.None)) seen.Add(i);
        });
        Assert.Equal($"item {failAt} is bad", e.Message);
        Assert.Equal(Enumerable.Range(0, failAt), seen);
        // The original stack is kept: the exception names the sequence that threw.
        Assert.Contains(nameof(Numbers), e.StackTrace);
    }

    [Fact]
    public void StoppingEarlyEndsTheThreadBeforeTheSequenceIsDisposed()
    {
        int produced = 0;
        bool disposedWhileRunning = false, finished = false;
        IEnumerable<int> Source()
        {
            try
            {
                for (int i = 0; ; i++)
                {
                    Interlocked.Increment(ref produced);
                    yield return i;
                }
            }
            finally
            {
                finished = true;
            }
        }
        var firstFive = ReadAhead.Run(Source(), CancellationToken.None).Take(5).ToList();
        disposedWhileRunning = !finished;
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, firstFive);
        // Take(5) disposed the enumerator: by then the infinite source was stopped and its finally had run.
        Assert.False(disposedWhileRunning);
        int after = Volatile.Read(ref produced);
        Thread.Sleep(100);
        Assert.Equal(after, Volatile.Read(ref produced));
        // The lead is bounded: the batches waiting plus the one being filled.
        Assert.InRange(after, 5, ReadAhead.MaxBatches * ReadAhead.LargestBatch + 2 * ReadAhead.LargestBatch + 1);
    }

    [Fact]
    public void StoppingEarlyDoesNotWaitLongForASourceBlockedInARead()
    {
        // Select-Object -First on a stalled network stream: the caller gets its items and goes on within the grace.
        var gate = new ManualResetEventSlim();
        bool finished = false;
        IEnumerable<int> Stalled()
        {
            try
            {
                for (int i = 0; i < 16; i++) yield return i;
                gate.Wait(TimeSpan.FromSeconds(60));
                yield return 16;
            }
            finally
            {
                finished = true;
            }
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var first = ReadAhead.Run(Stalled(), CancellationToken.None).Take(3).ToList();
        watch.Stop();
        Assert.Equal(new[] { 0, 1, 2 }, first);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10);
        Assert.False(finished);
        gate.Set();
        SpinWait.SpinUntil(() => Volatile.Read(ref finished), TimeSpan.FromSeconds(30));
        Assert.True(finished);
    }

    [Fact]
    public void CancellingEndsTheWaitAndTheThread()
    {
        using var cancel = new CancellationTokenSource();
        bool finished = false, reachedWait = false;
        var gate = new ManualResetEventSlim();
        IEnumerable<int> Slow()
        {
            try
            {
                yield return 1;
                // A source blocked on slow input: the caller waits for the next batch.
                for (int i = 0; i < 15; i++) yield return i;
                Volatile.Write(ref reachedWait, true);
                gate.Wait(TimeSpan.FromSeconds(30));
                yield return 2;
            }
            finally
            {
                finished = true;
            }
        }
        var taken = new List<int>();
        Exception? ended = null;
        // A thread of its own, not the thread pool, which xunit may keep busy for longer than the wait below.
        var consumer = new Thread(() =>
        {
            try
            {
                foreach (int i in ReadAhead.Run(Slow(), cancel.Token)) taken.Add(i);
            }
            catch (Exception e)
            {
                ended = e;
            }
        });
        consumer.Start();
        SpinWait.SpinUntil(() => Volatile.Read(ref reachedWait), TimeSpan.FromSeconds(30));
        Thread.Sleep(100);
        cancel.Cancel();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(5)), "the wait did not end");
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        // The caller had the first batch; it does not wait for the source, but the thread ends before the call does.
        Assert.Equal(16, taken.Count);
        Assert.False(finished);
        gate.Set();
        SpinWait.SpinUntil(() => Volatile.Read(ref finished), TimeSpan.FromSeconds(30));
        Assert.True(finished);
    }
}
