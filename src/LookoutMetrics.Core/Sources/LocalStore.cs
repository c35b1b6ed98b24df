using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Errors;
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

        /// <summary>Why a link in a listed folder is not read; it says nothing of where the link leads.</summary>
        private static SourceException LinkOut(string file, string folder) =>
            new SourceException(ErrorIds.ReferenceOutsideRoots, ErrorKind.PermissionDenied, $"'{file}' is a link that does not lead to " +
                $"a file inside the folder '{folder}' this command lists, so it is not read. If what it leads to is yours, give that " +
                "file or its folder itself.", file);

        /// <summary>Every file below a folder, sorted by path (the same order on every run), in one page; a file that is a link
        /// leading out of the folder is listed with why it is not read.</summary>
        public Task<ListedPage> ListPageAsync(Location under, string? token, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var all = Files(under.Text);
                all.Sort(StringComparer.Ordinal);
                var found = new List<StoredObject>(all.Count);
                var root = new[] { under.Text };
                foreach (string file in all)
                {
                    var info = new FileInfo(file);
                    var at = Location.File(file);
                    // A file that is a link is read only when it leads to a place inside the folder (the walls of Walls).
                    bool outside = Walls.IsLink(file) && !Walls.Admits(at, root);
                    found.Add(outside ? new StoredObject(at, -1, null, LinkOut(file, under.Text)) : new StoredObject(at,
                        info.Exists ? info.Length : -1, info.Exists ? new DateTimeOffset(info.LastWriteTimeUtc) : (DateTimeOffset?)null));
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
