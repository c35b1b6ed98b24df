using System;
using System.Collections.Generic;
using System.Linq;
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
        public ImagePixelCounts(IReadOnlyList<LabelPixels> labels, IReadOnlyDictionary<int, long> unknownColors, long pixels,
            IReadOnlyDictionary<int, string>? mapColors = null)
        {
            Labels = labels;
            UnknownColors = unknownColors;
            Pixels = pixels;
            MapColors = mapColors ?? new Dictionary<int, string>();
        }

        /// <summary>0xRRGGBB to label name, of every label colour either mask's map names (to tell what an unknown colour resembles).</summary>
        public IReadOnlyDictionary<int, string> MapColors { get; }

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
            IReadOnlyList<ColorMapEntry> groundTruthMap, IReadOnlyList<ColorMapEntry> predictedMap, string image,
            System.Threading.CancellationToken cancel = default)
        {
            if (groundTruth.Width != predicted.Width || groundTruth.Height != predicted.Height)
                throw new MaskException(ErrorIds.MaskSizeMismatch, ErrorKind.InvalidData,
                    $"The masks of '{image}' differ in size: ground truth {groundTruth.Width} x {groundTruth.Height}, prediction " +
                        $"{predicted.Width} x {predicted.Height}. Check that both belong to this image.");

            // Colours as the little-endian uint of R G B A bytes, alpha masked off: R | G << 8 | B << 16; a transparent
            // pixel reads as #ffffff, which is background (except in a one-class mask, where only black is).
            // Each mask is read in its own colour map; the labels are joined by name (case aside), so a successor that draws
            // "crack" in its own colour is measured against the ground truth's "crack".
            var labels = new List<LabelPixels>();
            int LabelOf(ColorMapEntry entry)
            {
                int found = labels.FindIndex(l => string.Equals(l.ClassName, entry.ClassName, StringComparison.OrdinalIgnoreCase));
                if (found >= 0) return found;
                labels.Add(new LabelPixels(entry.ClassName, entry.Rgb < 0 ? 0 : entry.Rgb));
                return labels.Count - 1;
            }
            (uint[] Keys, int[] Labels, uint[] Background, int Wildcard) Lookups(IReadOnlyList<ColorMapEntry> map)
            {
                var keys = new List<uint>();
                var of = new List<int>();
                int wildcard = -2;
                foreach (var entry in map) if (entry.Rgb < 0 && !entry.IsBackground) wildcard = LabelOf(entry);
                var background = wildcard >= 0 ? new List<uint>() : new List<uint> { Key(0xFFFFFF) };
                foreach (var entry in map)
                {
                    if (entry.Rgb < 0) continue;
                    uint key = Key(entry.Rgb);
                    if (entry.IsBackground)
                    {
                        if (!background.Contains(key)) background.Add(key);
                        continue;
                    }
                    if (keys.Contains(key)) continue;
                    keys.Add(key);
                    of.Add(LabelOf(entry));
                }
                return (keys.ToArray(), of.ToArray(), background.ToArray(), wildcard);
            }
            var gtLookup = Lookups(groundTruthMap);
            var prLookup = Lookups(predictedMap);

            var tp = new long[labels.Count];
            var fp = new long[labels.Count];
            var fn = new long[labels.Count];
            var unknown = new Dictionary<uint, long>();

            const uint RgbBits = 0x00FFFFFF, AlphaBits = 0xFF000000, Transparent = 0x00FFFFFF;
            uint lastGtKey = uint.MaxValue, lastPrKey = uint.MaxValue;
            int lastGt = -1, lastPr = -1;
            int lanes = System.Numerics.Vector<uint>.Count;
            var rgbMask = new System.Numerics.Vector<uint>(RgbBits);
            var alphaMask = new System.Numerics.Vector<uint>(AlphaBits);
            var transparent = new System.Numerics.Vector<uint>(Transparent);
            for (int y = 0; y < groundTruth.Height; y++)
            {
                // A large mask is decoded as its rows are read (ScanlineMask): Ctrl+C is looked at every 64 rows, so that even a mask of
                // the largest size allowed stops within a few milliseconds instead of when it is done.
                if ((y & 63) == 0) cancel.ThrowIfCancellationRequested();
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
                            int gLabel = first == lastGtKey ? lastGt : (lastGt = Lookup(first, gtLookup, ref lastGtKey));
                            int pLabel = first == lastPrKey ? lastPr : (lastPr = Lookup(first, prLookup, ref lastPrKey));
                            if (gLabel == pLabel)
                            {
                                if (gLabel >= 0) tp[gLabel] += lanes;
                                else if (gLabel < -1) CountUnknown(unknown, first, 2 * lanes);
                                i += lanes;
                                continue;
                            }
                        }
                    }
                    int end = Math.Min(gt.Length, i + lanes);
                    for (; i < end; i++)
                    {
                        uint g = (gt[i] & AlphaBits) == 0 ? Transparent : gt[i] & RgbBits,
                            p = (pr[i] & AlphaBits) == 0 ? Transparent : pr[i] & RgbBits;
                        int gl = g == lastGtKey ? lastGt : (lastGt = Lookup(g, gtLookup, ref lastGtKey));
                        int pl = p == lastPrKey ? lastPr : (lastPr = Lookup(p, prLookup, ref lastPrKey));
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
            var mapColors = new Dictionary<int, string>();
            foreach (var entry in groundTruthMap.Concat(predictedMap))
            {
                if (entry.Rgb >= 0 && !entry.IsBackground && !mapColors.ContainsKey(entry.Rgb)) mapColors[entry.Rgb] = entry.ClassName;
            }
            return new ImagePixelCounts(labels, unknownRgb, (long)groundTruth.Width * groundTruth.Height, mapColors);
        }

        /// <summary>The RGB of each lane, or #ffffff (background) where its alpha is 0.</summary>
        private static System.Numerics.Vector<uint> Visible(System.Numerics.Vector<uint> pixels, System.Numerics.Vector<uint> rgb,
            System.Numerics.Vector<uint> alpha,
            System.Numerics.Vector<uint> transparent) =>
            System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(pixels & alpha, System.Numerics.Vector<uint>.Zero),
                transparent, pixels & rgb);

        /// <summary>
        /// The label index of a colour in one mask's map; -1 for background, -2 for a colour in no map (in a one-class map, whose
        /// wildcard takes every colour but its background, the wildcard's label).
        /// </summary>
        private static int Lookup(uint key, (uint[] Keys, int[] Labels, uint[] Background, int Wildcard) map, ref uint last)
        {
            last = key;
            for (int i = 0; i < map.Keys.Length; i++)
            {
                if (map.Keys[i] == key) return map.Labels[i];
            }
            for (int i = 0; i < map.Background.Length; i++)
            {
                if (map.Background[i] == key) return -1;
            }
            return map.Wildcard;
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
