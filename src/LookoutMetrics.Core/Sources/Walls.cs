using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// Roots as walls: a local reference that an artifact holds (a mask, a picture) is read only inside the folders the user gave: the
    /// folder of a local artifact and the root parameter given for that kind of reference (-MaskRoot, -ImageRoot). It is inside a root
    /// when its path is, and when its real path (every symbolic link followed) is inside the root's real path, so a link under a root
    /// cannot lead out of it. A reference from an S3 artifact therefore never reaches the local disk except through a root given for
    /// it. S3 references are read in any bucket the user's credentials reach: the service wrote its images and ground-truth masks in
    /// the dataset's bucket and its results in the output bucket, so a manifest that names two buckets is the usual layout, and the
    /// credentials are the wall there. A refusal says which parameter would admit the reference's folder and nothing of what lies
    /// outside: nothing outside is looked at beyond the links on the way to it.
    /// </summary>
    public static class Walls
    {
        private static readonly StringComparison PathCase = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ||
            RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>The folders a local reference held by <paramref name="artifactSource"/> may be read from: <paramref name="givenRoot"/>
        /// when there is one, and the artifact's own folder when it is a local file.</summary>
        public static List<string> RootsOf(string artifactSource, string? givenRoot)
        {
            var roots = new List<string>(2);
            if (!string.IsNullOrEmpty(givenRoot)) roots.Add(Path.GetFullPath(givenRoot!));
            if (!Location.IsS3Text(artifactSource) && artifactSource.Length > 0)
            {
                try
                {
                    string? folder = Path.GetDirectoryName(Path.GetFullPath(artifactSource));
                    if (!string.IsNullOrEmpty(folder)) roots.Add(folder!);
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
                {
                    // A source that is no path (a pipeline object's made-up name) gives no folder.
                }
            }
            return roots;
        }

        /// <summary>Whether a location may be read: an S3 object always (the credentials decide), a local file inside one of
        /// <paramref name="roots"/>.</summary>
        public static bool Admits(Location location, IReadOnlyList<string> roots)
        {
            if (location.IsS3) return true;
            string? real = null;
            foreach (string root in roots)
            {
                if (!IsWithin(location.Text, root)) continue;
                if (CanResolve)
                {
                    real ??= RealPath(location.Text);
                    if (IsWithin(real, RealPath(root))) return true;
                }
                // Where real paths cannot be had (Windows, whose junctions need no rights; a runtime without the shim), the walls fail
                // closed: a link or junction anywhere between the root and the reference refuses it.
                else if (!AnyLinkBelow(root, location.Text)) return true;
            }
            return false;
        }

        /// <summary>Whether real paths can be had here: realpath(3) through the runtime's native shim, on Linux and macOS.</summary>
        private static readonly bool CanResolve = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && ShimLoads();

        private static bool ShimLoads()
        {
            try
            {
                return Resolve("/") != null;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return false;
            }
        }

        /// <summary>Whether a folder or file between <paramref name="root"/> (not itself) and <paramref name="path"/> is a link or junction;
        /// one that cannot be looked at counts as one.</summary>
        internal static bool AnyLinkBelow(string root, string path)
        {
            string current = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            foreach (string segment in path.Substring(Math.Min(path.Length, current.Length)).Split(new[] { Path.DirectorySeparatorChar,
                Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
            {
                current = current + Path.DirectorySeparatorChar + segment;
                try
                {
                    if (IsLinkOrJunction(current)) return true;
                }
                catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
                {
                    return false;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Whether a path is a symbolic link or a junction: lstat(2) where real paths can be had, else its attributes. There a reparse point
        /// that is no link (a cloud file's placeholder, as OneDrive's) is told apart by FileSystemInfo.LinkTarget where the runtime has it
        /// (.NET 6 and later); where it does not (Windows PowerShell 5.1), every reparse point counts as a link. One that cannot be looked
        /// at counts as one; one that is not there does not.
        /// </summary>
        public static bool IsLink(string path)
        {
            if (CanResolve) return RegularFile.IsSymbolicLink(path);
            try
            {
                return IsLinkOrJunction(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return false;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return true;
            }
        }

        /// <summary>A reparse point that is a link or junction (see <see cref="IsLink"/>); throws as File.GetAttributes does.</summary>
        internal static bool IsLinkOrJunction(string path)
        {
            var attributes = File.GetAttributes(path);
            if ((attributes & FileAttributes.ReparsePoint) == 0) return false;
            if (LinkTarget == null) return true;
            FileSystemInfo info = (attributes & FileAttributes.Directory) != 0 ? new DirectoryInfo(path) : new FileInfo(path);
            try
            {
                return LinkTarget.GetValue(info) != null;
            }
            catch (System.Reflection.TargetInvocationException)
            {
                return true;
            }
        }

        /// <summary>FileSystemInfo.LinkTarget (.NET 6 and later), which is null for a reparse point that is no link; null before .NET 6.</summary>
        private static readonly System.Reflection.PropertyInfo? LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>Whether a full path lies in a folder or is the folder, by its text.</summary>
        public static bool IsWithin(string path, string folder)
        {
            string f = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!path.StartsWith(f, PathCase)) return false;
            if (path.Length == f.Length) return true;
            char next = path[f.Length];
            return next == Path.DirectorySeparatorChar || next == Path.AltDirectorySeparatorChar || f.Length == 0;
        }

        /// <summary>
        /// A full path with every symbolic link followed (realpath(3)); for a path that does not exist, the real path of the nearest
        /// folder above it that does, with the rest appended. A link that leads nowhere is its own target's place: unknown, so it is
        /// given as the empty string, which no root holds. Where the runtime's native shim is not there (Windows), the path's text.
        /// </summary>
        public static string RealPath(string fullPath)
        {
            if (!CanResolve) return fullPath;
            try
            {
                string? real = Resolve(fullPath);
                if (real != null) return real;
                if (IsLink(fullPath)) return string.Empty;
                string? parent = Path.GetDirectoryName(fullPath);
                if (string.IsNullOrEmpty(parent) || parent == fullPath) return fullPath;
                string realParent = RealPath(parent!);
                return realParent.Length == 0 ? string.Empty : Path.Combine(realParent, Path.GetFileName(fullPath));
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return fullPath;
            }
        }

        private static string? Resolve(string path)
        {
            IntPtr real = RealPathNative(Encoding.UTF8.GetBytes(path + "\0"));
            if (real == IntPtr.Zero) return null;
            try
            {
                int length = 0;
                while (Marshal.ReadByte(real, length) != 0) length++;
                var bytes = new byte[length];
                Marshal.Copy(real, bytes, 0, length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                Free(real);
            }
        }

        /// <summary>
        /// Why a reference is not read: it names the reference and the parameter that would admit its folder, and says nothing
        /// of whether anything is there.
        /// </summary>
        public static string Refusal(string reference, string kind, string rootParameter, IReadOnlyList<string> roots)
        {
            string inside = roots.Count == 0 ? "no folder" : string.Join(", ", roots.Select(r => $"'{r}'"));
            return $"The {kind} reference '{reference.Trim()}' lies outside the folders this command reads ({inside}), so it is not " +
                $"read. If it is yours, give {rootParameter} <folder> with the folder that holds it.";
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_RealPath")]
        private static extern IntPtr RealPathNative(byte[] path);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Free")]
        private static extern void Free(IntPtr pointer);
    }
}
