using System;

namespace LookoutMetrics.Segmentation
{
    /// <summary>Why a mask could not be used, with a stable error id, its kind, and what to do.</summary>
    public sealed class MaskException : Exception
    {
        public MaskException(string errorId, Aws.ErrorKind kind, string message, Exception? inner = null) : base(IO.DataProblem.Printable(message), inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        /// <summary>MaskNotFound, MaskUnreadable, InvalidMask, MaskTooLarge, MaskSizeMismatch, MissingMask, InvalidMaskReference.</summary>
        public string ErrorId { get; }

        public Aws.ErrorKind Kind { get; }

        /// <summary>Where the mask was looked for (a full path or an s3:// URI), for MaskNotFound; empty otherwise.</summary>
        public string Location { get; set; } = string.Empty;
    }
}
