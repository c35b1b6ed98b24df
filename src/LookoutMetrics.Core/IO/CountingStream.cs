using System;
using System.IO;
using System.Threading;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// A read-only pass-through that counts the bytes read, so that progress can be shown by bytes for a file or an
    /// S3 object without buffering it. <see cref="BytesRead"/> may be read from another thread.
    /// </summary>
    public sealed class CountingStream : ReadOnlyStream
    {
        private readonly Stream _inner;
        private long _bytesRead;

        public CountingStream(Stream inner, long? length)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            TotalLength = length;
        }

        /// <summary>The full length when known (a file's size, an object's Content-Length).</summary>
        public long? TotalLength { get; }

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            Interlocked.Add(ref _bytesRead, n);
            return n;
        }

        public override long Length => TotalLength ?? throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
