using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Tab completion of -ProjectName and -ModelVersion from the API, with the credentials, region and endpoint already
    /// typed on the command line (or the session's defaults). It gives up quietly after a few seconds or on any error.
    /// </summary>
    public sealed class LookoutVisionCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            try
            {
                using var cts = new CancellationTokenSource(Budget);
                var settings = SettingsFrom(fakeBoundParameters);
                using var client = settings.CreateLookoutVisionClient(timeout: Budget, retry: new BackoffPolicy(maxAttempts: 1));
                IEnumerable<string> names;
                if (string.Equals(parameterName, "ModelVersion", StringComparison.OrdinalIgnoreCase))
                {
                    string? project = First(fakeBoundParameters, "ProjectName");
                    if (project == null) return Array.Empty<CompletionResult>();
                    names = new[] { "latest" }.Concat(client.ListAllModels(project, cts.Token).Select(m => m.ModelVersion).Reverse());
                }
                else
                {
                    names = client.ListAllProjects(cts.Token).Select(p => p.ProjectName);
                }
                return names.Where(n => pattern.IsMatch(n)).Take(200).Select(n => new CompletionResult(n, n,
                    CompletionResultType.ParameterValue, n)).ToList();
            }
            catch (Exception)
            {
                // Completion must never throw at the user: no credentials, no network, a slow endpoint all complete to nothing.
                return Array.Empty<CompletionResult>();
            }
        }

        private static AwsSettings SettingsFrom(IDictionary bound) =>
            AwsSettingsResolver.Resolve(LfvAwsCmdlet.RequestFrom(bound, SessionVariable));

        /// <summary>
        /// A variable of the session completing: completion runs inside a pipeline, so SessionStateProxy would refuse;
        /// a nested pipeline on the current runspace may read it.
        /// </summary>
        private static object? SessionVariable(string name)
        {
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                var found = ps.AddCommand("Get-Variable").AddParameter("Name", name).AddParameter("ValueOnly").AddParameter("ErrorAction",
                    "Ignore").Invoke();
                return found.Count > 0 ? found[0] : null;
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is InvalidOperationException)
            {
                return null;
            }
        }

        private static string? First(IDictionary bound, string name)
        {
            if (!bound.Contains(name)) return null;
            object? value = bound[name] is PSObject p ? p.BaseObject : bound[name];
            return value switch
            {
                string s => s,
                IEnumerable e => e.Cast<object>().Select(o => o?.ToString()).FirstOrDefault(),
                null => null,
                _ => value.ToString(),
            };
        }
    }
}
