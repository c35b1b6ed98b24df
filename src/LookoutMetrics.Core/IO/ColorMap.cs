using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LookoutMetrics.Json;

namespace LookoutMetrics.IO
{
    /// <summary>One entry of a mask's internal-color-map: a class and the colour its pixels have.</summary>
    public sealed class ColorMapEntry
    {
        public ColorMapEntry(string index, string className, int rgb, double? totalPercentageArea)
        {
            Index = index;
            ClassName = className;
            Rgb = rgb;
            TotalPercentageArea = totalPercentageArea;
        }

        public string Index { get; }
        public string ClassName { get; }

        /// <summary>0xRRGGBB.</summary>
        public int Rgb { get; }

        /// <summary>The fraction (0..1) of the image this class covers, when the predicted map carries it.</summary>
        public double? TotalPercentageArea { get; }

        /// <summary>BACKGROUND is #ffffff; index 0 is not always BACKGROUND in real files, so the name and colour decide.</summary>
        public bool IsBackground =>
            string.Equals(ClassName, "BACKGROUND", StringComparison.OrdinalIgnoreCase) || Rgb == 0xFFFFFF;
    }

    /// <summary>Reads '&lt;key&gt;-metadata'.internal-color-map. Hex colours come in either case.</summary>
    public static class ColorMap
    {
        public static IReadOnlyList<ColorMapEntry> Read(JsonElement root, string metadataKey)
        {
            if (!root.TryGetProperty(metadataKey, out var meta) || meta.ValueKind != JsonValueKind.Object ||
                !meta.TryGetProperty("internal-color-map", out var map) || map.ValueKind != JsonValueKind.Object)
                return Array.Empty<ColorMapEntry>();
            return FromEntries(map);
        }

        /// <summary>A colour map's entries by index ({"0": {"class-name", "hex-color", "total-percentage-area"}, ...}).</summary>
        public static IReadOnlyList<ColorMapEntry> FromEntries(JsonElement map)
        {
            if (map.ValueKind != JsonValueKind.Object) return Array.Empty<ColorMapEntry>();
            var entries = new List<ColorMapEntry>();
            foreach (var p in map.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object) continue;
                // The edge Defect Detection Application writes 'name' where the service wrote 'class-name'.
                string name = JsonValues.String(p.Value, "class-name");
                if (name.Length == 0) name = JsonValues.String(p.Value, "name");
                if (!TryParseHex(JsonValues.String(p.Value, "hex-color"), out int rgb) || name.Length == 0) continue;
                double? area = null;
                if (p.Value.TryGetProperty("total-percentage-area", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDouble(out var d))
                    area = d;
                entries.Add(new ColorMapEntry(p.Name, name, rgb, area));
            }
            return entries;
        }

        /// <summary>"BACKGROUND=#ffffff;scratch=#2ca02c": a colour map as one flat text (EvaluationImage.AnomalyColorMap).</summary>
        public static string Format(IReadOnlyList<ColorMapEntry> entries)
        {
            if (entries.Count == 0) return string.Empty;
            var parts = new string[entries.Count];
            for (int i = 0; i < entries.Count; i++) parts[i] = entries[i].ClassName + "=" + (entries[i].Rgb < 0 ? Wildcard : Hex(entries[i].Rgb));
            return string.Join(";", parts);
        }

        /// <summary>Reads <see cref="Format"/>'s text back (a class name may hold '=': the colour is after the last one).</summary>
        public static IReadOnlyList<ColorMapEntry> Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return Array.Empty<ColorMapEntry>();
            var entries = new List<ColorMapEntry>();
            int index = 0;
            foreach (string part in text!.Split(';'))
            {
                int eq = part.LastIndexOf('=');
                int rgb = -1;
                if (eq <= 0 || (part.Substring(eq + 1).Trim() != Wildcard && !TryParseHex(part.Substring(eq + 1), out rgb))) continue;
                entries.Add(new ColorMapEntry((index++).ToString(CultureInfo.InvariantCulture), part.Substring(0, eq).Trim(), rgb, null));
            }
            return entries;
        }

        /// <summary>The colour of a one-class mask's label: every colour but black (anomalib's 0/255 or 0/1 pred_mask).</summary>
        public const string Wildcard = "*";

        /// <summary>Whether a map holds a wildcard entry: a mask with no colour map of its own, one class if it is grayscale.</summary>
        public static bool HasWildcard(IReadOnlyList<ColorMapEntry> map)
        {
            foreach (var entry in map) if (entry.Rgb < 0) return true;
            return false;
        }

        /// <summary>
        /// The maps a one-class (grayscale) predicted mask is read with against an image's ground truth: as the ground truth's label
        /// where the image has one, else as "anomaly" against the union of its labels (the ground truth's colours renamed).
        /// </summary>
        public static (IReadOnlyList<ColorMapEntry> GroundTruth, IReadOnlyList<ColorMapEntry> Predicted) OneClass(IReadOnlyList<ColorMapEntry> truth)
        {
            var labels = new List<ColorMapEntry>();
            foreach (var entry in truth) if (!entry.IsBackground) labels.Add(entry);
            string name = labels.Count == 1 ? labels[0].ClassName : EvaluationImage.AnomalyLabel;
            IReadOnlyList<ColorMapEntry> groundTruth = truth;
            if (labels.Count != 1)
            {
                var renamed = new List<ColorMapEntry>();
                foreach (var entry in truth) renamed.Add(entry.IsBackground ? entry : new ColorMapEntry(entry.Index, name, entry.Rgb, null));
                groundTruth = renamed;
            }
            return (groundTruth, new[] { new ColorMapEntry("0", "BACKGROUND", 0x000000, null), new ColorMapEntry("1", name, -1, null) });
        }

        /// <summary>"#rrggbb", lower case.</summary>
        public static string Hex(int rgb) => "#" + rgb.ToString("x6", CultureInfo.InvariantCulture);

        public static bool TryParseHex(string hex, out int rgb)
        {
            rgb = 0;
            string s = hex.Trim();
            if (s.StartsWith("#", StringComparison.Ordinal)) s = s.Substring(1);
            return s.Length == 6 && int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out rgb);
        }
    }
}
