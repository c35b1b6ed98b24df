#requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests against the built module (out/LookoutMetrics) in this fresh 'pwsh -NoProfile' process,
    and writes the counts for build.ps1's summary line.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $PesterPath,
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $TestPath,
    [string] $Filter = $(if ($env:LOOKOUTMETRICS_PESTER_FILTER) { $env:LOOKOUTMETRICS_PESTER_FILTER } else { '*' }),
    [Parameter(Mandatory)][string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# Every test file imports the module from here, never from the source tree.
$env:LOOKOUTMETRICS_MODULE = (Resolve-Path $ModulePath).Path
$env:LOOKOUTMETRICS_REPO = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path

$files = foreach ($f in ($Filter -split ',')) {
    $pattern = if ($f -like '*.Tests.ps1') { $f } else { "$f.Tests.ps1" }
    Get-ChildItem -Path $TestPath -Filter $pattern -File
}
$files = @($files | Sort-Object FullName -Unique)
if (-not $files) { throw "No Pester test file matches '$Filter' under $TestPath." }

$config = New-PesterConfiguration
$config.Run.Path = [string[]]$files.FullName
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $config

[pscustomobject]@{
    Passed            = $result.PassedCount
    Failed            = $result.FailedCount
    Skipped           = $result.SkippedCount
    ContainerFailures = $result.FailedContainersCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
if ($result.FailedCount -gt 0 -or $result.FailedContainersCount -gt 0) { exit 1 }
