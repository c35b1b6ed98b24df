using System.Diagnostics;
using LookoutMetrics.IO;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>The one pump: bounded in flight, throttled, in order, failures in place, and every wait ended by the token.</summary>
public class PumpTests
{
    /// <summary>Feeds many more items than the bound, as a cmdlet does (add, then take what is ready), and watches what is held.</summary>
    [Fact]
    public void HoldsNoMoreThanItsBoundAndRunsNoMoreThanItsThrottleWhateverIsFed()
    {
        var random = new Random(5);
        using var pump = new Pump<int, int>(async (i, cancel) =>
        {
            await Task.Delay(random.Next(0, 3), cancel);
            return i * 2;
        }, throttleLimit: 3, CancellationToken.None);
        Assert.Equal(12, pump.Bound);
        var results = new List<int>();
        int mostHeld = 0;
        for (int i = 0; i < 500; i++)
        {
            pump.Add(i);
            mostHeld = Math.Max(mostHeld, pump.Pending);
            results.AddRange(pump.Completed());
            Assert.True(pump.Pending < pump.Bound, $"{pump.Pending} held after taking, with room for {pump.Bound}");
        }
        results.AddRange(pump.Drain());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * 2), results);
        Assert.Equal(pump.Bound, mostHeld);
        Assert.InRange(pump.MostRunning, 1, 3);
        Assert.Equal(0, pump.Pending);
    }

    [Fact]
    public void RefusesAnItemTheCallerMadeNoRoomFor()
    {
        using var gate = new SemaphoreSlim(0);
        using var pump = new Pump<int, int>(async (i, cancel) => { await gate.WaitAsync(cancel); return i; }, 1, CancellationToken.None, bound: 2);
        pump.Add(1);
        pump.Add(2);
        Assert.True(pump.IsFull);
        Assert.Throws<InvalidOperationException>(() => pump.Add(3));
        gate.Release(2);
        Assert.Equal([1, 2], pump.Drain());
    }

    [Fact]
    public void AFailureIsThrownInItsPlaceAndTheRestStands()
    {
        using var pump = new Pump<int, int>((i, _) => i == 2 ? throw new InvalidDataException("two") : Task.FromResult(i), 2, CancellationToken.None);
        for (int i = 1; i <= 3; i++) pump.Add(i);
        using var e = pump.Drain().GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(1, e.Current);
        Assert.Equal("two", Assert.Throws<InvalidDataException>(() => e.MoveNext()).Message);
        Assert.Equal([3], pump.Drain());
    }

    [Fact]
    public void AResultKnownBeforehandKeepsItsPlace()
    {
        using var pump = new Pump<int, int>(async (i, cancel) => { await Task.Delay(20, cancel); return i; }, 2, CancellationToken.None);
        pump.Add(1);
        pump.AddResult(-2);
        pump.Add(3);
        Assert.Equal([1, -2, 3], pump.Drain());
    }

    /// <summary>Work that never looks at the token (a read that blocks): Ctrl+C still ends the wait for it within a second.</summary>
    [Fact]
    public void CtrlCEndsAWaitOnWorkThatIgnoresTheToken()
    {
        using var never = new ManualResetEventSlim(false);
        using var stop = new CancellationTokenSource();
        var pump = new Pump<int, int>((i, _) => { never.Wait(); return Task.FromResult(i); }, 1, stop.Token, shutdownWait: TimeSpan.FromMilliseconds(100));
        pump.Add(1);
        stop.CancelAfter(200);
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => pump.Drain().ToList());
        // The work never ends by itself: the wait ended at Ctrl+C (the bounds allow a loaded machine).
        Assert.InRange(clock.ElapsedMilliseconds, 150, 5000);
        clock.Restart();
        pump.Dispose();
        Assert.InRange(clock.ElapsedMilliseconds, 0, 5000);
        never.Set();
    }
}
