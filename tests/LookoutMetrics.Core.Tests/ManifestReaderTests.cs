using System.Text;
using System.Text.Json.Nodes;
using LookoutMetrics.IO;
using Xunit;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Tests;

[Collection(MemoryMeasurements.Name)]
public class ManifestReaderTests
{
    private static List<ManifestEntry> Read(string text, string source = "EvaluationManifest-circuit-board-3.json", bool bom = false, string? label = null) =>
        ManifestReader.Read(ManifestLines.Stream(text, bom), source, label).ToList();

    private static List<EvaluationImage> Images(IEnumerable<ManifestEntry> entries) =>
        entries.Where(e => e.Image != null).Select(e => e.Image!).ToList();

    private static List<DataProblem> Problems(IEnumerable<ManifestEntry> entries) =>
        entries.Where(e => e.Problem != null).Select(e => e.Problem!).ToList();

    [Fact]
    public void ReadsEveryFieldOfAClassificationLine()
    {
        var image = Assert.Single(Images(Read(ManifestLines.Line(1, 1, 0.93, "anomaly/board_007.jpg") + "\n", "/data/m.json")));
        Assert.Equal("circuit-board", image.ProjectName);
        Assert.Equal("3", image.ModelVersion);
        Assert.Equal("s3://bucket/test/anomaly/board_007.jpg", image.SourceRef);
        Assert.Equal("board_007.jpg", image.ImageName);
        Assert.Equal("anomaly", image.ActualLabel);
        Assert.Equal("anomaly", image.PredictedLabel);
        Assert.Equal(0.93, image.Confidence);
        Assert.Equal(0.93, image.AnomalyScore);
        Assert.True(image.IsCorrect);
        Assert.Equal(ClassificationOutcome.TruePositive, image.Outcome);
        Assert.Equal(string.Empty, image.AnomalyMaskRef);
        Assert.Equal(string.Empty, image.PredictedAnomalyMaskRef);
        Assert.Empty(image.AnomalyClasses);
        Assert.Equal(ManifestLines.Arn, image.ModelArn);
        Assert.Equal(1, image.LineNumber);
        Assert.Equal("/data/m.json", image.Source);
    }

    [Theory]
    [InlineData(1, 1, 0.8, ClassificationOutcome.TruePositive, 0.8, true)]
    [InlineData(0, 1, 0.7, ClassificationOutcome.FalsePositive, 0.7, false)]
    [InlineData(0, 0, 0.9, ClassificationOutcome.TrueNegative, 0.1, true)]
    [InlineData(1, 0, 0.6, ClassificationOutcome.FalseNegative, 0.4, false)]
    public void DerivesOutcomeAndAnomalyScore(int actual, int predicted, double confidence, ClassificationOutcome outcome, double score, bool correct)
    {
        var image = Assert.Single(Images(Read(ManifestLines.Line(actual, predicted, confidence))));
        Assert.Equal(outcome, image.Outcome);
        Assert.Equal(score, image.AnomalyScore, 12);
        Assert.Equal(correct, image.IsCorrect);
        Assert.Equal(actual == 1 ? "anomaly" : "normal", image.ActualLabel);
        Assert.Equal(predicted == 1 ? "anomaly" : "normal", image.PredictedLabel);
    }

    [Fact]
    public void NamesComeFromTheArnWhenTheMetadataLacksThem()
    {
        var node = ManifestLines.Node(1, 1, 0.9, withNames: false);
        var image = Assert.Single(Images(Read(node.ToJsonString(), "whatever.jsonl")));
        Assert.Equal("circuit-board", image.ProjectName);
        Assert.Equal("3", image.ModelVersion);
    }

    [Fact]
    public void NamesComeFromTheFileNameWhenTheLineHasNone()
    {
        var node = ManifestLines.Node(1, 1, 0.9, withNames: false);
        node["anomaly-label-detected-metadata"]!.AsObject().Remove("model-arn");
        var image = Assert.Single(Images(Read(node.ToJsonString(), "/x/EvaluationManifest-my-hyphen-project-12.json")));
        Assert.Equal("my-hyphen-project", image.ProjectName);
        Assert.Equal("12", image.ModelVersion);
    }

    [Fact]
    public void CrlfBomBlankLinesAndNoFinalNewlineAreNotErrors()
    {
        string text = ManifestLines.Line(1, 1, 0.9, "a.jpg") + "\r\n\r\n   \r\n" + ManifestLines.Line(0, 0, 0.8, "b.jpg") + "\r\n" + ManifestLines.Line(0, 1, 0.55, "c.jpg");
        var entries = Read(text, bom: true);
        Assert.Empty(Problems(entries));
        var images = Images(entries);
        Assert.Equal(["a.jpg", "b.jpg", "c.jpg"], images.Select(i => i.ImageName));
        Assert.Equal([1L, 4L, 5L], images.Select(i => i.LineNumber));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32BE")]
    public void AWideUnicodeFileIsReadThroughItsBom(string encodingName)
    {
        var encoding = encodingName == "utf-32BE" ? new UTF32Encoding(bigEndian: true, byteOrderMark: true) : Encoding.GetEncoding(encodingName);
        string text = ManifestLines.Line(1, 1, 0.9, "ä.jpg") + "\r\n" + ManifestLines.Line(0, 0, 0.8, "b.jpg");
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        var images = Images(ManifestReader.Read(new MemoryStream(bytes), "m.json").ToList());
        Assert.Equal(["ä.jpg", "b.jpg"], images.Select(i => i.ImageName));
    }

    [Fact]
    public void ALineLongerThanTheBufferIsReadWhole()
    {
        var node = ManifestLines.Node(1, 1, 0.9, "long.jpg");
        node["padding"] = new string('x', 200_000);
        string text = ManifestLines.Line(0, 0, 0.8, "a.jpg") + "\n" + node.ToJsonString() + "\n" + ManifestLines.Line(0, 1, 0.6, "c.jpg");
        var entries = Read(text);
        Assert.Empty(Problems(entries));
        Assert.Equal(["a.jpg", "long.jpg", "c.jpg"], Images(entries).Select(i => i.ImageName));
    }

    [Fact]
    public void NonAsciiTextSurvivesTheByteSplitter()
    {
        var image = Assert.Single(Images(Read(ManifestLines.Line(1, 1, 0.9, "çà_日本.jpg"))));
        Assert.Equal("çà_日本.jpg", image.ImageName);
    }

    [Fact]
    public void ABomInsideATextReaderIsStrippedToo()
    {
        var entries = ManifestReader.Read(new StringReader("\uFEFF" + ManifestLines.Line(1, 1, 0.9)), "m.json").ToList();
        Assert.Single(Images(entries));
    }

    [Fact]
    public void AMalformedLineCostsOnlyItself()
    {
        string text = string.Join("\n",
            ManifestLines.Line(1, 1, 0.9, "a.jpg"),
            "{\"source-ref\": \"s3://b/x.jpg\", \"anomaly-label\": 1,,}",
            ManifestLines.Line(0, 0, 0.8, "c.jpg"));
        var entries = Read(text, "m.json");
        Assert.Equal(["a.jpg", "c.jpg"], Images(entries).Select(i => i.ImageName));
        var problem = Assert.Single(Problems(entries));
        Assert.Equal(ErrorIds.InvalidManifestLine, problem.ErrorId);
        Assert.Equal(2, problem.LineNumber);
        Assert.Equal("m.json:2", problem.Target);
        Assert.Contains("Line 2 of 'm.json' is not valid JSON", problem.Message);
        // Entries come in file order, so a caller can stop at the first problem.
        Assert.Null(entries[1].Image);
    }

    [Fact]
    public void ATruncatedLastLineIsReportedAndTheRestKept()
    {
        string full = ManifestLines.Line(0, 0, 0.8, "b.jpg");
        string text = ManifestLines.Line(1, 1, 0.9, "a.jpg") + "\n" + full.Substring(0, full.Length / 2);
        var entries = Read(text, "m.json");
        Assert.Single(Images(entries));
        var problem = Assert.Single(Problems(entries));
        Assert.Equal(2, problem.LineNumber);
        Assert.Contains("truncated", problem.Message);
    }

    public static TheoryData<string, string> BadLines()
    {
        JsonObject Without(string key) { var n = ManifestLines.Node(1, 1, 0.9); n.Remove(key); return n; }
        JsonObject With(Action<JsonObject> change) { var n = ManifestLines.Node(1, 1, 0.9); change(n); return n; }
        return new TheoryData<string, string>
        {
            { Without("anomaly-label").ToJsonString(), "has no ground truth ('anomaly-label')" },
            { Without("anomaly-label-detected").ToJsonString(), "has no prediction ('anomaly-label-detected')" },
            { Without("source-ref").ToJsonString(), "has no 'source-ref'" },
            { With(n => n["anomaly-label-detected-metadata"]!.AsObject().Remove("confidence")).ToJsonString(), "has no confidence" },
            { With(n => n["anomaly-label-detected-metadata"]!["confidence"] = 1.5).ToJsonString(), "has confidence 1.5; a confidence is a number from 0 to 1" },
            { With(n => n["anomaly-label-detected-metadata"]!["confidence"] = -0.01).ToJsonString(), "has confidence -0.01" },
            { With(n => n["anomaly-label-detected-metadata"]!["confidence"] = "high").ToJsonString(), "has confidence \"high\"" },
            { With(n => n["anomaly-label"] = 2).ToJsonString(), "has ground truth 'anomaly-label' = 2; expected 1 (anomaly) or 0 (normal)" },
            { With(n => n["anomaly-label-detected"] = "yes").ToJsonString(), "has prediction 'anomaly-label-detected' = \"yes\"" },
            { "[1, 2, 3]", "is a JSON array, not an object" },
            { "\"just a string\"", "is a JSON string, not an object" },
        };
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void EachBadLineIsNamedWithWhatIsWrong(string badLine, string expected)
    {
        string text = ManifestLines.Line(1, 1, 0.9, "a.jpg") + "\n" + badLine + "\n" + ManifestLines.Line(0, 0, 0.8, "c.jpg") + "\n";
        var entries = Read(text, "m.json");
        Assert.Equal(["a.jpg", "c.jpg"], Images(entries).Select(i => i.ImageName));
        var problem = Assert.Single(Problems(entries));
        Assert.Equal(ErrorIds.InvalidManifestLine, problem.ErrorId);
        Assert.Equal(2, problem.LineNumber);
        Assert.StartsWith("Line 2 of 'm.json' ", problem.Message);
        Assert.Contains(expected, problem.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    [InlineData("\uFEFF")]
    public void AnEmptyFileIsOneProblem(string text)
    {
        var entries = Read(text, "m.json");
        var problem = Assert.Single(Problems(entries));
        Assert.Empty(Images(entries));
        Assert.Equal(ErrorIds.EmptyManifest, problem.ErrorId);
        Assert.Equal(0, problem.LineNumber);
        Assert.Equal("m.json", problem.Target);
        Assert.Contains("is empty", problem.Message);
    }

    [Fact]
    public void SegmentationMasksAndClassesAreRead()
    {
        var node = ManifestLines.Node(1, 1, 0.9);
        node["anomaly-mask-ref"] = "s3://bucket/masks/gt/img.png";
        node["anomaly-mask-ref-metadata"] = JsonNode.Parse("""
            {"internal-color-map":{"0":{"class-name":"scratch","hex-color":"#2CA02C"},"1":{"class-name":"BACKGROUND","hex-color":"#FFFFFF"},"2":{"class-name":"dent","hex-color":"#1f77b4"}}}
            """);
        node["anomaly-mask-ref-detected"] = "masks/pred/img.png";
        node["anomaly-mask-ref-detected-metadata"] = JsonNode.Parse("""
            {"internal-color-map":{"0":{"class-name":"BACKGROUND","hex-color":"#ffffff"},"1":{"class-name":"dent","hex-color":"#1f77b4","total-percentage-area":0.0125}}}
            """);
        var image = Assert.Single(Images(Read(node.ToJsonString())));
        Assert.Equal("s3://bucket/masks/gt/img.png", image.AnomalyMaskRef);
        Assert.Equal("masks/pred/img.png", image.PredictedAnomalyMaskRef);
        Assert.Equal(["scratch", "dent"], image.AnomalyClasses);
        Assert.Equal(["dent"], image.PredictedAnomalyClasses);
    }

    [Fact]
    public void UndocumentedMaskKeysAreFoundByTheirEndings()
    {
        var node = ManifestLines.Node(1, 1, 0.9);
        node["defect-mask-ref-detected"] = "s3://b/p.png";
        node["defect-mask-ref"] = "s3://b/g.png";
        var image = Assert.Single(Images(Read(node.ToJsonString())));
        Assert.Equal("s3://b/g.png", image.AnomalyMaskRef);
        Assert.Equal("s3://b/p.png", image.PredictedAnomalyMaskRef);
    }

    [Fact]
    public void AnotherLabelAttributeIsFoundOrCanBeNamed()
    {
        string text = ManifestLines.Line(1, 0, 0.7).Replace("anomaly-label", "defect");
        var found = Assert.Single(Images(Read(text)));
        Assert.Equal(ClassificationOutcome.FalseNegative, found.Outcome);
        var named = Assert.Single(Images(Read(text, label: "defect")));
        Assert.Equal(ClassificationOutcome.FalseNegative, named.Outcome);
        var wrong = Assert.Single(Problems(Read(text, label: "nope")));
        Assert.Contains("-LabelAttribute", wrong.Message);
    }

    [Fact]
    public void StreamsWithoutReadingAheadOfTheConsumer()
    {
        // 1,000 good lines, then a stream that fails if read: taking the first entry must not reach it.
        var good = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => ManifestLines.Line(1, 1, 0.9, $"{i}.jpg") + "\n")));
        using var stream = new TrapStream(good);
        var first = ManifestReader.Read(stream, "m.json").First();
        Assert.Equal("0.jpg", first.Image!.ImageName);
        Assert.True(stream.BytesRead < good.Length, $"the reader read {stream.BytesRead} of {good.Length} bytes before handing back the first line");
    }

    [Fact]
    public void MemoryStaysFlatOverALongManifest()
    {
        // 300,000 lines (about 180 MB) generated on the fly: nothing may accumulate while they stream through.
        const int lines = 300_000;
        using var stream = new GeneratedManifestStream(lines);
        long count = 0, baseline = 0, peak = 0;
        foreach (var entry in ManifestReader.Read(stream, "big.json"))
        {
            Assert.NotNull(entry.Image);
            count++;
            if (count == 10_000) baseline = GC.GetTotalMemory(forceFullCollection: true);
            if (count % 100_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
        }
        Assert.Equal(lines, count);
        Assert.True(stream.BytesServed > 100_000_000, $"only {stream.BytesServed} bytes were served");
        Assert.True(peak - baseline < 8 << 20, $"memory grew by {(peak - baseline) >> 20} MiB while streaming");
    }

    /// <summary>Serves its bytes, then throws if read past them.</summary>
    private sealed class TrapStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            BytesRead += n;
            if (n == 0) throw new InvalidOperationException("read past the end of the good lines");
            return n;
        }
    }

    /// <summary>A manifest of N lines made as it is read, never held whole.</summary>
    private sealed class GeneratedManifestStream(int lines) : Stream
    {
        private int _next;
        private byte[] _current = [];
        private int _offset;
        public long BytesServed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _current.Length)
            {
                if (_next == lines) return 0;
                _current = Encoding.UTF8.GetBytes(ManifestLines.Line(_next % 2, (_next / 2) % 2, 0.5 + (_next % 50) / 100.0, $"{_next}.jpg") + "\r\n");
                _next++;
                _offset = 0;
            }
            int n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            BytesServed += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesServed; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>When two JSON values are one (a key given twice is a warning, not an error): JsonValues.SameValue.</summary>
public class SameValueTests
{
    private static bool Same(string a, string b)
    {
        using var x = System.Text.Json.JsonDocument.Parse(a);
        using var y = System.Text.Json.JsonDocument.Parse(b);
        return LookoutMetrics.Json.JsonValues.SameValue(x.RootElement, y.RootElement);
    }

    [Theory]
    [InlineData("0.9", "0.90")]
    [InlineData("0.9", "9e-1")]
    [InlineData("-0", "0")]
    [InlineData("1e400", "1e400")]
    [InlineData("\"a\"", "\"\\u0061\"")]
    [InlineData("\"\\uD800\"", "\"\\uD800\"")]
    [InlineData("{\"a\":[1,\"crack\"]}", "{ \"a\" : [1.0, \"cr\\u0061ck\"] }")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    public void OneValueWrittenTwoWaysIsOne(string a, string b) => Assert.True(Same(a, b));

    [Theory]
    [InlineData("1e-30", "2e-30")]
    [InlineData("1e400", "2e500")]
    [InlineData("0.1", "0.10000000000000000001")]
    [InlineData("1", "\"1\"")]
    [InlineData("true", "false")]
    [InlineData("\"\\uD800\"", "\"\\uD801\"")]
    [InlineData("{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}")]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}")]
    [InlineData("[1,2]", "[1,2,3]")]
    [InlineData("{\"class-name\":\"crack\"}", "{\"class-name\":\"scratch\"}")]
    // A name that is no text (a lone surrogate) is compared as it is written, where decoding it threw.
    [InlineData("{\"\\uD800\":1}", "{\"\\uD801\":1}")]
    public void TwoValuesAreTwo(string a, string b) => Assert.False(Same(a, b));

    [Fact]
    public void ANameThatIsNoTextIsComparedAsWritten() => Assert.True(Same("{\"\\uD800\":[1]}", "{\"\\uD800\":[1]}"));
}

/// <summary>Hostile manifest lines (issue 28, points 4 and 7): a line past the cap and a key given twice.</summary>
public class HostileManifestLineTests
{
    private static List<ManifestEntry> Read(string text) =>
        ManifestReader.Read(ManifestLines.Stream(text), "EvaluationManifest-circuit-board-3.json").ToList();

    [Fact]
    public void ALineLongerThanTheCapIsOneProblemAndTheLinesAroundItAreRead()
    {
        // A line of 17 MiB (a huge value in it), between two good lines: it was read until ArgumentOutOfRangeException at 1.2 GB.
        var huge = ManifestLines.Node(1, 1, 0.9, "huge.jpg");
        huge["note"] = new string('x', ManifestReader.MaxLineBytes + (1 << 20));
        string text = ManifestLines.Line(1, 1, 0.8, "a.jpg") + "\n" + huge.ToJsonString() + "\n" + ManifestLines.Line(0, 0, 0.7, "b.jpg") + "\n";
        var entries = Read(text);
        Assert.Equal(["a.jpg", "b.jpg"], entries.Where(e => e.Image != null).Select(e => e.Image!.ImageName));
        Assert.Equal([1L, 3L], entries.Where(e => e.Image != null).Select(e => e.Image!.LineNumber));
        var problem = Assert.Single(entries, e => e.Problem != null).Problem!;
        Assert.Equal(("ManifestLineTooLong", 2L), (problem.ErrorId, problem.LineNumber));
        Assert.Contains($"longer than {ManifestReader.MaxLineBytes:N0} bytes", problem.Message);
        Assert.True(problem.Message.Length < 400);
        // The last line too, without a newline after it.
        var last = Read(ManifestLines.Line(1, 1, 0.8, "a.jpg") + "\n" + huge.ToJsonString());
        Assert.Single(last, e => e.Image != null);
        Assert.Equal("ManifestLineTooLong", Assert.Single(last, e => e.Problem != null).Problem!.ErrorId);
    }

    [Fact]
    public void ALineOfExactlyTheCapIsReadAndABreakWhileALongLineIsPassedOverIsSaid()
    {
        // Exactly 16 MiB, with a CRLF after it: read as usual.
        var node = ManifestLines.Node(1, 1, 0.9, "exact.jpg");
        node["note"] = "";
        int pad = ManifestReader.MaxLineBytes - node.ToJsonString().Length;
        node["note"] = new string('x', pad);
        Assert.Equal(ManifestReader.MaxLineBytes, node.ToJsonString().Length);
        var exact = Read(ManifestLines.Line(1, 1, 0.8, "a.jpg") + "\r\n" + node.ToJsonString() + "\r\n" + ManifestLines.Line(0, 0, 0.7, "b.jpg"));
        Assert.Equal(["a.jpg", "exact.jpg", "b.jpg"], exact.Select(e => e.Image!.ImageName));
        // A gzip manifest damaged inside a long line: the long line is said, and so is the break, with the lines kept before it.
        var huge = ManifestLines.Node(1, 1, 0.9, "huge.jpg");
        huge["note"] = new string('x', ManifestReader.MaxLineBytes * 2);
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var text = System.Text.Encoding.UTF8.GetBytes(ManifestLines.Line(1, 1, 0.8, "a.jpg") + "\n" + huge.ToJsonString() + "\n");
            gzip.Write(text, 0, text.Length);
        }
        byte[] cut = packed.ToArray();
        for (int i = 0; i < 64; i++) cut[cut.Length * 3 / 4 + i] ^= 0x5A;
        var entries = ManifestReader.Read(new MemoryStream(cut), "EvaluationManifest-circuit-board-3.json").ToList();
        Assert.Equal("a.jpg", Assert.Single(entries, e => e.Image != null).Image!.ImageName);
        var problems = entries.Where(e => e.Problem != null).Select(e => e.Problem!).ToList();
        Assert.Equal(["ManifestLineTooLong", "InvalidManifestLine"], problems.Select(p => p.ErrorId));
        Assert.Contains("cannot be read past line 2", problems[1].Message);
    }

    [Fact]
    public void AMaskKeyGivenEmptyThenWithAValueIsTwoValues()
    {
        string line = ManifestLines.Line(1, 1, 0.9, "a.jpg").Replace("{\"source-ref\"",
            "{\"anomaly-mask-ref\":\"\",\"anomaly-mask-ref\":\"/x.png\",\"source-ref\"");
        var problem = Assert.Single(Read(line)).Problem!;
        Assert.Contains("holds 'anomaly-mask-ref' twice, as \"\" and then \"/x.png\"", problem.Message);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void AWideFilesLongLineIsCappedToo(string encodingName)
    {
        // A wide file was read by StreamReader.ReadLine, which builds a line of any length: it now goes through the same capped reader.
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        var huge = ManifestLines.Node(1, 1, 0.9, "huge.jpg");
        huge["note"] = new string('x', ManifestReader.MaxLineBytes + 1024);
        string text = ManifestLines.Line(1, 1, 0.8, "a.jpg") + "\r\n" + huge.ToJsonString() + "\r\n" + ManifestLines.Line(0, 0, 0.7, "b\u00e9.jpg") + "\r\n";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        var entries = ManifestReader.Read(new MemoryStream(bytes), "EvaluationManifest-circuit-board-3.json").ToList();
        Assert.Equal(["a.jpg", "b\u00e9.jpg"], entries.Where(e => e.Image != null).Select(e => e.Image!.ImageName));
        var problem = Assert.Single(entries, e => e.Problem != null).Problem!;
        Assert.Equal(("ManifestLineTooLong", 2L), (problem.ErrorId, problem.LineNumber));
    }

    [Theory]
    [InlineData("source-ref")]
    [InlineData("anomaly-mask-ref")]
    [InlineData("anomaly-mask-ref-detected")]
    public void AReferenceLongerThanAnyPathIsOneProblemNamingItsKeyAndTheCap(string key)
    {
        var node = ManifestLines.Node(1, 1, 0.9, "a.jpg");
        node[key] = "s3://bucket/" + new string('k', ManifestReader.MaxReferenceChars);
        var entries = Read(node.ToJsonString() + "\n" + ManifestLines.Line(0, 0, 0.7, "b.jpg"));
        var problem = Assert.Single(entries, e => e.Problem != null).Problem!;
        Assert.Contains($"has a '{key}' of {ManifestReader.MaxReferenceChars + 12:N0} characters; a reference may be at most 4,096", problem.Message);
        Assert.True(problem.Message.Length < 400);
        Assert.Equal("b.jpg", Assert.Single(entries, e => e.Image != null).Image!.ImageName);
        // At the cap it is read.
        node[key] = "s3://bucket/" + new string('k', ManifestReader.MaxReferenceChars - 12);
        Assert.NotNull(Assert.Single(Read(node.ToJsonString())).Image);
    }

    [Theory]
    [InlineData("\"anomaly-label-detected\":1", "\"anomaly-label-detected\":0", "anomaly-label-detected")]
    [InlineData("\"source-ref\":\"s3://b/a.jpg\"", "\"source-ref\":\"s3://b/other.jpg\"", "source-ref")]
    [InlineData("\"anomaly-mask-ref\":\"s3://b/m1.png\"", "\"anomaly-mask-ref\":\"s3://b/m2.png\"", "anomaly-mask-ref")]
    public void AKeyGivenTwiceWithTwoValuesIsAnErrorNamingBoth(string first, string second, string key)
    {
        var node = ManifestLines.Node(1, 1, 0.9, "a.jpg");
        string line = node.ToJsonString();
        // The two members go first, ahead of the line's own, so that both readers see them.
        line = "{" + first + "," + second + "," + line.Substring(1).Replace(first + ",", string.Empty);
        var entries = Read(line + "\n" + ManifestLines.Line(0, 0, 0.7, "b.jpg"));
        var problem = Assert.Single(entries, e => e.Problem != null).Problem!;
        Assert.Equal(LookoutMetrics.Errors.ErrorIds.InvalidManifestLine, problem.ErrorId);
        Assert.Contains($"holds '{key}' twice", problem.Message);
        Assert.Contains(first.Substring(first.IndexOf(':') + 1), problem.Message);
        Assert.Contains(second.Substring(second.IndexOf(':') + 1), problem.Message);
        Assert.Equal("b.jpg", Assert.Single(entries, e => e.Image != null).Image!.ImageName);
    }

    [Theory]
    // The same index of the map twice, with two classes: which class the colour is cannot be told.
    [InlineData("\"internal-color-map\":{\"0\":{\"class-name\":\"BACKGROUND\",\"hex-color\":\"#ffffff\"},\"1\":{\"class-name\":\"crack\",\"hex-color\":\"#23a436\"},\"1\":{\"class-name\":\"scratch\",\"hex-color\":\"#23a436\"}}",
        "anomaly-mask-ref-detected-metadata.internal-color-map.1", "scratch")]
    // The map itself twice in its metadata.
    [InlineData("\"internal-color-map\":{\"1\":{\"class-name\":\"crack\",\"hex-color\":\"#23a436\"}},\"internal-color-map\":{\"1\":{\"class-name\":\"crack\",\"hex-color\":\"#000000\"}}",
        "anomaly-mask-ref-detected-metadata.internal-color-map", "and then {\"1\":{\"class-name\":\"crack\"")]
    public void AColourMapGivenTwiceWithTwoValuesIsAnError(string metadata, string key, string second)
    {
        string line = ManifestLines.Line(1, 1, 0.9, "a.jpg").Replace("{\"source-ref\"",
            "{\"anomaly-mask-ref-detected\":\"s3://b/m.png\",\"anomaly-mask-ref-detected-metadata\":{" + metadata + "},\"source-ref\"");
        var entries = Read(line + "\n" + ManifestLines.Line(0, 0, 0.7, "b.jpg"));
        var problem = Assert.Single(entries, e => e.Problem != null).Problem!;
        Assert.Contains($"holds '{key}' twice", problem.Message);
        Assert.Contains(second, problem.Message);
        Assert.Equal("b.jpg", Assert.Single(entries, e => e.Image != null).Image!.ImageName);
    }

    [Fact]
    public void AColourMapGivenTwiceAlikeIsReadOnceWithAWarningAndAMapOfDistinctIndexesIsNot()
    {
        const string entry = "\"1\":{\"class-name\":\"crack\",\"hex-color\":\"#23a436\"}";
        string Line(string map) => ManifestLines.Line(1, 1, 0.9, "a.jpg").Replace("{\"source-ref\"",
            "{\"anomaly-mask-ref-detected\":\"s3://b/m.png\",\"anomaly-mask-ref-detected-metadata\":{\"internal-color-map\":{" + map +
            "}},\"source-ref\"");
        var twice = Assert.Single(Read(Line(entry + "," + entry)));
        Assert.Equal("crack", Assert.Single(twice.Image!.PredictedAnomalyClasses));
        Assert.Contains("holds 'anomaly-mask-ref-detected-metadata.internal-color-map.1' twice, with the same value", twice.Warning!.Message);
        // The same entry written with other spacing and an escape is one value too.
        var spaced = Assert.Single(Read(Line(entry + ",\"1\": { \"class-name\" : \"cr\\u0061ck\", \"hex-color\":\"#23a436\" }")));
        Assert.NotNull(spaced.Image);
        Assert.Contains("holds 'anomaly-mask-ref-detected-metadata.internal-color-map.1' twice, with the same value", spaced.Warning!.Message);
        var distinct = Assert.Single(Read(Line("\"0\":{\"class-name\":\"BACKGROUND\",\"hex-color\":\"#ffffff\"}," + entry)));
        Assert.Null(distinct.Warning);
        Assert.NotNull(distinct.Image);
    }

    [Fact]
    public void AConfidenceGivenTwiceInTheMetadataIsSaidToo()
    {
        string line = ManifestLines.Line(1, 1, 0.9, "a.jpg").Replace("\"confidence\":0.9", "\"confidence\":0.9,\"confidence\":0.1");
        var problem = Assert.Single(Read(line)).Problem!;
        Assert.Contains("holds 'anomaly-label-detected-metadata.confidence' twice, as 0.9 and then 0.1", problem.Message);
    }

    [Theory]
    // One value written two ways is one value: a number with another scale or an exponent, a string with an escape.
    [InlineData("\"confidence\":0.9", "\"confidence\":0.9,\"confidence\":0.90", "anomaly-label-detected-metadata.confidence")]
    [InlineData("\"confidence\":0.9", "\"confidence\":0.9,\"confidence\":9e-1", "anomaly-label-detected-metadata.confidence")]
    [InlineData("\"source-ref\":\"s3://bucket/test/a.jpg\"", "\"source-ref\":\"s3://bucket/test/a.jpg\",\"source-ref\":\"s3://bucket/test/\\u0061.jpg\"", "source-ref")]
    public void OneValueWrittenTwoWaysIsAWarningNotAnError(string member, string twice, string key)
    {
        string line = ManifestLines.Line(1, 1, 0.9, "a.jpg");
        Assert.Contains(member, line);
        var entry = Assert.Single(Read(line.Replace(member, twice)));
        Assert.NotNull(entry.Image);
        Assert.Contains($"holds '{key}' twice, with the same value both times", entry.Warning!.Message);
    }

    [Fact]
    public void AKeyGivenTwiceWithOneValueIsReadOnceWithAWarning()
    {
        string line = ManifestLines.Line(1, 0, 0.9, "a.jpg").Replace("\"anomaly-label-detected\":0", "\"anomaly-label-detected\":0,\"anomaly-label-detected\":0");
        var entry = Assert.Single(Read(line));
        Assert.Equal(EvaluationImage.NormalLabel, entry.Image!.PredictedLabel);
        Assert.Equal("DuplicateKey", entry.Warning!.ErrorId);
        Assert.Contains("holds 'anomaly-label-detected' twice, with the same value both times", entry.Warning.Message);
        // A key nothing reads may repeat unsaid.
        Assert.Null(Assert.Single(Read(ManifestLines.Line(1, 1, 0.9).Replace("{\"source-ref\"", "{\"x\":1,\"x\":2,\"source-ref\""))).Warning);
    }
}
