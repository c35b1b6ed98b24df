using System;

namespace LookoutMetrics
{
    /// <summary>A Lookout for Vision project (ListProjects).</summary>
    public sealed class Project
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ProjectArn { get; set; } = string.Empty;
        public DateTime? CreationTimestamp { get; set; }

        /// <summary>CreationTimestamp as ISO 8601 in UTC ("2021-05-04T18:23:00Z"), for Export-Csv.</summary>
        public string? CreationUtc => Exported.Utc(CreationTimestamp);

        public override string ToString() => ProjectName;
    }
}
