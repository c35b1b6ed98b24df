using System.Text;
using System.Text.Json.Nodes;

namespace LookoutMetrics.Tests;

/// <summary>Builds manifest lines in the documented shape, with any part left out or changed.</summary>
internal static class ManifestLines
{
    public const string Arn = "arn:aws:lookoutvision:us-east-1:123456789012:model/circuit-board/3";

    public static JsonObject Node(int actual, int predicted, double confidence, string image = "img.jpg", bool withNames = true)
    {
        var detectedMeta = new JsonObject
        {
            ["class-name"] = predicted == 1 ? "anomaly" : "normal",
            ["confidence"] = confidence,
            ["type"] = "groundtruth/image-classification",
            ["human-annotated"] = "no",
            ["creation-date"] = "2021-05-04T18:23:10.000Z",
            ["job-name"] = "training-job/anomaly-detection",
            ["model-arn"] = Arn,
        };
        if (withNames)
        {
            detectedMeta["project-name"] = "circuit-board";
            detectedMeta["model-version"] = "3";
        }
        return new JsonObject
        {
            ["source-ref"] = "s3://bucket/test/" + image,
            ["source-ref-metadata"] = new JsonObject { ["creation-date"] = "2021-05-03T18:23:10.000Z" },
            ["anomaly-label"] = actual,
            ["anomaly-label-metadata"] = new JsonObject
            {
                ["class-name"] = actual == 1 ? "anomaly" : "normal",
                ["type"] = "groundtruth/image-classification",
                ["human-annotated"] = "yes",
                ["creation-date"] = "2021-05-03T18:23:10.000Z",
                ["job-name"] = "labeling-job/anomaly-detection",
            },
            ["anomaly-label-detected"] = predicted,
            ["anomaly-label-detected-metadata"] = detectedMeta,
        };
    }

    public static string Line(int actual, int predicted, double confidence, string image = "img.jpg") =>
        Node(actual, predicted, confidence, image).ToJsonString();

    public static MemoryStream Stream(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return new MemoryStream(bytes);
    }
}
