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

        /// <summary>A field as CSV writes it: quoted when it holds a comma, a quote or a line break.</summary>
        public static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
