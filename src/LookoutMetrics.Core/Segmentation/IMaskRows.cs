using System;
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
