using System;
using System.Linq;
using LookoutMetrics.Sources;
using Xunit;

namespace LookoutMetrics.Core.Tests
{
    public class ArtifactFinderTests
    {
        private static StoredObject S3(string key, long size = 10) =>
            new StoredObject(Location.S3Object("acme", key), size, new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero));

        [Fact]
        public void PairsByFolderProjectAndVersionAndSortsVersionsAsNumbers()
        {
            var finder = new ArtifactFinder();
            foreach (string key in new[] { "a/EvaluationManifest-p-10.json", "a/EvaluationManifest-p-2.json", "a/EvaluationResult-p-10.json",
                "a/EvaluationResult-p-2.json", "a/images/x.jpg", "b/EvaluationResult-p-2.json", "a/evaluationresult-P-1.json", "a/log.txt" })
                finder.Add(S3(key));
            var found = finder.Found();
            Assert.Equal(new[] { "a/ P 1", "a/ p 2", "a/ p 10", "b/ p 2" },
                found.Select(f => $"{f.Folder.Substring("s3://acme/".Length)} {f.ProjectName} {f.ModelVersion}"));
            Assert.Equal(2, finder.PassedOver);
            Assert.Equal("s3://acme/a/EvaluationManifest-p-10.json", found[2].ManifestUri);
            Assert.Equal(new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc), found[2].ResultLastModified);
            Assert.Equal(DateTimeKind.Utc, found[2].ResultLastModified!.Value.Kind);
            Assert.Equal(string.Empty, found[3].ManifestUri);
        }

        [Fact]
        public void NamesTheVersionsThatLackAnArtifactInOneWarning()
        {
            var finder = new ArtifactFinder();
            for (int v = 1; v <= 12; v++) finder.Add(S3($"EvaluationResult-p-{v}.json"));
            finder.Add(S3("EvaluationManifest-p-3.json"));
            finder.Add(S3("EvaluationManifest-q-1.json"));
            var found = finder.Found();
            string manifests = ArtifactFinder.Missing(found, manifest: true)!;
            Assert.StartsWith("11 of 13 model versions have no evaluation manifest beside their result (p/1, p/2, p/4,", manifests);
            Assert.Contains(" and 1 more)", manifests);
            Assert.StartsWith("1 of 13 model versions have no evaluation result beside their manifest (q/1)", ArtifactFinder.Missing(found, manifest: false));
        }

        [Fact]
        public void PassesOverNamesThatAreNotAModelVersionsArtifact()
        {
            var finder = new ArtifactFinder();
            Assert.False(finder.Add(S3("EvaluationResult-p-0.json")));
            Assert.False(finder.Add(S3("EvaluationResult-p-x.json")));
            Assert.False(finder.Add(S3("EvaluationResult-p-99999999999.json")));
            Assert.True(finder.Add(S3("EvaluationResult-p-7.json")));
            Assert.Single(finder.Found());
        }
    }
}
