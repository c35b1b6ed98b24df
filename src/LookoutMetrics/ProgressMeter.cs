using System;
using System.Diagnostics;
using System.Management.Automation;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The one progress bar of the module, for bytes read and for items done alike: cheap enough to tick per record
    /// (it writes at most four times a second), shown only when the work is large enough to last, and completed when
    /// disposed. Only the pipeline thread ticks it.
    /// </summary>
    internal sealed class ProgressMeter : IDisposable
    {
        private static readonly long IntervalTicks = Stopwatch.Frequency / 4;

        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private readonly Func<long> _done;
        private readonly Func<long?> _total;
        private readonly Func<long, string> _format;
        private readonly string _unit;
        private readonly bool _enabled;
        private long _lastTick;
        private bool _shown;

        /// <param name="firstAtOnce">Show the first tick at once (a long read), or only after a quarter of a second (many small items).</param>
        public ProgressMeter(Cmdlet cmdlet, int activityId, string activity, Func<long> done, Func<long?> total, Func<long, string> format,
            string unit,
            bool enabled = true, bool firstAtOnce = true)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(activityId, activity, "Starting");
            _done = done;
            _total = total;
            _format = format;
            _unit = unit;
            _enabled = enabled;
            _lastTick = Stopwatch.GetTimestamp() - (firstAtOnce ? IntervalTicks : 0);
        }

        /// <summary>Bytes as MiB with one decimal.</summary>
        public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.CurrentCulture);

        /// <summary>A count with group separators.</summary>
        public static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);

        public void Tick()
        {
            if (!_enabled) return;
            long now = Stopwatch.GetTimestamp();
            if (now - _lastTick < IntervalTicks) return;
            _lastTick = now;
            long done = _done();
            long? total = _total();
            _record.StatusDescription = total.HasValue ? $"{_format(done)} of {_format(total.Value)} {_unit}" : $"{_format(done)} {_unit}";
            _record.PercentComplete = total.HasValue && total.Value > 0 ? (int)Math.Min(100, done * 100 / total.Value) : -1;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        public void Dispose()
        {
            if (!_shown) return;
            _record.RecordType = ProgressRecordType.Completed;
            _record.PercentComplete = 100;
            try
            {
                _cmdlet.WriteProgress(_record);
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C or Select-Object -First: the host clears progress itself.
            }
        }
    }
}
