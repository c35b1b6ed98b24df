using System.Collections.Generic;
using System.Text;

namespace LookoutMetrics.Succession
{
    /// <summary>The fields of one CSV line as RFC 4180 has them: commas separate, double quotes quote, "" is a quote.</summary>
    public static class CsvFields
    {
        public static List<string> Split(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c != '\r')
                {
                    field.Append(c);
                }
            }
            fields.Add(field.ToString());
            return fields;
        }

        /// <summary>
        /// One CSV record: a line, and the lines after it while a quoted field is still open (RFC 4180 lets a quoted field hold line
        /// breaks); null at the end. <paramref name="line"/> counts the lines read.
        /// </summary>
        public static string? ReadRecord(System.IO.TextReader reader, ref long line)
        {
            string? first = reader.ReadLine();
            if (first == null) return null;
            line++;
            int quotes = Count(first);
            if (quotes % 2 == 0) return first;
            var record = new StringBuilder(first);
            string? next;
            while (quotes % 2 == 1 && (next = reader.ReadLine()) != null)
            {
                line++;
                record.Append('\n').Append(next);
                quotes += Count(next);
            }
            return record.ToString();
        }

        /// <summary>How many lines a record read by <see cref="ReadRecord"/> spans.</summary>
        public static int LinesOf(string record)
        {
            int n = 1;
            foreach (char c in record) if (c == '\n') n++;
            return n;
        }

        private static int Count(string text)
        {
            int n = 0;
            foreach (char c in text) if (c == '"') n++;
            return n;
        }

        /// <summary>A field as CSV writes it: quoted when it holds a comma, a quote or a line break.</summary>
        public static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
