using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// An object or file read whole (a mask, a picture, a prediction file, a result): a piece at a time, the token looked at between
    /// pieces, and never past a cap. A size that is known and over the cap is refused before a byte is read; one that is not known
    /// (or that grows while it is read) is refused when the cap is passed. Either way one error names the item and the cap, and the
    /// memory held is at most the cap.
    /// </summary>
    public static class WholeRead
    {
        /// <summary>A mask or a picture: 256 MiB (a mask's pixels are capped at 8192 x 8192; its file is far smaller).</summary>
        public const long MaxPictureBytes = 256L << 20;

        /// <summary>A SageMaker '.out' file holds one image's result (and its mask, base64): 64 MiB is far beyond any real one.</summary>
        public const long MaxOutBytes = 64L << 20;

        /// <summary>A prediction file of many lines (JSON Lines, CSV, captures) or an evaluation result, read whole: 512 MiB.</summary>
        public const long MaxFileBytes = 512L << 20;

        private const int PieceBytes = 1 << 16;

        /// <summary>The cap for an item read whole by its name: a '.out' file's, else a prediction file's.</summary>
        public static long CapFor(Location location) =>
            location.Name.EndsWith(".out", StringComparison.OrdinalIgnoreCase) ? MaxOutBytes : MaxFileBytes;

        /// <summary>Reads what is open to its end (it is not disposed here).</summary>
        public static async Task<byte[]> ReadAsync(OpenedArtifact opened, long maxBytes, CancellationToken cancel)
        {
            long? length = opened.Stream.TotalLength;
            if (length > maxBytes) throw TooLarge(opened.Location, length.Value, maxBytes);
            using var buffer = length is long n && n >= 0 ? new MemoryStream((int)n) : new MemoryStream();
            var piece = new byte[PieceBytes];
            int read;
            while ((read = await opened.Stream.ReadAsync(piece, 0, piece.Length, cancel).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(opened.Location, null, maxBytes);
                buffer.Write(piece, 0, read);
                cancel.ThrowIfCancellationRequested();
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }

        /// <summary>The error of an item over its cap: its name, its size where known, and the cap.</summary>
        public static SourceException TooLarge(Location location, long? length, long maxBytes) => new SourceException(ErrorIds.FileTooLarge,
            ErrorKind.InvalidData, $"'{location.Text}' is {(length is long n ? $"{n:N0} bytes" : "larger than that")}; an item read whole " +
                $"(a mask, a picture, a prediction file) may be at most {maxBytes:N0} bytes here, so it is not read. Check that it is the " +
                "file meant: no real one is this large.", location.Text);
    }
}
