using System;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// Capped exponential backoff with full jitter ("exponential backoff and jitter", as the AWS SDKs do it), a bounded
    /// number of attempts, and a server's Retry-After taken as the least wait.
    /// </summary>
    public sealed class BackoffPolicy
    {
        private readonly Random _random;
        private readonly object _gate = new object();

        public BackoffPolicy(int maxAttempts = 5, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, int? seed = null)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), "At least one attempt is needed.");
            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(200);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(20);
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        /// <summary>Attempts in all, the first included.</summary>
        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }

        /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

        /// <summary>HTTP statuses worth another attempt: throttling and server faults.</summary>
        public static bool IsRetryable(int statusCode, string errorCode) =>
            statusCode == 429 || statusCode == 500 || statusCode == 502 || statusCode == 503 || statusCode == 504 ||
            errorCode == "ThrottlingException" || errorCode == "InternalServerException";

        /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
        public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter)
        {
            double capMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
            double jitter;
            lock (_gate) jitter = _random.NextDouble();
            var delay = TimeSpan.FromMilliseconds(capMs * jitter);
            if (retryAfter.HasValue)
            {
                var floor = retryAfter.Value < MaxRetryAfter ? retryAfter.Value : MaxRetryAfter;
                if (delay < floor) delay = floor;
            }
            return delay;
        }
    }
}
