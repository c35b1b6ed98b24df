namespace LookoutMetrics.Aws
{
    /// <summary>A model version by name.</summary>
    public sealed class ModelName
    {
        public ModelName(string project, string version) => (Project, Version) = (project, version);

        public string Project { get; }
        public string Version { get; }

        public override string ToString() => Project + "/" + Version;
    }

    /// <summary>What DescribeModel said of a version: its performance, or its error.</summary>
    public sealed class DescribedModel
    {
        public DescribedModel(ModelName name, ModelPerformance? model, LookoutVisionException? error) => (Name, Model, Error) = (name, model, error);

        public ModelName Name { get; }
        public ModelPerformance? Model { get; }
        public LookoutVisionException? Error { get; }
    }
}
