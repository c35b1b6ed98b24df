using System.Runtime.CompilerServices;

// The engine sets and reads EvaluationSummary.ImageData, which PowerShell must not see.
[assembly: InternalsVisibleTo("LookoutMetrics.Core")]
[assembly: InternalsVisibleTo("LookoutMetrics.Core.Tests")]
