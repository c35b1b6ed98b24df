using System.Linq;
using System.Management.Automation;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>Find-LfvProject: the Lookout for Vision projects of the account, page by page.</summary>
    [Cmdlet(VerbsCommon.Find, "LfvProject")]
    [OutputType(typeof(Project))]
    public sealed class FindLfvProjectCommand : LfvAwsCmdlet
    {
        /// <summary>Project names to keep; wildcards allowed. All projects when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void Process()
        {
            var patterns = (Name ?? new[] { "*" }).Select(n => new { Text = n, Pattern = WildcardPattern.Get(n,
                WildcardOptions.IgnoreCase) }).ToList();
            var found = new bool[patterns.Count];
            WriteVerbose($"Listing Lookout for Vision projects in {Settings.RegionOrNone}.");
            try
            {
                foreach (var project in Stoppable(LookoutVision.ListAllProjects(CancelToken)))
                {
                    FlushRetryNotes();
                    bool match = false;
                    for (int i = 0; i < patterns.Count; i++)
                    {
                        if (!patterns[i].Pattern.IsMatch(project.ProjectName)) continue;
                        found[i] = true;
                        match = true;
                    }
                    if (match) WriteAwsObject(project);
                }
            }
            catch (LookoutVisionException e)
            {
                WriteItemError(ErrorRecords.From(e, "Listing projects", Settings.RegionOrNone));
                return;
            }

            for (int i = 0; i < patterns.Count; i++)
            {
                if (found[i] || WildcardPattern.ContainsWildcardCharacters(patterns[i].Text)) continue;
                WriteItemError(ErrorRecords.ProjectNotFound(patterns[i].Text, Settings.RegionOrNone));
            }
        }
    }
}
