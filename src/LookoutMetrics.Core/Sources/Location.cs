using System;
using System.Collections.Generic;
using System.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>What a <see cref="Location"/> names.</summary>
    public enum LocationKind
    {
        /// <summary>A local file or folder, as a full path.</summary>
        File,

        /// <summary>s3://bucket/key: one object.</summary>
        S3Object,

        /// <summary>s3://bucket/ or s3://bucket/prefix/: every object below it.</summary>
        S3Prefix,

        /// <summary>s3://bucket/key with *, ? or [...] (PowerShell's wildcard rules): the objects whose keys match.</summary>
        S3Pattern,
    }

    /// <summary>
    /// Where bytes come from: a local path, an S3 object, an S3 prefix, or an S3 key with wildcards. Every text that
    /// may be an s3:// URI is parsed here and nowhere else; a reader asks the location what it is, and the
    /// <see cref="ArtifactStores"/> open, read and list it.
    /// </summary>
    public sealed class Location : IEquatable<Location>
    {
        public const string S3Scheme = "s3://";

        private readonly KeyPattern? _pattern;

        private Location(LocationKind kind, string text, string bucket, string key, KeyPattern? pattern = null)
        {
            Kind = kind;
            Text = text;
            Bucket = bucket;
            Key = key;
            _pattern = pattern;
        }

        public LocationKind Kind { get; }

        /// <summary>The full path, or s3://bucket/key.</summary>
        public string Text { get; }

        /// <summary>The bucket (or an access point's ARN); empty for a local path.</summary>
        public string Bucket { get; }

        /// <summary>The key, prefix or pattern; empty for a local path.</summary>
        public string Key { get; }

        public bool IsS3 => Kind != LocationKind.File;

        /// <summary>Whether the location names many objects (a prefix or a pattern) rather than one.</summary>
        public bool IsListing => Kind == LocationKind.S3Prefix || Kind == LocationKind.S3Pattern;

        /// <summary>The one test of whether a text is meant as an S3 URI.</summary>
        public static bool IsS3Text(string? text) => text != null && text.TrimStart().StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase);

        /// <summary>A local file or folder; a relative path is taken against the process's folder.</summary>
        public static Location File(string path) => new Location(LocationKind.File, Path.GetFullPath(path), string.Empty, string.Empty);

        /// <summary>
        /// An S3 location as a user names it: a pattern when the key holds wildcards (PowerShell's rules, '`' escaping), a
        /// prefix when it is empty or ends with '/', else an object. A key that is no pattern (an empty or reversed set)
        /// is an ArgumentException; <see cref="TryParseS3"/> says it as an error instead.
        /// </summary>
        public static Location S3(string bucket, string key) =>
            TryS3(bucket, key, out var location, out string error) ? location : throw new ArgumentException(error, nameof(key));

        private static bool TryS3(string bucket, string key, out Location location, out string error)
        {
            error = string.Empty;
            location = null!;
            if (KeyPattern.HasWildcards(key))
            {
                if (!KeyPattern.TryCreate(key, out var pattern, out error)) return false;
                location = new Location(LocationKind.S3Pattern, S3Uri.Format(bucket, key), bucket, key, pattern);
                return true;
            }
            var kind = key.Length == 0 || key.EndsWith("/", StringComparison.Ordinal) ? LocationKind.S3Prefix : LocationKind.S3Object;
            location = new Location(kind, S3Uri.Format(bucket, key), bucket, key);
            return true;
        }

        /// <summary>Every object whose key starts with <paramref name="prefix"/>, whether or not it ends with '/'.</summary>
        public static Location Below(string bucket, string prefix) => new Location(LocationKind.S3Prefix, S3Uri.Format(bucket, prefix),
            bucket, prefix);

        /// <summary>An S3 object whatever its key holds (a key listed from S3 is never a pattern).</summary>
        public static Location S3Object(string bucket, string key) => new Location(LocationKind.S3Object, S3Uri.Format(bucket, key), bucket, key);

        /// <summary>
        /// An s3:// URI (object, prefix or pattern) or a local path. The error says what is wrong with an s3:// text; a
        /// local path always parses.
        /// </summary>
        public static bool TryParse(string? text, out Location location, out string error)
        {
            location = null!;
            error = string.Empty;
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "The location is empty.";
                return false;
            }
            if (!IsS3Text(text))
            {
                try
                {
                    location = File(text!);
                    return true;
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                {
                    error = $"'{text}' is not a path: {e.Message}";
                    return false;
                }
            }
            if (!S3Uri.TryParse(text, prefixToo: true, out var uri, out error)) return false;
            return TryS3(uri.Bucket, uri.Key, out location, out error);
        }

        /// <summary>
        /// A location read from an artifact or the service (a manifest's own name, an artifact's URI): a local path, or an
        /// S3 object whose key is taken as it stands, brackets and all, never as a pattern.
        /// </summary>
        public static bool TryParseLiteral(string? text, out Location location, out string error) =>
            IsS3Text(text) ? TryParseS3Object(text, out location, out error) : TryParse(text, out location, out error);

        /// <summary>An s3:// URI: an object, a prefix or a pattern; anything else is an error that says what to give.</summary>
        public static bool TryParseS3(string? text, out Location location, out string error)
        {
            location = null!;
            if (!S3Uri.TryParse(text, prefixToo: true, out var uri, out error)) return false;
            return TryS3(uri.Bucket, uri.Key, out location, out error);
        }

        /// <summary>An s3:// URI of one object; a prefix, a pattern or a local path is an error that says so.</summary>
        public static bool TryParseS3Object(string? text, out Location location, out string error)
        {
            location = null!;
            if (!S3Uri.TryParse(text, out var uri, out error)) return false;
            location = S3Object(uri.Bucket, uri.Key);
            return true;
        }

        /// <summary>The literal start of a prefix's or pattern's keys: what S3 is asked to list.</summary>
        public string ListPrefix => Kind == LocationKind.S3Pattern ? _pattern!.LiteralPrefix : Key;

        /// <summary>Whether a listed key is one this location names: below the prefix, or matching the pattern.</summary>
        public bool Names(string key) => Kind switch
        {
            LocationKind.S3Prefix => key.StartsWith(Key, StringComparison.Ordinal),
            LocationKind.S3Pattern => _pattern!.IsMatch(key),
            _ => key == Key,
        };

        /// <summary>The last segment: a file's name, an object's key's last part.</summary>
        public string Name
        {
            get
            {
                string t = Text.TrimEnd('/', '\\');
                int cut = t.LastIndexOfAny(new[] { '/', '\\' });
                return cut < 0 ? t : t.Substring(cut + 1);
            }
        }

        /// <summary>
        /// A reference read from an artifact, resolved against this location (the artifact's own): s3:// as it is, a
        /// rooted path as it is, a relative one beside this file or object. A relative reference with '..' is refused.
        /// </summary>
        public bool TryResolve(string reference, out Location location, out string error)
        {
            location = null!;
            error = string.Empty;
            string r = reference.Trim();
            if (r.Length == 0)
            {
                error = "The reference is empty.";
                return false;
            }
            if (IsS3Text(r)) return TryParseS3Object(r, out location, out error);
            if (r.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                error = $"'{r}' is neither an s3:// URI nor a path.";
                return false;
            }
            if (Path.IsPathRooted(r))
            {
                location = File(r);
                return true;
            }
            if (!IsSafeRelative(r))
            {
                error = $"The relative path '{r}' leaves the folder of '{Text}' ('..'); it is not read.";
                return false;
            }
            if (IsS3)
            {
                int slash = Key.LastIndexOf('/');
                location = S3Object(Bucket, Key.Substring(0, slash + 1) + r.Replace('\\', '/'));
                return true;
            }
            location = File(Path.Combine(Path.GetDirectoryName(Text) ?? ".", r));
            return true;
        }

        /// <summary>Where an S3 key lies in a local copy of its bucket (as 'aws s3 sync' makes it): root/key.</summary>
        public static Location InCopy(string root, string key) =>
            File(Path.Combine(Path.GetFullPath(root), key.Replace('/', Path.DirectorySeparatorChar)));

        /// <summary>A relative path or key with no '..' segment and no root.</summary>
        public static bool IsSafeRelative(string path)
        {
            if (path.Length == 0 || path[0] == '/' || path[0] == '\\' || Path.IsPathRooted(path)) return false;
            foreach (string segment in path.Split('/', '\\'))
            {
                if (segment == "..") return false;
            }
            return path.IndexOf('\0') < 0;
        }

        /// <summary>The path segments of a source-ref, an S3 key or a file path: no scheme, no bucket, '/' or '\' between them.</summary>
        public static string[] Segments(string reference)
        {
            string r = reference.Trim();
            if (IsS3Text(r))
            {
                int slash = r.IndexOf('/', S3Scheme.Length);
                r = slash < 0 ? string.Empty : r.Substring(slash + 1);
            }
            var parts = r.Replace('\\', '/').Split('/');
            var kept = new List<string>(parts.Length);
            foreach (string part in parts)
            {
                if (part.Length > 0 && part != ".") kept.Add(part);
            }
            return kept.ToArray();
        }

        public override string ToString() => Text;

        public bool Equals(Location? other) => other != null && other.Kind == Kind && string.Equals(other.Text, Text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Location l && Equals(l);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
    }
}
