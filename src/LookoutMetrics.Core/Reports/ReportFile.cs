using System;
using System.IO;
using System.Linq;
using System.Text;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Reports
{
    /// <summary>The report's file: where it may be written, how it is written (whole or not at all), and how it is opened.</summary>
    public static class ReportFile
    {
        /// <summary>
        /// A folder that does not exist, a path that is a folder, or a file that exists without -Force (or with
        /// -NoClobber) is an ArtifactException naming <paramref name="given"/>, before anything is written.
        /// </summary>
        public static void Check(string file, string given, bool force, bool noClobber, string example = "report.html")
        {
            string? folder = Path.GetDirectoryName(file);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
                throw new ArtifactException(ErrorIds.ReportFolderNotFound, ErrorKind.ObjectNotFound, $"Cannot write '{given}': the folder " +
                    $"'{folder}' does not exist. Create it first, or give another -Path.");
            if (Directory.Exists(file))
                throw new ArtifactException(ErrorIds.ReportPathIsFolder, ErrorKind.InvalidArgument, $"Cannot write '{given}': it is a " +
                    $"folder. Give a file name, for example '{Path.Combine(given, example)}'.");
            if (File.Exists(file) && (noClobber || !force))
                throw new ArtifactException(noClobber ? "NoClobber" : "ReportFileExists", ErrorKind.ResourceExists, noClobber
                    ? $"The file '{given}' already exists, and -NoClobber keeps it. Give another -Path."
                    : $"The file '{given}' already exists. Add -Force to overwrite it, or give another -Path.");
        }

        /// <summary>
        /// Writes to a temporary file beside the target, then moves it over the target (read-only too): a failure leaves
        /// nothing half-written, and throws the IOException or UnauthorizedAccessException.
        /// </summary>
        public static void Write(string file, string html)
        {
            string temporary = Temporary(file);
            try
            {
                File.WriteAllText(temporary, html, new UTF8Encoding(false));
                Commit(temporary, file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Discard(temporary);
                throw;
            }
        }

        /// <summary>A temporary file beside the target, for a file written a piece at a time (Export-LfvTestSet).</summary>
        public static string Temporary(string file) => file + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>Moves a finished temporary file over the target (read-only too).</summary>
        public static void Commit(string temporary, string file)
        {
            if (File.Exists(file))
            {
                var attributes = File.GetAttributes(file);
                if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(file, attributes & ~FileAttributes.ReadOnly);
                File.Delete(file);
            }
            File.Move(temporary, file);
        }

        /// <summary>Removes a temporary file that will not be finished; never throws.</summary>
        public static void Discard(string temporary)
        {
            try { if (File.Exists(temporary)) File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>Whether this process may open a browser: an interactive session, never a scheduled script.</summary>
        public static bool CanOpen() => Environment.UserInteractive && !Console.IsInputRedirected &&
            !Environment.GetCommandLineArgs().Any(a => a.StartsWith("-NonI", StringComparison.OrdinalIgnoreCase));

        /// <summary>Opens the file in the default browser; null, or why it could not.</summary>
        public static string? Open(string file)
        {
            try
            {
                System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file) { UseShellExecute = true })?.Dispose();
                return null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return $"Cannot open '{file}' in a browser: {e.Message}";
            }
        }
    }
}
