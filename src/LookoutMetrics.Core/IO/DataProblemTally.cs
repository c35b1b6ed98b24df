using System.Collections.Generic;
using System.Linq;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// The problems of a read, counted by the manifest they came from and their ErrorId: so that a summary can say how
    /// many lines were left out and why, and a script that does not stop at the first error can still see it.
    /// </summary>
    public sealed class DataProblemTally
    {
        private readonly Dictionary<string, Dictionary<string, long>> _bySource = new Dictionary<string, Dictionary<string, long>>();

        public void Add(DataProblem problem)
        {
            string source = problem.Source;
            if (!_bySource.TryGetValue(source, out var byId)) _bySource[source] = byId = new Dictionary<string, long>();
            byId.TryGetValue(problem.ErrorId, out long n);
            byId[problem.ErrorId] = n + 1;
        }

        /// <summary>How many lines of these manifests were left out, and why: "InvalidManifestLine (2)", most first.</summary>
        public (long Count, string Reason) For(IEnumerable<string> sources)
        {
            var byId = new Dictionary<string, long>();
            foreach (string source in sources.Distinct())
            {
                if (!_bySource.TryGetValue(source, out var counts)) continue;
                foreach (var c in counts)
                {
                    byId.TryGetValue(c.Key, out long n);
                    byId[c.Key] = n + c.Value;
                }
            }
            return (byId.Values.Sum(), Reason(byId));
        }

        /// <summary>"MaskNotFound (3), InvalidMask (1)": the ErrorIds of what was left out, most first.</summary>
        public static string Reason(IReadOnlyDictionary<string, long> byId) =>
            string.Join(", ", byId.OrderByDescending(c => c.Value).ThenBy(c => c.Key,
                System.StringComparer.Ordinal).Select(c => $"{c.Key} ({c.Value})"));

        /// <summary>The one warning of a summary that left something out.</summary>
        public static string Warning(string model, long leftOut, string what, string reason, long kept, string keptWhat) =>
            $"{model}: {leftOut} {Count(leftOut, what)} {(leftOut == 1 ? "was" : "were")} left out ({reason}), so its figures are those of " +
                $"the {kept} {Count(kept, keptWhat)} read. The errors above say which, and what to do.";

        /// <summary>"manifest lines" as "manifest line" for one.</summary>
        private static string Count(long n, string plural) => n == 1 && plural.EndsWith("s", System.StringComparison.Ordinal)
            ? plural.Substring(0, plural.Length - 1) : plural;
    }
}
