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
            if (RegularFile.NotRegular(location.Text) is { } kind) throw RegularFile.Error(location.Text, kind);
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

        public async Task<byte[]> ReadAllAsync(Location location, long maxBytes, CancellationToken cancel)
        {
            using var opened = await OpenAsync(location, cancel).ConfigureAwait(false);
            try
            {
                return await WholeRead.ReadAsync(opened, maxBytes, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw SourceException.FromIO(e, location.Text);
            }
        }

        /// <summary>
        /// The files below a folder, its subfolders walked but a symbolic link to a folder not followed (as find(1) does without -L),
        /// so that a link back up cannot loop into the same files again and again.
        /// </summary>
        private static List<string> Files(string root)
        {
            var files = new List<string>();
            var folders = new Stack<string>();
            folders.Push(root);
            while (folders.Count > 0)
            {
                string folder = folders.Pop();
                files.AddRange(Directory.EnumerateFiles(folder));
                foreach (string sub in Directory.EnumerateDirectories(folder))
                {
                    if ((File.GetAttributes(sub) & FileAttributes.ReparsePoint) == 0) folders.Push(sub);
                }
            }
            return files;
        }

        /// <summary>Every file below a folder, sorted by path (the same order on every run), in one page.</summary>
        public Task<ListedPage> ListPageAsync(Location under, string? token, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var all = Files(under.Text);
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
