using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Statistics
{
    /// <summary>
    /// The exact paired permutation test of a change B - A, for the sets where the bootstrap and DeLong's normal approximation break
    /// down (a class of fewer than <see cref="SmallClass"/> images, or a variance of 0). Under "no difference" each image's two
    /// predictions (its two scores and two outcomes) are exchangeable, so each may be swapped or not: the change is measured on every
    /// pattern of swaps (all 2^d of the d images whose two predictions differ, d up to <see cref="ExactUpTo"/>), else on the
    /// identity and <see cref="RandomPatterns"/> seeded random patterns. The p is the share of patterns whose change is at least
    /// as large as the observed one (either sign): never 0, since the observed pattern is one of them.
    /// <para>The interval is approximate: the observed change ± q, q the largest |change| of the patterns that at least a share
    /// 1 - level of them reach (the null distribution's spread, moved to the observed change). It leaves out 0 exactly when p is
    /// below 1 - level, and does not collapse where the bootstrap's replicates or DeLong's variance do.</para>
    /// </summary>
    public sealed class PairedPermutation
    {
        /// <summary>Below this many paired images in a class, the bootstrap and DeLong rows are tested by permutation.</summary>
        public const int SmallClass = 30;

        /// <summary>Up to this many differing images every pattern is enumerated (2^16 = 65,536).</summary>
        public const int ExactUpTo = 16;

        /// <summary>Beyond that, this many seeded random patterns beside the observed one.</summary>
        public const int RandomPatterns = 10000;

        /// <summary>The interval's method name (its Test column says it is approximate).</summary>
        public const string ShiftedNull = "PermutationShiftedNull";

        /// <summary>Changes a rounding apart are the same change.</summary>
        private const double Tolerance = 1e-12;

        private readonly double[][] _changes;

        private PairedPermutation(double[][] changes, int differing, bool exact)
        {
            _changes = changes;
            Differing = differing;
            Exact = exact;
        }

        /// <summary>The images whose two predictions differ (in outcome or score): the only ones a swap changes.</summary>
        public int Differing { get; }

        /// <summary>Every pattern was enumerated (else <see cref="RandomPatterns"/> random ones).</summary>
        public bool Exact { get; }

        /// <summary>The patterns the p counts, the observed one included.</summary>
        public int Patterns => _changes[0].Length;

        /// <summary>What the Test column says of a row tested this way.</summary>
        public string TestName => Exact
            ? $"Paired permutation, exact over {Patterns} patterns (interval approximate)"
            : $"Paired permutation, {RandomPatterns} random patterns (interval approximate)";

        /// <summary>
        /// B - A of every metric of <see cref="MetricTable"/> on each pattern of swaps (pattern 0 the observed one); Ctrl+C
        /// (<paramref name="cancel"/>) ends it between patterns.
        /// </summary>
        /// <param name="paired">The paired images.</param>
        /// <param name="differing">Their <see cref="DifferingImages"/>: the only images a swap changes.</param>
        /// <param name="seed">The random patterns' seed.</param>
        /// <param name="cancel">Ctrl+C.</param>
        public static PairedPermutation Run(PairedImages paired, List<int> differing, ulong seed, CancellationToken cancel = default)
        {
            bool exact = differing.Count <= ExactUpTo;
            int patterns = exact ? 1 << differing.Count : RandomPatterns + 1;
            var changes = new double[MetricTable.All.Count][];
            for (int m = 0; m < changes.Length; m++) changes[m] = new double[patterns];
            var sweep = new MergedRanking(paired);
            Parallel.For(0, patterns, Bootstrap.Cancellable(cancel), () => new bool[paired.Count], (k, _, swapped) =>
            {
                if (exact)
                {
                    for (int d = 0; d < differing.Count; d++) swapped[differing[d]] = ((k >> d) & 1) != 0;
                }
                else
                {
                    var random = k == 0 ? null : RandomSource.ForReplicate(seed ^ 0x5045524D5554UL, k);
                    foreach (int i in differing) swapped[i] = random != null && (random.NextUInt64() >> 63) != 0;
                }
                var (a, b) = sweep.Figures(swapped);
                for (int m = 0; m < changes.Length; m++)
                {
                    var metric = MetricTable.All[m].OnReplicate;
                    changes[m][k] = metric(b) - metric(a);
                }
                return swapped;
            }, _ => { });
            return new PairedPermutation(changes, differing.Count, exact);
        }

        /// <summary>The images whose two predictions differ in outcome or score; none where the two models predict alike.</summary>
        public static List<int> DifferingImages(PairedImages paired)
        {
            var differing = new List<int>();
            for (int i = 0; i < paired.Count; i++)
            {
                if (paired.PredictedA[i] != paired.PredictedB[i] || !paired.ScoreA[i].Equals(paired.ScoreB[i])) differing.Add(i);
            }
            return differing;
        }

        /// <summary>A metric's two-sided p and its approximate interval at <paramref name="level"/>; NaN where a class is missing.</summary>
        public (double P, ConfidenceInterval Interval) Of(string metric, double level, bool isRate)
        {
            double[] changes = _changes[MetricTable.IndexOf(metric)];
            double observed = changes[0];
            if (double.IsNaN(observed)) return (double.NaN, new ConfidenceInterval(double.NaN, double.NaN, level, ShiftedNull, signed: true));
            var sizes = new double[changes.Length];
            for (int k = 0; k < sizes.Length; k++) sizes[k] = Math.Abs(changes[k]);
            Array.Sort(sizes);
            double p = (double)AtLeast(sizes, Math.Abs(observed)) / sizes.Length;
            // q: the largest |change| that at least a share α of the patterns reach. AtLeast falls as its argument rises, so the
            // first such value from the top is the largest; the observed |change| is one of them exactly when p >= α.
            double alpha = 1 - level, q = 0;
            for (int k = sizes.Length - 1; k >= 0; k--)
            {
                if (k < sizes.Length - 1 && sizes[k] == sizes[k + 1]) continue;
                if (AtLeast(sizes, sizes[k]) >= alpha * sizes.Length)
                {
                    q = sizes[k];
                    break;
                }
            }
            double lower = observed - q, upper = observed + q;
            if (isRate)
            {
                lower = Math.Max(-1.0, lower);
                upper = Math.Min(1.0, upper);
            }
            return (Math.Min(1.0, p), new ConfidenceInterval(lower, upper, level, ShiftedNull, signed: true));
        }

        /// <summary>How many of the sorted sizes are at least <paramref name="size"/> (a rounding apart counting as equal).</summary>
        private static int AtLeast(double[] sorted, double size)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (sorted[mid] >= size - Tolerance) hi = mid; else lo = mid + 1;
            }
            return sorted.Length - lo;
        }

        /// <summary>
        /// Both models' scores in one descending order, sorted once: a pattern gives each image's A score to one model and its B
        /// score to the other, so one sweep of the merged order reads both models' ranking figures without sorting again.
        /// </summary>
        private sealed class MergedRanking
        {
            private readonly PairedImages _paired;
            private readonly int[] _image;
            private readonly bool[] _isB;
            private readonly bool[] _groupEnd;
            private readonly long _positives;
            private readonly long _negatives;

            public MergedRanking(PairedImages paired)
            {
                _paired = paired;
                int n = paired.Count;
                var keys = new double[2 * n];
                var entries = new int[2 * n];
                for (int i = 0; i < n; i++)
                {
                    keys[2 * i] = -paired.ScoreA[i];
                    keys[2 * i + 1] = -paired.ScoreB[i];
                    entries[2 * i] = 2 * i;
                    entries[2 * i + 1] = 2 * i + 1;
                }
                Array.Sort(keys, entries);
                _image = new int[2 * n];
                _isB = new bool[2 * n];
                _groupEnd = new bool[2 * n];
                for (int e = 0; e < entries.Length; e++)
                {
                    _image[e] = entries[e] / 2;
                    _isB[e] = entries[e] % 2 == 1;
                    _groupEnd[e] = e == entries.Length - 1 || keys[e + 1] != keys[e];
                }
                for (int i = 0; i < n; i++) if (paired.Anomalous[i]) _positives++;
                _negatives = n - _positives;
            }

            /// <summary>The two models' figures when the images marked <paramref name="swapped"/> trade their predictions.</summary>
            public (ReplicateFigures A, ReplicateFigures B) Figures(bool[] swapped)
            {
                var a = new RankingSweep(_positives, _negatives);
                var b = new RankingSweep(_positives, _negatives);
                for (int e = 0; e < _image.Length; e++)
                {
                    int i = _image[e];
                    bool toB = _isB[e] ^ swapped[i];
                    if (toB) b.Take(_paired.Anomalous[i]); else a.Take(_paired.Anomalous[i]);
                    if (!_groupEnd[e]) continue;
                    a.Close();
                    b.Close();
                }
                long[] countsA = new long[4], countsB = new long[4];
                for (int i = 0; i < _paired.Count; i++)
                {
                    bool predA = swapped[i] ? _paired.PredictedB[i] : _paired.PredictedA[i];
                    bool predB = swapped[i] ? _paired.PredictedA[i] : _paired.PredictedB[i];
                    countsA[Cell(_paired.Anomalous[i], predA)]++;
                    countsB[Cell(_paired.Anomalous[i], predB)]++;
                }
                return (Figures(a, countsA), Figures(b, countsB));
            }

            private static int Cell(bool actual, bool predicted) => (actual ? 0 : 2) + (predicted ? 0 : 1); // TP, FN, FP, TN

            private static ReplicateFigures Figures(RankingSweep sweep, long[] counts) =>
                new ReplicateFigures(counts[0], counts[2], counts[1], counts[3], sweep.RocAuc, sweep.AveragePrecision);
        }
    }
}
