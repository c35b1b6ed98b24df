using System;
using System.Collections.Generic;
using System.Globalization;
using LookoutMetrics.Statistics;

namespace LookoutMetrics.Metrics
{
    /// <summary>
    /// The classification metrics as docs/metrics.md defines them, following scikit-learn exactly:
    /// positive class anomaly; precision, recall and F1 with 0 for a zero denominator; ROC AUC by the trapezoid rule
    /// over one point per distinct score from (0,0) to (1,1) (equal to the Mann-Whitney U with ties counted one half);
    /// average precision as the sum over distinct thresholds of (R_n - R_n-1) * P_n, with no interpolation.
    /// Everything is O(n log n): one sort, then one pass.
    /// </summary>
    public static class ClassificationMetrics
    {
        /// <summary>
        /// The anomaly score as the reference defines it. 1 - confidence is rounded to 12 decimals so that it lands on the
        /// value a person expects (1 - 0.8 is 0.2, not 0.19999999999999996) and -Threshold 0.2 includes it; manifest
        /// confidences carry far fewer digits, so no two distinct scores are merged and every ranking is unchanged.
        /// </summary>
        public static double AnomalyScore(bool predictedAnomaly,
            double confidence) => predictedAnomaly ? confidence : Math.Round(1.0 - confidence, 12);

        public static ClassificationOutcome OutcomeOf(bool actualAnomaly, bool predictedAnomaly) =>
            actualAnomaly
                ? (predictedAnomaly ? ClassificationOutcome.TruePositive : ClassificationOutcome.FalseNegative)
                : (predictedAnomaly ? ClassificationOutcome.FalsePositive : ClassificationOutcome.TrueNegative);

        /// <summary>
        /// Counts and metrics at the model's own predictions (threshold null) or at an anomaly score, with confidence
        /// intervals when <paramref name="intervals"/> is given. The summary keeps the set (not as a public member) for
        /// a paired comparison.
        /// </summary>
        public static EvaluationSummary Summarize(ScoreSet set, double? threshold, ICollection<string>? warnings = null,
            IntervalOptions? intervals = null)
        {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (int i = 0; i < set.Count; i++)
            {
                bool predicted = threshold.HasValue ? set.Score(i) >= threshold.Value : set.IsPredictedAnomaly(i);
                if (set.IsAnomaly(i))
                {
                    if (predicted) tp++; else fn++;
                }
                else
                {
                    if (predicted) fp++; else tn++;
                }
            }

            var (rocAuc, averagePrecision) = Ranking(set);
            Warn(set, warnings, tp + fp == 0);

            var summary = new EvaluationSummary
            {
                ProjectName = set.ProjectName,
                ModelVersion = set.ModelVersion,
                Images = set.Count,
                Anomalous = set.Positives,
                Normal = set.Negatives,
                TruePositives = tp,
                FalsePositives = fp,
                TrueNegatives = tn,
                FalseNegatives = fn,
                Correct = tp + tn,
                Incorrect = fp + fn,
                Accuracy = Ratio(tp + tn, set.Count),
                Precision = Ratio(tp, tp + fp),
                Recall = Ratio(tp, tp + fn),
                F1Score = Ratio(2 * tp, 2 * tp + fp + fn),
                ROCAUC = rocAuc,
                AveragePrecision = averagePrecision,
                Threshold = threshold,
                Source = set.Source,
                ImageData = new SummaryImages(set, threshold),
            };
            if (intervals != null) AddIntervals(summary, set, intervals);
            return summary;
        }

        /// <summary>Wilson for the proportions, DeLong for ROC AUC, the stratified bootstrap for F1 and average precision.</summary>
        private static void AddIntervals(EvaluationSummary s, ScoreSet set, IntervalOptions o)
        {
            s.PrecisionInterval = Inference.WilsonInterval(s.TruePositives, s.TruePositives + s.FalsePositives, o.Level);
            s.RecallInterval = Inference.WilsonInterval(s.TruePositives, s.TruePositives + s.FalseNegatives, o.Level);
            s.AccuracyInterval = Inference.WilsonInterval(s.Correct, s.Images, o.Level);
            var (_, variance) = DeLong.FromBins(set.Bins());
            s.ROCAUCInterval = Inference.NormalInterval(s.ROCAUC, variance, o.Level, Inference.DeLongMethod);
            s.F1ScoreInterval = Inference.PercentileInterval(
                Bootstrap.F1Replicates(s.TruePositives, s.FalsePositives, s.FalseNegatives, s.TrueNegatives, o.Samples, o.Seed, o.Cancel),
                    o.Level, Inference.Bootstrap);
            s.AveragePrecisionInterval = Inference.PercentileInterval(Bootstrap.AveragePrecisionReplicates(set, o.Samples, o.Seed,
                o.Cancel), o.Level, Inference.Bootstrap);
        }

        /// <summary>ROC AUC and average precision from the ranking of the scores.</summary>
        public static (double RocAuc, double AveragePrecision) Ranking(ScoreSet set)
        {
            long positives = set.Positives, negatives = set.Negatives;
            if (set.Count == 0) return (double.NaN, double.NaN);

            double auc = 0, ap = 0, prevTpr = 0, prevFpr = 0, prevRecall = 0;
            foreach (var (_, tp, fp) in Sweep(set))
            {
                if (positives > 0 && negatives > 0)
                {
                    double tpr = (double)tp / positives, fpr = (double)fp / negatives;
                    auc += (fpr - prevFpr) * (tpr + prevTpr) / 2.0;
                    prevTpr = tpr;
                    prevFpr = fpr;
                }
                if (positives > 0)
                {
                    double recall = (double)tp / positives, precision = (double)tp / (tp + fp);
                    ap += (recall - prevRecall) * precision;
                    prevRecall = recall;
                }
            }

            return (positives > 0 && negatives > 0 ? auc : double.NaN, positives > 0 ? ap : double.NaN);
        }

        /// <summary>
        /// The warnings of a curve, as the summary has its own: a test set of one class (no ROC curve on one axis), and a
        /// -MinimumRecall that no threshold reaches.
        /// </summary>
        public static IEnumerable<string> CurveWarnings(ScoreSet set, IReadOnlyList<MetricCurvePoint> points, double? minimumRecall)
        {
            if (set.Positives == 0 || set.Negatives == 0)
                yield return $"{set.ProjectName} {set.ModelVersion}: the test set holds one class only, so the ROC curve (false positive " +
                    $"rate against recall) is not defined on one of its axes.";
            bool reached = false;
            foreach (var p in points) reached |= p.IsBestAtRecall;
            if (minimumRecall.HasValue && !reached)
                yield return $"{set.ProjectName} {set.ModelVersion}: no threshold reaches a recall of {minimumRecall.Value}.";
        }

        /// <summary>One point per distinct score, highest threshold first; IsBestF1 marks the best F1 (the highest threshold among equals).</summary>
        public static List<MetricCurvePoint> Curve(ScoreSet set)
        {
            var points = new List<MetricCurvePoint>();
            long positives = set.Positives, negatives = set.Negatives;
            int best = -1;
            double bestF1 = double.NegativeInfinity;
            foreach (var (threshold, tp, fp) in Sweep(set))
            {
                long fn = positives - tp, tn = negatives - fp;
                var point = new MetricCurvePoint
                {
                    ProjectName = set.ProjectName,
                    ModelVersion = set.ModelVersion,
                    Threshold = threshold,
                    TruePositives = tp,
                    FalsePositives = fp,
                    TrueNegatives = tn,
                    FalseNegatives = fn,
                    Precision = Ratio(tp, tp + fp),
                    Recall = Ratio(tp, positives),
                    FalsePositiveRate = Ratio(fp, negatives),
                    F1Score = Ratio(2 * tp, 2 * tp + fp + fn),
                };
                if (point.F1Score > bestF1)
                {
                    bestF1 = point.F1Score;
                    best = points.Count;
                }
                points.Add(point);
            }
            if (best >= 0) points[best].IsBestF1 = true;
            return points;
        }

        /// <summary>
        /// The curve with costs and a recall floor: each point's Cost = FP x falsePositiveCost + FN x falseNegativeCost,
        /// IsLowestCost on the cheapest, IsBestAtRecall on the most precise point whose recall is at least
        /// minimumRecall; both take the highest threshold among equals, as IsBestF1 does.
        /// </summary>
        public static List<MetricCurvePoint> Curve(ScoreSet set, double? falsePositiveCost, double? falseNegativeCost, double? minimumRecall)
        {
            var points = Curve(set);
            if (falsePositiveCost.HasValue || falseNegativeCost.HasValue)
            {
                double fpCost = falsePositiveCost ?? 1.0, fnCost = falseNegativeCost ?? 1.0;
                MetricCurvePoint? cheapest = null;
                foreach (var p in points)
                {
                    p.Cost = p.FalsePositives * fpCost + p.FalseNegatives * fnCost;
                    if (cheapest == null || p.Cost < cheapest.Cost) cheapest = p;
                }
                if (cheapest != null) cheapest.IsLowestCost = true;
            }
            if (minimumRecall.HasValue)
            {
                MetricCurvePoint? best = null;
                foreach (var p in points)
                {
                    if (p.Recall >= minimumRecall.Value && (best == null || p.Precision > best.Precision)) best = p;
                }
                if (best != null) best.IsBestAtRecall = true;
            }
            return points;
        }

        /// <summary>
        /// The one sweep behind every curve: scores from highest to lowest, one step per distinct score (every tied
        /// image is on the same side of a threshold), with the true and false positives at and above it.
        /// </summary>
        public static IEnumerable<(double Threshold, long TruePositives, long FalsePositives)> Sweep(ScoreSet set)
        {
            var bins = set.Bins();
            long tp = 0, fp = 0;
            for (int k = 0; k < bins.Count; k++)
            {
                tp += bins.Positives[k];
                fp += bins.Negatives[k];
                yield return (bins.Thresholds[k], tp, fp);
            }
        }

        public static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

        /// <summary>Where scikit-learn warns, so does the module: the value is not a bug, the test set makes it so.</summary>
        private static void Warn(ScoreSet set, ICollection<string>? warnings, bool noPredictedAnomaly)
        {
            if (warnings == null) return;
            string model = set.ProjectName + " " + set.ModelVersion;
            string count = set.Count.ToString(CultureInfo.InvariantCulture);
            if (set.Count == 0)
            {
                warnings.Add($"{model}: no images, so every metric is 0 and ROC AUC and average precision are NaN.");
                return;
            }
            if (set.Positives == 0)
            {
                warnings.Add($"{model}: the test set holds only normal images ({count}). ROC AUC is NaN, since there is no anomaly to " +
                    $"rank above them, " +
                    "and average precision is NaN, since recall is undefined without anomalies.");
            }
            else if (set.Negatives == 0)
            {
                warnings.Add($"{model}: the test set holds only anomalies ({count}). ROC AUC is NaN, since there is no normal image to " +
                    $"rank below them; " +
                    "average precision is 1.");
            }
            if (noPredictedAnomaly && set.Positives > 0)
            {
                warnings.Add($"{model}: no image is predicted anomalous, so precision is 0 (0 of 0) and so are recall and F1.");
            }
        }
    }

    /// <summary>
    /// The predictions of one model version, kept as scores, labels and a key of each image's source-ref (17 bytes an
    /// image), and the source-ref itself compactly (<see cref="SourceRefs"/>: each folder once, the file name in UTF-8, 8 bytes an
    /// image and the name's), so that a comparison can name the images two models disagree on: a million images named like
    /// "board_001.jpg" take about 38 MB, whatever the manifest's size. Images are added as they stream past.
    /// </summary>
    public sealed class ScoreSet
    {
        private const byte ActualBit = 1;
        private const byte PredictedBit = 2;

        private double[] _scores = new double[256];
        private byte[] _flags = new byte[256];
        private ulong[] _keys = new ulong[256];
        private ScoreBins? _bins;

        private readonly SourceRefs _refs = new SourceRefs();
        private readonly HashSet<string> _sources = new HashSet<string>(StringComparer.Ordinal);
        private string? _lastSource;

        public ScoreSet(string projectName, string modelVersion, string source)
        {
            ProjectName = projectName;
            ModelVersion = modelVersion;
            Source = source;
        }

        public string ProjectName { get; }
        public string ModelVersion { get; }
        public string Source { get; }

        /// <summary>Every manifest that gave the set an image (what lines left out of them are counted against).</summary>
        public IReadOnlyCollection<string> Sources => _sources;

        public int Count { get; private set; }

        /// <summary>Images whose ground truth is anomaly (positives).</summary>
        public long Positives { get; private set; }

        public long Negatives => Count - Positives;

        public void Add(EvaluationImage image)
        {
            if (!ReferenceEquals(image.Source, _lastSource))
            {
                _sources.Add(image.Source);
                _lastSource = image.Source;
            }
            Add(image.AnomalyScore, image.IsAnomaly, image.IsPredictedAnomaly, ImageKey(image.SourceRef), image.SourceRef);
        }

        public void Add(double score, bool actualAnomaly, bool predictedAnomaly, ulong key = 0, string? sourceRef = null)
        {
            _bins = null;
            if (double.IsNaN(score)) throw new ArgumentException("An anomaly score cannot be NaN.", nameof(score));
            if (Count == _scores.Length)
            {
                int size = checked(_scores.Length * 2);
                Array.Resize(ref _scores, size);
                Array.Resize(ref _flags, size);
                Array.Resize(ref _keys, size);
            }
            _keys[Count] = key;
            _scores[Count] = score;
            _flags[Count] = (byte)((actualAnomaly ? ActualBit : 0) | (predictedAnomaly ? PredictedBit : 0));
            _refs.Add(sourceRef ?? string.Empty);
            Count++;
            if (actualAnomaly) Positives++;
        }

        public double Score(int i) => _scores[i];

        public bool IsAnomaly(int i) => (_flags[i] & ActualBit) != 0;

        public bool IsPredictedAnomaly(int i) => (_flags[i] & PredictedBit) != 0;

        /// <summary>The image's source-ref as it was added; empty where it was added without one.</summary>
        public string SourceRef(int i) => _refs.Get(i);

        /// <summary>The image's key: a 64-bit FNV-1a hash of its source-ref, by which two models' images are paired.</summary>
        public ulong Key(int i) => _keys[i];

        /// <summary>
        /// A 64-bit FNV-1a hash of a source-ref: 8 bytes an image instead of the string, and a chance of a collision
        /// among a million images of about 3 in 100 million.
        /// </summary>
        public static ulong ImageKey(string sourceRef)
        {
            ulong hash = 14695981039346656037UL;
            foreach (char c in sourceRef)
            {
                hash = (hash ^ (byte)c) * 1099511628211UL;
                hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
            }
            return hash;
        }


        /// <summary>
        /// The distinct scores, highest first, with the anomalies and normal images at each: everything the ranking
        /// metrics, the curves, DeLong's variance and the bootstrap of average precision need, from one sort, kept
        /// until an image is added.
        /// </summary>
        public ScoreBins Bins()
        {
            if (_bins != null) return _bins;
            var (scores, anomalous) = SortedDescending();
            var thresholds = new List<double>();
            var positives = new List<long>();
            var negatives = new List<long>();
            int i = 0;
            while (i < scores.Length)
            {
                double s = scores[i];
                long p = 0, n = 0;
                while (i < scores.Length && scores[i] == s)
                {
                    if (anomalous[i]) p++; else n++;
                    i++;
                }
                thresholds.Add(s);
                positives.Add(p);
                negatives.Add(n);
            }
            return _bins = new ScoreBins(thresholds.ToArray(), positives.ToArray(), negatives.ToArray());
        }

        /// <summary>
        /// Scores in descending order with their labels: an O(n log n) sort of copies, so the set itself keeps input order.
        /// Tied scores end up adjacent, which is all the curves need.
        /// </summary>
        internal (double[] Scores, bool[] Anomalous) SortedDescending()
        {
            var keys = new double[Count];
            var labels = new bool[Count];
            for (int i = 0; i < Count; i++)
            {
                keys[i] = -_scores[i];
                labels[i] = (_flags[i] & ActualBit) != 0;
            }
            Array.Sort(keys, labels);
            for (int i = 0; i < keys.Length; i++) keys[i] = -keys[i];
            return (keys, labels);
        }
    }

    /// <summary>
    /// Source-refs kept compactly, in the order they were added: each folder (up to the last '/') once, and the file name after it in
    /// UTF-8 in one growing buffer, so that a million names from a few folders take about 25 MB instead of about 120 MB of strings.
    /// </summary>
    internal sealed class SourceRefs
    {
        private readonly Dictionary<string, int> _folderIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<string> _folders = new List<string>();
        private int[] _folderOf = new int[256];
        private int[] _end = new int[256];
        private byte[] _bytes = new byte[4096];
        private int _count;
        private int _length;
        private string? _lastFolder;
        private int _lastFolderIndex;

        public void Add(string sourceRef)
        {
            // No allocation an image: the folder is compared in place with the last one (images come folder by folder), and the
            // name is encoded straight from the source-ref into the buffer.
            int slash = sourceRef.LastIndexOf('/') + 1;
            int index;
            if (_lastFolder != null && _lastFolder.Length == slash && string.CompareOrdinal(sourceRef, 0, _lastFolder, 0, slash) == 0)
            {
                index = _lastFolderIndex;
            }
            else
            {
                string folder = sourceRef.Substring(0, slash);
                if (!_folderIndex.TryGetValue(folder, out index))
                {
                    index = _folders.Count;
                    _folders.Add(folder);
                    _folderIndex.Add(folder, index);
                }
                _lastFolder = folder;
                _lastFolderIndex = index;
            }
            int chars = sourceRef.Length - slash;
            if (_count == _end.Length)
            {
                Array.Resize(ref _folderOf, checked(_end.Length * 2));
                Array.Resize(ref _end, checked(_end.Length * 2));
            }
            while (_length + 3 * chars > _bytes.Length) Array.Resize(ref _bytes, checked(_bytes.Length * 2));
            _length += System.Text.Encoding.UTF8.GetBytes(sourceRef, slash, chars, _bytes, _length);
            _folderOf[_count] = index;
            _end[_count] = _length;
            _count++;
        }

        public string Get(int i)
        {
            int start = i == 0 ? 0 : _end[i - 1];
            return _folders[_folderOf[i]] + System.Text.Encoding.UTF8.GetString(_bytes, start, _end[i] - start);
        }
    }

    /// <summary>Score sets by project and model version, in the order each model was first seen.</summary>
    public sealed class ScoreSetCollection
    {
        private readonly IO.ModelGroups<ScoreSet> _sets = new IO.ModelGroups<ScoreSet>();

        public IReadOnlyList<ScoreSet> Sets => _sets;

        public ScoreSet For(string projectName, string modelVersion, string source) =>
            _sets.For(projectName, modelVersion, () => new ScoreSet(projectName, modelVersion, source));

        public void Add(EvaluationImage image) => For(image.ProjectName, image.ModelVersion, image.Source).Add(image);
    }

    /// <summary>How intervals are computed: the confidence level, and the bootstrap's replicates and seed.</summary>
    public sealed class IntervalOptions
    {
        public double Level { get; set; } = 0.95;
        public int Samples { get; set; } = Bootstrap.DefaultSamples;
        public ulong Seed { get; set; } = Bootstrap.DefaultSeed;

        /// <summary>Ctrl+C: ends the bootstrap between replicates.</summary>
        public System.Threading.CancellationToken Cancel { get; set; }
    }

    /// <summary>What a summary keeps of its images for a paired comparison: the set, and the threshold its predictions used.</summary>
    public sealed class SummaryImages
    {
        public SummaryImages(ScoreSet set, double? threshold)
        {
            Set = set;
            Threshold = threshold;
        }

        public ScoreSet Set { get; }
        public double? Threshold { get; }

        public bool IsPredictedAnomaly(int i) => Threshold.HasValue ? Set.Score(i) >= Threshold.Value : Set.IsPredictedAnomaly(i);

        public static SummaryImages? Of(EvaluationSummary summary) => summary.ImageData as SummaryImages;
    }

    /// <summary>The distinct scores of a set, highest first, with how many anomalies and normal images have each.</summary>
    public sealed class ScoreBins
    {
        public ScoreBins(double[] thresholds, long[] positives, long[] negatives)
        {
            Thresholds = thresholds;
            Positives = positives;
            Negatives = negatives;
        }

        public double[] Thresholds { get; }
        public long[] Positives { get; }
        public long[] Negatives { get; }
        public int Count => Thresholds.Length;
    }
}
