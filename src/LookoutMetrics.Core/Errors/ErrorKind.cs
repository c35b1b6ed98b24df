namespace LookoutMetrics.Errors
{
    /// <summary>
    /// The kind of a failure, named as PowerShell's ErrorCategory names it. The cmdlet layer maps each kind onto its
    /// category in one table (ErrorRecords.Category), so every rule that chooses an error's kind lives here in Core,
    /// where unit tests reach it.
    /// </summary>
    public enum ErrorKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        ObjectNotFound,
        PermissionDenied,
        AuthenticationError,
        LimitsExceeded,
        QuotaExceeded,
        ResourceBusy,
        ResourceUnavailable,
        OperationTimeout,
        ConnectionError,
        ReadError,
        ResourceExists,
        WriteError,
    }
}
