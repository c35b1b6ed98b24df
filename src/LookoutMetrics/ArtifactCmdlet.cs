using System;
using System.Collections.Generic;
using System.Management.Automation;
using LookoutMetrics.Aws;
using LookoutMetrics.IO;

namespace LookoutMetrics.Commands
{
    /// <summary>
    /// What the manifest and result cmdlets share: an artifact comes from a local file (-Path, -LiteralPath), an S3
    /// object (-Uri), or a model whose DescribeModel names its location (-ProjectName, -ModelVersion).
    /// </summary>
    public abstract class ArtifactCmdlet : LfvAwsCmdlet
    {
        protected const string PathSet = "Path";
        protected const string LiteralPathSet = "LiteralPath";
        protected const string UriSet = "Uri";
        protected const string ModelSet = "Model";

        /// <summary>Files; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Files, taken exactly as written. Binds FullName/PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

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

        /// <summary>The S3 URIs bound to this cmdlet's -Uri.</summary>
        protected abstract string[]? UriValues { get; }

        /// <summary>"evaluation manifest" or "evaluation result".</summary>
        protected abstract string Kind { get; }

        protected abstract string UriOf(ModelPerformance model);

        /// <summary>The artifacts of this record, opened one at a time; one that cannot be opened is an error and the rest go on.</summary>
        protected IEnumerable<Source> Sources()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    foreach (string file in ResolveFiles(literal ? LiteralPath : Path, literal))
                    {
                        ThrowIfStopping();
                        WriteVerbose($"Reading the {Kind} '{file}'.");
                        var source = OpenLocal(file);
                        if (source != null) yield return source;
                    }
                    break;

                case UriSet:
                    foreach (string uri in UriValues ?? Array.Empty<string>())
                    {
                        var source = OpenS3(uri, Kind, Describe(ProjectName, ModelVersion));
                        if (source != null) yield return source;
                    }
                    break;

                case ModelSet:
                    foreach (string project in ProjectName!)
                    {
                        foreach (var model in DescribeModels(project, ModelVersion))
                        {
                            string uri = UriOf(model);
                            var source = OpenS3(uri, Kind, $"{model.ProjectName}/{model.ModelVersion}", model.Status);
                            if (source != null) yield return source;
                        }
                    }
                    break;
            }
        }

        private static string Describe(string[]? project, string[]? version) =>
            project != null && project.Length > 0 ? project[0] + (version != null && version.Length > 0 ? "/" + version[0] : string.Empty) : "the model";
    }
}
