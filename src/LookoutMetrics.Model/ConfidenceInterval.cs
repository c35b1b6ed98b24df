namespace LookoutMetrics
{
    /// <summary>
    /// A confidence interval of a metric: Lower and Upper at the confidence Level, by Method (Wilson, DeLong,
    /// StratifiedBootstrap). Prints as "[0.712, 0.847]", so tables and Export-Csv show the numbers.
    /// </summary>
    public sealed class ConfidenceInterval
    {
        public ConfidenceInterval(double lower, double upper, double level, string method)
            : this(lower, upper, level, method, signed: false)
        {
        }

        /// <summary>A <paramref name="signed"/> interval is of a change, and prints its bounds with their signs.</summary>
        public ConfidenceInterval(double lower, double upper, double level, string method, bool signed)
        {
            Lower = lower;
            Upper = upper;
            Level = level;
            Method = method;
            IsChange = signed;
        }

        /// <summary>Whether this is the interval of a change (printed "[-0.012, +0.104]").</summary>
        public bool IsChange { get; }

        public double Lower { get; }
        public double Upper { get; }

        /// <summary>The confidence level, for example 0.95.</summary>
        public double Level { get; }

        public string Method { get; }

        /// <summary>Whether the interval holds a value.</summary>
        public bool Contains(double value) => value >= Lower && value <= Upper;

        public override string ToString()
        {
            string format = IsChange ? "+0.000;-0.000;0.000" : "0.000";
            return "[" + Lower.ToString(format, System.Globalization.CultureInfo.InvariantCulture) + ", " +
                Upper.ToString(format, System.Globalization.CultureInfo.InvariantCulture) + "]";
        }
    }
}
