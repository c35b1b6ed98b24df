using System;
using System.IO;
using LookoutMetrics.Aws;

namespace LookoutMetrics.Segmentation
{
    /// <summary>Where a mask is: an S3 object or a local file.</summary>
    public readonly struct MaskLocation
    {
        private MaskLocation(string location, bool isS3)
        {
            Location = location;
            IsS3 = isS3;
        }

        /// <summary>s3://bucket/key, or a full local path.</summary>
        public string Location { get; }

        public bool IsS3 { get; }

        public static MaskLocation S3(string uri) => new MaskLocation(uri, true);

        public static MaskLocation File(string path) => new MaskLocation(path, false);

        public override string ToString() => Location;
    }

    /// <summary>
    /// Turns a mask reference of a manifest line into a location: s3:// as it is, or under -MaskRoot (a local copy of
    /// the bucket, as 'aws s3 sync' makes it: s3://bucket/key is MaskRoot/key); a relative path against the manifest's
    /// folder or S3 prefix. A reference that would leave its root ('..' segments, an absolute key) is refused: names
    /// from a manifest never become paths unchecked.
    /// </summary>
    public static class MaskLocator
    {
        public static bool TryLocate(string maskRef, string manifestSource, string? maskRoot, out MaskLocation location, out string error)
        {
            location = default;
            error = string.Empty;
            string reference = maskRef.Trim();
            if (reference.Length == 0)
            {
                error = "The mask reference is empty.";
                return false;
            }

            if (S3Uri.IsS3(reference))
            {
                if (!S3Uri.TryParse(reference, out var uri, out error)) return false;
                if (!IsSafeRelative(uri.Key))
                {
                    error = $"The mask key '{uri.Key}' leaves its bucket's folder ('..' or an absolute path); it is not read.";
                    return false;
                }
                if (string.IsNullOrEmpty(maskRoot))
                {
                    location = MaskLocation.S3(reference);
                    return true;
                }
                location = MaskLocation.File(Under(maskRoot!, uri.Key));
                return true;
            }

            if (reference.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                error = $"'{reference}' is neither an s3:// URI nor a path.";
                return false;
            }

            if (Path.IsPathRooted(reference))
            {
                location = MaskLocation.File(Path.GetFullPath(reference));
                return true;
            }

            if (!IsSafeRelative(reference))
            {
                error = $"The relative mask path '{reference}' leaves the manifest's folder ('..'); it is not read.";
                return false;
            }

            if (S3Uri.IsS3(manifestSource))
            {
                int slash = manifestSource.LastIndexOf('/');
                string prefix = manifestSource.Substring(0, slash + 1);
                if (!string.IsNullOrEmpty(maskRoot) && S3Uri.TryParse(prefix + reference.Replace('\\', '/'), out var under, out _))
                {
                    location = MaskLocation.File(Under(maskRoot!, under.Key));
                    return true;
                }
                location = MaskLocation.S3(prefix + reference.Replace('\\', '/'));
                return true;
            }

            string folder = Path.GetDirectoryName(Path.GetFullPath(manifestSource)) ?? ".";
            location = MaskLocation.File(Path.GetFullPath(Path.Combine(folder, reference)));
            return true;
        }

        private static string Under(string root, string key) =>
            Path.GetFullPath(Path.Combine(Path.GetFullPath(root), key.Replace('/', Path.DirectorySeparatorChar)));

        /// <summary>A relative path or key with no '..' segment and no root.</summary>
        internal static bool IsSafeRelative(string path)
        {
            if (path.Length == 0 || path[0] == '/' || path[0] == '\\' || Path.IsPathRooted(path)) return false;
            foreach (string segment in path.Split('/', '\\'))
            {
                if (segment == "..") return false;
            }
            return path.IndexOf('\0') < 0;
        }
    }
}
