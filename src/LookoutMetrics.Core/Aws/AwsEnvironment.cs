using System;
using System.IO;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
    /// <summary>A profile's credentials and the region it names, if any.</summary>
    public sealed class ProfileCredentials
    {
        public ProfileCredentials(string name, AWSCredentials credentials, string? region, string? sessionKey = null)
        {
            Name = name;
            Credentials = credentials;
            Region = region;
            SessionKey = sessionKey;
        }

        /// <summary>Where <see cref="CredentialSessions"/> keeps the session of this profile for the process, if it has one.</summary>
        public string? SessionKey { get; }

        public string Name { get; }
        public AWSCredentials Credentials { get; }
        public string? Region { get; }
    }

    /// <summary>
    /// Everything the settings chain reads from outside: environment variables, the config file, profiles and the
    /// container or instance role. <see cref="Process"/> reads the real ones; tests give their own, so the precedence
    /// chain is tested without touching the machine's files.
    /// </summary>
    public sealed class AwsEnvironment
    {
        /// <summary>An environment variable, or null.</summary>
        public Func<string, string?> Variable { get; set; } = Environment.GetEnvironmentVariable;

        /// <summary>A text file's content, or null when there is none.</summary>
        public Func<string, string?> ReadFile { get; set; } = path => File.Exists(path) ? File.ReadAllText(path) : null;

        /// <summary>Whether a file exists (a variable that names no file names no profiles).</summary>
        public Func<string, bool> FileExists { get; set; } = File.Exists;

        /// <summary>The user's home folder (for ~/.aws/config), or null.</summary>
        public Func<string?> HomeDirectory { get; set; } = () => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        /// <summary>
        /// A profile by name from a credentials file (null: the SDK's usual files); null when it is not there or holds
        /// no usable credentials. Throws <see cref="AwsSettingsException"/> when the location or the profile cannot be read.
        /// </summary>
        public Func<string, string?, ProfileCredentials?> LoadProfile { get; set; } = LoadSdkProfile;

        /// <summary>The SDK's container or instance role credentials, or null.</summary>
        public Func<AWSCredentials?> RoleCredentials { get; set; } = LoadRoleCredentials;

        /// <summary>Web identity credentials from a token file and a role ARN (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN).</summary>
        public Func<string, string, string?, AWSCredentials> WebIdentity { get; set; } = (file, role, session) =>
            CredentialSessions.Kept("web-identity|" + file + "|" + role, () => new AssumeRoleWithWebIdentityCredentials(file, role,
                session ?? "LookoutMetrics"));

        /// <summary>The real environment of this process.</summary>
        public static AwsEnvironment Process => new AwsEnvironment();

        /// <summary>An environment of variables alone (no files, profiles or roles), to build a test's on.</summary>
        public static AwsEnvironment Isolated(Func<string, string?> variable) => new AwsEnvironment
        {
            Variable = variable,
            ReadFile = _ => null,
            FileExists = _ => true,
            HomeDirectory = () => null,
            LoadProfile = (_, _) => null,
            RoleCredentials = () => null,
            WebIdentity = (_, _, _) => throw new AwsSettingsException(ErrorIds.NoCredentials, "No web identity in an isolated environment."),
        };

        private static ProfileCredentials? LoadSdkProfile(string name, string? location)
        {
            if (!string.IsNullOrEmpty(location) && !File.Exists(location))
                throw new AwsSettingsException(ErrorIds.UnknownProfile, $"The profile location '{location}' does not exist. Give the path " +
                    $"of a shared credentials file.", location);
            var chain = string.IsNullOrEmpty(location) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(location);
            try
            {
                if (!chain.TryGetProfile(name, out var profile)) return null;
                // A role's source_profile that is not there: said by name, never left to the SDK to fall back from.
                string? source = profile.Options?.SourceProfile;
                if (!string.IsNullOrEmpty(source) && !chain.TryGetProfile(source, out _))
                    throw new AwsSettingsException(ErrorIds.UnknownProfile,
                        $"The profile '{name}' assumes {profile.Options!.RoleArn} with the credentials of source_profile '{source}', " +
                            $"which is not in {AwsSettingsResolver.Where(location)}. Add it, or fix the profile's source_profile.", source);
                // An assumed role, SSO or credential_process session is kept for the process, per profile and per state
                // of the files: a second cmdlet reuses it, and an edit of the files makes a new one.
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                string? Named(string variable)
                    => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)) ? null : Environment.GetEnvironmentVariable(variable);
                string key = "profile|" + name + "|" + (location ?? string.Empty) +
                             "|" + Stamp(location ?? Named("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home, ".aws", "credentials")) +
                             "|" + Stamp(Named("AWS_CONFIG_FILE") ?? Path.Combine(home, ".aws", "config"));
                AWSCredentials? made = null;
                var credentials = CredentialSessions.Kept(key, () => chain.TryGetAWSCredentials(name, out made) && made != null
                    // An assumed role calls STS through the module's own client, in the settings' region.
                    ? made is AssumeRoleAWSCredentials role ? new ProfileRoleCredentials(role) : made
                    : new AnonymousAWSCredentials());
                if (credentials is AnonymousAWSCredentials) return null;
                return new ProfileCredentials(profile.Name, credentials, profile.Region?.SystemName,
                    CredentialSessions.NeedsFetch(credentials) ? key : null);
            }
            catch (Exception e) when (e is AmazonClientException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                throw new AwsSettingsException(ErrorIds.UnknownProfile, $"The profile '{name}' in {AwsSettingsResolver.Where(location)} " +
                    $"cannot be used: {e.Message}", name, e);
            }
        }

        private static string Stamp(string? path)
        {
            try { return string.IsNullOrEmpty(path) || !File.Exists(path)
                ? "-" : File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + path; }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return "?"; }
        }

        private static AWSCredentials? LoadRoleCredentials()
        {
            try
            {
                using var resolver = new DefaultAWSCredentialsIdentityResolver();
                return resolver.ResolveIdentity(null);
            }
            catch (Exception e) when (e is AmazonClientException || e is AmazonServiceException || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
