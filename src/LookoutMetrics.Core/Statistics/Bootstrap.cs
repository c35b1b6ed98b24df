using System;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Metrics;

namespace LookoutMetrics.Statistics
{
    /// <summary>
    /// Stratified bootstrap: anomalous and normal images are resampled separately, so every replicate has the test
    /// set's own class counts. Resampling is done on counts, not images, wherever the metric allows: F1 at fixed
    /// predictions depends only on TP, FP, FN and TN (two binomial draws a replicate), and average precision only on
    /// the anomalies and normal images at each distinct score (a multinomial draw over the distinct scores). A million
    /// images cost no more than their distinct scores. Replicate r draws from its own stream of the seed, so the same
    /// input and seed give the same replicates whatever the number of threads.
    /// </summary>
    public static class Bootstrap
    {
        public const int DefaultSamples = 2000;
        public const ulong DefaultSeed = 20201120;

        /// <summary>F1 scores of <paramref name="samples"/> stratified replicates of a confusion matrix.</summary>
        public static double[] F1Replicates(long tp, long fp, long fn, long tn, int samples, ulong seed, CancellationToken cancel = default)
        {
            long positives = tp + fn, negatives = fp + tn;
            double pTp = positives == 0 ? 0 : (double)tp / positives, pFp = negatives == 0 ? 0 : (double)fp / negatives;
            var replicates = new double[samples];
            Parallel.For(0, samples, Cancellable(cancel), r =>
            {
                var random = RandomSource.ForReplicate(seed, r);
                long t = random.Binomial(positives, pTp), f = random.Binomial(negatives, pFp);
                replicates[r] = ClassificationMetrics.Ratio(2 * t, 2 * t + f + (positives - t));
            });
            return replicates;
        }

        /// <summary>Average precision of stratified replicates, from the anomalies and normal images at each distinct score.</summary>
        public static double[] AveragePrecisionReplicates(ScoreSet set, int samples, ulong seed, CancellationToken cancel = default) =>
            AveragePrecisionReplicates(set, samples, seed, null, cancel);

        /// <summary>
        /// Each replicate resamples the anomalies and the normal images (with replacement, each class its own size) and
        /// needs only how many of each land in each bin. Two exact ways give that: conditional binomials, one draw per
        /// bin, or drawing the images one by one, one draw per image. A binomial draw costs about twelve times a draw of
        /// an image, so images are drawn one by one when the scores are nearly all distinct (full-precision confidences)
        /// and bins are drawn when many images share each score. <paramref name="byImages"/> forces one way (tests).
        /// </summary>
        internal static double[] AveragePrecisionReplicates(ScoreSet set, int samples, ulong seed, bool? byImages, CancellationToken cancel = default)
        {
            var replicates = new double[samples];
            long positives = set.Positives, negatives = set.Negatives;
            if (positives == 0)
            {
                for (int r = 0; r < samples; r++) replicates[r] = double.NaN;
                return replicates;
            }
            // Per distinct score, highest first: how many anomalies and normal images have it; then only the scores an
            // anomaly has (see WherePrecisionIsRead).
            var bins = set.Bins();
            var (binPos, binNeg) = WherePrecisionIsRead(bins.Positives, bins.Negatives);
            Action<RandomSource, long[], long[]> draw;
            if (byImages ?? positives + negatives <= ImagesPerBinDraw * (binPos.Length + binNeg.Length))
            {
                int[] binOfPos = BinOfEachImage(binPos), binOfNeg = BinOfEachImage(binNeg);
                draw = (random, pos, neg) =>
                {
                    Resample(random, binOfPos, pos);
                    Resample(random, binOfNeg, neg);
                };
            }
            else
            {
                double[] sharePos = ConditionalShares(positives, binPos), shareNeg = ConditionalShares(negatives, binNeg);
                draw = (random, pos, neg) =>
                {
                    Multinomial(random, positives, sharePos, pos);
                    Multinomial(random, negatives, shareNeg, neg);
                };
            }
            Parallel.For(0, samples, Cancellable(cancel), () => (new long[binPos.Length], new long[binNeg.Length]), (r, _, buffers) =>
            {
                draw(RandomSource.ForReplicate(seed, r), buffers.Item1, buffers.Item2);
                replicates[r] = AveragePrecision(buffers.Item1, buffers.Item2, positives);
                return buffers;
            }, _ => { });
            return replicates;
        }

        /// <summary>
        /// The replicate loops' options: Ctrl+C (the cmdlet's token) ends a loop between replicates, with
        /// OperationCanceledException, however many replicates were asked for.
        /// </summary>
        internal static ParallelOptions Cancellable(CancellationToken cancel) => new ParallelOptions { CancellationToken = cancel };

        /// <summary>
        /// About how many images are drawn one by one in the time of one binomial draw (measured on 2,000 replicates:
        /// 3 to 4 ns an image, 46 to 52 ns a binomial): on 100,000 lines with 9,455 distinct scores, images take 0.30 s
        /// against 0.59 s; on 10^6 lines with 9,491, bins take 0.54 s against 3.9 s.
        /// </summary>
        private const long ImagesPerBinDraw = 12;

        /// <summary>The bin of each image of a class, images in bin order.</summary>
        private static int[] BinOfEachImage(long[] counts)
        {
            long total = 0;
            foreach (long c in counts) total += c;
            var binOf = new int[total];
            int at = 0;
            for (int k = 0; k < counts.Length; k++)
            {
                for (long i = 0; i < counts[k]; i++) binOf[at++] = k;
            }
            return binOf;
        }

        /// <summary>As many images as the class has, drawn uniformly with replacement, counted by bin.</summary>
        private static void Resample(RandomSource random, int[] binOf, long[] result)
        {
            Array.Clear(result, 0, result.Length);
            int n = binOf.Length;
            for (int i = 0; i < n; i++) result[binOf[random.NextInt(n)]]++;
        }

        /// <summary>
        /// Average precision reads the precision only at the scores an anomaly has; the normal images between two such
        /// scores (and those that share the second) count only as their sum. The sums of a multinomial's cells are
        /// themselves multinomial, so resampling the sums instead of each cell is the same bootstrap, with fewer draws:
        /// the result holds the anomalies' bins, each with the normal images from the previous one to it, and a last
        /// bin of no anomaly with the normal images below the lowest anomaly.
        /// </summary>
        internal static (long[] Positives, long[] Negatives) WherePrecisionIsRead(long[] positives, long[] negatives)
        {
            int kept = 0;
            foreach (long p in positives) if (p > 0) kept++;
            var pos = new long[kept + 1];
            var neg = new long[kept + 1];
            int j = 0;
            for (int k = 0; k < positives.Length; k++)
            {
                neg[j] += negatives[k];
                if (positives[k] > 0)
                {
                    pos[j] = positives[k];
                    j++;
                }
            }
            return (pos, neg);
        }

        /// <summary>Average precision from the anomalies and normal images at each distinct score, highest first.</summary>
        public static double AveragePrecision(long[] binPositives, long[] binNegatives, long positives)
        {
            double ap = 0, prevRecall = 0;
            long tp = 0, fp = 0;
            for (int k = 0; k < binPositives.Length; k++)
            {
                tp += binPositives[k];
                fp += binNegatives[k];
                if (binPositives[k] == 0) continue; // recall does not move: no area
                double recall = (double)tp / positives;
                ap += (recall - prevRecall) * tp / (tp + fp);
                prevRecall = recall;
            }
            return ap;
        }

        /// <summary>
        /// Each bin's share of what is left when the draws reach it (its count over the counts of it and the bins after
        /// it): the same for every replicate, so computed once.
        /// </summary>
        private static double[] ConditionalShares(long n, long[] counts)
        {
            var shares = new double[counts.Length];
            long remainingCount = n;
            for (int k = 0; k < counts.Length; k++)
            {
                shares[k] = counts[k] == 0 ? 0 : counts[k] >= remainingCount ? 1 : (double)counts[k] / remainingCount;
                remainingCount -= counts[k];
            }
            return shares;
        }

        /// <summary>n draws spread over the bins in proportion to their counts, by conditional binomials.</summary>
        private static void Multinomial(RandomSource random, long n, double[] shares, long[] result)
        {
            long remainingDraws = n;
            for (int k = 0; k < shares.Length; k++)
            {
                double share = shares[k];
                if (remainingDraws == 0 || share == 0)
                {
                    result[k] = 0;
                    continue;
                }
                long x = share >= 1 ? remainingDraws : random.Binomial(remainingDraws, share);
                result[k] = x;
                remainingDraws -= x;
            }
        }
    }
}
