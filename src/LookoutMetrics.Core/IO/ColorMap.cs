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
            for (int i = 0; i < entries.Count; i++) parts[i] = entries[i].ClassName + "=" + Hex(entries[i].Rgb);
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
                if (eq <= 0 || !TryParseHex(part.Substring(eq + 1), out int rgb)) continue;
                entries.Add(new ColorMapEntry((index++).ToString(CultureInfo.InvariantCulture), part.Substring(0, eq).Trim(), rgb, null));
            }
            return entries;
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
