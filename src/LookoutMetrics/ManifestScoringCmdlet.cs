using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// What Measure-LfvEvaluation and Get-LfvMetricCurve share: EvaluationImage records from the pipeline, or a
    /// manifest (-Path, -LiteralPath, -Uri, -ProjectName) streamed straight into scores and labels, one set per
    /// project and model version, in the order each model was first seen.
    /// </summary>
    public abstract class ManifestScoringCmdlet : ArtifactCmdlet
    {
        protected const string InputObjectSet = "InputObject";

        /// <summary>Evaluation images, usually from Get-LfvEvaluationManifest.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public EvaluationImage[] InputObject { get; set; } = null!;

        /// <summary>s3://bucket/key of an evaluation manifest. Binds EvaluationManifestUri from Get-LfvModelPerformance.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Alias("EvaluationManifestUri")]
        [AllowEmptyString]
        public string[] Uri { get; set; } = null!;

        /// <summary>The manifest's label attribute when it is not 'anomaly-label' (with -Path, -Uri or -ProjectName).</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(ParameterSetName = UriSet)]
        [Parameter(ParameterSetName = ModelSet)]
        [ValidateNotNullOrEmpty]
        public string? LabelAttribute { get; set; }

        protected override string[]? UriValues => Uri;

        protected override string Kind => "evaluation manifest";

        protected override string UriOf(ModelPerformance model) => model.EvaluationManifestUri;

        protected ScoreSetCollection Sets { get; } = new ScoreSetCollection();

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (var image in InputObject)
                {
                    if (image != null) Sets.Add(image);
                }
                return;
            }

            foreach (var source in Sources())
            {
                using (source)
                using (var progress = TrackProgress(source.Stream, source.Name))
                {
                    foreach (var entry in ManifestReader.Read(source.Stream, source.Name, LabelAttribute))
                    {
                        ThrowIfStopping();
                        if (entry.Image != null) Sets.Add(entry.Image);
                        else WriteProblem(entry.Problem!);
                        progress.Tick();
                    }
                }
            }
        }

        protected override void EndProcessing()
        {
            foreach (var set in Sets.Sets)
            {
                ThrowIfStopping();
                Emit(set);
            }
            base.EndProcessing();
        }

        /// <summary>Writes what this cmdlet makes of one model's scores.</summary>
        protected abstract void Emit(ScoreSet set);
    }
}
