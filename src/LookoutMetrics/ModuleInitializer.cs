using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Loads the module's engine and its AWSSDK assemblies from the Dependencies folder, apart from whatever other
    /// modules loaded. PowerShell 7: a load context of the module's own (LookoutMetrics.Isolation.dll), so that
    /// AWS.Tools' AWSSDK.Core of another version never collides with this one. Windows PowerShell 5.1 has no load
    /// contexts and no binding redirects for a module: there the module resolves its dependencies from its folder,
    /// taking a file of the same or a newer version, as a binding redirect would.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The module's version (the psd1's ModuleVersion, stamped into the assembly), as the report prints it.</summary>
        internal static string Version =>
            typeof(ModuleInitializer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split(
                '+')[0] ?? "0";

        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");

        public void OnImport()
        {
            if (IsDesktop)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                PreloadNativeLibraries();
                return;
            }
            var isolation = Assembly.LoadFrom(Path.Combine(ModuleDirectory, "LookoutMetrics.Isolation.dll"));
            isolation.GetType("LookoutMetrics.Isolation.DependencyLoadContext", throwOnError: true)!
                .GetMethod("Install", BindingFlags.Public | BindingFlags.Static)!
                .Invoke(null, new object[] { DependencyDirectory });
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            // PowerShell 7: the load context stays for the process, so that a second import finds the same engine.
            if (IsDesktop) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        /// <summary>
        /// Windows PowerShell has no load context to resolve native libraries: SkiaSharp's is loaded from
        /// Dependencies/runtimes/win-&lt;arch&gt;/native ahead of time, so that its DllImport finds the module already loaded.
        /// </summary>
        private static void PreloadNativeLibraries()
        {
            string arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string path = Path.Combine(DependencyDirectory, "runtimes", "win-" + arch, "native", "libSkiaSharp.dll");
            if (File.Exists(path)) LoadLibrary(path);
        }

        [System.Runtime.InteropServices.DllImport("kernel32", CharSet = System.Runtime.InteropServices.CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibrary(string path);

        private static bool IsDesktop =>
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            string candidate = Path.Combine(DependencyDirectory, name.Name + ".dll");
            if (!File.Exists(candidate)) return null;
            var found = AssemblyName.GetAssemblyName(candidate);
            return name.Version == null || found.Version >= name.Version ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
