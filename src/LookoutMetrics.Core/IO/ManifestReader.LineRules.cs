using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
                Label = label;
                RootKeysRead = Utf8(label);
            }

            public readonly string Source;
            public readonly string? LabelAttribute;

            /// <summary>A line without a prediction is a test image of a labels-only test set, not a problem.</summary>
            public bool GroundTruthOnly;
            public readonly string FileProject;
            public readonly string FileVersion;

            /// <summary>The label attribute's names as UTF-8, for <see cref="TryParseCommonLine"/>.</summary>
            public readonly byte[] LabelKey, DetectedKey, DetectedMetadataKey;

            /// <summary>The label attribute (anomaly-label unless given), and the keys a line's own object is read for, as UTF-8.</summary>
            public readonly string Label;
            internal readonly (string Name, byte[] Utf8)[] RootKeysRead;

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
                if (TooLong("source-ref", sourceRef) is { } tooLong) return Problem(ctx, lineNumber, tooLong);

                string? labelKey = ctx.LabelAttribute ?? FindLabelAttribute(root, ctx.GroundTruthOnly);
                if (labelKey == null || !root.TryGetProperty(labelKey, out var actualElement))
                {
                    return Problem(ctx, lineNumber,
                        $"has no ground truth ('{labelKey ?? DefaultLabelAttribute}'). " +
                        "If the manifest uses another label attribute, name it with -LabelAttribute");
                }

                // A key read from the line that it holds twice: the same value twice is read once (and said), two values are an error.
                var repeated = Repeated(root, labelKey, ctx);
                if (Differs(repeated)) return Problem(ctx, lineNumber, Twice(repeated!.Value.Key, repeated.Value.First, repeated.Value.Second));
                string? sameKey = repeated?.Key;

                if (!TryReadClass(actualElement, out bool actualAnomaly))
                    return Problem(ctx, lineNumber, $"has ground truth '{labelKey}' = {Shorten(actualElement.GetRawText())}; expected 1 " +
                        $"(anomaly) or 0 (normal)");

                string detectedKey = labelKey + "-detected";
                if (!root.TryGetProperty(detectedKey, out var predictedElement) && ctx.GroundTruthOnly)
                {
                    var labelled = NewImage(sourceRef, actualAnomaly, false, 0.0, string.Empty, string.Empty, string.Empty, lineNumber, ctx);
                    var labelledMasks = ReadMasks(root, labelled);
                    if (labelledMasks.Problem != null) return Problem(ctx, lineNumber, labelledMasks.Problem);
                    return ManifestEntry.Of(labelled, SaidOnce(ctx, lineNumber, sameKey ?? labelledMasks.Same));
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
                var masks = ReadMasks(root, image);
                if (masks.Problem != null) return Problem(ctx, lineNumber, masks.Problem);
                return ManifestEntry.Of(image, SaidOnce(ctx, lineNumber, sameKey ?? masks.Same));
            }
        }

        /// <summary>The warning of a key a line gives twice with the same value (read once); null when there is none.</summary>
        private static DataProblem? SaidOnce(LineContext ctx, long lineNumber, string? key) => key == null ? null
            : new DataProblem(ErrorIds.DuplicateKey, ctx.Source, lineNumber, $"Line {lineNumber} of '{ctx.Source}' holds '{key}' twice, with " +
                "the same value both times; it is read once.");

        /// <summary>
        /// Why a line cannot be used when a reference it holds (its source-ref, or a mask's as <see cref="ReadMasks"/> took it) is longer
        /// than <see cref="MaxReferenceChars"/>: the key, its length and the cap; null when none is.
        /// </summary>
        private static string? TooLong(string key, string reference) => reference.Length <= MaxReferenceChars ? null
            : $"has a '{key}' of {reference.Length:N0} characters; a reference may be at most {MaxReferenceChars:N0} (an S3 key is at " +
                "most 1,024 bytes, a path 4,096), so the line is not used. Fix or remove the line";

        /// <summary>The longest reference (source-ref, a mask's) a line may hold: 4,096 characters, the longest path Linux allows.</summary>
        public const int MaxReferenceChars = 4096;

        /// <summary>
        /// The first key that a line holds twice among source-ref, the label, the prediction and its metadata, and within that metadata
        /// the confidence, model ARN, project and version, with the text of both values; null when there is none. The masks' references
        /// and their colour maps are checked where <see cref="ReadMasks"/> reads them (<see cref="RepeatedColorMap"/>).
        /// System.Text.Json keeps both and a lookup finds one, so that "true then false" would silently read as one of them.
        /// </summary>
        private static (string Key, string First, string Second)? Repeated(JsonElement root, string labelKey, LineContext ctx)
        {
            string detectedKey = labelKey + "-detected", metadataKey = detectedKey + "-metadata";
            // Names are compared as UTF-8, never decoded: a line costs no string for a name it holds.
            var keys = labelKey == ctx.Label ? ctx.RootKeysRead : Utf8(labelKey);
            var found = RepeatedIn(root, string.Empty, keys);
            if (Differs(found) || !root.TryGetProperty(metadataKey, out var meta) || meta.ValueKind != JsonValueKind.Object) return found;
            return Worse(found, RepeatedIn(meta, metadataKey + ".", MetadataKeysRead));
        }

        /// <summary>A key met again: both values' text, the second given as the first's where the two are one value (so that a finding
        /// whose First and Second differ is two values).</summary>
        private static (string Key, string First, string Second) Again(string key, JsonElement earlier, JsonElement value)
        {
            string first = earlier.GetRawText();
            return (key, first, JsonValues.SameValue(earlier, value) ? first : value.GetRawText());
        }

        private static bool Differs((string Key, string First, string Second)? found) => found is { } f && f.First != f.Second;

        /// <summary>Of two findings, the first one of two values, else the first found.</summary>
        private static (string Key, string First, string Second)? Worse((string Key, string First, string Second)? a,
            (string Key, string First, string Second)? b) => Differs(a) ? a : Differs(b) ? b : a ?? b;

        /// <summary>The keys of a line's own object that are read, as UTF-8: source-ref, the label, the prediction and its metadata.</summary>
        internal static (string Name, byte[] Utf8)[] Utf8(string labelKey) =>
            new[] { "source-ref", labelKey, labelKey + "-detected", labelKey + "-detected-metadata" }
                .Select(k => (k, Encoding.UTF8.GetBytes(k))).ToArray();

        private static readonly (string Name, byte[] Utf8)[] MetadataKeysRead = new[] { "confidence", "model-arn", "project-name",
            "model-version" }.Select(k => (k, Encoding.UTF8.GetBytes(k))).ToArray();

        private static (string Key, string First, string Second)? RepeatedIn(JsonElement obj, string prefix, (string Name, byte[] Utf8)[] keys)
        {
            // Values are turned into text only when their key repeats: the text of a value nothing reads is never decoded.
            (string, string, string)? same = null;
            JsonElement?[]? seen = null;
            foreach (var p in obj.EnumerateObject())
            {
                int k = 0;
                while (k < keys.Length && !p.NameEquals(keys[k].Utf8)) k++;
                if (k == keys.Length) continue;
                seen ??= new JsonElement?[keys.Length];
                if (seen[k] is not { } earlier)
                {
                    seen[k] = p.Value;
                    continue;
                }
                var again = Again(prefix + keys[k].Name, earlier, p.Value);
                if (Differs(again)) return again;
                same ??= again;
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
        private static (string? Problem, string? Same) ReadMasks(JsonElement root, EvaluationImage image)
        {
            string? truthKey = null, predictedKey = null, same = null;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                string name = p.Name;
                bool predicted = name.EndsWith("-ref-detected", StringComparison.Ordinal);
                if (!predicted && (!name.EndsWith("-ref", StringComparison.Ordinal) || name == "source-ref")) continue;
                string taken = predicted ? image.PredictedAnomalyMaskRef : image.AnomalyMaskRef;
                if (name == (predicted ? predictedKey : truthKey))
                {
                    // The mask key the line was read for, given again (empty the first time or not): two values are an error, one value
                    // is said once a file.
                    string again = p.Value.GetString() ?? string.Empty;
                    if (again != taken) return (Twice(name, JsonString(taken), JsonString(again)), null);
                    same ??= name;
                    continue;
                }
                if (taken.Length > 0) continue;
                string reference = p.Value.GetString() ?? string.Empty;
                if (RepeatedColorMap(root, name + "-metadata") is { } twice)
                {
                    if (Differs(twice)) return (Twice(twice.Key, twice.First, twice.Second), null);
                    same ??= twice.Key;
                }
                var map = ColorMap.Read(root, name + "-metadata");
                if (predicted)
                {
                    (predictedKey, image.PredictedAnomalyMaskRef) = (name, reference);
                    image.PredictedAnomalyClasses = ClassesOf(map);
                    image.PredictedAnomalyColorMap = ColorMap.Format(map);
                }
                else
                {
                    (truthKey, image.AnomalyMaskRef) = (name, reference);
                    image.AnomalyClasses = ClassesOf(map);
                    image.AnomalyColorMap = ColorMap.Format(map);
                }
            }
            string? tooLong = truthKey != null ? TooLong(truthKey, image.AnomalyMaskRef) : null;
            tooLong ??= predictedKey != null ? TooLong(predictedKey, image.PredictedAnomalyMaskRef) : null;
            return (tooLong, same);
        }

        /// <summary>
        /// The first key a mask's colour map is given twice by, with both values: its metadata at the line's root, the map in the
        /// metadata, or an index in the map (two classes for one index, or one colour for two, cannot both be meant); null when none.
        /// Names are compared without being decoded, and a map's indexes through one set, so that a map of many entries costs linear time.
        /// </summary>
        private static (string Key, string First, string Second)? RepeatedColorMap(JsonElement root, string metadataKey)
        {
            var found = RepeatedKey(root, string.Empty, metadataKey);
            if (Differs(found) || !root.TryGetProperty(metadataKey, out var meta) || meta.ValueKind != JsonValueKind.Object) return found;
            found = Worse(found, RepeatedKey(meta, metadataKey + ".", "internal-color-map"));
            if (Differs(found) || !meta.TryGetProperty("internal-color-map", out var map) || map.ValueKind != JsonValueKind.Object)
                return found;
            Dictionary<string, JsonElement>? indexes = null;
            foreach (var p in map.EnumerateObject())
            {
                indexes ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                if (!JsonValues.TryName(p, out string name)) continue;
                if (!indexes.TryGetValue(name, out var earlier))
                {
                    indexes.Add(name, p.Value);
                    continue;
                }
                found = Worse(found, Again($"{metadataKey}.internal-color-map.{name}", earlier, p.Value));
                if (Differs(found)) return found;
            }
            return found;
        }

        /// <summary>One key an object holds twice (<see cref="RepeatedIn"/> for a key known only by its text).</summary>
        private static (string Key, string First, string Second)? RepeatedKey(JsonElement obj, string prefix, string key)
        {
            JsonElement? earlier = null;
            (string, string, string)? same = null;
            foreach (var p in obj.EnumerateObject())
            {
                if (!p.NameEquals(key)) continue;
                if (earlier is not { } e)
                {
                    earlier = p.Value;
                    continue;
                }
                var again = Again(prefix + key, e, p.Value);
                if (Differs(again)) return again;
                same ??= again;
            }
            return same;
        }

        private static string JsonString(string text) => JsonSerializer.Serialize(text);

        /// <summary>What is said of a key read from a line that the line gives twice with two values.</summary>
        private static string Twice(string key, string first, string second) =>
            $"holds '{key}' twice, as {Shorten(first)} and then {Shorten(second)}: which one is meant cannot be told, so the line is not " +
                "used. Fix the line";

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
