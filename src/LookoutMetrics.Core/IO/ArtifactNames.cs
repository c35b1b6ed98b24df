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


        /// <summary>
        /// The evaluation manifest that belongs to a result: EvaluationResult-p-v.json gives EvaluationManifest-p-v.json in
        /// the same folder or S3 prefix. Null when the name does not follow that pattern.
        /// </summary>
        public static string? ManifestBeside(string resultLocation)
        {
            const string ResultPrefix = "EvaluationResult-";
            string name = LastSegment(resultLocation);
            if (!name.StartsWith(ResultPrefix, System.StringComparison.Ordinal)) return null;
            return resultLocation.Substring(0, resultLocation.Length - name.Length) + "EvaluationManifest-" + name.Substring(ResultPrefix.Length);
        }

        /// <summary>The evaluation result that belongs to a manifest: EvaluationManifest-p-v.json gives EvaluationResult-p-v.json beside it.</summary>
        public static string? ResultBeside(string manifestLocation)
        {
            const string ManifestPrefix = "EvaluationManifest-";
            string name = LastSegment(manifestLocation);
            if (!name.StartsWith(ManifestPrefix, System.StringComparison.Ordinal)) return null;
            return manifestLocation.Substring(0, manifestLocation.Length - name.Length) + "EvaluationResult-" + name.Substring(ManifestPrefix.Length);
        }
    }
}
