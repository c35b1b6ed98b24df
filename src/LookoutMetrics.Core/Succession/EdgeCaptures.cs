using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LookoutMetrics.IO;
using LookoutMetrics.Json;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// The edge Defect Detection Application's inference-result lines, as its own test captures have them: no source-ref, the image
    /// by deviceFleetAuxiliaryInputs[0]'s data-ref (a placeholder folder such as '&lt;INFER_OUT&gt;' is not a path to follow, so the
    /// file name pairs it), the result as base64 JSON (sometimes over-padded) in the output whose observedContentType is json, the
    /// colour map in json_with_base64_encoding, the mask by data-ref (beside the capture), and eventMetadata naming the device, the
    /// time and the model.
    /// </summary>
    public static class EdgeCaptures
    {
        /// <summary>Whether a record is an inference-result line (its outputs listed, no ground-truth data to read instead).</summary>
        public static bool IsCapture(JsonElement record) => record.ValueKind == JsonValueKind.Object &&
            record.TryGetProperty("deviceFleetAuxiliaryOutputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array;

        /// <summary>The model, device and time eventMetadata names (also on the newer lines with deviceGroundTruthData).</summary>
        public static void ReadEvent(JsonElement record, Prediction prediction)
        {
            var meta = JsonValues.Object(record, "eventMetadata");
            if (meta.ValueKind != JsonValueKind.Object) return;
            string model = JsonValues.String(meta, "modelName"), version = JsonValues.String(meta, "modelVersion");
            prediction.Model = model.Length == 0 ? version : version.Length == 0 ? model : model + "-" + version;
            prediction.Device = JsonValues.String(meta, "deviceId");
            prediction.InferenceTime = JsonValues.String(meta, "inferenceTime");
        }

        public static PredictionEntry Read(JsonElement record, string location, long line, Func<string, string> beside)
        {
            string at = line > 0 ? $"Line {line} of '{location}'" : $"'{location}'";
            string image = string.Empty;
            foreach (var input in JsonValues.Objects(record, "deviceFleetAuxiliaryInputs"))
            {
                image = JsonValues.String(input, "data-ref");
                if (image.Length > 0) break;
            }
            if (image.Length == 0) return Problem(location, line, $"{at} names no image (deviceFleetAuxiliaryInputs[0].data-ref).");
            JsonElement result = default;
            string colorMap = string.Empty, mask = string.Empty;
            foreach (var output in JsonValues.Objects(record, "deviceFleetAuxiliaryOutputs"))
            {
                string type = JsonValues.String(output, "observedContentType");
                if (type == "json" || type == "json_with_base64_encoding")
                {
                    if (!TryDecode(JsonValues.String(output, "data"), out var doc, out string why))
                        return Problem(location, line, $"{at}: its {type} output {why}.");
                    using (doc)
                    {
                        if (type == "json") result = doc.RootElement.Clone();
                        else colorMap = ColorMap.Format(ColorMap.FromEntries(JsonValues.Object(doc.RootElement, "anomalies")));
                    }
                }
                else if (type.StartsWith("mask", StringComparison.OrdinalIgnoreCase) && JsonValues.String(output, "data-ref").Length > 0)
                {
                    mask = beside(WithoutPlaceholder(JsonValues.String(output, "data-ref")));
                }
                else if (type.StartsWith("mask", StringComparison.OrdinalIgnoreCase) && JsonValues.String(output, "data").Length > 0)
                {
                    // Inline: the capture file itself is the mask's reference, and the mask decoder takes the mask out of it.
                    mask = location;
                }
            }
            if (result.ValueKind != JsonValueKind.Object) return Problem(location, line, $"{at} has no json output (the inference result).");
            string verdict = JsonValues.String(result, "Inference result");
            bool? anomalous = string.Equals(verdict, "Anomaly", StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(verdict, "Normal", StringComparison.OrdinalIgnoreCase) ? false : (bool?)null;
            if (anomalous == null) return Problem(location, line, $"{at}: its 'Inference result' is '{JsonValues.FirstSentence(verdict)}', " +
                "neither Anomaly nor Normal (Inference status: " + JsonValues.String(result, "Inference status") + ").");
            if (!result.TryGetProperty("Confidence", out var c) || c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out double confidence) ||
                confidence < 0 || confidence > 1)
                return Problem(location, line, $"{at}: its Confidence is not a number from 0 to 1.");
            double anomalyScore = result.TryGetProperty("Anomaly_score", out var s) && s.ValueKind == JsonValueKind.Number
                ? s.GetDouble() : double.NaN;
            var prediction = new Prediction
            {
                File = location,
                Line = line,
                Image = WithoutPlaceholder(image),
                PredictedAnomaly = anomalous.Value,
                Confidence = confidence,
                AnomalyScore = Metrics.ClassificationMetrics.AnomalyScore(anomalous.Value, confidence),
                AnomalyScoreField = anomalyScore,
                FromConfidence = true,
                MaskRef = mask,
                ColorMap = mask.Length > 0 ? colorMap : string.Empty,
            };
            ReadEvent(record, prediction);
            return new PredictionEntry(prediction);
        }

        /// <summary>The mask a capture carries inline (base64 in the output whose observedContentType is mask.png or mask.jpg).</summary>
        public static byte[] InlineMask(JsonElement record, string name)
        {
            foreach (var output in JsonValues.Objects(record, "deviceFleetAuxiliaryOutputs"))
            {
                string data = JsonValues.String(output, "data");
                bool mask = JsonValues.String(output, "observedContentType").StartsWith("mask", StringComparison.OrdinalIgnoreCase);
                if (!mask || data.Length == 0) continue;
                try
                {
                    return FromBase64(data);
                }
                catch (FormatException)
                {
                    throw new Segmentation.MaskException(Errors.ErrorIds.InvalidMask, Errors.ErrorKind.InvalidData,
                        $"The inline mask of '{name}' is not base64 text: the capture is damaged.");
                }
            }
            throw new Segmentation.MaskException(Errors.ErrorIds.InvalidMask, Errors.ErrorKind.InvalidData,
                $"'{name}' is a capture without an inline mask (an output whose observedContentType is mask.png or mask.jpg, with data).");
        }

        /// <summary>A data-ref without the device's placeholder folder ('&lt;INFER_OUT&gt;/a.jpg' is 'a.jpg').</summary>
        public static string WithoutPlaceholder(string dataRef)
        {
            string r = dataRef.Trim();
            if (r.StartsWith("<", StringComparison.Ordinal))
            {
                int end = r.IndexOf(">/", StringComparison.Ordinal);
                if (end > 0) return r.Substring(end + 2);
            }
            return r;
        }

        /// <summary>Base64 JSON as the application writes it, padding too long or missing.</summary>
        public static bool TryDecode(string base64, out JsonDocument document, out string why)
        {
            document = null!;
            try
            {
                document = JsonDocument.Parse(Encoding.UTF8.GetString(FromBase64(base64)));
                why = string.Empty;
                return true;
            }
            catch (FormatException)
            {
                why = "is not base64";
            }
            catch (JsonException e)
            {
                why = $"is not base64 of JSON ({JsonValues.FirstSentence(e.Message)})";
            }
            return false;
        }

        /// <summary>Base64 as the application writes it, its padding too long (over-padded: '...J9==') or missing, mended first.</summary>
        private static byte[] FromBase64(string text)
        {
            string b = text.Trim().TrimEnd('=');
            return Convert.FromBase64String(b + new string('=', (4 - b.Length % 4) % 4));
        }

        private static PredictionEntry Problem(string location, long line, string message) =>
            new PredictionEntry(new DataProblem(Errors.ErrorIds.InvalidPrediction, location, line, message));
    }
}
