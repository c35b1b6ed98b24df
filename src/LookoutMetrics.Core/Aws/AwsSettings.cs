using System;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace LookoutMetrics.Aws
{
    /// <summary>What the caller gave: the AWS.Tools.Common parameters and the session's stored defaults.</summary>
    public sealed class AwsSettingsRequest
    {
        public string? Region { get; set; }
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }

        /// <summary>An AWSCredentials object (of any AWSSDK.Core version), AWS.Tools' AWSPSCredentials, or a PSCredential (user = access key).</summary>
        public object? Credential { get; set; }

        /// <summary>The value of $StoredAWSCredentials: a profile name, or AWS.Tools' credentials object.</summary>
        public object? StoredCredentials { get; set; }

        /// <summary>The value of $StoredAWSRegion.</summary>
        public string? StoredRegion { get; set; }

        public string? EndpointUrl { get; set; }
        public string? S3EndpointUrl { get; set; }
    }

    /// <summary>The resolved credentials, region and endpoints, each with where it came from (for -Debug).</summary>
    public sealed class AwsSettings
    {
        internal AwsSettings(AWSCredentials credentials, string credentialSource, string region, string regionSource,
            Uri? endpoint, string endpointSource, Uri? s3Endpoint, string s3EndpointSource)
        {
            Credentials = credentials;
            CredentialSource = credentialSource;
            Region = region;
            RegionSource = regionSource;
            LookoutVisionEndpoint = endpoint;
            LookoutVisionEndpointSource = endpointSource;
            S3Endpoint = s3Endpoint;
            S3EndpointSource = s3EndpointSource;
        }

        internal AWSCredentials Credentials { get; }
        public string CredentialSource { get; }
        public string Region { get; }
        public string RegionSource { get; }
        public Uri? LookoutVisionEndpoint { get; }
        public string LookoutVisionEndpointSource { get; }
        public Uri? S3Endpoint { get; }
        public string S3EndpointSource { get; }

        /// <summary>
        /// A Lookout for Vision client with these settings. Callers outside Core build clients here, so that no
        /// AWSSDK type appears in the cmdlet assembly (it can then never bind to another module's AWSSDK.Core).
        /// </summary>
        public LookoutVisionClient CreateLookoutVisionClient(Action<string, int, LookoutVisionException, TimeSpan>? onRetry = null,
            TimeSpan? timeout = null, BackoffPolicy? retry = null) =>
            new LookoutVisionClient(new LookoutVisionClientOptions
            {
                Region = Region,
                Endpoint = LookoutVisionEndpoint,
                Credentials = Credentials,
                OnRetry = onRetry,
                Timeout = timeout ?? TimeSpan.FromSeconds(30),
                Retry = retry ?? new BackoffPolicy(),
            });

        /// <summary>Never the secret: the settings as -Debug shows them.</summary>
        public override string ToString() =>
            $"credentials from {CredentialSource}; region {Region} from {RegionSource}; Lookout for Vision endpoint {LookoutVisionEndpoint?.ToString() ?? "(default)"} from {LookoutVisionEndpointSource}; S3 endpoint {S3Endpoint?.ToString() ?? "(default)"} from {S3EndpointSource}";
    }

    /// <summary>A setting problem nothing can proceed without: no credentials, no region, an unknown profile, a bad endpoint.</summary>
    public sealed class AwsSettingsException : Exception
    {
        public AwsSettingsException(string errorId, string message, object? target = null, Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
            Target = target;
        }

        /// <summary>NoCredentials, NoRegion, UnknownProfile, IncompleteKeys, InvalidCredentialObject, InvalidEndpoint.</summary>
        public string ErrorId { get; }

        public object? Target { get; }
    }

    /// <summary>
    /// Resolves credentials, region and endpoints with the names and the precedence of AWS.Tools.Common:
    /// credentials from -AccessKey/-SecretKey(/-SessionToken), else -ProfileName (with -ProfileLocation; an unknown
    /// profile is an error, never a silent fallback), else -Credential, else $StoredAWSCredentials, else the
    /// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN) variables, else the AWS_PROFILE profile, else the
    /// 'default' profile, else container or instance roles. Region from -Region, else $StoredAWSRegion, else
    /// AWS_REGION/AWS_DEFAULT_REGION, else the profile's region. Endpoints from -EndpointUrl/-S3EndpointUrl, else the
    /// SDK's AWS_ENDPOINT_URL_LOOKOUTVISION/AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL.
    /// </summary>
    public static class AwsSettingsResolver
    {
        public const string DefaultProfile = "default";

        /// <summary>The signing region when only a custom endpoint is known (as the AWS CLI does for local endpoints).</summary>
        public const string EndpointOnlyRegion = "us-east-1";

        private static readonly Regex RegionPattern = new Regex(@"^[a-z]{2}(-[a-z]+)+-\d+$", RegexOptions.CultureInvariant);

        /// <param name="request">What the caller gave.</param>
        /// <param name="getEnvironmentVariable">The environment (tests pass their own).</param>
        /// <param name="requireLookoutVision">Whether a Lookout for Vision endpoint is needed (it then decides the default region too).</param>
        public static AwsSettings Resolve(AwsSettingsRequest request, Func<string, string?>? getEnvironmentVariable = null, bool requireLookoutVision = true)
        {
            var env = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
            var (credentials, credentialSource, profile) = ResolveCredentials(request, env);
            var (endpoint, endpointSource) = ResolveEndpoint(request.EndpointUrl, "-EndpointUrl", "AWS_ENDPOINT_URL_LOOKOUTVISION", env);
            var (s3Endpoint, s3Source) = ResolveEndpoint(request.S3EndpointUrl, "-S3EndpointUrl", "AWS_ENDPOINT_URL_S3", env);
            var (region, regionSource) = ResolveRegion(request, env, profile, requireLookoutVision ? endpoint : s3Endpoint);
            return new AwsSettings(credentials, credentialSource, region, regionSource, endpoint, endpointSource, s3Endpoint, s3Source);
        }

        // ------------------------------------------------------------------ credentials

        /// <summary>
        /// -ProfileLocation, else AWS_SHARED_CREDENTIALS_FILE read now: AWSSDK.Core reads that variable once per process,
        /// so a script that sets it after the first AWS call would otherwise be ignored.
        /// </summary>
        private static string? ProfileLocationOf(AwsSettingsRequest r, Func<string, string?> env) =>
            !string.IsNullOrEmpty(r.ProfileLocation) ? r.ProfileLocation : (string.IsNullOrEmpty(env("AWS_SHARED_CREDENTIALS_FILE")) ? null : env("AWS_SHARED_CREDENTIALS_FILE"));

        private static (AWSCredentials, string, CredentialProfile?) ResolveCredentials(AwsSettingsRequest r, Func<string, string?> env)
        {
            string? location = ProfileLocationOf(r, env);
            bool hasAccess = !string.IsNullOrEmpty(r.AccessKey), hasSecret = !string.IsNullOrEmpty(r.SecretKey);
            if (hasAccess != hasSecret)
                throw new AwsSettingsException("IncompleteKeys",
                    hasAccess ? "-AccessKey was given without -SecretKey. Give both, or use -ProfileName." : "-SecretKey was given without -AccessKey. Give both, or use -ProfileName.");
            if (hasAccess)
            {
                AWSCredentials keys = string.IsNullOrEmpty(r.SessionToken)
                    ? new BasicAWSCredentials(r.AccessKey, r.SecretKey)
                    : new SessionAWSCredentials(r.AccessKey, r.SecretKey, r.SessionToken);
                return (keys, $"the -AccessKey ({Mask(r.AccessKey!)}) and -SecretKey parameters{(string.IsNullOrEmpty(r.SessionToken) ? string.Empty : " with -SessionToken")}", null);
            }

            if (!string.IsNullOrEmpty(r.ProfileName) || !string.IsNullOrEmpty(r.ProfileLocation))
            {
                string name = string.IsNullOrEmpty(r.ProfileName) ? DefaultProfile : r.ProfileName!;
                var (creds, profile) = LoadProfile(name, location, "-ProfileName");
                return (creds, $"profile '{name}' (-ProfileName) in {Where(location)}", profile);
            }

            if (r.Credential != null)
            {
                return (FromObject(r.Credential, "-Credential"), "the -Credential object", null);
            }

            if (r.StoredCredentials != null)
            {
                if (r.StoredCredentials is string storedProfile)
                {
                    if (storedProfile.Length > 0)
                    {
                        var (creds, profile) = LoadProfile(storedProfile, location, "$StoredAWSCredentials");
                        return (creds, $"profile '{storedProfile}' named by $StoredAWSCredentials in {Where(location)}", profile);
                    }
                }
                else
                {
                    return (FromObject(r.StoredCredentials, "$StoredAWSCredentials"), "the $StoredAWSCredentials object (Set-AWSCredential)", null);
                }
            }

            string? envAccess = env("AWS_ACCESS_KEY_ID"), envSecret = env("AWS_SECRET_ACCESS_KEY"), envToken = env("AWS_SESSION_TOKEN");
            if (!string.IsNullOrEmpty(envAccess) && !string.IsNullOrEmpty(envSecret))
            {
                AWSCredentials keys = string.IsNullOrEmpty(envToken)
                    ? new BasicAWSCredentials(envAccess, envSecret)
                    : new SessionAWSCredentials(envAccess, envSecret, envToken);
                return (keys, $"the environment variables AWS_ACCESS_KEY_ID ({Mask(envAccess!)}) and AWS_SECRET_ACCESS_KEY{(string.IsNullOrEmpty(envToken) ? string.Empty : " with AWS_SESSION_TOKEN")}", null);
            }

            string? envProfile = env("AWS_PROFILE");
            if (!string.IsNullOrEmpty(envProfile))
            {
                var (creds, profile) = LoadProfile(envProfile!, location, "the AWS_PROFILE variable");
                return (creds, $"profile '{envProfile}' named by AWS_PROFILE in {Where(location)}", profile);
            }

            if (TryLoadProfile(DefaultProfile, location, out var defaultCreds, out var defaultProfile))
                return (defaultCreds!, $"the '{DefaultProfile}' profile in {Where(location)}", defaultProfile);

            if (!string.Equals(env("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase) ||
                !string.IsNullOrEmpty(env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) || !string.IsNullOrEmpty(env("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
            {
                try
                {
                    using var resolver = new DefaultAWSCredentialsIdentityResolver();
                    var roles = resolver.ResolveIdentity(null);
                    if (roles != null) return (roles, "the SDK's container or instance role credentials", null);
                }
                catch (Exception e) when (e is AmazonClientException || e is AmazonServiceException || e is InvalidOperationException)
                {
                    // Nothing there: fall through to the error below.
                }
            }

            throw new AwsSettingsException("NoCredentials",
                "No AWS credentials were found. Give -ProfileName (a profile in your shared credentials file), or -AccessKey and -SecretKey, " +
                "or set them for the session with AWS.Tools' Set-AWSCredential, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
        }

        private static (AWSCredentials, CredentialProfile?) LoadProfile(string name, string? location, string how)
        {
            if (TryLoadProfile(name, location, out var creds, out var profile)) return (creds!, profile);
            throw new AwsSettingsException("UnknownProfile",
                $"The profile '{name}' ({how}) was not found in {Where(location)}, or holds no usable credentials. " +
                "Check the name (Get-AWSCredential -ListProfileDetail lists them), or point -ProfileLocation at the file that has it.", name);
        }

        private static bool TryLoadProfile(string name, string? location, out AWSCredentials? credentials, out CredentialProfile? profile)
        {
            credentials = null;
            profile = null;
            if (!string.IsNullOrEmpty(location) && !File.Exists(location))
                throw new AwsSettingsException("UnknownProfile", $"The profile location '{location}' does not exist. Give the path of a shared credentials file.", location);
            var chain = string.IsNullOrEmpty(location) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(location);
            try
            {
                if (!chain.TryGetProfile(name, out profile)) return false;
                return chain.TryGetAWSCredentials(name, out credentials) && credentials != null;
            }
            catch (Exception e) when (e is AmazonClientException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                throw new AwsSettingsException("UnknownProfile", $"The profile '{name}' in {Where(location)} cannot be used: {e.Message}", name, e);
            }
        }

        private static string Where(string? location) =>
            string.IsNullOrEmpty(location) ? "the shared credentials and config files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, ~/.aws)" : $"'{location}'";

        /// <summary>
        /// Reads a credentials object without depending on its type: an AWSCredentials of this or another AWSSDK.Core
        /// (anything with GetCredentials() returning AccessKey/SecretKey/Token), AWS.Tools' AWSPSCredentials (its
        /// non-public Credentials property), or a PSCredential (user name = access key, password = secret key).
        /// </summary>
        internal static AWSCredentials FromObject(object value, string what)
        {
            if (value is AWSCredentials same) return same;
            var type = value.GetType();

            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (getCredentials != null) return new ReflectedCredentials(value, getCredentials, what);

            var inner = type.GetProperty("Credentials", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (inner != null && inner.GetValue(value) is object wrapped && !ReferenceEquals(wrapped, value)) return FromObject(wrapped, what);

            var userName = type.GetProperty("UserName", BindingFlags.Public | BindingFlags.Instance);
            var network = type.GetMethod("GetNetworkCredential", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (userName != null && network?.Invoke(value, null) is System.Net.NetworkCredential nc && userName.GetValue(value) is string user && user.Length > 0)
                return new BasicAWSCredentials(user, nc.Password);

            throw new AwsSettingsException("InvalidCredentialObject",
                $"{what} is a {type.FullName}, which holds no AWS credentials. Give an AWSCredentials object (New-AWSCredential), " +
                "a PSCredential whose user name is the access key and password the secret key, or use -ProfileName.", type.FullName);
        }

        /// <summary>Credentials of another AWSSDK.Core, asked again on every request (so refreshing ones refresh).</summary>
        private sealed class ReflectedCredentials : AWSCredentials
        {
            private readonly object _source;
            private readonly MethodInfo _getCredentials;
            private readonly string _what;

            public ReflectedCredentials(object source, MethodInfo getCredentials, string what)
            {
                _source = source;
                _getCredentials = getCredentials;
                _what = what;
            }

            public override ImmutableCredentials GetCredentials()
            {
                object? result;
                try
                {
                    result = _getCredentials.Invoke(_source, null);
                }
                catch (TargetInvocationException e)
                {
                    throw new AwsSettingsException("InvalidCredentialObject", $"{_what} could not give credentials: {e.InnerException?.Message}", null, e.InnerException);
                }
                if (result is ImmutableCredentials same) return same;
                string? Read(string name) => result?.GetType().GetProperty(name)?.GetValue(result) as string;
                string? access = Read("AccessKey"), secret = Read("SecretKey"), token = Read("Token");
                if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
                    throw new AwsSettingsException("InvalidCredentialObject", $"{_what} gave no access key and secret key.");
                return new ImmutableCredentials(access, secret, token);
            }
        }

        /// <summary>AKIA****WXYZ: enough to tell keys apart in -Debug, never enough to use.</summary>
        public static string Mask(string accessKey) =>
            accessKey.Length <= 8 ? new string('*', accessKey.Length) : accessKey.Substring(0, 4) + "****" + accessKey.Substring(accessKey.Length - 4);

        // ------------------------------------------------------------------ region and endpoints

        private static (string, string) ResolveRegion(AwsSettingsRequest r, Func<string, string?> env, CredentialProfile? credentialProfile, Uri? endpoint)
        {
            if (!string.IsNullOrWhiteSpace(r.Region)) return (Checked(r.Region!.Trim(), "-Region"), "-Region");
            if (!string.IsNullOrWhiteSpace(r.StoredRegion)) return (Checked(r.StoredRegion!.Trim(), "$StoredAWSRegion"), "$StoredAWSRegion (Set-DefaultAWSRegion)");
            foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string? value = env(name);
                if (!string.IsNullOrWhiteSpace(value)) return (Checked(value!.Trim(), name), "the " + name + " variable");
            }
            // The profile that gave the credentials, else the one that would have been used.
            string profileName = credentialProfile?.Name ?? (!string.IsNullOrEmpty(r.ProfileName) ? r.ProfileName! : env("AWS_PROFILE") ?? DefaultProfile);
            string? fromConfig = ConfigFileRegion(profileName, env);
            if (!string.IsNullOrEmpty(fromConfig)) return (Checked(fromConfig!, $"profile '{profileName}'"), $"profile '{profileName}'");
            if (credentialProfile?.Region != null) return (credentialProfile.Region.SystemName, $"profile '{credentialProfile.Name}'");

            if (endpoint != null) return (EndpointOnlyRegion, $"the default for a custom endpoint ({endpoint.Host})");
            throw new AwsSettingsException("NoRegion",
                "No AWS region was given. Give -Region (for example -Region us-east-1), or set it for the session with AWS.Tools' " +
                "Set-DefaultAWSRegion, or set AWS_REGION, or add 'region' to your profile in ~/.aws/config.");
        }

        /// <summary>
        /// The 'region' of a profile in the config file (AWS_CONFIG_FILE, else ~/.aws/config), read now: AWSSDK.Core
        /// reads that variable once per process. Sections are [default] and [profile name].
        /// </summary>
        internal static string? ConfigFileRegion(string profileName, Func<string, string?> env)
        {
            string? path = env("AWS_CONFIG_FILE");
            if (string.IsNullOrEmpty(path))
            {
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                if (string.IsNullOrEmpty(home)) return null;
                path = Path.Combine(home, ".aws", "config");
            }
            if (!File.Exists(path)) return null;
            string wanted = profileName == DefaultProfile ? "default" : "profile " + profileName;
            bool inSection = false;
            foreach (string raw in File.ReadAllLines(path))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[')
                {
                    string section = line.Trim('[', ']').Trim();
                    inSection = string.Equals(section, wanted, StringComparison.Ordinal) ||
                        (profileName != DefaultProfile && string.Equals(section, profileName, StringComparison.Ordinal));
                    continue;
                }
                int eq = line.IndexOf('=');
                if (inSection && eq > 0 && string.Equals(line.Substring(0, eq).Trim(), "region", StringComparison.OrdinalIgnoreCase))
                    return line.Substring(eq + 1).Trim();
            }
            return null;
        }

        private static string Checked(string region, string where)
        {
            if (RegionPattern.IsMatch(region)) return region;
            throw new AwsSettingsException("InvalidRegion", $"'{region}' ({where}) is not an AWS region name such as us-east-1 or eu-west-1.", region);
        }

        private static (Uri?, string) ResolveEndpoint(string? parameter, string parameterName, string serviceVariable, Func<string, string?> env)
        {
            if (!string.IsNullOrWhiteSpace(parameter)) return (CheckedUri(parameter!, parameterName), parameterName);
            if (string.Equals(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)) return (null, "the service's default");
            foreach (var name in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
            {
                string? value = env(name);
                if (!string.IsNullOrWhiteSpace(value)) return (CheckedUri(value!, name), "the " + name + " variable");
            }
            return (null, "the service's default");
        }

        private static Uri CheckedUri(string text, string where)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return uri;
            throw new AwsSettingsException("InvalidEndpoint", $"'{text}' ({where}) is not an http:// or https:// URL.", text);
        }
    }
}
