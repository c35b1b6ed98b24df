using System;
using System.Collections.Generic;
using Amazon.Runtime;
using LookoutMetrics.Errors;

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

        /// <summary>An AWSCredentials object (of any AWSSDK.Core version), AWS.Tools' AWSPSCredentials, or a PSCredential (user = access
        /// key).</summary>
        public object? Credential { get; set; }

        /// <summary>The value of $StoredAWSCredentials: a profile name, or AWS.Tools' credentials object.</summary>
        public object? StoredCredentials { get; set; }

        /// <summary>The value of $StoredAWSRegion.</summary>
        public string? StoredRegion { get; set; }

        public string? EndpointUrl { get; set; }
        public string? S3EndpointUrl { get; set; }

        /// <summary>How an assumed role's MFA code is had (-MfaCode, or the host's prompt).</summary>
        public MfaOptions? Mfa { get; set; }

        /// <summary>-RequesterPays: reads of a bucket that charges its readers.</summary>
        public bool RequesterPays { get; set; }

        /// <summary>AWS.Tools' Set-AWSProxy settings ($AWSProxy), when the session has them; else the system's (HTTPS_PROXY, NO_PROXY).</summary>
        public System.Net.IWebProxy? Proxy { get; set; }
    }

    /// <summary>
    /// The resolved credentials, region and endpoints, each with where it came from (for -Debug). Resolved once and
    /// the same whichever service is used first: the region a service signs with is the one given, else (for a custom
    /// endpoint only) us-east-1, as the AWS CLI does for local endpoints.
    /// </summary>
    public sealed class AwsSettings
    {
        private readonly string? _region;
        private readonly string _regionSource;

        internal AwsSettings(AWSCredentials credentials, string credentialSource, string? region, string regionSource,
            Uri? endpoint, string endpointSource, Uri? s3Endpoint, string s3EndpointSource)
        {
            Credentials = credentials;
            CredentialSource = credentialSource;
            _region = region;
            _regionSource = regionSource;
            LookoutVisionEndpoint = endpoint;
            LookoutVisionEndpointSource = endpointSource;
            S3Endpoint = s3Endpoint;
            S3EndpointSource = s3EndpointSource;
        }

        internal AWSCredentials Credentials { get; }
        public string CredentialSource { get; }

        /// <summary>
        /// How long one attempt of a call may take before it is abandoned and retried: the LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS
        /// variable, else 30 s for Lookout for Vision and 60 s for S3.
        /// </summary>
        public TimeSpan? AttemptTimeout { get; internal set; }

        /// <summary>The requester pays for the S3 reads (-RequesterPays).</summary>
        public bool RequesterPays { get; internal set; }

        /// <summary>The proxy of Set-AWSProxy, or null for the system's.</summary>
        public System.Net.IWebProxy? Proxy { get; internal set; }
        public Uri? LookoutVisionEndpoint { get; }
        public string LookoutVisionEndpointSource { get; }
        public Uri? S3Endpoint { get; }
        public string S3EndpointSource { get; }

        /// <summary>
        /// Warnings about the endpoints: a plain http:// endpoint that is not on this machine sends the signed requests
        /// and the artifacts unencrypted over the network.
        /// </summary>
        public IReadOnlyList<string> Warnings
        {
            get
            {
                var warnings = new List<string>();
                void Check(Uri? endpoint, string what)
                {
                    if (endpoint != null && endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
                        warnings.Add($"The {what} endpoint {endpoint} is plain http:// on another machine: requests and artifacts cross " +
                            $"the network unencrypted. Use https://.");
                }
                Check(LookoutVisionEndpoint, "Lookout for Vision");
                Check(S3Endpoint, "S3");
                return warnings;
            }
        }

        /// <summary>The region Lookout for Vision calls are signed for; <see cref="AwsSettingsException"/> NoRegion when there is none.</summary>
        public string Region => RegionFor(LookoutVisionEndpoint);

        /// <summary>The region S3 calls are signed for.</summary>
        public string S3Region => RegionFor(S3Endpoint);

        /// <summary>The region, or a placeholder, for messages that must not fail.</summary>
        public string RegionOrNone => _region ?? (LookoutVisionEndpoint != null ? AwsSettingsResolver.EndpointOnlyRegion : "(no region)");

        private string RegionFor(Uri? endpoint)
        {
            if (_region != null) return _region;
            if (endpoint != null) return AwsSettingsResolver.EndpointOnlyRegion;
            throw new AwsSettingsException(ErrorIds.NoRegion,
                "No AWS region was given. Give -Region (for example -Region us-east-1), or set it for the session with AWS.Tools' " +
                "Set-DefaultAWSRegion, or set AWS_REGION, or add 'region' to your profile in ~/.aws/config.");
        }

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
                Proxy = Proxy,
                OnRetry = onRetry,
                Timeout = timeout ?? AttemptTimeout ?? TimeSpan.FromSeconds(30),
                Retry = retry ?? new BackoffPolicy(),
                // A minute for a call with its retries, or two attempts where an attempt may take longer.
                CallTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(60).Ticks,
                    2 * (timeout ?? AttemptTimeout ?? TimeSpan.FromSeconds(30)).Ticks)),
            });

        /// <summary>Never the secret: the settings as -Debug shows them.</summary>
        public override string ToString()
        {
            string region = _region != null ? $"region {_region} from {_regionSource}"
                : $"no region given ({AwsSettingsResolver.EndpointOnlyRegion} for a custom endpoint)";
            return $"credentials from {CredentialSource}; {region}; Lookout for Vision endpoint " +
                $"{LookoutVisionEndpoint?.ToString() ?? "(default)"} from {LookoutVisionEndpointSource}; S3 endpoint " +
                $"{S3Endpoint?.ToString() ?? "(default)"} from {S3EndpointSource}";
        }
    }

    /// <summary>A setting problem nothing can proceed without: no credentials, no region, an unknown profile, a bad endpoint.</summary>
    public sealed class AwsSettingsException : Errors.LfvException
    {
        /// <summary>A settings error: NoCredentials, NoRegion, UnknownProfile, IncompleteKeys, InvalidEndpoint, ... (ErrorIds).</summary>
        public AwsSettingsException(string errorId, string message, object? target = null, Exception? inner = null)
            : base(errorId, Errors.ErrorIds.KindOfSetting(errorId), message, target, inner)
        {
        }

        /// <summary>No item can be read without its settings: it ends the command.</summary>
        public override bool EndsTheCommand => true;
    }
}
