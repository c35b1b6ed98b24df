using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Json;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Succession
{
    /// <summary>How to read a successor's prediction files: the format, anomalib's CSV columns, and a threshold for scores without labels.</summary>
    public sealed class PredictionOptions
    {
        public PredictionFormat Format { get; set; } = PredictionFormat.Auto;
        public string ImageColumn { get; set; } = "image_path";
        public string ScoreColumn { get; set; } = "pred_score";
        public string LabelColumn { get; set; } = "pred_label";
        public string MaskColumn { get; set; } = "mask_path";

        /// <summary>A CSV score at least this is an anomaly; needed when a CSV has no label column, and replaces it when given.</summary>
        public double? Threshold { get; set; }
    }

    /// <summary>
    /// Reads one prediction file of a successor model (docs/successors.md): a DetectAnomalies object (SageMaker batch
    /// transform's '.out'), JSON Lines in the manifest's keys (flat or in deviceGroundTruthData[0]), or a CSV of
    /// anomalib's columns. Scores mean what each format means: DetectAnomalies and manifest lines give the confidence of
    /// the predicted class (the anomaly score is the manifest's own rule), a CSV score is the anomaly score itself. A bad
    /// line or row is a problem of its own and the rest of the file is kept; a file that is none of these is one problem.
    /// </summary>
    public static class PredictionReader
    {

        /// <summary>After this many bad lines or rows in one file, the rest are counted in one problem, not written one by one.</summary>
        public const int ProblemsShownPerFile = 10;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <param name="content">The file's bytes (UTF-8, with or without a BOM).</param>
        /// <param name="location">The file's full path or s3:// URI (what relative mask paths are resolved against).</param>
        /// <param name="relativeName">The file's path below the folder or prefix it was found in ('/'-separated): a DetectAnomalies file's
        /// only link to its image.</param>
        /// <param name="options">The format and the CSV's columns.</param>
        public static List<PredictionEntry> Read(byte[] content, string location, string relativeName, PredictionOptions options)
        {
            var entries = new List<PredictionEntry>();
            string? notText = ArtifactSniffer.NotText(content, Math.Min(content.Length, 64 << 10), "the successor's prediction files " +
                "(.out, .jsonl, .csv)", "prediction file");
            if (notText != null)
            {
                entries.Add(new PredictionEntry(new DataProblem(ErrorIds.NotAPredictionFile, location, 0, $"'{location}' is not a " +
                    $"prediction file: {notText}")));
                return entries;
            }
            string text = Text(content);
            var format = options.Format == PredictionFormat.Auto ? Sniff(location, text) : options.Format;
            switch (format)
            {
                case PredictionFormat.DetectAnomalies:
                    entries.Add(ReadDetectAnomalies(text, location, relativeName, entries));
                    break;
                case PredictionFormat.JsonLines:
                    ReadJsonLines(text, location, entries);
                    break;
                case PredictionFormat.Csv:
                    ReadCsv(text, location, options, entries);
                    break;
                default:
                    entries.Add(new PredictionEntry(new DataProblem(ErrorIds.NotAPredictionFile, location, 0,
                        $"'{location}' is not a prediction file: it is not JSON and has no CSV header ({Describe(text)}). Give -Format if " +
                            $"it is one, or leave it out.")));
                    break;
            }
            return entries;
        }

        /// <summary>The format by extension, then by content; Auto when it is none of them.</summary>
        public static PredictionFormat Sniff(string location, string text)
        {
            string ext = System.IO.Path.GetExtension(NameOf(location)).ToLowerInvariant();
            switch (ext)
            {
                case ".out": return PredictionFormat.DetectAnomalies;
                case ".csv": return PredictionFormat.Csv;
                case ".jsonl":
                case ".manifest": return PredictionFormat.JsonLines;
            }
            string head = text.TrimStart();
            if (head.StartsWith("{", StringComparison.Ordinal) || head.StartsWith("[", StringComparison.Ordinal))
            {
                // A DetectAnomalies object names IsAnomalous; manifest lines and the edge application's objects name source-ref.
                bool detect = head.IndexOf("\"IsAnomalous\"", StringComparison.Ordinal) >= 0 &&
                              head.IndexOf("\"source-ref\"", StringComparison.Ordinal) < 0 && head.IndexOf("\"deviceGroundTruthData\"",
                                  StringComparison.Ordinal) < 0;
                return detect ? PredictionFormat.DetectAnomalies : PredictionFormat.JsonLines;
            }
            int nl = text.IndexOf('\n');
            string header = nl < 0 ? text : text.Substring(0, nl);
            return header.IndexOf(',') >= 0 && !HasControl(header) ? PredictionFormat.Csv : PredictionFormat.Auto;
        }

        private static PredictionEntry ReadDetectAnomalies(string text, string location, string relativeName, List<PredictionEntry> said)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                string hint = text.Trim().IndexOf('\n') > 0 ? "; it holds more than one line: give -Format JsonLines if it is JSON Lines"
                    : text.TrimStart().StartsWith("{", StringComparison.Ordinal) ? "; the file may be cut short" : string.Empty;
                return Problem(location, 0, $"'{location}' is not valid JSON ({JsonValues.FirstSentence(e.Message)}{hint}). " +
                    "Run the batch transform for this image again, or leave the file out.");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (Duplicated(root, $"'{location}'", location, 0, said) is { } ambiguous) return ambiguous;
                if (root.ValueKind != JsonValueKind.Object)
                    return Problem(location, 0, $"'{location}' holds JSON {root.ValueKind.ToString().ToLowerInvariant()}, not the object " +
                        $"a DetectAnomalies result is.");
                if (!root.TryGetProperty("IsAnomalous", out var isAnomalous))
                    return Problem(location, 0, $"'{location}' has no IsAnomalous: it is not a DetectAnomalies result " +
                        $"({{\"IsAnomalous\":true,\"Confidence\":0.93}}).");
                if (isAnomalous.ValueKind != JsonValueKind.True && isAnomalous.ValueKind != JsonValueKind.False)
                    return Problem(location, 0, $"'{location}': IsAnomalous is {isAnomalous.GetRawText()}, not true or false.");
                if (!TryConfidence(root.TryGetProperty("Confidence", out var c) ? c : default, out double confidence, out string why))
                    return Problem(location, 0, $"'{location}': Confidence {why}.");
                bool anomalous = isAnomalous.ValueKind == JsonValueKind.True;
                var prediction = new Prediction
                {
                    File = location,
                    Image = StripSuffix(relativeName),
                    PredictedAnomaly = anomalous,
                    Confidence = confidence,
                    AnomalyScore = Metrics.ClassificationMetrics.AnomalyScore(anomalous, confidence),
                    FromConfidence = true,
                };
                var colors = new List<ColorMapEntry>();
                foreach (var anomaly in JsonValues.Objects(root, "Anomalies"))
                {
                    string name = JsonValues.String(anomaly, "Name");
                    var pixel = JsonValues.Object(anomaly, "PixelAnomaly");
                    if (name.Length > 0 && ColorMap.TryParseHex(JsonValues.String(pixel, "Color"), out int rgb))
                        colors.Add(new ColorMapEntry(colors.Count.ToString(CultureInfo.InvariantCulture), name, rgb,
                            JsonValues.Number(pixel, "TotalPercentageArea")));
                    else if (string.Equals(name, "background", StringComparison.OrdinalIgnoreCase))
                        colors.Add(new ColorMapEntry(colors.Count.ToString(CultureInfo.InvariantCulture), name, 0xFFFFFF, null));
                }
                prediction.ColorMap = ColorMap.Format(colors);
                if (root.TryGetProperty("AnomalyMask", out var mask) && mask.ValueKind == JsonValueKind.String && mask.GetString()!.Length > 0)
                    prediction.MaskRef = location;
                return new PredictionEntry(prediction);
            }
        }

        private static void ReadJsonLines(string text, string location, List<PredictionEntry> entries)
        {
            // One pretty-printed object (the edge application uploads one per inference) or an array is a document;
            // anything else is read a line at a time.
            string trimmed = text.Trim();
            if (trimmed.IndexOf('\n') > 0)
            {
                try
                {
                    using var whole = JsonDocument.Parse(trimmed);
                    if (whole.RootElement.ValueKind == JsonValueKind.Array)
                    {
                        long i = 0;
                        foreach (var item in whole.RootElement.EnumerateArray()) entries.Add(FromLine(item, location, ++i, entries));
                        return;
                    }
                    entries.Add(FromLine(whole.RootElement, location, 0, entries));
                    return;
                }
                catch (JsonException)
                {
                    // Not one document: JSON Lines.
                }
            }
            long lineNumber = 0;
            bool any = false;
            var cap = new ProblemCap(location);
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (line.Trim().Length == 0) continue;
                any = true;
                PredictionEntry entry;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    entry = FromLine(doc.RootElement, location, lineNumber, entries);
                }
                catch (JsonException e)
                {
                    entry = Problem(location, lineNumber, $"Line {lineNumber} of '{location}' is not valid JSON " +
                        $"({JsonValues.FirstSentence(e.Message)}); the other lines are kept.");
                }
                if (entry.Problem?.ErrorId == ErrorIds.RetiredModelManifest)
                {
                    entries.Add(entry);
                    return;
                }
                cap.Add(entries, entry);
            }
            cap.Finish(entries, "lines");
            if (!any) entries.Add(Problem(location, 0, $"'{location}' is empty: it holds no prediction."));
        }

        /// <summary>One manifest-shaped record: 'source-ref', the '-detected' label and its confidence, and a predicted mask.</summary>
        private static PredictionEntry FromLine(JsonElement record, string location, long line, List<PredictionEntry> said)
        {
            string at = line > 0 ? $"Line {line} of '{location}'" : $"'{location}'";
            if (Duplicated(record, at, location, line, said) is { } ambiguous) return ambiguous;
            var capture = record;
            if (EdgeCaptures.IsCapture(record) && !record.TryGetProperty("deviceGroundTruthData", out _))
                return EdgeCaptures.Read(record, location, line, name => Beside(location, name));
            if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("deviceGroundTruthData", out var device))
            {
                if (device.ValueKind != JsonValueKind.Array || device.GetArrayLength() == 0 || device[0].ValueKind != JsonValueKind.Object)
                    return Problem(location, line, $"{at}: deviceGroundTruthData holds no object.");
                record = device[0];
            }
            if (record.ValueKind != JsonValueKind.Object) return Problem(location, line, $"{at} is not a JSON object.");
            string sourceRef = JsonValues.String(record, "source-ref");
            if (sourceRef.Length == 0) return Problem(location, line, $"{at} has no 'source-ref': nothing says which image it predicts.");
            if (IsRetiredModelLine(record))
                return new PredictionEntry(new DataProblem(ErrorIds.RetiredModelManifest, location, line,
                    $"'{location}' is a Lookout for Vision evaluation manifest: its predictions are the retired model's own (a model ARN " +
                        $"of lookoutvision), not a successor's. Give it as -GroundTruth, and the successor's files alone as -Path."));

            string? labelKey = null, maskKey = null;
            foreach (var p in record.EnumerateObject())
            {
                if (p.Name.EndsWith("-ref-detected", StringComparison.Ordinal)) maskKey ??= p.Name;
                else if (p.Name.EndsWith("-detected", StringComparison.Ordinal)) labelKey ??= p.Name;
            }
            if (labelKey == null) return Problem(location, line, $"{at} has no prediction: no '<label>-detected' key such as " +
                $"'anomaly-label-detected'.");
            var metadata = JsonValues.Object(record, labelKey + "-metadata");
            bool? anomalous = Label(record.GetProperty(labelKey)) ?? LabelText(JsonValues.String(metadata, "class-name"));
            if (anomalous == null) return Problem(location, line, $"{at}: '{labelKey}' is neither 1 nor 0 (anomaly or normal).");
            if (!TryConfidence(metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("confidence",
                out var c) ? c : default, out double confidence, out string why))
                return Problem(location, line, $"{at}: '{labelKey}-metadata'.confidence {why}.");

            var prediction = new Prediction
            {
                File = location,
                Line = line,
                Image = sourceRef,
                Named = true,
                PredictedAnomaly = anomalous.Value,
                Confidence = confidence,
                AnomalyScore = Metrics.ClassificationMetrics.AnomalyScore(anomalous.Value, confidence),
                FromConfidence = true,
            };
            EdgeCaptures.ReadEvent(capture, prediction);
            if (maskKey != null)
            {
                string mask = JsonValues.String(record, maskKey);
                if (mask.Length > 0) prediction.MaskRef = Beside(location, mask);
                prediction.ColorMap = ColorMap.Format(ColorMap.Read(record, maskKey + "-metadata"));
            }
            return new PredictionEntry(prediction);
        }

        private static void ReadCsv(string text, string location, PredictionOptions options, List<PredictionEntry> entries)
        {
            using var reader = new StringReader(text);
            string? headerLine = reader.ReadLine();
            if (headerLine == null || headerLine.Trim().Length == 0)
            {
                entries.Add(Problem(location, 0, $"'{location}' is empty: a prediction CSV starts with a header of column names."));
                return;
            }
            if (headerLine.IndexOf(',') < 0 && headerLine.IndexOf(';') >= 0)
            {
                entries.Add(Problem(location, 1, $"'{location}' is separated by ';', not ',' (its header: {headerLine.Trim()}). Write it " +
                    $"with commas (Export-Csv, or pandas' to_csv with its default sep)."));
                return;
            }
            var header = CsvFields.Split(headerLine);
            var cap = new ProblemCap(location);
            int Column(string name) => name.Length == 0 ? -1 : header.FindIndex(h => string.Equals(h.Trim(), name,
                StringComparison.OrdinalIgnoreCase));
            int image = Column(options.ImageColumn), score = Column(options.ScoreColumn), label = Column(options.LabelColumn),
                mask = Column(options.MaskColumn), truth = Column("gt_label");
            string columns = string.Join(", ", header.ConvertAll(h => h.Trim()));
            if (image < 0 || score < 0)
            {
                string missing = image < 0 ? $"-ImageColumn '{options.ImageColumn}'" : $"-ScoreColumn '{options.ScoreColumn}'";
                entries.Add(Problem(location, 1, $"'{location}' has no column {missing} (its columns: {columns}). Name the column with " +
                    $"that parameter."));
                return;
            }
            if (label < 0 && options.Threshold == null)
            {
                entries.Add(Problem(location, 1, $"'{location}' has no label column '{options.LabelColumn}' (its columns: {columns}). " +
                    $"Give -Threshold to call an image anomalous when its score is at least that, or name the column with -LabelColumn."));
                return;
            }

            // A column that appears twice: one warning, or one error where the two disagree; the first is read.
            var twice = header.Select((h, i) => (Name: h.Trim(), Index: i)).GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1 && new[] { image, score, label, mask, truth }.Contains(g.First().Index)).Select(g => g.ToArray()).ToList();
            foreach (var pair in twice)
                entries.Add(PredictionEntry.Warn($"'{location}' has the column '{pair[0].Name}' {pair.Length} times (columns " +
                    $"{string.Join(", ", pair.Select(p => p.Index + 1))}); the first is read."));
            var disagreed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            long row, lineNumber = 1;
            string? line;
            while ((line = CsvFields.ReadRecord(reader, ref lineNumber)) != null)
            {
                row = lineNumber - CsvFields.LinesOf(line) + 1; // the record's first line
                if (line.Trim().Length == 0) continue;
                var fields = CsvFields.Split(line);
                string at = $"Row {row} of '{location}'";
                string Field(int i) => i >= 0 && i < fields.Count ? fields[i].Trim() : string.Empty;
                foreach (var pair in twice)
                {
                    if (pair.All(p => SameField(Field(p.Index), Field(pair[0].Index))) || !disagreed.Add(pair[0].Name)) continue;
                    entries.Add(Problem(location, row, $"{at}: the columns '{pair[0].Name}' disagree ('{Shorten(Field(pair[0].Index))}' and " +
                        $"'{Shorten(Field(pair[1].Index))}'); the first is read, here and in every row. Keep one column of that name."));
                }
                string path = Field(image);
                if (path.Length == 0)
                {
                    cap.Add(entries, Problem(location, row, $"{at} has no {options.ImageColumn}; the other rows are kept."));
                    continue;
                }
                if (!TryScore(Field(score), out double s))
                {
                    cap.Add(entries, Problem(location, row, $"{at}: {options.ScoreColumn} '{Shorten(Field(score))}' is not a number; the other " +
                        $"rows are kept."));
                    continue;
                }
                bool anomalous;
                if (options.Threshold.HasValue)
                {
                    anomalous = s >= options.Threshold.Value;
                }
                else
                {
                    bool? parsed = LabelText(Field(label));
                    if (parsed == null)
                    {
                        cap.Add(entries, Problem(location, row, $"{at}: {options.LabelColumn} '{Shorten(Field(label))}' is none of True/False, " +
                            $"1/0, anomaly/normal; the other rows are kept."));
                        continue;
                    }
                    anomalous = parsed.Value;
                }
                string maskPath = Field(mask);
                entries.Add(new PredictionEntry(new Prediction
                {
                    File = location,
                    Line = row,
                    Image = path,
                    Named = true,
                    PredictedAnomaly = anomalous,
                    AnomalyScore = s,
                    Confidence = s >= 0 && s <= 1 ? (anomalous ? s : Math.Round(1.0 - s, 12)) : double.NaN,
                    MaskRef = maskPath.Length == 0 ? string.Empty : Beside(location, maskPath),
                    GroundTruthAnomaly = truth >= 0 ? LabelText(Field(truth)) : null,
                }));
            }
            cap.Finish(entries, "rows");
        }

        /// <summary>A number, or anomalib's tensor printed as it is ('tensor(0.9300)'), as teams write pred_score to CSV.</summary>
        private static bool TryScore(string text, out double score)
        {
            string t = text.Trim();
            if (t.StartsWith("tensor(", StringComparison.Ordinal) && t.EndsWith(")", StringComparison.Ordinal))
            {
                t = t.Substring(7, t.Length - 8);
                int comma = t.IndexOf(',');
                if (comma >= 0) t = t.Substring(0, comma); // tensor(0.93, device='cuda:0')
            }
            return double.TryParse(t.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture,
                out score) && !double.IsNaN(score) && !double.IsInfinity(score);
        }

        /// <summary>The bad lines or rows of one file: the first ten as they are, the rest in one problem with their count.</summary>
        private sealed class ProblemCap
        {
            private readonly string _location;
            private int _problems;
            private long _firstHidden;

            public ProblemCap(string location) => _location = location;

            public void Add(List<PredictionEntry> entries, PredictionEntry entry)
            {
                if (entry.Problem == null) { entries.Add(entry); return; }
                if (++_problems <= ProblemsShownPerFile) entries.Add(entry);
                else if (_firstHidden == 0) _firstHidden = entry.Problem.LineNumber;
            }

            public void Finish(List<PredictionEntry> entries, string what)
            {
                int hidden = _problems - ProblemsShownPerFile;
                if (hidden > 0)
                    entries.Add(Problem(_location, _firstHidden, $"{hidden:N0} more {what} of '{_location}' could not be read either " +
                        $"(from {what.TrimEnd('s')} {_firstHidden:N0} on), and are left out; the first {ProblemsShownPerFile} say why. " +
                        $"Check -Format and the columns."));
            }
        }

        /// <summary>A line of Lookout for Vision's own evaluation manifest: ground truth, and a prediction whose model ARN is the
        /// service's.</summary>
        private static bool IsRetiredModelLine(JsonElement record)
        {
            foreach (var p in record.EnumerateObject())
            {
                if (!p.Name.EndsWith("-detected-metadata", StringComparison.Ordinal) || p.Value.ValueKind != JsonValueKind.Object) continue;
                if (JsonValues.String(p.Value, "model-arn").IndexOf(":lookoutvision:", StringComparison.Ordinal) >= 0) return true;
            }
            return false;
        }

        /// <summary>1/0, true/false, or the strings a person writes for them.</summary>
        private static bool? Label(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetInt32(out int n) && (n == 0 || n == 1) ? n == 1 : (bool?)null,
            JsonValueKind.String => LabelText(value.GetString() ?? string.Empty),
            _ => null,
        };

        public static bool? LabelText(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "1": case "true": case "anomaly": case "anomalous": case "abnormal": return true;
                case "0": case "false": case "normal": return false;
                default: return null;
            }
        }

        private static bool TryConfidence(JsonElement value, out double confidence, out string why)
        {
            confidence = double.NaN;
            why = string.Empty;
            if (value.ValueKind == JsonValueKind.Undefined) why = "is missing";
            else if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out confidence)) why = $"is {value.GetRawText()}, not a number";
            else if (confidence < 0 || confidence > 1) why = $"is {value.GetRawText()}, outside 0..1";
            else return true;
            return false;
        }

        /// <summary>A mask reference as a location: s3:// and rooted paths as they are, a relative one beside the prediction file.</summary>
        public static string Beside(string location, string reference) => References.Beside(location, reference);

        /// <summary>'anomaly/board_001.jpg.out' is the prediction for 'anomaly/board_001.jpg'.</summary>
        public static string StripSuffix(string name)
        {
            foreach (string suffix in new[] { ".out", ".json" })
            {
                if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && name.Length > suffix.Length) return name.Substring(0,
                    name.Length - suffix.Length);
            }
            return name;
        }

        private static string NameOf(string location)
        {
            int slash = Math.Max(location.LastIndexOf('/'), location.LastIndexOf('\\'));
            return slash < 0 ? location : location.Substring(slash + 1);
        }

        private static string Text(byte[] content)
        {
            int start = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? 3 : 0;
            return Utf8.GetString(content, start, content.Length - start);
        }

        private static bool HasControl(string s)
        {
            foreach (char ch in s)
            {
                if (ch < 0x20 && ch != '\t' && ch != '\r') return true;
            }
            return false;
        }

        private static string Describe(string text) => text.Length == 0 ? "it is empty" : text.TrimStart().StartsWith("<",
            StringComparison.Ordinal) ? "it looks like HTML or XML" : "its first line is not a header";

        /// <summary>
        /// A key that appears twice in an object (JSON allows it, and a reader takes one of them silently): where the two values agree,
        /// one warning; where they disagree, the prediction is a problem, since which one the model meant cannot be told. Null when
        /// every key appears once (or the duplicates agree).
        /// </summary>
        private static PredictionEntry? Duplicated(JsonElement obj, string at, string location, long line, List<PredictionEntry> said)
        {
            if (obj.ValueKind != JsonValueKind.Object) return null;
            var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in obj.EnumerateObject())
            {
                // A name that is no text (a lone surrogate escaped, \uD800) is a key nothing reads: passed over.
                if (!JsonValues.TryName(p, out string name)) continue;
                if (!seen.TryGetValue(name, out var first))
                {
                    seen.Add(name, p.Value);
                    continue;
                }
                if (!JsonValues.SameValue(first, p.Value))
                    return Problem(location, line, $"{at} has the key '{name}' twice, with different values " +
                        $"('{Shorten(first.GetRawText())}' and '{Shorten(p.Value.GetRawText())}'): which one the model meant cannot be told, " +
                        "so the prediction is left out.");
                string warning = $"'{location}' has the key '{name}' twice in a prediction, with the same value; it is read once.";
                if (!said.Exists(e => e.Warning == warning)) said.Add(PredictionEntry.Warn(warning));
            }
            return null;
        }

        /// <summary>Whether two fields of a row are one value: the same text, or the same finite number written two ways (0.9 and
        /// 0.90; two numbers beyond a double's range are compared as text).</summary>
        private static bool SameField(string a, string b) => a == b ||
            double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && !double.IsInfinity(x) && !double.IsNaN(x) &&
            double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && x == y;

        /// <summary>A value as a message quotes it: its first 40 characters.</summary>
        private static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 37) + "...";

        private static PredictionEntry Problem(string location, long line,
            string message) => new PredictionEntry(new DataProblem(ErrorIds.InvalidPrediction, location, line, message));
    }
}
