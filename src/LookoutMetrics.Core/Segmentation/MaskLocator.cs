using System;
using System.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// Turns a mask reference of a manifest line into a <see cref="Location"/>: s3:// as it is, or under -MaskRoot (a
    /// local copy of the bucket, as 'aws s3 sync' makes it: s3://bucket/key is MaskRoot/key); a relative path against the
    /// manifest's folder or S3 prefix. A reference that would leave its root ('..' segments, an absolute key) is refused:
    /// names from a manifest never become paths unchecked.
    /// </summary>
    public static class MaskLocator
    {
        public static bool TryLocate(string maskRef, string manifestSource, string? maskRoot, out Location location, out string error)
        {
            location = null!;
            error = string.Empty;
            string reference = maskRef.Trim();
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
    }
}
