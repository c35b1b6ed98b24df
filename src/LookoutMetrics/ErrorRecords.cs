using System;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Every error record the module writes is made here: a stable ErrorId, the category, the offending item as the
    /// target, and a message that says what to do. The rules that choose the id and advice for a service error live in
    /// Core (<see cref="ServiceErrorAdvice"/>); this layer only turns them into PowerShell's types.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorCategory Category(ErrorKind kind) => (ErrorCategory)Enum.Parse(typeof(ErrorCategory), kind.ToString());

        /// <summary>A bad manifest line or artifact file.</summary>
        public static ErrorRecord From(DataProblem problem) =>
            new ErrorRecord(new InvalidDataException(problem.Message), problem.ErrorId, ErrorCategory.InvalidData, problem.Target);

        /// <summary>A Lookout for Vision error that names the project or model.</summary>
        public static ErrorRecord From(LookoutVisionException e, string what, object target)
        {
            var advice = ServiceErrorAdvice.For(e);
            var exception = new InvalidOperationException($"{what}: {e.Message} {advice.Hint}".TrimEnd(), e);
            return new ErrorRecord(exception, advice.ErrorId, Category(advice.Kind), target);
        }

        /// <summary>An S3 read failure naming the URI.</summary>
        public static ErrorRecord From(S3ArtifactException e)
        {
            var advice = ServiceErrorAdvice.For(e);
            return new ErrorRecord(e, advice.ErrorId, Category(advice.Kind), e.Uri);
        }

        /// <summary>A setting nothing can proceed without (terminating).</summary>
        public static ErrorRecord From(AwsSettingsException e)
        {
            var category = e.ErrorId switch
            {
                "NoCredentials" => ErrorCategory.AuthenticationError,
                "UnknownProfile" => ErrorCategory.ObjectNotFound,
                _ => ErrorCategory.InvalidArgument,
            };
            return new ErrorRecord(e, e.ErrorId, category, e.Target);
        }

        public static ErrorRecord PathNotFound(string path, bool isDirectory) => new ErrorRecord(
            new FileNotFoundException(isDirectory
                ? $"'{path}' is a folder. Give the files in it, for example '{Path.Combine(path, "*.json")}'."
                : $"Cannot find '{path}'. Check the path, or use -LiteralPath when the name holds [ or ] characters."),
            "PathNotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord NotAFileSystemPath(string path, string provider) => new ErrorRecord(
            new ArgumentException($"'{path}' is in the {provider} provider. Give a file-system path, or an s3:// URI with -Uri."),
            "NotAFileSystemPath", ErrorCategory.InvalidArgument, path);

        public static ErrorRecord InvalidPath(Exception e, string path) => new ErrorRecord(e, "InvalidPath", ErrorCategory.InvalidArgument, path);

        public static ErrorRecord FileUnreadable(Exception e, string path) => e is UnauthorizedAccessException
            ? new ErrorRecord(e, "FileAccessDenied", ErrorCategory.PermissionDenied, path)
            : new ErrorRecord(e, "FileReadFailed", ErrorCategory.ReadError, path);

        /// <summary>A model whose artifact location is empty (not trained yet).</summary>
        public static ErrorRecord NoEvaluationArtifact(string model, string kind, string? status)
        {
            string state = string.IsNullOrEmpty(status) ? string.Empty : $" (status {status})";
            return new ErrorRecord(
                new InvalidOperationException($"Model {model}{state} has no {kind}: Lookout for Vision writes it when training succeeds. Wait for training to finish, or pick a trained version."),
                "NoEvaluationArtifact", ErrorCategory.ObjectNotFound, model);
        }

        /// <summary>Compare-LfvModel given something that has none of the compared metrics.</summary>
        public static ErrorRecord NotAModel(PSObject o, string parameter) => new ErrorRecord(
            new ArgumentException($"{parameter} has no metrics to compare. Give a ModelPerformance (Get-LfvModelPerformance), an EvaluationResult (Get-LfvEvaluationResult) or an EvaluationSummary (Measure-LfvEvaluation)."),
            "NotAModel", ErrorCategory.InvalidArgument, o);
    }
}
