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
        /// <summary>Rows recorded, checked or not.</summary>
        public int Rows { get; private set; }

        public int Disagreed { get; private set; }

        /// <summary>Reported figures that could not be checked (Agrees empty, with a Reason).</summary>
        public int Unchecked { get; private set; }

        public int Checked => Rows - Unchecked;

        public void Record(MetricCheck check)
        {
            Rows++;
            if (check.Agrees == false) Disagreed++;
            if (check.Agrees == null) Unchecked++;
        }

        /// <summary>
        /// The verdict, given how many errors the run wrote: something was checked, everything checked agrees, nothing
        /// went wrong, and every reported figure was checked (or <paramref name="allowUnchecked"/> accepts the rest).
        /// </summary>
        public bool Passed(long errors, bool allowUnchecked = false) =>
            errors == 0 && Checked > 0 && Disagreed == 0 && (allowUnchecked || Unchecked == 0);
    }
}
