using System;
using System.Linq;
using System.Management.Automation;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that talk to AWS: AWS.Tools.Common's parameter names and aliases for credentials, region and
    /// endpoints, resolved (with AWS.Tools' precedence, in Core) into the clients of one invocation.
    /// </summary>
    public abstract class LfvAwsCmdlet : LfvCmdlet
    {
        private AwsSettings? _settings;
        private AwsSettingsRequest? _request;
        private LookoutVisionClient? _lookoutVision;
        private S3ArtifactStore? _s3;
        private Sources.ArtifactStores? _stores;

        /// <summary>The AWS region, as AWS.Tools' -Region.</summary>
        [Parameter]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>A profile in the shared credentials/config files (or the SDK store).</summary>
        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
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

        /// <summary>The current code of the MFA device a profile's role asks for (mfa_serial); without it, an interactive host asks.</summary>
        [Parameter]
        [ValidateLength(6, 6)]
        public string? MfaCode { get; set; }

        /// <summary>Reads of a requester-pays bucket: the caller's account pays for the requests and the data.</summary>
        [Parameter]
        public SwitchParameter RequesterPays { get; set; }

        /// <summary>An endpoint that speaks the Lookout for Vision API, instead of https://lookoutvision.{region}.amazonaws.com.</summary>
        [Parameter]
        public string? EndpointUrl { get; set; }

        /// <summary>An endpoint that speaks S3 (addressed path-style), instead of AWS S3.</summary>
        [Parameter]
        public string? S3EndpointUrl { get; set; }

        /// <summary>
        /// Credentials, region and endpoints, resolved once per invocation, the same whichever service is used first; a
        /// problem is terminating.
        /// </summary>
        protected internal AwsSettings Settings => _settings ??= Terminating(() =>
        {
            var request = RequestFrom(MyInvocation.BoundParameters, name => SessionState.PSVariable.GetValue(name));
            request.Mfa = new MfaOptions { Code = MfaCode, Prompt = AskMfaCode };
            // One identity per pipeline: what came from AWS brings the settings it was read with, for each one not given here.
            var upstream = AwsIdentities.Find(MyInvocation.BoundParameters.Values, v => v is PSObject p ? p.BaseObject : v);
            if (upstream != null) request = AwsIdentities.Merge(upstream, request, MyInvocation.BoundParameters);
            _request = request;
            var settings = Stoppable(() => AwsSettingsResolver.Resolve(request, null, CancelToken));
            // -Verbose, not -Debug: -Debug prompts at every line interactively and fails under -NonInteractive.
            WriteVerbose("LookoutMetrics: " + (upstream != null ? "settings not given here taken from the objects " +
                "piped in; " : string.Empty) + settings);
            foreach (string warning in settings.Warnings) WriteItemWarning(warning);
            return settings;
        });

        protected internal LookoutVisionClient LookoutVision => _lookoutVision ??= Terminating(() => Settings.CreateLookoutVisionClient(
            (operation, attempt, error, delay) => RetryNotes.Enqueue($"{operation}: {error.ErrorCode} on attempt {attempt}; retrying in " +
                $"{delay.TotalSeconds:0.00} s.")));

        /// <summary>Where every reader of this invocation opens, reads and lists: local files, and S3 when a location needs it.</summary>
        internal Sources.ArtifactStores Stores => _stores ??= new Sources.ArtifactStores(() => S3);

        protected internal S3ArtifactStore S3 => _s3 ??= Terminating(() => new S3ArtifactStore(Settings) { Notice = note
            => RetryNotes.Enqueue(note) });

        /// <summary>
        /// Writes an object read from AWS, remembering (in memory only) the settings it was read with, so that a later
        /// cmdlet of the pipeline uses the same identity, region and endpoints. Before any AWS call it is WriteObject.
        /// </summary>
        protected internal void WriteAwsObject(object item)
        {
            if (_request != null) AwsIdentities.Remember(item, _request);
            WriteObject(item);
        }

        /// <summary>Retry messages from worker threads, written as verbose output on the pipeline thread.</summary>
        protected readonly System.Collections.Concurrent.ConcurrentQueue<string> RetryNotes = new System.Collections.Concurrent
            .ConcurrentQueue<string>();

        protected internal void FlushRetryNotes()
        {
            while (RetryNotes.TryDequeue(out var note)) WriteVerbose(note);
        }

        /// <summary>What a missing setting's error adds while a read with a way around AWS is made (masks: -MaskRoot).</summary>
        private string? _settingsHint;

        /// <summary>
        /// Makes the stores these locations need, here on the pipeline thread, for a read that has a way around AWS: a
        /// missing setting says <paramref name="hint"/> too.
        /// </summary>
        internal void PrepareStores(string hint, params Sources.Location?[] locations)
        {
            _settingsHint = hint;
            try
            {
                Stores.Prepare(locations);
            }
            finally
            {
                _settingsHint = null;
            }
        }

        /// <summary>
        /// Asks the person at the host for an MFA code, masked, as AWS.Tools does; null in a non-interactive session or
        /// a host without a user interface (the error then says to give -MfaCode).
        /// </summary>
        private string? AskMfaCode(string serial)
        {
            try
            {
                var field = new System.Management.Automation.Host.FieldDescription("MfaCode") { Label = "MFA code" };
                field.SetParameterType(typeof(System.Security.SecureString));
                var answer = Host?.UI?.Prompt("Multi-factor " +
                    "authentication", $"The profile's role asks for a code of the MFA device " +
                    $"{serial}.", new System.Collections.ObjectModel.Collection<System.Management.Automation.Host.FieldDescription> { field });
                if (answer == null || !answer.TryGetValue("MfaCode",
                    out var value) || !(value?.BaseObject is System.Security.SecureString secure)) return null;
                return new System.Net.NetworkCredential(string.Empty, secure).Password;
            }
            // -NonInteractive throws PSInvalidOperationException; a host without a user interface (a runspace's default
            // host, a service's) answers Prompt with NotImplementedException or HostException: nobody can be asked.
            catch (Exception e) when (e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException
                || e is NotImplementedException || e is InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>A setting nothing can proceed without (no credentials, no region, an unknown profile) ends the cmdlet.</summary>
        private T Terminating<T>(Func<T> resolve)
        {
            try
            {
                return resolve();
            }
            catch (AwsSettingsException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, _settingsHint));
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
                RequesterPays = Value(nameof(RequesterPays)) is SwitchParameter pays ? pays.IsPresent : Value(nameof(RequesterPays)) is bool b && b,
                StoredCredentials = Unwrap(sessionVariable("StoredAWSCredentials")),
                StoredRegion = Unwrap(sessionVariable("StoredAWSRegion"))?.ToString(),
                Proxy = ProxyFrom(sessionVariable("AWSProxy")),
            };
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        /// <summary>
        /// AWS.Tools' Set-AWSProxy settings, the session's $AWSProxy (Hostname, Port, Credentials, BypassList,
        /// BypassOnLocal), read by name since AWS.Tools' type is not this module's; null when there are none.
        /// </summary>
        internal static System.Net.IWebProxy? ProxyFrom(object? variable)
        {
            if (variable == null) return null;
            var o = PSObject.AsPSObject(variable);
            object? Member(string name) => Unwrap(o.Properties[name]?.Value);
            string host = Member("Hostname")?.ToString() ?? string.Empty;
            int port = Member("Port") is object p && int.TryParse(p.ToString(), out int n) ? n : 0;
            if (host.Length == 0 || port <= 0) return null;
            if (host.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) host = host.Substring(7);
            var proxy = new System.Net.WebProxy(host, port);
            if (Member("Credentials") is System.Net.ICredentials credentials) proxy.Credentials = credentials;
            if (Member("BypassList") is System.Collections.IEnumerable bypass) proxy.BypassList = bypass.Cast<object?>().Select(
                b => b?.ToString() ?? string.Empty).Where(b => b.Length > 0).ToArray();
            if (Member("BypassOnLocal") is bool local) proxy.BypassProxyOnLocal = local;
            return proxy;
        }

        protected override void End()
        {
            FlushRetryNotes();
            base.End();
        }

        protected override void DisposeResources()
        {
            _lookoutVision?.Dispose();
            _s3?.Dispose();
        }
    }
}
