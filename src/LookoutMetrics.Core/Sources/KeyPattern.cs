using System.Text;
using System.Text.RegularExpressions;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// An S3 key with wildcards, by PowerShell's rules (WildcardPattern): '*' any run of characters, '?' one character,
    /// '[abc]' and '[a-z]' one of a set, '`' escapes the next character; matched against the whole key, case-sensitively as
    /// S3 keys are. A '*' crosses '/' (a key has no folders), so s3://bucket/*/EvaluationResult-*.json finds results at
    /// any depth. The literal start is what S3 is asked to list, so a listing reads only the keys that may match.
    /// </summary>
    public sealed class KeyPattern
    {
        private readonly Regex _regex;

        public KeyPattern(string pattern)
        {
            Pattern = pattern;
            var regex = new StringBuilder("^");
            var literal = new StringBuilder();
            bool inLiteral = true;
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    char next = pattern[++i];
                    regex.Append(Regex.Escape(next.ToString()));
                    if (inLiteral) literal.Append(next);
                    continue;
                }
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        inLiteral = false;
                        break;
                    case '?':
                        regex.Append('.');
                        inLiteral = false;
                        break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            regex.Append(Regex.Escape("["));
                            if (inLiteral) literal.Append(c);
                            break;
                        }
                        regex.Append('[').Append(SetBody(pattern.Substring(i + 1, close - i - 1))).Append(']');
                        inLiteral = false;
                        i = close;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        if (inLiteral) literal.Append(c);
                        break;
                }
            }
            regex.Append('$');
            _regex = new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
            LiteralPrefix = literal.ToString();
        }

        public string Pattern { get; }

        /// <summary>The characters before the first wildcard.</summary>
        public string LiteralPrefix { get; }

        public bool IsMatch(string key) => _regex.IsMatch(key);

        /// <summary>Whether a key holds '*', '?' or '[...]', or escapes one with '`' (then the escape is the pattern's to read).</summary>
        public static bool HasWildcards(string key)
        {
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                if (c == '`' && i + 1 < key.Length && "*?[]`".IndexOf(key[i + 1]) >= 0) return true;
                else if (c == '*' || c == '?') return true;
                else if (c == '[' && key.IndexOf(']', i + 1) > i) return true;
            }
            return false;
        }

        /// <summary>The inside of '[...]' as a regex set: ranges kept, everything else literal.</summary>
        private static string SetBody(string body)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < body.Length; i++)
            {
                char c = body[i];
                if (c == '-' && i > 0 && i < body.Length - 1) sb.Append('-');
                else if (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') sb.Append('\\').Append(c);
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
