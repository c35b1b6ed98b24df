using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace LookoutMetrics.Aws
{
    /// <summary>Region names the SDK knows, for tab completion.</summary>
    public static class AwsRegions
    {
        public static IReadOnlyList<string> Names { get; } = RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).OrderBy(n => n).ToList();

        public static string DisplayName(string systemName) => RegionEndpoint.GetBySystemName(systemName).DisplayName;
    }
}
