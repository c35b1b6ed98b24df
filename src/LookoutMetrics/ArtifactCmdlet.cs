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

        internal ArtifactSources Sources => _sources ??= new ArtifactSources(this);

        /// <summary>What this record's bound source parameters name (each kind of cmdlet declares its own paths).</summary>
        internal abstract ArtifactRequest Request { get; }

        /// <summary>The artifacts of this record's bound source parameters, opened one at a time.</summary>
        internal IEnumerable<OpenedArtifact> OpenSources(ArtifactKind kind) => Sources.Open(Request, kind);
    }
}
