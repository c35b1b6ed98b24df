using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// Streams an evaluation manifest (JSON Lines) one line at a time: memory stays flat whatever the file's size.
    /// CRLF or LF line ends, a UTF-8 BOM, blank lines and a missing final newline are all accepted.
    /// A line that cannot be used comes back as a <see cref="DataProblem"/>; the lines around it are read as usual.
    /// </summary>
    public static partial class ManifestReader
    {
        public const string DefaultLabelAttribute = "anomaly-label";
        private const int BufferSize = 1 << 16;

        /// <summary>The longest manifest line read: 16 MiB (a real line is a few KB; a mask's colour map with every label fits many
        /// times over). A longer one is one ManifestLineTooLong problem and is passed over without being kept.</summary>
        public const int MaxLineBytes = 16 << 20;

        /// <param name="stream">The manifest's bytes.</param>
        /// <param name="source">Its path or URI, for records and messages.</param>
        /// <param name="labelAttribute">The label attribute, when not anomaly-label.</param>
        /// <param name="groundTruthOnly">Lines with ground truth and no prediction are test images too (a labels-only test set, which
        /// -GroundTruth accepts): their prediction reads normal, and nothing but their ground truth is to be used.</param>
        public static IEnumerable<ManifestEntry> Read(Stream stream, string source, string? labelAttribute = null, bool groundTruthOnly = false)
        {
            // UTF-8 (with or without a BOM) is split into lines as bytes and parsed as UTF-8: no string per line, no
            // transcoding. A UTF-16 or UTF-32 file (a BOM says so) is transcoded to UTF-8 a block at a time, and read the same way.
            var head = new byte[4];
            int headLength = 0, n;
            string? broken = null;
            while (headLength < head.Length && broken == null && (n = ReadMore(stream, head, headLength, out broken)) > 0) headLength += n;
            bool wide = headLength >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) ||
                        headLength >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF;
            if (wide)
            {
                // Read as UTF-8, so that a wide file's lines are capped as a UTF-8 file's are.
                using var utf8 = new Utf8Transcoder(new PrefixedStream(head, headLength, stream));
                foreach (var entry in Read(utf8, source, labelAttribute, groundTruthOnly)) yield return entry;
                yield break;
            }
            // A gzip-compressed manifest (by its magic bytes, whatever its name) is read as if it were not compressed.
            if (headLength >= 2 && head[0] == 0x1F && head[1] == 0x8B)
            {
                using var unzipped = new System.IO.Compression.GZipStream(new PrefixedStream(head, headLength, stream),
                    System.IO.Compression.CompressionMode.Decompress);
                foreach (var entry in Read(unzipped, source, labelAttribute, groundTruthOnly)) yield return entry;
                yield break;
            }
            // Look at the start of the file: something that is clearly not a manifest is said in one error, not one per line.
            var sniff = new byte[SniffBytes];
            System.Buffer.BlockCopy(head, 0, sniff, 0, headLength);
            int sniffLength = headLength;
            while (sniffLength < sniff.Length && broken == null && (n = ReadMore(stream, sniff, sniffLength, out broken)) > 0) sniffLength += n;
            if (broken != null)
            {
                // What was read before the break (a small file is read whole here, and a checksum shows a mismatch at its end) is read
                // as lines: every whole line, the one cut short left out; then the break is said, after the lines it kept.
                int whole = sniffLength == 0 ? -1 : Array.LastIndexOf(sniff, (byte)'\n', sniffLength - 1);
                if (whole < 0 || WhatItLooksLike(sniff, sniffLength) != null)
                {
                    yield return ManifestEntry.Of(new DataProblem(ErrorIds.InvalidManifestLine, source, 1,
                        $"The manifest '{source}' cannot be read from its start: {broken} Download or copy the file again."));
                    yield break;
                }
                long kept = 0;
                for (int i = 0; i <= whole; i++) if (sniff[i] == (byte)'\n') kept++;
                var partial = new LineContext(source, labelAttribute) { GroundTruthOnly = groundTruthOnly };
                foreach (var entry in ReadUtf8(sniff, whole + 1, Stream.Null, partial)) yield return entry;
                yield return ManifestEntry.Of(BrokenAfter(source, kept, broken));
                yield break;
            }
            string? notAManifest = WhatItLooksLike(sniff, sniffLength);
            if (notAManifest != null)
            {
                yield return ManifestEntry.Of(new DataProblem(ErrorIds.NotAnEvaluationManifest, source, 0,
                    $"'{source}' is not an evaluation manifest: {notAManifest}"));
                yield break;
            }
            var context = new LineContext(source, labelAttribute) { GroundTruthOnly = groundTruthOnly };
            foreach (var entry in DatasetManifestsInOneError(ReadUtf8(sniff, sniffLength, stream, context), source)) yield return entry;
        }


        /// <summary>A manifest that breaks (damaged, cut short, its checksum wrong) after <paramref name="lines"/> lines: what was read is
        /// kept, and this says so, naming the first line not read.</summary>
        private static DataProblem BrokenAfter(string source, long lines, string why) => new DataProblem(ErrorIds.InvalidManifestLine, source,
            lines + 1, $"The manifest '{source}' cannot be read past line {lines}: {why} The {lines:N0} lines before it were read and are " +
                "kept. Download or copy the file again.");

        public static IEnumerable<ManifestEntry> Read(TextReader reader, string source, string? labelAttribute = null, bool groundTruthOnly = false)
        {
            var context = new LineContext(source, labelAttribute) { GroundTruthOnly = groundTruthOnly };
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

    }
}
