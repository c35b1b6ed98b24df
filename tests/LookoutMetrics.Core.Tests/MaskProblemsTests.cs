using LookoutMetrics.Errors;
using LookoutMetrics.Segmentation;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>When each mask problem is said: none of a model's masks found is one error, else each in its place.</summary>
public class MaskProblemsTests
{
    private static EvaluationImage Image(int n) => new() { ProjectName = "cookies", ModelVersion = "1", ImageName = $"cookie_{n:000}.jpg" };

    private static MaskException NotFound(int n) =>
        new(ErrorIds.MaskNotFound, ErrorKind.ObjectNotFound, $"mask {n} does not exist") { Location = $"/copy/masks/m{n}.png" };

    private static readonly ImagePixelCounts Nothing = new([], new Dictionary<int, long>(), 0);

    [Fact]
    public void NoneOfAModelsMasksFoundIsOneErrorThatSaysWhereItLooked()
    {
        var model = new SegmentationMetrics("cookies", "1", "m.json");
        var problems = new MaskProblems(maskRootGiven: true);
        for (int i = 1; i <= 3; i++) Assert.Empty(problems.Failed(model, Image(i), NotFound(i)));
        var said = Assert.Single(problems.Finish());
        Assert.Equal(ErrorIds.MasksNotFound, said.Error.ErrorId);
        Assert.Null(said.Image);
        Assert.Equal("cookies 1", said.Target);
        Assert.Contains("None of the 3 masks of cookies 1", said.Error.Message);
        Assert.Contains("/copy/masks/m1.png", said.Error.Message);
        Assert.Contains("Check -MaskRoot", said.Error.Message);
        Assert.Equal(3, model.ImagesLeftOut);
        Assert.Empty(problems.Finish());
    }

    [Fact]
    public void OnceAnImageIsMeasuredWhatWasHeldIsSaidInOrderAndTheRestAtOnce()
    {
        var model = new SegmentationMetrics("cookies", "1", "m.json");
        var problems = new MaskProblems(maskRootGiven: false);
        Assert.Empty(problems.Failed(model, Image(1), NotFound(1)));
        Assert.Empty(problems.Failed(model, Image(2), NotFound(2)));
        model.Add(Nothing);
        Assert.Equal(["cookie_001.jpg", "cookie_002.jpg"], problems.Measured(model).Select(p => p.Target));
        Assert.Equal("cookie_004.jpg", Assert.Single(problems.Failed(model, Image(4), NotFound(4))).Target);
        Assert.Empty(problems.Finish());
    }

    [Fact]
    public void OtherProblemsAreNeverHeldAndOneMissingMaskIsItself()
    {
        var model = new SegmentationMetrics("cookies", "1", "m.json");
        var problems = new MaskProblems(maskRootGiven: false);
        var invalid = new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, "damaged");
        Assert.Same(invalid, Assert.Single(problems.Failed(model, Image(1), invalid)).Error);
        Assert.Empty(problems.Failed(model, Image(2), NotFound(2)));
        var said = Assert.Single(problems.Finish());
        Assert.Equal(ErrorIds.MaskNotFound, said.Error.ErrorId);
        Assert.Equal("cookie_002.jpg", said.Image!.ImageName);
    }
}
