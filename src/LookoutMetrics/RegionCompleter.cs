using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Commands
{
    /// <summary>Tab completion of -Region from the SDK's region list.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return AwsRegions.Names.Where(n => pattern.IsMatch(n))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, AwsRegions.DisplayName(n)));
        }
    }
}
