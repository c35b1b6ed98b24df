using System;
using System.IO;
using System.Text;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// A UTF-16 or UTF-32 text (its byte-order mark says which) read as UTF-8 bytes, a block of characters at a time: a wide manifest
    /// goes through the same line reader as a UTF-8 one, with its line cap, instead of a StreamReader.ReadLine that would build a string
    /// of any length. Characters that do not encode (a lone surrogate) become U+FFFD, as the reader would take them.
    /// </summary>
    public sealed class Utf8Transcoder : ReadOnlyStream
    {
        private readonly StreamReader _reader;
        private readonly char[] _chars = new char[16 << 10];
        private readonly byte[] _bytes;
        private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        private int _start, _end;
        private bool _done;

        public Utf8Transcoder(Stream wide)
        {
            _reader = new StreamReader(wide, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16);
            _bytes = new byte[Encoding.UTF8.GetMaxByteCount(_chars.Length + 1)];
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_start == _end && !_done)
            {
                int n = _reader.Read(_chars, 0, _chars.Length);
                _done = n == 0;
                _start = 0;
                _end = _encoder.GetBytes(_chars, 0, n, _bytes, 0, flush: _done);
            }
            int take = Math.Min(count, _end - _start);
            Buffer.BlockCopy(_bytes, _start, buffer, offset, take);
            _start += take;
            return take;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
            base.Dispose(disposing);
        }
    }
}
