#requires -Version 7.2
<#
.SYNOPSIS
    The module's main job on the sample artifacts: what did each model report, and what do its test images say?
    Run it with: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param([string] $ModulePath = (Join-Path $PSScriptRoot '../out/LookoutMetrics/LookoutMetrics.psd1'))

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$samples = $PSScriptRoot

function Show([string] $Title, [scriptblock] $Command) {
    Write-Host "`nPS> $($Command.ToString().Trim())" -ForegroundColor Cyan
    Write-Host "# $Title" -ForegroundColor DarkGray
    # Wide enough for the default tables whatever the terminal (CI's is 80 columns).
    & $Command | Out-String -Width 160 | Out-Host
}

Show 'What Lookout for Vision reported for each model version' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult
}

Show 'The metrics recomputed from the per-image predictions' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json' | Measure-LfvEvaluation
}

Show 'Do the reported figures hold, per-label pixel figures included? (one boolean, for scheduled scripts)' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult | Test-LfvEvaluation -MaskRoot $samples -Quiet
}

Show 'What if the confidence limit of circuitboard version 2 were 0.8?' {
    Measure-LfvEvaluation -Path "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" -Threshold 0.8
}

Show 'The threshold with the best F1 score for circuitboard version 1' {
    Get-LfvMetricCurve -Path "$samples/circuitboard/EvaluationManifest-circuitboard-1.json" | Where-Object IsBestF1
}

Show 'How sure are the figures of circuitboard version 2? (95% intervals)' {
    Measure-LfvEvaluation -Path "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" |
        Format-List ProjectName, ModelVersion, Images, F1Score, F1ScoreInterval, RecallInterval, PrecisionInterval, ROCAUCInterval
}

Show 'Is circuitboard version 2 really better than version 1? (images paired by source-ref; eight tests, Holm-adjusted)' {
    $v1, $v2 = Measure-LfvEvaluation -Path "$samples/circuitboard/EvaluationManifest-circuitboard-*.json"
    Compare-LfvModel -ReferenceObject $v1 -DifferenceObject $v2
}

Show 'The same pair, with AveragePrecision chosen beforehand as the one metric that decides' {
    $v1, $v2 = Measure-LfvEvaluation -Path "$samples/circuitboard/EvaluationManifest-circuitboard-*.json"
    Compare-LfvModel -ReferenceObject $v1 -DifferenceObject $v2 -PrimaryMetric AveragePrecision
}

Show 'A successor: the SageMaker algorithm''s batch transform output (one .out file per test image), paired with the retired model''s test set' {
    Import-LfvPrediction "$samples/circuitboard/successor/sagemaker-1" -GroundTruth "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" |
        Select-Object -First 5
}

Show 'The retired model (version 2) and its three successors, measured the same way on the same 40 test images' {
    $gt = "$samples/circuitboard/EvaluationManifest-circuitboard-2.json"
    @(Get-LfvEvaluationManifest $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/sagemaker-1" -GroundTruth $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/patchcore.csv" -GroundTruth $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/edge" -GroundTruth $gt) | Measure-LfvEvaluation
}

Show 'The edge application''s captures (its inference-result lines, two cameras), named by the model they name, counted by device' {
    Import-LfvPrediction "$samples/circuitboard/successor/edge" -GroundTruth "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" |
        Group-Object ModelVersion, Device -NoElement | Format-Table -AutoSize
}

Show 'Is the SageMaker successor at least as good as the model it retires, within two points of F1? (the verdict, and how sure it is)' {
    $gt = "$samples/circuitboard/EvaluationManifest-circuitboard-2.json"
    $retired = Measure-LfvEvaluation $gt
    $successor = Import-LfvPrediction "$samples/circuitboard/successor/sagemaker-1" -GroundTruth $gt | Measure-LfvEvaluation
    Compare-LfvModel $retired $successor -NonInferiorityMargin 0.02
}

Show 'Which images does the SageMaker successor get wrong that the retired model got right? (newly missed defects first)' {
    $gt = "$samples/circuitboard/EvaluationManifest-circuitboard-2.json"
    $retired = Measure-LfvEvaluation $gt
    $successor = Import-LfvPrediction "$samples/circuitboard/successor/sagemaker-1" -GroundTruth $gt | Measure-LfvEvaluation
    Compare-LfvModel $retired $successor -PerImage
}

Show 'A segmentation successor in its own colours, with no mask where it calls an image normal, held to the retired model''s masks' {
    $gt = "$samples/cookies/EvaluationManifest-cookies-1.json"
    @(Get-LfvEvaluationManifest $gt) + @(Import-LfvPrediction "$samples/cookies/successor/sagemaker-seg" -GroundTruth $gt) |
        Measure-LfvSegmentation -MaskRoot $samples
}

Show 'Is the segmentation successor better, label by label? (pixel precision, recall, F1 and AIOU; a paired bootstrap over the images)' {
    $gt = "$samples/cookies/EvaluationManifest-cookies-1.json"
    $retired = Measure-LfvSegmentation -Path $gt -MaskRoot $samples
    $successor = Import-LfvPrediction "$samples/cookies/successor/sagemaker-seg" -GroundTruth $gt -WarningAction SilentlyContinue |
        Measure-LfvSegmentation -MaskRoot $samples
    Compare-LfvModel $retired $successor
}

Show 'The threshold of circuitboard version 1 if a missed defect costs ten false alarms' {
    Get-LfvMetricCurve -Path "$samples/circuitboard/EvaluationManifest-circuitboard-1.json" -FalsePositiveCost 1 -FalseNegativeCost 10 |
        Where-Object IsLowestCost
}

Show 'The images circuitboard version 2 got wrong, most confident first' {
    Get-LfvEvaluationManifest "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" |
        Where-Object { -not $_.IsCorrect } | Sort-Object Confidence -Descending
}

Show 'Per-label pixel metrics of the segmentation model, as reported' {
    Get-LfvEvaluationResult "$samples/cookies/EvaluationResult-cookies-1.json" -PerLabel
}

Show 'The same, recomputed from the masks (the console''s performance per label); -MaskRoot maps s3://bucket/ to a local copy' {
    Measure-LfvSegmentation -Path "$samples/cookies/EvaluationManifest-cookies-1.json" -MaskRoot $samples
}

Show 'The five images that pull the scratch label down most' {
    Measure-LfvSegmentation -Path "$samples/cookies/EvaluationManifest-cookies-1.json" -MaskRoot $samples -PerImage |
        Where-Object ClassName -EQ scratch | Sort-Object IoU | Select-Object -First 5
}

Show 'Anomaly classes found in the ground-truth masks of the cookies test set' {
    Get-LfvEvaluationManifest "$samples/cookies/EvaluationManifest-cookies-1.json" |
        ForEach-Object AnomalyClasses | Group-Object -NoElement | Sort-Object Name
}

$report = Join-Path ([IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../out'))) 'LookoutMetrics-samples-report.html'
Show 'The console''s performance page, and more, as one self-contained HTML file' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json' |
        Export-LfvReport -Path $report -MaskRoot $samples -Title 'LookoutMetrics sample models' -Force -PassThru
}
$successorReport = Join-Path ([IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../out'))) 'LookoutMetrics-successor-report.html'
Show 'The retired model and its successors side by side, in a report of their own' {
    $gt = "$samples/circuitboard/EvaluationManifest-circuitboard-2.json"
    @(Get-LfvEvaluationManifest $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/sagemaker-1" -GroundTruth $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/patchcore.csv" -GroundTruth $gt) +
        @(Import-LfvPrediction "$samples/circuitboard/successor/edge" -GroundTruth $gt) |
        Export-LfvReport -Path $successorReport -Title 'circuitboard: the retired model and its successors' -NonInferiorityMargin 0.02 -Force -PassThru
}
Write-Host "The reports are ${report} and ${successorReport}: open them in any browser (they fetch nothing)." -ForegroundColor Green
