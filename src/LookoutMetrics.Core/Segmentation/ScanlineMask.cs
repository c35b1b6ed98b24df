using System;
using SkiaSharp;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// A PNG decoded a chunk of rows at a time by Skia's scanline decoder: a few rows of pixels are held, however large
    /// the mask (for masks too large to decode whole at little cost).
    /// </summary>
    internal sealed class ScanlineMask : IMaskRows
    {
        /// <summary>Rows are asked of Skia in chunks of about this many bytes: few native calls, little memory.</summary>
        private const int ChunkBytes = 256 << 10;

        private readonly SKData _data;
        private readonly SKCodec _codec;
        private readonly byte[] _chunk;
        private readonly int _rowBytes;
        private readonly int _chunkRows;
        private readonly System.Runtime.InteropServices.GCHandle _pin;
        private readonly string _name;
        private int _rowsRead, _rowsInChunk, _next;

        public ScanlineMask(SKData data, SKCodec codec, SKImageInfo info, string name)
        {
            _data = data;
            _codec = codec;
            _name = name;
            Width = info.Width;
            Height = info.Height;
            _rowBytes = info.RowBytes;
            _chunkRows = Math.Max(1, Math.Min(Height, ChunkBytes / _rowBytes));
            // Pooled: a fresh chunk per mask would be a large-object allocation per mask, and the collections it causes
            // would cost more than the decoding.
            _chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(_chunkRows * _rowBytes);
            _pin = System.Runtime.InteropServices.GCHandle.Alloc(_chunk, System.Runtime.InteropServices.GCHandleType.Pinned);
        }

        public int Width { get; }
        public int Height { get; }

        public ReadOnlySpan<byte> NextRow()
        {
            if (_next == _rowsInChunk)
            {
                int want = Math.Min(_chunkRows, Height - _rowsRead);
                int lines = want <= 0 ? 0 : _codec.GetScanlines(_pin.AddrOfPinnedObject(), want, _rowBytes);
                if (lines != want || want <= 0)
                    throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData,
                        $"The mask '{_name}' is a damaged PNG file: it ends after {_rowsRead + Math.Max(0, lines)} of its {Height} rows " +
                            $"(the file is cut short: download it again).");
                _rowsRead += lines;
                _rowsInChunk = lines;
                _next = 0;
            }
            return new ReadOnlySpan<byte>(_chunk, _rowBytes * _next++, _rowBytes);
        }

        public void Dispose()
        {
            _pin.Free();
            System.Buffers.ArrayPool<byte>.Shared.Return(_chunk);
            _codec.Dispose();
            _data.Dispose();
        }
    }
}
