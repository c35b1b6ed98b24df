using System.Diagnostics;
using System.Text.Json;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Sources;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>Runs the Pillow and NumPy oracle (tests/oracles/segmentation_oracle.py) with Debian's python3.</summary>
public static class Oracle
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LookoutMetrics.psd1"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (with LookoutMetrics.psd1) was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Runs tests/oracles/&lt;script&gt; with /usr/bin/python3, JSON in and out.</summary>
    public static JsonDocument Run(string script, object input)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", Path.Combine(RepoRoot, "tests", "oracles", script))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(start)!;
        p.StandardInput.Write(JsonSerializer.Serialize(input));
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"The oracle {script} failed (exit {p.ExitCode}); build.ps1 -Task Test installs python3-pil, python3-numpy, python3-sklearn, python3-scipy and python3-statsmodels:\n{stderr}");
        return JsonDocument.Parse(stdout.Result);
    }
}

public class MaskLocatorTests
{
    private static string Locate(string reference, string manifest, string? root = null)
    {
        Assert.True(References.TryLocate(reference, manifest, root, out var location, out string error), error);
        return (location.IsS3 ? "s3 " : "file ") + location.Text;
    }

    [Fact]
    public void S3ReferencesStayInS3UnlessAMaskRootMapsThem()
    {
        Assert.Equal("s3 s3://bkt/masks/a.png", Locate("s3://bkt/masks/a.png", "/m/EvaluationManifest-p-1.json"));
        Assert.Equal("file " + Path.GetFullPath("/copy/masks/a.png"), Locate("s3://bkt/masks/a.png", "/m/x.json", "/copy"));
    }

    [Fact]
    public void RelativeReferencesFollowTheManifest()
    {
        Assert.Equal("file " + Path.GetFullPath("/runs/p/masks/a.png"), Locate("masks/a.png", "/runs/p/EvaluationManifest-p-1.json"));
        Assert.Equal("s3 s3://bkt/out/masks/a.png", Locate("masks/a.png", "s3://bkt/out/EvaluationManifest-p-1.json"));
        Assert.Equal("file " + Path.GetFullPath("/copy/out/masks/a.png"), Locate("masks/a.png", "s3://bkt/out/EvaluationManifest-p-1.json", "/copy"));
    }

    [Theory]
    [InlineData("s3://bkt/../../etc/passwd")]
    [InlineData("../../etc/passwd")]
    [InlineData("masks/../../x.png")]
    [InlineData("http://example.com/a.png")]
    [InlineData("s3://b")]
    [InlineData("")]
    public void ReferencesThatLeaveTheirFolderOrAreNotLocationsAreRefused(string reference) =>
        Assert.False(References.TryLocate(reference, "/m/x.json", "/copy", out _, out _));
}

/// <summary>Roots as walls (issue 28, point 1): a reference is read only inside the roots given, by its path and by its real path.</summary>
public sealed class WallsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfv-walls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (bool Ok, bool Refused, string Error, string? At) Try(string reference, string source, string? root, string kind = "mask",
        string parameter = "-MaskRoot")
    {
        bool ok = References.TryLocate(reference, source, root, kind, parameter, out var location, out string error, out bool refused);
        return (ok, refused, error, ok ? location.Text : null);
    }

    private string Make(string relative, string text = "x")
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/proc/self/environ")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/no-such-file-here")]
    public void AnAbsolutePathOutsideEveryRootIsRefusedAndNothingIsSaidOfIt(string reference)
    {
        string manifest = Make("out/EvaluationManifest-p-1.json");
        var found = Try(reference, manifest, null);
        Assert.False(found.Ok);
        Assert.True(found.Refused);
        Assert.Contains($"'{reference}'", found.Error);
        Assert.Contains("-MaskRoot <folder>", found.Error);
        // A file that is there and one that is not get the same words: the message says nothing of what lies outside.
        Assert.Equal(found.Error.Replace(reference, "R"), Try("/etc/no-such-file-here", manifest, null).Error.Replace("/etc/no-such-file-here", "R"));
        // From an S3 manifest, a local path is refused just the same.
        Assert.True(Try(reference, "s3://bkt/out/EvaluationManifest-p-1.json", null).Refused);
    }

    [Fact]
    public void AnAbsolutePathInsideARootIsReadAsUsual()
    {
        string manifest = Make("out/EvaluationManifest-p-1.json");
        string mask = Make("out/masks/a.png");
        Assert.Equal(mask, Try(mask, manifest, null).At);
        string elsewhere = Make("data/masks/b.png");
        Assert.True(Try(elsewhere, manifest, null).Refused);
        Assert.Equal(elsewhere, Try(elsewhere, manifest, Path.Combine(_dir, "data")).At);
        Assert.Equal(elsewhere, Try("file://" + elsewhere, manifest, Path.Combine(_dir, "data")).At);
        // A root's name is a whole folder: 'data' does not admit 'data2'.
        Assert.True(Try(Make("data2/c.png"), manifest, Path.Combine(_dir, "data")).Refused);
        // An S3 manifest's local reference needs a local root given for it.
        Assert.True(Try(elsewhere, "s3://bkt/EvaluationManifest-p-1.json", null).Refused);
        Assert.Equal(elsewhere, Try(elsewhere, "s3://bkt/EvaluationManifest-p-1.json", Path.Combine(_dir, "data")).At);
    }

    [Fact]
    public void ASymbolicLinkUnderARootThatLeadsOutOfItIsRefused()
    {
        if (OperatingSystem.IsWindows()) return;
        string manifest = Make("out/EvaluationManifest-p-1.json");
        string secret = Make("private/secret.png");
        Directory.CreateDirectory(Path.Combine(_dir, "out", "masks"));
        File.CreateSymbolicLink(Path.Combine(_dir, "out", "masks", "a.png"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_dir, "out", "linked"), Path.Combine(_dir, "private"));
        File.CreateSymbolicLink(Path.Combine(_dir, "out", "masks", "dangling.png"), Path.Combine(_dir, "private", "gone.png"));
        foreach (string reference in new[] { "masks/a.png", "linked/secret.png", "masks/dangling.png", "linked/gone.png" })
        {
            var found = Try(reference, manifest, null);
            Assert.True(found.Refused, reference);
            Assert.DoesNotContain("secret", found.Error.Replace(reference, string.Empty));
        }
        // A link that stays inside its root is followed.
        string inside = Make("out/masks/real.png");
        File.CreateSymbolicLink(Path.Combine(_dir, "out", "masks", "alias.png"), inside);
        Assert.True(Try("masks/alias.png", manifest, null).Ok);
        // The same links under -MaskRoot (a bucket's copy): refused too.
        Assert.True(Try("s3://bkt/masks/a.png", "s3://bkt/EvaluationManifest-p-1.json", Path.Combine(_dir, "out")).Refused);
        Assert.True(Try("s3://bkt/masks/alias.png", "s3://bkt/EvaluationManifest-p-1.json", Path.Combine(_dir, "out")).Ok);
        // A root given through a link is its real folder.
        Directory.CreateSymbolicLink(Path.Combine(_dir, "root-link"), Path.Combine(_dir, "out"));
        Assert.True(Try(Path.Combine(_dir, "root-link", "masks", "real.png"), manifest, Path.Combine(_dir, "root-link")).Ok);
    }

    [Theory]
    [InlineData("/etc/pass\0wd")]
    [InlineData("masks/a\0.png")]
    [InlineData("file:///etc/a%00b")]
    public void AReferenceThatIsNoPathIsItsImagesErrorNotTheCommandsEnd(string reference)
    {
        var found = Try(reference, Make("EvaluationManifest-p-1.json"), null);
        Assert.False(found.Ok);
        Assert.False(found.Refused);
    }

    [Fact]
    public void WhereRealPathsCannotBeHadALinkBelowTheRootRefusesAReference()
    {
        // The fallback of Windows (junctions need no rights there): a link or junction anywhere between the root and the reference.
        if (OperatingSystem.IsWindows()) return;
        string root = Path.Combine(_dir, "root");
        string plain = Make("root/masks/a.png");
        Assert.False(Walls.AnyLinkBelow(root, plain));
        Assert.False(Walls.AnyLinkBelow(root, Path.Combine(root, "masks", "missing.png")));
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(_dir, "elsewhere"));
        Assert.True(Walls.AnyLinkBelow(root, Path.Combine(root, "linked", "b.png")));
        File.CreateSymbolicLink(Path.Combine(root, "masks", "c.png"), plain);
        Assert.True(Walls.AnyLinkBelow(root + "/", Path.Combine(root, "masks", "c.png")));
    }

    [Theory]
    [InlineData(@"C:\masks\CON.png", true)]
    [InlineData(@"C:\masks\nul", true)]
    [InlineData(@"C:\masks\com1.txt", true)]
    [InlineData(@"C:\masks\LPT9.png", true)]
    [InlineData(@"C:\masks\console.png", false)]
    [InlineData(@"C:\masks\com0.png", false)]
    [InlineData(@"C:\masks\cookie_001.png", false)]
    public void WindowsDeviceNamesAreTold(string path, bool device) =>
        Assert.Equal(device, RegularFile.IsDeviceName(path.Replace('\\', Path.DirectorySeparatorChar)));

    [Fact]
    public void S3ReferencesAreReadInAnyBucketTheCredentialsReach()
    {
        // The service's own layout: the manifest in the output bucket, the images and ground-truth masks in the dataset's bucket.
        Assert.True(Try("s3://out-bucket/masks/a.png", "s3://out-bucket/p/EvaluationManifest-p-1.json", null).Ok);
        Assert.True(Try("s3://dataset-bucket/masks/a.png", "s3://out-bucket/p/EvaluationManifest-p-1.json", null).Ok);
        Assert.True(Try("s3://dataset-bucket/masks/a.png", Make("EvaluationManifest-p-1.json"), null).Ok);
    }

    [Fact]
    public void ASuccessorsMaskIsReadBesideItsPredictionFile()
    {
        string manifest = Make("truth/EvaluationManifest-p-1.json");
        string prediction = Make("successor/a.jpg.out");
        string mask = Make("successor/masks/a.png");
        var image = new EvaluationImage
        {
            ImageName = "a.jpg", Source = manifest, PredictionSource = prediction, ActualLabel = EvaluationImage.NormalLabel,
            PredictedAnomalyMaskRef = mask, PredictedAnomalyColorMap = "BACKGROUND=#ffffff;crack=#ff0000",
        };
        Assert.Equal(MaskNeed.Measure, MaskPlan.For(image, null).Need);
        image.PredictedAnomalyMaskRef = "/etc/passwd";
        var refused = MaskPlan.For(image, null);
        Assert.Equal("ReferenceOutsideRoots", refused.Problem!.ErrorId);
        Assert.Contains("predicted mask reference '/etc/passwd'", refused.Problem.Message);
    }
}

public class PixelCounterTests
{
    private const int White = 0xFFFFFF, Scratch = 0x2CA02C, Crack = 0xD62728, Dent = 0x1F77B4;

    private static DecodedMask Mask(int width, params int[] rgb)
    {
        var bytes = new byte[rgb.Length * 4];
        for (int i = 0; i < rgb.Length; i++)
        {
            bytes[4 * i] = (byte)(rgb[i] >> 16); bytes[4 * i + 1] = (byte)(rgb[i] >> 8); bytes[4 * i + 2] = (byte)rgb[i]; bytes[4 * i + 3] = 255;
        }
        return new DecodedMask(width, rgb.Length / width, bytes);
    }

    private static IReadOnlyList<ColorMapEntry> Map(string text) => ColorMap.Parse(text);

    [Fact]
    public void OverlappingLabelsInOneImageAreCountedPerPixel()
    {
        var gt = Mask(4, Scratch, Scratch, Crack, White, Crack, White, White, White);
        var pr = Mask(4, Scratch, Crack, Crack, Scratch, White, White, White, White);
        var counts = PixelCounter.Count(gt, pr, Map("BACKGROUND=#ffffff;scratch=#2CA02C;crack=#d62728"), Map("BACKGROUND=#FFFFFF;scratch=#2ca02c;crack=#D62728"), "img");
        var scratch = counts.Labels.Single(l => l.ClassName == "scratch");
        var crack = counts.Labels.Single(l => l.ClassName == "crack");
        Assert.Equal((1L, 1L, 1L), (scratch.TruePositives, scratch.FalsePositives, scratch.FalseNegatives));
        Assert.Equal((1L, 1L, 1L), (crack.TruePositives, crack.FalsePositives, crack.FalseNegatives));
        Assert.Equal(1.0 / 3.0, scratch.IoU, 12);
        Assert.Empty(counts.UnknownColors);
    }

    [Fact]
    public void EmptyMasksHaveNoLabelPixelsAndNoIoU()
    {
        var counts = PixelCounter.Count(Mask(2, White, White), Mask(2, White, White), Map("BACKGROUND=#ffffff;scratch=#2ca02c"), Map("BACKGROUND=#ffffff"), "img");
        var scratch = Assert.Single(counts.Labels);
        Assert.Equal(0, scratch.Union);
        Assert.True(double.IsNaN(scratch.IoU));
    }

    [Fact]
    public void ALabelOnlyPredictedOrOnlyInTheGroundTruthComesFromEitherMap()
    {
        var counts = PixelCounter.Count(Mask(3, Crack, White, White), Mask(3, White, Dent, White), Map("BACKGROUND=#ffffff;crack=#d62728"), Map("BACKGROUND=#ffffff;dent=#1f77b4"), "img");
        var crack = counts.Labels.Single(l => l.ClassName == "crack");
        var dent = counts.Labels.Single(l => l.ClassName == "dent");
        Assert.Equal((0L, 0L, 1L), (crack.TruePositives, crack.FalsePositives, crack.FalseNegatives));
        Assert.Equal((0L, 1L, 0L), (dent.TruePositives, dent.FalsePositives, dent.FalseNegatives));
    }

    [Fact]
    public void IndexZeroIsNotAssumedToBeBackgroundAndAMapNeedNotHaveOne()
    {
        // Index 0 is a label; there is no BACKGROUND entry, yet white is still background.
        var counts = PixelCounter.Count(Mask(2, Scratch, White), Mask(2, Scratch, Scratch), Map("scratch=#2ca02c"), Map("scratch=#2ca02c"), "img");
        var scratch = Assert.Single(counts.Labels);
        Assert.Equal((1L, 1L, 0L), (scratch.TruePositives, scratch.FalsePositives, scratch.FalseNegatives));
        // A background of another colour, named so.
        var black = PixelCounter.Count(Mask(2, 0x000000, Scratch), Mask(2, 0x000000, 0x000000), Map("scratch=#2ca02c;BACKGROUND=#000000"), Map("BACKGROUND=#000000"), "img");
        Assert.Equal((0L, 0L, 1L), (black.Labels[0].TruePositives, black.Labels[0].FalsePositives, black.Labels[0].FalseNegatives));
        Assert.Empty(black.UnknownColors);
    }

    [Fact]
    public void AColourInNoMapIsCountedAsUnknownAndAsNoLabel()
    {
        var counts = PixelCounter.Count(Mask(3, Scratch, 0x123456, White), Mask(3, 0x123456, 0x123456, White), Map("scratch=#2ca02c"), Map(""), "img");
        Assert.Equal(3L, counts.UnknownColors[0x123456]);
        Assert.Equal(1L, counts.Labels[0].FalseNegatives);
    }

    [Fact]
    public void MasksOfDifferentSizesAreRefused()
    {
        var e = Assert.Throws<MaskException>(() => PixelCounter.Count(Mask(2, White, White), Mask(1, White, White), Map(""), Map(""), "cookie_7.jpg"));
        Assert.Equal("MaskSizeMismatch", e.ErrorId);
        Assert.Contains("cookie_7.jpg", e.Message);
    }

    [Fact]
    public void TheModelsMetricsPoolPixelsAndAverageIoUOverImagesWithTheLabel()
    {
        var map = Map("BACKGROUND=#ffffff;scratch=#2ca02c");
        var metrics = new SegmentationMetrics("p", "1", "m");
        // Image 1: IoU 1/3; image 2: no scratch in the ground truth, two false positives; image 3: IoU 1.
        metrics.Add(PixelCounter.Count(Mask(3, Scratch, Scratch, White), Mask(3, White, Scratch, Scratch), map, map, "1"));
        metrics.Add(PixelCounter.Count(Mask(2, White, White), Mask(2, Scratch, Scratch), map, map, "2"));
        metrics.Add(PixelCounter.Count(Mask(1, Scratch), Mask(1, Scratch), map, map, "3"));
        var label = Assert.Single(metrics.Labels());
        Assert.Equal((2L, 3L, 1L), (label.TruePositivePixels, label.FalsePositivePixels, label.FalseNegativePixels));
        Assert.Equal(2, label.ImagesWithLabel);
        Assert.Equal(3, label.ImagesPredicted);
        Assert.Equal((1.0 / 3.0 + 1.0) / 2.0, label.AIOU, 12);
        Assert.Equal(2.0 / 6.0, label.MicroIoU, 12);
        Assert.Equal(2.0 / 5.0, label.Precision, 12);
        Assert.Equal(2.0 / 3.0, label.Recall, 12);
        Assert.Equal(4.0 / 8.0, label.F1Score, 12);
        Assert.Equal("#2ca02c", label.Color);
    }
}

public class MaskDecoderTests
{
    private const int White = 0xFFFFFF, Black = 0x000000, Gray85 = 0x555555, Gray170 = 0xAAAAAA;
    private const int Scratch = 0x2CA02C, Crack = 0xD62728, Dent = 0x1F77B4;

    /// <summary>A deterministic picture of a few colours, with edges that do not line up with Adam7's 8x8 blocks.</summary>
    private static int[] Picture(int width, int height, int[] colors)
    {
        var px = new int[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                px[y * width + x] = colors[((x * 7 + y * 3) / 5 + (x * y) % 3) % colors.Length];
        return px;
    }

    public static TheoryData<int, int, bool> Variants()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (bool interlaced in new[] { false, true })
        {
            foreach (int depth in new[] { 1, 2, 4, 8, 16 }) data.Add(PngWriter.Gray, depth, interlaced);
            foreach (int depth in new[] { 8, 16 })
            {
                data.Add(PngWriter.Rgb, depth, interlaced);
                data.Add(PngWriter.GrayAlpha, depth, interlaced);
                data.Add(PngWriter.Rgba, depth, interlaced);
            }
            foreach (int depth in new[] { 1, 2, 4, 8 }) data.Add(PngWriter.Palette, depth, interlaced);
        }
        return data;
    }

    private static int[] ColorsFor(int colorType, int depth) => colorType switch
    {
        PngWriter.Gray or PngWriter.GrayAlpha => depth == 1 ? [White, Black] : [White, Black, Gray85, Gray170],
        PngWriter.Palette => depth == 1 ? [White, Scratch] : [White, Scratch, Crack, Dent],
        _ => [White, Scratch, Crack, Dent],
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryColourTypeBitDepthAndInterlaceDecodesToTheExactColours(int colorType, int depth, bool interlaced)
    {
        const int W = 13, H = 11;
        var pixels = Picture(W, H, ColorsFor(colorType, depth));
        var mask = MaskDecoder.Decode(PngWriter.Write(W, H, pixels, colorType, depth, interlaced), "variant.png");
        Assert.Equal((W, H), (mask.Width, mask.Height));
        for (int i = 0; i < pixels.Length; i++)
        {
            int got = (mask.Rgba[4 * i] << 16) | (mask.Rgba[4 * i + 1] << 8) | mask.Rgba[4 * i + 2];
            Assert.True(got == pixels[i], $"pixel {i}: expected #{pixels[i]:x6}, decoded #{got:x6}");
        }
    }

    [Fact]
    public void APngOfOnePixelAndOneOf4096SquaredDecode()
    {
        var one = MaskDecoder.Decode(PngWriter.Write(1, 1, [Scratch], PngWriter.Rgb, 8, false), "one.png");
        Assert.Equal(new byte[] { 0x2C, 0xA0, 0x2C, 255 }, one.Rgba);
        var big = MaskDecoder.Decode(PngWriter.Write(4096, 4096, Picture(4096, 4096, [White, Scratch]), PngWriter.Palette, 1, false), "big.png");
        Assert.Equal((4096, 4096), (big.Width, big.Height));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "JPEG")]
    [InlineData(new byte[] { (byte)'<', (byte)'?', (byte)'x', (byte)'m', (byte)'l' }, "HTML or XML")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "gzip")]
    [InlineData(new byte[0], "empty")]
    public void WhatIsNotAPngIsSaidForWhatItIs(byte[] bytes, string says)
    {
        var e = Assert.Throws<MaskException>(() => MaskDecoder.Decode(bytes, "m.png"));
        Assert.Equal("InvalidMask", e.ErrorId);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void ATruncatedPngIsRefused()
    {
        var png = PngWriter.Write(64, 64, Picture(64, 64, [White, Scratch, Crack]), PngWriter.Rgb, 8, false);
        var cut = png.Take(png.Length / 2).ToArray();
        Assert.Equal("InvalidMask", Assert.Throws<MaskException>(() => MaskDecoder.Decode(cut, "cut.png")).ErrorId);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(4096, 1100)]
    public void ReadingRowByRowGivesTheSameRowsAndRefusesACutFile(int width, int height)
    {
        // Small masks are decoded whole into a pooled buffer, large ones a chunk of rows at a time: both read alike.
        var png = PngWriter.Write(width, height, Picture(width, height, [White, Scratch, Crack]), PngWriter.Rgb, 8, false);
        var whole = MaskDecoder.Decode(png, "m.png");
        using (var rows = MaskDecoder.Open(png, "m.png"))
        {
            for (int y = 0; y < height; y++)
                Assert.True(rows.NextRow().SequenceEqual(whole.Rgba.AsSpan(y * width * 4, width * 4)), $"row {y}");
        }
        var cut = png.Take(png.Length * 2 / 3).ToArray();
        var e = Assert.Throws<MaskException>(() =>
        {
            using var rows = MaskDecoder.Open(cut, "cut.png");
            for (int y = 0; y < rows.Height; y++) rows.NextRow();
        });
        Assert.Equal("InvalidMask", e.ErrorId);
    }

    [Fact]
    public void AHeaderThatClaimsAHugeSizeIsRefusedBeforeDecoding()
    {
        var e = Assert.Throws<MaskException>(() => MaskDecoder.Decode(PngWriter.HeaderOnly(100000, 100000), "huge.png"));
        Assert.Equal("MaskTooLarge", e.ErrorId);
        Assert.Contains("100000 x 100000", e.Message);
    }
}

/// <summary>The module's figures against Pillow and NumPy on masks the test makes.</summary>
public class SegmentationOracleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lfv-masks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PerLabelMetricsAgreeWithPillowAndNumPyAcrossPngVariants()
    {
        var random = new Random(20261129);
        const int Scratch = 0x2CA02C, Crack = 0xD62728, Dent = 0x1F77B4, White = 0xFFFFFF, Stray = 0x010203;
        var variants = new (int Type, int Depth, bool Interlaced)[]
        {
            (PngWriter.Rgb, 8, false), (PngWriter.Rgb, 16, true), (PngWriter.Rgba, 8, true), (PngWriter.Rgba, 16, false),
            (PngWriter.Palette, 4, false), (PngWriter.Palette, 8, true), (PngWriter.Palette, 2, true),
        };
        var metrics = new SegmentationMetrics("p", "1", "oracle");
        var images = new List<object>();
        for (int i = 0; i < 14; i++)
        {
            int w = 7 + random.Next(60), h = 5 + random.Next(40);
            int[] Random(int[] colors, double labelled)
            {
                var px = new int[w * h];
                // Blobs: rectangles of a label on white, sometimes overlapping.
                Array.Fill(px, White);
                int blobs = random.Next(4);
                for (int b = 0; b < blobs; b++)
                {
                    int c = colors[random.Next(colors.Length)], x0 = random.Next(w), y0 = random.Next(h), bw = 1 + random.Next(w / 2 + 1), bh = 1 + random.Next(h / 2 + 1);
                    for (int y = y0; y < Math.Min(h, y0 + bh); y++)
                        for (int x = x0; x < Math.Min(w, x0 + bw); x++)
                            if (random.NextDouble() < labelled) px[y * w + x] = c;
                }
                return px;
            }
            var gt = Random([Scratch, Crack], 0.9);
            var pred = Random(i % 5 == 0 ? [Scratch, Dent, Stray] : [Scratch, Crack], 0.8);
            var (type, depth, interlaced) = variants[i % variants.Length];
            // Palettes of 2 bits hold 4 colours at most.
            if (type == PngWriter.Palette && (gt.Distinct().Count() > (1 << depth) || pred.Distinct().Count() > (1 << depth))) (type, depth) = (PngWriter.Palette, 8);
            string gtPath = Path.Combine(_dir, $"gt{i}.png"), predPath = Path.Combine(_dir, $"pred{i}.png");
            File.WriteAllBytes(gtPath, PngWriter.Write(w, h, gt, type, depth, interlaced));
            File.WriteAllBytes(predPath, PngWriter.Write(w, h, pred, type, depth, interlaced));
            // Upper-case colours in one map, lower-case in the other; a map without BACKGROUND; a label only predicted.
            string gtMap = i % 3 == 0 ? "scratch=#2CA02C;crack=#D62728" : "BACKGROUND=#ffffff;scratch=#2ca02c;crack=#d62728";
            string predMap = i % 5 == 0 ? "BACKGROUND=#FFFFFF;scratch=#2ca02c;dent=#1F77B4" : "BACKGROUND=#ffffff;crack=#d62728;scratch=#2ca02c";
            var image = new EvaluationImage { ImageName = $"img{i}", AnomalyMaskRef = gtPath, PredictedAnomalyMaskRef = predPath, AnomalyColorMap = gtMap, PredictedAnomalyColorMap = predMap };
            var result = SegmentationPipeline.Count(image, File.ReadAllBytes(gtPath), File.ReadAllBytes(predPath));
            Assert.Null(result.Problem);
            metrics.Add(result.Counts!);
            images.Add(new { gt = gtPath, pred = predPath, gtMap = Dict(gtMap), predMap = Dict(predMap) });
        }

        using var oracle = Oracle.Run("segmentation_oracle.py", new { images });
        var mine = AgreesWithTheOracle(oracle, metrics);
        Assert.True(metrics.UnknownColorPixels.ContainsKey(Stray));
        Assert.Contains("#010203", metrics.UnknownColorWarning());
    }

    /// <summary>
    /// Masks as the service's console drew them, written by Pillow: RGBA and 8-bit palette (tRNS) PNGs, each label a
    /// blob with an antialiased edge (its RGB at every alpha from 255 to 0) and the label's RGB left on a fully
    /// transparent halo, on transparent black. Counted pixel by pixel against NumPy under the rule of the reference:
    /// alpha 0 is background whatever its RGB.
    /// </summary>
    [Fact]
    public void MasksAsTheConsoleDrewThemCountTheirVisiblePixelsOnly()
    {
        const string Cracked = "#23A436", Scratch = "#2ca02c";
        var writes = new List<object>();
        var images = new List<object>();
        var metrics = new SegmentationMetrics("p", "1", "console");
        long halo = 0;
        for (int i = 0; i < 6; i++)
        {
            string mode = i % 2 == 0 ? "RGBA" : "P";
            string gt = Path.Combine(_dir, $"console-gt{i}.png"), pred = Path.Combine(_dir, $"console-pred{i}.png");
            writes.Add(new { path = gt, mode, width = 64, height = 48, background = (string?)null,
                blobs = new[] { new { hex = Cracked, cx = 20 + i, cy = 20, r = 8 + i }, new { hex = Scratch, cx = 46, cy = 30 - i, r = 5 } } });
            // The prediction: shifted blobs, one opaque pixel colour in no map on the last image.
            writes.Add(new { path = pred, mode, width = 64, height = 48, background = (string?)null,
                blobs = i == 5
                    ? new[] { new { hex = Cracked, cx = 23 + i, cy = 22, r = 7 + i }, new { hex = "#0a0b0c", cx = 5, cy = 5, r = 1 } }
                    : new[] { new { hex = Cracked, cx = 23 + i, cy = 22, r = 7 + i }, new { hex = Scratch, cx = 44, cy = 31 - i, r = 6 } } });
            // The console's maps: a defect at index 0 and no BACKGROUND entry.
            images.Add(new { gt, pred, gtMap = new Dictionary<string, string> { ["cracked"] = Cracked, ["scratch"] = Scratch },
                predMap = new Dictionary<string, string> { ["cracked"] = Cracked, ["scratch"] = Scratch } });
        }
        // A normal image without a ground-truth mask: all background, so its predicted blob is all false positives.
        string normalPred = Path.Combine(_dir, "console-normal.png");
        writes.Add(new { path = normalPred, mode = "RGBA", width = 64, height = 48, background = (string?)null, blobs = new[] { new { hex = Scratch, cx = 30, cy = 30, r = 6 } } });
        images.Add(new { gt = (string?)null, pred = normalPred, gtMap = new Dictionary<string, string>(), predMap = new Dictionary<string, string> { ["scratch"] = Scratch } });

        using var oracle = Oracle.Run("segmentation_oracle.py", new { write = writes, images });
        for (int i = 0; i < 6; i++)
        {
            string gt = Path.Combine(_dir, $"console-gt{i}.png"), pred = Path.Combine(_dir, $"console-pred{i}.png");
            Assert.Equal(i % 2 == 0 ? 6 : 3, File.ReadAllBytes(gt)[25]); // IHDR colour type: RGBA, or a palette
            var image = new EvaluationImage { ImageName = $"console{i}", AnomalyMaskRef = gt, PredictedAnomalyMaskRef = pred,
                AnomalyColorMap = $"cracked={Cracked};scratch={Scratch}", PredictedAnomalyColorMap = $"cracked={Cracked};scratch={Scratch}" };
            var result = SegmentationPipeline.Count(image, File.ReadAllBytes(gt), File.ReadAllBytes(pred));
            Assert.Null(result.Problem);
            metrics.Add(result.Counts!);
            // The soft edge is real: fully transparent pixels carry the label's RGB, and they are left out.
            var decoded = MaskDecoder.Decode(File.ReadAllBytes(gt), gt);
            for (int k = 0; k < decoded.Width * decoded.Height; k++)
                if (decoded.Rgba[4 * k + 3] == 0 && (decoded.Rgba[4 * k] | decoded.Rgba[4 * k + 1] | decoded.Rgba[4 * k + 2]) != 0) halo++;
        }
        var normal = new EvaluationImage { ImageName = "normal", PredictedAnomalyMaskRef = normalPred, ActualLabel = EvaluationImage.NormalLabel, PredictedAnomalyColorMap = $"scratch={Scratch}" };
        var blank = SegmentationPipeline.Count(normal, Array.Empty<byte>(), File.ReadAllBytes(normalPred));
        Assert.Null(blank.Problem);
        metrics.Add(blank.Counts!);
        Assert.True(halo > 500, $"{halo} transparent pixels carry a label's RGB");

        var mine = AgreesWithTheOracle(oracle, metrics);
        Assert.Equal(["cracked", "scratch"], mine.Keys.OrderBy(n => n));
        // The normal image counts as measured, its blob as false positives, and it stays out of AIOU's images.
        Assert.Equal(7, metrics.Labels().First().ImagesMeasured);
        Assert.Equal(6, mine["scratch"].ImagesWithLabel);
        Assert.True(mine["scratch"].FalsePositivePixels > 100);
        // The transparent background is no unknown colour; the one opaque stray colour still is.
        Assert.Equal([0x0A0B0C], metrics.UnknownColorPixels.Keys);
        Assert.DoesNotContain("#000000", metrics.UnknownColorWarning());
    }

    [Fact]
    public void The16BitAndInterlacedDecodingAgreesWithPillowPixelForPixel()
    {
        const int W = 37, H = 29;
        var px = new int[W * H];
        for (int i = 0; i < px.Length; i++) px[i] = (i * 2654435761u % 5) switch { 0 => 0x2CA02C, 1 => 0xD62728, 2 => 0xFFFFFF, 3 => 0x0A0B0C, _ => 0xF0E0D0 };
        string path = Path.Combine(_dir, "rgb16i.png");
        File.WriteAllBytes(path, PngWriter.Write(W, H, px, PngWriter.Rgb, 16, true));
        using var oracle = Oracle.Run("segmentation_oracle.py", new { images = new[] { new { gt = path, pred = path, gtMap = new Dictionary<string, string>(), predMap = new Dictionary<string, string>() } } });
        var pillow = oracle.RootElement.GetProperty("pixels").EnumerateArray().Select(p => p.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var mine = MaskDecoder.Decode(File.ReadAllBytes(path), path);
        Assert.Equal(W * H, pillow.Length);
        for (int i = 0; i < pillow.Length; i++)
            Assert.Equal(pillow[i], new int[] { mine.Rgba[4 * i], mine.Rgba[4 * i + 1], mine.Rgba[4 * i + 2] });
    }

    /// <summary>Every label's pixel counts and figures against Pillow and NumPy's; the module's labels by name.</summary>
    private static Dictionary<string, LabelPerformance> AgreesWithTheOracle(JsonDocument oracle, SegmentationMetrics metrics)
    {
        var expected = oracle.RootElement.GetProperty("labels");
        var mine = metrics.Labels().ToDictionary(l => l.ClassName);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n), mine.Keys.OrderBy(n => n));
        foreach (var label in expected.EnumerateObject())
        {
            var m = mine[label.Name];
            var e = label.Value;
            Assert.Equal(e.GetProperty("tp").GetInt64(), m.TruePositivePixels);
            Assert.Equal(e.GetProperty("fp").GetInt64(), m.FalsePositivePixels);
            Assert.Equal(e.GetProperty("fn").GetInt64(), m.FalseNegativePixels);
            Assert.Equal(e.GetProperty("images_with_label").GetInt64(), m.ImagesWithLabel);
            Assert.Equal(e.GetProperty("images_predicted").GetInt64(), m.ImagesPredicted);
            Assert.Equal(e.GetProperty("precision").GetDouble(), m.Precision, 12);
            Assert.Equal(e.GetProperty("recall").GetDouble(), m.Recall, 12);
            Assert.Equal(e.GetProperty("f1").GetDouble(), m.F1Score, 12);
            Assert.Equal(e.GetProperty("aiou").GetDouble(), m.AIOU, 12);
            Assert.Equal(e.GetProperty("micro_iou").GetDouble(), m.MicroIoU, 12);
        }
        return mine;
    }

    private static Dictionary<string, string> Dict(string map) =>
        ColorMap.Parse(map).ToDictionary(e => e.ClassName, e => "#" + e.Rgb.ToString("x6"));
}

/// <summary>Tests that measure the process's memory run alone: another test's large masks would count against them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";
}
