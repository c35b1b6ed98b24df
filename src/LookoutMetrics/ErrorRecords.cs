using System;
using System.IO;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Every error record the module writes is made here: a stable ErrorId, the category, the offending item as the
    /// target, and a message that says what to do. The rules that choose the id and advice for a service error live in
    /// Core (<see cref="ServiceErrorAdvice"/>); this layer only turns them into PowerShell's types.
    /// </summary>
    internal static class ErrorRecords
    {
        /// <summary>The one table from Core's kinds to PowerShell's categories.</summary>
        public static ErrorCategory Category(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            ErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            ErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            ErrorKind.QuotaExceeded => ErrorCategory.QuotaExceeded,
            ErrorKind.ResourceBusy => ErrorCategory.ResourceBusy,
            ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            ErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            ErrorKind.ReadError => ErrorCategory.ReadError,
            ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            ErrorKind.WriteError => ErrorCategory.WriteError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>Any failure of Core: its id, its kind's category, and its own target unless the caller names a better one.</summary>
        public static ErrorRecord From(LfvException e, object? target = null) => new ErrorRecord(e, e.ErrorId, Category(e.Kind), target ?? e.Target);

        /// <summary>A bad manifest line or artifact file.</summary>
        public static ErrorRecord From(DataProblem problem) =>
            new ErrorRecord(new InvalidDataException(problem.Message), problem.ErrorId, Category(ErrorKind.InvalidData), problem.Target);

        /// <summary>A Lookout for Vision error that names the project or model.</summary>
        public static ErrorRecord From(LookoutVisionException e, string what, object target)
        {
            var exception = new InvalidOperationException($"{what}: {e.Message} {ServiceErrorAdvice.For(e).Hint}".TrimEnd(), e);
            return new ErrorRecord(exception, e.ErrorId, Category(e.Kind), target);
        }

        /// <summary>A setting nothing can proceed without (terminating); <paramref name="hint"/> says what works without it.</summary>
        public static ErrorRecord From(AwsSettingsException e, string? hint) =>
            From(hint == null ? e : new AwsSettingsException(e.ErrorId, e.Message + " " + hint, e.Target, e));

        public static ErrorRecord PathNotFound(string path, bool isDirectory) => new ErrorRecord(
            new FileNotFoundException(isDirectory
                ? $"'{path}' is a folder. Give the files in it, for example '{Path.Combine(path, "*.json")}'."
                : $"Cannot find '{path}'. Check the path, or use -LiteralPath when the name holds [ or ] characters."),
            ErrorIds.PathNotFound, Category(ErrorKind.ObjectNotFound), path);

        public static ErrorRecord NotAFileSystemPath(string path, string provider) => new ErrorRecord(
            new ArgumentException($"'{path}' is in the {provider} provider. Give a file-system path, or an s3:// URI with -Uri."),
            ErrorIds.NotAFileSystemPath, Category(ErrorKind.InvalidArgument), path);

        public static ErrorRecord InvalidPath(Exception e, string path) => new ErrorRecord(e, ErrorIds.InvalidPath,
            Category(ErrorKind.InvalidArgument), path);

        public static ErrorRecord FileUnreadable(Exception e, string path) => e is UnauthorizedAccessException
            ? new ErrorRecord(e, ErrorIds.FileAccessDenied, Category(ErrorKind.PermissionDenied), path)
            : new ErrorRecord(e, ErrorIds.FileReadFailed, Category(ErrorKind.ReadError), path);

        /// <summary>A model whose artifact location is empty (not trained yet).</summary>
        public static ErrorRecord NoEvaluationArtifact(string model, string kind, string? status)
        {
            // A model from the API has a status; one found in a bucket (Find-LfvModelArtifact) has none, and its file is simply not there.
            string message = string.IsNullOrEmpty(status)
                ? $"Model {model} has no {kind}: there is none beside its other artifact. Copy it back into the same folder or prefix, " +
                    "or leave the model out."
                : $"Model {model} (status {status}) has no {kind}: Lookout for Vision writes it when training succeeds. Wait for " +
                    "training to finish, or pick a trained version.";
            return new ErrorRecord(new InvalidOperationException(message),
                ErrorIds.NoEvaluationArtifact, Category(ErrorKind.ObjectNotFound), model);
        }

        /// <summary>Compare-LfvModel given something that has none of the compared metrics.</summary>
        public static ErrorRecord NotAModel(PSObject o, string parameter) => new ErrorRecord(
            new ArgumentException($"{parameter} has no metrics to compare. Give a ModelPerformance (Get-LfvModelPerformance), an " +
                $"EvaluationResult (Get-LfvEvaluationResult) or an EvaluationSummary (Measure-LfvEvaluation)."),
            ErrorIds.NotAModel, Category(ErrorKind.InvalidArgument), o);

        /// <summary>Compare-LfvModel -PerImage given a model without per-image data.</summary>
        public static ErrorRecord NoPerImageData(PSObject o, string name) => new ErrorRecord(
            new ArgumentException($"-PerImage needs each model's images, and {name} has none (a ModelPerformance, an EvaluationResult, or a " +
                "summary passed through Select-Object or imported from CSV). Compare the summaries Measure-LfvEvaluation writes."),
            ErrorIds.NoPerImageData, Category(ErrorKind.InvalidArgument), o);

        /// <summary>A folder parameter (-MaskRoot, -ImageRoot) that is not a folder.</summary>
        public static ErrorRecord FolderNotFound(string parameter, string folder) => new ErrorRecord(
            new DirectoryNotFoundException($"-{parameter} '{folder}' is not a folder. Give the folder that holds a copy of the bucket (as " +
                $"'aws s3 sync s3://bucket <folder>' makes it)."),
            ErrorIds.FolderNotFound(parameter), Category(ErrorKind.ObjectNotFound), folder);

        /// <summary>Find-LfvProject -Name without wildcards that matches no project.</summary>
        public static ErrorRecord ProjectNotFound(string name, string region) => new ErrorRecord(
            new ItemNotFoundException($"There is no project '{name}' in {region}. Find-LfvProject without -Name lists them all."),
            ErrorIds.ProjectNotFound, Category(ErrorKind.ObjectNotFound), name);

        /// <summary>A pipeline object a cmdlet cannot use.</summary>
        public static ErrorRecord InvalidInputObject(string cmdlet, string takes, object? item) => new ErrorRecord(
            new ArgumentException($"{cmdlet} takes {takes}, not a {(item is PSObject p ? p.BaseObject : item)?.GetType().FullName ?? "null"}."),
            ErrorIds.InvalidInputObject, Category(ErrorKind.InvalidArgument), item);

        /// <summary>The report's libraries are missing from the module folder (a broken install).</summary>
        public static ErrorRecord ReportLibraryMissing(FileNotFoundException e) => new ErrorRecord(
            new FileNotFoundException($"{e.Message} The module's install is incomplete: reinstall " +
                $"LookoutMetrics.", e.FileName, e), ErrorIds.ReportLibraryMissing, Category(ErrorKind.ObjectNotFound), e.FileName);

        /// <summary>
        /// A failure no part of the module foresaw, which would otherwise end the command with the bare exception: its own id, what
        /// stands, and how to report it. The exception stays inside the record, and its message is shown escaped.
        /// </summary>
        public static ErrorRecord Unexpected(Exception e, string command) => new ErrorRecord(e, ErrorIds.UnexpectedError,
            ErrorCategory.NotSpecified, null)
        {
            ErrorDetails = new ErrorDetails(Printable.Message($"{command} stopped on a failure LookoutMetrics did not expect " +
                $"({e.GetType().Name}: {e.Message}). What it wrote before this stands. This is a fault in the module: please report " +
                "it with the output of '$Error[0] | Format-List * -Force' and, if you can share it, the input that caused it.")),
        };

        /// <summary>The report could not be written.</summary>
        public static ErrorRecord ReportWriteFailed(Exception e, string path) =>
            new ErrorRecord(e, ErrorIds.ReportWriteFailed,
                e is UnauthorizedAccessException ? Category(ErrorKind.PermissionDenied) : Category(ErrorKind.WriteError), path);
    }
}
