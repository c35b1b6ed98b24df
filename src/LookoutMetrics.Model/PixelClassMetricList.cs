using System;
using System.Collections;
using System.Collections.Generic;

namespace LookoutMetrics
{
    /// <summary>
    /// Per-label pixel metrics that print with all four figures, "crack P 0.612 R 0.577 F1 0.594 AIOU 0.431; scratch ...", so that a
    /// text cell (Export-Csv) keeps them; the -PerLabel rows have each figure as a number of its own.
    /// </summary>
    public sealed class PixelClassMetricList : ReadOnlyItemList<PixelClassMetric>
    {
        public static readonly PixelClassMetricList Empty = new PixelClassMetricList(Array.Empty<PixelClassMetric>());

        public PixelClassMetricList(IEnumerable<PixelClassMetric> items) : base(items)
        {
        }

        public override string ToString()
        {
            var parts = new List<string>(Count);
            foreach (var m in this)
                parts.Add($"{m.ClassName} P {Figure(m.Precision)} R {Figure(m.Recall)} F1 {Figure(m.F1Score)} AIOU {Figure(m.AIOU)}");
            return string.Join("; ", parts);
        }

        private static string Figure(double? value) =>
            value.HasValue ? value.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
    }
}
