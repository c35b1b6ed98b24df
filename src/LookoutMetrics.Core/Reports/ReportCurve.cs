using System;
using System.Collections.Generic;

namespace LookoutMetrics.Reports
{
    /// <summary>The curves as columns, thresholds ascending; the model's own operating point beside them.</summary>
    public sealed class ReportCurve
    {
        public double[] Threshold { get; set; } = Array.Empty<double>();
        public double[] Precision { get; set; } = Array.Empty<double>();
        public double[] Recall { get; set; } = Array.Empty<double>();
        public double[] FalsePositiveRate { get; set; } = Array.Empty<double>();
        public double[] F1Score { get; set; } = Array.Empty<double>();

        /// <summary>The index of the curve point nearest the model's threshold (its own predictions: 0.5, or -Threshold).</summary>
        public int ModelPoint { get; set; } = -1;
        public double ModelThreshold { get; set; }

        /// <summary>Where the marker sits on the F1-by-threshold chart: the model's threshold, unless another curve point lies between
        /// it and the model's point.</summary>
        public double MarkerThreshold { get; set; }
    }
}
