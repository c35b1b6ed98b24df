using System;
using System.IO;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// A PNG with only the chunks a decoder needs: text chunks (tEXt, zTXt, iTXt) and any other ancillary chunk larger than
    /// <see cref="MaxAncillaryBytes"/> are left out before Skia's libpng sees the file. libpng reads a large text chunk in time quadratic
    /// in its size (an 8 MB iTXt took 37 s, and nothing could stop it), and neither a mask nor a thumbnail needs any of them: pixels
    /// are decoded with no colour space, so colour chunks change nothing either, and the small ones (tRNS above all) are kept. The
    /// scan reads chunk headers only; a file is copied only when something is left out.
    /// </summary>
    public static class PngChunks
    {
        /// <summary>An ancillary chunk larger than this is left out (a real palette's tRNS is at most 256 bytes, an ICC profile a few KB).</summary>
        public const int MaxAncillaryBytes = 64 << 10;

        private const int SignatureBytes = 8;

        /// <summary>The PNG without the chunks it does not need; the same array when it has none (or is no PNG, or is cut short).</summary>
        public static byte[] Essential(byte[] png)
        {
            if (!MaskDecoder.IsPng(png) || !AnyLeftOut(png)) return png;
            using var kept = new MemoryStream(png.Length);
            kept.Write(png, 0, SignatureBytes);
            Walk(png, (at, total, leftOut) =>
            {
                if (!leftOut) kept.Write(png, at, total);
            });
            return kept.ToArray();
        }

        private static bool AnyLeftOut(byte[] png)
        {
            bool any = false;
            Walk(png, (_, _, leftOut) => any |= leftOut);
            return any;
        }

        /// <summary>
        /// Each whole chunk: its offset, its length with header and CRC, and whether it is left out. A chunk cut short ends the walk and
        /// is kept with what follows, so that the decoder says the file is cut short.
        /// </summary>
        private static void Walk(byte[] png, Action<int, int, bool> chunk)
        {
            int at = SignatureBytes;
            while (at < png.Length)
            {
                long length = png.Length - at >= 8 ? (uint)(png[at] << 24 | png[at + 1] << 16 | png[at + 2] << 8 | png[at + 3]) : -1;
                if (length < 0 || length > png.Length - at - 12L)
                {
                    chunk(at, png.Length - at, false);
                    return;
                }
                int total = (int)length + 12;
                chunk(at, total, LeftOut(png, at + 4, length));
                at += total;
            }
        }

        private static bool LeftOut(byte[] png, int type, long length)
        {
            // An ancillary chunk's type starts with a lower-case letter (bit 5 of its first byte).
            if ((png[type] & 0x20) == 0) return false;
            string name = System.Text.Encoding.ASCII.GetString(png, type, 4);
            bool text = name == "tEXt" || name == "zTXt" || name == "iTXt";
            return text || length > MaxAncillaryBytes;
        }
    }
}
