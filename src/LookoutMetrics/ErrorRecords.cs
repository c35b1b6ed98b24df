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

        /// <summary>A setting nothing can proceed without (terminating); <paramref name="hint"/> says what works without it.</summary>
        public static ErrorRecord From(AwsSettingsException e, string? hint = null)
        {
            if (hint != null) e = new AwsSettingsException(e.ErrorId, e.Message + " " + hint, e.Target, e);
            var category = e.ErrorId switch
            {
                "NoCredentials" => ErrorCategory.AuthenticationError,
                "UnknownProfile" => ErrorCategory.ObjectNotFound,
                "AssumeRoleDenied" => ErrorCategory.PermissionDenied,
                "SsoLoginRequired" or "MfaCodeRequired" or "MfaSessionExpired" or "AssumeRoleFailed" or "CredentialsUnavailable" => ErrorCategory.AuthenticationError,
                "BrokenInstall" => ErrorCategory.ResourceUnavailable,
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

        /// <summary>An image whose masks cannot be used.</summary>
        public static ErrorRecord From(Segmentation.MaskException e, object target) => new ErrorRecord(e, e.ErrorId, Category(e.Kind), target);

        /// <summary>A folder parameter (-MaskRoot, -ImageRoot) that is not a folder.</summary>
        public static ErrorRecord FolderNotFound(string parameter, string folder) => new ErrorRecord(
            new DirectoryNotFoundException($"-{parameter} '{folder}' is not a folder. Give the folder that holds a copy of the bucket (as 'aws s3 sync s3://bucket <folder>' makes it)."),
            parameter + "NotFound", ErrorCategory.ObjectNotFound, folder);

        /// <summary>Find-LfvProject -Name without wildcards that matches no project.</summary>
        public static ErrorRecord ProjectNotFound(string name, string region) => new ErrorRecord(
            new ItemNotFoundException($"There is no project '{name}' in {region}. Find-LfvProject without -Name lists them all."),
            "ProjectNotFound", ErrorCategory.ObjectNotFound, name);

        /// <summary>A pipeline object a cmdlet cannot use.</summary>
        public static ErrorRecord InvalidInputObject(string cmdlet, string takes, object? item) => new ErrorRecord(
            new ArgumentException($"{cmdlet} takes {takes}, not a {(item is PSObject p ? p.BaseObject : item)?.GetType().FullName ?? "null"}."),
            "InvalidInputObject", ErrorCategory.InvalidArgument, item);

        /// <summary>A rule of Core that names its error id and kind (a report's target, a verification's manifest).</summary>
        public static ErrorRecord From(LookoutMetrics.IO.ArtifactException e, object? target) => new ErrorRecord(e, e.ErrorId, Category(e.Kind), target);

        /// <summary>The report's libraries are missing from the module folder (a broken install).</summary>
        public static ErrorRecord ReportLibraryMissing(FileNotFoundException e) => new ErrorRecord(
            new FileNotFoundException($"{e.Message} The module's install is incomplete: reinstall LookoutMetrics.", e.FileName, e), "ReportLibraryMissing", ErrorCategory.ObjectNotFound, e.FileName);

        /// <summary>The report could not be written.</summary>
        public static ErrorRecord ReportWriteFailed(Exception e, string path) =>
            new ErrorRecord(e, "ReportWriteFailed", e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path);
    }
}
