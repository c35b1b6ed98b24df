using System;

namespace LookoutMetrics
{
    /// <summary>
    /// One model version's evaluation artifacts as a bucket (or a local copy of it) holds them: Find-LfvModelArtifact's
    /// record. Its ResultUri, ManifestUri, ProjectName and ModelVersion bind by property name to every cmdlet that reads
    /// artifacts.
    /// </summary>
    public sealed class ModelArtifact
    {
        public string ProjectName { get; set; } = string.Empty;

        /// <summary>The version, a number (the artifacts' names say it), so that versions sort 1, 2, 10.</summary>
        public int ModelVersion { get; set; }

        /// <summary>The EvaluationResult object (s3://bucket/key) or file (a full path); empty when the model has none.</summary>
        public string ResultUri { get; set; } = string.Empty;

        /// <summary>The EvaluationManifest object or file; empty when the model has none.</summary>
        public string ManifestUri { get; set; } = string.Empty;

        /// <summary>The result's size in bytes; null when there is none.</summary>
        public long? ResultSize { get; set; }

        /// <summary>When the result was last written (UTC); null when there is none or the store does not say.</summary>
        public DateTime? ResultLastModified { get; set; }

        public long? ManifestSize { get; set; }

        public DateTime? ManifestLastModified { get; set; }

        /// <summary>ResultLastModified as ISO 8601 in UTC, for Export-Csv.</summary>
        public string? ResultLastModifiedUtc => Exported.Utc(ResultLastModified);

        /// <summary>ManifestLastModified as ISO 8601 in UTC, for Export-Csv.</summary>
        public string? ManifestLastModifiedUtc => Exported.Utc(ManifestLastModified);

        /// <summary>Which artifact the model version lacks: "Manifest", "Result", or empty when it has both.</summary>
        public string Missing => ManifestUri.Length == 0 ? "Manifest" : ResultUri.Length == 0 ? "Result" : string.Empty;

        /// <summary>
        /// Where the model's masks are, as its manifest names them (the folder of its first mask, "s3://bucket/cookies/masks/"); empty for
        /// a classification model, and unless Find-LfvModelArtifact was asked with -MaskPrefix (it reads the start of each manifest).
        /// </summary>
        public string MaskPrefix { get; set; } = string.Empty;

        /// <summary>The folder or prefix the two artifacts are in.</summary>
        public string Folder { get; set; } = string.Empty;

        public override string ToString() => ProjectName + " " + ModelVersion;
    }
}
