using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using LookoutMetrics.Json;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>A result file's outcome: the result, or a problem that names the file and what is wrong.</summary>
    public readonly struct EvaluationResultEntry
    {
        private EvaluationResultEntry(EvaluationResult? result, DataProblem? problem)
        {
            Result = result;
            Problem = problem;
        }

        public EvaluationResult? Result { get; }
        public DataProblem? Problem { get; }

        public static EvaluationResultEntry Of(EvaluationResult result) => new EvaluationResultEntry(result, null);
        public static EvaluationResultEntry Of(DataProblem problem) => new EvaluationResultEntry(null, problem);
    }

    /// <summary>Reads an EvaluationResult-&lt;project&gt;-&lt;version&gt;.json file (a single small JSON document).</summary>
    public static class EvaluationResultReader
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Skip };

        /// <summary>A result file is a few kilobytes; anything past this is not one (often a manifest given by mistake).</summary>
        public const int MaxResultBytes = 16 << 20;

        public static EvaluationResultEntry Read(Stream stream, string source)
        {
            byte[] bytes;
            int length;
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[81920];
                int n;
                while (true)
                {
                    try
                    {
                        n = stream.Read(chunk, 0, chunk.Length);
                    }
                    catch (IOException e)
                    {
                        return Problem(source, $"cannot be read to its end ({e.Message.TrimEnd('.')})");
                    }
                    if (n == 0) break;
                    if (buffer.Length + n > MaxResultBytes)
                        return Problem(source, $"is larger than {MaxResultBytes >> 20} MiB, and a result file is a few kilobytes. If it " +
                            $"is an evaluation manifest, read it with Get-LfvEvaluationManifest");
                    buffer.Write(chunk, 0, n);
                }
                bytes = buffer.GetBuffer();
                length = (int)buffer.Length;
            }

            var span = new ReadOnlyMemory<byte>(bytes, 0, length);
            if (span.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) span = span.Slice(3);
            if (IsWhiteSpace(span.Span))
                return Problem(source, "is empty. Check that the download or copy finished");

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(span, Options);
            }
            catch (JsonException e)
            {
                // A file that is no JSON text at all says what it looks like, as the manifest reader does.
                string? notText = ArtifactSniffer.NotText(bytes, Math.Min(length, 64 << 10),
                    "the EvaluationResult-<project>-<version>.json file of the model", "result");
                if (notText != null) return NotAResult(source, notText);
                if (e.Message.IndexOf("after a single JSON value", StringComparison.Ordinal) >= 0)
                    return Problem(source, "holds more than one JSON value. If it is an evaluation manifest (JSON Lines), read it with " +
                        "Get-LfvEvaluationManifest");
                return Problem(source, $"is not valid JSON ({JsonValues.FirstSentence(e.Message)}). The file may be truncated");
            }

            using (doc)
            {
                try
                {
                    return EvaluationResultEntry.Of(Parse(doc.RootElement, source));
                }
                catch (FormatException e)
                {
                    return Problem(source, e.Message);
                }
                catch (InvalidOperationException)
                {
                    // System.Text.Json validates structure, not the UTF-8 inside strings: reading such a string throws.
                    return Problem(source, "holds bytes that are not UTF-8 inside a string. Save it as UTF-8, or download it again");
                }
            }
        }

        private static bool IsWhiteSpace(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
            }
            return true;
        }

        private static EvaluationResult Parse(JsonElement root, string source)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException($"holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not the documented object");

            var aggregated = Object(root, "AggregatedEvaluationResults", required: true);
            var metrics = Object(aggregated, "Metrics", required: true, path: "AggregatedEvaluationResults.Metrics");
            var details = Object(root, "EvaluationDetails", required: false);

            var result = new EvaluationResult
            {
                Source = source,
                ModelArn = details.ValueKind == JsonValueKind.Object ? JsonValues.String(details, "ModelArn") : string.Empty,
                EvaluationEndTimestamp = Timestamp(details, "EvaluationEndTimestamp"),
                NumberOfTrainingImages = Integer(details, "NumberOfTrainingImages"),
                NumberOfTestingImages = Integer(details, "NumberOfTestingImages"),
                ROCAUC = Number(metrics, "ROCAUC", "Metrics"),
                AveragePrecision = Number(metrics, "AveragePrecision", "Metrics"),
                Precision = Number(metrics, "Precision", "Metrics"),
                Recall = Number(metrics, "Recall", "Metrics"),
                F1Score = Number(metrics, "F1Score", "Metrics"),
                PixelAnomalyClassMetrics = PixelMetrics(metrics),
            };

            if (ArtifactNames.TryParseModelArn(result.ModelArn, out var project, out var version) ||
                ArtifactNames.TryParseFileName(source, out project, out version))
            {
                result.ProjectName = project;
                result.ModelVersion = version;
            }
            return result;
        }

        private static PixelClassMetricList PixelMetrics(JsonElement metrics)
        {
            if (!metrics.TryGetProperty("PixelAnomalyClassMetrics", out var array) || array.ValueKind == JsonValueKind.Null)
                return PixelClassMetricList.Empty;
            if (array.ValueKind != JsonValueKind.Array)
                throw new FormatException("has 'Metrics.PixelAnomalyClassMetrics' that is not an array");

            var list = new List<PixelClassMetric>();
            int i = 0;
            foreach (var item in array.EnumerateArray())
            {
                string where = $"Metrics.PixelAnomalyClassMetrics[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"has '{where}' that is not an object");
                string name = JsonValues.String(item, "ClassName");
                if (name.Length == 0) throw new FormatException($"has '{where}' without a ClassName");
                list.Add(new PixelClassMetric
                {
                    ClassName = name,
                    Precision = Number(item, "Precision", where),
                    Recall = Number(item, "Recall", where),
                    F1Score = Number(item, "F1Score", where),
                    AIOU = Number(item, "AIOU", where),
                });
            }
            return new PixelClassMetricList(list);
        }

        private static JsonElement Object(JsonElement parent, string name, bool required, string? path = null)
        {
            if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object)
                return e;
            if (required)
                throw new FormatException($"has no '{path ?? name}' object: it is not a Lookout for Vision evaluation result");
            return default;
        }

        private static double? Number(JsonElement parent, string name, string where)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
                return null;
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d)) return d;
            if (e.ValueKind == JsonValueKind.String &&
                double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
            throw new FormatException($"has '{where}.{name}' = {e.GetRawText()}, which is not a number");
        }

        private static int? Integer(JsonElement parent, string name)
        {
            double? d = Number(parent, name, "EvaluationDetails");
            if (d == null) return null;
            if (d.Value < 0 || d.Value > int.MaxValue || Math.Floor(d.Value) != d.Value)
                throw new FormatException($"has 'EvaluationDetails.{name}' = {d.Value.ToString(CultureInfo.InvariantCulture)}, which is not a count");
            return (int)d.Value;
        }

        /// <summary>A string here (ISO 8601), though the API sends epoch seconds; both are taken, and returned in UTC.</summary>
        private static DateTime? Timestamp(JsonElement parent, string name)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
                return null;
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var seconds))
                return Epoch.ToUtc(seconds);
            if (e.ValueKind == JsonValueKind.String)
            {
                string s = e.GetString() ?? string.Empty;
                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto))
                    return dto.UtcDateTime;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
                    return Epoch.ToUtc(seconds);
            }
            throw new FormatException($"has 'EvaluationDetails.{name}' = {e.GetRawText()}, which is not a date and time");
        }

        private static EvaluationResultEntry NotAResult(string source, string looksLike) =>
            EvaluationResultEntry.Of(new DataProblem(ErrorIds.InvalidEvaluationResult, source, 0, $"'{source}' is not an evaluation " +
                $"result: {looksLike}"));

        private static EvaluationResultEntry Problem(string source, string what) =>
            EvaluationResultEntry.Of(new DataProblem(ErrorIds.InvalidEvaluationResult, source, 0,
                $"The evaluation result '{source}' {what}. Point at the EvaluationResult-<project>-<version>.json file of the model."));
    }
}
