namespace LookoutMetrics
{
    /// <summary>
    /// Text from the data made safe for a terminal: control characters (an escape sequence in a source-ref or a project name, a bell)
    /// shown escaped as \u001b instead of reaching the console, where they could set its title or clear its screen. The default views
    /// show every text column through <see cref="Of"/>, and every warning and error message goes through <see cref="Message"/>.
    /// </summary>
    public static class Printable
    {
        /// <summary>A message's longest length: a value blown up by the data (a 50 MB field) is cut, and the cut said.</summary>
        public const int MessageLength = 2000;

        /// <summary>The text with its control characters escaped; null as empty.</summary>
        public static string Of(object? value)
        {
            string text = value?.ToString() ?? string.Empty;
            int i = 0;
            while (i < text.Length && !IsControl(text[i])) i++;
            if (i == text.Length) return text;
            var sb = new System.Text.StringBuilder(text.Length + 16);
            sb.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>A message escaped as <see cref="Of"/> does and cut to <see cref="MessageLength"/> characters.</summary>
        public static string Message(string message)
        {
            string text = Of(message);
            return text.Length <= MessageLength ? text
                : text.Substring(0, MessageLength) + $"... (the message is cut: {text.Length:N0} characters, blown up by the data)";
        }

        private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
