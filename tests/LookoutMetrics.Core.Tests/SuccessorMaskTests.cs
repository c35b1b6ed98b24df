using System;
using System.Linq;
using LookoutMetrics;
using LookoutMetrics.IO;
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
