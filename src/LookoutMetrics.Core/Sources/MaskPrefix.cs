using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;

namespace LookoutMetrics.Sources
{
    /// <summary>Where a segmentation model's masks are: the folder of the first mask its evaluation manifest names.</summary>
    public static class MaskPrefix
    {
        /// <summary>The manifest lines read before a model is taken to have no masks (normal images, which have none, may come first).</summary>
        public const int LinesRead = 1000;

        /// <summary>
        /// The folder or prefix of the first ground-truth (else predicted) mask in the first <see cref="LinesRead"/> lines of a manifest,
        /// as the manifest names it ("s3://bucket/cookies/masks/"); empty for a classification model or a manifest that names none
        /// that soon. Bad lines are passed over: this is a pointer, not a reading.
        /// </summary>
        public static string Find(Stream manifest, string source)
        {
            int lines = 0;
            foreach (var entry in ManifestReader.Read(manifest, source))
            {
                if (++lines > LinesRead) break;
                var image = entry.Image;
                if (image == null) continue;
                string mask = image.AnomalyMaskRef.Length > 0 ? image.AnomalyMaskRef : image.PredictedAnomalyMaskRef;
                if (mask.Length == 0) continue;
                int slash = mask.LastIndexOfAny(new[] { '/', '\\' });
                return slash < 0 ? string.Empty : mask.Substring(0, slash + 1);
            }
            return string.Empty;
        }

        /// <summary>Sets a model version's MaskPrefix from the start of its manifest; a manifest that cannot be read leaves it empty,
        /// and says why in <paramref name="unreadable"/> (the cmdlets that read it will say so as an error).</summary>
        public static async Task<ModelArtifact> FindAsync(ModelArtifact artifact, ArtifactStores stores, ConcurrentBag<string> unreadable,
            CancellationToken cancel)
        {
            if (!Location.TryParseLiteral(artifact.ManifestUri, out var at, out _)) return artifact;
            try
            {
                using var manifest = await stores.OpenAsync(at, cancel).ConfigureAwait(false);
                artifact.MaskPrefix = Find(manifest.Stream, manifest.Name);
            }
            catch (LfvException e) when (!e.EndsTheCommand)
            {
                unreadable.Add($"{artifact.ProjectName}/{artifact.ModelVersion}: {e.Message}");
            }
            return artifact;
        }
    }
}
