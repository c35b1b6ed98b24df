using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Get-LfvModelPerformance: DescribeModel for each model version, run concurrently (-ThrottleLimit) and written in
    /// input order as soon as each is ready.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LfvModelPerformance")]
    [OutputType(typeof(ModelPerformance))]
    public sealed class GetLfvModelPerformanceCommand : LfvAwsCmdlet
    {
        // The calls still running when the pipeline ends were cancelled (LfvCmdlet.Dispose); they get a second to end.
        private readonly OrderedWork<Described> _calls = new OrderedWork<Described>(TimeSpan.FromSeconds(1));
        private SemaphoreSlim? _throttle;
        private ArtifactSources? _sources;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ProjectName { get; set; } = null!;

        /// <summary>Versions (numbers, or 'latest'); every version of the project when omitted.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ModelVersion { get; set; }

        /// <summary>How many DescribeModel calls run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        protected override void BeginProcessing() => _throttle = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);

        protected override void ProcessRecord()
        {
            foreach (string project in ProjectName)
            {
                // In order: a listing that fails writes everything queued before it first.
                foreach (string version in Sources.Versions(project, ModelVersion, beforeError: () => WriteReady(block: true)))
                {
                    ThrowIfStopping();
                    WriteVerbose($"Describing model {project}/{version}.");
                    _calls.Add(DescribeAsync(project, version));
                    WriteReady(block: false);
                }
            }
        }

        protected override void EndProcessing()
        {
            WriteReady(block: true);
            base.EndProcessing();
        }

        private async Task<Described> DescribeAsync(string project, string version)
        {
            await _throttle!.WaitAsync(CancelToken).ConfigureAwait(false);
            try
            {
                return new Described(project, version, await LookoutVision.DescribeModelAsync(project, version, CancelToken).ConfigureAwait(false), null);
            }
            catch (LookoutVisionException e)
            {
                return new Described(project, version, null, e);
            }
            finally
            {
                _throttle.Release();
            }
        }

        /// <summary>Writes the finished calls at the head of the queue (all of them, waiting, with <paramref name="block"/>).</summary>
        private void WriteReady(bool block)
        {
            FlushRetryNotes();
            foreach (var done in Stoppable(_calls.Completed(block ? 0 : int.MaxValue)))
            {
                if (done.Model != null) WriteAwsObject(done.Model);
                else WriteError(ErrorRecords.From(done.Error!, $"Model {done.Project}/{done.Version}", done.Project + "/" + done.Version));
                FlushRetryNotes();
            }
        }

        protected override void DisposeResources()
        {
            _calls.Dispose();
            _throttle?.Dispose();
            base.DisposeResources();
        }

        private sealed class Described
        {
            public Described(string project, string version, ModelPerformance? model, LookoutVisionException? error)
            {
                Project = project;
                Version = version;
                Model = model;
                Error = error;
            }

            public string Project { get; }
            public string Version { get; }
            public ModelPerformance? Model { get; }
            public LookoutVisionException? Error { get; }
        }
    }
}
