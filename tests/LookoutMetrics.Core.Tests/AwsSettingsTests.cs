using Amazon.Runtime;
using LookoutMetrics.Aws;
using Xunit;

namespace LookoutMetrics.Tests;

/// <summary>
/// AWS.Tools.Common's precedence, step by step, through the resolver's environment hook: variables, the config file
/// and profiles are the test's own, so no file of this machine is read.
/// </summary>
public class AwsSettingsResolverTests
{
    private readonly Dictionary<string, string> _variables = new();
    private readonly Dictionary<string, string> _files = new();
    private readonly Dictionary<string, (string Access, string? Region)> _profiles = new();
    private readonly List<(string Name, string? Location)> _profileReads = new();

    private AwsEnvironment Env()
    {
        var env = AwsEnvironment.Isolated(name => _variables.TryGetValue(name, out var v) ? v : null);
        env.ReadFile = path => _files.TryGetValue(path, out var text) ? text : null;
        env.HomeDirectory = () => "/home/admin";
        env.LoadProfile = (name, location) =>
        {
            _profileReads.Add((name, location));
            return _profiles.TryGetValue(name, out var p) ? new ProfileCredentials(name, new BasicAWSCredentials(p.Access, "secret-" + name), p.Region) : null;
        };
        return env;
    }

    private AwsSettings Resolve(AwsSettingsRequest request) => AwsSettingsResolver.Resolve(request, Env());

    private static string AccessKey(AwsSettings s) => s.Credentials.GetCredentials().AccessKey;

    [Fact]
    public void EachSourceWinsOverTheOnesAfterIt()
    {
        _profiles["named"] = ("AKIDNAMED0000001", null);
        _profiles["stored"] = ("AKIDSTORED000001", null);
        _profiles["envprofile"] = ("AKIDENVPROFILE01", null);
        _profiles["default"] = ("AKIDDEFAULT00001", null);
        _variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT1";
        _variables["AWS_SECRET_ACCESS_KEY"] = "env-secret";
        _variables["AWS_PROFILE"] = "envprofile";
        var credential = new BasicAWSCredentials("AKIDCREDENTIAL01", "c");

        var full = new AwsSettingsRequest
        {
            AccessKey = "AKIDPARAMETER001", SecretKey = "p", ProfileName = "named", Credential = credential, StoredCredentials = "stored", Region = "eu-west-1",
        };
        Assert.Equal("AKIDPARAMETER001", AccessKey(Resolve(full)));
        full.AccessKey = full.SecretKey = null;
        Assert.Equal("AKIDNAMED0000001", AccessKey(Resolve(full)));
        full.ProfileName = null;
        Assert.Equal("AKIDCREDENTIAL01", AccessKey(Resolve(full)));
        full.Credential = null;
        Assert.Equal("AKIDSTORED000001", AccessKey(Resolve(full)));
        full.StoredCredentials = null;
        Assert.Equal("AKIDENVIRONMENT1", AccessKey(Resolve(full)));
        _variables.Remove("AWS_ACCESS_KEY_ID");
        Assert.Equal("AKIDENVPROFILE01", AccessKey(Resolve(full)));
        _variables.Remove("AWS_PROFILE");
        var settings = Resolve(full);
        Assert.Equal("AKIDDEFAULT00001", AccessKey(settings));
        Assert.Contains("'default' profile", settings.CredentialSource);
    }

    [Fact]
    public void AnUnknownNamedProfileIsAnErrorNeverAFallback()
    {
        _profiles["default"] = ("AKIDDEFAULT00001", null);
        _variables["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT1";
        _variables["AWS_SECRET_ACCESS_KEY"] = "s";
        var e = Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { ProfileName = "nosuch", Region = "us-east-1" }));
        Assert.Equal("UnknownProfile", e.ErrorId);
        Assert.Contains("'nosuch'", e.Message);
        _variables["AWS_PROFILE"] = "nosuch";
        _variables.Remove("AWS_ACCESS_KEY_ID");
        Assert.Equal("UnknownProfile", Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { Region = "us-east-1" })).ErrorId);
    }

    [Fact]
    public void ProfilesAreReadFromTheGivenLocationElseTheVariable()
    {
        _profiles["p"] = ("AKIDPROFILE00001", null);
        _variables["AWS_SHARED_CREDENTIALS_FILE"] = "/env/credentials";
        Resolve(new AwsSettingsRequest { ProfileName = "p", Region = "us-east-1" });
        Resolve(new AwsSettingsRequest { ProfileName = "p", ProfileLocation = "/given/credentials", Region = "us-east-1" });
        Assert.Equal([("p", "/env/credentials"), ("p", "/given/credentials")], _profileReads);
    }

    [Fact]
    public void NoCredentialsAnywhereSaysWhatToGive()
    {
        var e = Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { Region = "us-east-1" }));
        Assert.Equal("NoCredentials", e.ErrorId);
        Assert.Contains("-ProfileName", e.Message);
    }

    [Fact]
    public void OneKeyWithoutTheOtherIsRefused() =>
        Assert.Equal("IncompleteKeys", Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { AccessKey = "AKIDX" })).ErrorId);

    [Fact]
    public void RegionComesFromParameterStoredVariableThenProfileConfig()
    {
        _profiles["p"] = ("AKIDPROFILE00001", "ap-south-1");
        _files["/home/admin/.aws/config"] = "[default]\nregion = us-west-2\n[profile p]\n# comment\nREGION = eu-north-1\n";
        _variables["AWS_REGION"] = "ap-southeast-2";
        var request = new AwsSettingsRequest { ProfileName = "p", Region = "sa-east-1", StoredRegion = "eu-central-1" };
        Assert.Equal("sa-east-1", Resolve(request).Region);
        request.Region = null;
        Assert.Equal("eu-central-1", Resolve(request).Region);
        request.StoredRegion = null;
        Assert.Equal("ap-southeast-2", Resolve(request).Region);
        _variables.Remove("AWS_REGION");
        Assert.Equal("eu-north-1", Resolve(request).Region);
        _files.Clear();
        Assert.Equal("ap-south-1", Resolve(request).Region);
        _variables["AWS_CONFIG_FILE"] = "/elsewhere/config";
        _files["/elsewhere/config"] = "[profile p]\nregion=ca-central-1";
        Assert.Equal("ca-central-1", Resolve(request).Region);
    }

    [Fact]
    public void AnInvalidRegionIsRefusedAtOnce() =>
        Assert.Equal("InvalidRegion", Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", Region = "Europe" })).ErrorId);

    [Fact]
    public void TheSettingsAreTheSameWhicheverServiceIsTouchedFirst()
    {
        // No region given; only S3 has a custom endpoint: S3 signs for us-east-1, Lookout for Vision needs a region.
        var request = new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", S3EndpointUrl = "http://127.0.0.1:9000" };
        var s3First = Resolve(request);
        Assert.Equal("us-east-1", s3First.S3Region);
        Assert.Equal("NoRegion", Assert.Throws<AwsSettingsException>(() => s3First.Region).ErrorId);
        var lfvFirst = Resolve(request);
        Assert.Equal("NoRegion", Assert.Throws<AwsSettingsException>(() => lfvFirst.Region).ErrorId);
        Assert.Equal("us-east-1", lfvFirst.S3Region);
        Assert.Equal(s3First.ToString(), lfvFirst.ToString());

        request.EndpointUrl = "http://127.0.0.1:9001";
        Assert.Equal("us-east-1", Resolve(request).Region);
        request.Region = "eu-west-1";
        var given = Resolve(request);
        Assert.Equal(("eu-west-1", "eu-west-1"), (given.Region, given.S3Region));
    }

    [Fact]
    public void EndpointsComeFromParameterThenServiceVariableThenTheCommonOne()
    {
        _variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1";
        _variables["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:2";
        var request = new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", Region = "us-east-1" };
        var s = Resolve(request);
        Assert.Equal(new Uri("http://127.0.0.1:1"), s.LookoutVisionEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:2"), s.S3Endpoint);
        request.EndpointUrl = "http://127.0.0.1:3";
        Assert.Equal(new Uri("http://127.0.0.1:3"), Resolve(request).LookoutVisionEndpoint);
        _variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Null(Resolve(new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", Region = "us-east-1" }).S3Endpoint);
        Assert.Equal("InvalidEndpoint", Assert.Throws<AwsSettingsException>(() => Resolve(new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", EndpointUrl = "ftp://x" })).ErrorId);
    }

    [Fact]
    public void RoleCredentialsAreTheLastResortAndOnlyWhenTheMetadataServiceIsAllowed()
    {
        var env = Env();
        int asked = 0;
        env.RoleCredentials = () => { asked++; return new BasicAWSCredentials("AKIDROLE00000001", "r"); };
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
        Assert.Throws<AwsSettingsException>(() => AwsSettingsResolver.Resolve(new AwsSettingsRequest(), env));
        Assert.Equal(0, asked);
        _variables.Remove("AWS_EC2_METADATA_DISABLED");
        Assert.Equal("AKIDROLE00000001", AccessKey(AwsSettingsResolver.Resolve(new AwsSettingsRequest { Region = "us-east-1" }, env)));
    }

    [Fact]
    public void TheDebugTextNamesSourcesButNeverTheSecret()
    {
        var s = Resolve(new AwsSettingsRequest { AccessKey = "AKIDEXAMPLE12345", SecretKey = "TopSecret/Value", SessionToken = "TokenValue", Region = "us-east-1" });
        string text = s.ToString();
        Assert.Contains("AKID****2345", text);
        Assert.Contains("region us-east-1 from -Region", text);
        Assert.DoesNotContain("TopSecret", text);
        Assert.DoesNotContain("TokenValue", text);
    }
}

public class CredentialObjectsTests
{
    private sealed class OtherSdkCredentials
    {
        public object GetCredentials() => new { AccessKey = "AKIDOTHER0000001", SecretKey = "o", Token = "t" };
    }

    private sealed class ToolsWrapper
    {
        private object Credentials { get; } = new OtherSdkCredentials();
    }

    [Fact]
    public void ObjectsAreReadByShape()
    {
        var fromOther = CredentialObjects.FromObject(new OtherSdkCredentials(), "-Credential").GetCredentials();
        Assert.Equal(("AKIDOTHER0000001", "o", "t"), (fromOther.AccessKey, fromOther.SecretKey, fromOther.Token));
        Assert.Equal("AKIDOTHER0000001", CredentialObjects.FromObject(new ToolsWrapper(), "x").GetCredentials().AccessKey);
        Assert.Equal("InvalidCredentialObject", Assert.Throws<AwsSettingsException>(() => CredentialObjects.FromObject("text", "-Credential")).ErrorId);
    }
}

public class IniFileTests
{
    [Fact]
    public void ProfilesAreReadFromTheirSections()
    {
        var ini = IniFile.Parse("; top\n[default]\nregion = us-west-2\n\n[profile ops]\n  Region=eu-west-1  \nregion = ignored-second\n[legacy]\nregion=ap-east-1\n");
        Assert.Equal("us-west-2", ini.ProfileSetting("default", "region"));
        Assert.Equal("eu-west-1", ini.ProfileSetting("ops", "region"));
        Assert.Equal("ap-east-1", ini.ProfileSetting("legacy", "region"));
        Assert.Null(ini.ProfileSetting("missing", "region"));
        Assert.Null(ini.Get("default", "output"));
    }
}

public class EndpointWarningTests
{
    [Theory]
    [InlineData("http://10.1.2.3:9000", true)]
    [InlineData("http://s3.example.com", true)]
    [InlineData("http://127.0.0.1:9000", false)]
    [InlineData("http://localhost:9000", false)]
    [InlineData("http://[::1]:9000", false)]
    [InlineData("https://s3.example.com", false)]
    public void APlainHttpEndpointOnAnotherMachineIsWarnedOf(string endpoint, bool warned)
    {
        var s = AwsSettingsResolver.Resolve(new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", Region = "us-east-1", S3EndpointUrl = endpoint },
            AwsEnvironment.Isolated(_ => null));
        Assert.Equal(warned, s.Warnings.Count == 1);
        if (warned) Assert.Contains("unencrypted", s.Warnings[0]);
    }
}

public class AttemptTimeoutTests
{
    private static AwsSettings Resolve(string? value) => AwsSettingsResolver.Resolve(
        new AwsSettingsRequest { AccessKey = "AKIDX", SecretKey = "s", Region = "us-east-1" },
        AwsEnvironment.Isolated(name => name == "LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS" ? value : null));

    [Fact]
    public void TheAttemptTimeoutComesFromItsVariable()
    {
        Assert.Null(Resolve(null).AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), Resolve("2.5").AttemptTimeout);
        Assert.Equal("InvalidTimeout", Assert.Throws<AwsSettingsException>(() => Resolve("soon")).ErrorId);
        Assert.Equal("InvalidTimeout", Assert.Throws<AwsSettingsException>(() => Resolve("0")).ErrorId);
    }
}
