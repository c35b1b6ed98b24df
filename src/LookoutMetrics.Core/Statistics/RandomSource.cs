using System;

namespace LookoutMetrics.Statistics
{
    /// <summary>
    /// A small, fast, seedable generator (xoshiro256** seeded by splitmix64): the same seed gives the same numbers on
    /// every platform and runtime, which System.Random does not promise.
    /// </summary>
    public sealed class RandomSource
    {
        private ulong _s0, _s1, _s2, _s3;

        public RandomSource(ulong seed)
        {
            ulong x = seed;
            _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
        }

        /// <summary>An independent stream for one bootstrap replicate of a seeded run.</summary>
        public static RandomSource ForReplicate(ulong seed,
            int replicate) => new RandomSource(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(replicate + 1)));

        private static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

        public ulong NextUInt64()
        {
            ulong result = Rotl(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = Rotl(_s3, 45);
            return result;
        }

        /// <summary>Uniform on [0, 1).</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform on 0..n-1 (Lemire's method, no modulo bias).</summary>
        public int NextInt(int n)
        {
            ulong m = (ulong)(uint)NextUInt64() * (ulong)n;
            uint low = (uint)m;
            if (low < (uint)n)
            {
                uint threshold = (uint)(-(int)n) % (uint)n;
                while (low < threshold)
                {
                    m = (ulong)(uint)NextUInt64() * (ulong)n;
                    low = (uint)m;
                }
            }
            return (int)(m >> 32);
        }

        /// <summary>
        /// A draw from Binomial(n, p): inversion when the mean is small, else Hörmann's BTRS (transformed rejection with
        /// squeeze, 1993), exact and fast for any n.
        /// </summary>
        public long Binomial(long n, double p)
        {
            if (n <= 0 || p <= 0) return 0;
            if (p >= 1) return n;
            if (p > 0.5) return n - Binomial(n, 1 - p);
            if (n * p < 10) return BinomialInversion(n, p);
            return BinomialBtrs(n, p);
        }

        private long BinomialInversion(long n, double p)
        {
            double q = 1 - p, s = p / q, a = (n + 1) * s;
            double r = Math.Exp(n * Math.Log(q));
            double u = NextDouble();
            long x = 0;
            while (u > r)
            {
                u -= r;
                x++;
                if (x > n) return n;
                r *= a / x - s;
            }
            return x;
        }

        private long BinomialBtrs(long n, double p)
        {
            double spq = Math.Sqrt(n * p * (1 - p));
            double b = 1.15 + 2.53 * spq;
            double a = -0.0873 + 0.0248 * b + 0.01 * p;
            double c = n * p + 0.5;
            double inverseB = 1 / b;
            double vr = 0.92 - 4.2 * inverseB;
            double alpha = (2.83 + 5.1 * inverseB) * spq;
            // Only the draws the squeeze does not accept need these (about two in five when n p is near 60): on first need.
            double r = 0, m = 0, h = double.NaN;
            while (true)
            {
                double u = NextDouble() - 0.5;
                double v = NextDouble();
                double us = 0.5 - Math.Abs(u);
                double k = Math.Floor((2 * a / us + b) * u + c);
                if (k < 0 || k > n) continue;
                if (us >= 0.07 && v <= vr) return (long)k;
                v = Math.Log(v * alpha / (a / (us * us) + b));
                if (double.IsNaN(h))
                {
                    r = p / (1 - p);
                    m = Math.Floor((n + 1) * p);
                    h = (m + 0.5) * Math.Log((m + 1) / (r * (n - m + 1))) + StirlingTail(m) + StirlingTail(n - m);
                }
                // log(f(k) / f(m)) of the binomial's probabilities by Stirling's series, as Hörmann's step 3.4 has it:
                // three logarithms instead of four log-gamma functions.
                double nk = n - k + 1;
                double bound = h + (n + 1) * Math.Log((n - m + 1) / nk) + (k + 0.5) * Math.Log(nk * r / (k
                    + 1)) - StirlingTail(k) - StirlingTail(n - k);
                if (v <= bound) return (long)k;
            }
        }

        /// <summary>log(k!) less Stirling's formula ((k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2): a table below 10, the series above.</summary>
        internal static double StirlingTail(double k)
        {
            if (k < 10) return StirlingTails[(int)k];
            double t = 1 / (k + 1), t2 = t * t;
            return t * (1.0 / 12 - t2 * (1.0 / 360 - t2 * (1.0 / 1260)));
        }

        private static readonly double[] StirlingTails =
        {
            0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
            0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
        };
    }
}
