using System;
using System.IO;
using System.Runtime.InteropServices;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// What a local path is before it is opened: only regular files are read. A FIFO given as a mask blocks its reader until a writer
    /// comes, a device (/dev/zero, /dev/urandom) never ends, a socket cannot be opened, and a folder is no file: each is said at once,
    /// without opening it. On Unix the file type comes from stat(2) through the runtime's own native shim (libSystem.Native, which
    /// every .NET on Linux and macOS carries); where that is not there, the path is opened as before.
    /// </summary>
    public static class RegularFile
    {
        /// <summary>"a FIFO (named pipe)", "a character device", ... for a path that is not a regular file; null for one that is (or
        /// that cannot be told, or does not exist: opening it says so).</summary>
        public static string? NotRegular(string path)
        {
            if (Directory.Exists(path)) return "a folder";
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return path.StartsWith(@"\\.\", StringComparison.Ordinal) || path.StartsWith(@"\\?\pipe", StringComparison.OrdinalIgnoreCase) ||
                    IsDeviceName(path) ? "a device or pipe" : null;
            switch (FileType(path, followLinks: true))
            {
                case 0x8000: return null;
                case 0x1000: return "a FIFO (named pipe)";
                case 0x2000: return "a character device";
                case 0x6000: return "a block device";
                case 0xC000: return "a socket";
                case 0x4000: return "a folder";
                default: return null;
            }
        }

        /// <summary>A name Windows opens as a device in any folder (CON, NUL, COM1, LPT1, ..., with any extension: 'C:\\masks\\CON.png').</summary>
        internal static bool IsDeviceName(string path)
        {
            string name = Path.GetFileName(path);
            int dot = name.IndexOf('.');
            name = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ').ToUpperInvariant();
            if (name == "CON" || name == "PRN" || name == "AUX" || name == "NUL" || name == "CONIN$" || name == "CONOUT$") return true;
            return name.Length == 4 && (name.StartsWith("COM", StringComparison.Ordinal) || name.StartsWith("LPT", StringComparison.Ordinal)) &&
                name[3] >= '1' && name[3] <= '9';
        }

        /// <summary>The error for a path that is not a regular file: it is not opened.</summary>
        public static SourceException Error(string path, string kind) => new SourceException(Errors.ErrorIds.NotAFile,
            Errors.ErrorKind.InvalidArgument, $"'{path}' is {kind}, not a file: only regular files are read, and it was not opened. Give the " +
                "file itself.", path);

        /// <summary>Whether a path is a symbolic link (lstat(2)); false where that cannot be told. Callers ask <see cref="Walls.IsLink"/>,
        /// which uses this where real paths can be had.</summary>
        internal static bool IsSymbolicLink(string path) =>
            !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && FileType(path, followLinks: false) == 0xA000;

        /// <summary>The file type bits of stat(2) (or lstat(2)) for a path (S_IFMT: 0x8000 a regular file, 0xA000 a link, ...); 0 when it
        /// cannot be told: the path is not there, or the runtime's native shim is not.</summary>
        private static int FileType(string path, bool followLinks)
        {
            try
            {
                var status = new byte[256];
                byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
                if ((followLinks ? Stat(name, status) : LStat(name, status)) != 0) return 0;
                return BitConverter.ToInt32(status, 4) & 0xF000; // FileStatus: int Flags, int Mode, ...
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return 0;
            }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
        private static extern int LStat(byte[] path, byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        private static extern int Stat(byte[] path, byte[] status);
    }
}
