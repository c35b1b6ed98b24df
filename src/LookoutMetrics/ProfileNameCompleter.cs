using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Tab completion of -ProfileName: the profiles of the shared credentials file (-ProfileLocation, else
    /// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) and of the config file (AWS_CONFIG_FILE, else
    /// ~/.aws/config), each once, with the file it is in. Nothing is read but the two files' section names.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string? Variable(string name)
                => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)) ? null : Environment.GetEnvironmentVariable(name);
            string credentials = fakeBoundParameters?["ProfileLocation"] as string ?? Variable("AWS_SHARED_CREDENTIALS_FILE")
                ?? Path.Combine(home, ".aws", "credentials");
            string config = Variable("AWS_CONFIG_FILE") ?? Path.Combine(home, ".aws", "config");
            var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (file, isConfig) in new[] { (credentials, false), (config, true) })
            {
                string text;
                try
                {
                    if (!File.Exists(file)) continue;
                    text = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (string name in IniFile.ProfileNames(text, isConfig).Where(n => pattern.IsMatch(n) && seen.Add(n)))
                {
                    string quoted = name.IndexOfAny(new[] { ' ', '\'', '$', '`', ';', '(', ')', '{', '}',
                        ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
                    yield return new CompletionResult(quoted, name, CompletionResultType.ParameterValue, $"{name} ({file})");
                }
            }
        }
    }
}
