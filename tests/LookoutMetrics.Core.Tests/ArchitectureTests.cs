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

    [Fact]
    public void TheSourcesAreThere() => Assert.True(Sources().Count() > 50);

    [Fact]
    public void EveryErrorRecordIsMadeInErrorRecords() =>
        Assert.Equal(["src/LookoutMetrics/ErrorRecords.cs"], FilesMatching(@"new\s+ErrorRecord\s*\("));

    [Fact]
    public void EveryCmdletFileIsAtMost150Lines()
    {
        var commands = Sources("LookoutMetrics").Where(s => s.File.EndsWith("Command.cs")).ToList();
        Assert.Equal(13, commands.Count);
        Assert.All(commands, c => Assert.True(c.Text.Split('\n').Length - 1 <= 150, $"{c.File} has {c.Text.Split('\n').Length - 1} lines"));
    }

    [Fact]
    public void CoreKnowsNothingOfPowerShell()
    {
        Assert.Empty(FilesMatching(@"System\.Management\.Automation", "LookoutMetrics.Core"));
        Assert.Empty(FilesMatching(@"System\.Management\.Automation", "LookoutMetrics.Model"));
    }

    [Fact]
    public void OneProgressMeterOneOrderedQueueOneGroupingHelper()
    {
        Assert.Equal(["src/LookoutMetrics/ProgressMeter.cs"], FilesMatching(@"new\s+ProgressRecord\s*\("));
        // The one timed shutdown of work started concurrently.
        Assert.Equal(["src/LookoutMetrics.Core/IO/OrderedWork.cs"], FilesMatching(@"Task\.WaitAll\s*\("));
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
        // Each file's public or internal top-level types: the first is the file's name (partial classes: Name.Part.cs).
        foreach (var (file, text) in Sources())
        {
            var types = Regex.Matches(text, @"^    (?:public|internal) (?:static |sealed |abstract |readonly |partial )*(?:class|struct|enum|interface) (\w+)", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).ToList();
            if (types.Count == 0) continue;
            string name = Path.GetFileNameWithoutExtension(file).Split('.')[0];
            Assert.True(types.Contains(name), $"{file} holds {string.Join(", ", types)}");
        }
    }
}
