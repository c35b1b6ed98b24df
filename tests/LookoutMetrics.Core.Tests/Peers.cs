using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace LookoutMetrics.Tests;

internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LookoutMetrics.psd1"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }

    public static string At(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}

/// <summary>The project's Lookout for Vision peer (tests/peers/lfv_peer.py) on 127.0.0.1, for the whole test class.</summary>
public sealed class LookoutVisionPeer : IDisposable
{
    public const string AccessKey = "AKIDLOOKOUTPEER";
    public const string SecretKey = "peer/secret+key/For+Tests0123456789abcd";
    public const string SessionAccessKey = "ASIALOOKOUTSESSION";
    public const string SessionSecretKey = "session/secret+key/For+Tests0123456789ab";
    public const string SessionToken = "SessionTokenForTheLookoutPeer==";
    public const string Region = "us-east-1";

    private readonly Process _process;
    private readonly HttpClient _control = new();

    public LookoutVisionPeer()
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Repo.At("tests", "peers", "lfv_peer.py"), "--state", Repo.At("tests", "peers", "lfv-state.json"), "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        var line = _process.StandardOutput.ReadLine();
        if (line == null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
            throw new InvalidOperationException("The Lookout for Vision peer did not start: " + line + _process.StandardError.ReadToEnd());
        Endpoint = new Uri("http://127.0.0.1:" + line.Substring(10).Trim());
    }

    public Uri Endpoint { get; }

    public void Reset() => Post("/__peer/reset", new JsonObject());

    public void Inject(params object[] faults) =>
        Post("/__peer/faults", new JsonObject { ["faults"] = JsonSerializer.SerializeToNode(faults) });

    public JsonArray Requests()
    {
        var text = _control.GetStringAsync(new Uri(Endpoint, "/__peer/requests")).GetAwaiter().GetResult();
        return JsonNode.Parse(text)!["requests"]!.AsArray();
    }

    private void Post(string path, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        _control.PostAsync(new Uri(Endpoint, path), content).GetAwaiter().GetResult().EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
        _control.Dispose();
    }
}

/// <summary>moto_server (S3) on 127.0.0.1 on a free port, with the samples uploaded to s3://lookoutmetrics-samples.</summary>
public sealed class MotoS3 : IDisposable
{
    private readonly Process _process;

    public MotoS3()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("moto_server")
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if (http.GetAsync(new Uri(Endpoint, "/moto-api/")).GetAwaiter().GetResult().IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new InvalidOperationException("moto_server did not start on " + Endpoint);
            Thread.Sleep(100);
        }
    }

    public Uri Endpoint { get; }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
