using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace LookoutMetrics.Json
{
    /// <summary>
    /// Lenient reads of JSON members, shared by the artifact readers, the colour maps and the Lookout for Vision
    /// client: a missing member or one of another kind reads as empty, never as an exception.
    /// </summary>
    public static class JsonValues
    {
        /// <summary>A string member (a number member as its text); empty when missing or of another kind.</summary>
        public static string String(JsonElement obj, string name)
        {
            if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v))
            {
                if (v.ValueKind == JsonValueKind.String) return v.GetString() ?? string.Empty;
                if (v.ValueKind == JsonValueKind.Number) return v.GetRawText();
            }
            return string.Empty;
        }

        /// <summary>An object member, or default (ValueKind Undefined) when missing or of another kind.</summary>
        public static JsonElement Object(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e : default;

        /// <summary>The objects of an array member; nothing when missing or of another kind.</summary>
        public static IEnumerable<JsonElement> Objects(JsonElement parent, string name)
        {
            if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object) yield return item;
                }
            }
        }

        /// <summary>A number member, or null.</summary>
        public static double? Number(JsonElement parent, string name) =>
            parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name,
                out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) ? d : (double?)null;

        /// <summary>A timestamp member: epoch seconds (as the API sends them) or an ISO 8601 string, in UTC; null otherwise.</summary>
        public static DateTime? Time(JsonElement parent, string name)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var e)) return null;
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var seconds)) return Epoch.ToUtc(seconds);
            if (e.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var dto))
                return dto.UtcDateTime;
            return null;
        }

        /// <summary>The first sentence of a System.Text.Json message, without its position details.</summary>
        public static string FirstSentence(string message)
        {
            int i = message.IndexOf(". ", StringComparison.Ordinal);
            return (i > 0 ? message.Substring(0, i) : message).TrimEnd('.');
        }

        /// <summary>
        /// Whether two values are one, however written: numbers by their value (0.9, 0.90 and 9e-1), strings once unescaped, objects
        /// member by member in their order, arrays item by item. A number beyond a double's range is compared by its text; two numbers
        /// that differ only past 28 significant digits (decimal's precision) count as one. Where a string or a member's name is no text
        /// (a lone surrogate escaped, \uD800), the two values are compared as they are written.
        /// </summary>
        public static bool SameValue(JsonElement a, JsonElement b)
        {
            try
            {
                return Same(a, b);
            }
            catch (InvalidOperationException)
            {
                return a.GetRawText() == b.GetRawText();
            }
        }

        private static bool Same(JsonElement a, JsonElement b)
        {
            if (a.ValueKind != b.ValueKind) return false;
            switch (a.ValueKind)
            {
                case JsonValueKind.Number:
                    return SameNumber(a, b);
                case JsonValueKind.String:
                    return a.ValueEquals(b.GetString());
                case JsonValueKind.Object:
                    using (var x = a.EnumerateObject())
                    using (var y = b.EnumerateObject())
                    {
                        while (true)
                        {
                            bool more = x.MoveNext();
                            if (more != y.MoveNext()) return false;
                            if (!more) return true;
                            if (!y.Current.NameEquals(x.Current.Name) || !Same(x.Current.Value, y.Current.Value)) return false;
                        }
                    }
                case JsonValueKind.Array:
                    if (a.GetArrayLength() != b.GetArrayLength()) return false;
                    using (var x = a.EnumerateArray())
                    using (var y = b.EnumerateArray())
                    {
                        while (x.MoveNext() && y.MoveNext())
                        {
                            if (!Same(x.Current, y.Current)) return false;
                        }
                        return true;
                    }
                default:
                    return true;
            }
        }

        /// <summary>A member's name, false where it is no text (a lone surrogate escaped, \uD800), which System.Text.Json will not decode.
        /// </summary>
        public static bool TryName(JsonProperty property, out string name)
        {
            try
            {
                name = property.Name;
                return true;
            }
            catch (InvalidOperationException)
            {
                name = string.Empty;
                return false;
            }
        }

        /// <summary>Two numbers as one value: as doubles, and as decimals as well where both are (a double cannot tell 0.1 from
        /// 0.10000000000000000001, a decimal can up to 28 digits); by their text where either is no finite double.</summary>
        private static bool SameNumber(JsonElement a, JsonElement b)
        {
            if (!a.TryGetDouble(out double u) || !b.TryGetDouble(out double v) || double.IsInfinity(u) || double.IsInfinity(v))
                return a.GetRawText() == b.GetRawText();
            if (u != v) return false;
            return !(a.TryGetDecimal(out decimal x) && b.TryGetDecimal(out decimal y)) || x == y;
        }
    }

    /// <summary>Epoch seconds (as the API sends timestamps) to UTC.</summary>
    public static class Epoch
    {
        private static readonly DateTime Origin = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static DateTime ToUtc(double seconds) => Origin.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }
}
