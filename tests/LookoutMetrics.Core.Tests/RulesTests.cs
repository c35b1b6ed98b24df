using System.Text.Json;
using LookoutMetrics.Aws;
using LookoutMetrics.Errors;
using LookoutMetrics.Comparison;
using LookoutMetrics.IO;
using LookoutMetrics.Json;
using LookoutMetrics.Metrics;
using LookoutMetrics.Verification;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>The verification rule: which reported figure against which recomputed one, tolerance and NaN.</summary>
public class MetricVerifierTests
{
    private static EvaluationSummary Summary(double precision = 0.8, double rocAuc = 0.9, long images = 40) => new()
    {
        ProjectName = "p", ModelVersion = "2", Precision = precision, Recall = 0.7, F1Score = 0.75,
        ROCAUC = rocAuc, AveragePrecision = 0.85, Images = images,
    };

    [Fact]
    public void AResultFileIsCheckedOnSixFiguresAndDescribeModelOnThree()
    {
        var result = new EvaluationResult { Precision = 0.8, Recall = 0.7, F1Score = 0.75, ROCAUC = 0.9, AveragePrecision = 0.85, NumberOfTestingImages = 40 };
        var performance = new ModelPerformance { Precision = 0.8, Recall = 0.7, F1Score = 0.75 };
        var rows = MetricVerifier.Check(Summary(), result, performance, 1e-4).ToList();
        Assert.Equal(
            ["Precision", "Recall", "F1Score", "ROCAUC", "AveragePrecision", "NumberOfTestingImages", "Precision", "Recall", "F1Score"],
            rows.Select(r => r.Metric));
        Assert.Equal(6, rows.Count(r => r.ReportedBy == MetricVerifier.ByEvaluationResult));
        Assert.Equal(3, rows.Count(r => r.ReportedBy == MetricVerifier.ByDescribeModel));
        Assert.All(rows, r => Assert.True(r.Agrees));
    }

    [Fact]
    public void AFigureNotReportedIsNotChecked()
    {
        var rows = MetricVerifier.Check(Summary(), new EvaluationResult { Precision = 0.8 }, null, 1e-4).ToList();
        Assert.Equal("Precision", Assert.Single(rows).Metric);
    }

    [Theory]
    [InlineData(0.8, 0.80009, true)]
    [InlineData(0.8, 0.8001, true)]
    [InlineData(0.8, 0.80011, false)]
    [InlineData(0.8, 0.79989, false)]
    public void ToleranceIsInclusive(double reported, double recomputed, bool agrees)
    {
        var row = MetricVerifier.Row("p", "1", "Precision", "x", reported, recomputed, 1e-4)!;
        Assert.Equal(agrees, row.Agrees);
        Assert.Equal(recomputed - reported, row.Difference!.Value, 12);
    }

    [Fact]
    public void BothNaNAgreeWithNoDifferenceButOneNaNDoesNot()
    {
        var both = MetricVerifier.Row("p", "1", "ROCAUC", "x", double.NaN, double.NaN, 1e-4)!;
        Assert.True(both.Agrees);
        Assert.Equal(0.0, both.Difference);
        Assert.False(MetricVerifier.Row("p", "1", "ROCAUC", "x", 0.5, double.NaN, 1e-4)!.Agrees);
        Assert.False(MetricVerifier.Row("p", "1", "ROCAUC", "x", double.NaN, 0.5, 1e-4)!.Agrees);
    }

    [Fact]
    public void TheSetOfTheModelIsPickedElseTheOnlyOne()
    {
        var a = new ScoreSet("p", "1", "m");
        var b = new ScoreSet("p", "2", "m");
        Assert.Same(b, MetricVerifier.SetFor([a, b], "p", "2"));
        Assert.Null(MetricVerifier.SetFor([a, b], "p", "3"));
        Assert.Same(a, MetricVerifier.SetFor([a], "other", "9"));
        Assert.Null(MetricVerifier.SetFor([], "p", "1"));
    }

    [Fact]
    public void ARunPassesOnlyWhenSomethingWasCheckedEverythingAgreedAndNoErrorWasWritten()
    {
        var run = new VerificationRun();
        Assert.False(run.Passed(0)); // nothing checked is not a pass
        run.Record(MetricVerifier.Row("p", "1", "Precision", "x", 0.5, 0.5, 0)!);
        Assert.True(run.Passed(0));
        Assert.False(run.Passed(1)); // an error on the way: a figure was not checked
        run.Record(MetricVerifier.Row("p", "1", "Recall", "x", 0.5, 0.6, 0)!);
        Assert.False(run.Passed(0));
        Assert.Equal(2, run.Checked);
        Assert.Equal(1, run.Disagreed);

        // A figure that could not be checked fails the run, unless the caller accepts unchecked figures.
        var partial = new VerificationRun();
        partial.Record(MetricVerifier.Row("p", "1", "Precision", "x", 0.5, 0.5, 0)!);
        partial.Record(MetricVerifier.Unchecked("p", "1", [new PixelClassMetric { ClassName = "crack", F1Score = 0.4 }], 0, "no masks").Single());
        Assert.Equal(1, partial.Unchecked);
        Assert.False(partial.Passed(0));
        Assert.True(partial.Passed(0, allowUnchecked: true));
        var none = new VerificationRun();
        none.Record(MetricVerifier.Unchecked("p", "1", [new PixelClassMetric { ClassName = "crack", F1Score = 0.4 }], 0, "no masks").Single());
        Assert.False(none.Passed(0, allowUnchecked: true)); // nothing checked at all is never a pass
    }

    [Fact]
    public void AVerificationChecksTheModelsSetAndItsPixelsOnlyWhenMeasured()
    {
        var a = new ScoreSet("p", "1", "m");
        a.Add(0.9, true, true, 1);
        a.Add(0.2, false, false, 2);
        var result = new EvaluationResult { ProjectName = "p", ModelVersion = "1", Precision = 1, Recall = 1, F1Score = 1,
            PixelAnomalyClassMetrics = new PixelClassMetricList(new[] { new PixelClassMetric { ClassName = "crack", F1Score = 0.5 } }) };
        var c = VerificationCase.ForManifest("/x/EvaluationManifest-p-1.json", null);
        Assert.Equal("/x/EvaluationResult-p-1.json", c.ResultLocation);
        Assert.Equal("p/1", c.Model);
        c.Take(result);
        var classification = MetricVerifier.Verify(c, [a], (_, _) => null, 0.0001, "the masks are elsewhere");
        Assert.Equal(["Precision", "Recall", "F1Score", "F1Score"], classification.Select(r => r.Metric));
        Assert.All(classification.Take(3), r => Assert.True(r.Agrees));
        var pixel = classification[3];
        Assert.Equal("crack", pixel.ClassName);
        Assert.Null(pixel.Agrees);
        Assert.Null(pixel.Recomputed);
        Assert.Equal("the masks are elsewhere", pixel.Reason);
        var pixels = MetricVerifier.Verify(c, [a], (_, _) => new[] { new LabelPerformance { ClassName = "crack", F1Score = 0.5 } }, 0.0001);
        var f1 = pixels.Single(r => r.ClassName == "crack" && r.Metric == "F1Score");
        Assert.True(f1.Agrees);
        var e = Assert.Throws<ArtifactException>(() => MetricVerifier.Verify(c, [new ScoreSet("q", "1", "m"), new ScoreSet("q", "2", "m")], (_, _) => null, 0.0001));
        Assert.Equal("ModelNotInManifest", e.ErrorId);
        Assert.Contains("(it holds several models)", e.Message);
    }

    [Theory]
    [InlineData("C:\\runs\\EvaluationResult-circuit-board-2.json", "C:\\runs\\EvaluationManifest-circuit-board-2.json")]
    [InlineData("s3://bucket/out/EvaluationResult-p-10.json", "s3://bucket/out/EvaluationManifest-p-10.json")]
    [InlineData("EvaluationResult-p-1.json", "EvaluationManifest-p-1.json")]
    [InlineData("s3://bucket/out/result.json", null)]
    [InlineData("/runs/evaluationresult-x-1.json", "/runs/evaluationmanifest-x-1.json")]
    [InlineData("/runs/EVALUATIONRESULT-x-1.json", "/runs/EVALUATIONMANIFEST-x-1.json")]
    [InlineData("/runs/Evaluationresult-x-1.json", "/runs/EvaluationManifest-x-1.json")]
    public void TheManifestOfAResultIsTheOneBesideIt(string result, string? manifest)
    {
        Assert.Equal(manifest, ArtifactNames.ManifestBeside(result));
        // Both ways: the manifest's result is the result again.
        if (manifest != null) Assert.Equal(result.Replace("Evaluationresult", "EvaluationResult"), ArtifactNames.ResultBeside(manifest));
        var c = VerificationCase.ForResult(new EvaluationResult { Source = result, ProjectName = "p", ModelVersion = "1" });
        Assert.Equal(manifest, c?.ManifestLocation);
    }

    [Theory]
    [InlineData("s3://b/EvaluationManifest-p-1.json", ArtifactKind.EvaluationManifest)]
    [InlineData("/x/evaluationmanifest-p-1.json", ArtifactKind.EvaluationManifest)]
    [InlineData("C:\\x\\EVALUATIONRESULT-p-1.json", ArtifactKind.EvaluationResult)]
    [InlineData("/x/evaluationresult-p-1.json", ArtifactKind.EvaluationResult)]
    [InlineData("/x/manifest.json", null)]
    [InlineData("/EvaluationManifest-p-1.json/other.json", null)]
    public void ArtifactNamesAreRecognisedInAnyCase(string location, ArtifactKind? kind) => Assert.Equal(kind, ArtifactNames.KindOf(location));

    [Fact]
    public void AModelCaseNamesBothArtifacts()
    {
        var c = VerificationCase.ForModel(new ModelPerformance
        {
            ProjectName = "p", ModelVersion = "3", EvaluationManifestUri = "s3://b/m.json", EvaluationResultUri = "s3://b/r.json",
        });
        Assert.Equal("p/3", c.Model);
        Assert.Equal("s3://b/m.json", c.ManifestLocation);
        Assert.Equal("s3://b/r.json", c.ResultLocation);
        Assert.Equal("3", c.ModelVersion);
    }
}

/// <summary>The comparison rule: the metric table and which is better.</summary>
public class ModelComparerTests
{
    private static Func<string, double?> Values(params (string, double)[] values) =>
        name => values.Where(v => v.Item1 == name).Select(v => (double?)v.Item2).FirstOrDefault();

    [Fact]
    public void HigherIsBetterExceptForErrorCounts()
    {
        var rows = ModelComparer.Compare("p 1", Values(("Precision", 0.8), ("FalsePositives", 5)), null, "p 2", Values(("Precision", 0.9), ("FalsePositives", 7)), null, new ComparisonOptions(), null);
        Assert.Equal(["Precision", "FalsePositives"], rows.Select(r => r.Metric));
        Assert.Equal("Difference", rows[0].Better);
        Assert.Equal(0.1, rows[0].Change!.Value, 12);
        Assert.Equal("Reference", rows[1].Better);
        Assert.Equal(2.0, rows[1].Change);
    }

    [Fact]
    public void RoundingIsEqualAndNaNOrMissingHasNoVerdict()
    {
        var rows = ModelComparer.Compare("a", Values(("Recall", 0.7), ("ROCAUC", double.NaN), ("F1Score", 0.5)), null, "b", Values(("Recall", 0.7 + 1e-15), ("ROCAUC", 0.9)), null, new ComparisonOptions(), null);
        Assert.Equal("Equal", rows.Single(r => r.Metric == "Recall").Better);
        var auc = rows.Single(r => r.Metric == "ROCAUC");
        Assert.Equal(string.Empty, auc.Better);
        Assert.Null(auc.Change);
        var f1 = rows.Single(r => r.Metric == "F1Score");
        Assert.Null(f1.DifferenceValue);
        Assert.Equal(string.Empty, f1.Better);
    }

    [Fact]
    public void EveryMetricIsInTheTableInOrder()
    {
        Assert.Equal(["Precision", "Recall", "F1Score", "ROCAUC", "AveragePrecision", "Accuracy", "FalsePositives", "FalseNegatives"],
            MetricTable.All.Select(m => m.Name));
        Assert.False(ModelComparer.HasAnyMetric(_ => null));
        Assert.True(ModelComparer.HasAnyMetric(Values(("Accuracy", 1))));
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(3, 3.0)]
    [InlineData(3L, 3.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("x", null)]
    [InlineData(null, null)]
    public void NumbersComeFromNumbersAndInvariantText(object? value, double? expected) =>
        Assert.Equal(expected, ModelComparer.AsNumber(value));
}

/// <summary>'latest' is the highest version number.</summary>
public class ModelVersionsTests
{
    [Fact]
    public void TheLatestIsTheHighestNumberNotTheLastListed()
    {
        var tracker = new LatestModelTracker();
        foreach (var v in new[] { "2", "10", "9", "1" }) tracker.Offer(new ModelSummary { ModelVersion = v });
        Assert.Equal("10", tracker.Latest!.ModelVersion);
    }

    [Fact]
    public void ANonNumberRanksBelowEveryNumber()
    {
        Assert.Equal(-1, ModelVersions.Number("beta"));
        Assert.True(ModelVersions.IsLater("1", "beta"));
        Assert.False(ModelVersions.IsLater("beta", "1"));
        Assert.True(ModelVersions.IsLater("beta", null));
        Assert.True(ModelVersions.IsLatestAlias("latest"));
        Assert.False(ModelVersions.IsLatestAlias("Latest"));
    }
}

public class JsonValuesTests
{
    [Fact]
    public void MembersReadLeniently()
    {
        using var doc = JsonDocument.Parse("""{"s":"x","n":2.5,"o":{"a":1},"arr":[{"k":1},3,{"k":2}],"t":1600000000,"iso":"2021-06-01T09:05:42Z"}""");
        var root = doc.RootElement;
        Assert.Equal("x", JsonValues.String(root, "s"));
        Assert.Equal("2.5", JsonValues.String(root, "n"));
        Assert.Equal(string.Empty, JsonValues.String(root, "o"));
        Assert.Equal(string.Empty, JsonValues.String(root, "missing"));
        Assert.Equal(JsonValueKind.Object, JsonValues.Object(root, "o").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, JsonValues.Object(root, "s").ValueKind);
        Assert.Equal(2, JsonValues.Objects(root, "arr").Count());
        Assert.Equal(2.5, JsonValues.Number(root, "n"));
        Assert.Null(JsonValues.Number(root, "s"));
        Assert.Equal(new DateTime(2020, 9, 13, 12, 26, 40, DateTimeKind.Utc), JsonValues.Time(root, "t"));
        Assert.Equal(new DateTime(2021, 6, 1, 9, 5, 42, DateTimeKind.Utc), JsonValues.Time(root, "iso"));
        Assert.Equal(JsonValues.String(default, "x"), string.Empty);
    }

    [Fact]
    public void FirstSentenceDropsThePositionDetails() =>
        Assert.Equal("'x' is an invalid start of a value", JsonValues.FirstSentence("'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0."));
}

public class ServiceErrorAdviceTests
{
    [Theory]
    [InlineData("ResourceNotFoundException", 404, "ResourceNotFound", ErrorKind.ObjectNotFound)]
    [InlineData("AccessDeniedException", 403, "AccessDenied", ErrorKind.PermissionDenied)]
    [InlineData("ValidationException", 400, "ValidationFailed", ErrorKind.InvalidArgument)]
    [InlineData("ThrottlingException", 429, "Throttled", ErrorKind.LimitsExceeded)]
    [InlineData("SlowDown", 429, "Throttled", ErrorKind.LimitsExceeded)]
    [InlineData("ConflictException", 409, "Conflict", ErrorKind.ResourceBusy)]
    [InlineData("ServiceQuotaExceededException", 402, "QuotaExceeded", ErrorKind.QuotaExceeded)]
    [InlineData("InvalidSignatureException", 403, "AuthenticationFailed", ErrorKind.AuthenticationError)]
    [InlineData("RequestTimeout", 0, "RequestTimeout", ErrorKind.OperationTimeout)]
    [InlineData("NetworkError", 0, "EndpointUnreachable", ErrorKind.ConnectionError)]
    [InlineData("InternalServerException", 500, "ServiceError", ErrorKind.ResourceUnavailable)]
    [InlineData("Teapot", 418, "ServiceError", ErrorKind.NotSpecified)]
    public void EveryDocumentedErrorHasItsIdAndKind(string code, int status, string id, ErrorKind kind)
    {
        var advice = ServiceErrorAdvice.For(new LookoutVisionException("m", code, status, 1));
        Assert.Equal(id, advice.ErrorId);
        Assert.Equal(kind, advice.Kind);
    }

    [Theory]
    [InlineData("InvalidUri", 0, "InvalidUri", ErrorKind.InvalidArgument)]
    [InlineData("NoSuchKey", 404, "S3ObjectNotFound", ErrorKind.ObjectNotFound)]
    [InlineData("NoSuchBucket", 404, "S3ObjectNotFound", ErrorKind.ObjectNotFound)]
    [InlineData("AccessDenied", 403, "S3AccessDenied", ErrorKind.PermissionDenied)]
    [InlineData("InternalError", 500, "S3ReadFailed", ErrorKind.ReadError)]
    public void S3FailuresHaveTheirIds(string code, int status, string id, ErrorKind kind)
    {
        var advice = ServiceErrorAdvice.For(new S3ArtifactException("s3://b/k", code, status, "m"));
        Assert.Equal(id, advice.ErrorId);
        Assert.Equal(kind, advice.Kind);
    }
}
