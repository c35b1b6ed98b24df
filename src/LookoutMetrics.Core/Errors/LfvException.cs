using System;

namespace LookoutMetrics.Errors
{
    /// <summary>
    /// The one base of every failure Core reports: a stable error id (<see cref="ErrorIds"/>), the kind (which the
    /// cmdlet layer maps onto PowerShell's ErrorCategory in one table), the item it concerns, and a message that says
    /// what to do. Control characters of the data never reach the message raw.
    /// </summary>
    public abstract class LfvException : Exception
    {
        protected LfvException(string errorId, ErrorKind kind, string message, object? target, Exception? inner)
            : base(IO.DataProblem.Printable(message), inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        /// <summary>The PowerShell ErrorId: one of <see cref="ErrorIds"/>.</summary>
        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        /// <summary>
        /// Whether the failure ends the command rather than one item (a setting nothing can proceed without, such as
        /// credentials that cannot be refreshed): readers that keep going past a bad item let it through.
        /// </summary>
        public virtual bool EndsTheCommand => false;

        /// <summary>The item the error is about (a URI, a path, a model, a profile); the caller's target when null.</summary>
        public object? Target { get; set; }
    }
}
