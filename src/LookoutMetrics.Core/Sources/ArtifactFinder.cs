using System;
using System.Collections.Generic;
using System.Linq;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>
    /// The model versions a listing holds: each EvaluationResult-&lt;project&gt;-&lt;version&gt;.json and
    /// EvaluationManifest-&lt;project&gt;-&lt;version&gt;.json in one folder or prefix are one <see cref="ModelArtifact"/>. Only the
    /// artifacts are kept (the other objects listed are counted and let go), so memory grows with the models, not the bucket.
    /// </summary>
    public sealed class ArtifactFinder
    {
        private readonly Dictionary<(string Folder, string Project, int Version), ModelArtifact> _found =
            new Dictionary<(string, string, int), ModelArtifact>();

        /// <summary>Objects listed that are not artifacts of a model version.</summary>
        public long PassedOver { get; private set; }

        /// <summary>Counts an object listed that the caller passed over.</summary>
        public void PassOver() => PassedOver++;

        /// <summary>Whether an object's name is a model version's result or manifest (EvaluationResult-project-1.json), which
        /// <see cref="Add"/> keeps.</summary>
        public static bool IsModelArtifact(string text) => IsModelArtifact(text, out _, out _, out _);

        private static bool IsModelArtifact(string text, out ArtifactKind? kind, out string project, out int number)
        {
            number = 0;
            project = string.Empty;
            kind = ArtifactNames.KindOf(text);
            return kind != null && ArtifactNames.TryParseFileName(text, out project, out string version) && int.TryParse(version,
                System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
        }

        /// <summary>Takes one listed object; false when it is not an artifact (passed over).</summary>
        public bool Add(StoredObject found)
        {
            string text = found.Location.Text;
            if (!IsModelArtifact(text, out var kind, out string project, out int number))
            {
                PassedOver++;
                return false;
            }
            string folder = text.Substring(0, text.Length - ArtifactNames.LastSegment(text).Length);
            var key = (folder, project.ToLowerInvariant(), number);
            if (!_found.TryGetValue(key, out var artifact))
            {
                artifact = new ModelArtifact { ProjectName = project, ModelVersion = number, Folder = folder };
                _found.Add(key, artifact);
            }
            DateTime? written = found.LastModified?.UtcDateTime;
            if (kind == ArtifactKind.EvaluationResult)
            {
                (artifact.ResultUri, artifact.ResultSize, artifact.ResultLastModified) = (text, found.Size, written);
                artifact.ProjectName = project; // the result's spelling names the model, as the service wrote it
            }
            else
            {
                (artifact.ManifestUri, artifact.ManifestSize, artifact.ManifestLastModified) = (text, found.Size, written);
            }
            return true;
        }

        /// <summary>The model versions found, by folder, project and version (as a number).</summary>
        public IReadOnlyList<ModelArtifact> Found() => _found.Values
            .OrderBy(a => a.Folder, StringComparer.Ordinal)
            .ThenBy(a => a.ProjectName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(a => a.ModelVersion).ToList();

        /// <summary>The warning that names the model versions found without a manifest (or without a result); null when none lacks
        /// one.</summary>
        public static string? Missing(IReadOnlyList<ModelArtifact> found, bool manifest)
        {
            var lacking = found.Where(a => (manifest ? a.ManifestUri : a.ResultUri).Length == 0).ToList();
            if (lacking.Count == 0) return null;
            const int named = 10;
            string names = string.Join(", ", lacking.Take(named).Select(a => $"{a.ProjectName}/{a.ModelVersion}"));
            if (lacking.Count > named) names += $" and {lacking.Count - named} more";
            return manifest
                ? $"{lacking.Count} of {found.Count} model versions have no evaluation manifest beside their result ({names}): their " +
                    "metrics cannot be recomputed or verified. Copy the EvaluationManifest file back, or leave them out."
                : $"{lacking.Count} of {found.Count} model versions have no evaluation result beside their manifest ({names}): what was " +
                    "reported cannot be checked, but their metrics can be recomputed from the manifest.";
        }

        /// <summary>Whether a pattern names an object or the artifact beside it.</summary>
        public static bool NamedByEither(Location pattern, Location found)
        {
            if (pattern.Names(found.Key)) return true;
            string? other = ArtifactNames.KindOf(found.Key) == ArtifactKind.EvaluationResult ? ArtifactNames.ManifestBeside(found.Key)
                : ArtifactNames.ResultBeside(found.Key);
            return other != null && pattern.Names(other);
        }

        public static SourceException NothingFound(Location at)
        {
            bool local = at.Kind == LocationKind.File;
            string names = $"{ArtifactNames.Pattern(ArtifactKind.EvaluationResult)} and {ArtifactNames.Pattern(ArtifactKind.EvaluationManifest)}";
            return new SourceException(ErrorIds.NoArtifactsFound, ErrorKind.ObjectNotFound, local
                ? $"There is no model version's artifact in the folder '{at}' or below it: it looked for files named {names}. Check the " +
                    "folder (a copy of the bucket, as 'aws s3 sync' makes it)."
                : $"There is no model version's artifact {(at.Kind == LocationKind.S3Pattern ? "matching" : "below")} '{at}': it looked for " +
                    $"objects named {names}. Check the bucket and prefix (the model's output location), or list it with Get-S3Object.",
                at.Text);
        }
    }
}
