using System;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
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
        /// <param name="environment">Variables, files, profiles and roles; the process's own when null.</param>
        /// <param name="cancel">Ctrl+C: ends the wait for a session's first fetch (STS, SSO, credential_process, IMDS).</param>
        public static AwsSettings Resolve(AwsSettingsRequest request, AwsEnvironment? environment = null,
            System.Threading.CancellationToken cancel = default)
        {
            var env = environment ?? AwsEnvironment.Process;
            var (credentials, credentialSource, profile) = ResolveCredentials(request, env);
            var (endpoint, endpointSource) = ResolveEndpoint(request.EndpointUrl, "-EndpointUrl", "AWS_ENDPOINT_URL_LOOKOUTVISION", env.Variable);
            var (s3Endpoint, s3Source) = ResolveEndpoint(request.S3EndpointUrl, "-S3EndpointUrl", "AWS_ENDPOINT_URL_S3", env.Variable);
            var (region, regionSource) = ResolveRegion(request, env, profile);
            if (CredentialSessions.NeedsFetch(credentials))
            {
                // An assumed role's STS call goes to the settings' region (-Region, else the profile's).
                if (credentials is ProfileRoleCredentials role)
                {
                    role.Region = region ?? EndpointOnlyRegion;
                    role.Proxy ??= request.Proxy;
                }
                // The first fetch is made here, on the pipeline thread, where a prompt can be shown and a failure said well.
                credentialSource += ": " + CredentialSessions.Describe(credentials);
                try
                {
                    if (profile != null) CredentialSessions.Prepare(credentials, profile.Name, ConfigFileSetting(profile.Name,
                        "duration_seconds", env), request.Mfa);
                    CredentialSessions.Fetch(credentials, credentialSource, profile?.Name, cancel);
                }
                catch (Exception e) when (e is AwsSettingsException || e is OperationCanceledException)
                {
                    if (profile?.SessionKey != null) CredentialSessions.Forget(profile.SessionKey);
                    throw;
                }
            }
            return new AwsSettings(credentials, credentialSource, region, regionSource, endpoint, endpointSource, s3Endpoint, s3Source)
            {
                AttemptTimeout = AttemptTimeout(env.Variable("LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS")),
                RequesterPays = request.RequesterPays,
                Proxy = request.Proxy,
            };
        }

        private static TimeSpan? AttemptTimeout(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
                out double seconds) && seconds > 0 && seconds <= 3600)
                return TimeSpan.FromSeconds(seconds);
            throw new AwsSettingsException(ErrorIds.InvalidTimeout, $"LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS is '{text}'; give a number " +
                $"of seconds from 0 to 3600.", text);
        }

        // ------------------------------------------------------------------ credentials

        /// <summary>
        /// -ProfileLocation, else AWS_SHARED_CREDENTIALS_FILE read now: AWSSDK.Core reads that variable once per process,
        /// so a script that sets it after the first AWS call would otherwise be ignored.
        /// </summary>
        private static string? ProfileLocationOf(AwsSettingsRequest r, Func<string, string?> variable, Func<string, bool> exists) =>
            !string.IsNullOrEmpty(r.ProfileLocation) ? r.ProfileLocation
            // A variable that names no file means no profiles there, as the AWS CLI takes it (a container's defaults, say).
            : string.IsNullOrEmpty(variable("AWS_SHARED_CREDENTIALS_FILE"))
                || !exists(variable("AWS_SHARED_CREDENTIALS_FILE")!) ? null : variable("AWS_SHARED_CREDENTIALS_FILE");

        private static (AWSCredentials, string, ProfileCredentials?) ResolveCredentials(AwsSettingsRequest r, AwsEnvironment env)
        {
            var variable = env.Variable;
            string? location = ProfileLocationOf(r, variable, env.FileExists);
            bool hasAccess = !string.IsNullOrEmpty(r.AccessKey), hasSecret = !string.IsNullOrEmpty(r.SecretKey);
            if (hasAccess != hasSecret)
                throw new AwsSettingsException(ErrorIds.IncompleteKeys,
                    hasAccess ? "-AccessKey was given without -SecretKey. Give both, or use " +
                        "-ProfileName." : "-SecretKey was given without -AccessKey. Give both, or use -ProfileName.");
            if (hasAccess)
            {
                return (Keys(r.AccessKey!, r.SecretKey!, r.SessionToken),
                    $"the -AccessKey ({Mask(r.AccessKey!)}) and -SecretKey " +
                        $"parameters{(string.IsNullOrEmpty(r.SessionToken) ? string.Empty : " with -SessionToken")}", null);
            }

            if (!string.IsNullOrEmpty(r.ProfileName) || !string.IsNullOrEmpty(r.ProfileLocation))
            {
                string name = string.IsNullOrEmpty(r.ProfileName) ? DefaultProfile : r.ProfileName!;
                var profile = RequireProfile(env, name, location, "-ProfileName");
                return (profile.Credentials, $"profile '{name}' (-ProfileName) in {Where(location)}", profile);
            }

            if (r.Credential != null)
                return (CredentialObjects.FromObject(r.Credential, "-Credential"), "the -Credential object", null);

            if (r.StoredCredentials is string storedProfile)
            {
                if (storedProfile.Length > 0)
                {
                    var profile = RequireProfile(env, storedProfile, location, "$StoredAWSCredentials");
                    return (profile.Credentials, $"profile '{storedProfile}' named by $StoredAWSCredentials in {Where(location)}", profile);
                }
            }
            else if (r.StoredCredentials != null)
            {
                return (CredentialObjects.FromObject(r.StoredCredentials, "$StoredAWSCredentials"), "the $StoredAWSCredentials object " +
                    "(Set-AWSCredential)", null);
            }

            string? envAccess = variable("AWS_ACCESS_KEY_ID"), envSecret = variable("AWS_SECRET_ACCESS_KEY"),
                envToken = variable("AWS_SESSION_TOKEN");
            if (!string.IsNullOrEmpty(envAccess) && !string.IsNullOrEmpty(envSecret))
            {
                return (Keys(envAccess!, envSecret!, envToken),
                    $"the environment variables AWS_ACCESS_KEY_ID ({Mask(envAccess!)}) and " +
                        $"AWS_SECRET_ACCESS_KEY{(string.IsNullOrEmpty(envToken) ? string.Empty : " with AWS_SESSION_TOKEN")}", null);
            }

            string? tokenFile = variable("AWS_WEB_IDENTITY_TOKEN_FILE"), roleArn = variable("AWS_ROLE_ARN");
            if (!string.IsNullOrEmpty(tokenFile) && !string.IsNullOrEmpty(roleArn))
            {
                if (!System.IO.Path.IsPathRooted(tokenFile!))
                    throw new AwsSettingsException(ErrorIds.InvalidWebIdentity, $"AWS_WEB_IDENTITY_TOKEN_FILE is '{tokenFile}'; it must " +
                        $"be the token file's absolute path.", tokenFile);
                return (env.WebIdentity(tokenFile!, roleArn!, variable("AWS_ROLE_SESSION_NAME")), "the web identity variables " +
                    "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN", null);
            }

            string? envProfile = variable("AWS_PROFILE");
            if (!string.IsNullOrEmpty(envProfile))
            {
                var profile = RequireProfile(env, envProfile!, location, "the AWS_PROFILE variable");
                return (profile.Credentials, $"profile '{envProfile}' named by AWS_PROFILE in {Where(location)}", profile);
            }

            var fallback = env.LoadProfile(DefaultProfile, location);
            if (fallback != null) return (fallback.Credentials, $"the '{DefaultProfile}' profile in {Where(location)}", fallback);

            if (!string.Equals(variable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase) ||
                !string.IsNullOrEmpty(variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
                    || !string.IsNullOrEmpty(variable("AWS_CONTAINER_CREDENTIALS_FULL_URI")))
            {
                var roles = env.RoleCredentials();
                if (roles != null) return (roles, "the SDK's container or instance role credentials", null);
            }

            throw new AwsSettingsException(ErrorIds.NoCredentials,
                "No AWS credentials were found. Give -ProfileName (a profile in your shared credentials or config file: keys, an assumed " +
                    "role, SSO or credential_process), or -AccessKey and -SecretKey, " +
                "or set them for the session with AWS.Tools' Set-AWSCredential, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or " +
                    "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN).");
        }

        private static AWSCredentials Keys(string access, string secret, string? token) =>
            string.IsNullOrEmpty(token) ? new BasicAWSCredentials(access, secret) : new SessionAWSCredentials(access, secret, token);

        /// <summary>A profile the user named: one that is not there is an error, never a fallback to the next source.</summary>
        private static ProfileCredentials RequireProfile(AwsEnvironment env, string name, string? location, string how) =>
            env.LoadProfile(name, location) ?? throw new AwsSettingsException(ErrorIds.UnknownProfile,
                $"The profile '{name}' ({how}) was not found in {Where(location)}, or holds no usable credentials. " +
                "Check the name (Get-AWSCredential -ListProfileDetail lists them), or point -ProfileLocation at the file that has it.", name);

        internal static string Where(string? location) =>
            string.IsNullOrEmpty(location) ? "the shared credentials and config files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, " +
                "~/.aws)" : $"'{location}'";

        /// <summary>AKIA****WXYZ: enough to tell keys apart in -Debug, never enough to use.</summary>
        public static string Mask(string accessKey) =>
            accessKey.Length <= 8 ? new string('*', accessKey.Length) : accessKey.Substring(0,
                4) + "****" + accessKey.Substring(accessKey.Length - 4);

        // ------------------------------------------------------------------ region and endpoints

        /// <summary>The region given, and where; (null, "") when none was, so each service can apply its own default.</summary>
        private static (string?, string) ResolveRegion(AwsSettingsRequest r, AwsEnvironment env, ProfileCredentials? credentialProfile)
        {
            if (!string.IsNullOrWhiteSpace(r.Region)) return (Checked(r.Region!.Trim(), "-Region"), "-Region");
            if (!string.IsNullOrWhiteSpace(r.StoredRegion)) return (Checked(r.StoredRegion!.Trim(), "$StoredAWSRegion"),
                "$StoredAWSRegion (Set-DefaultAWSRegion)");
            foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string? value = env.Variable(name);
                if (!string.IsNullOrWhiteSpace(value)) return (Checked(value!.Trim(), name), "the " + name + " variable");
            }
            // The profile that gave the credentials, else the one that would have been used.
            string profileName = credentialProfile?.Name
                ?? (!string.IsNullOrEmpty(r.ProfileName) ? r.ProfileName! : env.Variable("AWS_PROFILE") ?? DefaultProfile);
            string? fromConfig = ConfigFileRegion(profileName, env);
            if (!string.IsNullOrEmpty(fromConfig)) return (Checked(fromConfig!, $"profile '{profileName}'"), $"profile '{profileName}'");
            if (credentialProfile?.Region != null) return (credentialProfile.Region, $"profile '{credentialProfile.Name}'");
            return (null, string.Empty);
        }

        /// <summary>
        /// The 'region' of a profile in the config file (AWS_CONFIG_FILE, else ~/.aws/config), read now: AWSSDK.Core
        /// reads that variable once per process.
        /// </summary>
        internal static string? ConfigFileRegion(string profileName, AwsEnvironment env) => ConfigFileSetting(profileName, "region", env);

        /// <summary>A setting of a profile in the config file (AWS_CONFIG_FILE, else ~/.aws/config), read now.</summary>
        internal static string? ConfigFileSetting(string profileName, string setting, AwsEnvironment env)
        {
            string? path = env.Variable("AWS_CONFIG_FILE");
            if (string.IsNullOrEmpty(path))
            {
                string? home = env.HomeDirectory();
                if (string.IsNullOrEmpty(home)) return null;
                path = System.IO.Path.Combine(home, ".aws", "config");
            }
            string? text = env.ReadFile(path!);
            return text == null ? null : IniFile.Parse(text).ProfileSetting(profileName, setting);
        }

        private static string Checked(string region, string where)
        {
            if (RegionPattern.IsMatch(region)) return region;
            throw new AwsSettingsException(ErrorIds.InvalidRegion, $"'{region}' ({where}) is not an AWS region name such as us-east-1 or " +
                $"eu-west-1.", region);
        }

        private static (Uri?, string) ResolveEndpoint(string? parameter, string parameterName, string serviceVariable, Func<string, string?> variable)
        {
            if (!string.IsNullOrWhiteSpace(parameter)) return (CheckedUri(parameter!, parameterName), parameterName);
            if (string.Equals(variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase)) return (null,
                "the service's default");
            foreach (var name in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
            {
                string? value = variable(name);
                if (!string.IsNullOrWhiteSpace(value)) return (CheckedUri(value!, name), "the " + name + " variable");
            }
            return (null, "the service's default");
        }

        private static Uri CheckedUri(string text, string where)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return uri;
            throw new AwsSettingsException(ErrorIds.InvalidEndpoint, $"'{text}' ({where}) is not an http:// or https:// URL.", text);
        }
    }
}
