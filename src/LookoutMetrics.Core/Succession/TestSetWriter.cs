using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Sources;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// Writes the retired model's test set in the shape a successor takes as input (docs/successors.md): Ground Truth
    /// manifest lines with the attributes the SageMaker algorithm reads (source-ref, anomaly-label, its metadata, and
    /// for segmentation anomaly-mask-ref with its colour map), or anomalib's tabular CSV (image_path, label_index,
    /// mask_path, split). Only the ground truth is written, never the retired model's predictions; an image repeated
    /// (the same test set from two model versions) is written once.
    /// </summary>
    public sealed class TestSetWriter : IDisposable
    {
        private readonly TextWriter _writer;
        private readonly TestSetFormat _format;
        private readonly string? _imageRoot;
        private readonly string? _maskRoot;
        private readonly string _created;
        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.Ordinal);

        /// <param name="writer">Where the lines go.</param>
        /// <param name="format">Which shape.</param>
        /// <param name="imageRoot">For the CSV: a local copy of the images' bucket (s3://bucket/key is imageRoot/key); null keeps the
        /// source-ref.</param>
        /// <param name="maskRoot">For the CSV: a local copy of the masks' bucket, likewise.</param>
        /// <param name="created">The creation-date of the manifest lines' metadata.</param>
        public TestSetWriter(TextWriter writer, TestSetFormat format, string? imageRoot, string? maskRoot, DateTime created)
        {
            _writer = writer;
            _format = format;
            _imageRoot = imageRoot;
            _maskRoot = maskRoot;
            _created = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (format == TestSetFormat.AnomalibCsv) _writer.Write("image_path,label_index,mask_path,split\n");
        }

        public long Written => _written.Count;

        /// <summary>Writes an image's ground truth; false when its source-ref was written already. A mask that cannot be located throws a
        /// <see cref="MaskException"/>.</summary>
        public bool Write(EvaluationImage image)
        {
            if (!_written.Add(image.SourceRef)) return false;
            if (_format == TestSetFormat.AnomalibCsv) _writer.Write(CsvRow(image));
            else _writer.Write(ManifestLine(image));
            _writer.Write('\n');
            return true;
        }

        private string CsvRow(EvaluationImage image)
        {
            string imagePath = Locate(image.SourceRef, image.Source, _imageRoot, "image");
            string mask = image.AnomalyMaskRef.Length == 0 ? string.Empty : Locate(image.AnomalyMaskRef, image.Source, _maskRoot, "mask");
            return string.Join(",", CsvFields.Quote(imagePath), image.IsAnomaly ? "1" : "0", CsvFields.Quote(mask), "test");
        }

        private string ManifestLine(EvaluationImage image)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer,
                new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("source-ref", image.SourceRef);
                json.WriteNumber("anomaly-label", image.IsAnomaly ? 1 : 0);
                json.WriteStartObject("anomaly-label-metadata");
                json.WriteString("class-name", image.IsAnomaly ? EvaluationImage.AnomalyLabel : EvaluationImage.NormalLabel);
                json.WriteString("type", "groundtruth/image-classification");
                json.WriteString("human-annotated", "yes");
                json.WriteString("creation-date", _created);
                json.WriteString("job-name", "labeling-job/anomaly-detection");
                json.WriteEndObject();
                if (image.AnomalyMaskRef.Length > 0)
                {
                    json.WriteString("anomaly-mask-ref", Locate(image.AnomalyMaskRef, image.Source, null, "mask"));
                    json.WriteStartObject("anomaly-mask-ref-metadata");
                    json.WriteStartObject("internal-color-map");
                    int index = 0;
                    foreach (var entry in ColorMap.Parse(image.AnomalyColorMap))
                    {
                        json.WriteStartObject((index++).ToString(CultureInfo.InvariantCulture));
                        json.WriteString("class-name", entry.ClassName);
                        json.WriteString("hex-color", ColorMap.Hex(entry.Rgb));
                        json.WriteEndObject();
                    }
                    json.WriteEndObject();
                    json.WriteString("type", "groundtruth/semantic-segmentation");
                    json.WriteString("human-annotated", "yes");
                    json.WriteString("creation-date", _created);
                    json.WriteString("job-name", "labeling-job/segmentation");
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        /// <summary>A reference of the manifest as a location: relative ones made whole against the manifest, s3:// under a local root
        /// when one is given.</summary>
        private static string Locate(string reference, string manifest, string? root, string what)
        {
            if (References.TryName(reference, manifest, root, out var location, out string error)) return location.Text;
            throw new MaskException(ErrorIds.InvalidMaskReference, ErrorKind.InvalidData, $"The {what} reference '{reference}' of " +
                $"'{manifest}' cannot be written: {error}");
        }

        public void Dispose() => _writer.Dispose();
    }
}
