namespace LookoutMetrics.Errors
{
    /// <summary>
    /// Every stable ErrorId the module writes, named once. Scripts match on these (`$_.FullyQualifiedErrorId -like
    /// 'MaskNotFound,*'`), so a value never changes; a new failure gets a new constant here.
    /// </summary>
    public static class ErrorIds
    {
        // Reading artifacts and paths
        public const string PathNotFound = "PathNotFound";
        public const string NotAFileSystemPath = "NotAFileSystemPath";
        public const string InvalidPath = "InvalidPath";
        public const string FileAccessDenied = "FileAccessDenied";
        public const string FileReadFailed = "FileReadFailed";
        public const string NotAFile = "NotAFile";
        public const string FileTooLarge = "FileTooLarge";
        public const string NoEvaluationArtifact = "NoEvaluationArtifact";
        public const string InvalidManifestLine = "InvalidManifestLine";
        public const string ManifestLineTooLong = "ManifestLineTooLong";
        public const string DuplicateKey = "DuplicateKey";
        public const string EmptyManifest = "EmptyManifest";
        public const string InvalidEvaluationResult = "InvalidEvaluationResult";
        public const string NotAnEvaluationManifest = "NotAnEvaluationManifest";
        public const string ManifestNotLocated = "ManifestNotLocated";
        public const string ResultNotLocated = "ResultNotLocated";
        public const string ModelNotInManifest = "ModelNotInManifest";
        public const string InvalidInputObject = "InvalidInputObject";
        public const string NotAModel = "NotAModel";
        public const string ModelsMixed = "ModelsMixed";
        public const string NoPerImageData = "NoPerImageData";

        // S3
        public const string InvalidUri = "InvalidUri";
        public const string S3ObjectNotFound = "S3ObjectNotFound";
        public const string S3AccessDenied = "S3AccessDenied";
        public const string S3ReadFailed = "S3ReadFailed";
        public const string NoArtifactsFound = "NoArtifactsFound";

        // The Lookout for Vision API
        public const string ResourceNotFound = "ResourceNotFound";
        public const string AccessDenied = "AccessDenied";
        public const string ValidationFailed = "ValidationFailed";
        public const string Throttled = "Throttled";
        public const string Conflict = "Conflict";
        public const string QuotaExceeded = "QuotaExceeded";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string RequestTimeout = "RequestTimeout";
        public const string EndpointUnreachable = "EndpointUnreachable";
        /// <summary>AWS's own Lookout for Vision endpoint did not answer: the service ended on 2025-10-31.</summary>
        public const string ServiceEnded = "ServiceEnded";
        public const string ServiceError = "ServiceError";
        public const string ProjectNotFound = "ProjectNotFound";

        // Settings and credentials (AwsSettingsException)
        public const string NoCredentials = "NoCredentials";
        public const string NoRegion = "NoRegion";
        public const string UnknownProfile = "UnknownProfile";
        public const string IncompleteKeys = "IncompleteKeys";
        public const string InvalidCredentialObject = "InvalidCredentialObject";
        public const string InvalidEndpoint = "InvalidEndpoint";
        public const string InvalidRegion = "InvalidRegion";
        public const string InvalidTimeout = "InvalidTimeout";
        public const string InvalidWebIdentity = "InvalidWebIdentity";
        public const string InvalidProfile = "InvalidProfile";
        public const string MfaCodeRequired = "MfaCodeRequired";
        public const string MfaSessionExpired = "MfaSessionExpired";
        public const string SsoLoginRequired = "SsoLoginRequired";
        public const string AssumeRoleDenied = "AssumeRoleDenied";
        public const string AssumeRoleFailed = "AssumeRoleFailed";
        public const string CredentialsUnavailable = "CredentialsUnavailable";
        public const string BrokenInstall = "BrokenInstall";

        // Masks and images
        public const string MaskNotFound = "MaskNotFound";
        public const string MasksNotFound = "MasksNotFound";
        public const string MaskAccessDenied = "MaskAccessDenied";
        public const string MaskUnreadable = "MaskUnreadable";
        public const string InvalidMask = "InvalidMask";
        public const string MaskTooLarge = "MaskTooLarge";
        public const string MaskSizeMismatch = "MaskSizeMismatch";
        public const string MissingMask = "MissingMask";
        public const string InvalidMaskReference = "InvalidMaskReference";
        public const string InvalidImage = "InvalidImage";
        public const string ImageTooLarge = "ImageTooLarge";
        public const string InvalidImageReference = "InvalidImageReference";
        public const string ReferenceOutsideRoots = "ReferenceOutsideRoots";

        // Successors
        public const string InvalidPrediction = "InvalidPrediction";
        public const string NotAPredictionFile = "NotAPredictionFile";
        public const string RetiredModelManifest = "RetiredModelManifest";
        public const string AmbiguousImageName = "AmbiguousImageName";
        public const string AmbiguousPrediction = "AmbiguousPrediction";
        public const string DuplicatePrediction = "DuplicatePrediction";
        public const string NothingPaired = "NothingPaired";
        public const string NoGroundTruth = "NoGroundTruth";
        public const string EmptyTestSet = "EmptyTestSet";

        // Reports
        public const string NothingToReport = "NothingToReport";
        public const string ReportFolderNotFound = "ReportFolderNotFound";
        public const string ReportPathIsFolder = "ReportPathIsFolder";
        public const string ReportLibraryMissing = "ReportLibraryMissing";

        /// <summary>A failure the module did not foresee (a fault in it): said with the exception and how to report it.</summary>
        public const string UnexpectedError = "UnexpectedError";
        public const string ReportWriteFailed = "ReportWriteFailed";

        /// <summary>A folder parameter that is not a folder: MaskRootNotFound, ImageRootNotFound.</summary>
        public static string FolderNotFound(string parameter) => parameter + "NotFound";

        /// <summary>The kind of a settings error: what is missing or refused about the credentials, else a bad argument.</summary>
        public static ErrorKind KindOfSetting(string errorId) => errorId switch
        {
            NoCredentials => ErrorKind.AuthenticationError,
            UnknownProfile => ErrorKind.ObjectNotFound,
            AssumeRoleDenied => ErrorKind.PermissionDenied,
            SsoLoginRequired or MfaCodeRequired or MfaSessionExpired or AssumeRoleFailed or CredentialsUnavailable => ErrorKind.AuthenticationError,
            BrokenInstall => ErrorKind.ResourceUnavailable,
            _ => ErrorKind.InvalidArgument,
        };
    }
}
