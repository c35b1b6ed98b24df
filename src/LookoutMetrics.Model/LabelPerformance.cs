namespace LookoutMetrics
{
    /// <summary>
    /// One anomaly label of a segmentation model, recomputed from the ground-truth and predicted masks: the console's
    /// "performance per label" and the evaluation result's pixel metrics.
    /// </summary>
    public sealed class LabelPerformance
    {
        public string ProjectName { get; set; } = string.Empty;
        public string ModelVersion { get; set; } = string.Empty;

        /// <summary>ModelVersion as a number where it is one, so that a file sorts versions 1, 2, 10; null for a successor's name.</summary>
        public int? ModelVersionNumber => Exported.VersionNumber(ModelVersion);
        public string ClassName { get; set; } = string.Empty;

        /// <summary>The label's colour in the masks, "#rrggbb".</summary>
        public string Color { get; set; } = string.Empty;

        /// <summary>Test images whose ground-truth mask has at least one pixel of the label (the console's "number of test images where
        /// the label was found").</summary>
        public long ImagesWithLabel { get; set; }

        /// <summary>Test images whose predicted mask has at least one pixel of the label.</summary>
        public long ImagesPredicted { get; set; }

        /// <summary>Pixel precision, pooled over every test image: TP / (TP + FP).</summary>
        public double Precision { get; set; }

        /// <summary>Pixel recall, pooled: TP / (TP + FN).</summary>
        public double Recall { get; set; }

        /// <summary>Pixel F1, pooled: 2TP / (2TP + FP + FN).</summary>
        public double F1Score { get; set; }

        /// <summary>Average IoU: the mean of the per-image IoU over the images with the label (ImagesWithLabel); 0 when there are none.</summary>
        public double AIOU { get; set; }

        /// <summary>Sum of intersections over sum of unions, over every test image.</summary>
        public double MicroIoU { get; set; }

        public long TruePositivePixels { get; set; }
        public long FalsePositivePixels { get; set; }
        public long FalseNegativePixels { get; set; }

        /// <summary>Test images whose masks were counted (images with an unreadable mask are not).</summary>
        public long ImagesMeasured { get; set; }

        public string Source { get; set; } = string.Empty;

        /// <summary>Images of the model whose masks could not be used (each also an error); 0 when every image was measured.</summary>
        public long ImagesLeftOut { get; set; }

        /// <summary>Why images were left out: their ErrorIds with counts ("MaskNotFound (3)"); empty when none was.</summary>
        public string LeftOutReason { get; set; } = string.Empty;

        /// <summary>
        /// The per-image pixel counts a paired comparison needs (Compare-LfvModel on two models' labels), kept while the record lives;
        /// not a public member, so it never reaches Format-Table, Export-Csv or ConvertTo-Json.
        /// </summary>
        internal object? ImageData { get; set; }

        public override string ToString() => ProjectName + " " + ModelVersion + " " + ClassName;
    }
}
