using System.Text;
using LookoutMetrics.IO;
using LookoutMetrics.Segmentation;
using LookoutMetrics.Succession;
using Xunit;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Tests;

/// <summary>The rules of reading a successor's predictions and pairing them with a test set, one class at a time.</summary>
public class SuccessionTests
{
    private static List<PredictionEntry> Read(string text, string location = "/preds/anomaly/img1.jpg.out", string relative = "anomaly/img1.jpg.out", PredictionOptions? options = null) =>
        PredictionReader.Read(Encoding.UTF8.GetBytes(text), location, relative, options ?? new PredictionOptions());

    [Fact]
    public void ADetectAnomaliesResultIsTheConfidenceOfItsPredictedClassAndNamesItsImageByItsFile()
    {
        var p = Assert.Single(Read("{\"Source\": {\"Type\": \"direct\"}, \"IsAnomalous\": false, \"Confidence\": 0.9378743361326908}")).Prediction!;
        Assert.False(p.PredictedAnomaly);
        Assert.Equal(0.9378743361326908, p.Confidence);
        Assert.Equal(Math.Round(1 - 0.9378743361326908, 12), p.AnomalyScore);
        Assert.Equal("anomaly/img1.jpg", p.Image);
        Assert.False(p.Named);
        Assert.Equal(string.Empty, p.MaskRef);
    }

    [Fact]
    public void ASegmentationResultKeepsItsColoursAndPointsAtItselfForTheMask()
    {
        var p = Read("{\"IsAnomalous\":true,\"Confidence\":0.8,\"Anomalies\":[{\"Name\":\"background\",\"PixelAnomaly\":{\"TotalPercentageArea\":0.9,\"Color\":\"#FFFFFF\"}}," +
                     "{\"Name\":\"Crack\",\"PixelAnomaly\":{\"TotalPercentageArea\":0.1,\"Color\":\"#23A436\"}}],\"AnomalyMask\":\"iVBORw0KGgo=\"}")[0].Prediction!;
        Assert.Equal("background=#ffffff;Crack=#23a436", p.ColorMap);
        Assert.Equal("/preds/anomaly/img1.jpg.out", p.MaskRef);
    }

    [Theory]
    [InlineData("{\"IsAnomalous\": true, \"Confid", "not valid JSON")]
    [InlineData("{\"IsAnomalous\": true, \"Confidence\": \"high\"}", "Confidence is \"high\", not a number")]
    [InlineData("{\"IsAnomalous\": true, \"Confidence\": 1.5}", "outside 0..1")]
    [InlineData("{\"IsAnomalous\": \"yes\", \"Confidence\": 0.5}", "IsAnomalous is \"yes\", not true or false")]
    [InlineData("[1, 2]", "not the object")]
    public void ABadResultIsOneProblemNamingTheFile(string text, string says)
    {
        var problem = Assert.Single(Read(text, location: "/preds/x.out")).Problem!;
        Assert.Equal(ErrorIds.InvalidPrediction, problem.ErrorId);
        Assert.Equal("/preds/x.out", problem.Source);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public void JsonLinesKeepTheGoodLinesAroundABadOneAndReadTheEdgeApplicationsShape()
    {
        string text = "{\"source-ref\":\"s3://b/a.jpg\",\"anomaly-label-detected\":1,\"anomaly-label-detected-metadata\":{\"confidence\":0.7}}\n" +
                      "{\"source-ref\":\"s3://b/b.jpg\",\"anomaly-label-detected\":1,\n" +
                      "{\"deviceGroundTruthData\":[{\"source-ref\":\"s3://b/c.jpg\",\"anomaly-label-detected\":0,\"anomaly-label-detected-metadata\":{\"confidence\":0.6}," +
                      "\"anomaly-mask-ref-detected\":\"masks/c.png\",\"anomaly-mask-ref-detected-metadata\":{\"internal-color-map\":{\"0\":{\"name\":\"BACKGROUND\",\"hex-color\":\"#ffffff\"},\"1\":{\"name\":\"dent\",\"hex-color\":\"#00ff00\"}}}}]}\n";
        var entries = Read(text, location: "/data/preds.jsonl", options: new PredictionOptions { Format = PredictionFormat.JsonLines });
        Assert.Equal(3, entries.Count);
        Assert.Equal("s3://b/a.jpg", entries[0].Prediction!.Image);
        Assert.True(entries[0].Prediction!.Named);
        Assert.Equal(2, entries[1].Problem!.LineNumber);
        var c = entries[2].Prediction!;
        Assert.Equal(Math.Round(1 - 0.6, 12), c.AnomalyScore);
        Assert.Equal(Path.GetFullPath("/data/masks/c.png"), c.MaskRef);
        Assert.Equal("BACKGROUND=#ffffff;dent=#00ff00", c.ColorMap);
    }

    [Fact]
    public void APrettyPrintedEdgeObjectIsOneRecord()
    {
        string text = "{\n  \"deviceGroundTruthData\": [\n    {\n      \"source-ref\": \"s3://b/c.jpg\",\n      \"anomaly-label-detected\": 1,\n" +
                      "      \"anomaly-label-detected-metadata\": {\"confidence\": 0.91}\n    }\n  ],\n  \"deviceFleetName\": \"line-3\"\n}\n";
        Assert.Equal(PredictionFormat.JsonLines, PredictionReader.Sniff("/x/inference-1.json", text));
        var p = Assert.Single(Read(text, location: "/x/inference-1.json")).Prediction!;
        Assert.Equal("s3://b/c.jpg", p.Image);
        Assert.Equal(0.91, p.AnomalyScore);
    }

    [Fact]
    public void ACsvScoreIsTheAnomalyScoreItselfAndItsLabelsReadInEveryForm()
    {
        string csv = "image_path,gt_label,pred_score,pred_label,mask_path\r\n" +
                     "\"data/a,1.jpg\",1,12.5,True,masks/a.png\r\n" +
                     "data/b.jpg,0,0.25,anomaly,\r\n" +
                     "data/c.jpg,0,0.75,0,\r\n" +
                     "data/d.jpg,0,abc,0,\r\n" +
                     "data/e.jpg,0,0.1,maybe,\r\n";
        var entries = Read(csv, location: "/runs/patchcore.csv");
        Assert.Equal(5, entries.Count);
        var a = entries[0].Prediction!;
        Assert.Equal("data/a,1.jpg", a.Image);
        Assert.Equal(12.5, a.AnomalyScore);
        Assert.True(double.IsNaN(a.Confidence));
        Assert.Equal(Path.GetFullPath("/runs/masks/a.png"), a.MaskRef);
        Assert.True(entries[1].Prediction!.PredictedAnomaly);
        Assert.Equal(0.25, entries[1].Prediction!.Confidence);
        Assert.False(entries[2].Prediction!.PredictedAnomaly);
        Assert.Equal(0.25, entries[2].Prediction!.Confidence);
        Assert.Contains("'abc' is not a number", entries[3].Problem!.Message);
        Assert.Equal(5, entries[3].Problem!.LineNumber);
        Assert.Contains("'maybe' is none of", entries[4].Problem!.Message);

        var thresholded = Read(csv, location: "/runs/patchcore.csv", options: new PredictionOptions { Threshold = 0.5 });
        Assert.True(thresholded[2].Prediction!.PredictedAnomaly);
        Assert.False(thresholded[1].Prediction!.PredictedAnomaly);
        Assert.True(thresholded[4].Prediction != null);
    }

    [Fact]
    public void NamedColumnsAreFoundInAnyCase()
    {
        var p = Read("Path,Score,Label\nx/a.jpg,0.9,1\n", location: "/r/p.csv", options: new PredictionOptions { ImageColumn = "path", ScoreColumn = "score", LabelColumn = "label" })[0].Prediction!;
        Assert.Equal("x/a.jpg", p.Image);
        Assert.True(p.PredictedAnomaly);
    }

    private static EvaluationImage Truth(string sourceRef, bool anomaly = true) =>
        new() { SourceRef = sourceRef, ImageName = sourceRef.Substring(sourceRef.LastIndexOf('/') + 1), ActualLabel = anomaly ? "anomaly" : "normal", ProjectName = "p", ModelVersion = "1", Source = "/m.json" };

    private static Prediction Pred(string image, bool named = false) => new() { Image = image, Named = named, File = "/o/" + image + ".out", AnomalyScore = 0.5, PredictedAnomaly = true };

    private static PredictionPairing Pair(PairBy mode, EvaluationImage[] truth, params Prediction[] predictions)
    {
        var pairer = new PredictionPairer(mode);
        foreach (var t in truth) pairer.AddTruth(t);
        foreach (var p in predictions) pairer.Add(p);
        return pairer.Pair();
    }

    [Fact]
    public void ExactSourceRefThenKeyInAnotherBucketThenAUniqueFileName()
    {
        var truth = new[] { Truth("s3://b/test/anomaly/1.jpg"), Truth("s3://b/test/normal/2.jpg", false), Truth("s3://b/test/normal/3.jpg", false) };
        var pairing = Pair(PairBy.Auto, truth, Pred("s3://b/test/anomaly/1.jpg", named: true), Pred("s3://copy/test/normal/2.jpg", named: true), Pred("normal/3.jpg"), Pred("elsewhere/9.jpg"));
        Assert.Equal(3, pairing.Paired);
        Assert.Equal(new[] { "s3://b/test/anomaly/1.jpg", "s3://copy/test/normal/2.jpg", "normal/3.jpg" }, pairing.Images.Select(i => i.Prediction!.Image));
        Assert.Equal("elsewhere/9.jpg", Assert.Single(pairing.Unmatched).Image);
    }

    [Fact]
    public void AFileNameTwoTestImagesShareIsAnAmbiguityUnderAutoAndPairsByItsFoldersUnderPath()
    {
        var truth = new[] { Truth("s3://b/test/anomaly/1.jpg"), Truth("s3://b/test/normal/1.jpg", false) };
        var auto = Pair(PairBy.Auto, truth, Pred("anomaly/1.jpg"), Pred("normal/1.jpg"));
        Assert.Equal(0, auto.Paired);
        Assert.Equal(2, auto.Ambiguous.Count);
        Assert.Equal(new[] { "s3://b/test/anomaly/1.jpg", "s3://b/test/normal/1.jpg" }, auto.Ambiguous[0].Candidates);
        Assert.Contains(PairingMessages.Errors(auto, "p new"), e => e.ErrorId == "AmbiguousImageName" && e.Message.Contains("-PairBy Path"));

        var path = Pair(PairBy.Path, truth, Pred("anomaly/1.jpg"), Pred("normal/1.jpg"));
        Assert.Equal(2, path.Paired);
        Assert.Equal("anomaly/1.jpg", path.Images[0].Prediction!.Image);
        Assert.Equal("normal/1.jpg", path.Images[1].Prediction!.Image);

        // A bare file name cannot tell them apart under Path either: a tie, not a guess.
        var tie = Pair(PairBy.Path, truth, Pred("1.jpg"));
        Assert.Equal(0, tie.Paired);
        Assert.Single(tie.Ambiguous);
    }

    [Fact]
    public void PredictionsThatShareAFileNameOrAnImageAreErrorsNotGuesses()
    {
        var truth = new[] { Truth("s3://b/test/1.jpg"), Truth("s3://b/test/2.jpg") };
        var shared = Pair(PairBy.Auto, truth, Pred("run-a/1.jpg"), Pred("run-b/1.jpg"), Pred("2.jpg"));
        Assert.Equal(1, shared.Paired);
        var among = Assert.Single(shared.Ambiguous);
        Assert.True(among.AmongPredictions);
        Assert.Contains(PairingMessages.Errors(shared, "p new"), e => e.ErrorId == "AmbiguousPrediction");

        var twice = Pair(PairBy.Auto, truth, Pred("s3://b/test/1.jpg", named: true), Pred("s3://b/test/1.jpg", named: true));
        Assert.Equal(1, twice.Paired);
        Assert.Single(twice.Duplicates);
        Assert.Contains(PairingMessages.Errors(twice, "p new"), e => e.ErrorId == "DuplicatePrediction");
    }

    [Fact]
    public void WarningsCountWhatWasLeftOutAndNothingPairedIsOneError()
    {
        var truth = Enumerable.Range(1, 5).Select(i => Truth($"s3://b/t/{i}.jpg")).ToArray();
        var some = Pair(PairBy.Auto, truth, Pred("1.jpg"), Pred("x.jpg"));
        var warnings = PairingMessages.Warnings(some, "p new", new Dictionary<string, int>()).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("4 of 5 test images have no prediction of p new", warnings[0]);
        Assert.Contains("'s3://b/t/2.jpg', 's3://b/t/3.jpg', 's3://b/t/4.jpg' and 1 more", warnings[0]);
        Assert.StartsWith("1 prediction of p new name", warnings[1]);

        var none = Pair(PairBy.Auto, truth, Pred("x.jpg"));
        Assert.Equal("NothingPaired", Assert.Single(PairingMessages.Errors(none, "p new")).ErrorId);
        Assert.Empty(PairingMessages.Warnings(none, "p new", new Dictionary<string, int>()));
    }

    [Fact]
    public void TheRecordsKeepTheGroundTruthAndMapTheSuccessorsLabelsByName()
    {
        var truth = Truth("s3://b/t/1.jpg");
        truth.AnomalyMaskRef = "s3://b/m/1.png";
        truth.AnomalyColorMap = "BACKGROUND=#ffffff;crack=#23a436";
        truth.AnomalyClasses = new LabelList(new[] { "crack" });
        var normal = Truth("s3://b/t/2.jpg", anomaly: false);
        var records = new SuccessorImages("sagemaker-1", new[] { truth, normal });
        var prediction = new Prediction { Image = "1.jpg", PredictedAnomaly = false, Confidence = 0.6, AnomalyScore = 0.4, MaskRef = "/o/1.jpg.out", ColorMap = "background=#ffffff;CRACK=#23a436;dent=#123456" };
        var image = records.From(truth, prediction);
        Assert.Equal("sagemaker-1", image.ModelVersion);
        Assert.Equal("p", image.ProjectName);
        Assert.Equal(truth.SourceRef, image.SourceRef);
        Assert.Equal(ClassificationOutcome.FalseNegative, image.Outcome);
        Assert.Equal("s3://b/m/1.png", image.AnomalyMaskRef);
        Assert.Equal("BACKGROUND=#ffffff;crack=#23a436;dent=#123456", image.PredictedAnomalyColorMap);
        Assert.Equal(new[] { "crack", "dent" }, image.PredictedAnomalyClasses);
        Assert.Equal(1, records.UnknownLabels["dent"]);
        // A normal image has no colour map of its own: a mask without one takes the test set's colours, and is one class
        // ("anomaly", every colour but black) if it turns out to be grayscale.
        var csvMask = records.From(normal, new Prediction { Image = "2.jpg", MaskRef = "/o/2.png", AnomalyScore = 0.1, Confidence = 0.9 });
        Assert.Equal("BACKGROUND=#ffffff;crack=#23a436;anomaly=*", csvMask.PredictedAnomalyColorMap);
        Assert.Empty(csvMask.PredictedAnomalyClasses);
    }

    [Fact]
    public void AMaskEmbeddedInADetectAnomaliesResultDecodesAsThePngItself()
    {
        int[] pixels = Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? 0x23A436 : 0xFFFFFF).ToArray();
        byte[] png = PngWriter.Write(4, 3, pixels, PngWriter.Rgb, 8, false);
        byte[] result = Encoding.UTF8.GetBytes("{\"IsAnomalous\": true, \"Confidence\": 0.9, \"AnomalyMask\": \"" + Convert.ToBase64String(png) + "\"}");
        var fromPng = MaskDecoder.Decode(png, "a.png");
        var fromOut = MaskDecoder.Decode(result, "a.jpg.out");
        Assert.Equal(fromPng.Width, fromOut.Width);
        Assert.Equal(fromPng.Rgba, fromOut.Rgba);
        var without = Encoding.UTF8.GetBytes("{\"IsAnomalous\": true, \"Confidence\": 0.9}");
        Assert.Contains("without an AnomalyMask", Assert.Throws<MaskException>(() => MaskDecoder.Decode(without, "b.jpg.out")).Message);
        var damaged = Encoding.UTF8.GetBytes("{\"AnomalyMask\": \"not base64!\"}");
        Assert.Contains("not base64", Assert.Throws<MaskException>(() => MaskDecoder.Decode(damaged, "c.jpg.out")).Message);
    }

    [Fact]
    public void TheTestSetIsWrittenWithoutPredictionsAndEachImageOnce()
    {
        var truth = Truth("s3://bkt/t/1.jpg");
        truth.AnomalyMaskRef = "masks/1.png";
        truth.AnomalyColorMap = "BACKGROUND=#ffffff;crack=#23a436";
        truth.Source = "s3://bkt/run/EvaluationManifest-p-1.json";
        var sb = new StringWriter();
        using (var w = new TestSetWriter(sb, TestSetFormat.GroundTruthManifest, null, null, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)))
        {
            Assert.True(w.Write(truth));
            Assert.False(w.Write(truth));
        }
        string line = Assert.Single(sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(new[] { "source-ref", "anomaly-label", "anomaly-label-metadata", "anomaly-mask-ref", "anomaly-mask-ref-metadata" }, doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("s3://bkt/run/masks/1.png", doc.RootElement.GetProperty("anomaly-mask-ref").GetString());
        Assert.Equal("#23a436", doc.RootElement.GetProperty("anomaly-mask-ref-metadata").GetProperty("internal-color-map").GetProperty("1").GetProperty("hex-color").GetString());
        Assert.Equal("2026-01-02T03:04:05.000Z", doc.RootElement.GetProperty("anomaly-label-metadata").GetProperty("creation-date").GetString());

        var csv = new StringWriter();
        using (var w = new TestSetWriter(csv, TestSetFormat.AnomalibCsv, "/copy", "/copy", DateTime.UtcNow)) w.Write(truth);
        Assert.Equal("image_path,label_index,mask_path,split\n" + Path.GetFullPath("/copy/t/1.jpg") + ",1," + Path.GetFullPath("/copy/run/masks/1.png") + ",test\n", csv.ToString());
    }
}
