using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Windows PowerShell 5.1 has no binding redirects for a module's dependencies (System.Text.Json wants newer
    /// System.Memory and friends than it asks for), so on .NET Framework the module resolves them from its own folder.
    /// PowerShell 7 probes the module folder itself, and this handler then never runs.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        public void OnImport()
        {
            if (IsDesktop) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsDesktop) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
        }

        private static bool IsDesktop =>
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            string candidate = Path.Combine(ModuleDirectory, name.Name + ".dll");
            if (!File.Exists(candidate)) return null;
            var found = AssemblyName.GetAssemblyName(candidate);
            // Only satisfy a request with the same or a newer version, as a binding redirect would.
            return name.Version == null || found.Version >= name.Version ? Assembly.LoadFrom(candidate) : null;
        }
    }
}
