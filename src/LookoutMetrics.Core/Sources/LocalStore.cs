using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>Local files: opened for sequential reads and shared with writers, read whole, and folders listed in a stable order.</summary>
    public sealed class LocalStore : IArtifactStore
    {
        public static readonly LocalStore Instance = new LocalStore();

        private LocalStore()
        {
        }

        public Task<OpenedArtifact> OpenAsync(Location location, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var fs = new FileStream(location.Text, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
                    FileOptions.SequentialScan);
                var stream = new CountingStream(fs, fs.Length);
                return Task.FromResult(new OpenedArtifact(location, stream, stream));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw SourceException.FromIO(e, location.Text);
            }
        }

        public Task<byte[]> ReadAllAsync(Location location, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                return Task.FromResult(File.ReadAllBytes(location.Text));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw SourceException.FromIO(e, location.Text);
            }
        }

        /// <summary>Every file below a folder, sorted by path (the same order on every run), in one page.</summary>
        public Task<ListedPage> ListPageAsync(Location under, string? token, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var all = new List<string>(Directory.EnumerateFiles(under.Text, "*", SearchOption.AllDirectories));
                all.Sort(StringComparer.Ordinal);
                var found = new List<StoredObject>(all.Count);
                foreach (string file in all)
                {
                    var info = new FileInfo(file);
                    found.Add(new StoredObject(Location.File(file), info.Exists ? info.Length : -1,
                        info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc) : (DateTimeOffset?)null));
                }
                return Task.FromResult(new ListedPage(found, 0, null));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw SourceException.FromIO(e, under.Text);
            }
        }
    }
}
