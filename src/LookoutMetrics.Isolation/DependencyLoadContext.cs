using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace LookoutMetrics.Isolation
{
    /// <summary>
    /// The module's engine (LookoutMetrics.Core) and the AWSSDK assemblies it uses load here, from the module's
    /// Dependencies folder, whatever another module loaded into the default context before. The cmdlet assembly
    /// stays in the default context and reaches the engine through <see cref="AssemblyLoadContext.Default"/>'s
    /// Resolving event; no AWSSDK type crosses between the two (the cmdlet assembly references none).
    /// </summary>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private const string Engine = "LookoutMetrics.Core";

        /// <summary>The output types: one copy, in the default context, beside the cmdlet assembly.</summary>
        private const string Model = "LookoutMetrics.Model";
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _instance;

        private readonly string _directory;
        private readonly string _modelPath;
        private readonly HashSet<string> _platform;

        private DependencyLoadContext(string directory) : base("LookoutMetrics")
        {
            _directory = directory;
            _modelPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory.TrimEnd(Path.DirectorySeparatorChar)))!, Model + ".dll");
            _platform = PlatformAssemblies();
        }

        /// <summary>Called once by the module's initializer; later imports of the module reuse the same context.</summary>
        public static void Install(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (_instance != null) return;
                _instance = new DependencyLoadContext(dependencyDirectory);
                Default.Resolving += (_, name) =>
                    string.Equals(name.Name, Engine, StringComparison.Ordinal) ? _instance.LoadFromAssemblyName(name) : null;
            }
        }

        /// <summary>
        /// AWSSDK and the engine always load from the module's folder; what the platform itself provides (System.Text.Json,
        /// System.Memory and the rest of the shared framework, PowerShell's own assemblies) comes from the default
        /// context, so that framework types stay one type; anything else the folder has loads here.
        /// </summary>
        protected override Assembly? Load(AssemblyName name)
        {
            string? simple = name.Name;
            if (simple == null) return null;
            if (simple == Model) return Default.LoadFromAssemblyPath(_modelPath);
            string path = Path.Combine(_directory, simple + ".dll");
            bool ours = simple == Engine || simple.StartsWith("AWSSDK.", StringComparison.Ordinal);
            if (!ours && _platform.Contains(simple)) return null;
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        /// <summary>
        /// Native libraries of the module's packages (SkiaSharp's libSkiaSharp) from Dependencies/runtimes/&lt;rid&gt;/native,
        /// the layout NuGet uses, for the runtime identifier of this process and its portable fallbacks.
        /// </summary>
        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            foreach (string rid in RuntimeIdentifiers())
            {
                string folder = Path.Combine(_directory, "runtimes", rid, "native");
                foreach (string file in NativeFileNames(unmanagedDllName))
                {
                    string path = Path.Combine(folder, file);
                    if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
                }
            }
            return IntPtr.Zero;
        }

        private static IEnumerable<string> RuntimeIdentifiers()
        {
            string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            yield return RuntimeInformation.RuntimeIdentifier;
            if (OperatingSystem.IsWindows()) yield return "win-" + arch;
            else if (OperatingSystem.IsMacOS()) { yield return "osx-" + arch; yield return "osx"; }
            else
            {
                if (File.Exists("/etc/alpine-release")) yield return "linux-musl-" + arch;
                yield return "linux-" + arch;
            }
        }

        private static IEnumerable<string> NativeFileNames(string name)
        {
            yield return name;
            string ext = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            if (!name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) yield return name + ext;
            if (!OperatingSystem.IsWindows() && !name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + ext;
        }

        /// <summary>The names of the trusted platform assemblies: the shared framework and the host's own.</summary>
        private static HashSet<string> PlatformAssemblies()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (string path in list.Split(Path.PathSeparator))
                {
                    if (path.Length > 0) names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
            return names;
        }
    }
}
