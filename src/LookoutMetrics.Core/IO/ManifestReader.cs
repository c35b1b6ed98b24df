using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LookoutMetrics.Json;

namespace LookoutMetrics.IO
{
    /// <summary>One manifest line's outcome: an image, or a problem that names the line.</summary>
    public readonly struct ManifestEntry
    {
        private ManifestEntry(EvaluationImage? image, DataProblem? problem)
        {
            Image = image;
            Problem = problem;
        }

        public EvaluationImage? Image { get; }
        public DataProblem? Problem { get; }

        public static ManifestEntry Of(EvaluationImage image) => new ManifestEntry(image, null);
        public static ManifestEntry Of(DataProblem problem) => new ManifestEntry(null, problem);
    }

    /// <summary>The bytes already read from a stream, then the rest of it.</summary>
    internal sealed class PrefixedStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly int _prefixLength;
        private readonly Stream _rest;
        private int _position;

        public PrefixedStream(byte[] prefix, int prefixLength, Stream rest)
        {
            _prefix = prefix;
            _prefixLength = prefixLength;
            _rest = rest;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position < _prefixLength)
            {
                int n = Math.Min(count, _prefixLength - _position);
                System.Buffer.BlockCopy(_prefix, _position, buffer, offset, n);
                _position += n;
                return n;
            }
            return _rest.Read(buffer, offset, count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// Streams an evaluation manifest (JSON Lines) one line at a time: memory stays flat whatever the file's size.
    /// CRLF or LF line ends, a UTF-8 BOM, blank lines and a missing final newline are all accepted.
    /// A line that cannot be used comes back as a <see cref="DataProblem"/>; the lines around it are read as usual.
    /// </summary>
    public static partial class ManifestReader
    {
        public const string DefaultLabelAttribute = "anomaly-label";
        private const int BufferSize = 1 << 16;

        public static IEnumerable<ManifestEntry> Read(Stream stream, string source, string? labelAttribute = null)
        {
            // UTF-8 (with or without a BOM) is split into lines as bytes and parsed as UTF-8: no string per line, no
            // transcoding. A UTF-16 or UTF-32 file (a BOM says so) goes through a StreamReader instead.
            var head = new byte[4];
            int headLength = 0, n;
            string? broken = null;
            while (headLength < head.Length && broken == null && (n = ReadMore(stream, head, headLength, out broken)) > 0) headLength += n;
            bool wide = headLength >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) ||
                        headLength >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF;
            if (wide)
            {
                using var reader = new StreamReader(new PrefixedStream(head, headLength, stream), new UTF8Encoding(false), true, BufferSize);
                foreach (var entry in Read(reader, source, labelAttribute)) yield return entry;
                yield break;
            }
            // A gzip-compressed manifest (by its magic bytes, whatever its name) is read as if it were not compressed.
            if (headLength >= 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                using var unzipped = new System.IO.Compression.GZipStream(new PrefixedStream(head, headLength, stream), System.IO.Compression.CompressionMode.Decompress);
                foreach (var entry in Read(unzipped, source, labelAttribute)) yield return entry;
                yield break;
            }
            // Look at the start of the file: something that is clearly not a manifest is said in one error, not one per line.
            var sniff = new byte[SniffBytes];
            System.Buffer.BlockCopy(head, 0, sniff, 0, headLength);
            int sniffLength = headLength;
            while (sniffLength < sniff.Length && broken == null && (n = ReadMore(stream, sniff, sniffLength, out broken)) > 0) sniffLength += n;
            if (broken != null)
            {
                yield return ManifestEntry.Of(new DataProblem(ProblemIds.InvalidManifestLine, source, 1,
                    $"The manifest '{source}' cannot be read from its start: {broken} Download or copy the file again."));
                yield break;
            }
            string? notAManifest = WhatItLooksLike(sniff, sniffLength);
            if (notAManifest != null)
            {
                yield return ManifestEntry.Of(new DataProblem(ProblemIds.NotAnEvaluationManifest, source, 0,
                    $"'{source}' is not an evaluation manifest: {notAManifest}"));
                yield break;
            }
            var context = new LineContext(source, labelAttribute);
            foreach (var entry in DatasetManifestsInOneError(ReadUtf8(sniff, sniffLength, stream, context), source)) yield return entry;
        }

        /// <summary>How much of a file is looked at before its lines are read.</summary>
        private const int SniffBytes = 64 << 10;

        /// <summary>Lines of ground truth without predictions, before the first image, after which the file is taken for a dataset manifest.</summary>
        internal const int DatasetLines = 10_000;

        /// <summary>What the start of a file looks like when it clearly is not a manifest, with what to do; null when it may be one.</summary>
        internal static string? WhatItLooksLike(byte[] bytes, int length)
        {
            int start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            int controls = 0;
            for (int i = start; i < length; i++)
            {
                byte b = bytes[i];
                if (b == 0 || (b < 0x20 && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t' && b != 0x0C)) controls++;
            }
            if (length - start > 0 && (controls > 8 || controls * 20 > length - start))
                return "it is a binary file (an executable, an image or an archive?). Give the EvaluationManifest-<project>-<version>.json file of the model.";
            int first = start;
            while (first < length && (bytes[first] == (byte)' ' || bytes[first] == (byte)'\n' || bytes[first] == (byte)'\r' || bytes[first] == (byte)'\t')) first++;
            if (first < length && bytes[first] == (byte)'<')
                return "it looks like HTML or XML, such as an error page saved instead of the file. Download the manifest again.";
            string text = Encoding.UTF8.GetString(bytes, start, Math.Min(length - start, SniffBytes));
            if (text.IndexOf("\"AggregatedEvaluationResults\"", StringComparison.Ordinal) >= 0 && text.IndexOf("\"source-ref\"", StringComparison.Ordinal) < 0)
                return "it is an evaluation result (EvaluationResult-*.json). Read it with Get-LfvEvaluationResult, and give the EvaluationManifest file beside it here.";
            return null;
        }

        /// <summary>
        /// A dataset manifest (ground truth on every line, no prediction on any) is one error, not one per line: the
        /// problems before the first image are held back until an image shows it is an evaluation manifest after all.
        /// </summary>
        private static IEnumerable<ManifestEntry> DatasetManifestsInOneError(IEnumerable<ManifestEntry> entries, string source)
        {
            var held = new List<ManifestEntry>();
            bool sawImage = false, allWithoutPrediction = true;
            foreach (var entry in entries)
            {
                if (sawImage)
                {
                    yield return entry;
                    continue;
                }
                if (entry.Image != null)
                {
                    sawImage = true;
                    foreach (var h in held) yield return h;
                    held.Clear();
                    yield return entry;
                    continue;
                }
                held.Add(entry);
                allWithoutPrediction &= entry.Problem!.Message.IndexOf(NoPrediction, StringComparison.Ordinal) >= 0;
                if (held.Count >= DatasetLines && allWithoutPrediction) break;
                if (!allWithoutPrediction)
                {
                    // Not a dataset manifest: the problems go out as they come.
                    sawImage = true;
                    foreach (var h in held) yield return h;
                    held.Clear();
                }
            }
            if (held.Count == 0) yield break;
            if (allWithoutPrediction && held[0].Problem!.ErrorId == ProblemIds.InvalidManifestLine)
            {
                yield return ManifestEntry.Of(new DataProblem(ProblemIds.NotAnEvaluationManifest, source, 0,
                    $"'{source}' is a dataset manifest: its lines have ground truth but no prediction ({held.Count:N0} lines{(held.Count >= DatasetLines ? " and more" : string.Empty)}). " +
                    "The predictions are in the model's evaluation manifest, EvaluationManifest-<project>-<version>.json, in the model's output location (Get-LfvModelPerformance shows it)."));
                yield break;
            }
            foreach (var h in held) yield return h;
        }

        private const string NoPrediction = "has no prediction (";

        private static IEnumerable<ManifestEntry> ReadUtf8(byte[] head, int headLength, Stream stream, LineContext context)
        {
            var buffer = new byte[Math.Max(BufferSize, headLength)];
            System.Buffer.BlockCopy(head, 0, buffer, 0, headLength);
            int start = 0, end = headLength;
            if (end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
            long lineNumber = 0;
            bool sawContent = false, eof = false;
            while (true)
            {
                int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0 && !eof)
                {
                    // Keep the partial line, make room (a line longer than the buffer grows it), read more.
                    if (start > 0)
                    {
                        System.Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    int read = ReadMore(stream, buffer, end, out string? damage);
                    if (damage != null)
                    {
                        // A compressed file cut short: what was read is kept, and the rest is said to be missing.
                        yield return ManifestEntry.Of(new DataProblem(ProblemIds.InvalidManifestLine, context.Source, lineNumber + 1,
                            $"The manifest '{context.Source}' cannot be read past line {lineNumber}: {damage} Download or copy the file again."));
                        yield break;
                    }
                    if (read == 0) eof = true;
                    else end += read;
                    continue;
                }
                if (newline < 0 && start == end) break;

                int lineEnd = newline < 0 ? end : start + newline;
                int length = lineEnd - start;
                if (length > 0 && buffer[start + length - 1] == (byte)'\r') length--;
                lineNumber++;
                // A byte-order mark at the start of a line (files joined with cat, each with its own) is not part of the line.
                int bom = length >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF ? 3 : 0;
                var line = new ReadOnlyMemory<byte>(buffer, start + bom, length - bom);
                start = newline < 0 ? end : lineEnd + 1;
                if (IsBlank(line.Span)) continue;
                sawContent = true;
                yield return ParseLine(line, lineNumber, context);
            }

            if (!sawContent) yield return Empty(context.Source);
        }

        /// <summary>Reads more bytes; a compressed stream that turns out damaged or cut short says so instead of throwing.</summary>
        private static int ReadMore(Stream stream, byte[] buffer, int offset, out string? damage)
        {
            damage = null;
            try
            {
                return stream.Read(buffer, offset, buffer.Length - offset);
            }
            catch (InvalidDataException e)
            {
                damage = "its compressed data is damaged (" + e.Message.TrimEnd('.') + ").";
                return 0;
            }
            catch (EndOfStreamException)
            {
                damage = "it is cut short.";
                return 0;
            }
            catch (IOException e)
            {
                // A network stream that broke for good (S3 reads resume by themselves before they give up).
                damage = e.Message.TrimEnd('.') + ".";
                return 0;
            }
        }

        private static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (byte b in line)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\f' && b != (byte)'\v') return false;
            }
            return true;
        }

        private static ManifestEntry Empty(string source) =>
            ManifestEntry.Of(new DataProblem(ProblemIds.EmptyManifest, source, 0,
                $"The evaluation manifest '{source}' is empty: it holds no JSON lines. " +
                "Check that the download or copy finished, and that this is the EvaluationManifest-<project>-<version>.json file of the model."));

        public static IEnumerable<ManifestEntry> Read(TextReader reader, string source, string? labelAttribute = null)
        {
            var context = new LineContext(source, labelAttribute);
            long lineNumber = 0;
            bool sawContent = false;
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line.Substring(1);
                if (IsBlank(line)) continue;
                sawContent = true;
                yield return ParseLine(line, lineNumber, context);
            }

            if (!sawContent) yield return Empty(source);
        }

        private static bool IsBlank(string line)
        {
            for (int i = 0; i < line.Length; i++)
            {
                if (!char.IsWhiteSpace(line[i])) return false;
            }
            return true;
        }

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
                return Problem(ctx, lineNumber, "holds bytes that are not UTF-8 inside a string. Save the manifest as UTF-8, or fix or remove the line");
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
                return Problem(ctx, lineNumber, $"is not valid JSON ({JsonValues.FirstSentence(e.Message)}). The line may be truncated or edited by hand: fix or remove it");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return Problem(ctx, lineNumber, $"is a JSON {Describe(root.ValueKind)}, not an object with 'source-ref' and labels");

                string sourceRef = JsonValues.String(root, "source-ref");
                if (sourceRef.Length == 0)
                    return Problem(ctx, lineNumber, "has no 'source-ref': every manifest line names its image");

                string? labelKey = ctx.LabelAttribute ?? FindLabelAttribute(root);
                if (labelKey == null || !root.TryGetProperty(labelKey, out var actualElement))
                {
                    return Problem(ctx, lineNumber,
                        $"has no ground truth ('{labelKey ?? DefaultLabelAttribute}'). " +
                        "If the manifest uses another label attribute, name it with -LabelAttribute");
                }

                if (!TryReadClass(actualElement, out bool actualAnomaly))
                    return Problem(ctx, lineNumber, $"has ground truth '{labelKey}' = {Shorten(actualElement.GetRawText())}; expected 1 (anomaly) or 0 (normal)");

                string detectedKey = labelKey + "-detected";
                if (!root.TryGetProperty(detectedKey, out var predictedElement))
                    return Problem(ctx, lineNumber, $"{NoPrediction}'{detectedKey}'): is this the evaluation manifest of a trained model, not a dataset manifest?");

                if (!TryReadClass(predictedElement, out bool predictedAnomaly))
                    return Problem(ctx, lineNumber, $"has prediction '{detectedKey}' = {Shorten(predictedElement.GetRawText())}; expected 1 (anomaly) or 0 (normal)");

                root.TryGetProperty(detectedKey + "-metadata", out var detectedMeta);
                if (detectedMeta.ValueKind != JsonValueKind.Object ||
                    !detectedMeta.TryGetProperty("confidence", out var confidenceElement))
                    return Problem(ctx, lineNumber, $"has no confidence ('{detectedKey}-metadata'.confidence)");

                if (confidenceElement.ValueKind != JsonValueKind.Number || !confidenceElement.TryGetDouble(out double confidence) ||
                    double.IsNaN(confidence) || confidence < 0.0 || confidence > 1.0)
                    return Problem(ctx, lineNumber, $"has confidence {Shorten(confidenceElement.GetRawText())}; a confidence is a number from 0 to 1");

                var image = NewImage(sourceRef, actualAnomaly, predictedAnomaly, confidence, JsonValues.String(detectedMeta, "model-arn"),
                    JsonValues.String(detectedMeta, "project-name"), JsonValues.String(detectedMeta, "model-version"), lineNumber, ctx);
                ReadMasks(root, image);
                return ManifestEntry.Of(image);
            }
        }

        /// <summary>
        /// 'anomaly-label' when present; otherwise the first attribute X with both 'X-metadata' and 'X-detected'
        /// (dataset manifests may name the label attribute differently).
        /// </summary>
        private static string? FindLabelAttribute(JsonElement root)
        {
            if (root.TryGetProperty(DefaultLabelAttribute, out _)) return DefaultLabelAttribute;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name.EndsWith("-metadata", StringComparison.Ordinal) || p.Name.EndsWith("-detected", StringComparison.Ordinal)) continue;
                if (p.Value.ValueKind != JsonValueKind.Number) continue;
                if (root.TryGetProperty(p.Name + "-detected", out _) && root.TryGetProperty(p.Name + "-metadata", out _)) return p.Name;
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
                AnomalyScore = EvaluationImage.ScoreOf(predictedAnomaly, confidence),
                IsCorrect = actualAnomaly == predictedAnomaly,
                Outcome = EvaluationImage.OutcomeOf(actualAnomaly, predictedAnomaly),
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

        private static LabelList ClassesOf(IReadOnlyList<ColorMapEntry> map)
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
            ManifestEntry.Of(new DataProblem(ProblemIds.InvalidManifestLine, ctx.Source, lineNumber,
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
