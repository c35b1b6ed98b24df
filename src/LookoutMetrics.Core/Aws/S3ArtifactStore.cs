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

        internal S3Artifact(GetObjectResponse response, string uri, Stream body)
        {
            _response = response;
            Uri = uri;
            Stream = new CountingStream(body, response.ContentLength >= 0 ? response.ContentLength : (long?)null);
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
                // Bounded: at most nine attempts a request, with the SDK's capped, jittered backoff between them.
                MaxErrorRetry = 8,
                Timeout = settings.AttemptTimeout ?? TimeSpan.FromSeconds(60),
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
                return new S3Artifact(response, uri, new ResumingStream(_s3, location, uri, response, cancellationToken));
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

        /// <summary>An object's bytes, read whole (a prediction file, a mask: small objects).</summary>
        public async Task<byte[]> ReadAllAsync(string uri, CancellationToken cancellationToken)
        {
            using var artifact = await OpenAsync(uri, cancellationToken).ConfigureAwait(false);
            using var buffer = artifact.Stream.TotalLength is long n && n >= 0 && n < int.MaxValue ? new MemoryStream((int)n) : new MemoryStream();
            try
            {
                await artifact.Stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new S3ArtifactException(uri, "ReadError", 0, $"Reading '{uri}' stopped before its end: {e.Message}", e);
            }
            return buffer.ToArray();
        }

        /// <summary>
        /// One page (up to 1,000 keys) of the objects under s3://bucket/prefix, and the token of the next page (null at
        /// the end). A missing bucket or a denied listing is an <see cref="S3ArtifactException"/> naming the prefix.
        /// </summary>
        public async Task<(System.Collections.Generic.List<string> Keys, string? Next)> ListPageAsync(string bucket, string prefix, string? continuationToken, CancellationToken cancellationToken)
        {
            string uri = "s3://" + bucket + "/" + prefix;
            var location = new S3Uri(bucket, prefix);
            try
            {
                var response = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = continuationToken }, cancellationToken).ConfigureAwait(false);
                var keys = new System.Collections.Generic.List<string>();
                foreach (var o in response.S3Objects ?? new System.Collections.Generic.List<S3Object>())
                {
                    if (!o.Key.EndsWith("/", StringComparison.Ordinal)) keys.Add(o.Key);
                }
                return (keys, response.IsTruncated == true ? response.NextContinuationToken : null);
            }
            catch (AmazonServiceException e)
            {
                var explained = Explain(uri, location, e.ErrorCode ?? string.Empty, (int)e.StatusCode, e);
                if (explained.IsAccessDenied)
                    throw new S3ArtifactException(uri, explained.ErrorCode, explained.StatusCode, $"Cannot list '{uri}': access was denied. The credentials need s3:ListBucket on bucket '{bucket}' (or give each object's URI).", e);
                return Rethrow(explained);
            }
            catch (AmazonClientException e)
            {
                throw new S3ArtifactException(uri, "ClientError", 0, $"Cannot list '{uri}': {e.Message}", e);
            }
            catch (System.Net.Http.HttpRequestException e)
            {
                throw new S3ArtifactException(uri, "NetworkError", 0, $"Cannot reach S3 for '{uri}': {e.Message}", e);
            }
        }

        private static (System.Collections.Generic.List<string>, string?) Rethrow(S3ArtifactException e) => throw e;

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

    /// <summary>
    /// An S3 object's body that survives a connection cut mid-stream: when the body ends early or the read fails, the
    /// rest is asked for with a ranged GET from the byte reached (and the same ETag, so a changed object is not
    /// stitched together), a few times at most; past that the read fails with an IOException that says where.
    /// </summary>
    internal sealed class ResumingStream : Stream
    {
        public const int MaxResumes = 3;

        private readonly AmazonS3Client _s3;
        private readonly S3Uri _location;
        private readonly string _uri;
        private readonly long _length;
        private readonly string _etag;
        private readonly CancellationToken _cancel;
        private Stream _current;
        private GetObjectResponse? _resumed;
        private long _position;
        private int _resumes;

        public ResumingStream(AmazonS3Client s3, S3Uri location, string uri, GetObjectResponse first, CancellationToken cancel)
        {
            _s3 = s3;
            _location = location;
            _uri = uri;
            _length = first.ContentLength;
            _etag = first.ETag;
            _current = first.ResponseStream;
            _cancel = cancel;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                string why;
                try
                {
                    int n = _current.Read(buffer, offset, count);
                    if (n > 0 || count == 0)
                    {
                        _position += n;
                        return n;
                    }
                    if (_length < 0 || _position >= _length) return 0;
                    why = $"the body ended after {_position:N0} of {_length:N0} bytes";
                }
                catch (IOException e)
                {
                    if (_length < 0) throw;
                    why = e.Message;
                }
                Resume(why);
            }
        }

        private void Resume(string why)
        {
            if (++_resumes > MaxResumes)
                throw new IOException($"Reading '{_uri}' was cut at byte {_position:N0} of {_length:N0} ({why}), and {MaxResumes} ranged GETs did not finish it. Try again later.");
            try
            {
                _resumed?.Dispose();
                var request = new GetObjectRequest { BucketName = _location.Bucket, Key = _location.Key, ByteRange = new ByteRange(_position, _length - 1) };
                if (!string.IsNullOrEmpty(_etag)) request.EtagToMatch = _etag;
                _resumed = _s3.GetObjectAsync(request, _cancel).GetAwaiter().GetResult();
                _current = _resumed.ResponseStream;
            }
            catch (Exception e) when (e is AmazonServiceException || e is AmazonClientException || e is System.Net.Http.HttpRequestException)
            {
                throw new IOException($"Reading '{_uri}' was cut at byte {_position:N0} of {_length:N0} ({why}), and the ranged GET to finish it failed: {e.Message}", e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _resumed?.Dispose();
                _current.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
