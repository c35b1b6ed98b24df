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

        protected override void ProcessRecord()
        {
            foreach (string project in ProjectName)
            {
                ThrowIfStopping();
                WriteVerbose($"Listing the models of project '{project}'.");
                var patterns = (ModelVersion ?? new[] { "*" }).Where(v => v != "latest").Select(v => WildcardPattern.Get(v, WildcardOptions.IgnoreCase)).ToList();
                bool wantLatest = ModelVersion?.Contains("latest") == true;
                ModelSummary? latest = null;
                try
                {
                    foreach (var model in LookoutVision.ListAllModels(project, CancelToken))
                    {
                        FlushRetryNotes();
                        if (wantLatest && (latest == null || Number(model.ModelVersion) > Number(latest.ModelVersion))) latest = model;
                        if (patterns.Any(p => p.IsMatch(model.ModelVersion))) WriteObject(model);
                    }
                    if (latest != null) WriteObject(latest);
                }
                catch (LookoutVisionException e)
                {
                    WriteError(ErrorFor(e, $"Project '{project}'", project));
                }
                catch (System.OperationCanceledException) when (CancelToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
            }
        }

        private static long Number(string version) => long.TryParse(version, out var n) ? n : -1;
    }
}
