using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The statistics parameters' rules, declared once for every cmdlet that takes them (-ConfidenceLevel,
    /// -BootstrapSamples, -Seed, and -PrimaryMetric from <see cref="MetricTable"/>): each cmdlet declares the property
    /// with the attribute, and the range, the default and the valid names live here.
    /// </summary>
    public static class StatisticsParameters
    {
        public const double DefaultConfidenceLevel = 0.95;
        public const double LowestConfidenceLevel = 0.5;
        public const double HighestConfidenceLevel = 0.9999;
        public const int FewestBootstrapSamples = 100;
        public const int MostBootstrapSamples = 1000000;

        public static int DefaultBootstrapSamples => Statistics.Bootstrap.DefaultSamples;

        public static int DefaultSeed => (int)Statistics.Bootstrap.DefaultSeed;

        internal static string Invariant(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

        internal static double Number(object arguments) =>
            Convert.ToDouble(arguments is PSObject p ? p.BaseObject : arguments, CultureInfo.InvariantCulture);

        /// <summary>A level outside 0.5 to 0.9999 is refused with what to give.</summary>
        public static void CheckConfidenceLevel(double level)
        {
            if (double.IsNaN(level) || level < LowestConfidenceLevel || level > HighestConfidenceLevel)
                throw new ValidationMetadataException(
                    $"The confidence level {Invariant(level)} is outside {LowestConfidenceLevel} to {Invariant(HighestConfidenceLevel)}. " +
                    "Give, for example, 0.95 for 95% intervals.");
        }

        /// <summary>A number of replicates outside 100 to 1,000,000 is refused.</summary>
        public static void CheckBootstrapSamples(double samples)
        {
            if (samples < FewestBootstrapSamples || samples > MostBootstrapSamples)
                throw new ValidationMetadataException(
                    $"{samples:N0} bootstrap samples is outside {FewestBootstrapSamples:N0} to {MostBootstrapSamples:N0}. The default is " +
                        $"{DefaultBootstrapSamples:N0}.");
        }

        /// <summary>A name that is no metric of the table is refused with the names it takes.</summary>
        public static void CheckMetric(string? name)
        {
            if (MetricTable.Find(name) == null)
                throw new ValidationMetadataException($"'{name}' is not a metric. Give one of {string.Join(", ", MetricTable.Names)}.");
        }
    }

    /// <summary>A confidence level of an interval: from 0.5 to 0.9999.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateConfidenceLevelAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics) =>
            StatisticsParameters.CheckConfidenceLevel(StatisticsParameters.Number(arguments));
    }

    /// <summary>A number of bootstrap replicates: from 100 to 1,000,000.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateBootstrapSamplesAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics) =>
            StatisticsParameters.CheckBootstrapSamples(StatisticsParameters.Number(arguments));
    }

    /// <summary>A metric of <see cref="MetricTable"/>, in any case.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateMetricAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics) =>
            StatisticsParameters.CheckMetric((arguments is PSObject p ? p.BaseObject : arguments)?.ToString());
    }

    /// <summary>Tab completion of the metric names.</summary>
    public sealed class MetricCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var metric in MetricTable.All)
            {
                if (metric.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(metric.Name, metric.Name, CompletionResultType.ParameterValue, $"{metric.Name}: " +
                        $"{metric.Heading}");
            }
        }
    }
}
