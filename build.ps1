#requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks LookoutMetrics.

.DESCRIPTION
    Set up once with 'dotnet tool restore', then run with 'dotnet pwsh ./build.ps1 -Task <task>'.

      Build  publishes the cmdlet assembly and lays out out/LookoutMetrics/, the module as users install it
             (psd1, assemblies, format file, MAML help generated from docs/cmdlets/*.md).
      Test   Build, then the xunit tests and the Pester tests (against out/, each file in a fresh
             'pwsh -NoProfile'), then one summary line: 'N passed, N failed[, N skipped]'. Exits 1 on any failure.
      Demo   Build, then the module's main job on the sample artifacts in samples/ (no AWS account needed).
      Bench  Build, then the benchmarks under bench/.
      Package  Build, then out/LookoutMetrics.<version>.nupkg, which Install-PSResource and Save-PSResource
             (PSResourceGet) install from a folder repository.
      Clean  Removes out/ and every bin/ and obj/.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tests to run (file names or wildcards under tests/Pester); all by default.
    [string[]] $PesterFilter = @('*'),

    # Benchmark suites to run (bench/Invoke-Benchmarks.ps1 -Suite); all by default.
    [ValidateSet('Manifest', 'Segmentation', 'Report', 'Memory', 'Api', 'Startup', 'Successor', 'Bucket', 'Captures')]
    [string[]] $BenchSuite = @('Manifest', 'Segmentation', 'Report', 'Memory', 'Api', 'Startup', 'Successor', 'Bucket', 'Captures')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$outRoot = Join-Path $root 'out'
$moduleOut = Join-Path $outRoot 'LookoutMetrics'
$testResults = Join-Path $outRoot 'TestResults'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native {
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

# The PowerShell that runs this script, started afresh with -NoProfile: the local tool runs as 'dotnet pwsh.dll'.
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

function Invoke-Pwsh {
    param([Parameter(Mandatory)][string[]] $ArgumentList)
    $pwsh = @(Get-PwshCommand)
    $exe = $pwsh[0]
    $rest = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $ArgumentList
    & $exe @rest | Out-Host
    return $LASTEXITCODE
}

function Invoke-Build {
    $manifest = Import-PowerShellDataFile (Join-Path $root 'LookoutMetrics.psd1')
    $version = $manifest.ModuleVersion
    $publish = Join-Path $outRoot 'publish'
    Write-Host "Building LookoutMetrics $version ($Configuration)"
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/LookoutMetrics/LookoutMetrics.csproj'),
        '-c', $Configuration, '-o', $publish, "-p:Version=$version", '--nologo', '-v', 'quiet', '-clp:NoSummary')

    $isolation = Join-Path $outRoot 'publish-isolation'
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/LookoutMetrics.Isolation/LookoutMetrics.Isolation.csproj'),
        '-c', $Configuration, '-o', $isolation, "-p:Version=$version", '--nologo', '-v', 'quiet', '-clp:NoSummary')

    # The cmdlet assembly and the load-context helper at the root; the engine and every package it needs under
    # Dependencies/, loaded apart from other modules' copies (see ModuleInitializer).
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $dependencies = Join-Path $moduleOut 'Dependencies'
    $null = New-Item -ItemType Directory -Path $moduleOut, (Join-Path $moduleOut 'en-US'), $dependencies
    $atRoot = 'LookoutMetrics.dll', 'LookoutMetrics.Model.dll'
    Get-ChildItem $publish -Filter *.dll | Where-Object Name -NotIn $atRoot | Copy-Item -Destination $dependencies
    $atRoot | ForEach-Object { Copy-Item (Join-Path $publish $_) $moduleOut }
    Copy-Item (Join-Path $isolation 'LookoutMetrics.Isolation.dll') $moduleOut
    Copy-NativeAssets -Destination (Join-Path $dependencies 'runtimes')
    Copy-ReportAssets -Destination (Join-Path $moduleOut 'report')
    Copy-Item (Join-Path $root 'LookoutMetrics.psd1') $moduleOut
    Set-ReleaseNotes -Manifest (Join-Path $moduleOut 'LookoutMetrics.psd1')
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut
    Copy-Item (Join-Path $root 'src/LookoutMetrics/Module/*') $moduleOut -Recurse
    Copy-Item (Join-Path $root 'docs/about_LookoutMetrics.help.txt') (Join-Path $moduleOut 'en-US')

    # MAML help: the text from docs/cmdlets/*.md, the parameter facts from the built cmdlets themselves.
    $helpFile = Join-Path $moduleOut 'en-US/LookoutMetrics.dll-Help.xml'
    $code = Invoke-Pwsh @('-File', (Join-Path $root 'tools/New-MamlHelp.ps1'),
        '-ModulePath', (Join-Path $moduleOut 'LookoutMetrics.psd1'), '-DocsPath', (Join-Path $root 'docs/cmdlets'), '-OutFile', $helpFile)
    if ($code -ne 0) { throw "Help generation failed (exit code $code): every cmdlet needs docs/cmdlets/<name>.md with every parameter described." }
    Write-Host "Module laid out in $moduleOut"
}

# The laid-out manifest's ReleaseNotes: the latest section of docs/CHANGELOG.md, as a gallery shows it.
function Set-ReleaseNotes {
    param([Parameter(Mandatory)][string] $Manifest)
    $changelog = Get-Content (Join-Path $root 'docs/CHANGELOG.md') -Raw
    $latest = ([regex]::Match($changelog, '(?ms)^## .*?(?=^## |\z)')).Value.Trim()
    $text = Get-Content $Manifest -Raw
    $text = $text -replace "ReleaseNotes = 'See docs/CHANGELOG.md.'", ("ReleaseNotes = '" + $latest.Replace("'", "''") + "'")
    Set-Content -LiteralPath $Manifest -Value $text -Encoding utf8NoBOM -NoNewline
}

# SkiaSharp's native library, as NuGet lays it out (runtimes/<rid>/native), for the platforms PowerShell 7 runs on.
# A netstandard2.0 publish has no runtime identifier, so it copies none: they come from the restored packages.
function Copy-NativeAssets {
    param([Parameter(Mandatory)][string] $Destination)
    [xml] $props = Get-Content (Join-Path $root 'Directory.Packages.props') -Raw
    $skiaVersion = ($props.Project.ItemGroup.PackageVersion | Where-Object Include -EQ 'SkiaSharp').Version
    $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    $wanted = @{
        'skiasharp.nativeassets.linux.nodependencies' = 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64'
        'skiasharp.nativeassets.win32'                = 'win-x64', 'win-arm64', 'win-x86'
        'skiasharp.nativeassets.macos'                = 'osx'
    }
    foreach ($package in $wanted.Keys) {
        foreach ($rid in $wanted[$package]) {
            $from = Join-Path $packages "$package/$skiaVersion/runtimes/$rid/native"
            if (-not (Test-Path $from)) { throw "SkiaSharp's native library for $rid is missing from $from; run a restore." }
            $to = Join-Path $Destination "$rid/native"
            $null = New-Item -ItemType Directory -Force $to
            Get-ChildItem $from -File | Where-Object Extension -NE '.pdb' | Copy-Item -Destination $to
        }
    }
}

# The report's libraries, pinned by report/package-lock.json: 'npm ci' installs them, and their minified files and
# licence texts go into the module, so an installed module needs neither node nor a network.
function Copy-ReportAssets {
    param([Parameter(Mandatory)][string] $Destination)
    $report = Join-Path $root 'report'
    if (-not (Get-Command npm -ErrorAction Ignore)) { throw 'npm is needed to build the report libraries (report/package.json); install Node.js.' }
    $stamp = Join-Path $report 'node_modules/.package-lock.json'
    if (-not (Test-Path $stamp) -or (Get-Item -Force $stamp).LastWriteTimeUtc -lt (Get-Item (Join-Path $report 'package-lock.json')).LastWriteTimeUtc) {
        Push-Location $report
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error') } finally { Pop-Location }
    }
    $null = New-Item -ItemType Directory -Force $Destination
    $modules = Join-Path $report 'node_modules'
    $files = @(
        @{ From = 'uplot/dist/uPlot.iife.min.js' }, @{ From = 'uplot/dist/uPlot.min.css' },
        @{ From = 'tabulator-tables/dist/js/tabulator.min.js' }, @{ From = 'tabulator-tables/dist/css/tabulator.min.css' }
    )
    foreach ($f in $files) { Copy-Item (Join-Path $modules $f.From) $Destination }
    $licences = foreach ($package in 'uplot', 'tabulator-tables') {
        $meta = Get-Content (Join-Path $modules "$package/package.json") -Raw | ConvertFrom-Json
        "$($meta.name) $($meta.version) ($($meta.license))`n$(Get-Content (Join-Path $modules "$package/LICENSE") -Raw)"
    }
    Set-Content -LiteralPath (Join-Path $Destination 'LICENSES.txt') -Value ($licences -join "`n`n") -Encoding utf8NoBOM
}

function Get-TrxCount {
    param([string] $Path)
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int] $c.passed
        Failed  = [int] $c.failed + [int] $c.error + [int] $c.timeout + [int] $c.aborted
        Skipped = [int] $c.notExecuted
    }
}

# The tests' oracles from outside the project (scikit-learn, SciPy, statsmodels, Pillow, NumPy for /usr/bin/python3)
# and the browser the report is tested in (Chromium) come from Debian's packages. CI runs as root on a fresh machine,
# so they are installed here when missing.
function Install-TestPrerequisites {
    $packages = [ordered]@{ 'python3-pil' = 'PIL'; 'python3-numpy' = 'numpy'; 'python3-sklearn' = 'sklearn'; 'python3-scipy' = 'scipy'; 'python3-statsmodels' = 'statsmodels' }
    $missing = @($packages.Keys | Where-Object {
            & /usr/bin/python3 -c "import $($packages[$_])" 2>$null
            $LASTEXITCODE -ne 0
        })
    $debian = @($missing)
    if (-not (Test-Path /usr/bin/chromium)) { $debian += 'chromium' }
    if ($debian.Count -eq 0) { return }
    $missing = $debian
    if (-not (Get-Command apt-get -ErrorAction Ignore)) { throw "The test oracles need Debian's $($missing -join ', '), and there is no apt-get to install them." }
    Write-Host "Installing what the tests need from Debian's packages (oracles, and Chromium for the report): $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $apt = if ((& id -u) -eq '0') { { param($a) & apt-get @a } } else { { param($a) & sudo -E apt-get @a } }
    & $apt @('update', '-qq') *> $null
    & $apt (@('install', '-y', '-qq') + $missing) *> $null
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $($missing -join ' ') failed (exit code $LASTEXITCODE)." }
}

function Invoke-Test {
    Install-TestPrerequisites
    Invoke-Build
    # The package test installs what -Task Package writes.
    New-ModulePackage
    if (Test-Path $testResults) { Remove-Item $testResults -Recurse -Force }
    $null = New-Item -ItemType Directory $testResults

    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $broken = [Collections.Generic.List[string]]::new()

    # Never let the SDK try the instance metadata service (not a loopback address) while testing.
    $env:AWS_EC2_METADATA_DISABLED = 'true'

    Write-Host "`n=== xunit ===" -ForegroundColor Cyan
    $trxFiles = @()
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter *.Tests.csproj) {
        $trxName = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --nologo --logger "trx;LogFileName=$trxName" --results-directory $testResults
        $trx = Join-Path $testResults $trxName
        if (Test-Path $trx) { $trxFiles += $trx }
        elseif ($LASTEXITCODE -ne 0) { $broken.Add("$($project.Name) did not run (exit code $LASTEXITCODE)") }
    }
    foreach ($trx in $trxFiles) {
        $count = Get-TrxCount $trx
        $totals.Passed += $count.Passed; $totals.Failed += $count.Failed; $totals.Skipped += $count.Skipped
    }

    Write-Host "`n=== Pester ===" -ForegroundColor Cyan
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/Pester/PesterTools.csproj'), '--nologo', '-v', 'quiet')
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $pester = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester was not restored to $pester." }
    $pesterJson = Join-Path $testResults 'pester.json'
    # By environment, not argument: PowerShell on Unix would glob a bare '*' handed to a native command.
    $env:LOOKOUTMETRICS_PESTER_FILTER = $PesterFilter -join ','
    $code = Invoke-Pwsh @('-File', (Join-Path $root 'tests/Invoke-PesterTests.ps1'),
        '-PesterPath', $pester, '-ModulePath', (Join-Path $moduleOut 'LookoutMetrics.psd1'),
        '-TestPath', (Join-Path $root 'tests/Pester'), '-SummaryPath', $pesterJson)
    $p = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { $null }
    if ($null -eq $p -or $null -eq $p.Passed -or $null -eq $p.Failed) {
        $broken.Add("Pester did not run to the end (exit code $code)")
    }
    else {
        $totals.Passed += $p.Passed; $totals.Failed += $p.Failed; $totals.Skipped += [int]$p.Skipped
        if ($p.ContainerFailures -gt 0) { $broken.Add("$($p.ContainerFailures) Pester file(s) failed to run") }
        elseif ($code -ne 0 -and $p.Failed -eq 0) { $broken.Add("Pester exited with code $code although no test failed") }
    }

    foreach ($b in $broken) { Write-Host "ERROR: $b" -ForegroundColor Red }
    $summary = "$($totals.Passed) passed, $($totals.Failed + $broken.Count) failed"
    if ($totals.Skipped -gt 0) { $summary += ", $($totals.Skipped) skipped" }
    Write-Host ''
    # The last line: the plain summary CI reads.
    Write-Output $summary
    if ($totals.Failed -gt 0 -or $broken.Count -gt 0 -or ($totals.Passed -eq 0)) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $code = Invoke-Pwsh @('-File', (Join-Path $root 'samples/Demo.ps1'), '-ModulePath', (Join-Path $moduleOut 'LookoutMetrics.psd1'))
    if ($code -ne 0) { exit $code }
}

function Invoke-Bench {
    Invoke-Build
    $code = Invoke-Pwsh @('-File', (Join-Path $root 'bench/Invoke-Benchmarks.ps1'), '-ModulePath', (Join-Path $moduleOut 'LookoutMetrics.psd1'), '-Suite', ($BenchSuite -join ','))
    if ($code -ne 0) { exit $code }
}

function Invoke-Package {
    Invoke-Build
    New-ModulePackage
}

# out/LookoutMetrics.<version>.nupkg from the laid-out module, by PSResourceGet's own Publish-PSResource into a
# folder repository of the build's own.
function New-ModulePackage {
    $version = (Import-PowerShellDataFile (Join-Path $moduleOut 'LookoutMetrics.psd1')).ModuleVersion
    $staging = Join-Path $outRoot 'package-staging'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }
    $null = New-Item -ItemType Directory $staging
    $name = 'LookoutMetrics-build-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $name -Uri $staging -Trusted
    try { Publish-PSResource -Path $moduleOut -Repository $name -SkipDependenciesCheck -ErrorAction Stop }
    finally { Unregister-PSResourceRepository -Name $name }
    $package = Join-Path $outRoot "LookoutMetrics.$version.nupkg"
    Move-Item (Join-Path $staging "LookoutMetrics.$version.nupkg") $package -Force
    Remove-Item $staging -Recurse -Force
    Write-Host "Package written to $package"
}

function Invoke-Clean {
    if (Test-Path $outRoot) { Remove-Item $outRoot -Recurse -Force }
    Get-ChildItem $root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
