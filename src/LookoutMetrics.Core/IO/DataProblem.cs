namespace LookoutMetrics.IO
{
    /// <summary>
    /// Something wrong with one item of input (one manifest line, one file). Readers hand these back beside
    /// the good records instead of throwing, so that a bad line never costs the lines around it.
    /// </summary>
    public sealed class DataProblem
    {
        public DataProblem(string errorId, string source, long lineNumber, string message)
        {
            ErrorId = errorId;
            Source = source;
            LineNumber = lineNumber;
            Message = Printable(message);
        }

        /// <summary>
        /// Control characters from the input (an escape sequence in a binary file, say) never reach the terminal: they
        /// are shown escaped, as \u001b.
        /// </summary>
        public static string Printable(string text) => LookoutMetrics.Printable.Message(text);

        /// <summary>A stable identifier, used as the PowerShell ErrorId (InvalidManifestLine, EmptyManifest, ...).</summary>
        public string ErrorId { get; }

        /// <summary>The file path or URI.</summary>
        public string Source { get; }

        /// <summary>1-based line number, or 0 when the problem is the whole file.</summary>
        public long LineNumber { get; }

        public string Message { get; }

        /// <summary>"file:line", or the file alone: what the user has to open.</summary>
        public string Target => LineNumber > 0 ? Source + ":" + LineNumber : Source;

        public override string ToString() => Target + ": " + Message;
    }
}
