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
    & $Command | Out-Host
}

Show 'What Lookout for Vision reported for each model version' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult
}

Show 'The test results overview: outcomes per model version' {
    Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json' |
        Get-LfvEvaluationManifest |
        Group-Object ProjectName, ModelVersion, Outcome -NoElement |
        Sort-Object Name | Format-Table Count, Name -AutoSize
}

Show 'The images circuitboard version 2 got wrong, most confident first' {
    Get-LfvEvaluationManifest "$samples/circuitboard/EvaluationManifest-circuitboard-2.json" |
        Where-Object { -not $_.IsCorrect } | Sort-Object Confidence -Descending
}

Show 'Per-label pixel metrics of the segmentation model' {
    Get-LfvEvaluationResult "$samples/cookies/EvaluationResult-cookies-1.json" -PerLabel
}

Show 'Anomaly classes found in the ground-truth masks of the cookies test set' {
    Get-LfvEvaluationManifest "$samples/cookies/EvaluationManifest-cookies-1.json" |
        ForEach-Object AnomalyClasses | Group-Object -NoElement | Sort-Object Name
}
