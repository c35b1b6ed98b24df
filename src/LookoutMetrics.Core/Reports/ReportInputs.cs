using System;
using System.Collections.Generic;
using System.IO;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Reports
{
    /// <summary>What a pipeline object is to the report.</summary>
    public enum ReportItem
    {
        /// <summary>A record the report takes as it is (image, result, summary, label).</summary>
        Taken,

        /// <summary>An EvaluationManifest-* file to read (with the result beside it).</summary>
        ManifestFile,

        /// <summary>An EvaluationResult-* file to read.</summary>
        ResultFile,

        /// <summary>A model from the API, whose result and manifest are to be read (<see cref="ReportInputs.Add(ModelPerformance)"/>).</summary>
        Model,

        /// <summary>A model version found in a bucket (Find-LfvModelArtifact), whose result and manifest are to be read.</summary>
        Artifact,

        /// <summary>Something the report cannot use.</summary>
        Unknown,
    }

    /// <summary>
    /// What the report gathers, one <see cref="ReportModelInput"/> per model version in the order first seen, from
    /// whatever the pipeline and the source parameters bring: the rules of grouping, of which result belongs to which
    /// manifest, and of what each kind of input is.
    /// </summary>
    public sealed class ReportInputs
    {
        private readonly ModelGroups<ReportModelInput> _models = new ModelGroups<ReportModelInput>();

        public IReadOnlyList<ReportModelInput> Models => _models;

        /// <summary>What the report takes, for messages about anything else.</summary>
        public const string Takes = "EvaluationImage, EvaluationResult, ModelPerformance, EvaluationSummary and LabelPerformance records, " +
            "ModelArtifact records (Find-LfvModelArtifact), S3 objects (Get-S3Object), or EvaluationManifest-*/EvaluationResult-* files";

        /// <summary>The input of a model version; the first source that names it is kept.</summary>
        public ReportModelInput For(string project, string version, string source = "")
        {
            var model = _models.For(project, version, () => new ReportModelInput(project, version));
            if (model.Source.Length == 0) model.Source = source;
            return model;
        }

        /// <summary>
        /// Takes a pipeline object when it is a record; says what to do with it otherwise (a file to read, a model whose
        /// artifacts to read, or something the report cannot use).
        /// </summary>
        public ReportItem Take(object? item)
        {
            switch (item)
            {
                case EvaluationImage image:
                    Add(image, image.Source);
                    return ReportItem.Taken;
                case EvaluationResult result:
                    For(result.ProjectName, result.ModelVersion).Result = result;
                    return ReportItem.Taken;
                case EvaluationSummary summary:
                    For(summary.ProjectName, summary.ModelVersion, summary.Source).Summary = summary;
                    return ReportItem.Taken;
                case LabelPerformance label:
                    For(label.ProjectName, label.ModelVersion).Labels.Add(label);
                    return ReportItem.Taken;
                case ModelPerformance _:
                    return ReportItem.Model;
                case ModelArtifact _:
                    return ReportItem.Artifact;
                case FileInfo file when ArtifactNames.KindOf(file.Name) == ArtifactKind.EvaluationManifest:
                    return ReportItem.ManifestFile;
                case FileInfo file when ArtifactNames.KindOf(file.Name) == ArtifactKind.EvaluationResult:
                    return ReportItem.ResultFile;
                default:
                    return ReportItem.Unknown;
            }
        }

        public void Add(EvaluationImage image, string source) => For(image.ProjectName, image.ModelVersion, source).Images.Add(image);

        /// <summary>A result read from a file or the API: it does not replace one that came down the pipeline.</summary>
        public void Add(EvaluationResult result) => For(result.ProjectName, result.ModelVersion).Result ??= result;

        /// <summary>A model from the API. Returns its input; <see cref="ResultToRead"/> and <see cref="NeedsManifest"/> say what to read
        /// for it.</summary>
        public ReportModelInput Add(ModelPerformance model)
        {
            var input = For(model.ProjectName, model.ModelVersion, model.EvaluationManifestUri);
            input.Performance = model;
            return input;
        }

        /// <summary>The result a model from the API names, when the report has none for it yet.</summary>
        public static string? ResultToRead(ReportModelInput input) =>
            input.Result == null && !string.IsNullOrEmpty(input.Performance?.EvaluationResultUri) ? input.Performance!.EvaluationResultUri : null;

        /// <summary>Whether the images of a model from the API are still to be read from its manifest.</summary>
        public static bool NeedsManifest(ReportModelInput input) => input.Images.Count == 0;

        /// <summary>
        /// The result beside a manifest that was read (EvaluationResult-p-v.json beside EvaluationManifest-p-v.json, names
        /// in any case): in S3 it is read when named so, locally only when the file is there. Null when there is none.
        /// </summary>
        public static string? ResultBeside(string manifestSource, Func<string, bool> fileExists)
        {
            foreach (string candidate in ArtifactNames.ResultsBeside(manifestSource))
            {
                if (Sources.References.MayExist(candidate, fileExists)) return candidate;
            }
            return null;
        }

        /// <summary>The error message when nothing came in at all.</summary>
        public const string NothingToReport =
            "Nothing to report: no evaluation images, results, summaries or models came in. Pipe Get-LfvEvaluationManifest or " +
                "Measure-LfvEvaluation, or give -ManifestPath, -Uri or -ProjectName.";
    }
}
