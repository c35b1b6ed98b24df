using System.IO.Compression;
using System.Text;
using LookoutMetrics.IO;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Input that once ended a read or reached the terminal raw: each now costs its own line at most.</summary>
public class ManifestDefectTests
{
    private static List<ManifestEntry> Read(byte[] bytes) => ManifestReader.Read(new MemoryStream(bytes), "m.json").ToList();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void InvalidUtf8InsideAStringCostsItsLineAlone()
    {
        var bad = Utf8(ManifestLines.Line(1, 1, 0.9, "PLACEHOLDER.jpg"));
        // Replace the image name's first byte with 0xFF, which is never UTF-8.
        int at = Encoding.UTF8.GetString(bad).IndexOf("PLACEHOLDER", StringComparison.Ordinal);
        bad[at] = 0xFF;
        var bytes = Utf8(ManifestLines.Line(1, 1, 0.9, "a.jpg") + "\n").Concat(bad).Concat(Utf8("\n" + ManifestLines.Line(0, 0, 0.8, "c.jpg") + "\n")).ToArray();
        var entries = Read(bytes);
        Assert.Equal(3, entries.Count);
        Assert.Equal("a.jpg", entries[0].Image!.ImageName);
        Assert.Contains("not UTF-8", entries[1].Problem!.Message);
        Assert.Equal(2, entries[1].Problem!.LineNumber);
        Assert.Equal("c.jpg", entries[2].Image!.ImageName);
    }

    [Fact]
    public void AByteOrderMarkAtTheStartOfALineInTheMiddleIsIgnored()
    {
        var bytes = Utf8(ManifestLines.Line(1, 1, 0.9, "a.jpg") + "\n").Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat(Utf8(ManifestLines.Line(0, 0, 0.8, "b.jpg") + "\n")).ToArray();
        var entries = Read(bytes);
        Assert.All(entries, e => Assert.Null(e.Problem));
        Assert.Equal(["a.jpg", "b.jpg"], entries.Select(e => e.Image!.ImageName));
    }

    [Fact]
    public void ControlCharactersFromTheInputAreShownEscaped()
    {
        var entries = Read(Utf8("\u001b[31mred\u0007\n" + ManifestLines.Line(1, 1, 0.9) + "\n"));
        string message = entries[0].Problem!.Message;
        Assert.DoesNotContain(message, c => c < 0x20 || (c >= 0x7F && c <= 0x9F));
        Assert.NotNull(entries[1].Image);
        Assert.Equal("Line 1: \\u001b[31m", new DataProblem("X", "m", 1, "Line 1: \u001b[31m").Message);
        Assert.Equal("a\\u0000b\\u009bc", DataProblem.Printable("a\0b\u009bc"));
    }

    [Fact]
    public void AGzipManifestIsReadAsIfItWereNotCompressed()
    {
        var text = string.Join("\n", Enumerable.Range(0, 500).Select(i => ManifestLines.Line(i % 2, i % 3 == 0 ? 1 : 0, 0.75, $"img{i}.jpg")));
        var zipped = new MemoryStream();
        using (var gz = new GZipStream(zipped, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Utf8(text));
        var entries = Read(zipped.ToArray());
        Assert.Equal(500, entries.Count(e => e.Image != null));
        Assert.Equal("img499.jpg", entries[^1].Image!.ImageName);

        // Cut short: every whole line before the cut is kept; the cut line is the one error, at the end.
        var cut = zipped.ToArray().Take((int)zipped.Length * 2 / 3).ToArray();
        var partial = Read(cut);
        var problem = Assert.Single(partial, e => e.Problem != null).Problem!;
        Assert.True(partial.Count(e => e.Image != null) > 100);
        Assert.Same(problem, partial[^1].Problem);

        // Damaged in the middle: the lines before the damage are kept, and one error says the rest cannot be read.
        var damaged = zipped.ToArray();
        for (int i = damaged.Length / 2; i < damaged.Length / 2 + 40; i++) damaged[i] ^= 0x5A;
        var kept = Read(damaged);
        Assert.Contains(kept, e => e.Problem != null && (e.Problem.Message.Contains("cannot be read past line") || e.Problem.Message.Contains("not valid JSON")));
        Assert.True(kept.Count(e => e.Image != null) > 50);
    }
}
