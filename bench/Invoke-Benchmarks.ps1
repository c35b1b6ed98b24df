#requires -Version 7.2
<#
.SYNOPSIS
    Times the module against what a user would otherwise run: manifests (Measure-LfvEvaluation) and segmentation
    masks (Measure-LfvSegmentation).

.DESCRIPTION
    Run it with: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench  (or -Sizes 10000 for a quick look).

    For each size it writes a manifest (bench/data/, not committed) from the sample's line shape, then runs each
    case in a fresh 'pwsh -NoProfile', in the same run:

      measure     Measure-LfvEvaluation -Path <file>                      (the module's streaming engine, with
                                                                           its six confidence intervals)
      nointerval  Measure-LfvEvaluation -Path <file> -NoInterval          (the same without intervals)
      pipeline    Get-LfvEvaluationManifest <file> | Measure-LfvEvaluation (records through the pipeline)
      reader      Get-LfvEvaluationManifest <file> | Out-Null             (the reader alone, writing records)
      baseline    Get-Content <file> | ConvertFrom-Json | Out-Null        (what a user would otherwise start with;
                                                                           it does not even count anything yet)

    Every case streams into Out-Null: '$null = <pipeline>' would first collect all the output, which measures the
    assignment, not the command.

    The command's own time is taken inside the child (Stopwatch), so PowerShell's start-up is not counted; peak
    memory (max RSS) comes from /usr/bin/time when it is there. Results go to the console and bench/results.md.

    The Segmentation suite writes 1,000 test images with 1024x1024 ground-truth and predicted masks of two labels
    (2,000 PNG files, bench/data/seg/, by make_masks.py with Debian's python3-pil and python3-numpy) and times, each
    in a fresh process, in the same run:

      segmentation     Measure-LfvSegmentation -Path <manifest> | Out-Null     (default -ThrottleLimit: every core)
      sequential       the same with -ThrottleLimit 1
      decode-only      bench/MaskDecodeBaseline: the same files decoded with the same decoder (SkiaSharp) on every
                       core, and nothing else (no manifest, no counting), a fresh pixel buffer per mask
      decode-only, pooled   the same, reusing pixel buffers as the module does: the floor a user could reach by hand
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/LookoutMetrics/LookoutMetrics.psd1'),
    # Manifest, Segmentation, Report, or several (also as one comma-separated word, as build.ps1 passes it).
    [string[]] $Suite = @('Manifest', 'Segmentation', 'Report', 'Memory', 'Api', 'Startup', 'Successor', 'Bucket', 'Captures'),
    [int[]] $Sizes = @(10000, 100000, 1000000),
    # Test images of the Segmentation suite (two masks each).
    [int] $MaskImages = 1000,
    # Fresh processes per case; the median is reported. The baseline of the largest size runs once (it alone takes minutes).
    [int] $Repeat = 3,
    [string] $OutFile = (Join-Path $PSScriptRoot 'results.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Suite = @($Suite -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Suite) { if ($name -notin 'Manifest', 'Segmentation', 'Report', 'Memory', 'Api', 'Startup', 'Successor', 'Bucket', 'Captures') { throw "Unknown suite '$name': give Manifest, Segmentation, Report, Memory, Api, Startup, Successor, Bucket or Captures." } }
$ModulePath = (Resolve-Path $ModulePath).Path
$data = Join-Path $PSScriptRoot 'data'
$null = New-Item -ItemType Directory -Force $data
$inv = [Globalization.CultureInfo]::InvariantCulture

function New-BenchManifest([int] $Lines, [string] $Path) {
    if ((Test-Path $Path) -and @(Get-Content $Path -TotalCount 1).Count -and ((Get-Item $Path).Length -gt 0)) {
        $count = 0; $reader = [IO.File]::OpenText($Path); while ($null -ne $reader.ReadLine()) { $count++ }; $reader.Dispose()
        if ($count -eq $Lines) { return }
    }
    # The sample line with its varying parts as placeholders.
    $template = '{"source-ref":"s3://lookoutmetrics-bench/test-images/board_#I#.jpg","source-ref-metadata":{"creation-date":"2021-05-03T18:23:10.000Z"},' +
        '"anomaly-label":#A#,"anomaly-label-metadata":{"class-name":"#AN#","type":"groundtruth/image-classification","human-annotated":"yes","creation-date":"2021-05-03T18:29:50.000Z","job-name":"labeling-job/anomaly-detection"},' +
        '"anomaly-label-detected":#P#,"anomaly-label-detected-metadata":{"class-name":"#PN#","confidence":#C#,"type":"groundtruth/image-classification","human-annotated":"no",' +
        '"creation-date":"2021-05-04T18:23:10.000Z","job-name":"training-job/anomaly-detection","model-arn":"arn:aws:lookoutvision:us-east-1:123456789012:model/bench/1","project-name":"bench","model-version":"1"}}'
    $rng = [Random]::new(42)
    $writer = [IO.StreamWriter]::new($Path, $false, [Text.UTF8Encoding]::new($false), 1MB)
    try {
        for ($i = 0; $i -lt $Lines; $i++) {
            $actual = [int]($rng.NextDouble() -lt 0.3)
            $score = [Math]::Min(0.999, [Math]::Max(0.001, $rng.NextDouble() * 0.7 + 0.25 * $actual))
            $predicted = [int]($score -ge 0.5)
            $confidence = if ($predicted) { $score } else { 1 - $score }
            $writer.WriteLine($template.Replace('#I#', $i.ToString($inv)).Replace('#AN#', $(if ($actual) { 'anomaly' } else { 'normal' })).Replace('#A#', "$actual").
                Replace('#PN#', $(if ($predicted) { 'anomaly' } else { 'normal' })).Replace('#P#', "$predicted").Replace('#C#', $confidence.ToString('0.####', $inv)))
        }
    }
    finally { $writer.Dispose() }
}

$cases = [ordered]@{
    measure  = 'Measure-LfvEvaluation -Path $f | Out-Null'
    nointerval = 'Measure-LfvEvaluation -Path $f -NoInterval | Out-Null'
    pipeline = 'Get-LfvEvaluationManifest -Path $f | Measure-LfvEvaluation | Out-Null'
    reader   = 'Get-LfvEvaluationManifest -Path $f | Out-Null'
    baseline = 'Get-Content -LiteralPath $f | ConvertFrom-Json | Out-Null'
}

$exe = [Environment]::ProcessPath
[string[]] $pre = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
$timeTool = if (Test-Path /usr/bin/time) { '/usr/bin/time' } else { $null }

# The median (the lower one of an even count): of numbers, or of case results by their Seconds.
function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[int][Math]::Floor(($Values.Count - 1) / 2)] }
function Select-Median([object[]] $Samples) { ($Samples | Sort-Object Seconds)[[int][Math]::Floor(($Samples.Count - 1) / 2)] }

function Invoke-Case([string] $Command, [string] $File, [int] $Runs = 1, [string] $Setup = '') {
    # The command runs $Runs times in the same fresh process: the first run is the cold one (every method of PowerShell
    # and of the module compiled for the first time), the later ones are warm.
    $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$ModulePath'
`$f = '$File'
$Setup
for (`$run = 0; `$run -lt $Runs; `$run++) {
`$w = [Diagnostics.Stopwatch]::StartNew()
$Command
`$w.Stop()
'SECONDS=' + `$w.Elapsed.TotalSeconds.ToString([Globalization.CultureInfo]::InvariantCulture)
}
"@
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $rssFile = [IO.Path]::GetTempFileName()
    if ($timeTool) { $out = & $timeTool -f '%M' -o $rssFile $exe @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 }
    else { $out = & $exe @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 }
    if ($LASTEXITCODE -ne 0) { throw "The case failed: $Command`n$out" }
    [double[]] $all = @($out | Where-Object { "$_" -like 'SECONDS=*' } | ForEach-Object { [double]("$_" -replace 'SECONDS=', '') })
    $rssMb = if ($timeTool) { [double](Get-Content $rssFile | Select-Object -Last 1) / 1024 } else { [double]::NaN }
    Remove-Item $rssFile
    $warm = if ($all.Count -gt 1) { Get-Median $all[1..($all.Count - 1)] } else { [double]::NaN }
    [pscustomobject]@{ Seconds = $all[0]; Warm = $warm; PeakMB = $rssMb }
}

function Invoke-ManifestSuite {
    $rows = foreach ($size in $Sizes) {
        $file = Join-Path $data "EvaluationManifest-bench-$size.json"
        Write-Host "Generating $size lines..." -ForegroundColor DarkGray
        New-BenchManifest $size $file
        $mb = (Get-Item $file).Length / 1MB
        $results = [ordered]@{}
        foreach ($name in $cases.Keys) {
            # Each case in $Repeat fresh processes (the baseline of the largest size once: it alone takes minutes); the
            # median first run is the figure. measure and reader also run four times in each process, for a warm figure.
            $runs = if ($size -ge 1000000 -and $name -eq 'baseline') { 1 } else { $Repeat }
            $inProcess = if ($name -in 'measure', 'reader') { 4 } else { 1 }
            $samples = @(1..$runs | ForEach-Object { Invoke-Case $cases[$name] $file -Runs $inProcess })
            $median = Select-Median $samples
            $warm = Get-Median $samples.Warm
            $results[$name] = [pscustomobject]@{ Seconds = $median.Seconds; Warm = $warm; PeakMB = $median.PeakMB }
            Write-Host ("{0,9:N0} lines  {1,-9} {2,8:N2} s  {3,7:N0} MB peak{4}" -f $size, $name, $median.Seconds, $median.PeakMB, $(if ($inProcess -gt 1) { ", warm {0:N2} s" -f $warm } else { '' }))
        }
        foreach ($name in $cases.Keys) {
            [pscustomobject]@{
                Lines          = $size
                FileMB         = [Math]::Round($mb, 1)
                Case           = $name
                Seconds        = [Math]::Round($results[$name].Seconds, 3)
                PeakMB         = [Math]::Round($results[$name].PeakMB, 0)
                LinesPerSecond = [Math]::Round($size / $results[$name].Seconds, 0)
                VsMeasure      = [Math]::Round($results[$name].Seconds / $results['measure'].Seconds, 1)
                Warm           = [Math]::Round($results[$name].Warm, 3)
            }
        }
    }

    # Full-precision confidences: every score distinct, so the bootstrap has as many bins as images (the 100,000-line
    # file with each confidence replaced by a seeded random number of 17 significant digits).
    $distinct = Join-Path $data 'EvaluationManifest-bench-distinct-100000.json'
    if (-not (Test-Path $distinct)) {
        $source = Join-Path $data 'EvaluationManifest-bench-100000.json'
        New-BenchManifest 100000 $source
        $rng = [Random]::new(5)
        $pattern = [regex]'"confidence":[0-9.]+'
        $writer = [IO.StreamWriter]::new($distinct, $false, [Text.UTF8Encoding]::new($false))
        try {
            foreach ($line in [IO.File]::ReadLines($source)) {
                $writer.WriteLine($pattern.Replace($line, { '"confidence":' + (0.5 + $rng.NextDouble() / 2).ToString('R', $inv) }, 1))
            }
        }
        finally { $writer.Dispose() }
    }
    $distinctResults = [ordered]@{}
    foreach ($name in 'measure', 'nointerval') {
        $samples = @(1..$Repeat | ForEach-Object { Invoke-Case $cases[$name] $distinct })
        $distinctResults[$name] = Select-Median $samples
        Write-Host ("  100,000 lines, distinct scores  {0,-10} {1,8:N2} s" -f $name, $distinctResults[$name].Seconds)
    }

    $rows | Format-Table -AutoSize | Out-Host
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## Manifests: Measure-LfvEvaluation').AppendLine()
    $null = $md.AppendLine('Seconds are the command alone (inside a fresh pwsh); PeakMB is the whole process''s max RSS; VsMeasure is how many times slower than `Measure-LfvEvaluation -Path`.').AppendLine()
    $null = $md.AppendLine('| lines | file MB | case | seconds | peak MB | lines/s | vs measure |').AppendLine('|---:|---:|---|---:|---:|---:|---:|')
    foreach ($r in $rows) { $null = $md.AppendLine("| $($r.Lines) | $($r.FileMB) | $($r.Case) | $($r.Seconds) | $($r.PeakMB) | $($r.LinesPerSecond) | $($r.VsMeasure) |") }
    $null = $md.AppendLine()
    foreach ($size in $Sizes) {
        $m = $rows | Where-Object { $_.Lines -eq $size -and $_.Case -eq 'measure' }
        $n = $rows | Where-Object { $_.Lines -eq $size -and $_.Case -eq 'nointerval' }
        $r = $rows | Where-Object { $_.Lines -eq $size -and $_.Case -eq 'reader' }
        $null = $md.AppendLine(("{0:N0} lines: the intervals make Measure-LfvEvaluation {1:N2}x the time of -NoInterval; Measure-LfvEvaluation takes {2:N2}x the reader alone on a first run ({3:N3} s against {4:N3} s), {5:N2}x warm ({6:N3} s against {7:N3} s, the median of three more runs in the same process)." -f $size, ($m.Seconds / $n.Seconds), ($m.Seconds / $r.Seconds), $m.Seconds, $r.Seconds, ($m.Warm / $r.Warm), $m.Warm, $r.Warm))
        $null = $md.AppendLine()
    }
    $null = $md.AppendLine(("100,000 lines with full-precision confidences (every score distinct): Measure-LfvEvaluation {0:N3} s, -NoInterval {1:N3} s; the intervals add {2:N3} s." -f $distinctResults['measure'].Seconds, $distinctResults['nointerval'].Seconds, ($distinctResults['measure'].Seconds - $distinctResults['nointerval'].Seconds)))
    $md.ToString()
}

function Invoke-Baseline([string[]] $Options) {
    $rssFile = [IO.Path]::GetTempFileName()
    $dll = Join-Path $data 'MaskDecodeBaseline/MaskDecodeBaseline.dll'
    $masks = Join-Path $data 'seg/masks'
    $out = if ($timeTool) { & $timeTool -f '%M' -o $rssFile dotnet $dll $masks @Options } else { & dotnet $dll $masks @Options }
    if ($LASTEXITCODE -ne 0) { throw "MaskDecodeBaseline failed: $out" }
    $seconds = [double](($out | Where-Object { "$_" -like 'SECONDS=*' } | Select-Object -Last 1) -replace 'SECONDS=', '')
    $rss = if ($timeTool) { [double](Get-Content $rssFile | Select-Object -Last 1) / 1024 } else { [double]::NaN }
    Remove-Item $rssFile
    [pscustomobject]@{ Seconds = $seconds; PeakMB = $rss }
}

function Invoke-SegmentationSuite {
    $folder = Join-Path $data 'seg'
    Write-Host "Writing $MaskImages test images with two 1024x1024 masks each (once)..." -ForegroundColor DarkGray
    & /usr/bin/python3 (Join-Path $PSScriptRoot 'make_masks.py') $folder $MaskImages
    if ($LASTEXITCODE -ne 0) { throw 'make_masks.py failed: it needs python3-pil and python3-numpy (build.ps1 -Task Test installs them).' }
    $manifest = Join-Path $folder 'EvaluationManifest-bench-1.json'
    $baselineProject = Join-Path $PSScriptRoot 'MaskDecodeBaseline/MaskDecodeBaseline.csproj'
    $baselineOut = Join-Path $data 'MaskDecodeBaseline'
    & dotnet build $baselineProject -c Release -o $baselineOut --nologo -v quiet | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'MaskDecodeBaseline did not build.' }

    $results = [ordered]@{}
    $cases = [ordered]@{
        segmentation = { Invoke-Case 'Measure-LfvSegmentation -Path $f | Out-Null' $manifest }
        sequential   = { Invoke-Case 'Measure-LfvSegmentation -Path $f -ThrottleLimit 1 | Out-Null' $manifest }
        'decode-only' = { Invoke-Baseline @() }
        'decode-only, pooled' = { Invoke-Baseline @('pooled') }
    }
    foreach ($name in $cases.Keys) {
        $samples = 1..$Repeat | ForEach-Object { & $cases[$name] }
        $results[$name] = Select-Median $samples
        Write-Host ("{0,-13} {1,8:N2} s  {2,7:N0} MB peak" -f $name, $results[$name].Seconds, $results[$name].PeakMB)
    }
    $s = $results['segmentation'].Seconds
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## Segmentation masks: Measure-LfvSegmentation').AppendLine()
    $null = $md.AppendLine("$MaskImages test images, each with a 1024x1024 ground-truth and predicted RGB PNG of two labels ($(2 * $MaskImages) masks); median of $Repeat runs, each in a fresh process.").AppendLine()
    $null = $md.AppendLine('| case | seconds | peak MB | masks/s | vs segmentation |').AppendLine('|---|---:|---:|---:|---:|')
    foreach ($name in $results.Keys) {
        $r = $results[$name]
        $null = $md.AppendLine("| $name | $([Math]::Round($r.Seconds, 3)) | $([Math]::Round($r.PeakMB, 0)) | $([Math]::Round(2 * $MaskImages / $r.Seconds, 0)) | $([Math]::Round($r.Seconds / $s, 2)) |")
    }
    $null = $md.AppendLine().AppendLine(("Measure-LfvSegmentation takes {0:N2}x the time of decoding alone with pooled buffers ({1:N2}x with a fresh buffer per mask), and is {2:N2}x faster than with -ThrottleLimit 1." -f ($s / $results['decode-only, pooled'].Seconds), ($s / $results['decode-only'].Seconds), ($results['sequential'].Seconds / $s)))
    $md.ToString()
}

function Invoke-ReportSuite {
    $file = Join-Path $data 'EvaluationManifest-bench-10000.json'
    New-BenchManifest 10000 $file
    $out = Join-Path $data 'report-10000.html'
    $results = [ordered]@{}
    $reportCases = [ordered]@{
        measure = 'Measure-LfvEvaluation -Path $f | Out-Null'
        report  = "Export-LfvReport -Path '$out' -ManifestPath `$f -Force"
    }
    foreach ($name in $reportCases.Keys) {
        $samples = 1..$Repeat | ForEach-Object { Invoke-Case $reportCases[$name] $file }
        $results[$name] = Select-Median $samples
        Write-Host ("{0,-8} {1,8:N2} s  {2,7:N0} MB peak" -f $name, $results[$name].Seconds, $results[$name].PeakMB)
    }
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## Report: Export-LfvReport').AppendLine()
    $null = $md.AppendLine("10,000 test images; median of $Repeat runs, each in a fresh process.").AppendLine()
    $null = $md.AppendLine('| case | seconds | peak MB |').AppendLine('|---|---:|---:|')
    foreach ($name in $results.Keys) { $null = $md.AppendLine("| $name | $([Math]::Round($results[$name].Seconds, 3)) | $([Math]::Round($results[$name].PeakMB, 0)) |") }
    $null = $md.AppendLine().AppendLine(("Writing the report takes {0:N2}x the time of Measure-LfvEvaluation on the same manifest; the file is {1:N1} MB." -f ($results['report'].Seconds / $results['measure'].Seconds), ((Get-Item $out).Length / 1MB)))
    $md.ToString()
}

function Invoke-MemorySuite {
    # A 2 GB manifest: the 10^6-line bench manifest three times over; a 10 MB one: its first lines.
    $million = Join-Path $data 'EvaluationManifest-bench-1000000.json'
    New-BenchManifest 1000000 $million
    $big = Join-Path $data 'EvaluationManifest-bench-2gb.json'
    if (-not (Test-Path $big) -or (Get-Item $big).Length -lt 2GB) {
        Write-Host 'Writing a 2 GB manifest (once)...' -ForegroundColor DarkGray
        $out = [IO.File]::Create($big)
        try { foreach ($i in 1..3) { $in = [IO.File]::OpenRead($million); try { $in.CopyTo($out, 1MB) } finally { $in.Dispose() } } } finally { $out.Dispose() }
    }
    $small = Join-Path $data 'EvaluationManifest-bench-10mb.json'
    if (-not (Test-Path $small)) {
        $reader = [IO.File]::OpenText($million); $writer = [IO.StreamWriter]::new($small)
        try { while ($writer.BaseStream.Length -lt 10MB) { $writer.WriteLine($reader.ReadLine()) } } finally { $reader.Dispose(); $writer.Dispose() }
    }
    $results = [ordered]@{}
    foreach ($file in $small, $big) {
        $r = Invoke-Case 'Get-LfvEvaluationManifest -Path $f | Out-Null' $file
        $results[$file] = $r
        Write-Host ("{0,8:N0} MB manifest: {1,7:N2} s, {2,6:N0} MB peak" -f ((Get-Item $file).Length / 1MB), $r.Seconds, $r.PeakMB)
    }
    $s = $results[$small]; $b = $results[$big]
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## Memory: streaming a 2 GB manifest').AppendLine()
    $null = $md.AppendLine('`Get-LfvEvaluationManifest -Path <file> | Out-Null` in a fresh process; peak is the process''s max RSS from /usr/bin/time.').AppendLine()
    $null = $md.AppendLine('| manifest | MB | seconds | peak MB |').AppendLine('|---|---:|---:|---:|')
    $null = $md.AppendLine("| 10 MB | $([Math]::Round((Get-Item $small).Length / 1MB)) | $([Math]::Round($s.Seconds, 2)) | $([Math]::Round($s.PeakMB)) |")
    $null = $md.AppendLine("| 2 GB | $([Math]::Round((Get-Item $big).Length / 1MB)) | $([Math]::Round($b.Seconds, 2)) | $([Math]::Round($b.PeakMB)) |")
    $null = $md.AppendLine().AppendLine(("The 2 GB manifest needs {0:N0} MB more at its peak than the 10 MB one." -f ($b.PeakMB - $s.PeakMB)))
    $md.ToString()
}

function Invoke-ApiSuite {
    # 20 projects of 25 models each, served by the project's Lookout for Vision peer with 100 ms on every call.
    $env:LOOKOUTMETRICS_REPO = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    Import-Module (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/Pester/TestSupport.psm1') -Force
    $state = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/peers/lfv-state.json') -Raw | ConvertFrom-Json
    $template = $state.projects[0].models[0]
    $state.pageSize = 100
    $state.projects = @(foreach ($p in 1..20) {
            $name = 'api-{0:00}' -f $p
            [pscustomobject]@{
                ProjectName = $name; ProjectArn = "arn:aws:lookoutvision:us-east-1:123456789012:project/$name"; CreationTimestamp = 1620152590.0; Datasets = @()
                models = @(foreach ($v in 1..25) {
                        $m = $template | ConvertTo-Json -Depth 10 | ConvertFrom-Json
                        $m.ModelVersion = "$v"; $m.ModelArn = "arn:aws:lookoutvision:us-east-1:123456789012:model/$name/$v"
                        $m
                    })
            }
        })
    $stateFile = Join-Path $data 'api-state.json'
    $state | ConvertTo-Json -Depth 20 | Set-Content $stateFile
    $peer = Start-LfvPeer -State $stateFile
    try {
        Add-LfvFault $peer.Endpoint @{ latencyMs = 100; count = 1000000 }
        $projects = ($state.projects.ProjectName | ForEach-Object { "'$_'" }) -join ','
        $aws = "-EndpointUrl '$($peer.Endpoint)' -Region us-east-1 -AccessKey '$PeerKey' -SecretKey '$PeerSecret'"
        $apiCases = [ordered]@{
            sequential = "Get-LfvModelPerformance -ProjectName $projects -ModelVersion (1..25) -ThrottleLimit 1 $aws | Out-Null"
            describe   = "Get-LfvModelPerformance -ProjectName $projects -ModelVersion (1..25) $aws | Out-Null"
            chain      = "Find-LfvProject $aws | Get-LfvModelVersion $aws | Get-LfvModelPerformance $aws | Out-Null"
        }
        $results = [ordered]@{}
        foreach ($name in $apiCases.Keys) {
            $results[$name] = Invoke-Case $apiCases[$name] ''
            Write-Host ("{0,-10} {1,8:N2} s" -f $name, $results[$name].Seconds)
        }
    }
    finally { Stop-Peer $peer }
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## The API: Get-LfvModelPerformance').AppendLine()
    $null = $md.AppendLine('20 projects x 25 models (500 DescribeModel calls) from the project''s peer with 100 ms added to every call; one run each, in a fresh process.').AppendLine()
    $null = $md.AppendLine('| case | seconds |').AppendLine('|---|---:|')
    foreach ($name in $results.Keys) { $null = $md.AppendLine("| $name | $([Math]::Round($results[$name].Seconds, 2)) |") }
    $null = $md.AppendLine().AppendLine(("The default -ThrottleLimit is {0:N1}x faster than -ThrottleLimit 1; the whole Find-LfvProject | Get-LfvModelVersion | Get-LfvModelPerformance chain takes {1:N2}x the DescribeModel calls alone." -f ($results['sequential'].Seconds / $results['describe'].Seconds), ($results['chain'].Seconds / $results['describe'].Seconds)))
    $md.ToString()
}

function Invoke-StartupSuite {
    # (a) records through the pipeline, as issue 11 measures them: 200,000 lines into Measure-Object.
    $million = Join-Path $data 'EvaluationManifest-bench-1000000.json'
    New-BenchManifest 1000000 $million
    $file = Join-Path $data 'EvaluationManifest-bench-200000.json'
    if (-not (Test-Path $file)) {
        $reader = [IO.File]::OpenText($million); $writer = [IO.StreamWriter]::new($file)
        try { for ($i = 0; $i -lt 200000; $i++) { $writer.WriteLine($reader.ReadLine()) } } finally { $reader.Dispose(); $writer.Dispose() }
    }
    # Each in three fresh processes, run six times in each: the median first run is the cold figure, the median of the
    # other runs the warm one (first runs vary by up to a third between processes on this machine).
    function Invoke-ColdWarm([string] $Command, [string] $Setup = '') {
        $samples = @(1..3 | ForEach-Object { Invoke-Case $Command $file -Runs 6 -Setup $Setup })
        [pscustomobject]@{ Seconds = Get-Median $samples.Seconds; Warm = Get-Median $samples.Warm }
    }
    $reader = Invoke-ColdWarm 'Get-LfvEvaluationManifest -Path $f | Measure-Object | Out-Null'
    $baseline = Invoke-ColdWarm 'Get-Content -LiteralPath $f | ConvertFrom-Json | Measure-Object | Out-Null'
    # The floor: PowerShell's own pipeline, 200,000 ready-made objects from a compiled cmdlet into Measure-Object (the
    # cmdlet is compiled by Add-Type before the clock starts). No reader can be faster than this.
    $floorSetup = @'
Add-Type -TypeDefinition @"
using System.Management.Automation;
public sealed class BenchRecord { public string SourceRef { get; set; } public double Confidence { get; set; } }
[Cmdlet("Write", "BenchRecord")]
public sealed class WriteBenchRecordCommand : PSCmdlet
{
    [Parameter] public int Count { get; set; }
    protected override void ProcessRecord() { for (int i = 0; i < Count; i++) WriteObject(new BenchRecord { SourceRef = "s3://b/" + i, Confidence = i * 1e-6 }); }
}
"@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module -Assembly $_.Assembly }
'@
    $floor = Invoke-ColdWarm 'Write-BenchRecord -Count 200000 | Measure-Object | Out-Null' $floorSetup
    Write-Host ("floor    cold {0:N3} s, warm {1:N3} s" -f $floor.Seconds, $floor.Warm)
    Write-Host ("reader   cold {0:N3} s, warm {1:N3} s" -f $reader.Seconds, $reader.Warm)
    Write-Host ("baseline cold {0:N3} s, warm {1:N3} s" -f $baseline.Seconds, $baseline.Warm)
    # (d) what Import-Module adds to a bare pwsh: whole processes, median of five, by /usr/bin/time.
    function Measure-Process([string[]] $Arguments) {
        $times = foreach ($i in 1..5) {
            $w = [Diagnostics.Stopwatch]::StartNew()
            & $exe @pre -NoProfile -NonInteractive @Arguments | Out-Null
            $w.Elapsed.TotalSeconds
        }
        Get-Median $times
    }
    $bare = Measure-Process @('-c', 'exit')
    $imported = Measure-Process @('-c', "Import-Module '$ModulePath'; exit")
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## Records through the pipeline, and start-up').AppendLine()
    $null = $md.AppendLine('200,000 lines; each command in three fresh processes, run six times in each: "first run" is the median first run').AppendLine(
        '(cold: every method of PowerShell and of the module compiled for the first time), "warm" the median of the others.').AppendLine()
    $null = $md.AppendLine('| case | first run, seconds | warm, seconds |').AppendLine('|---|---:|---:|')
    $null = $md.AppendLine("| Get-LfvEvaluationManifest -Path pipe Measure-Object | $([Math]::Round($reader.Seconds, 3)) | $([Math]::Round($reader.Warm, 3)) |")
    $null = $md.AppendLine("| Get-Content pipe ConvertFrom-Json pipe Measure-Object (same file) | $([Math]::Round($baseline.Seconds, 3)) | $([Math]::Round($baseline.Warm, 3)) |")
    $null = $md.AppendLine("| floor: a compiled cmdlet writing 200,000 ready-made objects pipe Measure-Object | $([Math]::Round($floor.Seconds, 3)) | $([Math]::Round($floor.Warm, 3)) |")
    $null = $md.AppendLine().AppendLine('| start-up | seconds |').AppendLine('|---|---:|')
    $null = $md.AppendLine("| pwsh -NoProfile -c exit (whole process, median of 5) | $([Math]::Round($bare, 3)) |")
    $null = $md.AppendLine("| pwsh -NoProfile -c 'Import-Module LookoutMetrics; exit' | $([Math]::Round($imported, 3)) |")
    $null = $md.AppendLine().AppendLine(("The reader is {0:N1}x faster than Get-Content and ConvertFrom-Json warm, {1:N1}x on the first run; on a first run PowerShell's own pipeline (the floor) allows at most {2:N1}x. Import-Module adds {3:N3} s, {4:P1} of a bare start." -f ($baseline.Warm / $reader.Warm), ($baseline.Seconds / $reader.Seconds), ($baseline.Seconds / $floor.Seconds), ($imported - $bare), (($imported - $bare) / $bare)))
    $md.ToString()
}

# A successor's batch transform output: one DetectAnomalies '.out' per test image below anomaly/ and normal/, and the
# retired model's manifest of the same images.
function New-SuccessorBench([int] $Images, [string] $Folder) {
    $manifest = Join-Path $Folder "EvaluationManifest-bench-$Images.json"
    $out = Join-Path $Folder 'out'
    if ((Test-Path $manifest) -and @(Get-ChildItem $out -Recurse -File).Count -eq $Images) { return [pscustomobject]@{ Manifest = $manifest; Out = $out } }
    if (Test-Path $Folder) { Remove-Item $Folder -Recurse -Force }
    $null = New-Item -ItemType Directory -Force (Join-Path $out 'anomaly'), (Join-Path $out 'normal')
    $rng = [Random]::new(7)
    $lines = [Collections.Generic.List[string]]::new()
    $utf8 = [Text.UTF8Encoding]::new($false)
    for ($i = 0; $i -lt $Images; $i++) {
        $actual = [int]($rng.NextDouble() -lt 0.3)
        $folder = if ($actual) { 'anomaly' } else { 'normal' }
        $name = 'board_{0:d6}.jpg' -f $i
        $old = [Math]::Round([Math]::Min(0.99, [Math]::Max(0.01, $rng.NextDouble() * 0.7 + 0.25 * $actual)), 2)
        $lines.Add(('{{"source-ref":"s3://lookoutmetrics-bench/test-images/{0}/{1}","anomaly-label":{2},"anomaly-label-metadata":{{"class-name":"{3}"}},"anomaly-label-detected":{4},"anomaly-label-detected-metadata":{{"class-name":"{5}","confidence":{6},"project-name":"bench","model-version":"1"}}}}' -f
            $folder, $name, $actual, $folder, [int]($old -ge 0.5), $(if ($old -ge 0.5) { 'anomaly' } else { 'normal' }), $(if ($old -ge 0.5) { $old } else { [Math]::Round(1 - $old, 2) }).ToString($inv)))
        $p = [Math]::Min(0.999999, [Math]::Max(0.000001, $rng.NextDouble() * 0.6 + 0.35 * $actual))
        $conf = if ($p -ge 0.5) { $p } else { 1 - $p }
        [IO.File]::WriteAllText((Join-Path $out "$folder/$name.out"), ('{{"Source": {{"Type": "direct"}}, "IsAnomalous": {0}, "Confidence": {1}}}' -f "$($p -ge 0.5)".ToLowerInvariant(), $conf.ToString('R', $inv)), $utf8)
    }
    [IO.File]::WriteAllLines($manifest, $lines, $utf8)
    [pscustomobject]@{ Manifest = $manifest; Out = $out }
}

function Invoke-SuccessorSuite {
    $env:LOOKOUTMETRICS_REPO = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    Import-Module (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/Pester/TestSupport.psm1') -Force
    $big = New-SuccessorBench 10000 (Join-Path $data 'successor-10000')
    $small = New-SuccessorBench 2500 (Join-Path $data 'successor-2500')
    # What a user would write without the module: every file through Get-Content and ConvertFrom-Json, joined to the
    # manifest by file name with a hashtable.
    $baseline = @'
$truth = @{}
Get-Content -LiteralPath $f | ConvertFrom-Json | ForEach-Object { $truth[$_.'source-ref'.Split('/')[-1]] = $_ }
Get-ChildItem -LiteralPath $d -Recurse -Filter *.out | ForEach-Object {
    $p = Get-Content -Raw -LiteralPath $_.FullName | ConvertFrom-Json
    $gt = $truth[$_.Name.Substring(0, $_.Name.Length - 4)]
    [pscustomobject]@{ SourceRef = $gt.'source-ref'; Actual = $gt.'anomaly-label'; IsAnomalous = $p.IsAnomalous; Confidence = $p.Confidence }
} | Out-Null
'@
    $import = 'Import-LfvPrediction -LiteralPath $d -GroundTruth $f | Out-Null'
    $local = [ordered]@{}
    foreach ($case in @(@{ Name = 'baseline'; Command = $baseline; Set = $big }, @{ Name = 'import'; Command = $import; Set = $big }, @{ Name = 'import-2500'; Command = $import; Set = $small })) {
        $local[$case.Name] = Select-Median @(1..$Repeat | ForEach-Object { Invoke-Case $case.Command $case.Set.Manifest -Runs 2 -Setup "`$d = '$($case.Set.Out)'" })
        Write-Host ("{0,-12} {1,8:N2} s cold {2,8:N2} s warm {3,8:N0} MB" -f $case.Name, $local[$case.Name].Seconds, $local[$case.Name].Warm, $local[$case.Name].PeakMB)
    }

    # The same 10,000 objects from moto_server, behind the fault proxy adding 20 ms to every request.
    $s3 = Start-MotoS3
    $proxy = $null
    try {
        Send-S3Folder -Endpoint $s3.Endpoint -Folder $big.Out -Prefix 'batch-output/' -Bucket 'lookoutmetrics-bench'
        $proxy = Start-S3FaultProxy -Upstream $s3.Endpoint
        Add-S3Fault $proxy.Endpoint @(@{ kind = 'slow'; seconds = 0.02; count = 100000000 })
        $aws = "-S3EndpointUrl '$($proxy.Endpoint)' -Region us-east-1 -AccessKey '$PeerKey' -SecretKey '$PeerSecret'"
        $remote = [ordered]@{}
        foreach ($case in @(@{ Name = 'sequential'; Throttle = '-ThrottleLimit 1' }, @{ Name = 'default'; Throttle = '' })) {
            $remote[$case.Name] = Invoke-Case "Import-LfvPrediction -Uri 's3://lookoutmetrics-bench/batch-output/' -GroundTruth `$f $($case.Throttle) $aws | Out-Null" $big.Manifest
            Write-Host ("{0,-12} {1,8:N2} s" -f $case.Name, $remote[$case.Name].Seconds)
        }
    }
    finally { Stop-Peer $proxy; Stop-Peer $s3 }

    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## A successor''s predictions: Import-LfvPrediction').AppendLine()
    $null = $md.AppendLine('10,000 DetectAnomalies `.out` files (below anomaly/ and normal/) paired with a 10,000-line manifest; median of ' + $Repeat + ' fresh processes, each timing a cold and a warm run.').AppendLine()
    $null = $md.AppendLine('| case | cold s | warm s | peak MB |').AppendLine('|---|---:|---:|---:|')
    foreach ($name in $local.Keys) { $r = $local[$name]; $null = $md.AppendLine("| $name | $([Math]::Round($r.Seconds, 2)) | $([Math]::Round($r.Warm, 2)) | $([Math]::Round($r.PeakMB)) |") }
    $perImage = ($local['import'].PeakMB - $local['import-2500'].PeakMB) / 7500 * 1024
    $null = $md.AppendLine().AppendLine(("Import-LfvPrediction is {0:N1}x faster than Get-ChildItem, Get-Content and ConvertFrom-Json joined by hand (cold), {1:N1}x warm. From 2,500 to 10,000 predictions the peak grows by {2:N1} KB a prediction: the paired records it holds until the pairing is done, and the predictions beside them." -f ($local['baseline'].Seconds / $local['import'].Seconds), ($local['baseline'].Warm / $local['import'].Warm), $perImage)).AppendLine()
    $null = $md.AppendLine('The same 10,000 objects from moto_server behind the fault proxy, 20 ms added to every request; one run each, in a fresh process:').AppendLine()
    $null = $md.AppendLine('| case | seconds |').AppendLine('|---|---:|')
    foreach ($name in $remote.Keys) { $null = $md.AppendLine("| $name | $([Math]::Round($remote[$name].Seconds, 2)) |") }
    $null = $md.AppendLine().AppendLine(("The default -ThrottleLimit (32) is {0:N1}x faster than -ThrottleLimit 1." -f ($remote['sequential'].Seconds / $remote['default'].Seconds)))
    $md.ToString()
}

# The edge application's captures (issue 26, point 9): 100,000 inference-result lines, read and joined to the test set.
function Invoke-CapturesSuite {
    $folder = Join-Path $data 'captures-100000'
    $captures = Join-Path $folder 'captures.jsonl'
    if (-not (Test-Path $captures)) { & /usr/bin/python3 (Join-Path $PSScriptRoot 'make_captures.py') 100000 $folder; if ($LASTEXITCODE) { throw 'make_captures.py failed' } }
    $manifest = Join-Path $folder 'EvaluationManifest-bench-1.json'
    # What a user would write without the module: each line through ConvertFrom-Json, its base64 result decoded (the padding
    # mended) and parsed again, joined to the manifest by file name with a hashtable.
    $baseline = @'
$truth = @{}
Get-Content -LiteralPath $f | ConvertFrom-Json | ForEach-Object { $truth[$_.'source-ref'.Split('/')[-1]] = $_ }
Get-Content -LiteralPath $c | ConvertFrom-Json | ForEach-Object {
    $name = $_.deviceFleetAuxiliaryInputs[0].'data-ref'.Split('/')[-1]
    $b = ($_.deviceFleetAuxiliaryOutputs | Where-Object observedContentType -EQ 'json').data.TrimEnd('=')
    $b += '=' * ((4 - $b.Length % 4) % 4)
    $r = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b)) | ConvertFrom-Json
    $gt = $truth[$name]
    [pscustomobject]@{ SourceRef = $gt.'source-ref'; Actual = $gt.'anomaly-label'; Result = $r.'Inference result'; Confidence = $r.Confidence }
} | Out-Null
'@
    $import = 'Import-LfvPrediction -LiteralPath $c -GroundTruth $f | Out-Null'
    $setup = "`$c = '$captures'"
    $base = Invoke-Case $baseline $manifest -Setup $setup
    Write-Host ("{0,-12} {1,8:N2} s" -f 'baseline', $base.Seconds)
    $mod = Select-Median @(1..$Repeat | ForEach-Object { Invoke-Case $import $manifest -Runs 2 -Setup $setup })
    Write-Host ("{0,-12} {1,8:N2} s cold {2,8:N2} s warm {3,8:N0} MB" -f 'import', $mod.Seconds, $mod.Warm, $mod.PeakMB)
    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## The edge application''s captures: Import-LfvPrediction').AppendLine()
    $null = $md.AppendLine('100,000 inference-result lines in one JSON Lines file (74 MB; the result base64 JSON, over-padded on every third line) joined to a 100,000-line manifest by file name. The baseline runs once (it is slow); the module is the median of ' + $Repeat + ' fresh processes, each timing a cold and a warm run.').AppendLine()
    $null = $md.AppendLine('| case | cold s | warm s | peak MB |').AppendLine('|---|---:|---:|---:|')
    $null = $md.AppendLine("| baseline: Get-Content, ConvertFrom-Json, base64 decoded in PowerShell, joined by hand | $([Math]::Round($base.Seconds, 2)) | | $([Math]::Round($base.PeakMB)) |")
    $null = $md.AppendLine("| Import-LfvPrediction | $([Math]::Round($mod.Seconds, 2)) | $([Math]::Round($mod.Warm, 2)) | $([Math]::Round($mod.PeakMB)) |")
    $null = $md.AppendLine().AppendLine(("Import-LfvPrediction is {0:N1}x faster than the hand-written join (cold; issue 26 asks at least 5x)." -f ($base.Seconds / $mod.Seconds)))
    $md.ToString()
}

# A bucket as the service left it: $Versions model versions (10 a project), each with its EvaluationResult and a small
# EvaluationManifest, among $Others other objects (images, masks, logs), written to a folder for s3_load.py.
function New-BucketBench([int] $Versions, [int] $Others, [string] $Folder) {
    if (Test-Path (Join-Path $Folder 'done')) { return $Folder }
    if (Test-Path $Folder) { Remove-Item -Recurse -Force $Folder }
    $repo = Resolve-Path (Join-Path $PSScriptRoot '..')
    $result = Get-Content -Raw (Join-Path $repo 'samples/circuitboard/EvaluationResult-circuitboard-1.json')
    $line = (Get-Content (Join-Path $repo 'samples/circuitboard/EvaluationManifest-circuitboard-1.json'))[0]
    $perVersion = [Math]::Max(1, [int]($Others / $Versions))
    for ($v = 0; $v -lt $Versions; $v++) {
        $project = 'project-{0:000}' -f [int][Math]::Floor($v / 10)
        $version = $v % 10 + 1
        $dir = Join-Path $Folder "lookout/$project/model-$version"
        $null = New-Item -ItemType Directory -Force $dir, (Join-Path $dir 'masks')
        $arn = "model/$project/$version"
        [IO.File]::WriteAllText((Join-Path $dir "EvaluationResult-$project-$version.json"), $result.Replace('model/circuitboard/1', $arn))
        [IO.File]::WriteAllText((Join-Path $dir "EvaluationManifest-$project-$version.json"), $line.Replace('model/circuitboard/1', $arn) + "`n")
        for ($o = 0; $o -lt $perVersion; $o++) { [IO.File]::WriteAllText((Join-Path $dir "masks/mask-$o.png"), 'x') }
    }
    $null = New-Item -ItemType File (Join-Path $Folder 'done')
    $Folder
}

function Invoke-BucketSuite {
    $env:LOOKOUTMETRICS_REPO = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    Import-Module (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/Pester/TestSupport.psm1') -Force
    $big = New-BucketBench 1000 10000 (Join-Path $data 'bucket-1000-10000')
    $small = New-BucketBench 1000 2000 (Join-Path $data 'bucket-1000-2000')
    $s3 = Start-MotoS3
    $proxy = $null
    try {
        Send-S3Folder -Endpoint $s3.Endpoint -Folder $big -Bucket 'bench-bucket'
        Send-S3Folder -Endpoint $s3.Endpoint -Folder $small -Bucket 'bench-small'
        $proxy = Start-S3FaultProxy -Upstream $s3.Endpoint
        Add-S3Fault $proxy.Endpoint @(@{ kind = 'slow'; seconds = 0.02; count = 100000000 })
        $aws = "-S3EndpointUrl '$($proxy.Endpoint)' -Region us-east-1 -AccessKey '$PeerKey' -SecretKey '$PeerSecret'"
        # The AWS CLI, pointed at the proxy on loopback: never at AWS.
        $uriFile = Join-Path $data 'bucket-result-uris.txt'
        Get-ChildItem $big -Recurse -Filter 'EvaluationResult-*.json' | ForEach-Object {
            's3://bench-bucket/' + [IO.Path]::GetRelativePath($big, $_.FullName).Replace('\', '/') } | Set-Content $uriFile
        $cliEnv = "`$uris = @(Get-Content '$uriFile'); `$env:AWS_ACCESS_KEY_ID = '$PeerKey'; `$env:AWS_SECRET_ACCESS_KEY = '$PeerSecret'; `$env:AWS_DEFAULT_REGION = 'us-east-1'; `$env:AWS_EC2_METADATA_DISABLED = 'true'"
        $cli = "aws s3api list-objects-v2 --bucket bench-bucket --endpoint-url '$($proxy.Endpoint)' --query 'Contents[].Key' --output json"
        $cases = [ordered]@{
            # What a user would write without prefixes: list with the AWS CLI, keep the results, read each one by one.
            'cli+one-by-one' = "`$keys = $cli | ConvertFrom-Json; foreach (`$k in `$keys) { if (`$k -like '*/EvaluationResult-*') { Get-LfvEvaluationResult -Uri ""s3://bench-bucket/`$k"" $aws | Out-Null } }"
            'prefix'         = "Get-LfvEvaluationResult -Uri 's3://bench-bucket/' $aws | Out-Null"
            # The same 1,000 reads without the listing (their URIs given): what the peer takes to serve the reads alone.
            'reads-only'     = "Get-LfvEvaluationResult -Uri `$uris $aws | Out-Null"
            'cli-listing'    = "$cli | Out-Null"
            'find'           = "Find-LfvModelArtifact -Uri 's3://bench-bucket/' $aws | Out-Null"
            'find-small'     = "Find-LfvModelArtifact -Uri 's3://bench-small/' $aws | Out-Null"
        }
        $results = [ordered]@{}
        foreach ($name in $cases.Keys) {
            $runs = if ($name -eq 'cli+one-by-one') { 1 } else { 2 }
            $results[$name] = Invoke-Case $cases[$name] '' -Runs $runs -Setup $cliEnv
            Write-Host ("{0,-16} {1,8:N2} s cold {2,8:N2} s warm {3,8:N0} MB" -f $name, $results[$name].Seconds, $results[$name].Warm, $results[$name].PeakMB)
        }
        # The listing itself, at its floor: boto3's paginator timed inside Python (no interpreter start), twice.
        $floor = & python3 -c @"
import time, boto3
s3 = boto3.client('s3', endpoint_url='$($proxy.Endpoint)', region_name='us-east-1', aws_access_key_id='$PeerKey', aws_secret_access_key='$PeerSecret')
for run in range(2):
    t = time.perf_counter(); n = 0
    for page in s3.get_paginator('list_objects_v2').paginate(Bucket='bench-bucket'): n += len(page.get('Contents', []))
    print('%.4f %d' % (time.perf_counter() - t, n))
"@
        $listed = [double](($floor | Select-Object -Last 1) -split ' ')[0]
        $objects = [int](($floor | Select-Object -Last 1) -split ' ')[1]
        Write-Host ("boto3 listing    {0,8:N2} s ({1:N0} objects)" -f $listed, $objects)
    }
    finally { Stop-Peer $proxy; Stop-Peer $s3 }

    $md = [Text.StringBuilder]::new()
    $null = $md.AppendLine('## A whole bucket: Get-LfvEvaluationResult -Uri s3://bucket/ and Find-LfvModelArtifact').AppendLine()
    $null = $md.AppendLine(("1,000 model versions (2,000 artifacts) among 10,000 other objects ({0:N0} listed), from moto_server behind the fault proxy adding 20 ms to every request; one fresh process each, timing a cold run and (but for the one-by-one case) a warm one." -f $objects)).AppendLine()
    $null = $md.AppendLine('| case | cold s | warm s | peak MB |').AppendLine('|---|---:|---:|---:|')
    foreach ($name in $results.Keys) { $r = $results[$name]; $null = $md.AppendLine("| $name | $([Math]::Round($r.Seconds, 2)) | $(if ([double]::IsNaN($r.Warm)) { '' } else { [Math]::Round($r.Warm, 2) }) | $([Math]::Round($r.PeakMB)) |") }
    $null = $md.AppendLine("| boto3 listing (inside Python) | | $([Math]::Round($listed, 2)) | |")
    $null = $md.AppendLine().AppendLine(("The one command takes a little less than the peer takes to serve its requests one after another (they overlap only as far as the peer's one process lets them): the listing ({0:N2} s, as Find-LfvModelArtifact) and the 1,000 reads ({1:N2} s with their URIs given). moto_server is one Python process on this {2}-core machine, shared with the client and the proxy, and serves a few hundred requests a second whatever the concurrency: the 20 ms a request is not what bounds the module here, the peer's processor is." -f $results['find'].Seconds, $results['reads-only'].Seconds, [Environment]::ProcessorCount)).AppendLine()
    $null = $md.AppendLine(("Reading every result below the bucket's root with one command is {0:N1}x faster than listing with the AWS CLI and reading each result with its own Get-LfvEvaluationResult -Uri (both cold; the results are read {1} at once). Find-LfvModelArtifact takes {2:N2}x the listing itself (warm, against boto3's paginator timed inside Python) and {3:N2}x the AWS CLI's listing (cold, each in its own process). Its peak memory is {4:N0} MB for 12,000 objects listed and {5:N0} MB for 4,000 (the same 1,000 model versions): flat in the objects listed." -f ($results['cli+one-by-one'].Seconds / $results['prefix'].Seconds), 32, ($results['find'].Warm / $listed), ($results['find'].Seconds / $results['cli-listing'].Seconds), $results['find'].PeakMB, $results['find-small'].PeakMB))
    $md.ToString()
}

# Each suite's section of results.md is replaced; the others are kept as they were.
$sections = [ordered]@{ Manifest = ''; Segmentation = ''; Report = ''; Memory = ''; Api = ''; Startup = ''; Successor = ''; Bucket = ''; Captures = '' }
if (Test-Path $OutFile) {
    $text = Get-Content -LiteralPath $OutFile -Raw
    foreach ($m in [regex]::Matches($text, '(?s)<!-- suite:(\w+) -->\r?\n(.*?)<!-- /suite -->')) { $sections[$m.Groups[1].Value] = $m.Groups[2].Value }
}
foreach ($name in $Suite) {
    $body = switch ($name) { 'Manifest' { Invoke-ManifestSuite } 'Segmentation' { Invoke-SegmentationSuite } 'Report' { Invoke-ReportSuite } 'Memory' { Invoke-MemorySuite } 'Api' { Invoke-ApiSuite } 'Startup' { Invoke-StartupSuite } 'Successor' { Invoke-SuccessorSuite } 'Bucket' { Invoke-BucketSuite } 'Captures' { Invoke-CapturesSuite } }
    $sections[$name] = "Run $(Get-Date -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC on $([Environment]::ProcessorCount) cores, PowerShell $($PSVersionTable.PSVersion), by ``build.ps1 -Task Bench``.`n`n" + $body
}
$md = [Text.StringBuilder]::new()
$null = $md.AppendLine('# Benchmark results').AppendLine()
foreach ($name in $sections.Keys) { if ($sections[$name]) { $null = $md.AppendLine("<!-- suite:$name -->").Append($sections[$name].TrimEnd()).AppendLine().AppendLine('<!-- /suite -->').AppendLine() } }
Set-Content -LiteralPath $OutFile -Value $md.ToString()
Write-Host "Results written to $OutFile"
