using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using LookoutMetrics.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>One label's pixels in one image.</summary>
    public sealed class LabelPixels
    {
        public LabelPixels(string className, int rgb)
        {
            ClassName = className;
            Rgb = rgb;
        }

        public string ClassName { get; }

        /// <summary>0xRRGGBB.</summary>
        public int Rgb { get; }

        /// <summary>Pixels of the label in both masks (the intersection).</summary>
        public long TruePositives { get; internal set; }

        /// <summary>Pixels of the label in the predicted mask only.</summary>
        public long FalsePositives { get; internal set; }

        /// <summary>Pixels of the label in the ground-truth mask only.</summary>
        public long FalseNegatives { get; internal set; }

        public long GroundTruthPixels => TruePositives + FalseNegatives;
        public long PredictedPixels => TruePositives + FalsePositives;

        /// <summary>The union of the label's ground-truth and predicted pixels.</summary>
        public long Union => TruePositives + FalsePositives + FalseNegatives;

        /// <summary>Intersection over union; NaN when neither mask has the label.</summary>
        public double IoU => Union == 0 ? double.NaN : (double)TruePositives / Union;
    }

    /// <summary>The counts of one test image: every label of its colour maps, and the colours that are in no map.</summary>
    public sealed class ImagePixelCounts
    {
        public ImagePixelCounts(IReadOnlyList<LabelPixels> labels, IReadOnlyDictionary<int, long> unknownColors, long pixels)
        {
            Labels = labels;
            UnknownColors = unknownColors;
            Pixels = pixels;
        }

        public IReadOnlyList<LabelPixels> Labels { get; }

        /// <summary>0xRRGGBB to pixel count, for colours in neither mask's colour map (counted as no label).</summary>
        public IReadOnlyDictionary<int, long> UnknownColors { get; }

        public long Pixels { get; }
    }

    /// <summary>
    /// Counts the pixels of every label in a ground-truth and a predicted mask of the same size. A pixel with alpha 0 is
    /// background whatever its RGB (the console's masks are drawn on transparent black, and their soft edges leave the
    /// label's RGB on fully transparent pixels); any other pixel belongs to a label when its RGB is the label's hex
    /// colour (either case in the map), at any alpha. The labels are the non-background entries of both colour maps,
    /// the ground truth's colour winning a clash; the background is every entry named BACKGROUND or coloured #ffffff,
    /// whatever its index.
    /// </summary>
    public static class PixelCounter
    {
        // Optimized at once (MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name): the loop runs over
        // millions of pixels from its first call, so starting it in the quick, unoptimized tier would only cost.
        [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)512)]
        public static ImagePixelCounts Count(IMaskRows groundTruth, IMaskRows predicted,
            IReadOnlyList<ColorMapEntry> groundTruthMap, IReadOnlyList<ColorMapEntry> predictedMap, string image)
        {
            if (groundTruth.Width != predicted.Width || groundTruth.Height != predicted.Height)
                throw new MaskException(ErrorIds.MaskSizeMismatch, ErrorKind.InvalidData,
                    $"The masks of '{image}' differ in size: ground truth {groundTruth.Width} x {groundTruth.Height}, prediction " +
                        $"{predicted.Width} x {predicted.Height}. Check that both belong to this image.");

            // Colours as the little-endian uint of R G B A bytes, alpha masked off: R | G << 8 | B << 16; a transparent
            // pixel reads as #ffffff, which is always background.
            var labels = new List<LabelPixels>();
            var keys = new List<uint>();
            var background = new List<uint> { Key(0xFFFFFF) };
            void AddMap(IReadOnlyList<ColorMapEntry> map)
            {
                foreach (var entry in map)
                {
                    uint key = Key(entry.Rgb);
                    if (entry.IsBackground)
                    {
                        if (!background.Contains(key)) background.Add(key);
                        continue;
                    }
                    if (keys.Contains(key) || labels.Exists(l => l.ClassName == entry.ClassName)) continue;
                    keys.Add(key);
                    labels.Add(new LabelPixels(entry.ClassName, entry.Rgb));
                }
            }
            AddMap(groundTruthMap);
            AddMap(predictedMap);

            var tp = new long[labels.Count];
            var fp = new long[labels.Count];
            var fn = new long[labels.Count];
            var unknown = new Dictionary<uint, long>();
            uint[] keyArray = keys.ToArray();
            uint[] backgroundArray = background.ToArray();

            const uint RgbBits = 0x00FFFFFF, AlphaBits = 0xFF000000, Transparent = 0x00FFFFFF;
            uint lastGtKey = uint.MaxValue, lastPrKey = uint.MaxValue;
            int lastGt = -1, lastPr = -1;
            int lanes = System.Numerics.Vector<uint>.Count;
            var rgbMask = new System.Numerics.Vector<uint>(RgbBits);
            var alphaMask = new System.Numerics.Vector<uint>(AlphaBits);
            var transparent = new System.Numerics.Vector<uint>(Transparent);
            for (int y = 0; y < groundTruth.Height; y++)
            {
                var gt = MemoryMarshal.Cast<byte, uint>(groundTruth.NextRow());
                var pr = MemoryMarshal.Cast<byte, uint>(predicted.NextRow());
                var gtBlocks = MemoryMarshal.Cast<uint, System.Numerics.Vector<uint>>(gt);
                var prBlocks = MemoryMarshal.Cast<uint, System.Numerics.Vector<uint>>(pr);
                int i = 0;
                while (i < gt.Length)
                {
                    // Most of a mask is runs of one colour in both masks (background, or a label both agree on): a
                    // block of lanes that all hold the same colour in both is counted at once.
                    // i is a multiple of the lane count until the row's tail.
                    if (i / lanes < gtBlocks.Length)
                    {
                        var gb = gtBlocks[i / lanes];
                        var pb = prBlocks[i / lanes];
                        // Opaque in both (most masks, everywhere): the RGB as it is; else transparent lanes read as white.
                        bool opaque = System.Numerics.Vector.EqualsAll(gb & pb & alphaMask, alphaMask);
                        var gv = opaque ? gb & rgbMask : Visible(gb, rgbMask, alphaMask, transparent);
                        var pv = opaque ? pb & rgbMask : Visible(pb, rgbMask, alphaMask, transparent);
                        uint first = gv[0];
                        if (System.Numerics.Vector.EqualsAll(gv, pv) && System.Numerics.Vector.EqualsAll(gv, new System.Numerics.Vector<uint>(first)))
                        {
                            int label = first == lastGtKey ? lastGt : (lastGt = Lookup(first, keyArray, backgroundArray, ref lastGtKey));
                            if (label >= 0) tp[label] += lanes;
                            else if (label < -1) CountUnknown(unknown, first, 2 * lanes);
                            i += lanes;
                            continue;
                        }
                    }
                    int end = Math.Min(gt.Length, i + lanes);
                    for (; i < end; i++)
                    {
                        uint g = (gt[i] & AlphaBits) == 0 ? Transparent : gt[i] & RgbBits,
                            p = (pr[i] & AlphaBits) == 0 ? Transparent : pr[i] & RgbBits;
                        int gl = g == lastGtKey ? lastGt : (lastGt = Lookup(g, keyArray, backgroundArray, ref lastGtKey));
                        int pl = p == lastPrKey ? lastPr : (lastPr = Lookup(p, keyArray, backgroundArray, ref lastPrKey));
                        if (gl < -1) CountUnknown(unknown, g, 1);
                        if (pl < -1) CountUnknown(unknown, p, 1);
                        if (gl >= 0 && gl == pl)
                        {
                            tp[gl]++;
                        }
                        else
                        {
                            if (gl >= 0) fn[gl]++;
                            if (pl >= 0) fp[pl]++;
                        }
                    }
                }
            }

            for (int l = 0; l < labels.Count; l++)
            {
                labels[l].TruePositives = tp[l];
                labels[l].FalsePositives = fp[l];
                labels[l].FalseNegatives = fn[l];
            }
            var unknownRgb = new Dictionary<int, long>();
            foreach (var u in unknown) unknownRgb[RgbOf(u.Key)] = u.Value;
            return new ImagePixelCounts(labels, unknownRgb, (long)groundTruth.Width * groundTruth.Height);
        }

        /// <summary>The RGB of each lane, or #ffffff (background) where its alpha is 0.</summary>
        private static System.Numerics.Vector<uint> Visible(System.Numerics.Vector<uint> pixels, System.Numerics.Vector<uint> rgb,
            System.Numerics.Vector<uint> alpha,
            System.Numerics.Vector<uint> transparent) =>
            System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(pixels & alpha, System.Numerics.Vector<uint>.Zero),
                transparent, pixels & rgb);

        /// <summary>The label index of a colour; -1 for background, -2 for a colour in no map.</summary>
        private static int Lookup(uint key, uint[] keys, uint[] background, ref uint last)
        {
            last = key;
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] == key) return i;
            }
            for (int i = 0; i < background.Length; i++)
            {
                if (background[i] == key) return -1;
            }
            return -2;
        }

        private static void CountUnknown(Dictionary<uint, long> unknown, uint key, long pixels)
        {
            unknown.TryGetValue(key, out long n);
            unknown[key] = n + pixels;
        }

        /// <summary>0xRRGGBB to the masked little-endian pixel value.</summary>
        internal static uint Key(int rgb) => (uint)(((rgb >> 16) & 0xFF) | (rgb & 0xFF00) | ((rgb & 0xFF) << 16));

        private static int RgbOf(uint key) => (int)(((key & 0xFF) << 16) | (key & 0xFF00) | ((key >> 16) & 0xFF));
    }
}
