using System;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>Why a mask could not be used, with a stable error id, its kind, and what to do.</summary>
    public sealed class MaskException : LfvException
    {
        /// <summary>A mask error: MaskNotFound, MaskUnreadable, InvalidMask, MaskTooLarge, MaskSizeMismatch, MissingMask, ... (ErrorIds).</summary>
        public MaskException(string errorId, ErrorKind kind, string message, Exception? inner = null) : base(errorId, kind, message, null, inner)
        {
        }

        /// <summary>A reference that cannot be read: ReferenceOutsideRoots (PermissionDenied) where the walls refused it
        /// (<see cref="Sources.References.TryLocate(string, string, string?, string, string, out Sources.Location, out string, out bool)"/>),
        /// else <paramref name="invalidId"/> (InvalidData) for one that is malformed.</summary>
        public static MaskException BadReference(bool refused, string invalidId, string message) => new MaskException(
            refused ? ErrorIds.ReferenceOutsideRoots : invalidId, refused ? ErrorKind.PermissionDenied : ErrorKind.InvalidData, message);

        /// <summary>Where the mask was looked for (a full path or an s3:// URI), for MaskNotFound; empty otherwise.</summary>
        public string Location { get; set; } = string.Empty;
    }
}
