using System;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// A rule of Core that ends one item (or the cmdlet) with a stable error id and kind, and a message that says what
    /// to do: a report's target that cannot be written, a manifest that holds no predictions of the model checked, a
    /// result whose manifest cannot be located. The cmdlet layer turns it into an ErrorRecord (ErrorRecords.From).
    /// </summary>
    public sealed class ArtifactException : LfvException
    {
        public ArtifactException(string errorId, ErrorKind kind, string message, Exception? inner = null, object? target = null)
            : base(errorId, kind, message, target, inner)
        {
        }
    }
}
