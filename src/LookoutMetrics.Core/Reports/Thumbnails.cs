using System;
using System.Collections.Generic;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Sources;
using SkiaSharp;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Reports
{
    /// <summary>
    /// The report's thumbnails, drawn by SkiaSharp (the decoder the masks use): the test image scaled to fit, the
    /// predicted mask filled in the labels' colours, half transparent, and the ground-truth mask's outline in the same
    /// colours, then encoded as a small JPEG data: URI.
    /// </summary>
    public static class Thumbnails
    {
        /// <summary>Four times the size the page's grid shows: sharp on high-density screens, and at full size when opened.</summary>
        public const int Width = 688, Height = 516;

        /// <summary>
        /// Where an image's picture and masks are (under -ImageRoot and -MaskRoot, beside the manifest, or in S3); a
        /// reference that cannot be located is a MaskException. Located first, on the caller's thread, so that the caller
        /// knows whether S3 is needed before anything is fetched.
        /// </summary>
        public static (Location Picture, Location? Truth, Location? Predicted) Locate(EvaluationImage image, string? imageRoot, string? maskRoot)
        {
            Location At(string reference, string source, string? root, string kind, string parameter)
            {
                if (!References.TryLocate(reference, source, root, kind, parameter, out var location, out string error, out bool outside))
                    throw MaskException.BadReference(outside, ErrorIds.InvalidImageReference, error);
                return location;
            }
            return (At(image.SourceRef, image.Source, imageRoot, "image", "-ImageRoot"),
                image.AnomalyMaskRef.Length > 0 ? At(image.AnomalyMaskRef, image.Source, maskRoot, "mask", "-MaskRoot") : null,
                image.PredictedAnomalyMaskRef.Length > 0 ? At(image.PredictedAnomalyMaskRef, MaskPlan.PredictionSource(image), maskRoot,
                    "predicted mask", "-MaskRoot") : null);
        }

        /// <summary>Fetches what <see cref="Locate"/> found and renders the thumbnail; a picture or mask that cannot be used is a
        /// MaskException.</summary>
        public static async System.Threading.Tasks.Task<string> RenderAsync(EvaluationImage image, (Location Picture, Location? Truth,
            Location? Predicted) at,
            ArtifactStores stores, System.Threading.CancellationToken cancel)
        {
            byte[] picture = await SegmentationPipeline.FetchAsync(at.Picture, stores, image, cancel, "image", "-ImageRoot").ConfigureAwait(false);
            byte[]? truth = at.Truth != null ? await SegmentationPipeline.FetchAsync(at.Truth, stores, image, cancel).ConfigureAwait(false) : null;
            byte[]? predicted = at.Predicted != null ? await SegmentationPipeline.FetchAsync(at.Predicted, stores, image,
                cancel).ConfigureAwait(false) : null;
            return Render(picture, truth, predicted, ColorMap.Parse(image.AnomalyColorMap), ColorMap.Parse(image.PredictedAnomalyColorMap),
                image.ImageName);
        }

        public static string Render(byte[] image, byte[]? groundTruthMask, byte[]? predictedMask, IReadOnlyList<ColorMapEntry> groundTruthMap,
            IReadOnlyList<ColorMapEntry> predictedMap, string name)
        {
            using var source = DecodePicture(image, name);
            float scale = Math.Min((float)Width / source.Width, (float)Height / source.Height);
            var dest = SKRect.Create((Width - source.Width * scale) / 2, (Height - source.Height * scale) / 2, source.Width * scale,
                source.Height * scale);

            using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            var canvas = surface.Canvas;
            canvas.Clear(new SKColor(0xEE, 0xF0, 0xF3));
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            using (var picture = SKImage.FromBitmap(source)) canvas.DrawImage(picture, dest, sampling);

            var labels = new Dictionary<int, SKColor>();
            foreach (var entry in Concat(groundTruthMap, predictedMap))
            {
                if (!entry.IsBackground) labels[entry.Rgb] = new SKColor((byte)(entry.Rgb >> 16), (byte)(entry.Rgb >> 8), (byte)entry.Rgb);
            }
            if (predictedMask != null) DrawOverlay(canvas, MaskDecoder.Decode(predictedMask, name + " (predicted " +
                "mask)"), labels, dest, sampling, outline: false);
            if (groundTruthMask != null) DrawOverlay(canvas, MaskDecoder.Decode(groundTruthMask, name + " (ground-truth " +
                "mask)"), labels, dest, sampling, outline: true);

            using var snapshot = surface.Snapshot();
            using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 80);
            return "data:image/jpeg;base64," + Convert.ToBase64String(jpeg.ToArray());
        }

        /// <summary>
        /// A picture decoded for its thumbnail, within the masks' pixel cap: its header is read first, so a picture that claims 65000 x
        /// 65000 pixels is a MaskException (and a placeholder in the report), never an attempt to allocate them.
        /// </summary>
        private static SKBitmap DecodePicture(byte[] image, string name)
        {
            using var data = SKData.CreateCopy(PngChunks.Essential(image));
            using var codec = SKCodec.Create(data)
                ?? throw new MaskException(ErrorIds.InvalidImage, ErrorKind.InvalidData, $"The image '{name}' cannot be decoded: it is " +
                    $"not a JPEG or PNG file, or it is damaged.");
            var info = codec.Info;
            if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > MaskDecoder.MaxPixels)
                throw new MaskException(ErrorIds.ImageTooLarge, ErrorKind.InvalidData, $"The image '{name}' claims {info.Width} x " +
                    $"{info.Height} pixels; a picture may have at most {MaskDecoder.MaxPixels:N0}. It is not decoded.");
            try
            {
                return SKBitmap.Decode(codec)
                    ?? throw new MaskException(ErrorIds.InvalidImage, ErrorKind.InvalidData, $"The image '{name}' cannot be decoded: it " +
                        $"is damaged.");
            }
            catch (Exception e) when (!(e is MaskException))
            {
                throw new MaskException(ErrorIds.InvalidImage, ErrorKind.InvalidData, $"The image '{name}' cannot be decoded: " +
                    $"{e.Message}");
            }
        }

        private static IEnumerable<ColorMapEntry> Concat(IReadOnlyList<ColorMapEntry> a, IReadOnlyList<ColorMapEntry> b)
        {
            foreach (var e in a) yield return e;
            foreach (var e in b) yield return e;
        }

        /// <summary>
        /// The labelled pixels of a mask, filled half transparent (the prediction), or only those on a label's edge,
        /// opaque, with a white edge of their own outside (the ground truth, told from a filled prediction of the same
        /// colour at a glance). A pixel with alpha 0 is background whatever its RGB, as the metrics count it.
        /// </summary>
        private static void DrawOverlay(SKCanvas canvas, DecodedMask mask, Dictionary<int, SKColor> labels, SKRect dest,
            SKSamplingOptions sampling, bool outline)
        {
            if (labels.Count == 0) return;
            var info = new SKImageInfo(mask.Width, mask.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var pixels = new byte[mask.Width * mask.Height * 4];
            int w = mask.Width, h = mask.Height;
            int Rgb(int x, int y)
            {
                if (x < 0 || y < 0 || x >= w || y >= h) return -1;
                int i = (y * w + x) * 4;
                return mask.Rgba[i + 3] == 0 ? -1 : (mask.Rgba[i] << 16) | (mask.Rgba[i + 1] << 8) | mask.Rgba[i + 2];
            }
            bool IsLabel(int x, int y) => labels.ContainsKey(Rgb(x, y));
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int rgb = Rgb(x, y), i = (y * w + x) * 4;
                    if (!labels.TryGetValue(rgb, out var color))
                    {
                        // Just outside a ground-truth label's edge: white, so that the outline stands out of any fill.
                        if (outline && (IsLabel(x - 1, y) || IsLabel(x + 1, y) || IsLabel(x, y - 1) || IsLabel(x, y + 1)))
                        {
                            pixels[i] = pixels[i + 1] = pixels[i + 2] = pixels[i + 3] = 255;
                        }
                        continue;
                    }
                    if (outline && Rgb(x - 1, y) == rgb && Rgb(x + 1, y) == rgb && Rgb(x, y - 1) == rgb && Rgb(x, y + 1) == rgb) continue;
                    pixels[i] = color.Red; pixels[i + 1] = color.Green; pixels[i + 2] = color.Blue;
                    pixels[i + 3] = outline ? (byte)255 : (byte)115;
                }
            }
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
            try
            {
                using var image = SKImage.FromPixelCopy(info, handle.AddrOfPinnedObject(), info.RowBytes);
                canvas.DrawImage(image, dest, outline ? new SKSamplingOptions(SKFilterMode.Nearest) : sampling);
            }
            finally
            {
                handle.Free();
            }
        }
    }
}
