using System.Text.RegularExpressions;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// The shape docs/architecture.md promises, read from the sources: one place for each mechanism, thin cmdlets, and a
/// Core that knows nothing of PowerShell. Each test names the file that breaks the rule.
/// </summary>
public class ArchitectureTests
{
    private static readonly string Src = Path.Combine(Oracle.RepoRoot, "src");

    private static IEnumerable<(string File, string Text)> Sources(string project = "") =>
        Directory.EnumerateFiles(Path.Combine(Src, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Oracle.RepoRoot, f).Replace('\\', '/'), File.ReadAllText(f)));

    /// <summary>The files of <paramref name="project"/> whose code (comments left out) matches <paramref name="pattern"/>.</summary>
    private static List<string> FilesMatching(string pattern, string project = "") =>
        Sources(project).Where(s => Regex.IsMatch(Regex.Replace(s.Text, @"//[^\n]*", string.Empty), pattern)).Select(s => s.File).OrderBy(f => f).ToList();

    /// <summary>Every room of Core is on the map, and the map names no room that is gone.</summary>
    [Fact]
    public void EveryRoomOfCoreIsOnTheMap()
    {
        string map = File.ReadAllText(Path.Combine(Oracle.RepoRoot, "docs", "architecture.md"));
        var rooms = Directory.GetDirectories(Path.Combine(Src, "LookoutMetrics.Core")).Select(d => Path.GetFileName(d)!)
            .Where(d => d != "bin" && d != "obj").OrderBy(d => d).ToList();
        Assert.NotEmpty(rooms);
        Assert.All(rooms, room => Assert.Contains($"| `{room}/` |", map));
        var mapped = Regex.Matches(map, @"^\| `(\w+)/` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(d => d).ToList();
        Assert.Equal(rooms, mapped);
    }

    [Fact]
    public void EveryErrorRecordIsMadeInErrorRecords() =>
        Assert.Equal(["src/LookoutMetrics/ErrorRecords.cs"], FilesMatching(@"new\s+ErrorRecord\s*\("));

    [Fact]
    public void EveryCmdletFileIsAtMost150Lines()
    {
        var commands = Sources("LookoutMetrics").Where(s => s.File.EndsWith("Command.cs")).ToList();
        Assert.Equal(15, commands.Count);
        Assert.All(commands, c => Assert.True(c.Text.Split('\n').Length - 1 <= 150, $"{c.File} has {c.Text.Split('\n').Length - 1} lines"));
    }

    [Fact]
    public void CoreKnowsNothingOfPowerShell()
    {
        Assert.Empty(FilesMatching(@"System\.Management\.Automation", "LookoutMetrics.Core"));
        Assert.Empty(FilesMatching(@"System\.Management\.Automation", "LookoutMetrics.Model"));
    }

    [Fact]
    public void OneProgressMeterOnePumpOneGroupingHelper()
    {
        Assert.Equal(["src/LookoutMetrics/ProgressMeter.cs"], FilesMatching(@"new\s+ProgressRecord\s*\("));
        // Work started side by side, throttled and shut down: the Pump alone (ReadAhead's one thread is the other shape).
        Assert.Equal(["src/LookoutMetrics.Core/IO/Pump.cs"], FilesMatching(@"Task\.(Run|WaitAll|WhenAll|Factory\.StartNew)\s*\(|ThreadPool\."));
        Assert.Equal(["src/LookoutMetrics.Core/IO/ReadAhead.cs"], FilesMatching(@"new\s+Thread\s*\("));
        // Throttles: the Pump's, and the decoding gate that keeps mask decoding to one thread a core.
        Assert.Equal(["src/LookoutMetrics.Core/IO/Pump.cs", "src/LookoutMetrics.Core/Segmentation/SegmentationPipeline.cs"],
            FilesMatching(@"new\s+SemaphoreSlim\s*\("));
        // Grouping by (project, version) in first-seen order.
        Assert.Equal(["src/LookoutMetrics.Core/IO/ModelGroups.cs"], FilesMatching(@"Dictionary<\(string, string\)"));
    }

    [Fact]
    public void EveryParallelLoopTakesTheCancellationToken()
    {
        var loops = Sources().SelectMany(s => Regex.Matches(s.Text, @"Parallel\.For(Each)?\s*\([^;]*").Select(m => (s.File, Code: m.Value))).ToList();
        Assert.NotEmpty(loops);
        Assert.All(loops, l => Assert.True(l.Code.Contains("Cancellable("), $"{l.File}: {l.Code}"));
    }

    [Fact]
    public void ArtifactNamesAreRecognisedInOnePlace() =>
        Assert.Equal(["src/LookoutMetrics.Core/IO/ArtifactNames.cs"], FilesMatching("\"Evaluation(Manifest|Result)-\""));

    [Fact]
    public void FilesAreNamedAfterTheirMainType()
    {
        // Each file's public or internal top-level types: the file is named after one of them (partial classes:
        // Name.Part.cs), the main one, which is the largest; the small types beside it serve it. An interface is named
        // for itself however small, with what it needs beside it.
        var misnamed = new List<string>();
        foreach (var (file, text) in Sources())
        {
            var types = Regex.Matches(text, @"^    (?:public|internal) (?:static |sealed |abstract |readonly |partial )*(class|struct|enum|interface) (\w+)",
                RegexOptions.Multiline).Select(m => (Name: m.Groups[2].Value, At: m.Index, Kind: m.Groups[1].Value)).ToList();
            if (types.Count == 0) continue;
            string name = Path.GetFileNameWithoutExtension(file).Split('.')[0];
            if (types.Any(t => t.Name == name && t.Kind == "interface")) continue;
            // A type's length: from its declaration to the next one's (or the end of the file).
            var lengths = types.Select((t, i) => (t.Name, Length: (i + 1 < types.Count ? types[i + 1].At : text.Length) - t.At)).ToList();
            var main = lengths.OrderByDescending(t => t.Length).First().Name;
            if (main != name) misnamed.Add($"{file}: its largest type is {main}");
        }
        Assert.Empty(misnamed);
    }

    /// <summary>Where bytes come from is decided in Core/Sources: no other file parses an s3:// text or opens a file.</summary>
    [Fact]
    public void OneRoomDecidesWhereBytesComeFrom()
    {
        // (FilesMatching drops what follows '//', so the scheme's text is matched as '"s3:'.)
        Assert.Equal(["src/LookoutMetrics.Core/Sources/Location.cs"], FilesMatching("\"s3:"));
        Assert.DoesNotContain(FilesMatching(@"IndexOf\('/', 5\)|Substring\(5\)"), f => !f.StartsWith("src/LookoutMetrics.Core/Sources/"));
        // Reading a whole file or opening one for reading: the local store (the report and test set files are written, not read).
        Assert.Equal(["src/LookoutMetrics.Core/Sources/LocalStore.cs"], FilesMatching(@"File\.ReadAllBytes\s*\(|FileMode\.Open\b"));
        // Whether a location is S3 or local is asked in the source room alone (the cmdlet layer asks only to hand a path to
        // PowerShell's providers).
        Assert.DoesNotContain(FilesMatching(@"\bIsS3(Text)?\b", "LookoutMetrics.Core"), f => !f.StartsWith("src/LookoutMetrics.Core/Sources/"));
        // S3's GetObject and ListObjects: the S3 store.
        Assert.Equal(["src/LookoutMetrics.Core/Aws/S3ArtifactStore.cs"], FilesMatching(@"GetObjectAsync|ListObjectsV2Async"));
    }

    /// <summary>Every failure of Core is an LfvException; ids are ErrorIds' constants, never literals at the throw.</summary>
    [Fact]
    public void ErrorsHaveARoomOfTheirOwn()
    {
        var core = Sources("LookoutMetrics.Core").ToList();
        var exceptions = core.SelectMany(s => Regex.Matches(s.Text, @"class (\w+Exception)\s*:\s*([\w.]+)").Select(m => (s.File, Type: m.Groups[1].Value, Base: m.Groups[2].Value))).ToList();
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions.Where(e => e.Type != "LfvException"), e => Assert.True(e.Base.EndsWith("LfvException"), $"{e.File}: {e.Type} derives from {e.Base}"));
        // No literal id where an error is made, in Core or the cmdlets.
        Assert.Empty(FilesMatching(@"new (MaskException|ArtifactException|AwsSettingsException|SourceException|DataProblem|ErrorAdvice)\(""").ToList());
        Assert.Empty(FilesMatching(@"new ErrorRecord\([^;]*""[A-Z][A-Za-z]+"",\s*(ErrorCategory|Category)"));
        // One table from kind to category.
        Assert.Equal(["src/LookoutMetrics/ErrorRecords.cs"], FilesMatching(@"ErrorKind\.\w+ => ErrorCategory\."));
    }

    /// <summary>A metric is one row of MetricTable: no other file lists the compared metrics by name.</summary>
    [Fact]
    public void AMetricIsOneRowOfOneTable()
    {
        // The names only the comparison's metrics have (Precision, Recall and F1Score are also keys of the artifacts' JSON).
        Assert.Equal(["src/LookoutMetrics.Core/Metrics/MetricTable.cs"], FilesMatching(@"""(Accuracy|FalsePositives|FalseNegatives)"""));
        Assert.Empty(FilesMatching(@"ValidateSet\(""Precision"""));
    }

    /// <summary>
    /// Cmdlets share work by composition: no member hides a base's with 'new', no cmdlet is more than four bases below
    /// PSCmdlet, and every error goes through the counting LfvCmdlet.WriteItemError.
    /// </summary>
    [Fact]
    public void TheCmdletLayerIsThinAndComposed()
    {
        Assert.Empty(FilesMatching(@"\b(public|protected|internal|private)\s+(static\s+)?new\s+\w", "LookoutMetrics"));
        Assert.Equal(["src/LookoutMetrics/LfvCmdlet.cs"], FilesMatching(@"\bWriteError\s*\(", "LookoutMetrics"));
        // Every warning goes through LfvCmdlet.WriteItemWarning, which escapes the data's control characters.
        Assert.Equal(["src/LookoutMetrics/LfvCmdlet.cs"], FilesMatching(@"(?<!Item)\bWriteWarning\s*\(", "LookoutMetrics"));
        // Each class of the cmdlet layer and its base, read from the sources: the longest chain below PSCmdlet.
        var bases = Sources("LookoutMetrics").SelectMany(s => Regex.Matches(s.Text, @"class (\w+)\s*:\s*(\w+)").Select(m => (m.Groups[1].Value, m.Groups[2].Value)))
            .ToDictionary(t => t.Item1, t => t.Item2);
        int Depth(string type) => bases.TryGetValue(type, out var b) ? (b == "PSCmdlet" ? 1 : 1 + Depth(b)) : 0;
        var cmdlets = bases.Keys.Where(k => k.EndsWith("Command")).ToList();
        Assert.Equal(Sources("LookoutMetrics").Sum(f => Regex.Matches(f.Text, @"\[Cmdlet\(").Count), cmdlets.Count);
        var deepest = cmdlets.OrderByDescending(Depth).First();
        Assert.True(Depth(deepest) <= 5, $"{deepest} is {Depth(deepest)} classes below PSCmdlet");
    }

    /// <summary>No line of src is wider than 150 characters.</summary>
    [Fact]
    public void NoLineIsWiderThan150Characters()
    {
        var wide = Sources().SelectMany(s => s.Text.Split('\n').Select((line, i) => (s.File, Line: i + 1, Width: line.TrimEnd('\r').Length)))
            .Where(l => l.Width > 150).Select(l => $"{l.File}:{l.Line} ({l.Width})").ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} lines are wider than 150 characters, the first: {string.Join(", ", wide.Take(10))}");
    }
}
