using System;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Sources
{
    /// <summary>A local file or listing that could not be read (S3's failures are S3ArtifactException): its id, kind and location.</summary>
    public sealed class SourceException : LfvException
    {
        public SourceException(string errorId, ErrorKind kind, string message, string location, Exception? inner = null)
            : base(errorId, kind, message, location, inner)
        {
            Location = location;
        }

        /// <summary>The path or URI that could not be read.</summary>
        public string Location { get; }

        /// <summary>A local read's failure: access denied, missing, or another I/O error, with the system's own message.</summary>
        public static SourceException FromIO(Exception e, string path) => e switch
        {
            UnauthorizedAccessException _ => new SourceException(ErrorIds.FileAccessDenied, ErrorKind.PermissionDenied, e.Message, path, e),
            System.IO.FileNotFoundException _ or System.IO.DirectoryNotFoundException _ =>
                new SourceException(ErrorIds.PathNotFound, ErrorKind.ObjectNotFound, e.Message, path, e),
            _ => new SourceException(ErrorIds.FileReadFailed, ErrorKind.ReadError, e.Message, path, e),
        };
    }
}
