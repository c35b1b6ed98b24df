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

# Hermetic AWS settings: no real profile, key, region or endpoint of the machine may leak into a test, and the SDK
# must never try the instance metadata service (not a loopback address).
foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION',
    'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_LOOKOUTVISION', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO',
    'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY') {
    Remove-Item "Env:$name" -ErrorAction SilentlyContinue
}
$awsHome = Join-Path ([IO.Path]::GetTempPath()) ("lfv-aws-" + [Guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory $awsHome
$env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $awsHome 'credentials'
$env:AWS_CONFIG_FILE = Join-Path $awsHome 'config'
$null = New-Item -ItemType File $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE
$env:AWS_EC2_METADATA_DISABLED = 'true'

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
# No NUnit XML: nothing reads it, and an escape character in a failure message makes its writer throw, which
# would lose the counts of the whole run.
$config.TestResult.Enabled = $false
$result = Invoke-Pester -Configuration $config

# A run that produced no result object, or no counts, is a failed run, never an empty green one.
if ($null -eq $result -or $null -eq $result.PassedCount -or $null -eq $result.FailedCount) {
    Write-Host 'Pester produced no result: the run failed before it could count.' -ForegroundColor Red
    exit 2
}

[pscustomobject]@{
    Passed            = $result.PassedCount
    Failed            = $result.FailedCount
    Skipped           = $result.SkippedCount
    ContainerFailures = $result.FailedContainersCount
} | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath
if ($result.FailedCount -gt 0 -or $result.FailedContainersCount -gt 0) { exit 1 }
