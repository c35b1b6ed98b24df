using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// One kind of place bytes come from (local files, S3): it opens an object for streaming, reads one whole, and lists
    /// what lies below a prefix one page at a time. Every failure is an <see cref="Errors.LfvException"/> that names the
    /// location and says what to do.
    /// </summary>
    public interface IArtifactStore
    {
        /// <summary>Opens one object or file for a streaming read.</summary>
        Task<OpenedArtifact> OpenAsync(Location location, CancellationToken cancel);

        /// <summary>One object or file, read whole (a mask, a prediction file, a picture: small things), a piece at a time and
        /// cancellably; one larger than <paramref name="maxBytes"/> is a FileTooLarge error (<see cref="WholeRead"/>).</summary>
        Task<byte[]> ReadAllAsync(Location location, long maxBytes, CancellationToken cancel);

        /// <summary>
        /// One page of what lies below <paramref name="under"/> (a prefix, a pattern's literal start, a folder), and the
        /// token of the next page, null at the end. Only what <see cref="Location.Names"/> names is in the page.
        /// </summary>
        Task<ListedPage> ListPageAsync(Location under, string? token, CancellationToken cancel);
    }

    /// <summary>An object or file open for a streaming read: read it once, then dispose it.</summary>
    public sealed class OpenedArtifact : IDisposable
    {
        private readonly IDisposable _owner;

        public OpenedArtifact(Location location, CountingStream stream, IDisposable owner)
        {
            Location = location;
            Stream = stream;
            _owner = owner;
        }

        public Location Location { get; }

        /// <summary>How messages and records name it: the full path or s3:// URI.</summary>
        public string Name => Location.Text;

        /// <summary>The bytes as they arrive (never buffered whole), counting what was read for progress.</summary>
        public CountingStream Stream { get; }

        public void Dispose() => _owner.Dispose();
    }

    /// <summary>One object found by a listing: where it is, its size and when it was last written.</summary>
    public sealed class StoredObject
    {
        public StoredObject(Location location, long size, DateTimeOffset? lastModified, LfvException? refused = null)
        {
            Location = location;
            Size = size;
            LastModified = lastModified;
            Refused = refused;
        }

        public Location Location { get; }
        public long Size { get; }
        public DateTimeOffset? LastModified { get; }

        /// <summary>Why it is listed but not read (a link in a listed folder that leads out of it); null for an object to read.</summary>
        public LfvException? Refused { get; }

        public override string ToString() => Location.Text;
    }

    /// <summary>A page of a listing: the objects it names, how many others it passed over, and the next page's token.</summary>
    public sealed class ListedPage
    {
        public ListedPage(IReadOnlyList<StoredObject> objects, int passedOver, string? next)
        {
            Objects = objects;
            PassedOver = passedOver;
            Next = next;
        }

        public IReadOnlyList<StoredObject> Objects { get; }

        /// <summary>Objects of the page outside the pattern (and folder markers).</summary>
        public int PassedOver { get; }

        public string? Next { get; }
    }
}
