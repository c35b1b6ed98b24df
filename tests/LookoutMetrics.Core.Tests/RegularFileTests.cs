using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;
using LookoutMetrics.Errors;
using LookoutMetrics.Sources;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Only regular files are read (issue 28, point 2): a FIFO, a device, a socket or a folder is one error at once, never opened.</summary>
public class RegularFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-special-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Fifo()
    {
        string path = Path.Combine(_dir, "mask.png");
        using var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    [Fact]
    public void EachKindOfSpecialFileIsToldApartFromARegularOne()
    {
        if (OperatingSystem.IsWindows()) return;
        string regular = Path.Combine(_dir, "a.json");
        File.WriteAllText(regular, "{}");
        string link = Path.Combine(_dir, "zero.png");
        File.CreateSymbolicLink(link, "/dev/zero");
        string socketPath = Path.Combine(_dir, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        Assert.Null(RegularFile.NotRegular(regular));
        Assert.Equal("a FIFO (named pipe)", RegularFile.NotRegular(Fifo()));
        Assert.Equal("a character device", RegularFile.NotRegular("/dev/urandom"));
        Assert.Equal("a character device", RegularFile.NotRegular(link));
        Assert.Equal("a socket", RegularFile.NotRegular(socketPath));
        Assert.Equal("a folder", RegularFile.NotRegular(_dir));
        Assert.Null(RegularFile.NotRegular(Path.Combine(_dir, "missing.json")));
    }

    [Fact]
    public async Task AFifoOrADeviceIsOneErrorAtOnceAndIsNeverOpened()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Fifo();
        foreach (string path in new[] { fifo, "/dev/zero" })
        {
            var read = Task.Run(() => LocalStore.Instance.ReadAllAsync(Location.File(path), default));
            Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10))) == read, $"{path}: the read did not end");
            var e = await Assert.ThrowsAsync<SourceException>(() => read);
            Assert.Equal(ErrorIds.NotAFile, e.ErrorId);
            Assert.Contains($"'{path}' is a", e.Message);
            var open = Task.Run(() => LocalStore.Instance.OpenAsync(Location.File(path), default));
            Assert.True(await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(10))) == open, $"{path}: the open did not end");
            Assert.Equal(ErrorIds.NotAFile, (await Assert.ThrowsAsync<SourceException>(() => open)).ErrorId);
        }
    }

    [Fact]
    public async Task AFolderListingDoesNotFollowALinkBackUpIntoALoop()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.Combine(_dir, "preds/anomaly"));
        File.WriteAllText(Path.Combine(_dir, "preds/anomaly/a.jpg.out"), "{}");
        File.WriteAllText(Path.Combine(_dir, "preds/b.jpg.out"), "{}");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "preds/anomaly/loop"), Path.Combine(_dir, "preds"));
        var page = await LocalStore.Instance.ListPageAsync(Location.File(Path.Combine(_dir, "preds")), null, default);
        Assert.Equal(2, page.Objects.Count);
    }
}

/// <summary>A picture's pixels are capped as a mask's are (issue 28, point 4): a header that claims too many is a placeholder's reason.</summary>
public class PictureCapTests
{
    [Fact]
    public void APictureThatClaimsTooManyPixelsIsNeverDecoded()
    {
        byte[] bomb = PngWriter.HeaderOnly(65000, 65000);
        var e = Assert.Throws<LookoutMetrics.Segmentation.MaskException>(() => LookoutMetrics.Reports.Thumbnails.Render(bomb, null, null,
            Array.Empty<LookoutMetrics.IO.ColorMapEntry>(), Array.Empty<LookoutMetrics.IO.ColorMapEntry>(), "bomb.png"));
        Assert.Equal(ErrorIds.ImageTooLarge, e.ErrorId);
        Assert.Contains("The image 'bomb.png' claims 65000 x 65000 pixels", e.Message);
        // An ordinary picture still renders.
        var pixels = new int[64 * 48];
        Array.Fill(pixels, 0x336699);
        string uri = LookoutMetrics.Reports.Thumbnails.Render(PngWriter.Write(64, 48, pixels, PngWriter.Rgb, 8, false), null, null,
            Array.Empty<LookoutMetrics.IO.ColorMapEntry>(), Array.Empty<LookoutMetrics.IO.ColorMapEntry>(), "ok.png");
        Assert.StartsWith("data:image/jpeg;base64,", uri);
    }
}
