using System;
using System.Collections.Generic;
using System.Text;
using LookoutMetrics.Errors;

namespace LookoutMetrics.IO
{
    /// <summary>What a file is before its lines are read: not a manifest at all (binary, HTML, a result, a dataset manifest).</summary>
    public static partial class ManifestReader
    {
        /// <summary>How much of a file is looked at before its lines are read.</summary>
        private const int SniffBytes = 64 << 10;

        /// <summary>Lines of ground truth without predictions, before the first image, after which the file is taken for a dataset
        /// manifest.</summary>
        internal const int DatasetLines = 10_000;

        /// <summary>What the start of a file looks like when it clearly is not a manifest, with what to do; null when it may be one.</summary>
        internal static string? WhatItLooksLike(byte[] bytes, int length)
        {
            string? notText = ArtifactSniffer.NotText(bytes, length, "the EvaluationManifest-<project>-<version>.json file of the model", "manifest");
            if (notText != null) return notText;
            int start = ArtifactSniffer.BomLength(bytes, length);
            string text = Encoding.UTF8.GetString(bytes, start, Math.Min(length - start, SniffBytes));
            if (text.IndexOf("\"AggregatedEvaluationResults\"", StringComparison.Ordinal) >= 0 && text.IndexOf("\"source-ref\"",
                StringComparison.Ordinal) < 0)
                return "it is an evaluation result (EvaluationResult-*.json). Read it with Get-LfvEvaluationResult, and give the " +
                    "EvaluationManifest file beside it here.";
            return null;
        }

        /// <summary>
        /// A dataset manifest (ground truth on every line, no prediction on any) is one error, not one per line: the
        /// problems before the first image are held back until an image shows it is an evaluation manifest after all.
        /// </summary>
        private static IEnumerable<ManifestEntry> DatasetManifestsInOneError(IEnumerable<ManifestEntry> entries, string source)
        {
            var held = new List<ManifestEntry>();
            bool sawImage = false, allWithoutPrediction = true;
            foreach (var entry in entries)
            {
                if (sawImage)
                {
                    yield return entry;
                    continue;
                }
                if (entry.Image != null)
                {
                    sawImage = true;
                    foreach (var h in held) yield return h;
                    held.Clear();
                    yield return entry;
                    continue;
                }
                held.Add(entry);
                allWithoutPrediction &= entry.Problem!.Message.IndexOf(NoPrediction, StringComparison.Ordinal) >= 0;
                if (held.Count >= DatasetLines && allWithoutPrediction) break;
                if (!allWithoutPrediction)
                {
                    // Not a dataset manifest: the problems go out as they come.
                    sawImage = true;
                    foreach (var h in held) yield return h;
                    held.Clear();
                }
            }
            if (held.Count == 0) yield break;
            if (allWithoutPrediction && held[0].Problem!.ErrorId == ErrorIds.InvalidManifestLine)
            {
                yield return ManifestEntry.Of(new DataProblem(ErrorIds.NotAnEvaluationManifest, source, 0,
                    $"'{source}' is a dataset manifest: its lines have ground truth but no prediction ({held.Count:N0} " +
                        $"lines{(held.Count >= DatasetLines ? " and more" : string.Empty)}). " +
                    "The predictions are in the model's evaluation manifest, EvaluationManifest-<project>-<version>.json, in the model's " +
                        "output location (Get-LfvModelPerformance shows it)."));
                yield break;
            }
            foreach (var h in held) yield return h;
        }

    }
}
