using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.IO;
using LookoutMetrics.Sources;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// The cmdlets that read Lookout for Vision artifacts: an artifact comes from local files, S3 objects (-Uri) or the
    /// models DescribeModel locates (-ProjectName, -ModelVersion, declared here). Each kind declares its paths (-Path and
    /// -LiteralPath, or an export's -ManifestPath and -LiteralManifestPath) and -Uri, for the alias that binds its own URI
    /// property of Get-LfvModelPerformance. The work is done by the <see cref="ArtifactSources"/> component.
    /// </summary>
    public abstract class ArtifactCmdlet : LfvAwsCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        protected const string UriSet = "Uri";
        protected const string ModelSet = "Model";
        protected const string S3ObjectSet = "S3Object";

        private ArtifactSources? _sources;

        /// <summary>s3://bucket/key of the artifact; the override carries the parameter attributes and its alias.</summary>
        public abstract string[] Uri { get; set; }

        /// <summary>With -Uri: names the model in messages. Alone: the project whose model's artifact DescribeModel locates.</summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ModelSet, Mandatory = true)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        public string[]? ProjectName { get; set; }

        /// <summary>With -ProjectName: the versions (numbers or 'latest'); every version when omitted.</summary>
        [Parameter(ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ModelSet)]
        [ArgumentCompleter(typeof(LookoutVisionCompleter))]
        public string[]? ModelVersion { get; set; }

        /// <summary>
        /// The bucket of an S3 object, as AWS.Tools names it: Get-S3Object's and Get-S3ObjectV2's objects bind it by property
        /// name, with -Key, so that they are read as s3://BucketName/Key (never bound by value to -Path as text).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = S3ObjectSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string BucketName { get; set; } = null!;

        /// <summary>With -BucketName: the object's key, taken exactly as written (no wildcards). Objects of another kind are passed
        /// over.</summary>
        [Parameter(Mandatory = true, ParameterSetName = S3ObjectSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Key { get; set; } = null!;

        /// <summary>The request of this record's parameters: -Path or -LiteralPath as the kind of cmdlet names them, -Uri, or
        /// -BucketName and -Key (literal objects).</summary>
        protected ArtifactRequest RequestOf(string? set, string[]? paths, string[]? literalPaths) =>
            ParameterSetName == S3ObjectSet ? ArtifactRequest.ForObjects(BucketName, Key)
            : ArtifactRequest.For(set ?? ParameterSetName, paths, literalPaths, Uri, ProjectName, ModelVersion);

        internal ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        /// <summary>What this record's bound source parameters name (each kind of cmdlet declares its own paths).</summary>
        internal abstract ArtifactRequest Request { get; }

        /// <summary>The artifacts of this record's bound source parameters, opened one at a time.</summary>
        internal IEnumerable<OpenedArtifact> OpenSources(ArtifactKind kind) => Sources.Open(Request, kind);
    }
}
