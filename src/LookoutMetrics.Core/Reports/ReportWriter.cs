using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LookoutMetrics.Reports
{
    /// <summary>The libraries a report embeds, read from the module's report folder (copied there from npm by the build).</summary>
    public sealed class ReportAssets
    {
        public const string UplotScript = "uPlot.iife.min.js";
        public const string UplotStyle = "uPlot.min.css";
        public const string TabulatorScript = "tabulator.min.js";
        public const string TabulatorStyle = "tabulator.min.css";
        public const string Licences = "LICENSES.txt";

        public string Uplot { get; set; } = string.Empty;
        public string UplotCss { get; set; } = string.Empty;
        public string Tabulator { get; set; } = string.Empty;
        public string TabulatorCss { get; set; } = string.Empty;
        public string LicenceText { get; set; } = string.Empty;

        /// <summary>Reads the assets from a folder; a missing file is an exception naming it (the module is incomplete).</summary>
        public static ReportAssets FromFolder(string folder)
        {
            string Read(string name)
            {
                string path = Path.Combine(folder, name);
                if (!File.Exists(path)) throw new FileNotFoundException($"The report library '{path}' is missing: the module is " +
                    $"incomplete. Reinstall it, or run build.ps1.", path);
                return File.ReadAllText(path, Encoding.UTF8);
            }
            return new ReportAssets
            {
                Uplot = Read(UplotScript),
                UplotCss = Read(UplotStyle),
                Tabulator = Read(TabulatorScript),
                TabulatorCss = Read(TabulatorStyle),
                LicenceText = Read(Licences),
            };
        }
    }

    /// <summary>
    /// Writes a report as one self-contained HTML file: styles, scripts, data and charts inline, and a
    /// Content-Security-Policy that allows only those scripts (by their SHA-256), inline styles and data: images, so
    /// that opening the file fetches nothing.
    /// </summary>
    public static class ReportWriter
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Escapes <, > and & so that no text from a manifest can close the data's script element.
            Encoder = JavaScriptEncoder.Default,
            // Enums by name (an image's Change, its outcomes), as the cmdlets write them.
            Converters = { new JsonStringEnumConverter() },
        };

        public static string Html(ReportPayload payload, ReportAssets assets)
        {
            payload.Libraries = new List<string> { assets.LicenceText };
            string data = JsonSerializer.Serialize(payload, Json);
            string app = Resource("LookoutMetrics.Report.app.js"), appCss = Resource("LookoutMetrics.Report.app.css");
            var scripts = new[] { assets.Uplot, assets.Tabulator, app };
            var csp = new StringBuilder("default-src 'none'; script-src");
            foreach (string script in scripts) csp.Append(" 'sha256-").Append(Hash(script)).Append('\'');
            csp.Append("; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'");

            var html = new StringBuilder(data.Length + assets.Tabulator.Length + assets.Uplot.Length + 16384);
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(csp).Append("\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<meta name=\"generator\" content=\"LookoutMetrics ").Append(Encode(payload.Version)).Append("\">\n")
                .Append("<title>").Append(Encode(payload.Title)).Append("</title>\n")
                .Append("<style>").Append(assets.UplotCss).Append("</style>\n")
                .Append("<style>").Append(assets.TabulatorCss).Append("</style>\n")
                .Append("<style>").Append(appCss).Append("</style>\n")
                .Append("</head>\n<body>\n<div id=\"app\"></div>\n")
                .Append("<script type=\"application/json\" id=\"lfv-data\">").Append(data).Append("</script>\n");
            foreach (string script in scripts) html.Append("<script>").Append(script).Append("</script>\n");
            html.Append("</body>\n</html>\n");
            return html.ToString();
        }

        private static string Hash(string script)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(script)));
        }

        private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

        private static string Resource(string name)
        {
            using var stream = typeof(ReportWriter).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The resource {name} is missing from LookoutMetrics.Core.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }
}
