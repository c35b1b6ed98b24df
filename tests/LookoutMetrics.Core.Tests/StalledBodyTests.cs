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

    /// <summary>Until the server has counted this many requests, or ten seconds have passed.</summary>
    public async Task WaitForRequests(int count)
    {
        var clock = Stopwatch.StartNew();
        while (Requests < count && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
    }

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
        // The first attempt reached the server, got its headers and stalled in its body: that is the case proved. The retry may be
        // abandoned on a loaded machine before its request is even written (seen in a fresh-clone run), so it is not required to arrive.
        await server.WaitForRequests(2);
        Assert.InRange(server.Requests, 1, 2);
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

/// <summary>
/// The call's own limit, over its retries: an endpoint that accepts and never answers fails when the call's time is spent, not after
/// every attempt's timeout; and AWS's own endpoint, which ended with the service, is said to have ended.
/// </summary>
public class CallTimeoutTests
{
    [Fact]
    public async Task AnEndpointThatNeverAnswersFailsWhenTheCallsTimeIsSpentNotAfterEveryAttempt()
    {
        using var server = new StalledBodyServer();
        var retries = new List<string>();
        using var client = new LookoutVisionClient(new LookoutVisionClientOptions
        {
            Region = "us-east-1",
            Endpoint = server.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDSTALLED00000000", "secret"),
            Retry = new BackoffPolicy(10, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), seed: 1),
            Timeout = TimeSpan.FromMilliseconds(800),
            CallTimeout = TimeSpan.FromMilliseconds(2000),
            OnRetry = (_, attempt, failure, _) => retries.Add($"{attempt}:{failure.ErrorCode}"),
        });
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var e = await Assert.ThrowsAsync<LookoutVisionException>(() => client.DescribeModelAsync("p", "1", safety.Token));
        Assert.False(safety.IsCancellationRequested);
        Assert.Equal("RequestTimeout", e.ErrorCode);
        // Ten attempts were allowed; the call's 2 s hold three of 0.8 s at most (the last one cut to what is left).
        Assert.InRange(e.Attempts, 2, 3);
        await server.WaitForRequests(e.Attempts);
        Assert.InRange(server.Requests, 1, e.Attempts);
        Assert.Matches(@"Gave up after [23] attempts in \d+ s\.$", e.Message);
        Assert.DoesNotContain("ended", e.Message);
    }

    [Fact]
    public void TheDefaultsEndACallWithinAMinute()
    {
        var options = new LookoutVisionClientOptions();
        Assert.Equal(TimeSpan.FromSeconds(60), options.CallTimeout);
        Assert.True(options.Timeout < options.CallTimeout);
    }

    /// <summary>A unit test of the client alone: its handler fails every request as a DNS failure would, and nothing leaves the
    /// process.</summary>
    private sealed class Unreachable : HttpMessageHandler
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            throw new HttpRequestException("Name or service not known (lookoutvision.eu-west-1.amazonaws.com:443)");
        }
    }

    [Theory]
    [InlineData("https://lookoutvision.eu-west-1.amazonaws.com", true)]
    [InlineData("https://lookoutvision.cn-north-1.amazonaws.com.cn", true)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("https://lookoutvision.example.com", false)]
    public async Task AwssOwnEndpointThatCannotBeReachedIsSaidToHaveEnded(string endpoint, bool ended)
    {
        var handler = new Unreachable();
        using var client = new LookoutVisionClient(new LookoutVisionClientOptions
        {
            Region = "eu-west-1",
            Endpoint = new Uri(endpoint),
            Credentials = new BasicAWSCredentials("AKIDENDED0000000000", "secret"),
            Retry = new BackoffPolicy(2, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), seed: 1),
            Handler = handler,
        });
        var e = await Assert.ThrowsAsync<LookoutVisionException>(() => client.ListProjectsAsync(null, null, CancellationToken.None));
        Assert.Equal(2, handler.Requests);
        Assert.Equal(ended ? "ServiceEnded" : "NetworkError", e.ErrorCode);
        Assert.Equal(ended, e.Message.EndsWith("Amazon Lookout for Vision ended on 2025-10-31: AWS's endpoint no longer answers."));
        var advice = ServiceErrorAdvice.For(e);
        Assert.Equal(ended ? "ServiceEnded" : "EndpointUnreachable", advice.ErrorId);
        if (ended) Assert.Contains("Find-LfvModelArtifact -Uri s3://<bucket>/", advice.Hint);
    }
}
