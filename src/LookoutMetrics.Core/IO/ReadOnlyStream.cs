using System;
using System.IO;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// A stream read once, from its start to its end: what every such stream of the module (a prefix put back, bytes counted, a body that
    /// resumes, text transcoded) answers the same way, so that each states only its Read (and a Length or Position it does know).
    /// </summary>
    public abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
