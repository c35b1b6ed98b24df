using System;

namespace LookoutMetrics.Sources
{
    /// <summary>An s3://bucket/key location.</summary>
    public readonly struct S3Uri
    {
        public S3Uri(string bucket, string key)
        {
            Bucket = bucket;
            Key = key;
        }

        public string Bucket { get; }
        public string Key { get; }

        public override string ToString() => Format(Bucket, Key);

        /// <summary>"s3://bucket/key", or empty when the bucket is unknown.</summary>
        public static string Format(string bucket, string key) =>
            string.IsNullOrEmpty(bucket) ? string.Empty : Location.S3Scheme + bucket + "/" + (key ?? string.Empty);

        /// <summary>Parses s3://bucket/key; the error says what is wrong with the text.</summary>
        public static bool TryParse(string? text, out S3Uri uri, out string error) => TryParse(text, false, out uri, out error);

        /// <summary>Parses s3://bucket/key, or with <paramref name="prefixToo"/> also s3://bucket and s3://bucket/prefix/.</summary>
        public static bool TryParse(string? text, bool prefixToo, out S3Uri uri, out string error)
        {
            uri = default;
            error = string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "The URI is empty.";
                return false;
            }
            string s = text!.Trim();
            if (!Location.IsS3Text(s))
            {
                error = $"'{s}' is not an S3 URI. Give s3://bucket/key, or a local file with -Path.";
                return false;
            }
            string rest = s.Substring(5);
            if (rest.StartsWith("arn:", StringComparison.Ordinal)) return TryParseArn(s, rest, prefixToo, out uri, out error);
            int slash = rest.IndexOf('/');
            if (prefixToo && slash < 0) (slash, rest) = (rest.Length, rest + "/");
            if (slash <= 0 || (slash == rest.Length - 1 && !prefixToo))
            {
                error = $"'{s}' names no object. Give s3://bucket/key, the key being the object's full name.";
                return false;
            }
            string bucket = rest.Substring(0, slash);
            if (bucket.Length < 3 || bucket.Length > 63)
            {
                error = $"'{bucket}' in '{s}' is not a bucket name (3 to 63 characters).";
                return false;
            }
            uri = new S3Uri(bucket, rest.Substring(slash + 1));
            return true;
        }

        /// <summary>
        /// s3://arn:aws:s3:region:account:accesspoint/name/key: the bucket is the access point's ARN (as the SDK takes
        /// it), the key what follows its name.
        /// </summary>
        private static bool TryParseArn(string s, string rest, bool prefixToo, out S3Uri uri, out string error)
        {
            uri = default;
            error = string.Empty;
            const string marker = ":accesspoint/";
            int at = rest.IndexOf(marker, StringComparison.Ordinal);
            int nameEnd = at < 0 ? -1 : rest.IndexOf('/', at + marker.Length);
            if (prefixToo && at >= 0 && nameEnd < 0) (nameEnd, rest) = (rest.Length, rest + "/");
            if (at < 0 || nameEnd <= at + marker.Length || (nameEnd == rest.Length - 1 && !prefixToo) || rest.Split(':').Length < 6)
            {
                error = $"'{s}' is not an access point URI. Give s3://arn:aws:s3:<region>:<account>:accesspoint/<name>/<key>, or the " +
                    $"access point's alias as the bucket.";
                return false;
            }
            uri = new S3Uri(rest.Substring(0, nameEnd), rest.Substring(nameEnd + 1));
            return true;
        }

        /// <summary>Whether a bucket is an access point's ARN.</summary>
        public static bool IsArn(string bucket) => bucket.StartsWith("arn:", StringComparison.Ordinal);
    }
}
