using System;
using System.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// Where a reference that an artifact holds (a mask, a picture) is read from, decided here for every reader: turns a
    /// mask reference of a manifest line into a <see cref="Location"/>: s3:// as it is, or under -MaskRoot (a
    /// local copy of the bucket, as 'aws s3 sync' makes it: s3://bucket/key is MaskRoot/key); a relative path against the
    /// manifest's folder or S3 prefix. A reference that would leave its root ('..' segments, an absolute key) is refused:
    /// names from a manifest never become paths unchecked.
    /// </summary>
    public static class References
    {
        /// <summary>
        /// A mask reference of a manifest line, located and checked against the walls (<see cref="Walls"/>): read only under
        /// <paramref name="maskRoot"/> or the manifest's own folder or bucket.
        /// </summary>
        public static bool TryLocate(string maskRef, string manifestSource, string? maskRoot, out Location location, out string error) =>
            TryLocate(maskRef, manifestSource, maskRoot, "mask", "-MaskRoot", out location, out error, out _);

        /// <summary>
        /// A reference (of <paramref name="kind"/>, admitted by <paramref name="rootParameter"/>) located and checked against the walls:
        /// <paramref name="refused"/> says that it was found and lies outside every root, rather than that it is malformed.
        /// </summary>
        public static bool TryLocate(string reference, string artifactSource, string? root, string kind, string rootParameter,
            out Location location, out string error, out bool refused)
        {
            refused = false;
            if (!TryName(reference, artifactSource, root, out location, out error)) return false;
            var roots = Walls.RootsOf(artifactSource, root);
            if (Walls.Admits(location, roots)) return true;
            refused = true;
            error = Walls.Refusal(reference, kind, rootParameter, roots);
            location = null!;
            return false;
        }

        /// <summary>
        /// Where a reference points, without the walls (for a writer that names it and reads nothing): s3:// as it is, or in the copy
        /// under a local <paramref name="copyRoot"/>; a relative path beside the artifact (or in the copy); a rooted path as it is.
        /// </summary>
        public static bool TryName(string maskRef, string manifestSource, string? copyRoot, out Location location, out string error)
        {
            try
            {
                return TryNameChecked(maskRef, manifestSource, copyRoot, out location, out error);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is UriFormatException)
            {
                // A reference that is no path at all (a NUL in it, say): its image's error, never the command's end.
                location = null!;
                error = $"The reference '{maskRef.Trim()}' is not a path: {e.Message}";
                return false;
            }
        }

        private static bool TryNameChecked(string maskRef, string manifestSource, string? copyRoot, out Location location, out string error)
        {
            location = null!;
            error = string.Empty;
            string reference = maskRef.Trim();
            string? maskRoot = copyRoot;
            if (reference.Length == 0)
            {
                error = "The mask reference is empty.";
                return false;
            }

            if (Location.IsS3Text(reference))
            {
                if (!Location.TryParseS3Object(reference, out var uri, out error)) return false;
                if (!Location.IsSafeRelative(uri.Key))
                {
                    error = $"The mask key '{uri.Key}' leaves its bucket's folder ('..' or an absolute path); it is not read.";
                    return false;
                }
                location = string.IsNullOrEmpty(maskRoot) ? uri : Location.InCopy(maskRoot!, uri.Key);
                return true;
            }

            if (reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && System.Uri.TryCreate(reference, UriKind.Absolute,
                out var file) && file.IsFile)
            {
                location = Location.File(file.LocalPath);
                return true;
            }

            if (reference.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                error = $"'{reference}' is neither an s3:// URI nor a path.";
                return false;
            }

            if (Path.IsPathRooted(reference))
            {
                location = Location.File(reference);
                return true;
            }

            if (!Location.IsSafeRelative(reference))
            {
                error = $"The relative mask path '{reference}' leaves the manifest's folder ('..'); it is not read.";
                return false;
            }

            if (!Location.TryParseLiteral(manifestSource, out var manifest, out error) || !manifest.TryResolve(reference, out var beside,
                out error)) return false;
            location = beside.IsS3 && !string.IsNullOrEmpty(maskRoot) ? Location.InCopy(maskRoot!, beside.Key) : beside;
            return true;
        }

        /// <summary>
        /// Whether a reference can be read without asking the user: under the local copy, beside a local artifact, or in
        /// S3 when the artifact itself came from S3 (the same bucket and credentials). A local artifact whose references
        /// are in S3 needs the copy.
        /// </summary>
        public static bool Reachable(string? copyRoot, string artifactSource, string reference) =>
            copyRoot != null || Location.IsS3Text(artifactSource) || !Location.IsS3Text(reference);

        /// <summary>A mask reference as a location: s3:// and rooted paths as they are, a relative one beside the prediction file.</summary>
        public static string Beside(string location, string reference)
        {
            string r = reference.Trim();
            if (Location.IsS3Text(r)) return r;
            if (System.IO.Path.IsPathRooted(r)) return System.IO.Path.GetFullPath(r);
            if (Location.IsS3Text(location)) return location.Substring(0, location.LastIndexOf('/') + 1) + r.Replace('\\', '/');
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(location) ?? ".", r));
        }

        /// <summary>Whether a location named beside an artifact may be read: an S3 object is tried, a local file only when it is there.</summary>
        public static bool MayExist(string location, Func<string, bool> fileExists) => Location.IsS3Text(location) || fileExists(location);
    }
}
