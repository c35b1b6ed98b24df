namespace LookoutMetrics.IO
{
    /// <summary>
    /// What the start of a file looks like when it clearly is no JSON text at all: a binary file, or an HTML or XML
    /// page (an error page saved instead of the file). Both readers ask it first, so both say the same.
    /// </summary>
    public static class ArtifactSniffer
    {
        /// <summary>The length of a UTF-8 byte-order mark at the start, or 0.</summary>
        public static int BomLength(byte[] bytes, int length) => length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;

        /// <summary>
        /// Null when the bytes may be JSON text; else what they look like and what to do, naming <paramref name="wanted"/>
        /// (the file to give instead) and <paramref name="noun"/> (what to download again).
        /// </summary>
        public static string? NotText(byte[] bytes, int length, string wanted, string noun)
        {
            int start = BomLength(bytes, length);
            int controls = 0;
            for (int i = start; i < length; i++)
            {
                byte b = bytes[i];
                if (b == 0 || (b < 0x20 && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t' && b != 0x0C)) controls++;
            }
            if (length - start > 0 && (controls > 8 || controls * 20 > length - start))
                return $"it is a binary file (an executable, an image or an archive?). Give {wanted}.";
            int first = start;
            while (first < length
                && (bytes[first] == (byte)' ' || bytes[first] == (byte)'\n' || bytes[first] == (byte)'\r' || bytes[first] == (byte)'\t')) first++;
            if (first < length && bytes[first] == (byte)'<')
                return $"it looks like HTML or XML, such as an error page saved instead of the file. Download the {noun} again.";
            return null;
        }
    }
}
