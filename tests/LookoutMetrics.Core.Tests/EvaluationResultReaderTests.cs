using System.Text;
using LookoutMetrics.IO;
using Xunit;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Tests;

public class EvaluationResultReaderTests
{
    [Theory]
    [InlineData("binary", "is not an evaluation result: it is a binary file (an executable, an image or an archive?). Give the EvaluationResult-<project>-<version>.json file of the model.")]
    [InlineData("html", "is not an evaluation result: it looks like HTML or XML, such as an error page saved instead of the file. Download the result again.")]
    public void AFileThatIsNoJsonTextSaysWhatItLooksLike(string kind, string says)
    {
        byte[] bytes = kind == "binary"
            ? [0xB2, 0x00, 0x17, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x01, 0x02, 0x03]
            : System.Text.Encoding.UTF8.GetBytes("\n  <!DOCTYPE html><html><body>403 Forbidden</body></html>");
        var entry = EvaluationResultReader.Read(new MemoryStream(bytes), "r.json");
        Assert.Null(entry.Result);
        Assert.Equal(ErrorIds.InvalidEvaluationResult, entry.Problem!.ErrorId);
        Assert.Equal("'r.json' " + says, entry.Problem.Message);
        Assert.DoesNotContain("truncated", entry.Problem.Message);
    }

    private const string Classification = """
        {"Version":1,
         "EvaluationDetails":{"ModelArn":"arn:aws:lookoutvision:eu-west-1:123456789012:model/circuit-board/2",
           "EvaluationEndTimestamp":"2021-06-01T09:05:42.000Z","NumberOfTrainingImages":120,"NumberOfTestingImages":40},
         "AggregatedEvaluationResults":{"Metrics":{"ROCAUC":0.95,"AveragePrecision":0.93,"Precision":0.875,"Recall":0.7778,"F1Score":0.8235}}}
        """;

    private const string Segmentation = """
        {"Version":1,
         "EvaluationDetails":{"ModelArn":"arn:aws:lookoutvision:us-east-1:123456789012:model/cookies/1",
           "EvaluationEndTimestamp":"2021-07-12T14:00:03Z","NumberOfTrainingImages":60,"NumberOfTestingImages":24},
         "AggregatedEvaluationResults":{"Metrics":{"ROCAUC":0.86,"AveragePrecision":0.85,"Precision":0.8,"Recall":0.66,"F1Score":0.72,
           "PixelAnomalyClassMetrics":[{"Precision":0.66,"Recall":0.54,"F1Score":0.59,"AIOU":0.33,"ClassName":"crack"},
                                       {"Precision":0.71,"Recall":0.66,"F1Score":0.68,"AIOU":0.43,"ClassName":"scratch"}]}}}
        """;

    private static EvaluationResultEntry Read(string text, string source = "r.json", bool bom = false) =>
        EvaluationResultReader.Read(ManifestLines.Stream(text, bom), source);

    [Fact]
    public void ReadsAClassificationResult()
    {
        var r = Read(Classification, "/data/EvaluationResult-x-9.json").Result!;
        Assert.Equal("circuit-board", r.ProjectName);
        Assert.Equal("2", r.ModelVersion);
        Assert.Equal("arn:aws:lookoutvision:eu-west-1:123456789012:model/circuit-board/2", r.ModelArn);
        Assert.Equal(new DateTime(2021, 6, 1, 9, 5, 42, DateTimeKind.Utc), r.EvaluationEndTimestamp);
        Assert.Equal(DateTimeKind.Utc, r.EvaluationEndTimestamp!.Value.Kind);
        Assert.Equal(120, r.NumberOfTrainingImages);
        Assert.Equal(40, r.NumberOfTestingImages);
        Assert.Equal(0.95, r.ROCAUC);
        Assert.Equal(0.93, r.AveragePrecision);
        Assert.Equal(0.875, r.Precision);
        Assert.Equal(0.7778, r.Recall);
        Assert.Equal(0.8235, r.F1Score);
        Assert.Empty(r.PixelAnomalyClassMetrics);
        Assert.Equal("/data/EvaluationResult-x-9.json", r.Source);
    }

    [Fact]
    public void ReadsPerLabelPixelMetrics()
    {
        var r = Read(Segmentation, bom: true).Result!;
        Assert.Equal(["crack", "scratch"], r.PixelAnomalyClassMetrics.Select(m => m.ClassName));
        var crack = r.PixelAnomalyClassMetrics[0];
        Assert.Equal((0.66, 0.54, 0.59, 0.33), (crack.Precision!.Value, crack.Recall!.Value, crack.F1Score!.Value, crack.AIOU!.Value));
    }

    [Fact]
    public void NamesComeFromTheFileNameWithoutAnArn()
    {
        var r = Read(Classification.Replace("\"ModelArn\":\"arn:aws:lookoutvision:eu-west-1:123456789012:model/circuit-board/2\",", ""),
            "s3://bucket/out/EvaluationResult-my-project-7.json").Result!;
        Assert.Equal("my-project", r.ProjectName);
        Assert.Equal("7", r.ModelVersion);
        Assert.Equal(string.Empty, r.ModelArn);
    }

    [Fact]
    public void EpochSecondsAreReadAsUtcToo()
    {
        var r = Read(Classification.Replace("\"2021-06-01T09:05:42.000Z\"", "1622538342")).Result!;
        Assert.Equal(new DateTime(2021, 6, 1, 9, 5, 42, DateTimeKind.Utc), r.EvaluationEndTimestamp);
    }

    [Fact]
    public void AMissingMetricIsNullNotZero()
    {
        var r = Read(Classification.Replace("\"ROCAUC\":0.95,", "")).Result!;
        Assert.Null(r.ROCAUC);
        Assert.Equal(0.93, r.AveragePrecision);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  \r\n ", "is empty")]
    [InlineData("{\"Version\":1,\"AggregatedEvaluationResults\":{\"Metrics\":{\"ROCAUC\":0.9", "is not valid JSON")]
    [InlineData("not json at all", "is not valid JSON")]
    [InlineData("[1,2]", "holds a JSON array, not the documented object")]
    [InlineData("{\"Version\":1}", "has no 'AggregatedEvaluationResults' object")]
    [InlineData("{\"AggregatedEvaluationResults\":{}}", "has no 'AggregatedEvaluationResults.Metrics' object")]
    [InlineData("{\"AggregatedEvaluationResults\":{\"Metrics\":{\"Precision\":\"high\"}}}", "has 'Metrics.Precision' = \"high\", which is not a number")]
    [InlineData("{\"AggregatedEvaluationResults\":{\"Metrics\":{\"PixelAnomalyClassMetrics\":{}}}}", "'Metrics.PixelAnomalyClassMetrics' that is not an array")]
    [InlineData("{\"AggregatedEvaluationResults\":{\"Metrics\":{\"PixelAnomalyClassMetrics\":[{\"Precision\":0.5}]}}}", "'Metrics.PixelAnomalyClassMetrics[0]' without a ClassName")]
    [InlineData("{\"EvaluationDetails\":{\"NumberOfTestingImages\":2.5},\"AggregatedEvaluationResults\":{\"Metrics\":{}}}", "'EvaluationDetails.NumberOfTestingImages' = 2.5, which is not a count")]
    [InlineData("{\"EvaluationDetails\":{\"EvaluationEndTimestamp\":\"yesterday\"},\"AggregatedEvaluationResults\":{\"Metrics\":{}}}", "'EvaluationDetails.EvaluationEndTimestamp' = \"yesterday\", which is not a date and time")]
    [InlineData("{\"a\":1}\n{\"a\":2}\n", "holds more than one JSON value. If it is an evaluation manifest")]
    public void EachBadFileIsNamedWithWhatIsWrong(string text, string expected)
    {
        var entry = Read(text, "bad.json");
        Assert.Null(entry.Result);
        var problem = entry.Problem!;
        Assert.Equal(ErrorIds.InvalidEvaluationResult, problem.ErrorId);
        Assert.Equal("bad.json", problem.Target);
        Assert.StartsWith("The evaluation result 'bad.json' ", problem.Message);
        Assert.Contains(expected, problem.Message);
    }

    [Fact]
    public void AHugeFileIsRefusedWithoutReadingItAll()
    {
        var stream = new RepeatingStream(Encoding.ASCII.GetBytes("{\"a\":1}\n"), EvaluationResultReader.MaxResultBytes * 4L);
        var problem = EvaluationResultReader.Read(stream, "huge.json").Problem!;
        Assert.Contains("larger than 16 MiB", problem.Message);
        Assert.True(stream.Position <= EvaluationResultReader.MaxResultBytes + 81920);
    }

    private sealed class RepeatingStream(byte[] unit, long length) : Stream
    {
        private long _position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++) buffer[offset + i] = unit[(_position + i) % unit.Length];
            _position += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public class ArtifactNamesTests
{
    [Theory]
    [InlineData("arn:aws:lookoutvision:us-east-1:123456789012:model/circuit-board/3", "circuit-board", "3")]
    [InlineData("arn:aws-cn:lookoutvision:cn-north-1:123456789012:model/p_1/10", "p_1", "10")]
    public void ParsesModelArns(string arn, string project, string version)
    {
        Assert.True(ArtifactNames.TryParseModelArn(arn, out var p, out var v));
        Assert.Equal((project, version), (p, v));
    }

    [Theory]
    [InlineData("arn:aws:lookoutvision:us-east-1:123456789012:project/circuit-board")]
    [InlineData("arn:aws:s3:::bucket/key")]
    [InlineData("")]
    public void RejectsOtherArns(string arn) => Assert.False(ArtifactNames.TryParseModelArn(arn, out _, out _));

    [Theory]
    [InlineData("/a/b/EvaluationManifest-my-project-12.json", "my-project", "12")]
    [InlineData(@"C:\x\EvaluationResult-cookies-1.json", "cookies", "1")]
    [InlineData("s3://bucket/prefix/EvaluationManifest-a-b-c-3.json", "a-b-c", "3")]
    public void ParsesArtifactFileNames(string path, string project, string version)
    {
        Assert.True(ArtifactNames.TryParseFileName(path, out var p, out var v));
        Assert.Equal((project, version), (p, v));
    }
}
