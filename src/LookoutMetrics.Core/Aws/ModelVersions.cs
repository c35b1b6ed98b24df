using System.Globalization;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// Model versions are numbered 1, 2, 3, ... in the order they were trained; 'latest' is the highest number of a
    /// project (what DescribeModel's 'latest' means). A version that is not a number ranks below every number.
    /// </summary>
    public static class ModelVersions
    {
        public const string Latest = "latest";

        public static bool IsLatestAlias(string? version) => string.Equals(version, Latest, System.StringComparison.Ordinal);

        /// <summary>The version's number, or -1 when it is not one.</summary>
        public static long Number(string? version) =>
            long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

        /// <summary>Whether <paramref name="candidate"/> is later than <paramref name="current"/> (anything is later than none).</summary>
        public static bool IsLater(string candidate, string? current) =>
            current == null || Number(candidate) > Number(current);
    }

    /// <summary>Keeps the latest of the model summaries it is shown, as they stream past.</summary>
    public sealed class LatestModelTracker
    {
        public ModelSummary? Latest { get; private set; }

        public void Offer(ModelSummary model)
        {
            if (ModelVersions.IsLater(model.ModelVersion, Latest?.ModelVersion)) Latest = model;
        }
    }
}
