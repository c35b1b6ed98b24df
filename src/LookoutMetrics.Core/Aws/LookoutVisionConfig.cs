using System;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// The AWSSDK.Core client configuration the SigV4 signer reads: the signing name "lookoutvision", the signing
    /// region and the endpoint. Nothing else of the SDK's request pipeline is used.
    /// </summary>
    internal sealed class LookoutVisionConfig : ClientConfig
    {
        public LookoutVisionConfig(string region, Uri endpoint)
            : base(new DefaultConfigurationProvider(new IDefaultConfiguration[]
            {
                new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard },
            }))
        {
            AuthenticationServiceName = LookoutVisionClient.SigningName;
            AuthenticationRegion = region;
            ServiceURL = endpoint.ToString();
        }

        public override string RegionEndpointServiceName => LookoutVisionClient.SigningName;

        public override string ServiceVersion => LookoutVisionClient.ApiVersion;

        public override string UserAgent => "LookoutMetrics";

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new Endpoint(ServiceURL);
    }
}
