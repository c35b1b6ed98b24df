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
        private Pump<ModelName, DescribedModel>? _calls;
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
        public int ThrottleLimit { get; set; } = ArtifactSources.DescribeThrottleLimit;

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        protected override void Begin() => _calls = Sources.NewDescribePump(ThrottleLimit);

        protected override void Process()
        {
            foreach (string project in ProjectName)
            {
                // In order: a listing that fails writes everything queued before it first.
                System.Management.Automation.ErrorRecord? listingFailed = null;
                foreach (string version in Sources.Versions(project, ModelVersion, deferError: e => listingFailed = e))
                {
                    ThrowIfStopping();
                    Sources.Describe(_calls!, new ModelName(project, version));
                    Write(_calls!.Completed());
                }
                if (listingFailed != null)
                {
                    Write(_calls!.Drain());
                    WriteItemError(listingFailed);
                }
            }
        }

        protected override void End()
        {
            Write(_calls!.Drain());
            base.End();
        }

        private void Write(System.Collections.Generic.IEnumerable<DescribedModel> done)
        {
            foreach (var model in Sources.Described(done)) WriteAwsObject(model);
        }

        protected override void DisposeResources()
        {
            _calls?.Dispose();
            base.DisposeResources();
        }
    }
}
