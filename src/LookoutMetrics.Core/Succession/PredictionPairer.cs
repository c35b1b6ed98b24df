using System;
using System.Collections.Generic;

namespace LookoutMetrics.Succession
{
    /// <summary>A prediction that could name more than one test image (or test images that more than one prediction could name).</summary>
    public sealed class Ambiguity
    {
        public Ambiguity(Prediction prediction, IReadOnlyList<string> candidates, bool amongPredictions)
        {
            Prediction = prediction;
            Candidates = candidates;
            AmongPredictions = amongPredictions;
        }

        public Prediction Prediction { get; }

        /// <summary>The test images' source-refs it could be (or, when <see cref="AmongPredictions"/>, the other prediction files of its
        /// name).</summary>
        public IReadOnlyList<string> Candidates { get; }

        /// <summary>True when the file name is shared by predictions, not by test images.</summary>
        public bool AmongPredictions { get; }
    }

    /// <summary>What pairing gave: each test image with its prediction (in the test set's order), and what did not pair.</summary>
    public sealed class PredictionPairing
    {
        /// <summary>The test images, in their order, each with its prediction or null.</summary>
        public List<(EvaluationImage Truth, Prediction? Prediction)> Images { get; } = new List<(EvaluationImage, Prediction?)>();

        public int Paired { get; internal set; }

        /// <summary>How the pairing was made.</summary>
        public PairBy Mode { get; internal set; }

        /// <summary>The predictions there were to pair.</summary>
        public int Predictions { get; internal set; }

        /// <summary>Predictions that name no test image.</summary>
        public List<Prediction> Unmatched { get; } = new List<Prediction>();

        public List<Ambiguity> Ambiguous { get; } = new List<Ambiguity>();

        /// <summary>A second prediction for an image that already had one: the first is kept.</summary>
        public List<(Prediction Kept, Prediction Duplicate)> Duplicates { get; } = new List<(Prediction, Prediction)>();
    }

    /// <summary>
    /// Pairs a successor's predictions with the retired model's test images so that it cannot go silently wrong
    /// (docs/successors.md): by the exact source-ref where the successor gives one, else by the S3 key (the bucket may
    /// differ), else by the file name when it is unique on both sides (-PairBy Auto); by the longest run of trailing
    /// path segments, whatever lies above them (-PairBy Path); by the file name alone (-PairBy FileName). A file name that several test images
    /// share is an ambiguity, never a guess.
    /// </summary>
    public sealed class PredictionPairer
    {
        private readonly PairBy _mode;
        private readonly List<EvaluationImage> _truth = new List<EvaluationImage>();
        private readonly Dictionary<string, int> _bySourceRef = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        private readonly List<Prediction> _predictions = new List<Prediction>();
        private readonly Dictionary<string, int> _predictionNames = new Dictionary<string, int>(StringComparer.Ordinal);

        public PredictionPairer(PairBy mode) => _mode = mode;

        /// <summary>A test image; a second one with the same source-ref (the same test set read twice) is ignored.</summary>
        public void AddTruth(EvaluationImage image)
        {
            if (_bySourceRef.ContainsKey(image.SourceRef)) return;
            int index = _truth.Count;
            _truth.Add(image);
            _bySourceRef[image.SourceRef] = index;
            var segments = Segments(image.SourceRef);
            Index(_byKey, string.Join("/", segments), index);
            if (segments.Length > 0) Index(_byName, segments[segments.Length - 1], index);
        }

        public void Add(Prediction prediction)
        {
            _predictions.Add(prediction);
            var segments = Segments(prediction.Image);
            string name = segments.Length > 0 ? segments[segments.Length - 1] : string.Empty;
            _predictionNames[name] = _predictionNames.TryGetValue(name, out int n) ? n + 1 : 1;
        }

        /// <summary>Pairs every prediction added; call once, after the last.</summary>
        public PredictionPairing Pair()
        {
            var pairing = new PredictionPairing { Predictions = _predictions.Count, Mode = _mode };
            var chosen = new Prediction?[_truth.Count];
            Dictionary<string, List<Prediction>>? sharedNames = null;
            foreach (var prediction in _predictions)
            {
                int index = Find(prediction, pairing, ref sharedNames);
                if (index < 0) continue;
                if (chosen[index] != null) pairing.Duplicates.Add((chosen[index]!, prediction));
                else chosen[index] = prediction;
            }
            if (sharedNames != null)
            {
                foreach (var group in sharedNames.Values)
                {
                    var files = group.ConvertAll(p => p.Target);
                    pairing.Ambiguous.Add(new Ambiguity(group[0], files, amongPredictions: true));
                }
            }
            for (int i = 0; i < _truth.Count; i++)
            {
                pairing.Images.Add((_truth[i], chosen[i]));
                if (chosen[i] != null) pairing.Paired++;
            }
            return pairing;
        }

        /// <summary>The test image a prediction is for, or -1 (and it is recorded as unmatched or ambiguous).</summary>
        private int Find(Prediction prediction, PredictionPairing pairing, ref Dictionary<string, List<Prediction>>? sharedNames)
        {
            if (_mode != PairBy.FileName && prediction.Named && _bySourceRef.TryGetValue(prediction.Image, out int exact)) return exact;
            var segments = Segments(prediction.Image);
            if (segments.Length == 0)
            {
                pairing.Unmatched.Add(prediction);
                return -1;
            }
            string name = segments[segments.Length - 1];
            _byName.TryGetValue(name, out var sameName);

            if (_mode == PairBy.Auto && _byKey.TryGetValue(string.Join("/", segments), out var sameKey))
            {
                if (sameKey.Count == 1) return sameKey[0];
                pairing.Ambiguous.Add(new Ambiguity(prediction, sameKey.ConvertAll(i => _truth[i].SourceRef), amongPredictions: false));
                return -1;
            }
            if (sameName == null)
            {
                pairing.Unmatched.Add(prediction);
                return -1;
            }

            if (_mode == PairBy.Path)
            {
                int best = -1, bestRun = 0;
                bool tie = false;
                var ties = new List<string>();
                // The longest run of trailing folders wins, whatever lies above it (a batch output one level deeper).
                foreach (int i in sameName)
                {
                    int run = TrailingRun(segments, Segments(_truth[i].SourceRef));
                    if (run > bestRun)
                    {
                        best = i;
                        bestRun = run;
                        tie = false;
                        ties.Clear();
                        ties.Add(_truth[i].SourceRef);
                    }
                    else if (run == bestRun)
                    {
                        tie = true;
                        ties.Add(_truth[i].SourceRef);
                    }
                }
                if (best >= 0 && !tie) return best;
                if (tie)
                {
                    pairing.Ambiguous.Add(new Ambiguity(prediction, ties, amongPredictions: false));
                }
                else
                {
                    pairing.Unmatched.Add(prediction);
                }
                return -1;
            }

            if (sameName.Count > 1)
            {
                pairing.Ambiguous.Add(new Ambiguity(prediction, sameName.ConvertAll(i => _truth[i].SourceRef), amongPredictions: false));
                return -1;
            }
            if (_predictionNames[name] > 1)
            {
                sharedNames ??= new Dictionary<string, List<Prediction>>(StringComparer.Ordinal);
                if (!sharedNames.TryGetValue(name, out var group)) sharedNames[name] = group = new List<Prediction>();
                group.Add(prediction);
                return -1;
            }
            return sameName[0];
        }

        /// <summary>How many trailing segments two paths share.</summary>
        private static int TrailingRun(string[] a, string[] b)
        {
            int run = 0;
            while (run < a.Length && run < b.Length && a[a.Length - 1 - run] == b[b.Length - 1 - run]) run++;
            return run;
        }

        /// <summary>The path segments of a source-ref, an S3 key or a file path: no scheme, no bucket, '/' or '\' between them.</summary>
        public static string[] Segments(string reference) => Sources.Location.Segments(reference);

        private static void Index(Dictionary<string, List<int>> index, string key, int value)
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = new List<int>(1);
            list.Add(value);
        }
    }
}
