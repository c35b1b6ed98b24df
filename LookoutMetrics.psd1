@{
    RootModule             = 'LookoutMetrics.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f0e2d0c-3a8e-4c51-9a53-2c1f4f6b7d21'
    Author                 = 'LookoutMetrics contributors'
    CompanyName            = 'LookoutMetrics'
    Copyright              = '(c) LookoutMetrics contributors. MIT licence.'
    Description            = 'Amazon Lookout for Vision model-evaluation metrics as typed objects: evaluation manifests and results from local files or S3, model performance from the API, and metrics recomputed and verified from the raw predictions.'
    CompatiblePSEditions   = @('Core', 'Desktop')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('LookoutMetrics.Format.ps1xml')
    CmdletsToExport        = @(
        'Find-LfvProject'
        'Find-LfvModelArtifact'
        'Get-LfvReviewBand'
        'Get-LfvModelVersion'
        'Get-LfvModelPerformance'
        'Get-LfvEvaluationManifest'
        'Get-LfvEvaluationResult'
        'Measure-LfvEvaluation'
        'Get-LfvMetricCurve'
        'Test-LfvEvaluation'
        'Compare-LfvModel'
        'Measure-LfvSegmentation'
        'Export-LfvReport'
        'Import-LfvPrediction'
        'Export-LfvTestSet'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'LookoutForVision', 'MachineLearning', 'Metrics', 'ComputerVision', 'Segmentation', 'Report', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Mac', 'Windows')
            ProjectUri   = 'https://github.com/lookoutmetrics/LookoutMetrics'
            LicenseUri   = 'https://github.com/lookoutmetrics/LookoutMetrics/blob/main/LICENSE'
            # build.ps1 replaces this with the latest section of docs/CHANGELOG.md in the module it lays out.
            ReleaseNotes = 'See docs/CHANGELOG.md.'
        }
    }
}
