using System;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// An error the Lookout for Vision API returned (or a call that could not be completed), with the documented
    /// error name so callers can map it: ResourceNotFoundException, AccessDeniedException, ValidationException,
    /// ThrottlingException, ConflictException, ServiceQuotaExceededException, InternalServerException, ...
    /// </summary>
    public sealed class LookoutVisionException : Errors.LfvException
    {
        public LookoutVisionException(string message, string errorCode, int statusCode, int attempts, Exception? inner = null)
            : this(ServiceErrorAdvice.ForLookoutVision(errorCode, statusCode), message, errorCode, statusCode, attempts, inner)
        {
        }

        private LookoutVisionException(ErrorAdvice advice, string message, string errorCode, int statusCode, int attempts, Exception? inner)
            : base(advice.ErrorId, advice.Kind, message, null, inner)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
            Attempts = attempts;
        }

        /// <summary>The error name (the x-amzn-ErrorType header or the body's __type/code), or RequestTimeout / NetworkError.</summary>
        public string ErrorCode { get; }

        /// <summary>The HTTP status, or 0 when no response came.</summary>
        public int StatusCode { get; }

        /// <summary>How many attempts were made, retries included.</summary>
        public int Attempts { get; }

        public string? ResourceId { get; set; }
        public string? ResourceType { get; set; }
        public TimeSpan? RetryAfter { get; set; }

        public bool IsThrottling => ErrorCode == "ThrottlingException" || StatusCode == 429;
    }
}
