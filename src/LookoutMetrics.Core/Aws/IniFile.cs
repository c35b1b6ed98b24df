using System;
using System.Collections.Generic;
using System.IO;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// The AWS shared config file's INI format, as far as the module reads it: [section] headers, key = value lines,
    /// '#' and ';' comments. Keys compare case-insensitively, section names exactly.
    /// </summary>
    public sealed class IniFile
    {
        private readonly Dictionary<string, Dictionary<string, string>> _sections = new Dictionary<string, Dictionary<string,
            string>>(StringComparer.Ordinal);

        public static IniFile Parse(string text)
        {
            var ini = new IniFile();
            Dictionary<string, string>? current = null;
            using var reader = new StringReader(text);
            string? raw;
            while ((raw = reader.ReadLine()) != null)
            {
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[')
                {
                    string name = line.Trim('[', ']').Trim();
                    if (!ini._sections.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        ini._sections.Add(name, current);
                    }
                    continue;
                }
                int eq = line.IndexOf('=');
                if (current != null && eq > 0)
                {
                    string key = line.Substring(0, eq).Trim();
                    if (!current.ContainsKey(key)) current[key] = line.Substring(eq + 1).Trim();
                }
            }
            return ini;
        }

        /// <summary>The section names, in the order of the file.</summary>
        public IEnumerable<string> Sections => _sections.Keys;

        /// <summary>
        /// The profile names of a credentials file (every section) or of a config file ([default], [profile x], and a
        /// bare [x] as the CLI once wrote them; not [sso-session x] or [services x]).
        /// </summary>
        public static IEnumerable<string> ProfileNames(string text, bool configFile)
        {
            foreach (string section in Parse(text).Sections)
            {
                if (!configFile) yield return section;
                else if (section.StartsWith("profile ", StringComparison.Ordinal)) yield return section.Substring(8).Trim();
                else if (section.IndexOf(' ') < 0) yield return section;
            }
        }

        public string? Get(string section, string key) =>
            _sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value) ? value : null;

        /// <summary>
        /// A profile's setting in the config file, whose sections are [default] and [profile name] (a bare [name] is
        /// taken too, as the CLI once wrote them).
        /// </summary>
        public string? ProfileSetting(string profileName, string key) =>
            profileName == AwsSettingsResolver.DefaultProfile
                ? Get("default", key)
                : Get("profile " + profileName, key) ?? Get(profileName, key);
    }
}
