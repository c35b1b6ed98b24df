using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// The stores of one invocation: local files always, S3 when a location needs it (its client made by the factory,
    /// once, on the first thread that asks: callers ask on the pipeline thread first, so that a settings problem is
    /// said there). Every reader opens, reads and lists through here.
    /// </summary>
    public sealed class ArtifactStores
    {
        private readonly Func<IArtifactStore> _s3Factory;
        private readonly object _gate = new object();
        private IArtifactStore? _s3;

        public ArtifactStores(Func<IArtifactStore> s3Factory) => _s3Factory = s3Factory;

        public IArtifactStore Local => LocalStore.Instance;

        /// <summary>The S3 store, made on first use.</summary>
        public IArtifactStore S3
        {
            get
            {
                lock (_gate) return _s3 ??= _s3Factory();
            }
        }

        public IArtifactStore For(Location location) => location.IsS3 ? S3 : Local;

        /// <summary>Whether any of these locations is read over the network (so its reads may overlap, and S3 is needed).</summary>
        public static bool AnyRemote(params Location?[] locations)
        {
            foreach (var location in locations)
            {
                if (location?.IsS3 == true) return true;
            }
            return false;
        }

        /// <summary>Makes the stores these locations need (the S3 client), on the caller's thread, before any read.</summary>
        public void Prepare(params Location?[] locations)
        {
            if (AnyRemote(locations)) _ = S3;
        }

        public Task<OpenedArtifact> OpenAsync(Location location, CancellationToken cancel) => For(location).OpenAsync(location, cancel);

        /// <summary>One item read whole, at most <paramref name="maxBytes"/> (<see cref="WholeRead"/>).</summary>
        public Task<byte[]> ReadAllAsync(Location location, long maxBytes, CancellationToken cancel) =>
            For(location).ReadAllAsync(location, maxBytes, cancel);

        /// <summary>
        /// Every object a prefix, pattern or folder names, lazily: a page is asked for when the one before it has been
        /// taken, so memory stays flat whatever the number listed. <paramref name="passedOver"/> is told how many listed
        /// objects each page left out.
        /// </summary>
        public IEnumerable<StoredObject> List(Location under, CancellationToken cancel, Action<int>? passedOver = null)
        {
            var store = For(under);
            string? token = null;
            do
            {
                var page = store.ListPageAsync(under, token, cancel).GetAwaiter().GetResult();
                if (page.PassedOver > 0) passedOver?.Invoke(page.PassedOver);
                foreach (var found in page.Objects) yield return found;
                token = page.Next;
            }
            while (token != null);
        }
    }
}
