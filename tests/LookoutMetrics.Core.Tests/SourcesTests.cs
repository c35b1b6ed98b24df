using LookoutMetrics.Errors;
using LookoutMetrics.Sources;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>The one place that decides where bytes come from: locations, wildcards, and the local store's failures.</summary>
public class SourcesTests
{
    [Theory]
    [InlineData("s3://bucket/a/b.json", LocationKind.S3Object, "bucket", "a/b.json")]
    [InlineData("s3://bucket/a/", LocationKind.S3Prefix, "bucket", "a/")]
    [InlineData("s3://bucket/", LocationKind.S3Prefix, "bucket", "")]
    [InlineData("s3://bucket", LocationKind.S3Prefix, "bucket", "")]
    [InlineData("S3://bucket/*/EvaluationResult-*.json", LocationKind.S3Pattern, "bucket", "*/EvaluationResult-*.json")]
    [InlineData("s3://bucket/v[12]/x?.json", LocationKind.S3Pattern, "bucket", "v[12]/x?.json")]
    [InlineData("s3://bucket/a`[1`].json", LocationKind.S3Pattern, "bucket", "a`[1`].json")]
    [InlineData("s3://arn:aws:s3:us-east-1:123456789012:accesspoint/ap/k/x.json", LocationKind.S3Object,
        "arn:aws:s3:us-east-1:123456789012:accesspoint/ap", "k/x.json")]
    public void ParsesEachKindOfS3Location(string text, LocationKind kind, string bucket, string key)
    {
        Assert.True(Location.TryParse(text, out var at, out string error), error);
        Assert.Equal((kind, bucket, key), (at.Kind, at.Bucket, at.Key));
        Assert.True(at.IsS3);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3://b/key.json")]
    public void RefusesWhatIsNoS3Location(string text)
    {
        Assert.False(Location.TryParse(text, out _, out string error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void ALocalPathIsAFullPath()
    {
        Assert.True(Location.TryParse("rel/x.json", out var at, out _));
        Assert.Equal(LocationKind.File, at.Kind);
        Assert.Equal(Path.GetFullPath("rel/x.json"), at.Text);
        Assert.False(Location.IsS3Text("/data/s3://x"));
        Assert.True(Location.IsS3Text("  s3://b/k"));
    }

    /// <summary>PowerShell's wildcard rules, checked against PowerShell's own WildcardPattern on the same keys (its results written here).</summary>
    [Theory]
    [InlineData("*/EvaluationResult-*.json", "proj/EvaluationResult-proj-1.json", true)]
    [InlineData("*/EvaluationResult-*.json", "a/b/EvaluationResult-p-10.json", true)]
    [InlineData("*/EvaluationResult-*.json", "EvaluationResult-p-1.json", false)]
    [InlineData("*/EvaluationResult-*.json", "proj/EvaluationManifest-proj-1.json", false)]
    [InlineData("p/EvaluationResult-p-?.json", "p/EvaluationResult-p-3.json", true)]
    [InlineData("p/EvaluationResult-p-?.json", "p/EvaluationResult-p-10.json", false)]
    [InlineData("p/v[1-3]/x.json", "p/v2/x.json", true)]
    [InlineData("p/v[1-3]/x.json", "p/v4/x.json", false)]
    [InlineData("p/v[ab]/x.json", "p/vb/x.json", true)]
    [InlineData("p/a`*b", "p/a*b", true)]
    [InlineData("p/a`*b", "p/axb", false)]
    [InlineData("P/*.json", "p/x.json", false)]
    public void KeysMatchByPowerShellsWildcardRules(string pattern, string key, bool matches)
    {
        var at = Location.S3("bucket", pattern);
        Assert.Equal(LocationKind.S3Pattern, at.Kind);
        Assert.Equal(matches, at.Names(key));
        Assert.StartsWith(at.ListPrefix, pattern.Replace("`", string.Empty));
    }

    [Theory]
    [InlineData("s3://bkt/x[]")]
    [InlineData("s3://bkt/v[z-a].json")]
    public void AKeyThatIsNoPatternIsAnErrorNotACrash(string text)
    {
        Assert.False(Location.TryParseS3(text, out _, out string error));
        Assert.Contains("is not a wildcard pattern", error);
        Assert.Contains("Escape", error);
    }

    [Fact]
    public void AnEscapedBracketInsideASetAndAKeyEndingInANewlineMatchAsWritten()
    {
        var set = Location.S3("b", "a[x`]]b");
        Assert.True(set.Names("a]b"));
        Assert.True(set.Names("axb"));
        Assert.False(set.Names("a`b"));
        Assert.False(Location.S3("b", "p/*.json").Names("p/x.json\n"));
    }

    [Fact]
    public void AWildcardFolderNamesWhatLiesBelowIt()
    {
        var below = Location.S3("b", "runs/*/");
        Assert.Equal(LocationKind.S3Pattern, below.Kind);
        Assert.True(below.Names("runs/7/EvaluationResult-p-7.json"));
        Assert.False(below.Names("other/7/x.json"));
    }

    [Fact]
    public void WhatAnArtifactOrTheServiceNamesIsTakenAsItStandsBracketsAndAll()
    {
        Assert.True(Location.TryParseLiteral("s3://bkt/run[1]/EvaluationManifest-p-1.json", out var at, out _));
        Assert.Equal(LocationKind.S3Object, at.Kind);
        Assert.Equal("run[1]/EvaluationManifest-p-1.json", at.Key);
        Assert.True(at.TryResolve("masks/m.png", out var mask, out _));
        Assert.Equal("s3://bkt/run[1]/masks/m.png", mask.Text);
    }

    [Fact]
    public void AListingAsksS3ForTheLiteralStartOnly()
    {
        Assert.Equal("runs/", Location.S3("b", "runs/*/EvaluationResult-*.json").ListPrefix);
        Assert.Equal("runs/v", Location.S3("b", "runs/v[12]/x.json").ListPrefix);
        Assert.Equal("runs/", Location.S3("b", "runs/").ListPrefix);
    }

    [Fact]
    public void AReferenceResolvesBesideItsArtifactAndNeverLeavesIt()
    {
        var manifest = Location.S3("b", "out/EvaluationManifest-p-1.json");
        Assert.True(manifest.TryResolve("masks/a.png", out var mask, out _));
        Assert.Equal("s3://b/out/masks/a.png", mask.Text);
        Assert.False(manifest.TryResolve("../secret.png", out _, out string error));
        Assert.Contains("'..'", error);
        var local = Location.File("/runs/p/EvaluationManifest-p-1.json");
        Assert.True(local.TryResolve("masks/a.png", out var file, out _));
        Assert.Equal(Path.GetFullPath("/runs/p/masks/a.png"), file.Text);
        Assert.Equal(Path.GetFullPath("/copy/out/masks/a.png"), Location.InCopy("/copy", "out/masks/a.png").Text);
    }

    [Fact]
    public async Task TheLocalStoreSaysWhatWentWrongWithItsOwnIds()
    {
        string folder = Directory.CreateTempSubdirectory("lfv-sources-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "b.json"), "{}");
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllText(Path.Combine(folder, "sub", "a.json"), "[]");
            var stores = new ArtifactStores(() => throw new InvalidOperationException("no S3 needed"));
            var missing = await Assert.ThrowsAsync<SourceException>(() => stores.ReadAllAsync(Location.File(Path.Combine(folder, "nope.json")), WholeRead.MaxFileBytes, default));
            Assert.Equal((ErrorIds.PathNotFound, ErrorKind.ObjectNotFound), (missing.ErrorId, missing.Kind));
            Assert.Equal(Path.Combine(folder, "nope.json"), missing.Target);
            Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(await stores.ReadAllAsync(Location.File(Path.Combine(folder, "b.json")), WholeRead.MaxFileBytes, default)));
            var listed = stores.List(Location.File(folder), default).Select(o => Path.GetRelativePath(folder, o.Location.Text)).ToList();
            Assert.Equal(["b.json", Path.Combine("sub", "a.json")], listed);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
