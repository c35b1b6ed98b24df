using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using LookoutMetrics.IO;
using LookoutMetrics.Json;
using S3Uri = LookoutMetrics.Sources.S3Uri;

namespace LookoutMetrics.Aws
{
    /// <summary>A page of a list call: the items, and the token of the next page (null on the last).</summary>
    public sealed class Page<T>
    {
        public Page(IReadOnlyList<T> items, string? nextToken)
        {
            Items = items;
            NextToken = nextToken;
        }

        public IReadOnlyList<T> Items { get; }
        public string? NextToken { get; }
    }

    public sealed class LookoutVisionClientOptions
    {
        /// <summary>The signing region, and the region of the default endpoint.</summary>
        public string Region { get; set; } = string.Empty;

        /// <summary>An endpoint that speaks the Lookout for Vision API; default https://lookoutvision.{region}.amazonaws.com.</summary>
        public Uri? Endpoint { get; set; }

        public AWSCredentials? Credentials { get; set; }

        /// <summary>The limit of one attempt; a timed-out attempt counts as a failure and is retried.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        public BackoffPolicy Retry { get; set; } = new BackoffPolicy();

        /// <summary>
        /// The limit of a call with its retries: no attempt starts or runs past it, so an endpoint that accepts and never answers
        /// fails within about a minute, not after every attempt's timeout.
        /// </summary>
        public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>A proxy of its own (Set-AWSProxy), or null for the system's.</summary>
        public System.Net.IWebProxy? Proxy { get; set; }

        /// <summary>For tests: the handler under the HttpClient.</summary>
        public HttpMessageHandler? Handler { get; set; }

        /// <summary>Told of every retry: the operation, the failed attempt, the error and the wait.</summary>
        public Action<string, int, LookoutVisionException, TimeSpan>? OnRetry { get; set; }
    }

    /// <summary>
    /// A small typed client of the Lookout for Vision REST-JSON API (version 2020-11-20) for the read calls
    /// the module needs, signed by AWSSDK.Core's SigV4 signer. AWS removed the generated client from its SDKs when
    /// the service ended; this one speaks the same protocol to AWS or to any endpoint that implements it.
    /// </summary>
    public sealed class LookoutVisionClient : IDisposable
    {
        public const string ApiVersion = "2020-11-20";
        public const string SigningName = "lookoutvision";
        public const int MaxPageSize = 100;

        private static readonly string UserAgent =
            "LookoutMetrics/"
                + (typeof(LookoutVisionClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0") +
            " AWSSDK.Core/" + typeof(AWSCredentials).Assembly.GetName().Version;

        private readonly LookoutVisionClientOptions _options;
        private readonly HttpClient _http;
        private readonly LookoutVisionConfig _config;
        private readonly AWS4Signer _signer = new AWS4Signer();

        public LookoutVisionClient(LookoutVisionClientOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Credentials == null) throw new ArgumentException("Credentials are required to sign requests.", nameof(options));
            if (string.IsNullOrEmpty(options.Region)) throw new ArgumentException("A region is required to sign requests.", nameof(options));
            Endpoint = options.Endpoint ?? DefaultEndpoint(options.Region);
            _config = new LookoutVisionConfig(options.Region, Endpoint);
            _http = options.Handler != null ? new HttpClient(options.Handler, disposeHandler: false)
                : options.Proxy != null ? new HttpClient(new HttpClientHandler { Proxy = options.Proxy, UseProxy = true }) : new HttpClient();
            // Each attempt has its own timeout (below); the HttpClient's own would cut across retries.
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        }

        public Uri Endpoint { get; }

        public static Uri DefaultEndpoint(string region) =>
            new Uri($"https://lookoutvision.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : string.Empty)}");

        public void Dispose() => _http.Dispose();

        // ---------------------------------------------------------------- operations

        public async Task<Page<Project>> ListProjectsAsync(string? nextToken = null, int? maxResults = null,
            CancellationToken cancellationToken = default)
        {
            var query = PageQuery(nextToken, maxResults);
            using var doc = await SendAsync("ListProjects", "/" + ApiVersion + "/projects", null, query, cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            var items = JsonValues.Objects(root, "Projects").Select(ParseProject).ToList();
            return new Page<Project>(items, NextToken(root));
        }

        public async Task<Page<ModelSummary>> ListModelsAsync(string projectName, string? nextToken = null, int? maxResults = null,
            CancellationToken cancellationToken = default)
        {
            var query = PageQuery(nextToken, maxResults);
            using var doc = await SendAsync("ListModels", "/" + ApiVersion + "/projects/{projectName}/models",
                new Dictionary<string, string> { ["{projectName}"] = projectName }, query, cancellationToken).ConfigureAwait(false);
            var root = doc.RootElement;
            var items = JsonValues.Objects(root, "Models").Select(m =>
            {
                var performance = JsonValues.Object(m, "Performance");
                return new ModelSummary
                {
                    ProjectName = projectName,
                    ModelVersion = JsonValues.String(m, "ModelVersion"),
                    Status = JsonValues.String(m, "Status"),
                    StatusMessage = JsonValues.String(m, "StatusMessage"),
                    Precision = JsonValues.Number(performance, "Precision"),
                    Recall = JsonValues.Number(performance, "Recall"),
                    F1Score = JsonValues.Number(performance, "F1Score"),
                    CreationTimestamp = JsonValues.Time(m, "CreationTimestamp"),
                    ModelArn = JsonValues.String(m, "ModelArn"),
                    Description = JsonValues.String(m, "Description"),
                };
            }).ToList();
            return new Page<ModelSummary>(items, NextToken(root));
        }

        /// <summary>One model version: its status, performance and artifact locations. The version may be "latest".</summary>
        public async Task<ModelPerformance> DescribeModelAsync(string projectName, string modelVersion, CancellationToken cancellationToken = default)
        {
            using var doc = await SendAsync("DescribeModel", "/" + ApiVersion + "/projects/{projectName}/models/{modelVersion}",
                new Dictionary<string, string> { ["{projectName}"] = projectName, ["{modelVersion}"] = modelVersion }, null,
                    cancellationToken).ConfigureAwait(false);
            var d = JsonValues.Object(doc.RootElement, "ModelDescription");
            var performance = JsonValues.Object(d, "Performance");
            string arn = JsonValues.String(d, "ModelArn");
            string version = JsonValues.String(d, "ModelVersion");
            if (version.Length == 0 && ArtifactNames.TryParseModelArn(arn, out _, out var arnVersion)) version = arnVersion;
            var output = JsonValues.Object(JsonValues.Object(d, "OutputConfig"), "S3Location");
            return new ModelPerformance
            {
                ProjectName = projectName,
                ModelVersion = version.Length > 0 ? version : modelVersion,
                Status = JsonValues.String(d, "Status"),
                StatusMessage = JsonValues.String(d, "StatusMessage"),
                Precision = JsonValues.Number(performance, "Precision"),
                Recall = JsonValues.Number(performance, "Recall"),
                F1Score = JsonValues.Number(performance, "F1Score"),
                ModelArn = arn,
                Description = JsonValues.String(d, "Description"),
                CreationTimestamp = JsonValues.Time(d, "CreationTimestamp"),
                EvaluationEndTimestamp = JsonValues.Time(d, "EvaluationEndTimestamp"),
                EvaluationManifestUri = S3Uri.Format(JsonValues.String(JsonValues.Object(d, "EvaluationManifest"), "Bucket"),
                    JsonValues.String(JsonValues.Object(d, "EvaluationManifest"), "Key")),
                EvaluationResultUri = S3Uri.Format(JsonValues.String(JsonValues.Object(d, "EvaluationResult"), "Bucket"),
                    JsonValues.String(JsonValues.Object(d, "EvaluationResult"), "Key")),
                OutputUri = S3Uri.Format(JsonValues.String(output, "Bucket"), JsonValues.String(output, "Prefix")),
                MinInferenceUnits = (int?)JsonValues.Number(d, "MinInferenceUnits"),
                MaxInferenceUnits = (int?)JsonValues.Number(d, "MaxInferenceUnits"),
                KmsKeyId = JsonValues.String(d, "KmsKeyId"),
            };
        }

        /// <summary>Every project, a page at a time: the next page is asked for only when the caller gets to it.</summary>
        public IEnumerable<Project> ListAllProjects(CancellationToken cancellationToken = default, int? pageSize = null) =>
            Paginate(token => ListProjectsAsync(token, pageSize, cancellationToken), cancellationToken);

        /// <summary>Every model of a project, a page at a time.</summary>
        public IEnumerable<ModelSummary> ListAllModels(string projectName, CancellationToken cancellationToken = default, int? pageSize = null) =>
            Paginate(token => ListModelsAsync(projectName, token, pageSize, cancellationToken), cancellationToken);

        private static IEnumerable<T> Paginate<T>(Func<string?, Task<Page<T>>> fetch, CancellationToken cancellationToken)
        {
            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = fetch(token).GetAwaiter().GetResult();
                foreach (var item in page.Items) yield return item;
                token = page.NextToken;
                // A page may hold fewer items than asked (even none) and still carry a token; a repeated token would loop forever.
                if (token != null && !seen.Add(token))
                    throw new LookoutVisionException($"The endpoint returned the pagination token '{token}' twice; stopping so as not to " +
                        $"loop.", "RepeatedNextToken", 0, 1);
            }
            while (!string.IsNullOrEmpty(token));
        }

        private static Dictionary<string, string>? PageQuery(string? nextToken, int? maxResults)
        {
            var query = new Dictionary<string, string>();
            if (!string.IsNullOrEmpty(nextToken)) query["nextToken"] = nextToken!;
            if (maxResults.HasValue)
            {
                if (maxResults.Value < 1 || maxResults.Value > MaxPageSize)
                    throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults.Value, $"MaxResults is 1..{MaxPageSize}.");
                query["maxResults"] = maxResults.Value.ToString(CultureInfo.InvariantCulture);
            }
            return query;
        }

        // ---------------------------------------------------------------- transport

        private async Task<JsonDocument> SendAsync(string operation, string resourcePath, IDictionary<string, string>? pathResources,
            IDictionary<string, string>? query, CancellationToken cancellationToken)
        {
            var retry = _options.Retry;
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LookoutVisionException failure;
                var remaining = _options.CallTimeout - started.Elapsed;
                var limit = remaining < _options.Timeout ? remaining : _options.Timeout;
                using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptCts.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.FromMilliseconds(1));
                    try
                    {
                        using var message = await CreateSignedMessageAsync(operation, resourcePath, pathResources, query,
                            attemptCts.Token).ConfigureAwait(false);
                        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead,
                            attemptCts.Token).ConfigureAwait(false);
                        var body = await ReadBodyAsync(response, attemptCts.Token).ConfigureAwait(false);
                        if (response.IsSuccessStatusCode)
                        {
                            try
                            {
                                return JsonDocument.Parse(body.Length == 0 ? new byte[] { (byte)'{', (byte)'}' } : body);
                            }
                            catch (JsonException e)
                            {
                                throw new LookoutVisionException($"{operation}: the endpoint {Endpoint} answered " +
                                    $"{(int)response.StatusCode} with a body that is not JSON ({JsonValues.FirstSentence(e.Message)}).",
                                    "InvalidResponse", (int)response.StatusCode, attempt, e);
                            }
                        }
                        failure = ParseError(operation, response, body, attempt);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (OperationCanceledException e)
                    {
                        failure = new LookoutVisionException($"{operation}: no answer from {Endpoint} within " +
                            $"{limit.TotalSeconds:0.#} s.", "RequestTimeout", 0, attempt, e);
                    }
                    catch (Exception e) when (e is HttpRequestException || e is System.IO.IOException)
                    {
                        failure = new LookoutVisionException($"{operation}: cannot reach {Endpoint}: " +
                            $"{Innermost(e).Message}", "NetworkError", 0, attempt, e);
                    }
                }

                bool retryable = failure.StatusCode == 0 || BackoffPolicy.IsRetryable(failure.StatusCode, failure.ErrorCode);
                var delay = retryable ? retry.DelayBefore(attempt, failure.RetryAfter) : TimeSpan.Zero;
                bool outOfTime = started.Elapsed + delay >= _options.CallTimeout;
                if (!retryable || attempt >= retry.MaxAttempts || outOfTime)
                {
                    string gaveUp = !retryable || attempt == 1 && !outOfTime ? string.Empty
                        : outOfTime ? $" Gave up after {attempt} attempt{(attempt == 1 ? "" : "s")} in {started.Elapsed.TotalSeconds:0} s."
                        : $" Gave up after {attempt} attempts.";
                    throw Ended(failure, gaveUp) ?? (gaveUp.Length == 0 ? failure
                        : new LookoutVisionException(failure.Message + gaveUp, failure.ErrorCode, failure.StatusCode, attempt, failure)
                        {
                            ResourceId = failure.ResourceId, ResourceType = failure.ResourceType, RetryAfter = failure.RetryAfter,
                        });
                }

                _options.OnRetry?.Invoke(operation, attempt, failure, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The day AWS turned Lookout for Vision off.</summary>
        public const string ServiceEndDate = "2025-10-31";

        /// <summary>Whether an endpoint is AWS's own Lookout for Vision endpoint (lookoutvision.&lt;region&gt;.amazonaws.com[.cn]), which
        /// ended with the service, rather than one that still speaks its API.</summary>
        public static bool IsAwsEndpoint(Uri endpoint)
        {
            string host = endpoint.Host.ToLowerInvariant();
            return host.StartsWith("lookoutvision.", StringComparison.Ordinal) && (host.EndsWith(".amazonaws.com", StringComparison.Ordinal)
                || host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal));
        }

        /// <summary>A failure to reach AWS's own endpoint, said as what it is: the service ended. Null for any other failure.</summary>
        private LookoutVisionException? Ended(LookoutVisionException failure, string gaveUp) =>
            (failure.ErrorCode == "NetworkError" || failure.ErrorCode == "RequestTimeout") && IsAwsEndpoint(Endpoint)
                ? new LookoutVisionException($"{failure.Message}{gaveUp} Amazon Lookout for Vision ended on {ServiceEndDate}: AWS's endpoint " +
                    "no longer answers.", "ServiceEnded", 0, failure.Attempts, failure)
                : null;

        /// <summary>
        /// The body, read under the attempt's token: a body that stalls after its headers is cut by the attempt's timeout
        /// (and retried) or by Ctrl+C, like a request that never answers. The response is disposed at cancellation too,
        /// so a read that does not look at the token is ended as well.
        /// </summary>
        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancel)
        {
            using var abort = cancel.Register(response.Dispose);
            try
            {
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using var buffer = new System.IO.MemoryStream();
                await stream.CopyToAsync(buffer, 81920, cancel).ConfigureAwait(false);
                return buffer.ToArray();
            }
            catch (Exception e) when (cancel.IsCancellationRequested && !(e is OperationCanceledException))
            {
                // The disposed response's read failed: it was the cancellation.
                throw new OperationCanceledException(cancel);
            }
        }

        private async Task<HttpRequestMessage> CreateSignedMessageAsync(string operation, string resourcePath, IDictionary<string,
            string>? pathResources,
            IDictionary<string, string>? query, CancellationToken cancellationToken)
        {
            var credentials = await _options.Credentials!.GetCredentialsAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var request = new DefaultRequest(new LookoutVisionRequest(operation), "LookoutVision")
            {
                HttpMethod = "GET",
                Endpoint = Endpoint,
                ResourcePath = resourcePath,
                UseQueryString = true,
                AuthenticationRegion = _options.Region,
            };
            if (pathResources != null)
            {
                foreach (var p in pathResources) request.AddPathResource(p.Key, p.Value);
            }
            if (query != null)
            {
                foreach (var q in query) request.Parameters[q.Key] = q.Value;
            }
            request.Headers["User-Agent"] = UserAgent;
            request.Headers["Accept"] = "application/json";
            // The SDK's pipeline, not the signer, adds the session token; it must be there before signing so it is signed.
            if (credentials.UseToken) request.Headers["X-Amz-Security-Token"] = credentials.Token;

            // AWSSDK.Core's SigV4 signer: it adds host, x-amz-date, x-amz-content-sha256 and Authorization.
            _signer.Sign(request, _config, new RequestMetrics(), new ImmutableCredentialsIdentity(credentials));

            var message = new HttpRequestMessage(HttpMethod.Get, AmazonServiceClient.ComposeUrl(request));
            foreach (var h in request.Headers)
            {
                if (string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)) message.Headers.Host = h.Value;
                else if (string.Equals(h.Key, "Authorization",
                    StringComparison.OrdinalIgnoreCase)) message.Headers.TryAddWithoutValidation("Authorization", h.Value);
                else message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            return message;
        }

        private LookoutVisionException ParseError(string operation, HttpResponseMessage response, byte[] body, int attempt)
        {
            int status = (int)response.StatusCode;
            string code = string.Empty, text = string.Empty, resourceId = string.Empty, resourceType = string.Empty;
            if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types)) code = types.FirstOrDefault() ?? string.Empty;
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (code.Length == 0) code = JsonValues.String(root, "__type");
                    if (code.Length == 0) code = JsonValues.String(root, "code");
                    text = JsonValues.String(root, "Message");
                    if (text.Length == 0) text = JsonValues.String(root, "message");
                    resourceId = JsonValues.String(root, "ResourceId");
                    resourceType = JsonValues.String(root, "ResourceType");
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, say): the status alone has to do.
            }

            // "ValidationException:http://internal.amazon.com/..." and "aws.protocoltests#FooError" both carry the name first/last.
            int colon = code.IndexOf(':');
            if (colon >= 0) code = code.Substring(0, colon);
            int hash = code.LastIndexOf('#');
            if (hash >= 0) code = code.Substring(hash + 1);
            if (code.Length == 0) code = CodeForStatus(status);

            var retryAfter = RetryAfter(response);
            string message = $"{operation}: {code}{(text.Length > 0 ? ": " + text : string.Empty)} (HTTP {status}).";
            return new LookoutVisionException(message, code, status, attempt)
            {
                ResourceId = resourceId.Length > 0 ? resourceId : null,
                ResourceType = resourceType.Length > 0 ? resourceType : null,
                RetryAfter = retryAfter,
            };
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static string CodeForStatus(int status) => status switch
        {
            400 => "ValidationException",
            402 => "ServiceQuotaExceededException",
            403 => "AccessDeniedException",
            404 => "ResourceNotFoundException",
            409 => "ConflictException",
            429 => "ThrottlingException",
            _ when status >= 500 => "InternalServerException",
            _ => "HttpError" + status.ToString(CultureInfo.InvariantCulture),
        };

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e;
        }

        // ---------------------------------------------------------------- JSON helpers

        private static Project ParseProject(JsonElement p) => new Project
        {
            ProjectName = JsonValues.String(p, "ProjectName"),
            ProjectArn = JsonValues.String(p, "ProjectArn"),
            CreationTimestamp = JsonValues.Time(p, "CreationTimestamp"),
        };

        private static string? NextToken(JsonElement root)
        {
            string token = JsonValues.String(root, "NextToken");
            return token.Length > 0 ? token : null;
        }

        /// <summary>The SDK's request pipeline wants an AmazonWebServiceRequest; this one only names the operation.</summary>
        private sealed class LookoutVisionRequest : AmazonWebServiceRequest
        {
            public LookoutVisionRequest(string operation) => Operation = operation;

            public string Operation { get; }
        }

        /// <summary>Credentials already resolved for this attempt (refreshing ones are asked again on the next).</summary>
        private sealed class ImmutableCredentialsIdentity : AWSCredentials
        {
            private readonly ImmutableCredentials _credentials;

            public ImmutableCredentialsIdentity(ImmutableCredentials credentials) => _credentials = credentials;

            public override ImmutableCredentials GetCredentials() => _credentials;
        }
    }
}
