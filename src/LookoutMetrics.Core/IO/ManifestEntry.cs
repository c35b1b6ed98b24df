namespace LookoutMetrics.IO
{
    /// <summary>One manifest line's outcome: an image, or a problem that names the line.</summary>
    public readonly struct ManifestEntry
    {
        private ManifestEntry(EvaluationImage? image, DataProblem? problem)
        {
            Image = image;
            Problem = problem;
        }

        public EvaluationImage? Image { get; }
        public DataProblem? Problem { get; }

        public static ManifestEntry Of(EvaluationImage image) => new ManifestEntry(image, null);
        public static ManifestEntry Of(DataProblem problem) => new ManifestEntry(null, problem);
    }
}
