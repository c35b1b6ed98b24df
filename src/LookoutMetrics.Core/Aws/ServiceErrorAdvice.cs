namespace LookoutMetrics.Aws
{
    /// <summary>
    /// The kind of a failure, named as PowerShell's ErrorCategory names it (the cmdlet layer maps it by name), so that
    /// the rule that gives each service error its id, kind and advice lives here, where unit tests reach it.
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

    /// <summary>A stable ErrorId, the kind, and what the user can do about it.</summary>
    public readonly struct ErrorAdvice
    {
        public ErrorAdvice(string errorId, ErrorKind kind, string hint)
        {
            ErrorId = errorId;
            Kind = kind;
            Hint = hint;
        }

        public string ErrorId { get; }
        public ErrorKind Kind { get; }
        public string Hint { get; }
    }

    /// <summary>Service errors to error ids, kinds and advice.</summary>
    public static class ServiceErrorAdvice
    {
        public static ErrorAdvice For(LookoutVisionException e) => e.ErrorCode switch
        {
            "ResourceNotFoundException" => new ErrorAdvice("ResourceNotFound", ErrorKind.ObjectNotFound, "Check the name with Find-LfvProject or Get-LfvModelVersion."),
            "AccessDeniedException" => new ErrorAdvice("AccessDenied", ErrorKind.PermissionDenied, "The credentials need lookoutvision:Describe* and lookoutvision:List* on it."),
            "ValidationException" => new ErrorAdvice("ValidationFailed", ErrorKind.InvalidArgument, "Project names are letters, digits, '-' and '_'; model versions are numbers or 'latest'."),
            "ThrottlingException" => Throttled,
            "ConflictException" => new ErrorAdvice("Conflict", ErrorKind.ResourceBusy, "Another operation is changing it; try again when it ends."),
            "ServiceQuotaExceededException" => new ErrorAdvice("QuotaExceeded", ErrorKind.QuotaExceeded, "A service quota was reached."),
            "InvalidSignatureException" or "UnrecognizedClientException" or "MissingAuthenticationTokenException" or "IncompleteSignatureException" or "ExpiredTokenException" =>
                new ErrorAdvice("AuthenticationFailed", ErrorKind.AuthenticationError, "Check the credentials (-ProfileName, or -AccessKey and -SecretKey) and that the session token has not expired."),
            "RequestTimeout" => new ErrorAdvice("RequestTimeout", ErrorKind.OperationTimeout, "The endpoint did not answer in time; try again."),
            "NetworkError" => new ErrorAdvice("EndpointUnreachable", ErrorKind.ConnectionError, "Check -EndpointUrl, -Region and the network."),
            _ when e.IsThrottling => Throttled,
            _ when e.StatusCode >= 500 => new ErrorAdvice("ServiceError", ErrorKind.ResourceUnavailable, "The service failed; try again later."),
            _ => new ErrorAdvice("ServiceError", ErrorKind.NotSpecified, string.Empty),
        };

        public static ErrorAdvice For(S3ArtifactException e) =>
            e.ErrorCode == "InvalidUri" ? new ErrorAdvice("InvalidUri", ErrorKind.InvalidArgument, string.Empty)
            : e.IsNotFound ? new ErrorAdvice("S3ObjectNotFound", ErrorKind.ObjectNotFound, string.Empty)
            : e.IsAccessDenied ? new ErrorAdvice("S3AccessDenied", ErrorKind.PermissionDenied, string.Empty)
            : new ErrorAdvice("S3ReadFailed", ErrorKind.ReadError, string.Empty);

        private static readonly ErrorAdvice Throttled = new ErrorAdvice("Throttled", ErrorKind.LimitsExceeded, "Lower -ThrottleLimit, or try again later.");
    }
}
