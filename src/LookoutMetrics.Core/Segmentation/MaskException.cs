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

        /// <summary>Where the mask was looked for (a full path or an s3:// URI), for MaskNotFound; empty otherwise.</summary>
        public string Location { get; set; } = string.Empty;
    }
}
