using System;
using System.Globalization;

namespace LookoutMetrics
{
    /// <summary>
    /// What Export-Csv writes as text: a version as a number, a time as ISO 8601 with its UTC mark. A record's typed properties
    /// stay as they are (a DateTime compares and sorts in a script); these columns beside them keep their meaning in a file,
    /// whatever the session's culture.
    /// </summary>
    public static class Exported
    {
        /// <summary>The version as a number where it is one ("10" gives 10), so that files sort 1, 2, 10; null otherwise.</summary>
        public static int? VersionNumber(string? version) =>
            int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : (int?)null;

        /// <summary>"2025-10-31T14:02:07Z": the time in UTC, ISO 8601; null when there is none.</summary>
        public static string? Utc(DateTime? time) => time.HasValue
            ? (time.Value.Kind == DateTimeKind.Local ? time.Value.ToUniversalTime() : time.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
                CultureInfo.InvariantCulture)
            : null;
    }
}
