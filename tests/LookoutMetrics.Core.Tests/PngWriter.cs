using System.IO.Compression;
using System.Text;

namespace LookoutMetrics.Tests;

/// <summary>
/// Writes test masks as PNG in every colour type, bit depth and interlace method the format allows (the test's
/// own small encoder: filter type 0, so the bytes are exactly what the spec describes). Pixels are given as
/// 0xRRGGBB colours; a grey colour type takes the red channel, which the caller keeps grey.
/// </summary>
public static class PngWriter
{
    public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    public static byte[] Write(int width, int height, int[] pixels, int colorType, int bitDepth, bool interlaced)
    {
        int[] palette = colorType == Palette ? pixels.Distinct().ToArray() : [];
        if (colorType == Palette && palette.Length > (1 << bitDepth)) throw new ArgumentException("Too many colours for the bit depth.");

        using var raw = new MemoryStream();
        if (!interlaced) Pass(raw, width, height, (x, y) => pixels[y * width + x], colorType, bitDepth, palette);
        else
        {
            // Adam7: (x0, y0, dx, dy) of the seven passes.
            int[][] passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
            foreach (var p in passes)
            {
                int pw = (width - p[0] + p[2] - 1) / p[2], ph = (height - p[1] + p[3] - 1) / p[3];
                if (pw <= 0 || ph <= 0) continue;
                Pass(raw, pw, ph, (x, y) => pixels[(p[1] + y * p[3]) * width + p[0] + x * p[2]], colorType, bitDepth, palette);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BigEndian(ihdr, 0, (uint)width);
        BigEndian(ihdr, 4, (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)(interlaced ? 1 : 0);
        Chunk(png, "IHDR", ihdr);
        if (colorType == Palette) Chunk(png, "PLTE", palette.SelectMany(c => new[] { (byte)(c >> 16), (byte)(c >> 8), (byte)c }).ToArray());
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG whose header claims this size, with no pixel data worth the name.</summary>
    public static byte[] HeaderOnly(uint width, uint height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BigEndian(ihdr, 0, width);
        BigEndian(ihdr, 4, height);
        ihdr[8] = 8;
        ihdr[9] = Rgb;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Pass(Stream raw, int width, int height, Func<int, int, int> pixel, int colorType, int bitDepth, int[] palette)
    {
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter type None
            var bits = new BitWriter(raw);
            for (int x = 0; x < width; x++)
            {
                int c = pixel(x, y);
                int r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;
                switch (colorType)
                {
                    case Gray: Sample(bits, r, bitDepth); break;
                    case GrayAlpha: Sample(bits, r, bitDepth); Sample(bits, 255, bitDepth); break;
                    case Rgb: Sample(bits, r, bitDepth); Sample(bits, g, bitDepth); Sample(bits, b, bitDepth); break;
                    case Rgba: Sample(bits, r, bitDepth); Sample(bits, g, bitDepth); Sample(bits, b, bitDepth); Sample(bits, 255, bitDepth); break;
                    case Palette: bits.Write(Array.IndexOf(palette, c), bitDepth); break;
                }
            }
            bits.Flush();
        }
    }

    /// <summary>An 8-bit value at a bit depth: 16 bits repeat the byte (v * 257); fewer keep the high bits.</summary>
    private static void Sample(BitWriter bits, int value, int bitDepth)
    {
        if (bitDepth == 16) bits.Write(value * 257, 16);
        else bits.Write(value >> (8 - bitDepth), bitDepth);
    }

    private sealed class BitWriter(Stream stream)
    {
        private int _buffer, _count;

        public void Write(int value, int bitCount)
        {
            for (int i = bitCount - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8) { stream.WriteByte((byte)_buffer); _buffer = 0; _count = 0; }
            }
        }

        public void Flush()
        {
            if (_count == 0) return;
            stream.WriteByte((byte)(_buffer << (8 - _count)));
            _buffer = 0;
            _count = 0;
        }
    }

    /// <summary>A PNG with one more chunk right after its header (IHDR is 8 + 25 bytes in): a text chunk, say, as image tools add.</summary>
    public static byte[] WithChunk(byte[] png, string type, byte[] data)
    {
        using var output = new MemoryStream();
        output.Write(png, 0, 33);
        Chunk(output, type, data);
        output.Write(png, 33, png.Length - 33);
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var len = new byte[4];
        BigEndian(len, 0, (uint)data.Length);
        png.Write(len);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        var crc = new byte[4];
        BigEndian(crc, 0, Crc32(typeAndData));
        png.Write(crc);
    }

    private static void BigEndian(byte[] b, int at, uint v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte d in data)
        {
            crc ^= d;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
