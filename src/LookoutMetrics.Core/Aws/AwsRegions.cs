using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace LookoutMetrics.Aws
{
    /// <summary>Region names the SDK knows, for tab completion: real regions only.</summary>
    public static class AwsRegions
    {
        /// <summary>
        /// The SDK's list holds endpoint names that are no region (us-east-1-regional is S3's regional endpoint of
        /// us-east-1): a region is letters, a direction and a number ("eu-west-1", "us-gov-east-1", "eusc-de-east-1").
        /// </summary>
        private static readonly System.Text.RegularExpressions.Regex RegionPattern = new System.Text.RegularExpressions.Regex(
            @"^[a-z]{2,4}(-[a-z]+)+-\d+$");

        public static IReadOnlyList<string> Names { get; } = RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Where(
            IsRegion).OrderBy(n => n).ToList();

        public static bool IsRegion(string name) => RegionPattern.IsMatch(name);

        public static string DisplayName(string systemName) => RegionEndpoint.GetBySystemName(systemName).DisplayName;
    }
}
