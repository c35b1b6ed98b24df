using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using LookoutMetrics.Aws;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// A server on loopback that answers every request with its headers and the first byte of the body, then stalls: the
/// attempt's timeout must cover the body too (and retry), and Ctrl+C must end the wait within a second.
/// </summary>
public sealed class StalledBodyServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = new();
    private int _requests;

    public StalledBodyServer()
    {
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            lock (_held) _held.Add(client);
            _ = Task.Run(async () =>
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var seen = new StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n"))
                {
                    int n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0) return;
                    seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                Interlocked.Increment(ref _requests);
                byte[] head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{");
                await stream.WriteAsync(head, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                // ... and nothing more: the connection stays open until the test ends.
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held) foreach (var c in _held) c.Dispose();
        _stop.Dispose();
    }
}

public class StalledBodyTests
{
    private static LookoutVisionClient Client(Uri endpoint, TimeSpan timeout, int attempts, List<string> retries) => new(new LookoutVisionClientOptions
    {
        Region = "us-east-1",
        Endpoint = endpoint,
        Credentials = new BasicAWSCredentials("AKIDSTALLED00000000", "secret"),
        Retry = new BackoffPolicy(attempts, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), seed: 1),
        Timeout = timeout,
        OnRetry = (_, attempt, failure, _) => retries.Add($"{attempt}:{failure.ErrorCode}"),
    });

    [Fact]
    public async Task ABodyThatStallsAfterItsHeadersIsCutByTheAttemptsTimeoutAndRetried()
    {
        using var server = new StalledBodyServer();
        var retries = new List<string>();
        using var client = Client(server.Endpoint, TimeSpan.FromMilliseconds(700), attempts: 2, retries);
        // A safety net far beyond the attempts: if the timeout did not cover the body, the call would end here, not hang.
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var e = await Assert.ThrowsAsync<LookoutVisionException>(() => client.DescribeModelAsync("p", "1", safety.Token));
        Assert.False(safety.IsCancellationRequested);
        Assert.Equal("RequestTimeout", e.ErrorCode);
        Assert.Equal(2, e.Attempts);
        Assert.Equal(["1:RequestTimeout"], retries);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task CtrlCEndsAStalledBodyWithinASecond()
    {
        using var server = new StalledBodyServer();
        using var client = Client(server.Endpoint, TimeSpan.FromSeconds(60), attempts: 5, new List<string>());
        using var ctrlC = new CancellationTokenSource();
        var call = client.DescribeModelAsync("p", "1", ctrlC.Token);
        var clock = Stopwatch.StartNew();
        while (server.Requests == 0 && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10);
        Assert.Equal(1, server.Requests);
        await Task.Delay(200);
        ctrlC.Cancel();
        clock.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // Far below the 60 s attempt timeout it would otherwise wait: well under a second here, the bound allows a loaded machine.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
    }
}

/// <summary>A session's first fetch (STS, SSO, credential_process, IMDS) that never answers: Ctrl+C ends the wait.</summary>
public class CredentialFetchCancelTests
{
    private sealed class NeverAnswering : RefreshingAWSCredentials
    {
        public int Fetches;

        protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            Interlocked.Increment(ref Fetches);
            await Task.Delay(Timeout.Infinite);
            throw new InvalidOperationException("never");
        }
    }

    [Fact]
    public void CtrlCEndsTheWaitForAFirstFetchWithinASecond()
    {
        var credentials = new NeverAnswering();
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => CredentialSessions.Fetch(credentials, "a test session", "p", ctrlC.Token));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 5);
        Assert.Equal(1, credentials.Fetches);
    }
}
