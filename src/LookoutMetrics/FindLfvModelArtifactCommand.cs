using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.Errors;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// Find-LfvModelArtifact: the model versions a bucket (or a local copy of it) holds, found by listing, without the
    /// Lookout for Vision API: one ModelArtifact per model version, its evaluation result and manifest paired by folder, project
    /// and version. The records bind by property name to every cmdlet that reads artifacts.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "LfvModelArtifact", DefaultParameterSetName = UriSet)]
    [OutputType(typeof(ModelArtifact))]
    public sealed class FindLfvModelArtifactCommand : LfvAwsCmdlet
    {
        private const string UriSet = "Uri", PathSet = "Path", LiteralPathSet = "LiteralPath", BucketSet = "Bucket";

        /// <summary>s3://bucket, s3://bucket/prefix/ or a key pattern (*, ?, [...]): the objects listed below it.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Uri { get; set; } = null!;

        /// <summary>A bucket (Get-S3Bucket's objects bind it by property name); with -Prefix, the keys below it.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BucketSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string BucketName { get; set; } = null!;

        /// <summary>With -BucketName: the keys' prefix, as Get-S3Object's -Prefix.</summary>
        [Parameter(ParameterSetName = BucketSet)]
        public string? Prefix { get; set; }

        /// <summary>Local folders (a copy of the bucket, as `aws s3 sync` makes it), searched with their subfolders; wildcards are
        /// expanded.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Local folders, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>Also read the start of each manifest for where its masks are (MaskPrefix): a request for each model version, several
        /// at once.</summary>
        [Parameter]
        public SwitchParameter MaskPrefix { get; set; }

        private ArtifactSources? _sources;

        private ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        protected override void Process()
        {
            foreach (var at in Locations())
            {
                ThrowIfStopping();
                var finder = new ArtifactFinder();
                var listing = new Listing();
                WriteVerbose($"Listing '{at}'.");
                using (var progress = new ProgressMeter(this, NewProgressActivity(), $"Listing {at}", () => finder.PassedOver + listing.Found,
                    () => null, ProgressMeter.Count, "objects", firstAtOnce: false))
                {
                    // A pattern names model versions by either artifact: the other one, beside it, is kept too (a pattern that matches
                    // the results alone does not make every manifest "missing").
                    var listed = at.Kind == LocationKind.S3Pattern ? Location.Below(at.Bucket, at.ListPrefix) : at;
                    foreach (var found in Sources.Listed(listed, listing))
                    {
                        if (!ReferenceEquals(listed, at) && !ArtifactFinder.NamedByEither(at, found.Location)) finder.PassOver();
                        else if (found.Refused != null && ArtifactFinder.IsModelArtifact(found.Location.Text)) Sources.Admitted(found, listing);
                        else if (finder.Add(found)) listing.Found++;
                        progress.Tick();
                    }
                }
                long passedOver = finder.PassedOver + listing.PassedOver;
                if (passedOver > 0) WriteVerbose($"Passed over {passedOver:N0} other objects under '{at}'.");
                var artifacts = finder.Found();
                if (artifacts.Count == 0)
                {
                    if (!listing.Failed) WriteItemError(ErrorRecords.From(ArtifactFinder.NothingFound(at)));
                    continue;
                }
                foreach (string? warning in new[] { ArtifactFinder.Missing(artifacts, manifest: true),
                    ArtifactFinder.Missing(artifacts, manifest: false) })
                {
                    if (warning != null) WriteItemWarning(warning);
                }
                if (!MaskPrefix)
                {
                    foreach (var artifact in artifacts) WriteObject(artifact);
                    continue;
                }
                using var reads = new Pump<ModelArtifact, ModelArtifact>((a, cancel) => LookoutMetrics.Sources.MaskPrefix.FindAsync(a, Stores,
                    _unreadable, cancel), ManifestReading.DefaultThrottleLimit, CancelToken, shutdownWait: System.TimeSpan.FromSeconds(1));
                foreach (var artifact in artifacts)
                {
                    if (artifact.ManifestUri.Length == 0) reads.AddResult(artifact);
                    else reads.Add(artifact);
                    foreach (var done in Stoppable(reads.Completed())) WriteObject(done);
                }
                foreach (var done in Stoppable(reads.Drain())) WriteObject(done);
                while (_unreadable.TryTake(out string? unreadable)) WriteVerbose($"No mask prefix for {unreadable}");
            }
        }

        private readonly System.Collections.Concurrent.ConcurrentBag<string> _unreadable = new System.Collections.Concurrent.ConcurrentBag<string>();

        /// <summary>The places to list: each a prefix, pattern or folder; one that cannot be is an error naming it.</summary>
        private IEnumerable<Location> Locations()
        {
            if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
            {
                foreach (string folder in Sources.ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath,
                    literal: ParameterSetName == LiteralPathSet, folders: true))
                {
                    if (System.IO.Directory.Exists(folder)) yield return Location.File(folder);
                    else WriteItemError(ErrorRecords.From(new SourceException(ErrorIds.InvalidPath, ErrorKind.InvalidArgument,
                        $"'{folder}' is a file. Give the folder that holds the model's artifacts (a local copy of the bucket).", folder)));
                }
                yield break;
            }
            _ = Stores.S3; // the settings first: a missing one ends the cmdlet before anything is listed
            var uris = ParameterSetName == BucketSet ? new[] { S3Uri.Format(BucketName, Prefix ?? string.Empty) } : Uri;
            foreach (string uri in uris)
            {
                if (!Location.TryParseS3(uri, out var at, out string error))
                {
                    WriteItemError(ErrorRecords.From(new SourceException(ErrorIds.InvalidUri, ErrorKind.InvalidArgument, error, uri)));
                    continue;
                }
                // An object's key is the prefix of the keys below it: s3://bucket/models is listed as s3://bucket/models/...
                yield return at.IsListing ? at : Location.Below(at.Bucket, at.Key + "/");
            }
        }
    }
}
