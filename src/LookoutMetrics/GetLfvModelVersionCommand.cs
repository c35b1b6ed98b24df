using System.Linq;
using System.Management.Automation;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>Get-LfvModelVersion: the model versions of projects (ListModels), streamed page by page.</summary>
    [Cmdlet(VerbsCommon.Get, "LfvModelVersion")]
    [OutputType(typeof(ModelSummary))]
    public sealed class GetLfvModelVersionCommand : LfvAwsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] ProjectName { get; set; } = null!;

        /// <summary>Versions to keep (wildcards, or 'latest'); all when omitted.</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? ModelVersion { get; set; }

        protected override void Process()
        {
            foreach (string project in ProjectName)
            {
                ThrowIfStopping();
                WriteVerbose($"Listing the models of project '{project}'.");
                var patterns = (ModelVersion
                    ?? new[] { "*" }).Where(v => !ModelVersions.IsLatestAlias(v)).Select(v => WildcardPattern.Get(v,
                    WildcardOptions.IgnoreCase)).ToList();
                var latest = ModelVersion?.Any(ModelVersions.IsLatestAlias) == true ? new LatestModelTracker() : null;
                try
                {
                    foreach (var model in Stoppable(LookoutVision.ListAllModels(project, CancelToken)))
                    {
                        FlushRetryNotes();
                        latest?.Offer(model);
                        if (patterns.Any(p => p.IsMatch(model.ModelVersion))) WriteAwsObject(model);
                    }
                    if (latest?.Latest != null) WriteAwsObject(latest.Latest);
                }
                catch (LookoutVisionException e)
                {
                    WriteItemError(ErrorRecords.From(e, $"Project '{project}'", project));
                }
            }
        }
    }
}
