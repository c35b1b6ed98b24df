using System;
using System.Text.Json;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Segmentation
{
    /// <summary>
    /// A predicted mask carried inside a DetectAnomalies result (SageMaker batch transform's '.out' file) as its
    /// base64 'AnomalyMask': the record's mask reference is that file itself, and the PNG is taken out of it here, so a
    /// mask never has to be written to disk or held as text in a record.
    /// </summary>
    public static class EmbeddedMask
    {
        /// <summary>The PNG bytes: <paramref name="bytes"/> themselves, or the AnomalyMask of the JSON they hold.</summary>
        public static byte[] Unwrap(byte[] bytes, string name)
        {
            if (!LooksLikeJson(bytes)) return bytes;
            try
            {
                using var doc = ParseOne(bytes, name);
                // The edge application's capture line with its mask inline: the output whose observedContentType is mask.*.
                if (Succession.EdgeCaptures.IsCapture(doc.RootElement)) return Succession.EdgeCaptures.InlineMask(doc.RootElement, name);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("AnomalyMask",
                    out var mask) && mask.ValueKind == JsonValueKind.String)
                {
                    try
                    {
                        return Convert.FromBase64String(mask.GetString() ?? string.Empty);
                    }
                    catch (FormatException)
                    {
                        throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"The AnomalyMask of '{name}' is not base64 " +
                            $"text: the batch transform's output is damaged; run it again for this image.");
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the PNG check says what it is.
                return bytes;
            }
            throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"'{name}' is a DetectAnomalies result without an " +
                $"AnomalyMask: the model that wrote it predicts no masks.");
        }

        /// <summary>
        /// The one JSON object a mask reference holds: a DetectAnomalies result, or a capture file of one line as the edge
        /// application's uploader writes them. A capture file of more lines is one error: which line's mask is meant cannot be told.
        /// </summary>
        private static JsonDocument ParseOne(byte[] bytes, string name)
        {
            try
            {
                return JsonDocument.Parse(bytes);
            }
            catch (JsonException) when (System.Array.IndexOf(bytes, (byte)'\n') > 0)
            {
                int end = System.Array.IndexOf(bytes, (byte)'\n');
                using var first = JsonDocument.Parse(new System.ReadOnlyMemory<byte>(bytes, 0, end));
                if (!Succession.EdgeCaptures.IsCapture(first.RootElement)) throw;
                throw new MaskException(ErrorIds.InvalidMask, ErrorKind.InvalidData, $"'{name}' holds more than one capture, so which " +
                    "line's inline mask is meant cannot be told: inline masks are read from a capture file of one line, as the edge " +
                    "application's uploader writes them.");
            }
        }

        private static bool LooksLikeJson(byte[] b)
        {
            int i = b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0;
            while (i < b.Length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
            return i < b.Length && b[i] == '{';
        }
    }
}
