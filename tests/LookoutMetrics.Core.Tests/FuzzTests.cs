using System.Text;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using Xunit;

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

    [Fact]
    public void MutatedManifestsEndInRecordsOrProblems()
    {
        var rng = new Random(20261129);
        var sources = Directory.GetFiles(Samples, "EvaluationManifest-*.json", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        for (int i = 0; i < 1500; i++)
        {
            var input = Mutate(rng, sources[i % sources.Length]);
            var entries = ManifestReader.Read(new MemoryStream(input), "fuzz.json").ToList();
            Assert.NotEmpty(entries);
            foreach (var entry in entries)
            {
                Assert.True((entry.Image == null) != (entry.Problem == null));
                if (entry.Problem != null) Assert.False(HasControl(entry.Problem.Message), entry.Problem.Message);
            }
        }
    }

    [Fact]
    public void MutatedResultFilesEndInAResultOrAProblem()
    {
        var rng = new Random(11292026);
        var sources = Directory.GetFiles(Samples, "EvaluationResult-*.json", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        for (int i = 0; i < 1500; i++)
        {
            var entry = EvaluationResultReader.Read(new MemoryStream(Mutate(rng, sources[i % sources.Length])), "fuzz.json");
            Assert.True((entry.Result == null) != (entry.Problem == null));
            if (entry.Problem != null) Assert.False(HasControl(entry.Problem.Message), entry.Problem.Message);
        }
    }

    [Fact]
    public void MutatedMasksDecodeOrAreRefused()
    {
        var rng = new Random(42);
        var sources = Directory.GetFiles(Path.Combine(Samples, "cookies", "masks"), "*.png", SearchOption.AllDirectories).Take(10).Select(File.ReadAllBytes).ToArray();
        int refused = 0;
        for (int i = 0; i < 600; i++)
        {
            var input = Mutate(rng, sources[i % sources.Length]);
            try
            {
                using var mask = MaskDecoder.Open(input, "fuzz.png");
                for (int y = 0; y < mask.Height; y++) Assert.Equal(mask.Width * 4, mask.NextRow().Length);
            }
            catch (MaskException)
            {
                refused++;
            }
        }
        Assert.InRange(refused, 1, 600);
    }
}
