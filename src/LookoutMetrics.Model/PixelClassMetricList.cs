using System;
using System.Collections;
using System.Collections.Generic;

namespace LookoutMetrics
{
    /// <summary>Per-label pixel metrics that print as "crack F1 0.594; scratch F1 0.685" (the -PerLabel rows have every figure).</summary>
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
                parts.Add(m.ClassName + " F1 " + (m.F1Score.HasValue ? m.F1Score.Value.ToString("0.###",
                    System.Globalization.CultureInfo.InvariantCulture) : "n/a"));
            return string.Join("; ", parts);
        }
    }
}
