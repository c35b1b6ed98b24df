using LookoutMetrics.IO;
using LookoutMetrics.Reports;
using LookoutMetrics.Segmentation;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>What a report gathers and shows, and which images' masks are measured: the rules of Core/Reports and Core/Segmentation.</summary>
public class ReportRulesTests
{
    private static EvaluationImage Image(string project, string version, int i, bool correct = true, bool masks = false) => new()
    {
        ProjectName = project, ModelVersion = version, SourceRef = $"s3://b/img{i}.jpg", ImageName = $"img{i}.jpg", LineNumber = i, Source = $"/m/{project}-{version}.json",
        ActualLabel = EvaluationImage.AnomalyLabel, PredictedLabel = correct ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel, IsCorrect = correct,
        AnomalyMaskRef = masks ? $"s3://bucket/mask{i}.png" : string.Empty, PredictedAnomalyMaskRef = masks ? $"s3://bucket/pred{i}.png" : string.Empty,
    };

    [Fact]
    public void InputsAreGroupedByModelInTheOrderFirstSeenAndKeepTheFirstSource()
    {
        var inputs = new ReportInputs();
        Assert.Equal(ReportItem.Taken, inputs.Take(Image("b", "1", 1)));
        Assert.Equal(ReportItem.Taken, inputs.Take(Image("a", "2", 2)));
        Assert.Equal(ReportItem.Taken, inputs.Take(Image("b", "1", 3)));
        Assert.Equal(["b 1", "a 2"], inputs.Models.Select(m => m.Name));
        Assert.Equal(2, inputs.Models[0].Images.Count);
        Assert.Equal("/m/b-1.json", inputs.Models[0].Source);
        // A result read beside a manifest never replaces one that came down the pipeline; a piped one does.
        inputs.Take(new EvaluationResult { ProjectName = "b", ModelVersion = "1", F1Score = 0.5 });
        inputs.Add(new EvaluationResult { ProjectName = "b", ModelVersion = "1", F1Score = 0.9 });
        Assert.Equal(0.5, inputs.Models[0].Result!.F1Score);
    }

    [Theory]
    [InlineData("EvaluationManifest-p-1.json", ReportItem.ManifestFile)]
    [InlineData("evaluationmanifest-p-1.json", ReportItem.ManifestFile)]
    [InlineData("EVALUATIONRESULT-p-1.json", ReportItem.ResultFile)]
    [InlineData("notes.json", ReportItem.Unknown)]
    public void FilesAreTakenByTheirNamesInAnyCase(string name, ReportItem item) =>
        Assert.Equal(item, new ReportInputs().Take(new FileInfo(Path.Combine(Path.GetTempPath(), name))));

    [Fact]
    public void TheResultBesideAManifestIsFoundInEitherCase()
    {
        var present = new HashSet<string> { "/x/evaluationresult-p-1.json", "/y/EvaluationResult-p-2.json" };
        Assert.Equal("/x/evaluationresult-p-1.json", ReportInputs.ResultBeside("/x/evaluationmanifest-p-1.json", present.Contains));
        // A renamed manifest beside the result as the service named it.
        Assert.Equal("/y/EvaluationResult-p-2.json", ReportInputs.ResultBeside("/y/evaluationmanifest-p-2.json", present.Contains));
        Assert.Null(ReportInputs.ResultBeside("/z/EvaluationManifest-p-3.json", present.Contains));
        Assert.Null(ReportInputs.ResultBeside("/z/manifest.json", present.Contains));
        // In S3 the name is read as it is (a missing object is an error there, not a guess).
        Assert.Equal("s3://b/o/evaluationresult-p-1.json", ReportInputs.ResultBeside("s3://b/o/evaluationmanifest-p-1.json", _ => false));
    }

    [Fact]
    public void ThumbnailsAreTheMistakesThenTheWorstImagesPerLabelUpToTheLimit()
    {
        var inputs = new ReportInputs();
        foreach (int i in new[] { 1, 2, 3, 4 }) inputs.Take(Image("p", "1", i, correct: i % 2 == 0));
        foreach (int i in new[] { 5, 6 }) inputs.Take(Image("q", "1", i, correct: false));
        var p = inputs.Models[0];
        p.ImageLabels.Add(new ImageLabelPerformance { SourceRef = "s3://b/img4.jpg", IoU = 0.1, InGroundTruth = true });
        p.ImageLabels.Add(new ImageLabelPerformance { SourceRef = "s3://b/img2.jpg", IoU = 0.3, Predicted = true });
        p.ImageLabels.Add(new ImageLabelPerformance { SourceRef = "s3://b/img1.jpg", IoU = 0.0, InGroundTruth = true }); // already shown as a mistake
        p.ImageLabels.Add(new ImageLabelPerformance { SourceRef = "s3://b/img3.jpg", IoU = 0.05 }); // neither in the ground truth nor predicted
        var all = ReportPlan.Thumbnails(inputs.Models, 100).Select(t => t.Model.Name + ":" + t.Image.ImageName).ToList();
        Assert.Equal(["p 1:img1.jpg", "p 1:img3.jpg", "p 1:img4.jpg", "p 1:img2.jpg", "q 1:img5.jpg", "q 1:img6.jpg"], all);
        Assert.Equal(all.Take(3), ReportPlan.Thumbnails(inputs.Models, 3).Select(t => t.Model.Name + ":" + t.Image.ImageName));
    }

    [Fact]
    public void MasksAreMeasuredOnlyWhereNoLabelsWerePipedIn()
    {
        var model = new ReportModelInput("p", "1");
        model.Images.Add(Image("p", "1", 1));
        Assert.Null(ReportPlan.MasksToMeasure(model));
        model.Images.Add(Image("p", "1", 2, masks: true));
        Assert.Equal("img2.jpg", ReportPlan.MasksToMeasure(model)!.ImageName);
        model.Labels.Add(new LabelPerformance { ClassName = "crack" });
        Assert.Null(ReportPlan.MasksToMeasure(model));
    }

    [Fact]
    public void AnImageNeedsBothMasksOrNone()
    {
        Assert.Equal(MaskNeed.None, MaskPlan.For(Image("p", "1", 1), null).Need);
        var both = MaskPlan.For(Image("p", "1", 2, masks: true), null);
        Assert.Equal(MaskNeed.Measure, both.Need);
        Assert.True(both.NeedsS3);
        var onlyTruth = Image("p", "1", 3, masks: true);
        onlyTruth.PredictedAnomalyMaskRef = string.Empty;
        var missing = MaskPlan.For(onlyTruth, null);
        Assert.Equal(MaskNeed.Problem, missing.Need);
        Assert.Equal("MissingMask", missing.Problem!.ErrorId);
        Assert.Contains("has a ground-truth mask but no predicted mask", missing.Problem.Message);
        var root = Path.Combine(Path.GetTempPath(), "copy");
        var local = MaskPlan.For(Image("p", "1", 4, masks: true), root);
        Assert.False(local.NeedsS3);
        Assert.Equal(Path.Combine(root, "mask4.png"), local.GroundTruth!.Text);
        Assert.True(MaskPlan.CanRead(null, "s3://b/m.json", "s3://b/mask.png"));
        Assert.False(MaskPlan.CanRead(null, "/m.json", "s3://b/mask.png"));
        Assert.True(MaskPlan.CanRead("/copy", "/m.json", "s3://b/mask.png"));
    }
}

/// <summary>Which versions a report compares, what its summary says, and where the threshold marker sits.</summary>
public class ReportComparisonRulesTests
{
    private static ReportModel Model(string project, string version) => new() { Name = project + " " + version, ProjectName = project, ModelVersion = version };

    [Fact]
    public void VersionsAreComparedOneAfterAnotherInNumericOrderThenNamedOnes()
    {
        var models = new[] { Model("p", "10"), Model("p", "sagemaker-1"), Model("p", "2"), Model("q", "1"), Model("p", "1"), Model("p", "patchcore"),
            Model("r", "a"), Model("r", "b") };
        var warnings = new List<string>();
        var pairs = ReportBuilder.Pairs(models, null, warnings).Select(x => $"{x.Reference.Name}>{x.Other.Name}").ToList();
        // Each successor is held to the model it would replace, never to another successor; names alone follow one another.
        Assert.Equal(["p 1>p 2", "p 2>p 10", "p 10>p sagemaker-1", "p 10>p patchcore", "r a>r b"], pairs);
        Assert.Empty(warnings);
    }

    [Fact]
    public void ABaselineIsComparedWithEveryOtherVersionAndOneItLacksIsOneWarning()
    {
        var models = new[] { Model("p", "1"), Model("p", "2"), Model("p", "3"), Model("q", "1"), Model("q", "2") };
        var warnings = new List<string>();
        var pairs = ReportBuilder.Pairs(models, "3", warnings).Select(x => $"{x.Reference.Name}>{x.Other.Name}").ToList();
        Assert.Equal(["p 3>p 1", "p 3>p 2", "q 1>q 2"], pairs);
        Assert.Equal(["q has no version '3' to compare with (-Baseline): its versions (1, 2) are compared as without it."], warnings);
    }

    [Fact]
    public void TheSummaryCountsFiguresAndSaysWhatIsMissingOnce()
    {
        var a = Model("p", "1");
        a.Summary = new EvaluationSummary();
        a.Checks.AddRange([new MetricCheck { Metric = "F1Score", Agrees = true }, new MetricCheck { Metric = "Recall", Agrees = false },
            new MetricCheck { Metric = "F1Score", ClassName = "crack", Agrees = null }]);
        var b = Model("p", "2");       // a result alone, no error said about it
        var c = Model("p", "3");       // a result alone, its missing manifest already an error
        var summary = ReportBuilder.Summarize([a, b, c], [new ReportProblem { Item = "p/3", Reason = "Model p/3 has no evaluation manifest" }]);
        Assert.Equal(3, summary.Models);
        Assert.Equal(2, summary.FiguresChecked);
        Assert.Equal(1, summary.Disagree);
        Assert.Equal(1, summary.Unchecked);
        Assert.Equal(["p 1 (Recall)"], summary.Disagreeing);
        Assert.Equal(["p 2", "p/3"], summary.Problems.Select(p => p.Item));
    }

    [Fact]
    public void TheMarkerSitsAtTheModelsThresholdWhereNoPointLiesBetween()
    {
        var set = new Metrics.ScoreSet("p", "1", "m");
        // Anomaly scores 0.2 (normal), 0.45 (normal), 0.57 (anomaly), 0.9 (anomaly): the model's point is 0.57, its threshold 0.5.
        foreach (var (score, anomaly) in new[] { (0.2, false), (0.45, false), (0.57, true), (0.9, true) })
            set.Add(new EvaluationImage { ProjectName = "p", ModelVersion = "1", SourceRef = $"s3://b/{score}.jpg",
                ActualLabel = anomaly ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                PredictedLabel = score >= 0.5 ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                Confidence = score >= 0.5 ? score : 1 - score, AnomalyScore = score, IsCorrect = true });
        var summary = new EvaluationSummary { TruePositives = 2, FalsePositives = 0 };
        var curve = ReportBuilder.Curve(set, null, summary);
        Assert.Equal(0.57, curve.Threshold[curve.ModelPoint], 9);
        Assert.Equal(0.5, curve.MarkerThreshold);
        // At -Threshold 0.4 a point (0.45) lies between it and the point the summary's counts name: the marker stays on that point.
        var at = ReportBuilder.Curve(set, 0.4, summary);
        Assert.Equal(0.57, at.MarkerThreshold, 9);
    }
}
