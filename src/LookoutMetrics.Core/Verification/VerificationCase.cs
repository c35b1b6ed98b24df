using LookoutMetrics.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Verification
{
    /// <summary>
    /// One model to verify: what was reported (an evaluation result, DescribeModel's performance, or both) and where
    /// its evaluation manifest is.
    /// </summary>
    public sealed class VerificationCase
    {
        private VerificationCase(string model, string manifestLocation)
        {
            Model = model;
            ManifestLocation = manifestLocation;
        }

        /// <summary>"project/version", for messages.</summary>
        public string Model { get; private set; }

        /// <summary>The evaluation manifest: a file path or an s3:// URI (empty when the model has none).</summary>
        public string ManifestLocation { get; }

        public EvaluationResult? Result { get; set; }

        public ModelPerformance? Performance { get; private set; }

        /// <summary>Where the result file is, when it is still to be read (a model from the API); empty otherwise.</summary>
        public string ResultLocation { get; private set; } = string.Empty;

        public string ProjectName => Result?.ProjectName ?? Performance?.ProjectName ?? string.Empty;

        public string ModelVersion => Result?.ModelVersion ?? Performance?.ModelVersion ?? string.Empty;

        public static string ModelName(string project, string version) => project + "/" + version;

        /// <summary>A result read from <paramref name="manifestLocation"/>'s model (-ManifestPath and -ResultPath).</summary>
        public static VerificationCase ForFiles(EvaluationResult result, string manifestLocation) =>
            new VerificationCase(ModelName(result.ProjectName, result.ModelVersion), manifestLocation) { Result = result };

        /// <summary>
        /// A result file on its own: its manifest is the EvaluationManifest file beside it. Null when the result's name
        /// is not EvaluationResult-&lt;project&gt;-&lt;version&gt;.json, so the manifest cannot be found.
        /// </summary>
        public static VerificationCase? ForResult(EvaluationResult result)
        {
            string? manifest = ArtifactNames.ManifestBeside(result.Source);
            return manifest == null ? null : ForFiles(result, manifest);
        }

        /// <summary>
        /// A manifest given by path or URI: its result is <paramref name="resultLocation"/> (-ResultPath), else the
        /// EvaluationResult file beside it; ResultLocation is empty when neither is known.
        /// </summary>
        public static VerificationCase ForManifest(string manifestLocation, string? resultLocation)
        {
            string model = ArtifactNames.TryParseFileName(manifestLocation, out var p, out var v) ? ModelName(p,
                v) : ArtifactNames.LastSegment(manifestLocation);
            return new VerificationCase(model,
                manifestLocation) { ResultLocation = resultLocation ?? ArtifactNames.ResultBeside(manifestLocation) ?? string.Empty };
        }

        /// <summary>Takes the result read from ResultLocation; the model is then named as the result names it.</summary>
        public void Take(EvaluationResult result)
        {
            Result = result;
            Model = ModelName(result.ProjectName, result.ModelVersion);
        }

        /// <summary>Whether anything reported is there to check.</summary>
        public bool HasReported => Result != null || Performance != null;

        /// <summary>A model from DescribeModel: its performance, and the manifest and result files it names.</summary>
        public static VerificationCase ForModel(ModelPerformance model) =>
            new VerificationCase(ModelName(model.ProjectName, model.ModelVersion), model.EvaluationManifestUri)
            {
                Performance = model,
                ResultLocation = model.EvaluationResultUri ?? string.Empty,
            };

        /// <summary>What Test-LfvEvaluation takes from the pipeline, for the error when it is given something else.</summary>
        public const string Takes = "an EvaluationResult (Get-LfvEvaluationResult), a ModelPerformance (Get-LfvModelPerformance), a ModelArtifact " +
            "(Find-LfvModelArtifact), an S3 object (Get-S3Object) or an EvaluationManifest-*/EvaluationResult-* file (Get-ChildItem)";

        /// <summary>A result whose manifest cannot be found from its name.</summary>
        public static ArtifactException ManifestNotLocated(string resultSource) => new ArtifactException(ErrorIds.ManifestNotLocated,
            ErrorKind.ObjectNotFound,
            $"Cannot tell where the manifest of '{resultSource}' is: its name is not EvaluationResult-<project>-<version>.json. Use -Path " +
                $"and -ResultPath.");

        /// <summary>A manifest whose result cannot be found from its name.</summary>
        public static ArtifactException ResultNotLocated(string manifestLocation) => new ArtifactException(ErrorIds.ResultNotLocated,
            ErrorKind.ObjectNotFound,
            $"Cannot tell where the evaluation result of '{manifestLocation}' is: its name is not " +
                $"EvaluationManifest-<project>-<version>.json. Give -ResultPath.");
    }
}
