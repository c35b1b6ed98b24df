using Amazon.Runtime;
using LookoutMetrics.Aws;
using LookoutMetrics.Sources;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>The rules of issue 17 that need no peer: access point URIs, profile names, MFA and what a session is called.</summary>
public class EnterpriseCredentialTests
{
    [Theory]
    [InlineData("s3://arn:aws:s3:us-east-1:123456789012:accesspoint/lookout-ap/circuitboard/EvaluationManifest-circuitboard-1.json",
        "arn:aws:s3:us-east-1:123456789012:accesspoint/lookout-ap", "circuitboard/EvaluationManifest-circuitboard-1.json")]
    [InlineData("s3://arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/ap/k", "arn:aws-cn:s3:cn-north-1:123456789012:accesspoint/ap", "k")]
    [InlineData("s3://lookout-ap-abcdefgh1234567890-s3alias/reports 2021/a+b%#é.json", "lookout-ap-abcdefgh1234567890-s3alias", "reports 2021/a+b%#é.json")]
    public void AccessPointArnsAndAliasesAreParsedAsTheSdkTakesThem(string text, string bucket, string key)
    {
        Assert.True(S3Uri.TryParse(text, out var uri, out var error), error);
        Assert.Equal(bucket, uri.Bucket);
        Assert.Equal(key, uri.Key);
    }

    [Theory]
    [InlineData("s3://arn:aws:s3:us-east-1:123456789012:accesspoint/ap")]
    [InlineData("s3://arn:aws:s3:us-east-1:123456789012:accesspoint/ap/")]
    [InlineData("s3://arn:aws:s3:us-east-1:123456789012:bucket/b/key")]
    public void AnAccessPointUriWithoutAKeyOrOfAnotherKindIsRefusedWithItsShape(string text)
    {
        Assert.False(S3Uri.TryParse(text, out _, out var error));
        Assert.Contains("accesspoint/<name>/<key>", error);
    }

    [Fact]
    public void ProfileNamesComeFromBothFilesButNotFromSsoSessionsOrServices()
    {
        const string config = "[default]\nregion = us-east-1\n[profile a b]\nregion = x\n[sso-session corp]\nsso_region = us-east-1\n[services local]\ns3 =\n[legacy]\n";
        Assert.Equal(new[] { "default", "a b", "legacy" }, IniFile.ProfileNames(config, configFile: true));
        Assert.Equal(new[] { "one", "two" }, IniFile.ProfileNames("[one]\naws_access_key_id = A\n[two]\n", configFile: false));
    }

    private static AssumeRoleAWSCredentials Role(string? mfa) =>
        new(new BasicAWSCredentials("AKIDSOURCE00000001", "s"), "arn:aws:iam::123456789012:role/r", "session",
            new AssumeRoleAWSCredentialsOptions { MfaSerialNumber = mfa });

    [Fact]
    public void AnMfaCodeIsTheOneGivenElseAskedForElseAClearErrorAndIsGoodOnce()
    {
        var given = Role("arn:aws:iam::123456789012:mfa/phone");
        CredentialSessions.Prepare(given, "p", null, new MfaOptions { Code = "123456", Prompt = _ => "999999" });
        Assert.Equal("123456", given.Options.MfaTokenCodeCallback());
        Assert.Equal("MfaSessionExpired", Assert.Throws<AwsSettingsException>(() => given.Options.MfaTokenCodeCallback()).ErrorId);

        var asked = Role("arn:aws:iam::123456789012:mfa/phone");
        string? device = null;
        CredentialSessions.Prepare(asked, "p", null, new MfaOptions { Prompt = d => { device = d; return " 654321 "; } });
        Assert.Equal("654321", asked.Options.MfaTokenCodeCallback());
        Assert.Equal("arn:aws:iam::123456789012:mfa/phone", device);

        var nobody = Role("arn:aws:iam::123456789012:mfa/phone");
        CredentialSessions.Prepare(nobody, "p", null, new MfaOptions { Prompt = _ => null });
        var e = Assert.Throws<AwsSettingsException>(() => nobody.Options.MfaTokenCodeCallback());
        Assert.Equal("MfaCodeRequired", e.ErrorId);
        Assert.Contains("-MfaCode", e.Message);
        Assert.Contains("get-session-token", e.Message);
    }

    [Fact]
    public void DurationSecondsOfTheProfileIsSetAndCheckedAndNoMfaMeansNoCallback()
    {
        var role = Role(null);
        CredentialSessions.Prepare(role, "p", "1800", null);
        Assert.Equal(1800, role.Options.DurationSeconds);
        Assert.Null(role.Options.MfaTokenCodeCallback);
        Assert.Equal("InvalidProfile", Assert.Throws<AwsSettingsException>(() => CredentialSessions.Prepare(Role(null), "p", "60", null)).ErrorId);
    }

    [Fact]
    public void ASessionIsDescribedWithoutSecretsAndKeptOnlyWhenItFetches()
    {
        var role = Role("arn:aws:iam::123456789012:mfa/phone");
        string said = CredentialSessions.Describe(role);
        Assert.Equal("role arn:aws:iam::123456789012:role/r assumed with STS (MFA device arn:aws:iam::123456789012:mfa/phone)", said);
        Assert.DoesNotContain("AKIDSOURCE", said);
        Assert.Same(role, CredentialSessions.Kept("test-kept-role", () => role));
        Assert.Same(role, CredentialSessions.Kept("test-kept-role", () => Role(null)));
        var basic = new BasicAWSCredentials("A", "B");
        Assert.Same(basic, CredentialSessions.Kept("test-kept-basic", () => basic));
        Assert.NotSame(basic, CredentialSessions.Kept("test-kept-basic", () => new BasicAWSCredentials("A", "B")));
        CredentialSessions.Forget("test-kept-role");
    }
}
