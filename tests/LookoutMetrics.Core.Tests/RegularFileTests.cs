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
            var read = Task.Run(() => LocalStore.Instance.ReadAllAsync(Location.File(path), WholeRead.MaxFileBytes, default));
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

    [Fact]
    public void LinksAndJunctionsAreToldByTheirAttributesWhereRealPathsCannotBeHad()
    {
        // The check Windows uses (where the runtime has FileSystemInfo.LinkTarget, a reparse point that is no link, as a cloud file's
        // placeholder, is no link); here on Linux links, whose attributes carry ReparsePoint as Windows' do.
        if (OperatingSystem.IsWindows()) return;
        string file = Path.Combine(_dir, "plain.out"), folder = Path.Combine(_dir, "folder");
        File.WriteAllText(file, "{}");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(_dir, "file-link"), file);
        Directory.CreateSymbolicLink(Path.Combine(_dir, "folder-link"), folder);
        File.CreateSymbolicLink(Path.Combine(_dir, "dangling"), Path.Combine(_dir, "gone"));
        Assert.False(Walls.IsLinkOrJunction(file));
        Assert.False(Walls.IsLinkOrJunction(folder));
        Assert.True(Walls.IsLinkOrJunction(Path.Combine(_dir, "file-link")));
        Assert.True(Walls.IsLinkOrJunction(Path.Combine(_dir, "folder-link")));
        Assert.True(Walls.IsLinkOrJunction(Path.Combine(_dir, "dangling")));
        Assert.ThrowsAny<IOException>(() => Walls.IsLinkOrJunction(Path.Combine(_dir, "missing")));
        Assert.True(Walls.IsLink(Path.Combine(_dir, "file-link")));
        Assert.False(Walls.IsLink(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public async Task AFileLinkInAListedFolderIsReadOnlyWhenItStaysInside()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.Combine(_dir, "preds"));
        Directory.CreateDirectory(Path.Combine(_dir, "private"));
        File.WriteAllText(Path.Combine(_dir, "preds/a.jpg.out"), "{}");
        File.WriteAllText(Path.Combine(_dir, "private/secret.out"), "{}");
        File.CreateSymbolicLink(Path.Combine(_dir, "preds/alias.jpg.out"), Path.Combine(_dir, "preds/a.jpg.out"));
        File.CreateSymbolicLink(Path.Combine(_dir, "preds/out.jpg.out"), Path.Combine(_dir, "private/secret.out"));
        File.CreateSymbolicLink(Path.Combine(_dir, "preds/zero.jpg.out"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(_dir, "preds/dangling.jpg.out"), Path.Combine(_dir, "private/gone.out"));
        var page = await LocalStore.Instance.ListPageAsync(Location.File(Path.Combine(_dir, "preds")), null, default);
        var refused = page.Objects.Where(o => o.Refused != null).Select(o => Path.GetFileName(o.Location.Text)).ToList();
        Assert.Equal(["dangling.jpg.out", "out.jpg.out", "zero.jpg.out"], refused);
        Assert.Null(page.Objects.Single(o => o.Location.Text.EndsWith("alias.jpg.out")).Refused);
        // A link to a folder is no file: not listed (the runtime lists it among the folders), and not followed.
        Directory.CreateSymbolicLink(Path.Combine(_dir, "preds/images"), Path.Combine(_dir, "private"));
        page = await LocalStore.Instance.ListPageAsync(Location.File(Path.Combine(_dir, "preds")), null, default);
        Assert.DoesNotContain(page.Objects, o => o.Location.Text.Contains("images"));
        var e = page.Objects.Single(o => o.Location.Text.EndsWith("out.jpg.out") && o.Refused != null).Refused!;
        Assert.Equal(ErrorIds.ReferenceOutsideRoots, e.ErrorId);
        Assert.DoesNotContain("private", e.Message);
        Assert.DoesNotContain("secret", e.Message);
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

/// <summary>Items read whole are capped and read a piece at a time (issue 28, points 3 and 4).</summary>
public sealed class WholeReadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfv-whole-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AFileOverItsCapIsOneErrorNamingItAndTheCapAndNothingIsRead()
    {
        string big = Path.Combine(_dir, "a.jpg.out");
        using (var f = File.Create(big)) f.SetLength(WholeRead.MaxOutBytes + 1);
        Assert.Equal(WholeRead.MaxOutBytes, WholeRead.CapFor(Location.File(big)));
        Assert.Equal(WholeRead.MaxFileBytes, WholeRead.CapFor(Location.File(Path.Combine(_dir, "preds.jsonl"))));
        var e = await Assert.ThrowsAsync<SourceException>(() => LocalStore.Instance.ReadAllAsync(Location.File(big), WholeRead.MaxOutBytes, default));
        Assert.Equal(ErrorIds.FileTooLarge, e.ErrorId);
        Assert.Contains($"'{big}' is {WholeRead.MaxOutBytes + 1:N0} bytes", e.Message);
        Assert.Contains($"at most {WholeRead.MaxOutBytes:N0} bytes", e.Message);
        // Just under the cap is read, byte for byte.
        string small = Path.Combine(_dir, "b.jpg.out");
        File.WriteAllBytes(small, Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
        Assert.Equal(File.ReadAllBytes(small), await LocalStore.Instance.ReadAllAsync(Location.File(small), 100_000, default));
        Assert.Equal(ErrorIds.FileTooLarge, (await Assert.ThrowsAsync<SourceException>(() =>
            LocalStore.Instance.ReadAllAsync(Location.File(small), 99_999, default))).ErrorId);
    }

    [Fact]
    public async Task AStreamOfUnknownLengthIsCutAtTheCap()
    {
        // A stream that never ends (as /dev/zero would, or a body whose length is not told): the read stops at the cap.
        var endless = new OpenedArtifact(Location.File(Path.Combine(_dir, "endless")), new LookoutMetrics.IO.CountingStream(new Endless(), null),
            new MemoryStream());
        var e = await Assert.ThrowsAsync<SourceException>(() => WholeRead.ReadAsync(endless, 1 << 20, default));
        Assert.Equal(ErrorIds.FileTooLarge, e.ErrorId);
        Assert.Contains("larger than that", e.Message);
    }

    [Fact]
    public async Task CancellingEndsARead()
    {
        var endless = new OpenedArtifact(Location.File(Path.Combine(_dir, "endless")), new LookoutMetrics.IO.CountingStream(new Endless(), null),
            new MemoryStream());
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WholeRead.ReadAsync(endless, long.MaxValue, stop.Token));
    }

    private sealed class Endless : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { Thread.Sleep(1); return count; }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
