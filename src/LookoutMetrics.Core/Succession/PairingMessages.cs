using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// What a pairing tells the user, each kind of problem once (with a count and the first names), never once per
    /// image: the warnings of what was left out, the errors of what could not be paired safely.
    /// </summary>
    public static class PairingMessages
    {
        private const int Shown = 3;

        /// <summary>The errors: ambiguous names, duplicate predictions, nothing paired at all.</summary>
        public static IEnumerable<ArtifactException> Errors(PredictionPairing pairing, string model)
        {
            var byTruth = pairing.Ambiguous.Where(a => !a.AmongPredictions).ToList();
            if (byTruth.Count > 0)
            {
                var first = byTruth[0];
                yield return new ArtifactException(ErrorIds.AmbiguousImageName, ErrorKind.InvalidData,
                    $"{Count(byTruth.Count, "prediction")} of {model} cannot be paired by file name: '{Name(first.Prediction)}' " +
                        $"({first.Prediction.Target}) could be " +
                    $"{string.Join(" or ", first.Candidates.Take(Shown).Select(c => "'" + c + "'"))}{More(first.Candidates.Count)}. " +
                    (pairing.Mode == PairBy.Path
                        ? "Their folders do not tell them apart either: give the prediction files with the folders above their names (a " +
                            "folder, not a wildcard of files), or predictions that name their source-ref."
                        : "Give -PairBy Path to pair by the folders as well (the prediction's path below -Path or -Uri against the end of " +
                            "the test image's key), or predictions that name their source-ref."));
            }
            var byPrediction = pairing.Ambiguous.Where(a => a.AmongPredictions).ToList();
            if (byPrediction.Count > 0)
            {
                var first = byPrediction[0];
                yield return new ArtifactException(ErrorIds.AmbiguousPrediction, ErrorKind.InvalidData,
                    $"{Count(byPrediction.Sum(a => a.Candidates.Count), "prediction")} of {model} share a file name with another and " +
                        $"cannot be paired by it: " +
                    $"'{Name(first.Prediction)}' is named by " +
                        $"{string.Join(" and ", first.Candidates.Take(Shown).Select(c => "'" + c + "'"))}{More(first.Candidates.Count)}. " +
                    (pairing.Mode == PairBy.Path ? "Read one run of the model at a " +
                        "time." : "Give -PairBy Path, or read one run of the model at a time."));
            }
            if (pairing.Duplicates.Count > 0)
            {
                var (kept, duplicate) = pairing.Duplicates[0];
                yield return new ArtifactException(ErrorIds.DuplicatePrediction, ErrorKind.InvalidData,
                    $"{Count(pairing.Duplicates.Count, "test image")} had more than one prediction of {model}; the first was kept and the " +
                        $"others left out: " +
                    $"'{kept.Image}' from {kept.Target}, and again from {duplicate.Target}. Remove the copies, or read one run of the " +
                        $"model at a time.");
            }
            if (pairing.Paired == 0 && pairing.Images.Count > 0 && pairing.Predictions > 0)
            {
                string example = pairing.Unmatched.Count > 0 ? $" The first prediction names '{pairing.Unmatched[0].Image}' " +
                    $"({pairing.Unmatched[0].Target}); the first test image is '{pairing.Images[0].Truth.SourceRef}'." : string.Empty;
                yield return new ArtifactException(ErrorIds.NothingPaired, ErrorKind.InvalidData,
                    $"No prediction of {model} pairs with a test image of the ground truth.{example} Check that the predictions are of " +
                        $"this test set, and -PairBy.");
            }
        }

        /// <summary>The warnings: test images without a prediction, predictions of images not in the test set, labels the ground truth
        /// does not know.</summary>
        public static IEnumerable<string> Warnings(PredictionPairing pairing, string model, IReadOnlyDictionary<string, int> unknownLabels)
        {
            if (pairing.Paired == 0) yield break;
            var missing = pairing.Images.Where(i => i.Prediction == null).Select(i => i.Truth.SourceRef).ToList();
            if (missing.Count > 0)
                yield return $"{missing.Count.ToString("N0", CultureInfo.CurrentCulture)} of {Count(pairing.Images.Count, "test image")} " +
                    $"{(missing.Count == 1 ? "has" : "have")} no prediction of {model} and {(missing.Count == 1 ? "is" : "are")} left out " +
                    $"of its records: " +
                             $"{string.Join(", ", missing.Take(Shown).Select(m => "'" + m + "'"))}{More(missing.Count)}. A comparison " +
                                 $"pairs only the images both models have.";
            if (pairing.Unmatched.Count > 0)
                yield return $"{Count(pairing.Unmatched.Count, "prediction")} of {model} " +
                    $"{(pairing.Unmatched.Count == 1 ? "names an image that is" : "name images that are")} not in the test set and " +
                    $"{(pairing.Unmatched.Count == 1 ? "is" : "are")} left out: " +
                    string.Join(", ", pairing.Unmatched.Take(Shown).Select(p => "'" + p.Image + "' (" + p.Target + ")")) +
                    $"{More(pairing.Unmatched.Count)}.";
            foreach (var label in unknownLabels)
                yield return $"The label '{label.Key}' of {model}'s masks ({Count(label.Value, "image")}) is not a label of the ground " +
                    $"truth; its pixels count as that label, which no ground-truth pixel has.";
        }

        private static string Name(Prediction p)
        {
            var segments = PredictionPairer.Segments(p.Image);
            return segments.Length > 0 ? segments[segments.Length - 1] : p.Image;
        }

        private static string Count(long n, string what) => n.ToString("N0", CultureInfo.CurrentCulture) + " " + what + (n == 1 ? string.Empty : "s");

        private static string More(int count) => count > Shown ? $" and {count - Shown} more" : string.Empty;
    }
}
