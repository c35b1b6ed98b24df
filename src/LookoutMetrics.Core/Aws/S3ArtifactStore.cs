using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
    /// <summary>Why an S3 object could not be read, with the S3 error code and what to do.</summary>
    public sealed class S3ArtifactException : Errors.LfvException
    {
        public S3ArtifactException(string uri, string errorCode, int statusCode, string message, Exception? inner = null)
            : this(ServiceErrorAdvice.ForS3(errorCode, statusCode), uri, errorCode, statusCode, message, inner)
        {
        }

        private S3ArtifactException(ErrorAdvice advice, string uri, string errorCode, int statusCode, string message, Exception? inner)
            : base(advice.ErrorId, advice.Kind, message, uri, inner)
        {
            Uri = uri;
            ErrorCode = errorCode;
            StatusCode = statusCode;
        }

        public string Uri { get; }

        /// <summary>NoSuchKey, NoSuchBucket, AccessDenied, InvalidUri, ...</summary>
        public string ErrorCode { get; }

        public int StatusCode { get; }

        public bool IsNotFound => ServiceErrorAdvice.IsNotFound(ErrorCode, StatusCode);
        public bool IsAccessDenied => ServiceErrorAdvice.IsAccessDenied(ErrorCode, StatusCode);
    }

    /// <summary>Reads evaluation artifacts from S3 (or any endpoint that speaks S3, path-style).</summary>
    public sealed class S3ArtifactStore : IArtifactStore, IDisposable
    {
        /// <summary>The region of each bucket that answered from another one, for the process (per endpoint: a custom one may differ).</summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> BucketRegions =
            new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        private readonly AwsSettings _settings;
        private readonly AmazonS3Client _s3;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AmazonS3Client> _byRegion =
            new System.Collections.Concurrent.ConcurrentDictionary<string, AmazonS3Client>(StringComparer.Ordinal);

        public S3ArtifactStore(AwsSettings settings)
        {
            _settings = settings;
            _s3 = NewClient(settings.S3Region);
            _byRegion[settings.S3Region] = _s3;
        }

        /// <summary>How long one attempt may take: a request, or one read of a body that has started (then the rest is asked for again).</summary>
        private TimeSpan AttemptTimeout => _settings.AttemptTimeout ?? TimeSpan.FromSeconds(60);

        /// <summary>Told once per bucket when a bucket is followed to its region (a -Verbose line).</summary>
        public Action<string>? Notice { get; set; }

        private AmazonS3Client NewClient(string region)
        {
            var config = new AmazonS3Config
            {
                // Bounded: at most nine attempts a request, with the SDK's capped, jittered backoff between them.
                MaxErrorRetry = 8,
                Timeout = AttemptTimeout,
                // Only uploads would need it; evaluation artifacts are only ever read.
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            };
            if (_settings.S3Endpoint != null)
            {
                // A custom endpoint is kept; a bucket of another region is signed for that region.
                config.ServiceURL = _settings.S3Endpoint.ToString();
                config.AuthenticationRegion = region;
                config.ForcePathStyle = true;
            }
            else
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
                // An access point ARN is addressed in its own region, whatever -Region says.
                config.UseArnRegion = true;
            }
            if (_settings.Proxy != null) config.SetWebProxy(_settings.Proxy);
            return new AmazonS3Client(_settings.Credentials, config);
        }

        private string BucketKey(string bucket) => (_settings.S3Endpoint?.ToString() ?? "aws") + "|" + bucket;

        /// <summary>The client for a bucket: its remembered region's, else the settings' region's.</summary>
        private AmazonS3Client ClientFor(string bucket) =>
            BucketRegions.TryGetValue(BucketKey(bucket), out var region) ? _byRegion.GetOrAdd(region, NewClient) : _s3;

        /// <summary>
        /// A call on a bucket, followed once to the bucket's region when S3 answers that it is in another one (301
        /// PermanentRedirect or 400 AuthorizationHeaderMalformed, with x-amz-bucket-region); the region is remembered
        /// for the process, and said once.
        /// </summary>
        private async Task<T> OnBucketAsync<T>(string bucket, Func<AmazonS3Client, Task<T>> call)
        {
            if (S3Uri.IsArn(bucket) && _settings.S3Endpoint != null)
                throw new S3ArtifactException(S3Uri.Format(bucket, string.Empty), "AccessPointNeedsAws", 0,
                    $"The access point '{bucket}' cannot be addressed through the custom S3 endpoint {_settings.S3Endpoint} (it is " +
                        $"addressed path-style). Give the access point's alias as the bucket (s3://<alias>/<key>), or leave -S3EndpointUrl out.");
            var client = ClientFor(bucket);
            try
            {
                return await call(client).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (RegionOfRedirect(e) is string region && !string.Equals(region,
                client.Config.AuthenticationRegion ?? client.Config.RegionEndpoint?.SystemName, StringComparison.Ordinal))
            {
                if (BucketRegions.TryAdd(BucketKey(bucket), region))
                    Notice?.Invoke($"Bucket '{bucket}' is in {region}, not " +
                        $"{client.Config.AuthenticationRegion ?? client.Config.RegionEndpoint?.SystemName}: following it there " +
                        $"(remembered for this session).");
                else BucketRegions[BucketKey(bucket)] = region;
                return await call(ClientFor(bucket)).ConfigureAwait(false);
            }
        }

        /// <summary>The region a redirect names in its x-amz-bucket-region header; null for any other error.</summary>
        internal static string? RegionOfRedirect(AmazonS3Exception e)
        {
            int status = (int)e.StatusCode;
            bool redirect = status == 301 || e.ErrorCode == "PermanentRedirect" || (status == 400 && e.ErrorCode == "AuthorizationHeaderMalformed");
            if (!redirect) return null;
            string? region = (e.InnerException as Amazon.Runtime.Internal.HttpErrorResponseException)?.Response?.GetHeaderValue(
                "x-amz-bucket-region");
            return string.IsNullOrEmpty(region) ? null : region;
        }

        /// <summary>
        /// Every attempt outlasted its timeout (the SDK cancels an attempt's request when its time is up, and says only "The operation was
        /// canceled." after the last retry): a RequestTimeout error that names the object and what to do. Ctrl+C is not this.
        /// </summary>
        private S3ArtifactException TimedOut(string uri, string what, Exception e) => new S3ArtifactException(uri, "RequestTimeout", 0,
            $"S3 did not answer the request to {what} '{uri}' within {AttemptTimeout.TotalSeconds:0.#} s, on any attempt. Check the network " +
                "and the S3 endpoint, try again later, or give each attempt longer with LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS.", e);

        /// <summary>Opens s3://bucket/key for streaming; a missing or denied object is an <see cref="S3ArtifactException"/> naming the URI.</summary>
        public async Task<OpenedArtifact> OpenAsync(Location at, CancellationToken cancellationToken)
        {
            string uri = at.Text;
            if (at.Kind != LocationKind.S3Object)
                throw new S3ArtifactException(uri, "InvalidUri", 0, $"'{uri}' names no object. Give s3://bucket/key, the key being the " +
                    $"object's full name.");
            var location = new S3Uri(at.Bucket, at.Key);
            try
            {
                Task<(GetObjectResponse, AmazonS3Client)> Get(ByteRange? range) => OnBucketAsync(location.Bucket, async c =>
                    (await c.GetObjectAsync(new GetObjectRequest { BucketName = location.Bucket, Key = location.Key, RequestPayer = Payer,
                        ByteRange = range }, cancellationToken).ConfigureAwait(false), c));
                (GetObjectResponse, AmazonS3Client) got;
                try
                {
                    got = await Get(null).ConfigureAwait(false);
                }
                catch (ArgumentException e) when (e.ParamName == "hex")
                {
                    // An ETag that is no MD5 (an S3-compatible store, or a proxy, wrote another): the SDK cannot set up its check of the
                    // body and throws. A GET of the range from byte 0 is the whole object and is not checked against the ETag.
                    got = await Get(new ByteRange("bytes=0-")).ConfigureAwait(false);
                }
                var (response, client) = got;
                var body = new ResumingStream(client, location, uri, response, cancellationToken, Payer) { StallTimeout = AttemptTimeout };
                var stream = new CountingStream(body, response.ContentLength >= 0 ? response.ContentLength : (long?)null);
                return new OpenedArtifact(at, stream, new Both(stream, response));
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
            catch (Exception e) when ((e is TimeoutException || e is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(uri, "read", e);
            }
            catch (System.Net.Http.HttpRequestException e)
            {
                throw new S3ArtifactException(uri, "NetworkError", 0, $"Cannot reach S3 for '{uri}': {e.Message}", e);
            }
        }

        /// <summary>An object's bytes, read whole (a prediction file, a mask: small objects).</summary>
        public async Task<byte[]> ReadAllAsync(Location at, long maxBytes, CancellationToken cancellationToken)
        {
            using var artifact = await OpenAsync(at, cancellationToken).ConfigureAwait(false);
            try
            {
                return await WholeRead.ReadAsync(artifact, maxBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new S3ArtifactException(at.Text, "ReadError", 0, $"Reading '{at.Text}' stopped before its end: {e.Message}", e);
            }
        }

        /// <summary>
        /// One page (up to 1,000 keys) of the objects a prefix or pattern names (folder markers left out), and the token
        /// of the next page (null at the end). A missing bucket or a denied listing is an <see cref="S3ArtifactException"/>
        /// naming the prefix.
        /// </summary>
        public async Task<ListedPage> ListPageAsync(Location under, string? continuationToken, CancellationToken cancellationToken)
        {
            string bucket = under.Bucket, prefix = under.ListPrefix;
            string uri = S3Uri.Format(bucket, prefix);
            var location = new S3Uri(bucket, prefix);
            try
            {
                var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = continuationToken,
                    RequestPayer = Payer };
                var response = await OnBucketAsync(bucket, c => c.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
                var found = new System.Collections.Generic.List<StoredObject>();
                int passedOver = 0;
                foreach (var o in response.S3Objects ?? new System.Collections.Generic.List<S3Object>())
                {
                    if (o.Key.EndsWith("/", StringComparison.Ordinal) || !under.Names(o.Key)) passedOver++;
                    else found.Add(new StoredObject(Location.S3Object(bucket, o.Key), o.Size ?? -1,
                        o.LastModified is DateTime t ? new DateTimeOffset(t.ToUniversalTime()) : (DateTimeOffset?)null));
                }
                return new ListedPage(found, passedOver, response.IsTruncated == true ? response.NextContinuationToken : null);
            }
            catch (AmazonServiceException e)
            {
                var explained = Explain(uri, location, e.ErrorCode ?? string.Empty, (int)e.StatusCode, e);
                if (explained.IsAccessDenied)
                    throw new S3ArtifactException(uri, explained.ErrorCode, explained.StatusCode,
                        $"Cannot list '{uri}': access was denied. The credentials need s3:ListBucket on bucket '{bucket}' (or give each " +
                            $"object's URI).", e);
                throw explained;
            }
            catch (AmazonClientException e)
            {
                throw new S3ArtifactException(uri, "ClientError", 0, $"Cannot list '{uri}': {e.Message}", e);
            }
            catch (Exception e) when ((e is TimeoutException || e is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(uri, "list", e);
            }
            catch (System.Net.Http.HttpRequestException e)
            {
                throw new S3ArtifactException(uri, "NetworkError", 0, $"Cannot reach S3 for '{uri}': {e.Message}", e);
            }
        }

        /// <summary>Disposes the body, then the response.</summary>
        private sealed class Both : IDisposable
        {
            private readonly IDisposable _first, _second;

            public Both(IDisposable first, IDisposable second) => (_first, _second) = (first, second);

            public void Dispose()
            {
                _first.Dispose();
                _second.Dispose();
            }
        }

        private static S3ArtifactException Explain(string uri, S3Uri location, string code, int status, Exception e)
        {
            if (code.Length == 0) code = status == 404 ? "NoSuchKey" : status == 403 ? ErrorIds.AccessDenied : "S3Error" + status;
            string what = code switch
            {
                "NoSuchKey" when IO.ArtifactNames.KindOf(location.Key) != null => $"There is no object '{location.Key}' in bucket " +
                    $"'{location.Bucket}'. Check the key (artifacts are named EvaluationManifest-<project>-<version>.json and " +
                    $"EvaluationResult-<project>-<version>.json), or find them with Find-LfvModelArtifact.",
                "NoSuchKey" => $"There is no object '{location.Key}' in bucket '{location.Bucket}'. Check the key, or list the prefix with " +
                    $"Get-S3Object.",
                "NoSuchBucket" => $"There is no bucket '{location.Bucket}'. Check the bucket name, the region, and -S3EndpointUrl if you use one.",
                "AccessDenied" => $"Access to '{uri}' was denied. The credentials need s3:GetObject on the object (and kms:Decrypt when " +
                    $"the bucket is encrypted with a KMS key).",
                _ => $"S3 answered {code} (HTTP {status}): {e.Message}",
            };
            return new S3ArtifactException(uri, code, status, $"Cannot read '{uri}': {what}", e);
        }

        /// <summary>-RequesterPays: the requester pays for the requests and the data (a bucket that charges its readers).</summary>
        private RequestPayer? Payer => _settings.RequesterPays ? RequestPayer.Requester : null;

        public void Dispose()
        {
            foreach (var client in _byRegion.Values) client.Dispose();
        }
    }

    /// <summary>
    /// An S3 object's body that survives a connection cut mid-stream: when the body ends early or the read fails, the
    /// rest is asked for with a ranged GET from the byte reached (and the same ETag, so a changed object is not
    /// stitched together), a few times at most; past that the read fails with an IOException that says where.
    /// </summary>
    internal sealed class ResumingStream : ReadOnlyStream
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

        private readonly RequestPayer? _payer;

        public ResumingStream(AmazonS3Client s3, S3Uri location, string uri, GetObjectResponse first, CancellationToken cancel,
            RequestPayer? payer = null)
        {
            _payer = payer;
            _s3 = s3;
            _location = location;
            _uri = uri;
            _length = first.ContentLength;
            _etag = first.ETag;
            _current = first.ResponseStream;
            _cancel = cancel;
        }

        /// <summary>How long one read may wait for bytes before the body counts as stalled and the rest is asked for again.</summary>
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

        // The body's connection was aborted (a stall, or Ctrl+C) after a read that returned: the next read resumes.
        private bool _aborted;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (true)
            {
                string why;
                try
                {
                    if (_aborted) throw new IOException($"no byte arrived for {StallTimeout.TotalSeconds:0.#} s");
                    int n = ReadOnce(buffer, offset, count);
                    if (n > 0 || count == 0)
                    {
                        _position += n;
                        return n;
                    }
                    if (_length < 0 || _position >= _length) return 0;
                    why = $"the body ended after {_position:N0} of {_length:N0} bytes";
                }
                catch (IOException e) when (!IsChecksumMismatch(e))
                {
                    if (_length < 0) throw;
                    why = e.Message;
                }
                _aborted = false;
                Resume(why);
            }
        }

        /// <summary>
        /// One read, on this thread (no continuation to wait for, so a busy thread pool cannot stall it), watched: when no
        /// byte arrives within the stall timeout, or at Ctrl+C, the connection is aborted, which ends the read; a stall is
        /// an IOException (and resumed), Ctrl+C an OperationCanceledException.
        /// </summary>
        private int ReadOnce(byte[] buffer, int offset, int count)
        {
            var body = _current;
            int state = 0; // 0 reading, 1 returned, 2 aborted
            void Abort()
            {
                if (Interlocked.CompareExchange(ref state, 2, 0) == 0)
                {
                    try { body.Dispose(); } catch (Exception) { /* already gone */ }
                }
            }
            using var watchdog = new Timer(_ => Abort(), null, StallTimeout, System.Threading.Timeout.InfiniteTimeSpan);
            using var stop = _cancel.Register(Abort);
            try
            {
                int n = body.Read(buffer, offset, count);
                // Aborted just as the read returned: its bytes stand, the next read resumes from them.
                if (Interlocked.CompareExchange(ref state, 1, 0) == 2) _aborted = true;
                _cancel.ThrowIfCancellationRequested();
                return n;
            }
            catch (Exception e) when (Volatile.Read(ref state) == 2 && !(e is OperationCanceledException))
            {
                _cancel.ThrowIfCancellationRequested();
                throw new IOException($"no byte arrived for {StallTimeout.TotalSeconds:0.#} s", e);
            }
            catch (AmazonClientException e) when (e.Message.IndexOf("hash", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // The SDK checks the body against its MD5 (the ETag) as its end is read: a mismatch is said, and not resumed.
                throw new IOException($"the bytes read do not match the checksum S3 gave for '{_uri}' (its ETag, an MD5): " +
                    "the object changed while it was read, or was damaged on the way", e);
            }
        }

        /// <summary>A body whose bytes do not match the checksum S3 gave for it: what was read before stands, and it is never resumed.</summary>
        private static bool IsChecksumMismatch(IOException e) => e.InnerException is AmazonClientException;

        private void Resume(string why)
        {
            if (++_resumes > MaxResumes)
                throw new IOException($"Reading '{_uri}' was cut at byte {_position:N0} of {_length:N0} ({why}), and {MaxResumes} ranged " +
                    $"GETs did not finish it. Try again later.");
            try
            {
                _resumed?.Dispose();
                var request = new GetObjectRequest { BucketName = _location.Bucket, Key = _location.Key,
                    ByteRange = new ByteRange(_position, _length - 1), RequestPayer = _payer };
                if (!string.IsNullOrEmpty(_etag)) request.EtagToMatch = _etag;
                _resumed = _s3.GetObjectAsync(request, _cancel).GetAwaiter().GetResult();
                _current = _resumed.ResponseStream;
            }
            catch (Exception e) when (e is AmazonServiceException || e is AmazonClientException || e is System.Net.Http.HttpRequestException ||
                ((e is OperationCanceledException || e is TimeoutException) && !_cancel.IsCancellationRequested))
            {
                // A ranged GET whose every attempt timed out says so as the other failures do (not "The operation was canceled.").
                string failed = e is OperationCanceledException || e is TimeoutException ? "did not answer within the attempt timeout, on any " +
                    "attempt" : $"failed: {e.Message}";
                throw new IOException($"Reading '{_uri}' was cut at byte {_position:N0} of {_length:N0} ({why}), and the ranged GET to " +
                    $"finish it {failed}", e);
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

        public override long Position { get => _position; set => throw new NotSupportedException(); }
    }
}
