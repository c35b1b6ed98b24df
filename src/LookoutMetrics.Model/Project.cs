using System;

namespace LookoutMetrics
{
    /// <summary>A Lookout for Vision project (ListProjects).</summary>
    public sealed class Project
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ProjectArn { get; set; } = string.Empty;
        public DateTime? CreationTimestamp { get; set; }

        public override string ToString() => ProjectName;
    }
}
