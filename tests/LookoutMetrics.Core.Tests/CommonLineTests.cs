using System.Globalization;
using System.Reflection;
using System.Text;
using LookoutMetrics.IO;
using Xunit;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Tests;

/// <summary>
/// The one-pass reader of common lines (ManifestReader.TryParseCommonLine) against the full reader (ParseAnyLine):
/// for every line the one-pass reader accepts, the image must be the same, property for property; a line the full
/// reader refuses must never be accepted by the one-pass reader; and the lines Lookout for Vision writes for a
/// classification model must take the one-pass way (or it would not be worth having).
/// </summary>
public class CommonLineTests
{
    private static readonly string Samples = Path.Combine(Oracle.RepoRoot, "samples");
    private static readonly PropertyInfo[] Properties = typeof(EvaluationImage).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private const string Line =
        "{\"source-ref\":\"s3://bucket/test/images/img_7.jpg\",\"source-ref-metadata\":{\"creation-date\":\"2021-05-03T18:23:10.000Z\"}," +
        "\"anomaly-label\":1,\"anomaly-label-metadata\":{\"class-name\":\"anomaly\",\"type\":\"groundtruth/image-classification\"}," +
        "\"anomaly-label-detected\":0,\"anomaly-label-detected-metadata\":{\"class-name\":\"normal\",\"confidence\":0.8125," +
        "\"model-arn\":\"arn:aws:lookoutvision:us-east-1:123456789012:model/board/3\",\"project-name\":\"board\",\"model-version\":\"3\"}}";

    private static string Describe(EvaluationImage image) =>
        string.Join("\n", Properties.Select(p => p.Name + "=" + Convert.ToString(p.GetValue(image) is System.Collections.IEnumerable e && p.GetValue(image) is not string
            ? string.Join(";", e.Cast<object>()) : p.GetValue(image), CultureInfo.InvariantCulture)));

    /// <summary>Both readers on one line: true when the one-pass reader accepted it (and then agreed).</summary>
    private static bool Compare(byte[] line, ManifestReader.LineContext ctx)
    {
        EvaluationImage? fast = ManifestReader.TryParseCommonLine(line, 7, ctx);
        ManifestEntry full;
        try { full = ManifestReader.ParseAnyLine(line, 7, ctx); }
        catch (InvalidOperationException) { full = ManifestEntry.Of(new DataProblem(ErrorIds.InvalidManifestLine, "x", 7, "not UTF-8")); }
        if (fast == null) return false;
        Assert.True(full.Image != null, $"accepted by the one-pass reader, refused by the full one ({full.Problem?.Message}): {Encoding.UTF8.GetString(line)}");
        Assert.Equal(Describe(full.Image!), Describe(fast));
        return true;
    }

    [Fact]
    public void ClassificationLinesTakeTheOnePassWayAndAgree()
    {
        var ctx = new ManifestReader.LineContext("EvaluationManifest-circuitboard-1.json", null);
        int lines = 0;
        foreach (string file in Directory.GetFiles(Path.Combine(Samples, "circuitboard"), "EvaluationManifest-*.json"))
        {
            foreach (string line in File.ReadAllLines(file).Where(l => l.Trim().Length > 0))
            {
                Assert.True(Compare(Encoding.UTF8.GetBytes(line), ctx), "not taken the one-pass way: " + line);
                lines++;
            }
        }
        Assert.True(lines >= 80, $"{lines} lines");
        Assert.True(Compare(Encoding.UTF8.GetBytes(Line), ctx));
    }

    [Fact]
    public void SegmentationLinesGoToTheFullReader()
    {
        var ctx = new ManifestReader.LineContext("EvaluationManifest-cookies-1.json", null);
        string manifest = Directory.GetFiles(Path.Combine(Samples, "cookies"), "EvaluationManifest-*.json").Single();
        foreach (string line in File.ReadAllLines(manifest).Where(l => l.Trim().Length > 0))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.Null(ManifestReader.TryParseCommonLine(bytes, 1, ctx));
            Assert.NotNull(ManifestReader.ParseAnyLine(bytes, 1, ctx).Image);
        }
    }

    public static TheoryData<string, string?, bool> Variants => new()
    {
        // line, -LabelAttribute, taken the one-pass way
        { Line, null, true },
        { "  " + Line + " \t", null, true },
        { Line.Replace("\"anomaly-label\":1", "\"anomaly-label\":1.0"), null, true },
        { Line.Replace("\"anomaly-label\":1", "\"anomaly-label\":1e0"), null, true },
        { Line.Replace("\"anomaly-label\":1", "\"anomaly-label\":\"1\""), null, false },
        { Line.Replace("\"anomaly-label\":1", "\"anomaly-label\":2"), null, false },
        { Line.Replace("\"anomaly-label\":1", "\"anomaly-label\":true"), null, false },
        { Line.Replace("0.8125", "-0.0"), null, true },
        { Line.Replace("0.8125", "1"), null, true },
        { Line.Replace("0.8125", "1.0000001"), null, false },
        { Line.Replace("0.8125", "1e400"), null, false },
        { Line.Replace("0.8125", "\"0.8\""), null, false },
        { Line.Replace("\"model-version\":\"3\"", "\"model-version\":3"), null, false },
        { Line.Replace("\"model-version\":\"3\"", "\"model-version\":null"), null, true },
        { Line.Replace("\"model-version\":\"3\"", "\"model-version\":{\"a\":[1,2]}"), null, true },
        { Line.Replace(",\"project-name\":\"board\",\"model-version\":\"3\"", ""), null, true },
        { Line.Replace(",\"project-name\":\"board\",\"model-version\":\"3\"", "").Replace("model/board/3", "nothing"), null, true },
        { Line.Replace("\"project-name\":\"board\"", "\"project-name\":\"b\\u006fard\""), null, true },
        { Line.Replace("\"project-name\":\"board\"", "\"proj\\u0065ct-name\":\"other\""), null, false },
        { Line.Replace("img_7.jpg", "img_\\u00e9.jpg"), null, true },
        { Line.Replace("img_7.jpg", "dir\\\\img.jpg"), null, true },
        { Line.Replace("\"source-ref\":\"s3://bucket/test/images/img_7.jpg\"", "\"source-ref\":\"\""), null, false },
        { Line.Replace("\"source-ref\":\"s3://bucket/test/images/img_7.jpg\"", "\"source-ref\":17"), null, false },
        { Line + "x", null, false },
        { Line + "{}", null, false },
        { Line.Substring(0, Line.Length - 1), null, false },
        { Line.Replace("{\"source-ref\"", "{\"source-ref\":\"s3://b/dup.jpg\",\"source-ref\""), null, false },
        { Line.Replace("\"confidence\":0.8125", "\"confidence\":0.8125,\"confidence\":0.25"), null, false },
        { Line.Replace("\"anomaly-label\":1,", "\"anomaly-label\":1,\"anomaly-label\":0,"), null, false },
        { Line.Replace("}}", "},\"defect-mask-ref\":\"s3://b/m.png\"}"), null, false },
        { Line.Replace("}}", "},\"x\":{\"y\":[{\"z\":[[[]]]}],\"w\":\"\\\"quoted\\\"\"}}"), null, true },
        { Line.Replace("}}", "},\"caf\u00e9\":1}"), null, false },
        { Line.Replace("anomaly-label", "defect"), "defect", true },
        { Line.Replace("anomaly-label", "defect"), null, false },
        { Line, "defect", false },
        { "[" + Line + "]", null, false },
        { "{}", null, false },
        { "{\"source-ref\":\"s3://b/x.jpg\"}", null, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void VariantsAgreeWithTheFullReader(string line, string? labelAttribute, bool onePass)
    {
        var ctx = new ManifestReader.LineContext("EvaluationManifest-fallback-9.json", labelAttribute);
        Assert.Equal(onePass, Compare(Encoding.UTF8.GetBytes(line), ctx));
    }

    [Fact]
    public void RepeatedTextIsNotKeptAcrossChangedValues()
    {
        // Lines of two models in one file: each line keeps its own ARN, project and version.
        var ctx = new ManifestReader.LineContext("joined.json", null);
        var a = ManifestReader.TryParseCommonLine(Encoding.UTF8.GetBytes(Line), 1, ctx)!;
        var b = ManifestReader.TryParseCommonLine(Encoding.UTF8.GetBytes(Line.Replace("board", "plank").Replace(":\"3\"", ":\"4\"")), 2, ctx)!;
        var c = ManifestReader.TryParseCommonLine(Encoding.UTF8.GetBytes(Line), 3, ctx)!;
        Assert.Equal(("board", "3"), (a.ProjectName, a.ModelVersion));
        Assert.Equal(("plank", "4", "arn:aws:lookoutvision:us-east-1:123456789012:model/plank/3"), (b.ProjectName, b.ModelVersion, b.ModelArn));
        Assert.Equal(("board", "3"), (c.ProjectName, c.ModelVersion));
    }

    [Fact]
    public void MutatedLinesNeverDisagree()
    {
        // Seeded mutations of real lines and of the corpus: the one-pass reader may give up, never differ.
        var rng = new Random(1129);
        var lines = Directory.GetFiles(Samples, "EvaluationManifest-*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Oracle.RepoRoot, "tests", "corpus", "files")))
            .SelectMany(f => SplitLines(File.ReadAllBytes(f)))
            .Where(l => l.Length is > 0 and < 100_000)
            .Append(Encoding.UTF8.GetBytes(Line))
            .ToArray();
        var contexts = new[] { new ManifestReader.LineContext("EvaluationManifest-p-1.json", null), new ManifestReader.LineContext("m.json", "anomaly-label") };
        int accepted = 0, total = 0;
        foreach (var line in lines)
        {
            Compare(line, contexts[0]);
            for (int i = 0; i < 12; i++, total++)
            {
                var mutated = i % 3 == 0 ? FuzzTests.Mutate(rng, line) : OneByte(rng, line);
                if (Compare(mutated, contexts[i % 2])) accepted++;
            }
        }
        // Many mutations only touch values the reader skips: both ways must have been exercised.
        Assert.InRange(accepted, total / 20, total - total / 20);
    }

    private const string Replacements = "{}[]\",:\\ 0123456789.-+eEtrufalsn\u00ff\u0001";

    /// <summary>One byte changed to JSON punctuation, a digit, a letter of a literal, a byte that is not UTF-8 or a control character.</summary>
    private static byte[] OneByte(Random rng, byte[] line)
    {
        var copy = (byte[])line.Clone();
        if (copy.Length > 0) copy[rng.Next(copy.Length)] = (byte)Replacements[rng.Next(Replacements.Length)];
        return copy;
    }

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                yield return bytes[start..i];
                start = i + 1;
            }
        }
    }
}
