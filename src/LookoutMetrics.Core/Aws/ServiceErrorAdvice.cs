using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
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
        public static ErrorAdvice For(LookoutVisionException e) => ForLookoutVision(e.ErrorCode, e.StatusCode);

        /// <summary>A Lookout for Vision error name (or RequestTimeout, NetworkError) and HTTP status.</summary>
        public static ErrorAdvice ForLookoutVision(string errorCode, int statusCode) => errorCode switch
        {
            "ResourceNotFoundException" => new ErrorAdvice(ErrorIds.ResourceNotFound, ErrorKind.ObjectNotFound,
                "Check the name with Find-LfvProject or Get-LfvModelVersion."),
            "AccessDeniedException" => new ErrorAdvice(ErrorIds.AccessDenied, ErrorKind.PermissionDenied,
                "The credentials need lookoutvision:Describe* and lookoutvision:List* on it."),
            "ValidationException" => new ErrorAdvice(ErrorIds.ValidationFailed, ErrorKind.InvalidArgument,
                "Project names are letters, digits, '-' and '_'; model versions are numbers or 'latest'."),
            "ThrottlingException" => Throttled,
            "ConflictException" => new ErrorAdvice(ErrorIds.Conflict, ErrorKind.ResourceBusy, "Another operation is changing it; try " +
                "again when it ends."),
            "ServiceQuotaExceededException" => new ErrorAdvice(ErrorIds.QuotaExceeded, ErrorKind.QuotaExceeded, "A service quota was reached."),
            "InvalidSignatureException" or "UnrecognizedClientException" or "MissingAuthenticationTokenException" or "IncompleteSignatureException"
                or "ExpiredTokenException" => new ErrorAdvice(ErrorIds.AuthenticationFailed, ErrorKind.AuthenticationError,
                    "Check the credentials (-ProfileName, or -AccessKey and -SecretKey) and that the session token has not expired."),
            "RequestTimeout" => new ErrorAdvice(ErrorIds.RequestTimeout, ErrorKind.OperationTimeout, "The endpoint did not answer in " +
                "time; try again."),
            "ServiceEnded" => new ErrorAdvice(ErrorIds.ServiceEnded, ErrorKind.ResourceUnavailable, "Each model's evaluation artifacts " +
                "stay in its bucket: 'Find-LfvModelArtifact -Uri s3://<bucket>/' finds them without the API, and its records pipe into " +
                "every cmdlet (Get-Help Find-LfvModelArtifact). -EndpointUrl names an endpoint that still speaks the API."),
            "NetworkError" => new ErrorAdvice(ErrorIds.EndpointUnreachable, ErrorKind.ConnectionError, "Check -EndpointUrl, -Region and " +
                "the network."),
            _ when statusCode == 429 => Throttled,
            _ when statusCode >= 500 => new ErrorAdvice(ErrorIds.ServiceError, ErrorKind.ResourceUnavailable, "The service failed; try again later."),
            _ => new ErrorAdvice(ErrorIds.ServiceError, ErrorKind.NotSpecified, string.Empty),
        };

        public static ErrorAdvice For(S3ArtifactException e) => ForS3(e.ErrorCode, e.StatusCode);

        /// <summary>An S3 error code (or InvalidUri, NetworkError, ReadError, ...) and HTTP status.</summary>
        public static ErrorAdvice ForS3(string errorCode, int statusCode) =>
            errorCode == "InvalidUri" ? new ErrorAdvice(ErrorIds.InvalidUri, ErrorKind.InvalidArgument, string.Empty)
            : errorCode == "RequestTimeout" ? new ErrorAdvice(ErrorIds.RequestTimeout, ErrorKind.OperationTimeout, string.Empty)
            : IsNotFound(errorCode, statusCode) ? new ErrorAdvice(ErrorIds.S3ObjectNotFound, ErrorKind.ObjectNotFound, string.Empty)
            : IsAccessDenied(errorCode, statusCode) ? new ErrorAdvice(ErrorIds.S3AccessDenied, ErrorKind.PermissionDenied, string.Empty)
            : new ErrorAdvice(ErrorIds.S3ReadFailed, ErrorKind.ReadError, string.Empty);

        internal static bool IsNotFound(string errorCode,
            int statusCode) => errorCode == "NoSuchKey" || errorCode == "NoSuchBucket" || statusCode == 404;

        internal static bool IsAccessDenied(string errorCode, int statusCode) => errorCode == "AccessDenied" || statusCode == 403;

        private static readonly ErrorAdvice Throttled = new ErrorAdvice(ErrorIds.Throttled, ErrorKind.LimitsExceeded,
            "Lower -ThrottleLimit, or try again later.");
    }
}
