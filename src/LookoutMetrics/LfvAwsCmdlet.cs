using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that talk to AWS: AWS.Tools.Common's parameter names, aliases and precedence for credentials
    /// and region, the endpoints, and the mapping of service errors to error records.
    /// </summary>
    public abstract class LfvAwsCmdlet : LfvCmdlet
    {
        private AwsSettings? _settings;
        private LookoutVisionClient? _lookoutVision;
        private S3ArtifactStore? _s3;

        /// <summary>The AWS region, as AWS.Tools' -Region.</summary>
        [Parameter]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>A profile in the shared credentials/config files (or the SDK store).</summary>
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        public string? ProfileName { get; set; }

        /// <summary>The shared credentials file to read -ProfileName from.</summary>
        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        /// <summary>An AWSCredentials object (AWS.Tools' New-AWSCredential), or a PSCredential of access key and secret key.</summary>
        [Parameter]
        public object? Credential { get; set; }

        /// <summary>An endpoint that speaks the Lookout for Vision API, instead of https://lookoutvision.{region}.amazonaws.com.</summary>
        [Parameter]
        public string? EndpointUrl { get; set; }

        /// <summary>An endpoint that speaks S3 (addressed path-style), instead of AWS S3.</summary>
        [Parameter]
        public string? S3EndpointUrl { get; set; }

        /// <summary>Credentials, region and endpoints, resolved once per invocation; a problem is terminating.</summary>
        protected AwsSettings Settings => _settings ??= ResolveSettings(requireLookoutVision: true);

        protected LookoutVisionClient LookoutVision => _lookoutVision ??= Settings.CreateLookoutVisionClient(
            (operation, attempt, error, delay) => RetryNotes.Enqueue($"{operation}: {error.ErrorCode} on attempt {attempt}; retrying in {delay.TotalSeconds:0.00} s."));

        /// <summary>S3 only: a region is still needed to sign, but no Lookout for Vision endpoint.</summary>
        protected S3ArtifactStore S3 => _s3 ??= new S3ArtifactStore(_settings ??= ResolveSettings(requireLookoutVision: false));

        /// <summary>Retry messages from worker threads, written as verbose output on the pipeline thread.</summary>
        protected readonly System.Collections.Concurrent.ConcurrentQueue<string> RetryNotes = new System.Collections.Concurrent.ConcurrentQueue<string>();

        protected void FlushRetryNotes()
        {
            while (RetryNotes.TryDequeue(out var note)) WriteVerbose(note);
        }

        private AwsSettings ResolveSettings(bool requireLookoutVision)
        {
            var request = RequestFrom(MyInvocation.BoundParameters, name => SessionState.PSVariable.GetValue(name));
            try
            {
                var settings = AwsSettingsResolver.Resolve(request, null, requireLookoutVision);
                WriteDebug("LookoutMetrics: " + settings);
                return settings;
            }
            catch (AwsSettingsException e)
            {
                var category = e.ErrorId switch
                {
                    "NoCredentials" => ErrorCategory.AuthenticationError,
                    "UnknownProfile" => ErrorCategory.ObjectNotFound,
                    _ => ErrorCategory.InvalidArgument,
                };
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, category, e.Target));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>
        /// The AWS settings request from bound parameters (a cmdlet's, or the fake ones of tab completion) and the
        /// session's $StoredAWSCredentials and $StoredAWSRegion.
        /// </summary>
        internal static AwsSettingsRequest RequestFrom(System.Collections.IDictionary bound, Func<string, object?> sessionVariable)
        {
            object? Value(string name) => bound.Contains(name) ? Unwrap(bound[name]) : null;
            string? Text(string name) => Value(name) switch
            {
                null => null,
                string s => s,
                System.Collections.IEnumerable e => e.Cast<object?>().Select(o => Unwrap(o)?.ToString()).FirstOrDefault(),
                var other => other.ToString(),
            };
            return new AwsSettingsRequest
            {
                Region = Text(nameof(Region)),
                ProfileName = Text(nameof(ProfileName)),
                ProfileLocation = Text(nameof(ProfileLocation)),
                AccessKey = Text(nameof(AccessKey)),
                SecretKey = Text(nameof(SecretKey)),
                SessionToken = Text(nameof(SessionToken)),
                Credential = Value(nameof(Credential)),
                EndpointUrl = Text(nameof(EndpointUrl)),
                S3EndpointUrl = Text(nameof(S3EndpointUrl)),
                StoredCredentials = Unwrap(sessionVariable("StoredAWSCredentials")),
                StoredRegion = Unwrap(sessionVariable("StoredAWSRegion"))?.ToString(),
            };
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        /// <summary>Waits for a task on the pipeline thread; Ctrl+C (StopProcessing) ends the wait and the call.</summary>
        protected T Await<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A Lookout for Vision error as a non-terminating error record that names the project or model.</summary>
        protected ErrorRecord ErrorFor(LookoutVisionException e, string what, object target)
        {
            var (id, category, hint) = e.ErrorCode switch
            {
                "ResourceNotFoundException" => ("ResourceNotFound", ErrorCategory.ObjectNotFound, "Check the name with Find-LfvProject or Get-LfvModelVersion."),
                "AccessDeniedException" => ("AccessDenied", ErrorCategory.PermissionDenied, "The credentials need lookoutvision:Describe* and lookoutvision:List* on it."),
                "ValidationException" => ("ValidationFailed", ErrorCategory.InvalidArgument, "Project names are letters, digits, '-' and '_'; model versions are numbers or 'latest'."),
                "ThrottlingException" => ("Throttled", ErrorCategory.LimitsExceeded, "Lower -ThrottleLimit, or try again later."),
                "ConflictException" => ("Conflict", ErrorCategory.ResourceBusy, "Another operation is changing it; try again when it ends."),
                "ServiceQuotaExceededException" => ("QuotaExceeded", ErrorCategory.QuotaExceeded, "A service quota was reached."),
                "InvalidSignatureException" or "UnrecognizedClientException" or "MissingAuthenticationTokenException" or "IncompleteSignatureException" or "ExpiredTokenException" =>
                    ("AuthenticationFailed", ErrorCategory.AuthenticationError, "Check the credentials (-ProfileName, or -AccessKey and -SecretKey) and that the session token has not expired."),
                "RequestTimeout" => ("RequestTimeout", ErrorCategory.OperationTimeout, "The endpoint did not answer in time; try again."),
                "NetworkError" => ("EndpointUnreachable", ErrorCategory.ConnectionError, "Check -EndpointUrl, -Region and the network."),
                _ when e.IsThrottling => ("Throttled", ErrorCategory.LimitsExceeded, "Lower -ThrottleLimit, or try again later."),
                _ when e.StatusCode >= 500 => ("ServiceError", ErrorCategory.ResourceUnavailable, "The service failed; try again later."),
                _ => ("ServiceError", ErrorCategory.NotSpecified, string.Empty),
            };
            var exception = new InvalidOperationException($"{what}: {e.Message} {hint}".TrimEnd(), e);
            return new ErrorRecord(exception, id, category, target);
        }

        /// <summary>An S3 read failure as a non-terminating error record naming the URI.</summary>
        protected static ErrorRecord ErrorFor(S3ArtifactException e)
        {
            var (id, category) = e.ErrorCode == "InvalidUri" ? ("InvalidUri", ErrorCategory.InvalidArgument)
                : e.IsNotFound ? ("S3ObjectNotFound", ErrorCategory.ObjectNotFound)
                : e.IsAccessDenied ? ("S3AccessDenied", ErrorCategory.PermissionDenied)
                : ("S3ReadFailed", ErrorCategory.ReadError);
            return new ErrorRecord(e, id, category, e.Uri);
        }

        /// <summary>An opened artifact: its stream, its name for messages and records, and what to dispose.</summary>
        protected sealed class Source : IDisposable
        {
            public Source(CountingStream stream, string name, IDisposable owner)
            {
                Stream = stream;
                Name = name;
                _owner = owner;
            }

            private readonly IDisposable _owner;
            public CountingStream Stream { get; }
            public string Name { get; }

            public void Dispose() => _owner.Dispose();
        }

        /// <summary>DescribeModel for the given versions of a project (every version when none is given); a failure is an error naming the model.</summary>
        protected IEnumerable<ModelPerformance> DescribeModels(string project, string[]? modelVersions)
        {
            var versions = modelVersions != null && modelVersions.Length > 0 ? modelVersions : null;
            if (versions == null)
            {
                var listed = new List<string>();
                try
                {
                    foreach (var m in LookoutVision.ListAllModels(project, CancelToken)) listed.Add(m.ModelVersion);
                }
                catch (LookoutVisionException e)
                {
                    WriteError(ErrorFor(e, $"Project '{project}'", project));
                }
                versions = listed.ToArray();
            }

            foreach (string version in versions)
            {
                ThrowIfStopping();
                ModelPerformance? model = null;
                try
                {
                    WriteVerbose($"Describing model {project}/{version}.");
                    model = Await(LookoutVision.DescribeModelAsync(project, version, CancelToken));
                }
                catch (LookoutVisionException e)
                {
                    WriteError(ErrorFor(e, $"Model {project}/{version}", project + "/" + version));
                }
                FlushRetryNotes();
                if (model != null) yield return model;
            }
        }

        /// <summary>Opens an S3 artifact; an empty URI (a model not trained) or a failed read is an error naming it, and null.</summary>
        protected Source? OpenS3(string uri, string kind, string model, string? status = null)
        {
            ThrowIfStopping();
            if (string.IsNullOrWhiteSpace(uri))
            {
                string state = string.IsNullOrEmpty(status) ? string.Empty : $" (status {status})";
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Model {model}{state} has no {kind}: Lookout for Vision writes it when training succeeds. Wait for training to finish, or pick a trained version."),
                    "NoEvaluationArtifact", ErrorCategory.ObjectNotFound, model));
                return null;
            }
            try
            {
                WriteVerbose($"Reading the {kind} '{uri}'.");
                var artifact = Await(S3.OpenAsync(uri, CancelToken));
                return new Source(artifact.Stream, uri, artifact);
            }
            catch (S3ArtifactException e)
            {
                WriteError(ErrorFor(e));
                return null;
            }
        }

        /// <summary>Opens a local file as a source, or writes an error naming it and returns null.</summary>
        protected Source? OpenLocal(string path)
        {
            var stream = OpenFile(path);
            return stream == null ? null : new Source(stream, path, stream);
        }

        /// <summary>An s3:// URI or a file-system path (resolved like -LiteralPath).</summary>
        protected Source? OpenLocation(string location, string kind, string model)
        {
            if (S3Uri.IsS3(location)) return OpenS3(location, kind, model);
            foreach (string file in ResolveFiles(new[] { location }, literal: true)) return OpenLocal(file);
            return null;
        }

        protected override void EndProcessing()
        {
            FlushRetryNotes();
            base.EndProcessing();
        }

        protected override void DisposeResources()
        {
            _lookoutVision?.Dispose();
            _s3?.Dispose();
        }
    }
}
