using System;
using System.Collections.Generic;

namespace LookoutMetrics.Metrics
{
    /// <summary>
    /// The predictions of one model version, kept as scores and labels only (9 bytes an image): a million images
    /// take about 9 MB, whatever the manifest's size. Images are added as they stream past.
    /// </summary>
    public sealed class ScoreSet
    {
        private const byte ActualBit = 1;
        private const byte PredictedBit = 2;

        private double[] _scores = new double[256];
        private byte[] _flags = new byte[256];

        public ScoreSet(string projectName, string modelVersion, string source)
        {
            ProjectName = projectName;
            ModelVersion = modelVersion;
            Source = source;
        }

        public string ProjectName { get; }
        public string ModelVersion { get; }
        public string Source { get; }

        public int Count { get; private set; }

        /// <summary>Images whose ground truth is anomaly (positives).</summary>
        public long Positives { get; private set; }

        public long Negatives => Count - Positives;

        public void Add(EvaluationImage image) => Add(image.AnomalyScore, image.IsAnomaly, image.IsPredictedAnomaly);

        public void Add(double score, bool actualAnomaly, bool predictedAnomaly)
        {
            if (double.IsNaN(score)) throw new ArgumentException("An anomaly score cannot be NaN.", nameof(score));
            if (Count == _scores.Length)
            {
                int size = checked(_scores.Length * 2);
                Array.Resize(ref _scores, size);
                Array.Resize(ref _flags, size);
            }
            _scores[Count] = score;
            _flags[Count] = (byte)((actualAnomaly ? ActualBit : 0) | (predictedAnomaly ? PredictedBit : 0));
            Count++;
            if (actualAnomaly) Positives++;
        }

        public double Score(int i) => _scores[i];

        public bool IsAnomaly(int i) => (_flags[i] & ActualBit) != 0;

        public bool IsPredictedAnomaly(int i) => (_flags[i] & PredictedBit) != 0;

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

    /// <summary>Score sets by project and model version, in the order each model was first seen.</summary>
    public sealed class ScoreSetCollection
    {
        private readonly Dictionary<(string, string), ScoreSet> _byModel = new Dictionary<(string, string), ScoreSet>();
        private readonly List<ScoreSet> _inOrder = new List<ScoreSet>();

        public IReadOnlyList<ScoreSet> Sets => _inOrder;

        public ScoreSet For(string projectName, string modelVersion, string source)
        {
            var key = (projectName, modelVersion);
            if (!_byModel.TryGetValue(key, out var set))
            {
                set = new ScoreSet(projectName, modelVersion, source);
                _byModel.Add(key, set);
                _inOrder.Add(set);
            }
            return set;
        }

        public void Add(EvaluationImage image) => For(image.ProjectName, image.ModelVersion, image.Source).Add(image);
    }
}
