using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LookoutMetrics.IO;

namespace LookoutMetrics.Aws
{
    /// <summary>Why an S3 object could not be read, with the S3 error code and what to do.</summary>
    public sealed class S3ArtifactException : Exception
    {
        public S3ArtifactException(string uri, string errorCode, int statusCode, string message, Exception? inner = null) : base(message, inner)
        {
            Uri = uri;
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }

        public string Uri { get; }

        /// <summary>NoSuchKey, NoSuchBucket, AccessDenied, InvalidUri, ...</summary>
        public string ErrorCode { get; }

        public int StatusCode { get; }

        public bool IsNotFound => ErrorCode == "NoSuchKey" || ErrorCode == "NoSuchBucket" || StatusCode == 404;
        public bool IsAccessDenied => ErrorCode == "AccessDenied" || StatusCode == 403;
    }

    /// <summary>An S3 object open for streaming: read it once, then dispose it.</summary>
    public sealed class S3Artifact : IDisposable
    {
        private readonly GetObjectResponse _response;

        internal S3Artifact(GetObjectResponse response, string uri)
        {
            _response = response;
            Uri = uri;
            Stream = new CountingStream(response.ResponseStream, response.ContentLength >= 0 ? response.ContentLength : (long?)null);
        }

        public string Uri { get; }

        /// <summary>The object's bytes as they arrive (never buffered whole), counting what was read for progress.</summary>
        public CountingStream Stream { get; }

        public void Dispose()
        {
            Stream.Dispose();
            _response.Dispose();
        }
    }

    /// <summary>Reads evaluation artifacts from S3 (or any endpoint that speaks S3, path-style).</summary>
    public sealed class S3ArtifactStore : IDisposable
    {
        private readonly AmazonS3Client _s3;

        public S3ArtifactStore(AwsSettings settings)
        {
            var config = new AmazonS3Config
            {
                MaxErrorRetry = 4,
                Timeout = TimeSpan.FromSeconds(60),
                // Only uploads would need it; evaluation artifacts are only ever read.
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            };
            if (settings.S3Endpoint != null)
            {
                config.ServiceURL = settings.S3Endpoint.ToString();
                config.AuthenticationRegion = settings.S3Region;
                config.ForcePathStyle = true;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.S3Region);
            }
            _s3 = new AmazonS3Client(settings.Credentials, config);
        }

        /// <summary>Opens s3://bucket/key for streaming; a missing or denied object is an <see cref="S3ArtifactException"/> naming the URI.</summary>
        public async Task<S3Artifact> OpenAsync(string uri, CancellationToken cancellationToken)
        {
            if (!S3Uri.TryParse(uri, out var location, out var error))
                throw new S3ArtifactException(uri, "InvalidUri", 0, error);
            try
            {
                var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = location.Bucket, Key = location.Key }, cancellationToken).ConfigureAwait(false);
                return new S3Artifact(response, uri);
            }
            catch (AmazonS3Exception e)
            {
                throw Explain(uri, location, e.ErrorCode ?? string.Empty, (int)e.StatusCode, e);
            }
            catch (AmazonServiceException e)
            {
                throw Explain(uri, location, e.ErrorCode ?? string.Empty, (int)e.StatusCode, e);
            }
            catch (AmazonClientException e)
            {
                throw new S3ArtifactException(uri, "ClientError", 0, $"Cannot read '{uri}': {e.Message}", e);
            }
            catch (System.Net.Http.HttpRequestException e)
            {
                throw new S3ArtifactException(uri, "NetworkError", 0, $"Cannot reach S3 for '{uri}': {e.Message}", e);
            }
        }

        private static S3ArtifactException Explain(string uri, S3Uri location, string code, int status, Exception e)
        {
            if (code.Length == 0) code = status == 404 ? "NoSuchKey" : status == 403 ? "AccessDenied" : "S3Error" + status;
            string what = code switch
            {
                "NoSuchKey" => $"There is no object '{location.Key}' in bucket '{location.Bucket}'. Check the key (artifacts are named EvaluationManifest-<project>-<version>.json and EvaluationResult-<project>-<version>.json), or list the prefix with Get-S3Object.",
                "NoSuchBucket" => $"There is no bucket '{location.Bucket}'. Check the bucket name, the region, and -S3EndpointUrl if you use one.",
                "AccessDenied" => $"Access to '{uri}' was denied. The credentials need s3:GetObject on the object (and kms:Decrypt when the bucket is encrypted with a KMS key).",
                _ => $"S3 answered {code} (HTTP {status}): {e.Message}",
            };
            return new S3ArtifactException(uri, code, status, $"Cannot read '{uri}': {what}", e);
        }

        public void Dispose() => _s3.Dispose();
    }
}
