using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;
using LookoutMetrics.Verification;

namespace LookoutMetrics.Commands
{
    /// <summary>What the cmdlets that take any object from the pipeline (Test-LfvEvaluation, Export-LfvReport) make of an S3 object.</summary>
    internal static class PipedArtifacts
    {
        /// <summary>
        /// The model to verify that a piped object names: a ModelPerformance, an EvaluationResult (its manifest beside it), a
        /// ModelArtifact or an S3 object. Null with the error that says why (null for an object Test-LfvEvaluation does not take),
        /// or with <paramref name="passedOver"/> for an S3 object that is no artifact.
        /// </summary>
        public static VerificationCase? CaseOf(object? item, out ErrorRecord? error, out string? passedOver)
        {
            (error, passedOver) = (null, null);
            switch (item)
            {
                case ModelPerformance performance:
                    return VerificationCase.ForModel(performance);
                case EvaluationResult reported when VerificationCase.ForResult(reported) is { } c:
                    return c;
                case EvaluationResult reported:
                    error = ErrorRecords.From(VerificationCase.ManifestNotLocated(reported.Source), reported.Source);
                    return null;
                case ModelArtifact artifact when artifact.ManifestUri.Length == 0:
                    error = ErrorRecords.NoEvaluationArtifact(artifact.ProjectName + "/" + artifact.ModelVersion, "evaluation manifest", null);
                    return null;
                case ModelArtifact artifact:
                    return VerificationCase.ForManifest(artifact.ManifestUri, artifact.ResultUri.Length > 0 ? artifact.ResultUri : null);
                case System.IO.FileInfo file when ManifestAndResult(file.FullName) is { } files:
                    return VerificationCase.ForManifest(files.Manifest, files.Result);
                case object o when S3ObjectUri(o) is { } uri:
                    if (ManifestAndResult(uri) is { } pair) return VerificationCase.ForManifest(pair.Manifest, pair.Result);
                    passedOver = $"Passed over '{uri}': it is neither an evaluation manifest nor an evaluation result.";
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// s3://BucketName/Key of an AWS.Tools S3 object (Get-S3Object's, Get-S3ObjectV2's, or anything with a BucketName and a Key);
        /// null for anything else.
        /// </summary>
        public static string? S3ObjectUri(object? item)
        {
            if (item == null || item is string) return null;
            var o = PSObject.AsPSObject(item);
            return o.Properties["BucketName"]?.Value is string bucket && o.Properties["Key"]?.Value is string key && bucket.Length > 0
                && key.Length > 0 ? S3Uri.Format(bucket, key) : null;
        }

        /// <summary>The manifest and result of an artifact's location: a manifest's result is beside it, and a result's manifest;
        /// null for an object of another name.</summary>
        public static (string Manifest, string? Result)? ManifestAndResult(string location) => ArtifactNames.KindOf(location) switch
        {
            ArtifactKind.EvaluationManifest => (location, null),
            ArtifactKind.EvaluationResult when ArtifactNames.ManifestBeside(location) is { } manifest => (manifest, location),
            _ => null,
        };
    }
}
