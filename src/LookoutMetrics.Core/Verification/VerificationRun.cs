namespace LookoutMetrics.Verification
{
    /// <summary>
    /// The verdict of a whole run (Test-LfvEvaluation -Quiet): true only when at least one figure was checked, every
    /// check agreed, and nothing went wrong on the way. "Wrong on the way" is any error the run wrote: a result or
    /// manifest that could not be read, a bad manifest line, a mask that could not be measured, a model not in its
    /// manifest; each keeps some figure from being checked, so it cannot pass silently.
    /// </summary>
    public sealed class VerificationRun
    {
        public int Checked { get; private set; }

        public int Disagreed { get; private set; }

        public void Record(MetricCheck check)
        {
            Checked++;
            if (!check.Agrees) Disagreed++;
        }

        /// <summary>The verdict, given how many errors the run wrote.</summary>
        public bool Passed(long errors) => errors == 0 && Checked > 0 && Disagreed == 0;
    }
}
