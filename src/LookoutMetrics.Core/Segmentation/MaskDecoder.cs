using SkiaSharp;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// Decodes PNG masks with SkiaSharp (Skia's libpng: every colour type and bit depth the format allows, palette,
    /// 16-bit and interlaced images). The header is read before any pixel, so a mask that claims a huge size is refused
    /// without allocating it. Pixels are decoded to RGBA 8888 with no colour space, so the exact colours of the file
    /// come back (16-bit samples reduce to their high byte, as libpng and Pillow do).
    /// </summary>
    public static class MaskDecoder
    {
        /// <summary>The most pixels a mask may have: 8192 x 8192 (256 MiB decoded). Lookout for Vision masks are at most a few megapixels.</summary>
        public const long MaxPixels = 8192L * 8192L;

        /// <summary>Up to this many pixels (16 MiB decoded) a mask is decoded whole into a pooled buffer; larger ones a chunk of rows at a
        /// time.</summary>
        public const long WholeDecodePixels = 2048L * 2048L;

        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>
        /// Opens a mask for reading row by row (what the pixel counter uses: one row in memory at a time). The header is
        /// checked first; a file that is not a PNG, is damaged or claims too many pixels is a <see cref="MaskException"/>.
        /// </summary>
        public static IMaskRows Open(byte[] bytes, string name)
        {
            bytes = PngChunks.Essential(EmbeddedMask.Unwrap(bytes, name));
            if (IsJpeg(bytes)) return DecodeJpeg(bytes, name);
            if (!IsPng(bytes))
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData,
                    $"The mask '{name}' is not a PNG file ({Describe(bytes)}). Masks are the PNG files Lookout for Vision wrote; check " +
                        $"the reference or -MaskRoot.");
            var data = SKData.CreateCopy(bytes);
            var codec = SKCodec.Create(data);
            bool handedOver = false;
            try
            {
                if (codec == null)
                    throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"The mask '{name}' is a damaged PNG file: its " +
                        $"header cannot be read.");
                var info = Checked(codec.Info, name);
                var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
                if ((long)info.Width * info.Height <= WholeDecodePixels)
                {
                    // Whole, into a pooled buffer that goes back to the pool when the mask is disposed.
                    var pixels = System.Buffers.ArrayPool<byte>.Shared.Rent(target.BytesSize);
                    try
                    {
                        DecodeInto(codec, target, pixels, name);
                    }
                    catch
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(pixels);
                        throw;
                    }
                    return new PooledMask(pixels, info.Width, info.Height, target.RowBytes);
                }
                if (codec.StartScanlineDecode(target) == SKCodecResult.Success && codec.ScanlineOrder == SKCodecScanlineOrder.TopDown)
                {
                    // A chunk of rows at a time; the mask owns the codec and its data from here on.
                    handedOver = true;
                    return new ScanlineMask(data, codec, target, name);
                }
            }
            finally
            {
                if (!handedOver)
                {
                    codec?.Dispose();
                    data.Dispose();
                }
            }
            return Decode(bytes, name);
        }

        private static SKImageInfo Checked(SKImageInfo info, string name)
        {
            if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaxPixels)
                throw new MaskException(ErrorIds.MaskTooLarge, ErrorKind.InvalidData,
                    $"The mask '{name}' claims {info.Width} x {info.Height} pixels; a mask may have at most {MaxPixels:N0}. It is not decoded.");
            return info;
        }

        /// <summary>Decodes a whole mask into memory.</summary>
        public static DecodedMask Decode(byte[] bytes, string name)
        {
            bytes = PngChunks.Essential(EmbeddedMask.Unwrap(bytes, name));
            if (IsJpeg(bytes)) return DecodeJpeg(bytes, name);
            if (!IsPng(bytes))
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData,
                    $"The mask '{name}' is not a PNG file ({Describe(bytes)}). Masks are the PNG files Lookout for Vision wrote; check " +
                        $"the reference or -MaskRoot.");

            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec == null)
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"The mask '{name}' is a damaged PNG file: its " +
                    $"header cannot be read.");
            var info = Checked(codec.Info, name);

            var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
            var pixels = new byte[checked(target.BytesSize)];
            DecodeInto(codec, target, pixels, name);
            return new DecodedMask(info.Width, info.Height, pixels);
        }

        private static void DecodeInto(SKCodec codec, SKImageInfo target, byte[] pixels, string name)
        {
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
            SKCodecResult result;
            try
            {
                result = codec.GetPixels(target, handle.AddrOfPinnedObject());
            }
            finally
            {
                handle.Free();
            }
            if (result != SKCodecResult.Success)
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData,
                    $"The mask '{name}' is a damaged PNG file: decoding stopped with " +
                        $"'{result}'{(result == SKCodecResult.IncompleteInput ? " (the file is cut short: download it again)" : string.Empty)}.");
        }

        public static bool IsJpeg(byte[] b) => b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;

        /// <summary>
        /// A JPEG mask (the edge application writes some), decoded whole and marked lossy: its colours are snapped to its map's before
        /// it is counted (<see cref="DecodedMask.SnapTo"/>). The pixel cap of PNG masks holds.
        /// </summary>
        private static DecodedMask DecodeJpeg(byte[] bytes, string name)
        {
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec == null)
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"The mask '{name}' is a damaged JPEG file: its " +
                    $"header cannot be read.");
            var info = Checked(codec.Info, name);
            var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, null);
            var pixels = new byte[target.BytesSize];
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
            try
            {
                var result = codec.GetPixels(target, handle.AddrOfPinnedObject());
                if (result != SKCodecResult.Success && result != SKCodecResult.IncompleteInput)
                    throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"The mask '{name}' is a damaged JPEG file: " +
                        $"decoding stopped with '{result}'.");
            }
            finally
            {
                handle.Free();
            }
            return new DecodedMask(info.Width, info.Height, pixels) { Lossy = true };
        }

        /// <summary>A grayscale PNG (colour type 0, or 4 with alpha): how anomalib saves its one-class pred_mask.</summary>
        public static bool IsGrayscalePng(byte[] bytes) => IsPng(bytes) && bytes.Length > 25 && (bytes[25] == 0 || bytes[25] == 4);

        public static bool IsPng(byte[] bytes)
        {
            if (bytes.Length < PngSignature.Length) return false;
            for (int i = 0; i < PngSignature.Length; i++)
            {
                if (bytes[i] != PngSignature[i]) return false;
            }
            return true;
        }

        /// <summary>What a file that is not a PNG looks like, for the message.</summary>
        private static string Describe(byte[] b)
        {
            if (b.Length == 0) return "it is empty";
            if (IsJpeg(b)) return "it is a JPEG image";
            if (b.Length >= 2 && b[0] == 0x1F && b[1] == 0x8B) return "it is gzip-compressed";
            int i = 0;
            while (i < b.Length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t' || b[i] == 0xEF || b[i] == 0xBB || b[i] == 0xBF)) i++;
            if (i < b.Length && b[i] == '<') return "it looks like HTML or XML, such as an error page";
            if (i < b.Length && (b[i] == '{' || b[i] == '[')) return "it looks like JSON";
            return $"its first bytes are not the PNG signature";
        }
    }
}
