using System;
using System.Threading;
using System.Collections.Concurrent;
using System.Globalization;
using Amazon.Runtime;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
    /// <summary>How an assumed role asks for its MFA code: a code given (-MfaCode), a prompt of the host, or neither.</summary>
    public sealed class MfaOptions
    {
        /// <summary>The code the caller gave; never written anywhere.</summary>
        public string? Code { get; set; }

        /// <summary>Asks the person at the host for the code of a device (its ARN); null when nobody can be asked.</summary>
        public Func<string, string?>? Prompt { get; set; }
    }

    /// <summary>
    /// The credentials that need a call before they can sign (an assumed role, web identity, SSO, credential_process,
    /// container and instance roles): what each is, for -Verbose; MFA and a profile's duration_seconds set on an
    /// assumed role; the first fetch made where the user can act on its failure, with advice instead of a raw SDK
    /// exception; and the session kept for the process, so a role is assumed once per profile, not once per cmdlet, and
    /// the SDK refreshes it before it expires.
    /// </summary>
    public static class CredentialSessions
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AWSCredentials,
            object> Prepared = new System.Runtime.CompilerServices.ConditionalWeakTable<AWSCredentials, object>();

        private static readonly ConcurrentDictionary<string, AWSCredentials> Sessions = new ConcurrentDictionary<string,
            AWSCredentials>(StringComparer.Ordinal);

        /// <summary>Credentials that fetch a session (and so are worth keeping for the process).</summary>
        public static bool NeedsFetch(AWSCredentials credentials)
            => !(credentials is BasicAWSCredentials) && !(credentials is SessionAWSCredentials) && !(credentials is AnonymousAWSCredentials);

        /// <summary>The session kept for <paramref name="key"/>, else <paramref name="create"/>'s, kept when it is one that fetches.</summary>
        public static AWSCredentials Kept(string key, Func<AWSCredentials> create)
        {
            if (Sessions.TryGetValue(key, out var kept)) return kept;
            var made = create();
            return NeedsFetch(made) ? Sessions.GetOrAdd(key, made) : made;
        }

        /// <summary>Forgets a session whose first fetch failed, so the next cmdlet tries again (after 'aws sso login', say).</summary>
        public static void Forget(string key) => Sessions.TryRemove(key, out _);

        /// <summary>What the credentials are, for -Verbose: never a secret, a session token or an MFA code.</summary>
        public static string Describe(AWSCredentials credentials) => credentials switch
        {
            ProfileRoleCredentials role => $"role {role.RoleArn} assumed with STS in " +
                $"{role.Region}" + (role.Options.MfaSerialNumber is { Length: > 0 } mfa ? $" (MFA device {mfa})" : string.Empty),
            AssumeRoleAWSCredentials role => $"role {role.RoleArn} assumed " +
                $"with STS" + (role.Options?.MfaSerialNumber is { Length: > 0 } mfa ? $" (MFA device {mfa})" : string.Empty),
            AssumeRoleWithWebIdentityCredentials web => $"role {web.RoleArn} assumed with the web identity token in '{web.WebIdentityTokenFile}'",
            SSOAWSCredentials sso => $"IAM Identity Center (SSO) role {sso.RoleName} in account {sso.AccountId}, start URL {sso.StartUrl}",
            ProcessAWSCredentials _ => "the profile's credential_process",
            GenericContainerCredentials _ => "the container's credentials endpoint",
            InstanceProfileAWSCredentials _ => "the instance profile (IMDSv2)",
            _ => credentials.GetType().Name,
        };

        private static bool AsksForMfa(AWSCredentials credentials) => credentials switch
        {
            ProfileRoleCredentials p => !string.IsNullOrEmpty(p.Options.MfaSerialNumber),
            AssumeRoleAWSCredentials a => !string.IsNullOrEmpty(a.Options?.MfaSerialNumber),
            _ => false,
        };

        /// <summary>
        /// Sets what a profile asks of an assumed role that the SDK does not set itself: the MFA code's source and
        /// duration_seconds. <paramref name="durationSeconds"/> is the profile's text, or null.
        /// </summary>
        public static void Prepare(AWSCredentials credentials, string profile, string? durationSeconds, MfaOptions? mfa)
        {
            // A session kept for the process is prepared once, by the cmdlet that first fetched it: a later cmdlet
            // never swaps in its own prompt, which a refresh would then call from a worker thread.
            lock (Prepared)
            {
                if (Prepared.TryGetValue(credentials, out _)) return;
                Prepared.Add(credentials, new object());
            }
            var (options, roleArn) = credentials switch
            {
                ProfileRoleCredentials p => (p.Options, p.RoleArn),
                AssumeRoleAWSCredentials a => (a.Options, a.RoleArn),
                _ => (null, string.Empty),
            };
            if (options == null) return;
            if (!string.IsNullOrWhiteSpace(durationSeconds))
            {
                if (!int.TryParse(durationSeconds!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture,
                    out int seconds) || seconds < 900 || seconds > 43200)
                    throw new AwsSettingsException(ErrorIds.InvalidProfile, $"Profile '{profile}' has duration_seconds = " +
                        $"{durationSeconds}; give a number of seconds from 900 to 43200.", profile);
                options.DurationSeconds = seconds;
            }
            string? serial = options.MfaSerialNumber;
            if (string.IsNullOrEmpty(serial)) return;
            bool used = false;
            options.MfaTokenCodeCallback = () =>
            {
                // A code is good once: a refresh later in the session cannot reuse it, and never asks from a worker thread.
                if (used) throw new AwsSettingsException(ErrorIds.MfaSessionExpired, $"The MFA session of profile '{profile}' has " +
                    $"expired. Run the command again with a new code.", profile);
                used = true;
                if (!string.IsNullOrEmpty(mfa?.Code)) return mfa!.Code!;
                string? asked = mfa?.Prompt?.Invoke(serial!);
                if (!string.IsNullOrEmpty(asked)) return asked!.Trim();
                throw new AwsSettingsException(ErrorIds.MfaCodeRequired,
                    $"Profile '{profile}' assumes {roleArn} with the MFA device {serial}, and no code can be asked for here (a " +
                        $"non-interactive session). " +
                    "Give the device's current code with -MfaCode, or get a session first ('aws sts get-session-token --serial-number ... " +
                        "--token-code ...') and use its keys.", profile);
            };
        }

        /// <summary>
        /// The first fetch of a session, where a failure can still be said well: an expired or missing SSO token, a role
        /// STS refuses, a credential_process that fails, a missing assembly (a broken install). The SDK keeps the session
        /// and refreshes it from here on.
        /// </summary>
        /// <remarks>
        /// Ctrl+C (<paramref name="cancel"/>) ends the wait at once: the SDK's fetch takes no token, so it is left to end on
        /// its own, and the session is fetched afresh next time. A role behind MFA is fetched on this thread, where the code
        /// can be asked for.
        /// </remarks>
        public static void Fetch(AWSCredentials credentials, string source, string? profile, CancellationToken cancel = default)
        {
            if (!NeedsFetch(credentials)) return;
            try
            {
                if (AsksForMfa(credentials) || !cancel.CanBeCanceled)
                {
                    credentials.GetCredentials();
                    return;
                }
                var fetch = credentials.GetCredentialsAsync();
                try
                {
                    fetch.Wait(cancel);
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw;
            }
            catch (AwsSettingsException)
            {
                throw;
            }
            catch (Exception e) when (Explain(e, credentials, source, profile) is { } explained)
            {
                throw explained;
            }
        }

        private static AwsSettingsException? Explain(Exception e, AWSCredentials credentials, string source, string? profile)
        {
            string login = profile == null ? "aws sso login" : $"aws sso login --profile {profile}";
            // The SDK wraps the callback's exception; its own advice is what the user needs.
            for (var inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AwsSettingsException own) return own;
            }
            if (e is InvalidOperationException && e.Message.IndexOf("could not be found or loaded", StringComparison.OrdinalIgnoreCase) >= 0)
                return new AwsSettingsException(ErrorIds.BrokenInstall, $"Credentials from {source} need an assembly the module ships and " +
                    $"that could not be loaded ({FirstSentence(e.Message)}). The module's install is incomplete: reinstall " +
                    $"LookoutMetrics.", profile, e);
            if (credentials is SSOAWSCredentials sso)
                return new AwsSettingsException(ErrorIds.SsoLoginRequired,
                    $"The IAM Identity Center (SSO) session of {source} cannot be used: {FirstSentence(e.Message)}. Sign in again with " +
                        $"'{login}' (or AWS.Tools' Invoke-AWSSSOLogin), then run the command again.", profile, e);
            var service = e as AmazonServiceException;
            for (var inner = e.InnerException; service == null
                && inner != null; inner = inner.InnerException) service = inner as AmazonServiceException;
            if (service != null
                && (credentials is ProfileRoleCredentials || credentials is AssumeRoleAWSCredentials
                || credentials is AssumeRoleWithWebIdentityCredentials))
            {
                string role = credentials is ProfileRoleCredentials pr ? pr.RoleArn : credentials is AssumeRoleAWSCredentials r
                    ? r.RoleArn : credentials is AssumeRoleWithWebIdentityCredentials w ? w.RoleArn : "the role";
                string identity = credentials is ProfileRoleCredentials own ? " by " + SourceIdentity(own.SourceCredentials)
                    : credentials is AssumeRoleAWSCredentials withSource ? " by " + SourceIdentity(withSource.SourceCredentials)
                    : credentials is AssumeRoleWithWebIdentityCredentials web ? $" with the web identity token in " +
                        $"'{web.WebIdentityTokenFile}'" : string.Empty;
                string id = service.ErrorCode == ErrorIds.AccessDenied
                    || (int)service.StatusCode == 403 ? ErrorIds.AssumeRoleDenied : ErrorIds.AssumeRoleFailed;
                return new AwsSettingsException(id,
                    $"STS refused to let {role} be assumed{identity} ({source}): {service.ErrorCode}: {FirstSentence(service.Message)}. " +
                    "Check the role's trust policy and that the source identity may call sts:AssumeRole on it (and external_id, if the " +
                        "role asks for one).", profile, e);
            }
            // credential_process's own output may hold what it was fetching: it is not repeated here.
            if (credentials is ProcessAWSCredentials || e is ProcessAWSCredentialException)
                return new AwsSettingsException(ErrorIds.CredentialsUnavailable, $"The credential_process of {source} failed. Run the " +
                    $"profile's credential_process command by hand to see why.", profile, e);
            if (e is AmazonClientException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException)
                return new AwsSettingsException(ErrorIds.CredentialsUnavailable, $"No credentials could be had from {source}: " +
                    $"{FirstSentence(e.Message)}.", profile, e);
            return null;
        }

        /// <summary>The access key ID of the source credentials, masked, or what they are.</summary>
        private static string SourceIdentity(AWSCredentials? source)
        {
            if (source == null) return "its source profile";
            if (!NeedsFetch(source))
            {
                try { return "access key " + AwsSettingsResolver.Mask(source.GetCredentials().AccessKey); }
                catch (Exception) { return "its source profile"; }
            }
            return Describe(source);
        }

        private static string FirstSentence(string message)
        {
            int i = message.IndexOf(". ", StringComparison.Ordinal);
            return (i > 0 ? message.Substring(0, i) : message).TrimEnd('.');
        }
    }
}
