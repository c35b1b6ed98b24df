using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LookoutMetrics.IO
{
    /// <summary>Project and model version from a model ARN or from an artifact's file name, and how artifacts are named.</summary>
    public static class ArtifactNames
    {
        // arn:aws:lookoutvision:us-east-1:123456789012:model/my-project/3 (the partition varies: aws, aws-cn, aws-us-gov)
        private static readonly Regex ModelArnPattern = new Regex(
            @"^arn:[^:]+:lookoutvision:[^:]*:[^:]*:model/(?<project>[^/]+)/(?<version>[^/]+)$",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        // EvaluationManifest-my-project-3.json, EvaluationResult-my-project-3.json. Project names may hold '-', versions may not.
        private static readonly Regex FileNamePattern = new Regex(
            @"^Evaluation(?:Manifest|Result)-(?<project>.+)-(?<version>[1-9][0-9]*)\.json(?:l)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public static bool TryParseModelArn(string? arn, out string projectName, out string modelVersion)
        {
            projectName = modelVersion = string.Empty;
            if (string.IsNullOrEmpty(arn)) return false;
            var m = ModelArnPattern.Match(arn!);
            if (!m.Success) return false;
            projectName = m.Groups["project"].Value;
            modelVersion = m.Groups["version"].Value;
            return true;
        }

        public static bool TryParseFileName(string? pathOrUri, out string projectName, out string modelVersion)
        {
            projectName = modelVersion = string.Empty;
            if (string.IsNullOrEmpty(pathOrUri)) return false;
            var m = FileNamePattern.Match(LastSegment(pathOrUri!));
            if (!m.Success) return false;
            projectName = m.Groups["project"].Value;
            modelVersion = m.Groups["version"].Value;
            return true;
        }

        /// <summary>The part after the last '/' or '\' (an image name from an s3:// reference, a file name from a path).</summary>
        public static string LastSegment(string pathOrUri)
        {
            int i = pathOrUri.LastIndexOfAny(new[] { '/', '\\' });
            return i < 0 ? pathOrUri : pathOrUri.Substring(i + 1);
        }


        private const string ManifestPrefix = "EvaluationManifest-";
        private const string ResultPrefix = "EvaluationResult-";

        /// <summary>How the artifacts of a kind are named, for messages: 'EvaluationManifest-&lt;project&gt;-&lt;version&gt;.json'.</summary>
        public static string Pattern(ArtifactKind kind) =>
            (kind == ArtifactKind.EvaluationManifest ? ManifestPrefix : ResultPrefix) + "<project>-<version>.json";

        /// <summary>
        /// What an artifact's name says it is: EvaluationManifest-* or EvaluationResult-*, in any case (names are
        /// matched case-insensitively everywhere: a folder copied through a case-insensitive file system keeps its
        /// files, whatever case they ended up in). Null for any other name.
        /// </summary>
        public static ArtifactKind? KindOf(string pathOrUri)
        {
            string name = LastSegment(pathOrUri);
            if (name.StartsWith(ManifestPrefix, System.StringComparison.OrdinalIgnoreCase)) return ArtifactKind.EvaluationManifest;
            if (name.StartsWith(ResultPrefix, System.StringComparison.OrdinalIgnoreCase)) return ArtifactKind.EvaluationResult;
            return null;
        }

        /// <summary>
        /// The evaluation manifest that belongs to a result: EvaluationResult-p-v.json gives EvaluationManifest-p-v.json in
        /// the same folder or S3 prefix, its prefix in the result's own case (evaluationresult-p-v.json gives
        /// evaluationmanifest-p-v.json). Null when the name is not a result's.
        /// </summary>
        public static string? ManifestBeside(string resultLocation) => Beside(resultLocation, ResultPrefix, ManifestPrefix);

        /// <summary>The evaluation result that belongs to a manifest: EvaluationManifest-p-v.json gives EvaluationResult-p-v.json beside
        /// it, in its case.</summary>
        public static string? ResultBeside(string manifestLocation) => Beside(manifestLocation, ManifestPrefix, ResultPrefix);

        /// <summary>
        /// The result files that may belong to a manifest, most likely first: the name in the manifest's case, then the
        /// name as the service writes it (a renamed manifest beside the original result).
        /// </summary>
        public static IEnumerable<string> ResultsBeside(string manifestLocation)
        {
            string? same = ResultBeside(manifestLocation);
            if (same == null) yield break;
            yield return same;
            string canonical = manifestLocation.Substring(0,
                manifestLocation.Length - LastSegment(manifestLocation).Length) + ResultPrefix + LastSegment(same).Substring(ResultPrefix.Length);
            if (canonical != same) yield return canonical;
        }

        private static string? Beside(string location, string fromPrefix, string toPrefix)
        {
            string name = LastSegment(location);
            if (!name.StartsWith(fromPrefix, System.StringComparison.OrdinalIgnoreCase)) return null;
            string found = name.Substring(0, fromPrefix.Length);
            string prefix = found == fromPrefix.ToLowerInvariant() ? toPrefix.ToLowerInvariant()
                : found == fromPrefix.ToUpperInvariant() ? toPrefix.ToUpperInvariant()
                : toPrefix;
            return location.Substring(0, location.Length - name.Length) + prefix + name.Substring(fromPrefix.Length);
        }
    }

    /// <summary>The two artifacts Lookout for Vision writes for a trained model.</summary>
    public enum ArtifactKind
    {
        EvaluationManifest,
        EvaluationResult,
    }
}
