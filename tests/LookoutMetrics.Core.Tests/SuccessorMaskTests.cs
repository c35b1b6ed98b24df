using System;
using System.Linq;
using LookoutMetrics;
using System.Collections.Generic;
using LookoutMetrics.Comparison;
using LookoutMetrics.IO;
using LookoutMetrics.Statistics;
using LookoutMetrics.Segmentation;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// A successor's masks as it really writes them (issue 26, points 1-3): in its own colours, matched by name; none at all for an
/// image it calls normal; one class in grayscale (anomalib's pred_mask). Each count is worked out by hand from four pixels.
/// </summary>
public class SuccessorMaskTests
{
    private const int White = 0xFFFFFF, Scratch = 0x2CA02C, Crack = 0xD62728;

    private static byte[] Rgb(params int[] pixels) => PngWriter.Write(pixels.Length, 1, pixels, PngWriter.Rgb, 8, false);

    // A grayscale PNG: each value is the gray level (0..255), as anomalib saves pred_mask.
    private static byte[] Gray(params int[] levels) => PngWriter.Write(levels.Length, 1, levels.Select(v => v << 16 | v << 8 | v).ToArray(), PngWriter.Gray, 8, false);

    private static EvaluationImage Image(string truthMap, string predictedMap) => new EvaluationImage
    {
        ImageName = "img.jpg", AnomalyMaskRef = "gt.png", PredictedAnomalyMaskRef = "pred.png", AnomalyColorMap = truthMap, PredictedAnomalyColorMap = predictedMap,
        Source = "/runs/EvaluationManifest-p-1.json", LineNumber = 1,
    };

    private static (long Tp, long Fp, long Fn) Label(MaskResult result, string name)
    {
        Assert.Null(result.Problem);
        var label = result.Counts!.Labels.Single(l => l.ClassName.Equals(name, StringComparison.OrdinalIgnoreCase));
        return (label.TruePositives, label.FalsePositives, label.FalseNegatives);
    }

    [Fact]
    public void ASuccessorsOwnColoursAreMatchedToTheGroundTruthsLabelsByName()
    {
        var image = Image("BACKGROUND=#ffffff;crack=#d62728", "BACKGROUND=#ffffff;Crack=#ff0000");
        var result = SegmentationPipeline.Count(image, Rgb(Crack, Crack, White, White), Rgb(0xFF0000, White, 0xFF0000, White));
        Assert.Equal((1L, 1L, 1L), Label(result, "crack"));
        Assert.Empty(result.Counts!.UnknownColors);
        Assert.Single(result.Counts.Labels);
    }

    [Fact]
    public void ASuccessorsColourThatIsAnotherLabelsGroundTruthColourStaysItsOwnLabel()
    {
        // The successor draws scratch in the colour the ground truth gives crack.
        var image = Image("BACKGROUND=#ffffff;crack=#d62728;scratch=#2ca02c", "BACKGROUND=#ffffff;scratch=#d62728");
        var result = SegmentationPipeline.Count(image, Rgb(Crack, Scratch, White, White), Rgb(Crack, Crack, White, White));
        Assert.Equal((0L, 0L, 1L), Label(result, "crack"));
        Assert.Equal((1L, 1L, 0L), Label(result, "scratch"));
    }

    [Fact]
    public void NoPredictedMaskIsAnAllBackgroundPredictionSoAMissedDefectCounts()
    {
        var image = Image("BACKGROUND=#ffffff;scratch=#2ca02c", MaskPlan.BackgroundOnly);
        image.PredictedAnomalyMaskRef = string.Empty;
        var request = MaskPlan.For(image, null);
        Assert.Equal(MaskNeed.Measure, request.Need);
        Assert.Null(request.Predicted);
        var result = SegmentationPipeline.Count(image, Rgb(Scratch, Scratch, White, White), Array.Empty<byte>());
        Assert.Equal((0L, 0L, 2L), Label(result, "scratch"));
        // A retired model's line without its predicted mask is still a problem, not a silent all-background.
        var retired = Image("BACKGROUND=#ffffff;scratch=#2ca02c", string.Empty);
        retired.PredictedAnomalyMaskRef = string.Empty;
        Assert.Equal(MaskNeed.Problem, MaskPlan.For(retired, null).Need);
    }

    [Fact]
    public void AGrayscaleMaskWithoutAMapIsOneClassTheImagesOnlyLabel()
    {
        var image = Image("BACKGROUND=#ffffff;scratch=#2ca02c", "BACKGROUND=#ffffff;scratch=#2ca02c;crack=#d62728;anomaly=*");
        var result = SegmentationPipeline.Count(image, Rgb(Scratch, Scratch, White, White), Gray(255, 0, 255, 0));
        Assert.Equal((1L, 1L, 1L), Label(result, "scratch"));
        Assert.Empty(result.Counts!.UnknownColors);
    }

    [Fact]
    public void AGrayscaleMaskOnAnImageOfTwoLabelsIsAnomalyAgainstTheirUnionAndAZeroOneMaskReadsAlike()
    {
        var image = Image("BACKGROUND=#ffffff;scratch=#2ca02c;crack=#d62728", "BACKGROUND=#ffffff;anomaly=*");
        var result = SegmentationPipeline.Count(image, Rgb(Scratch, Crack, White, White), Gray(1, 1, 1, 0));
        Assert.Equal((2L, 1L, 0L), Label(result, "anomaly"));
        Assert.DoesNotContain(result.Counts!.Labels, l => l.ClassName == "scratch" || l.ClassName == "crack");
        // On a normal image (no label, no ground-truth mask) its pixels are false positives of "anomaly", never dropped.
        var normal = Image(string.Empty, "BACKGROUND=#ffffff;anomaly=*");
        normal.AnomalyMaskRef = string.Empty;
        Assert.Equal((0L, 1L, 0L), Label(SegmentationPipeline.Count(normal, Array.Empty<byte>(), Gray(255, 0, 0, 0)), "anomaly"));
    }

    [Fact]
    public void AColourMaskWithoutAMapCountsTheFalsePositivesOfALabelTheImageLacks()
    {
        // The image's ground truth has scratch only; the mask paints crack (a label of the test set) where there is none.
        var image = Image("BACKGROUND=#ffffff;scratch=#2ca02c", "BACKGROUND=#ffffff;scratch=#2ca02c;crack=#d62728;anomaly=*");
        var result = SegmentationPipeline.Count(image, Rgb(Scratch, Scratch, White, White), Rgb(Crack, Scratch, White, White));
        Assert.Equal((1L, 0L, 1L), Label(result, "scratch"));
        Assert.Equal((0L, 1L, 0L), Label(result, "crack"));
    }

    [Fact]
    public void AWildcardSurvivesTheColourMapsText()
    {
        var map = ColorMap.Parse("BACKGROUND=#ffffff;anomaly=*");
        Assert.True(ColorMap.HasWildcard(map));
        Assert.Equal("BACKGROUND=#ffffff;anomaly=*", ColorMap.Format(map));
    }
}

public class UnknownColourTests
{
    [Fact]
    public void AColourInNoMapIsNamedAndRedAndBlueSwappedIsSaid()
    {
        // crack is #d62728; the mask holds #2827d6 (its BGR) and #123456, in no map.
        int[] truth = { 0xD62728, 0xFFFFFF, 0xFFFFFF, 0xFFFFFF };
        int[] predicted = { 0x2827D6, 0x123456, 0x123456, 0xFFFFFF };
        var image = new EvaluationImage { ImageName = "i.jpg", AnomalyColorMap = "BACKGROUND=#ffffff;crack=#d62728", PredictedAnomalyColorMap = "BACKGROUND=#ffffff;crack=#d62728" };
        var result = SegmentationPipeline.Count(image, PngWriter.Write(4, 1, truth, PngWriter.Rgb, 8, false), PngWriter.Write(4, 1, predicted, PngWriter.Rgb, 8, false));
        var metrics = new SegmentationMetrics("p", "s", "m.json");
        metrics.Add(result.Counts!);
        string warning = metrics.UnknownColorWarning()!;
        Assert.Contains("#2827d6 (1 pixels in 1 images; it is crack's #d62728 with red and blue swapped (a mask written as BGR))", warning);
        Assert.Contains("#123456 (2 pixels in 1 images)", warning);
    }
}

/// <summary>Two segmentation models compared label by label (issue 26, point 7): pooled pixel figures and AIOU, a paired bootstrap over images.</summary>
public class SegmentationComparisonTests
{
    private static LabelPerformance Label(string version, IEnumerable<(string Image, long Tp, long Fp, long Fn)> images)
    {
        var metrics = new SegmentationMetrics("cookies", version, "m.json");
        foreach (var (image, tp, fp, fn) in images)
        {
            var pixels = new LabelPixels("crack", 0xD62728) { };
            typeof(LabelPixels).GetProperty("TruePositives")!.SetValue(pixels, tp);
            typeof(LabelPixels).GetProperty("FalsePositives")!.SetValue(pixels, fp);
            typeof(LabelPixels).GetProperty("FalseNegatives")!.SetValue(pixels, fn);
            metrics.Add(new ImagePixelCounts(new[] { pixels }, new Dictionary<int, long>(), 100), "s3://b/" + image);
        }
        return metrics.Labels().Single();
    }

    [Fact]
    public void EachFiguresChangeIsTestedOverThePairedImagesAndItsIntervalIsTheSameBootstrap()
    {
        var random = new Random(7);
        var truth = Enumerable.Range(0, 30).Select(i => (Image: $"img{i}.jpg", Gt: (long)random.Next(0, 40))).ToList();
        // A finds about half of each defect, B about 80%, with a few false positives each.
        var a = truth.Select(t => (t.Image, Tp: t.Gt / 2, Fp: (long)random.Next(0, 6), Fn: t.Gt - t.Gt / 2)).ToList();
        var b = truth.Select(t => (t.Image, Tp: t.Gt * 4 / 5, Fp: (long)random.Next(0, 6), Fn: t.Gt - t.Gt * 4 / 5)).ToList();
        var la = Label("1", a);
        var lb = Label("seg", b);
        var options = new ComparisonOptions { Samples = 1000, Seed = 11 };
        var rows = SegmentationComparer.Compare(la, lb, options, null);
        Assert.Equal(new[] { "Precision", "Recall", "F1Score", "AIOU" }, rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal("crack", r.ClassName));
        Assert.Equal(lb.Recall - la.Recall, rows[1].Change!.Value, 12);
        Assert.Equal(la.AIOU, rows[3].ReferenceValue);

        // The same replicates, computed here from the definitions (pooled pixels; AIOU over the images whose truth has the label).
        double Figure(IList<(string, long Tp, long Fp, long Fn)> c, int[] draw, int m)
        {
            long tp = draw.Sum(i => c[i].Tp), fp = draw.Sum(i => c[i].Fp), fn = draw.Sum(i => c[i].Fn);
            var withLabel = draw.Where(i => c[i].Tp + c[i].Fn > 0).ToList();
            return m switch
            {
                0 => tp + fp == 0 ? 0 : (double)tp / (tp + fp),
                1 => tp + fn == 0 ? 0 : (double)tp / (tp + fn),
                2 => 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn),
                _ => withLabel.Count == 0 ? double.NaN : withLabel.Average(i => (double)c[i].Tp / (c[i].Tp + c[i].Fp + c[i].Fn)),
            };
        }
        for (int m = 0; m < 4; m++)
        {
            var replicates = new double[options.Samples];
            for (int r = 0; r < options.Samples; r++)
            {
                var rng = RandomSource.ForReplicate(options.Seed, r);
                var draw = Enumerable.Range(0, 30).Select(_ => rng.NextInt(30)).ToArray();
                replicates[r] = Figure(b, draw, m) - Figure(a, draw, m);
            }
            var expected = ChangeIntervals.Bootstrap(replicates, 0.95);
            Assert.Equal(expected.Lower, rows[m].ChangeInterval!.Lower, 12);
            Assert.Equal(expected.Upper, rows[m].ChangeInterval!.Upper, 12);
            Assert.Equal(Inference.BootstrapPValue(replicates), rows[m].PValue!.Value, 12);
        }
        Assert.Equal(ComparisonVerdict.Better, rows[0].Decision);
        Assert.StartsWith("'crack': cookies seg is better on 30 paired images", rows[0].Verdict);
        // The same model against itself: no change, p = 1.
        var same = SegmentationComparer.Compare(la, Label("1", a), options, null);
        Assert.All(same, r => Assert.Equal(0.0, r.Change));
        Assert.All(same, r => Assert.Equal(1.0, r.PValue));
        Assert.Equal(ComparisonVerdict.NoDifference, same[0].Decision);
    }
}

public class JpegMaskTests
{
    [Fact]
    public void AJpegMaskIsDecodedAndItsColoursSnappedToItsMap()
    {
        // A crack drawn on white, 64 x 48, saved as PNG (the ground truth) and as a JPEG at quality 85 (the prediction).
        const int W = 64, H = 48;
        var pixels = new int[W * H];
        for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) pixels[y * W + x] = x >= 16 && x < 40 && y >= 12 && y < 30 ? 0xD62728 : 0xFFFFFF;
        byte[] png = PngWriter.Write(W, H, pixels, PngWriter.Rgb, 8, false);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        using var encoded = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 85);
        byte[] jpeg = encoded.ToArray();
        Assert.True(MaskDecoder.IsJpeg(jpeg));
        using (var mask = MaskDecoder.Open(jpeg, "mask.jpg")) Assert.True(Assert.IsType<DecodedMask>(mask).Lossy);
        var image = new EvaluationImage { ImageName = "i.jpg", AnomalyColorMap = "BACKGROUND=#ffffff;crack=#d62728", PredictedAnomalyColorMap = "BACKGROUND=#ffffff;crack=#d62728" };
        var result = SegmentationPipeline.Count(image, png, jpeg);
        Assert.Null(result.Problem);
        var crack = result.Counts!.Labels.Single(l => l.ClassName == "crack");
        // 24 x 18 = 432 pixels; JPEG's ringing at the edges moves a few, and no colour is left in no map.
        Assert.InRange(crack.TruePositives, 420, 432);
        Assert.InRange(crack.FalsePositives + crack.FalseNegatives, 0, 24);
        Assert.Empty(result.Counts.UnknownColors);
        // Read as exact colours (no snapping), the same JPEG would leave most of its pixels in no map.
        using var raw = MaskDecoder.Open(jpeg, "mask.jpg");
        var rgba = ((DecodedMask)raw).Rgba;
        int off = 0;
        for (int i = 0; i < rgba.Length; i += 4) if (!(rgba[i] == 0xFF && rgba[i + 1] == 0xFF && rgba[i + 2] == 0xFF) && !(rgba[i] == 0xD6 && rgba[i + 1] == 0x27 && rgba[i + 2] == 0x28)) off++;
        Assert.True(off > 50, $"{off} pixels off the map's colours");
    }
}
