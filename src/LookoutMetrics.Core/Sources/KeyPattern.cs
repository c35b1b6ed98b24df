using System;
using System.Collections.Generic;
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

        private KeyPattern(string pattern, Regex regex, string literalPrefix)
        {
            Pattern = pattern;
            _regex = regex;
            LiteralPrefix = literalPrefix;
        }

        /// <summary>
        /// The pattern of a key, or the error that says why it is none (an empty or reversed set, '[]' or '[z-a]').
        /// A key that ends with '/' names what lies below the folders it matches, as a prefix does.
        /// </summary>
        public static bool TryCreate(string pattern, out KeyPattern keyPattern, out string error)
        {
            keyPattern = null!;
            error = string.Empty;
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
                        int close = SetEnd(pattern, i + 1);
                        if (close < 0)
                        {
                            regex.Append(Regex.Escape("["));
                            if (inLiteral) literal.Append(c);
                            break;
                        }
                        if (!TrySet(pattern.Substring(i + 1, close - i - 1), out string set))
                        {
                            error = $"'{pattern}' is not a wildcard pattern: '{pattern.Substring(i, close - i + 1)}' is an empty or reversed set. " +
                                "Escape '[' and ']' with '`' for a key that holds them.";
                            return false;
                        }
                        regex.Append(set);
                        inLiteral = false;
                        i = close;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        if (inLiteral) literal.Append(c);
                        break;
                }
            }
            if (pattern.EndsWith("/", StringComparison.Ordinal)) regex.Append(".*");
            regex.Append("\\z");
            keyPattern = new KeyPattern(pattern, new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant),
                literal.ToString());
            return true;
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
                else if (c == '[' && SetEnd(key, i + 1) > i) return true;
            }
            return false;
        }

        /// <summary>Where the set that starts at <paramref name="from"/> ends (its ']', not one escaped with '`'); -1 when it does not.</summary>
        private static int SetEnd(string pattern, int from)
        {
            for (int k = from; k < pattern.Length; k++)
            {
                if (pattern[k] == '`') k++;
                else if (pattern[k] == ']') return k;
            }
            return -1;
        }

        /// <summary>The inside of '[...]' as a regex set: ranges kept, everything else literal; an empty or reversed set is none.</summary>
        private static bool TrySet(string body, out string set)
        {
            set = string.Empty;
            var chars = new List<char>();
            for (int i = 0; i < body.Length; i++) chars.Add(body[i] == '`' && i + 1 < body.Length ? body[++i] : body[i]);
            if (chars.Count == 0) return false;
            var sb = new StringBuilder("[");
            for (int i = 0; i < chars.Count; i++)
            {
                if (i + 2 < chars.Count && chars[i + 1] == '-')
                {
                    if (chars[i] > chars[i + 2]) return false;
                    sb.Append(Escape(chars[i])).Append('-').Append(Escape(chars[i + 2]));
                    i += 2;
                    continue;
                }
                sb.Append(Escape(chars[i]));
            }
            set = sb.Append(']').ToString();
            return true;
        }

        private static string Escape(char c) => c == '\\' || c == ']' || c == '[' || c == '^' || c == '-' ? "\\" + c : c.ToString();
    }
}
