using System;
using System.Collections.Generic;
using System.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>The UTF-8 line splitter: lines as bytes, CRLF or LF, BOM, damaged compression, blank lines.</summary>
    public static partial class ManifestReader
    {
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
                if (newline < 0 && !eof && end - start > MaxLineBytes + 1)
                {
                    // A line past the cap is said and passed over without being kept, and the line after it is read as usual.
                    lineNumber++;
                    sawContent = true;
                    yield return ManifestEntry.Of(new DataProblem(ErrorIds.ManifestLineTooLong, context.Source, lineNumber,
                        $"Line {lineNumber} of '{context.Source}' is longer than {MaxLineBytes:N0} bytes, the most a manifest line may be " +
                            "here (a real one is a few KB), so it is passed over. The other lines are read as usual."));
                    start = end = 0;
                    string? cut = null;
                    while (true)
                    {
                        int read = ReadMore(stream, buffer, 0, out cut);
                        if (cut != null || read == 0)
                        {
                            eof = true;
                            break;
                        }
                        int next = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                        if (next < 0) continue;
                        start = next + 1;
                        end = read;
                        break;
                    }
                    if (cut != null)
                    {
                        // Damaged or cut short while the long line was passed over: said as a break anywhere is.
                        yield return ManifestEntry.Of(BrokenAfter(context.Source, lineNumber, cut));
                        yield break;
                    }
                    continue;
                }
                if (newline < 0 && !eof)
                {
                    // Keep the partial line, make room (a line longer than the buffer grows it), read more.
                    if (start > 0)
                    {
                        System.Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    // Grown no further than a line at the cap with its CR and LF: one longer is passed over above.
                    if (end == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, MaxLineBytes + 2L));
                    int read = ReadMore(stream, buffer, end, out string? damage);
                    if (damage != null)
                    {
                        // A compressed file cut short: what was read is kept, and the rest is said to be missing.
                        yield return ManifestEntry.Of(BrokenAfter(context.Source, lineNumber, damage));
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
            ManifestEntry.Of(new DataProblem(ErrorIds.EmptyManifest, source, 0,
                $"The evaluation manifest '{source}' is empty: it holds no JSON lines. " +
                "Check that the download or copy finished, and that this is the EvaluationManifest-<project>-<version>.json file of the model."));

    }
}
