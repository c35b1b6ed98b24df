using System;
using System.Collections.Generic;
using SkiaSharp;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>A mask read one row at a time, top to bottom: four bytes a pixel, R G B A.</summary>
    public interface IMaskRows : IDisposable
    {
        int Width { get; }
        int Height { get; }

        /// <summary>The next row; its bytes are valid until the next call.</summary>
        ReadOnlySpan<byte> NextRow();
    }

    /// <summary>A decoded mask: width, height and RGBA bytes (unpremultiplied, no colour management).</summary>
    public sealed class DecodedMask : IMaskRows
    {
        private int _row;

        public DecodedMask(int width, int height, byte[] rgba)
        {
            Width = width;
            Height = height;
            Rgba = rgba;
        }

        public int Width { get; }
        public int Height { get; }

        /// <summary>Four bytes a pixel, R G B A, row by row.</summary>
        public byte[] Rgba { get; }

        /// <summary>Decoded from a lossy format (a JPEG mask, as the edge application writes some): its colours are near the map's, not
        /// on them, until <see cref="SnapTo"/>.</summary>
        public bool Lossy { get; set; }

        /// <summary>
        /// Each opaque pixel moved to the nearest of <paramref name="colors"/> (0xRRGGBB) within <paramref name="tolerance"/> per channel
        /// on average (root mean square); a pixel near none keeps its colour, and is counted as a colour in no map.
        /// </summary>
        public void SnapTo(IReadOnlyList<int> colors, int tolerance = 40)
        {
            long limit = 3L * tolerance * tolerance;
            for (int i = 0; i < Rgba.Length; i += 4)
            {
                if (Rgba[i + 3] == 0) continue;
                long best = long.MaxValue;
                int nearest = -1;
                foreach (int c in colors)
                {
                    long dr = Rgba[i] - ((c >> 16) & 0xFF), dg = Rgba[i + 1] - ((c >> 8) & 0xFF), db = Rgba[i + 2] - (c & 0xFF);
                    long d = dr * dr + dg * dg + db * db;
                    if (d < best) { best = d; nearest = c; }
                }
                if (nearest < 0 || best > limit) continue;
                Rgba[i] = (byte)(nearest >> 16);
                Rgba[i + 1] = (byte)(nearest >> 8);
                Rgba[i + 2] = (byte)nearest;
                Rgba[i + 3] = 255;
            }
        }

        public ReadOnlySpan<byte> NextRow() => new ReadOnlySpan<byte>(Rgba, Width * 4 * _row++, Width * 4);

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// A PNG decoded whole into a pooled buffer, the fastest way through libpng for masks of ordinary size; the buffer
    /// goes back to the pool (and is reused by the next mask) when the mask is disposed.
    /// </summary>
    internal sealed class PooledMask : IMaskRows
    {
        private readonly byte[] _pixels;
        private readonly int _rowBytes;
        private int _row;

        public PooledMask(byte[] pixels, int width, int height, int rowBytes)
        {
            _pixels = pixels;
            Width = width;
            Height = height;
            _rowBytes = rowBytes;
        }

        public int Width { get; }
        public int Height { get; }

        public ReadOnlySpan<byte> NextRow() => new ReadOnlySpan<byte>(_pixels, _rowBytes * _row++, _rowBytes);

        public void Dispose() => System.Buffers.ArrayPool<byte>.Shared.Return(_pixels);
    }

    /// <summary>A mask with nothing marked: every pixel transparent, so background (a normal image's ground truth).</summary>
    public sealed class BlankMask : IMaskRows
    {
        private readonly byte[] _row;

        public BlankMask(int width, int height)
        {
            Width = width;
            Height = height;
            _row = new byte[4 * width];
        }

        public int Width { get; }
        public int Height { get; }

        public ReadOnlySpan<byte> NextRow() => _row;

        public void Dispose()
        {
        }
    }
}
