using System.Text;
using System.Text.Json;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using Xunit;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Tests;

/// <summary>
/// Mutates real manifest lines, result files and masks for a bounded, seeded number of iterations: every mutation
/// must end in records or problems (or a MaskException for a mask), never in another exception, and no problem's
/// message may carry a control character.
/// </summary>
public class FuzzTests
{
    private static readonly string Samples = Path.Combine(Oracle.RepoRoot, "samples");

    private const string Punctuation = "{}[]\",:\\\n\r\t0-e.";

    internal static byte[] Mutate(Random rng, byte[] input)
    {
        var bytes = new List<byte>(input);
        int edits = 1 + rng.Next(6);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(7))
            {
                case 0: bytes[at] = (byte)rng.Next(256); break;                                   // any byte
                case 1: bytes.RemoveAt(at); break;                                                // a byte lost
                case 2: bytes.Insert(at, (byte)Punctuation[rng.Next(Punctuation.Length)]); break; // JSON punctuation
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, rng.Next(40))); break;   // a run lost
                case 4:                                                                           // a run repeated
                    int length = Math.Min(20, bytes.Count / 4);
                    bytes.InsertRange(at, bytes.GetRange(rng.Next(bytes.Count - length + 1), length));
                    break;
                case 5: bytes.RemoveRange(at, bytes.Count - at); break;                           // cut short
                default: bytes.Insert(at, (byte)rng.Next(0x20)); break;                           // a control character
            }
        }
        return bytes.ToArray();
    }

    private static bool HasControl(string s) => s.Any(c => c < 0x20 || (c >= 0x7F && c <= 0x9F));

    private static readonly System.Reflection.PropertyInfo[] ImageProperties =
        typeof(EvaluationImage).GetProperties().Where(p => p.Name != nameof(EvaluationImage.LineNumber)).ToArray();

    /// <summary>An image as text, every property but its line number, for comparing two images.</summary>
    private static string Describe(EvaluationImage image) => string.Join("\n", ImageProperties.Select(p =>
        p.Name + "=" + (p.GetValue(image) is System.Collections.IEnumerable e and not string ? string.Join(";", e.Cast<object>()) : Convert.ToString(p.GetValue(image), System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Lines as the UTF-8 reader cuts them: at '\n', without a trailing '\r' or a leading byte-order mark.</summary>
    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            int end = i > start && bytes[i - 1] == (byte)'\r' ? i - 1 : i;
            int from = end - start >= 3 && bytes[start] == 0xEF && bytes[start + 1] == 0xBB && bytes[start + 2] == 0xBF ? start + 3 : start;
            if (i < bytes.Length || from < end) lines.Add(bytes[from..end]);
            start = i + 1;
        }
        return lines;
    }

    private static bool Blank(byte[] line) => line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v');

    [Fact]
    public void MutatedManifestsEndInRecordsOrProblems()
    {
        var rng = new Random(20261129);
        var sources = Directory.GetFiles(Samples, "EvaluationManifest-*.json", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        // Every line of the samples, by its bytes, and the image the reader makes of it.
        var imageOf = new Dictionary<string, string>();
        foreach (var source in sources)
        {
            var lines = Lines(source);
            foreach (var entry in ManifestReader.Read(new MemoryStream(source), "fuzz.json"))
                imageOf[Convert.ToHexString(lines[(int)entry.Image!.LineNumber - 1])] = Describe(entry.Image);
        }
        int kept = 0, refusedLines = 0;
        for (int i = 0; i < 1500; i++)
        {
            var input = Mutate(rng, sources[i % sources.Length]);
            var entries = ManifestReader.Read(new MemoryStream(input), "fuzz.json").ToList();
            var lines = Lines(input);
            var numbered = Enumerable.Range(1, lines.Count).Where(n => !Blank(lines[n - 1])).Select(n => (long)n).ToList();
            if (entries.Count == 1 && entries[0].Problem is { LineNumber: 0 } whole)
            {
                // The whole file refused in one error: only when its start says it is no manifest.
                Assert.Equal(ErrorIds.NotAnEvaluationManifest, whole.ErrorId);
                Assert.Equal("fuzz.json", whole.Target);
                Assert.NotNull(ManifestReader.WhatItLooksLike(input, input.Length));
                continue;
            }
            // One entry per line that is not blank, in order, each naming its own line.
            Assert.Equal(numbered, entries.Select(e => e.Image?.LineNumber ?? e.Problem!.LineNumber).ToList());
            for (int k = 0; k < entries.Count; k++)
            {
                long n = numbered[k];
                var line = lines[(int)n - 1];
                if (entries[k].Problem is { } problem)
                {
                    Assert.Equal(ErrorIds.InvalidManifestLine, problem.ErrorId);
                    Assert.Equal("fuzz.json:" + n, problem.Target);
                    Assert.StartsWith($"Line {n} of 'fuzz.json' ", problem.Message);
                    Assert.False(HasControl(problem.Message), problem.Message);
                    // A line the mutation left alone is never refused.
                    Assert.False(imageOf.ContainsKey(Convert.ToHexString(line)), $"an untouched line {n} refused: {problem.Message}");
                    refusedLines++;
                }
                else
                {
                    var image = entries[k].Image!;
                    Assert.Equal("fuzz.json", image.Source);
                    Assert.InRange(image.Confidence, 0.0, 1.0);
                    Assert.Equal(image.ActualLabel == image.PredictedLabel, image.IsCorrect);
                    // A line the mutation left alone gives the very image it gave before.
                    if (imageOf.TryGetValue(Convert.ToHexString(line), out var before)) { Assert.Equal(before, Describe(image)); kept++; }
                }
            }
        }
        // Most lines survive a few edits; some do not: both ways were taken.
        Assert.True(kept > 1500 * 20, $"{kept} untouched lines kept");
        Assert.True(refusedLines > 500, $"{refusedLines} lines refused");
    }

    private static readonly JsonDocumentOptions ResultOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The JSON a file holds, as a tree, or null when it is not JSON (or not UTF-8).</summary>
    private static System.Text.Json.Nodes.JsonNode? Tree(byte[] bytes)
    {
        try { return System.Text.Json.Nodes.JsonNode.Parse(bytes, documentOptions: ResultOptions); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException) { return null; }
    }

    private static bool SameTree(System.Text.Json.Nodes.JsonNode? a, System.Text.Json.Nodes.JsonNode b)
    {
        try { return System.Text.Json.Nodes.JsonNode.DeepEquals(a, b); }
        catch (InvalidOperationException) { return false; }
    }

    [Fact]
    public void MutatedResultFilesEndInAResultOrAProblem()
    {
        var rng = new Random(11292026);
        var sources = Directory.GetFiles(Samples, "EvaluationResult-*.json", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        string Json(EvaluationResult r) => JsonSerializer.Serialize(r);
        var expected = sources.Select(s => Json(EvaluationResultReader.Read(new MemoryStream(s), "fuzz.json").Result!)).ToArray();
        int same = 0, notJson = 0;
        for (int i = 0; i < 1500; i++)
        {
            var source = sources[i % sources.Length];
            var input = Mutate(rng, source);
            var entry = EvaluationResultReader.Read(new MemoryStream(input), "fuzz.json");
            var tree = Tree(input);
            if (tree == null)
            {
                // Not JSON: always a problem that names the file.
                Assert.True(entry.Problem != null, "not JSON, yet read: " + Encoding.UTF8.GetString(input));
                notJson++;
            }
            else if (SameTree(tree, Tree(source)!))
            {
                // The same JSON with other spacing: the same result.
                Assert.True(entry.Result != null, entry.Problem?.Message);
                Assert.Equal(expected[i % sources.Length], Json(entry.Result!));
                same++;
            }
            if (entry.Problem is { } problem)
            {
                Assert.Equal(ErrorIds.InvalidEvaluationResult, problem.ErrorId);
                Assert.Equal("fuzz.json", problem.Target);
                Assert.Matches("^(The evaluation result 'fuzz\\.json' |'fuzz\\.json' is not an evaluation result: )", problem.Message);
                Assert.False(HasControl(problem.Message), problem.Message);
            }
        }
        Assert.True(same >= 5 && notJson >= 1000, $"{same} mutations kept the JSON, {notJson} broke it");
    }

    [Fact]
    public void MutatedMasksDecodeOrAreRefused()
    {
        var rng = new Random(42);
        var sources = Directory.GetFiles(Path.Combine(Samples, "cookies", "masks"), "*.png", SearchOption.AllDirectories).Take(10).Select(File.ReadAllBytes).ToArray();
        var pixels = sources.Select(s => MaskDecoder.Decode(s, "source.png")).Select(m => (m.Width, m.Height, Convert.ToHexString(m.Rgba))).ToArray();
        int refused = 0, decoded = 0, changed = 0;
        for (int i = 0; i < 600; i++)
        {
            var input = Mutate(rng, sources[i % sources.Length]);
            try
            {
                using var mask = MaskDecoder.Open(input, "fuzz.png");
                var rows = new List<byte>();
                for (int y = 0; y < mask.Height; y++) { var row = mask.NextRow(); Assert.Equal(mask.Width * 4, row.Length); rows.AddRange(row.ToArray()); }
                decoded++;
                if ((mask.Width, mask.Height, Convert.ToHexString(rows.ToArray())) != pixels[i % sources.Length]) changed++;
            }
            catch (MaskException e)
            {
                Assert.Contains(e.ErrorId, new[] { "InvalidMask", "MaskTooLarge" });
                Assert.Contains("'fuzz.png'", e.Message);
                refused++;
            }
        }
        Assert.Equal(600, refused + decoded);
        Assert.Equal(0, changed); Assert.True(refused >= 300 && decoded >= 1, $"{refused} refused, {decoded} decoded");
    }
}
