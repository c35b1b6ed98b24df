using System.Collections;
using LookoutMetrics.Aws;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>One identity per pipeline: what a later cmdlet takes from the objects read from AWS, setting by setting.</summary>
public class AwsIdentitiesTests
{
    private static readonly Func<object?, object?> AsIs = v => v;

    private static AwsSettingsRequest Upstream() => new()
    {
        ProfileName = "reader", Region = "eu-west-1", EndpointUrl = "http://127.0.0.1:1/", S3EndpointUrl = "http://127.0.0.1:2/", RequesterPays = true,
    };

    [Fact]
    public void AnythingNotGivenComesFromUpstreamEachSettingOnItsOwn()
    {
        var given = new AwsSettingsRequest { Region = "us-west-2", EndpointUrl = "http://127.0.0.1:3/" };
        var merged = AwsIdentities.Merge(Upstream(), given, new Hashtable { ["Region"] = "us-west-2" });
        Assert.Equal(("reader", "us-west-2", "http://127.0.0.1:1/", "http://127.0.0.1:2/", true),
            (merged.ProfileName, merged.Region, merged.EndpointUrl, merged.S3EndpointUrl, merged.RequesterPays));
    }

    [Theory]
    [InlineData("ProfileName")]
    [InlineData("AccessKey")]
    [InlineData("Credential")]
    public void AnyCredentialParameterReplacesTheUpstreamCredentialsWhole(string parameter)
    {
        var given = new AwsSettingsRequest { AccessKey = "AKIDGIVEN", SecretKey = "s" };
        var merged = AwsIdentities.Merge(Upstream(), given, new Hashtable { [parameter] = "x" });
        Assert.Null(merged.ProfileName);
        Assert.Equal("AKIDGIVEN", merged.AccessKey);
        Assert.Equal("eu-west-1", merged.Region);
    }

    [Fact]
    public void AnObjectReadFromAwsIsFoundByItselfOrByTheStringsItBindsButTheUsersOwnStringNever()
    {
        string usersOwn = "circuit" + "board";
        var model = new ModelPerformance { ProjectName = usersOwn, ModelVersion = "2", EvaluationManifestUri = "s3://b/m.json" };
        var request = Upstream();
        AwsIdentities.Remember(model, request);
        Assert.Same(request, AwsIdentities.Find(new object[] { "unrelated", model }, AsIs));
        Assert.Same(request, AwsIdentities.Find(new object[] { model.ProjectName }, AsIs));
        Assert.Same(request, AwsIdentities.Find(new object[] { new[] { model.EvaluationManifestUri } }, AsIs));
        Assert.Equal("circuitboard", model.ProjectName);
        Assert.NotSame(usersOwn, model.ProjectName);
        Assert.Null(AwsIdentities.Find(new object[] { usersOwn }, AsIs));
        Assert.Same(request, AwsIdentities.Find(new object[] { new Wrapped(model) }, v => v is Wrapped w ? w.Inner : v));
    }

    private sealed record Wrapped(object Inner);
}
