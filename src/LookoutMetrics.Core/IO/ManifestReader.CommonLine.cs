using System;
using System.Text.Json;

namespace LookoutMetrics.IO
{
    public static partial class ManifestReader
    {
        private static readonly byte[] SourceRefKey = System.Text.Encoding.ASCII.GetBytes("source-ref");
        private static readonly byte[] ConfidenceKey = System.Text.Encoding.ASCII.GetBytes("confidence");
        private static readonly byte[] ModelArnKey = System.Text.Encoding.ASCII.GetBytes("model-arn");
        private static readonly byte[] ProjectNameKey = System.Text.Encoding.ASCII.GetBytes("project-name");
        private static readonly byte[] ModelVersionKey = System.Text.Encoding.ASCII.GetBytes("model-version");
        private static readonly byte[] RefSuffix = System.Text.Encoding.ASCII.GetBytes("-ref");
        private static readonly byte[] RefDetectedSuffix = System.Text.Encoding.ASCII.GetBytes("-ref-detected");

        /// <summary>
        /// A line of the shape Lookout for Vision writes for a classification model, read in one forward pass without
        /// building a document: 'source-ref', the label, its '-detected' prediction and the confidence, model ARN,
        /// project and version of its '-detected-metadata'. Anything else (a problem of any kind, a mask reference, a
        /// repeated or escaped key, a number where a name is expected, no 'anomaly-label' and no -LabelAttribute)
        /// returns null, and the line is read by <see cref="ParseAnyLine"/>, which says what is wrong with it. For every
        /// line this accepts, the image is the one <see cref="ParseAnyLine"/> gives (a test compares the two).
        /// </summary>
        internal static EvaluationImage? TryParseCommonLine(ReadOnlySpan<byte> line, long lineNumber, LineContext ctx)
        {
            try
            {
                var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                string? sourceRef = null, modelArn = null, project = null, version = null;
                int actual = -1, predicted = -1;
                double confidence = double.NaN;
                bool sawMetadata = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueIsEscaped) return null;
                    var name = reader.ValueSpan;
                    if (!reader.Read()) return null;
                    if (name.SequenceEqual(SourceRefKey))
                    {
                        if (sourceRef != null || reader.TokenType != JsonTokenType.String) return null;
                        sourceRef = reader.GetString();
                        if (string.IsNullOrEmpty(sourceRef) || sourceRef!.Length > MaxReferenceChars) return null;
                    }
                    else if (name.SequenceEqual(ctx.LabelKey))
                    {
                        if (actual >= 0 || (actual = ReadClass(ref reader)) < 0) return null;
                    }
                    else if (name.SequenceEqual(ctx.DetectedKey))
                    {
                        if (predicted >= 0 || (predicted = ReadClass(ref reader)) < 0) return null;
                    }
                    else if (name.SequenceEqual(ctx.DetectedMetadataKey))
                    {
                        if (sawMetadata || reader.TokenType != JsonTokenType.StartObject) return null;
                        sawMetadata = true;
                        if (!ReadDetectedMetadata(ref reader, ctx, ref confidence, ref modelArn, ref project, ref version)) return null;
                    }
                    else
                    {
                        // Masks (and names that are not plain ASCII, whose reading may fail) are for the full reader.
                        if (name.EndsWith(RefSuffix) || name.EndsWith(RefDetectedSuffix) || !IsAscii(name)) return null;
                        reader.Skip();
                    }
                }
                // The object must end the line: anything after it is for the full reader to name.
                if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
                if (sourceRef == null || actual < 0 || predicted < 0 || double.IsNaN(confidence)) return null;
                return NewImage(sourceRef, actual == 1, predicted == 1, confidence, modelArn ?? string.Empty,
                    project ?? string.Empty, version ?? string.Empty, lineNumber, ctx);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is ArgumentException)
            {
                // Invalid JSON or text that is not UTF-8: the full reader gives the message.
                return null;
            }
        }

        /// <summary>1 (anomaly) or 0 (normal) from a JSON number; -1 for anything else, which the full reader explains.</summary>
        private static int ReadClass(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double value)) return -1;
            return value == 1.0 ? 1 : value == 0.0 ? 0 : -1;
        }

        private static bool ReadDetectedMetadata(ref Utf8JsonReader reader, LineContext ctx, ref double confidence,
            ref string? modelArn, ref string? project, ref string? version)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                var name = reader.ValueSpan;
                if (!reader.Read()) return false;
                if (name.SequenceEqual(ConfidenceKey))
                {
                    if (!double.IsNaN(confidence) || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double c) ||
                        double.IsNaN(c) || c < 0.0 || c > 1.0) return false;
                    confidence = c;
                }
                else if (name.SequenceEqual(ModelArnKey))
                {
                    if (modelArn != null || (modelArn = ReadText(ref reader, ctx.Arn)) == null) return false;
                }
                else if (name.SequenceEqual(ProjectNameKey))
                {
                    if (project != null || (project = ReadText(ref reader, ctx.Project)) == null) return false;
                }
                else if (name.SequenceEqual(ModelVersionKey))
                {
                    if (version != null || (version = ReadText(ref reader, ctx.Version)) == null) return false;
                }
                else
                {
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }

        /// <summary>
        /// A text member as the full reader takes it: a string's value; empty for null, true, false, an object or an
        /// array; null (give up) for a number, whose text the full reader keeps as written.
        /// </summary>
        private static string? ReadText(ref Utf8JsonReader reader, RepeatedText repeated)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.ValueIsEscaped ? reader.GetString() : repeated.Get(reader.ValueSpan);
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    reader.Skip();
                    return string.Empty;
                case JsonTokenType.Null:
                case JsonTokenType.True:
                case JsonTokenType.False:
                    return string.Empty;
                default:
                    return null;
            }
        }

        private static bool IsAscii(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (b >= 0x80) return false;
            }
            return true;
        }
    }

    /// <summary>
    /// The string of a UTF-8 value that tends to repeat line after line (a model's ARN): decoded again only when the
    /// bytes change. One instance per reader, used by one thread.
    /// </summary>
    internal sealed class RepeatedText
    {
        private byte[] _bytes = Array.Empty<byte>();
        private string _text = string.Empty;

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.SequenceEqual(_bytes)) return _text;
            // Throws InvalidOperationException on bytes that are not UTF-8, as Utf8JsonReader.GetString does.
            byte[] bytes = utf8.ToArray();
            string text = Utf8Strict.GetString(bytes);
            _bytes = bytes;
            _text = text;
            return text;
        }

        private static readonly System.Text.UTF8Encoding Utf8Strict = new System.Text.UTF8Encoding(false, true);
    }
}
