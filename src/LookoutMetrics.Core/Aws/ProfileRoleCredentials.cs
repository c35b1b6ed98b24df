using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// A profile's assumed role (role_arn with source_profile or credential_source), with the STS call made by the
    /// module's own STS client: in the region the settings resolve (-Region, else the profile's, as the issue asks,
    /// where AWSSDK.Core would take AWS_REGION or the default profile's), at AWS_ENDPOINT_URL_STS when it is set, and
    /// from the module's own load context whatever another module loaded. The session is refreshed by the SDK's
    /// <see cref="RefreshingAWSCredentials"/> five minutes before it expires.
    /// </summary>
    public sealed class ProfileRoleCredentials : RefreshingAWSCredentials
    {
        public ProfileRoleCredentials(AssumeRoleAWSCredentials profileRole)
        {
            SourceCredentials = profileRole.SourceCredentials;
            RoleArn = profileRole.RoleArn;
            RoleSessionName = profileRole.RoleSessionName;
            Options = profileRole.Options ?? new AssumeRoleAWSCredentialsOptions();
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        public AWSCredentials SourceCredentials { get; }
        public string RoleArn { get; }
        public string RoleSessionName { get; }

        /// <summary>external_id, duration_seconds, mfa_serial and the MFA code's callback.</summary>
        public AssumeRoleAWSCredentialsOptions Options { get; }

        /// <summary>The proxy of Set-AWSProxy, when the session has one.</summary>
        public System.Net.IWebProxy? Proxy { get; set; }

        /// <summary>The region of the STS call; set by the settings before the first fetch (us-east-1 until then).</summary>
        public string Region { get; set; } = "us-east-1";

        protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(Region) };
            string? endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_STS");
            if (!string.IsNullOrEmpty(endpoint))
            {
                config.ServiceURL = endpoint;
                config.AuthenticationRegion = Region;
            }
            if (Proxy != null) config.SetWebProxy(Proxy);
            using var sts = new AmazonSecurityTokenServiceClient(SourceCredentials, config);
            var request = new AssumeRoleRequest
            {
                RoleArn = RoleArn,
                RoleSessionName = RoleSessionName,
                ExternalId = string.IsNullOrEmpty(Options.ExternalId) ? null : Options.ExternalId,
                DurationSeconds = Options.DurationSeconds,
            };
            if (!string.IsNullOrEmpty(Options.MfaSerialNumber))
            {
                request.SerialNumber = Options.MfaSerialNumber;
                request.TokenCode = Options.MfaTokenCodeCallback?.Invoke()
                    ?? throw new AwsSettingsException(ErrorIds.MfaCodeRequired, $"The role {RoleArn} asks for a code of the MFA device " +
                        $"{Options.MfaSerialNumber}. Give it with -MfaCode.");
            }
            var response = await sts.AssumeRoleAsync(request, CancellationToken.None).ConfigureAwait(false);
            var c = response.Credentials;
            return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
                (c.Expiration ?? DateTime.UtcNow.AddHours(1)).ToUniversalTime());
        }
    }
}
