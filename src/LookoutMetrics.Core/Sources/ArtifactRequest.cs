namespace LookoutMetrics.Sources
{
    /// <summary>Where artifacts come from, as a cmdlet's source parameters say it: exactly one of the three is set.</summary>
    public sealed class ArtifactRequest
    {
        /// <summary>-Path (wildcards) or -LiteralPath.</summary>
        public string[]? Paths { get; set; }

        public bool Literal { get; set; }

        /// <summary>-Uri: s3:// URIs.</summary>
        public string[]? Uris { get; set; }

        /// <summary>The URIs name S3 objects by bucket and key (AWS.Tools' objects): each is taken literally, and one whose name is
        /// not an artifact of the kind read is passed over.</summary>
        public bool Objects { get; set; }

        /// <summary>-BucketName and -Key: the objects, literally.</summary>
        public static ArtifactRequest ForObjects(string bucket, string[] keys) =>
            new ArtifactRequest { Uris = System.Array.ConvertAll(keys, k => S3Uri.Format(bucket, k)), Objects = true };

        /// <summary>-ProjectName: the projects whose models DescribeModel locates (with -Uri, names the model in messages).</summary>
        public string[]? ProjectNames { get; set; }

        /// <summary>-ModelVersion: numbers or 'latest'; every version when empty.</summary>
        public string[]? ModelVersions { get; set; }

        /// <summary>The request of a cmdlet's bound source parameters, in its parameter set Path, LiteralPath, Uri or Model.</summary>
        public static ArtifactRequest For(string parameterSet, string[]? path, string[]? literalPath, string[]? uri, string[]? projectName,
            string[]? modelVersion) =>
            new ArtifactRequest
            {
                Paths = parameterSet == "Path" ? path : parameterSet == "LiteralPath" ? literalPath : null,
                Literal = parameterSet == "LiteralPath",
                Uris = parameterSet == "Uri" ? uri : null,
                ProjectNames = projectName,
                ModelVersions = modelVersion,
            };
    }
}
