using System;

namespace LookoutMetrics.Succession
{
    /// <summary>One successor prediction for one image, as read from its file, before it is paired with the test set.</summary>
    public sealed class Prediction
    {
        /// <summary>The prediction file's path or s3:// URI.</summary>
        public string File { get; set; } = string.Empty;

        /// <summary>1-based line (JSON Lines) or row (CSV); 0 for a file that is one prediction.</summary>
        public long Line { get; set; }

        /// <summary>
        /// The image the prediction names: its source-ref or image path when the content gives one
        /// (<see cref="Named"/>), else the prediction file's path below the folder or prefix it was found in, without '.out'.
        /// </summary>
        public string Image { get; set; } = string.Empty;

        /// <summary>True when <see cref="Image"/> came from the prediction's content, so an exact source-ref can pair it.</summary>
        public bool Named { get; set; }

        public bool PredictedAnomaly { get; set; }

        /// <summary>The score that ranks images from most to least anomalous (any real number for a CSV).</summary>
        public double AnomalyScore { get; set; }

        /// <summary>The confidence in the predicted class, 0..1; NaN for an unnormalised CSV score, which has none.</summary>
        public double Confidence { get; set; }

        /// <summary>The score was read as a confidence of the predicted label (DetectAnomalies, manifest and capture lines), not a CSV
        /// score.</summary>
        public bool FromConfidence { get; set; }

        /// <summary>The edge application's own Anomaly_score, beside its Confidence; NaN where there is none.</summary>
        public double AnomalyScoreField { get; set; } = double.NaN;

        /// <summary>The model a capture names (eventMetadata's modelName-modelVersion); empty where the file names none.</summary>
        public string Model { get; set; } = string.Empty;

        /// <summary>The device and the inference time a capture names (eventMetadata); empty elsewhere.</summary>
        public string Device { get; set; } = string.Empty;

        public string InferenceTime { get; set; } = string.Empty;

        /// <summary>The ground truth the prediction file itself carries (a CSV's gt_label); null when it carries none.</summary>
        public bool? GroundTruthAnomaly { get; set; }

        /// <summary>The predicted mask: a PNG's full path or s3:// URI, or the prediction file itself when it embeds the mask.</summary>
        public string MaskRef { get; set; } = string.Empty;

        /// <summary>The predicted mask's colours by the successor's label names, "background=#ffffff;crack=#23a436".</summary>
        public string ColorMap { get; set; } = string.Empty;

        /// <summary>"file" or "file:line", for messages.</summary>
        public string Target => Line > 0 ? File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : File;

        public override string ToString() => Target + " -> " + Image;
    }

    /// <summary>What reading one prediction file gave: predictions, or the problem of a line or of the whole file.</summary>
    public readonly struct PredictionEntry
    {
        public PredictionEntry(Prediction prediction)
        {
            Prediction = prediction;
            Problem = null;
            Warning = null;
        }

        public PredictionEntry(IO.DataProblem problem)
        {
            Prediction = null;
            Problem = problem ?? throw new ArgumentNullException(nameof(problem));
            Warning = null;
        }

        private PredictionEntry(string warning)
        {
            Prediction = null;
            Problem = null;
            Warning = warning;
        }

        /// <summary>Something said of the file that costs no prediction (a column that appears twice with the same values).</summary>
        public static PredictionEntry Warn(string warning) => new PredictionEntry(warning);

        public Prediction? Prediction { get; }
        public IO.DataProblem? Problem { get; }
        public string? Warning { get; }
    }
}
