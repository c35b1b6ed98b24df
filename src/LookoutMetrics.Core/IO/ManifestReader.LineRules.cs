using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LookoutMetrics.Json;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>The rules of one line: label keys, the anomaly score, masks, names, and the problem a bad line is.</summary>
    public static partial class ManifestReader
    {
        /// <summary>What every line of one file shares: its source and the names that the file name gives.</summary>
        internal sealed class LineContext
        {
            public LineContext(string source, string? labelAttribute)
            {
                Source = source;
                LabelAttribute = string.IsNullOrEmpty(labelAttribute) ? null : labelAttribute;
                ArtifactNames.TryParseFileName(source, out FileProject, out FileVersion);
                string label = LabelAttribute ?? DefaultLabelAttribute;
                LabelKey = Encoding.UTF8.GetBytes(label);
                DetectedKey = Encoding.UTF8.GetBytes(label + "-detected");
                DetectedMetadataKey = Encoding.UTF8.GetBytes(label + "-detected-metadata");
            }

            public readonly string Source;
            public readonly string? LabelAttribute;

            /// <summary>A line without a prediction is a test image of a labels-only test set, not a problem.</summary>
            public bool GroundTruthOnly;
            public readonly string FileProject;
            public readonly string FileVersion;

            /// <summary>The label attribute's names as UTF-8, for <see cref="TryParseCommonLine"/>.</summary>
            public readonly byte[] LabelKey, DetectedKey, DetectedMetadataKey;

            /// <summary>The model's ARN, project and version repeat on every line: one string each while they stay the same.</summary>
            public readonly RepeatedText Arn = new RepeatedText(), Project = new RepeatedText(), Version = new RepeatedText();
        }

        /// <summary>A line of the text path (UTF-16 files, TextReaders): parsed as the UTF-8 it encodes to.</summary>
        private static ManifestEntry ParseLine(string line, long lineNumber, LineContext ctx) =>
            ParseLine(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(line)), lineNumber, ctx);

        private static ManifestEntry ParseLine(ReadOnlyMemory<byte> line, long lineNumber, LineContext ctx)
        {
            try
            {
                return ParseJsonLine(line, lineNumber, ctx);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json validates structure, not the UTF-8 inside strings: reading such a string throws.
                return Problem(ctx, lineNumber, "holds bytes that are not UTF-8 inside a string. Save the manifest as UTF-8, or fix or " +
                    "remove the line");
            }
        }

        private static ManifestEntry ParseJsonLine(ReadOnlyMemory<byte> line, long lineNumber, LineContext ctx)
        {
            var common = TryParseCommonLine(line.Span, lineNumber, ctx);
            if (common != null) return ManifestEntry.Of(common);
            return ParseAnyLine(line, lineNumber, ctx);
        }

        /// <summary>
        /// Any line, whatever its shape: the rules of what a line must hold, and the message for each way it does not.
        /// <see cref="TryParseCommonLine"/> must give the same image as this for every line it accepts.
        /// </summary>
        internal static ManifestEntry ParseAnyLine(ReadOnlyMemory<byte> line, long lineNumber, LineContext ctx)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                return Problem(ctx, lineNumber, $"is not valid JSON ({JsonValues.FirstSentence(e.Message)}). The line may be truncated or " +
                    $"edited by hand: fix or remove it");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return Problem(ctx, lineNumber, $"is a JSON {Describe(root.ValueKind)}, not an object with 'source-ref' and labels");

                string sourceRef = JsonValues.String(root, "source-ref");
                if (sourceRef.Length == 0)
                    return Problem(ctx, lineNumber, "has no 'source-ref': every manifest line names its image");
                if (TooLong(root, sourceRef) is { } tooLong) return Problem(ctx, lineNumber, tooLong);

                string? labelKey = ctx.LabelAttribute ?? FindLabelAttribute(root, ctx.GroundTruthOnly);
                if (labelKey == null || !root.TryGetProperty(labelKey, out var actualElement))
                {
                    return Problem(ctx, lineNumber,
                        $"has no ground truth ('{labelKey ?? DefaultLabelAttribute}'). " +
                        "If the manifest uses another label attribute, name it with -LabelAttribute");
                }

                // A key read from the line that it holds twice: the same value twice is read once (and said), two values are an error.
                var repeated = Repeated(root, labelKey);
                if (repeated is { } twice && twice.First != twice.Second)
                    return Problem(ctx, lineNumber, $"holds '{twice.Key}' twice, as {Shorten(twice.First)} and then {Shorten(twice.Second)}: " +
                        "which one is meant cannot be told, so the line is not used. Fix the line");
                var warning = repeated is { } same ? new DataProblem(ErrorIds.DuplicateKey, ctx.Source, lineNumber, $"Line {lineNumber} of " +
                    $"'{ctx.Source}' holds '{same.Key}' twice, with the same value both times; it is read once.") : null;

                if (!TryReadClass(actualElement, out bool actualAnomaly))
                    return Problem(ctx, lineNumber, $"has ground truth '{labelKey}' = {Shorten(actualElement.GetRawText())}; expected 1 " +
                        $"(anomaly) or 0 (normal)");

                string detectedKey = labelKey + "-detected";
                if (!root.TryGetProperty(detectedKey, out var predictedElement) && ctx.GroundTruthOnly)
                {
                    var labelled = NewImage(sourceRef, actualAnomaly, false, 0.0, string.Empty, string.Empty, string.Empty, lineNumber, ctx);
                    ReadMasks(root, labelled);
                    return ManifestEntry.Of(labelled, warning);
                }
                if (predictedElement.ValueKind == JsonValueKind.Undefined)
                    return Problem(ctx, lineNumber, $"{NoPrediction}'{detectedKey}'): is this the evaluation manifest of a trained model, " +
                        $"not a dataset manifest?");

                if (!TryReadClass(predictedElement, out bool predictedAnomaly))
                    return Problem(ctx, lineNumber, $"has prediction '{detectedKey}' = {Shorten(predictedElement.GetRawText())}; expected " +
                        $"1 (anomaly) or 0 (normal)");

                root.TryGetProperty(detectedKey + "-metadata", out var detectedMeta);
                if (detectedMeta.ValueKind != JsonValueKind.Object ||
                    !detectedMeta.TryGetProperty("confidence", out var confidenceElement))
                    return Problem(ctx, lineNumber, $"has no confidence ('{detectedKey}-metadata'.confidence)");

                if (confidenceElement.ValueKind != JsonValueKind.Number || !confidenceElement.TryGetDouble(out double confidence) ||
                    double.IsNaN(confidence) || confidence < 0.0 || confidence > 1.0)
                    return Problem(ctx, lineNumber, $"has confidence {Shorten(confidenceElement.GetRawText())}; a confidence is a number " +
                        $"from 0 to 1");

                var image = NewImage(sourceRef, actualAnomaly, predictedAnomaly, confidence, JsonValues.String(detectedMeta, "model-arn"),
                    JsonValues.String(detectedMeta, "project-name"), JsonValues.String(detectedMeta, "model-version"), lineNumber, ctx);
                ReadMasks(root, image);
                return ManifestEntry.Of(image, warning);
            }
        }

        /// <summary>
        /// Why a line's references cannot be used when one is longer than <see cref="MaxReferenceChars"/> (its source-ref, or a mask's):
        /// the key, its length and the cap; null when none is.
        /// </summary>
        private static string? TooLong(JsonElement root, string sourceRef)
        {
            string? key = sourceRef.Length > MaxReferenceChars ? "source-ref" : null;
            int length = sourceRef.Length;
            if (key == null)
            {
                foreach (var p in root.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || !p.Name.EndsWith("-ref", StringComparison.Ordinal) &&
                        !p.Name.EndsWith("-ref-detected", StringComparison.Ordinal)) continue;
                    length = p.Value.GetString()?.Length ?? 0;
                    if (length <= MaxReferenceChars) continue;
                    key = p.Name;
                    break;
                }
            }
            return key == null ? null : $"has a '{key}' of {length:N0} characters; a reference may be at most {MaxReferenceChars:N0} (an S3 " +
                "key is at most 1,024 bytes, a path 4,096), so the line is not used. Fix or remove the line";
        }

        /// <summary>The longest reference (source-ref, a mask's) a line may hold: 4,096 characters, the longest path Linux allows.</summary>
        public const int MaxReferenceChars = 4096;

        /// <summary>
        /// The first key that a line holds twice among those read from it (source-ref, the labels, the masks and their metadata, and
        /// the prediction's confidence, model ARN, project and version), with the text of both values; null when there is none.
        /// System.Text.Json keeps both and a lookup finds one, so that "true then false" would silently read as one of them.
        /// </summary>
        private static (string Key, string First, string Second)? Repeated(JsonElement root, string labelKey)
        {
            string detectedKey = labelKey + "-detected", metadataKey = detectedKey + "-metadata";
            var found = RepeatedIn(root, string.Empty, p => NameOf(p) is { } name && (name == "source-ref" || name == labelKey ||
                name == detectedKey || name == metadataKey || name.EndsWith("-ref", StringComparison.Ordinal) ||
                name.EndsWith("-ref-detected", StringComparison.Ordinal) || name.EndsWith("-ref-metadata", StringComparison.Ordinal) ||
                name.EndsWith("-ref-detected-metadata", StringComparison.Ordinal)) ? name : null);
            if (found is { } f && f.First != f.Second) return found;
            if (!root.TryGetProperty(metadataKey, out var meta) || meta.ValueKind != JsonValueKind.Object) return found;
            // The metadata's other names are never decoded (one that is not UTF-8 is skipped, as the one-pass reader skips it).
            return RepeatedIn(meta, metadataKey + ".", p => Array.Find(MetadataKeysRead, k => p.NameEquals(k))) is { } inner &&
                (found == null || inner.First != inner.Second) ? inner : found;
        }

        /// <summary>A member's name; null for one that is not UTF-8 (a key nothing reads, which costs the line nothing).</summary>
        private static string? NameOf(JsonProperty p)
        {
            try
            {
                return p.Name;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static readonly string[] MetadataKeysRead = { "confidence", "model-arn", "project-name", "model-version" };

        private static (string Key, string First, string Second)? RepeatedIn(JsonElement obj, string prefix, Func<JsonProperty, string?> keyOf)
        {
            // Values are turned into text only when their key repeats: the text of a value nothing reads is never decoded.
            (string, string, string)? same = null;
            Dictionary<string, JsonElement>? seen = null;
            foreach (var p in obj.EnumerateObject())
            {
                if (keyOf(p) is not { } key) continue;
                seen ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                if (!seen.TryGetValue(key, out var earlier))
                {
                    seen[key] = p.Value;
                    continue;
                }
                string first = earlier.GetRawText(), raw = p.Value.GetRawText();
                if (first != raw) return (prefix + key, first, raw);
                same ??= (prefix + key, first, raw);
            }
            return same;
        }

        /// <summary>
        /// 'anomaly-label' when present; otherwise the first attribute X with both 'X-metadata' and 'X-detected'
        /// (dataset manifests may name the label attribute differently).
        /// </summary>
        private static string? FindLabelAttribute(JsonElement root, bool groundTruthOnly = false)
        {
            if (root.TryGetProperty(DefaultLabelAttribute, out _)) return DefaultLabelAttribute;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name.EndsWith("-metadata", StringComparison.Ordinal) || p.Name.EndsWith("-detected", StringComparison.Ordinal)) continue;
                if (p.Value.ValueKind != JsonValueKind.Number) continue;
                if (root.TryGetProperty(p.Name + "-detected", out _) && root.TryGetProperty(p.Name + "-metadata", out _)) return p.Name;
                // A Ground Truth labelling job's output names its attribute after the job: X and X-metadata of type image-classification.
                if (groundTruthOnly && root.TryGetProperty(p.Name + "-metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                    JsonValues.String(meta, "type").IndexOf("image-classification", StringComparison.Ordinal) >= 0) return p.Name;
            }
            return null;
        }

        private static bool TryReadClass(JsonElement e, out bool anomaly)
        {
            anomaly = false;
            double value;
            switch (e.ValueKind)
            {
                case JsonValueKind.Number:
                    if (!e.TryGetDouble(out value)) return false;
                    break;
                case JsonValueKind.String:
                    if (!double.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return false;
                    break;
                default:
                    return false;
            }
            if (value == 1.0) { anomaly = true; return true; }
            return value == 0.0;
        }

        /// <summary>An image from what its line holds: both ways of reading a line end here.</summary>
        private static EvaluationImage NewImage(string sourceRef, bool actualAnomaly, bool predictedAnomaly, double confidence,
            string modelArn, string project, string version, long lineNumber, LineContext ctx)
        {
            var image = new EvaluationImage
            {
                SourceRef = sourceRef,
                ImageName = ArtifactNames.LastSegment(sourceRef),
                ActualLabel = actualAnomaly ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                PredictedLabel = predictedAnomaly ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel,
                Confidence = confidence,
                AnomalyScore = Metrics.ClassificationMetrics.AnomalyScore(predictedAnomaly, confidence),
                IsCorrect = actualAnomaly == predictedAnomaly,
                Outcome = Metrics.ClassificationMetrics.OutcomeOf(actualAnomaly, predictedAnomaly),
                ModelArn = modelArn,
                LineNumber = lineNumber,
                Source = ctx.Source,
            };
            SetNames(image, project, version, ctx);
            return image;
        }

        private static void SetNames(EvaluationImage image, string project, string version, LineContext ctx)
        {
            if ((project.Length == 0 || version.Length == 0) &&
                ArtifactNames.TryParseModelArn(image.ModelArn, out var arnProject, out var arnVersion))
            {
                if (project.Length == 0) project = arnProject;
                if (version.Length == 0) version = arnVersion;
            }
            image.ProjectName = project.Length > 0 ? project : ctx.FileProject;
            image.ModelVersion = version.Length > 0 ? version : ctx.FileVersion;
        }

        /// <summary>
        /// AWS documented only the ground-truth mask key, so any '*-ref' (other than source-ref) is taken as the
        /// ground-truth mask and any '*-ref-detected' as the predicted mask, with the colour map of its '-metadata'.
        /// </summary>
        private static void ReadMasks(JsonElement root, EvaluationImage image)
        {
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                string name = p.Name;
                if (name.EndsWith("-ref-detected", StringComparison.Ordinal))
                {
                    if (image.PredictedAnomalyMaskRef.Length > 0) continue;
                    image.PredictedAnomalyMaskRef = p.Value.GetString() ?? string.Empty;
                    var map = ColorMap.Read(root, name + "-metadata");
                    image.PredictedAnomalyClasses = ClassesOf(map);
                    image.PredictedAnomalyColorMap = ColorMap.Format(map);
                }
                else if (name.EndsWith("-ref", StringComparison.Ordinal) && name != "source-ref")
                {
                    if (image.AnomalyMaskRef.Length > 0) continue;
                    image.AnomalyMaskRef = p.Value.GetString() ?? string.Empty;
                    var map = ColorMap.Read(root, name + "-metadata");
                    image.AnomalyClasses = ClassesOf(map);
                    image.AnomalyColorMap = ColorMap.Format(map);
                }
            }
        }

        internal static LabelList ClassesOf(IReadOnlyList<ColorMapEntry> map)
        {
            if (map.Count == 0) return LabelList.Empty;
            var names = new List<string>(map.Count);
            foreach (var entry in map)
            {
                if (!entry.IsBackground && !names.Contains(entry.ClassName)) names.Add(entry.ClassName);
            }
            return new LabelList(names);
        }

        private static ManifestEntry Problem(LineContext ctx, long lineNumber, string what) =>
            ManifestEntry.Of(new DataProblem(ErrorIds.InvalidManifestLine, ctx.Source, lineNumber,
                $"Line {lineNumber} of '{ctx.Source}' {what}. The other lines are read as usual."));

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Null => "null",
            _ => kind.ToString().ToLowerInvariant(),
        };

        private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw.Substring(0, 37) + "...";
    }
}
