namespace LookoutMetrics.IO
{
    /// <summary>One manifest line's outcome: an image (with a warning about its line, now and then), or a problem that names the line.</summary>
    public readonly struct ManifestEntry
    {
        private ManifestEntry(EvaluationImage? image, DataProblem? problem, DataProblem? warning = null)
        {
            Image = image;
            Problem = problem;
            Warning = warning;
        }

        public EvaluationImage? Image { get; }
        public DataProblem? Problem { get; }

        /// <summary>Something about a line that was read all the same (a key it holds twice with one value); its ErrorId says what.</summary>
        public DataProblem? Warning { get; }

        public static ManifestEntry Of(EvaluationImage image) => new ManifestEntry(image, null);
        public static ManifestEntry Of(EvaluationImage image, DataProblem? warning) => new ManifestEntry(image, null, warning);
        public static ManifestEntry Of(DataProblem problem) => new ManifestEntry(null, problem);
    }
}
