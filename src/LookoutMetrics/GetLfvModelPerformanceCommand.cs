using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Aws;

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
        private readonly Queue<Pending> _pending = new Queue<Pending>();
        private SemaphoreSlim? _throttle;

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

        protected override void BeginProcessing() => _throttle = new SemaphoreSlim(ThrottleLimit, ThrottleLimit);

        protected override void ProcessRecord()
        {
            foreach (string project in ProjectName)
            {
                if (ModelVersion != null && ModelVersion.Length > 0)
                {
                    foreach (string version in ModelVersion) Enqueue(project, version);
                }
                else
                {
                    WriteVerbose($"Listing the models of project '{project}'.");
                    try
                    {
                        foreach (var model in Stoppable(LookoutVision.ListAllModels(project, CancelToken)))
                        {
                            Enqueue(project, model.ModelVersion);
                            WriteReady(block: false);
                        }
                    }
                    catch (LookoutVisionException e)
                    {
                        // In order: everything queued before this project is written first.
                        WriteReady(block: true);
                        WriteError(ErrorRecords.From(e, $"Project '{project}'", project));
                    }
                }
                WriteReady(block: false);
            }
        }

        protected override void EndProcessing()
        {
            WriteReady(block: true);
            base.EndProcessing();
        }

        private void Enqueue(string project, string version)
        {
            ThrowIfStopping();
            WriteVerbose($"Describing model {project}/{version}.");
            _pending.Enqueue(new Pending(project, version, DescribeAsync(project, version)));
        }

        private async Task<ModelPerformance> DescribeAsync(string project, string version)
        {
            await _throttle!.WaitAsync(CancelToken).ConfigureAwait(false);
            try
            {
                return await LookoutVision.DescribeModelAsync(project, version, CancelToken).ConfigureAwait(false);
            }
            finally
            {
                _throttle.Release();
            }
        }

        /// <summary>Writes finished results from the head of the queue, so the output keeps the input order.</summary>
        private void WriteReady(bool block)
        {
            FlushRetryNotes();
            while (_pending.Count > 0 && (block || _pending.Peek().Task.IsCompleted))
            {
                var next = _pending.Dequeue();
                try
                {
                    WriteObject(Await(next.Task));
                }
                catch (LookoutVisionException e)
                {
                    WriteError(ErrorRecords.From(e, $"Model {next.Project}/{next.Version}", next.Project + "/" + next.Version));
                }
                FlushRetryNotes();
            }
        }

        protected override void DisposeResources()
        {
            // The calls still running were cancelled (LfvCmdlet.Dispose); let them end before the client goes away.
            var running = new List<Task>();
            foreach (var p in _pending) running.Add(p.Task);
            try
            {
                Task.WaitAll(running.ToArray(), TimeSpan.FromSeconds(1));
            }
            catch (AggregateException)
            {
                // Cancelled or failed: nobody is waiting for them any more.
            }
            _throttle?.Dispose();
            base.DisposeResources();
        }

        private sealed class Pending
        {
            public Pending(string project, string version, Task<ModelPerformance> task)
            {
                Project = project;
                Version = version;
                Task = task;
            }

            public string Project { get; }
            public string Version { get; }
            public Task<ModelPerformance> Task { get; }
        }
    }
}
