#requires -Version 7.2
<#
.SYNOPSIS
    Writes the sample Lookout for Vision evaluation artifacts under samples/ (deterministic: a fixed seed).

.DESCRIPTION
    Two projects, laid out as they sit in a customer's S3 bucket (s3://lookoutmetrics-samples/...):

      circuitboard  a classification model, versions 1 and 2 (version 2 ranks better)
      cookies       a segmentation model, version 1, with ground-truth and predicted PNG masks
                    (labels 'crack' #d62728 and 'scratch' #2ca02c on a white BACKGROUND)

    Each model has an EvaluationManifest-<project>-<version>.json (JSON Lines) and an
    EvaluationResult-<project>-<version>.json whose metrics are computed here from the generated predictions,
    by the definitions in docs/metrics.md, with code that is independent of the module's own.

.EXAMPLE
    dotnet pwsh ./samples/New-SampleArtifacts.ps1
#>
[CmdletBinding()]
param([string] $OutputPath = $PSScriptRoot)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$bucket = 'lookoutmetrics-samples'
$region = 'us-east-1'
$account = '123456789012'
$inv = [Globalization.CultureInfo]::InvariantCulture

# ---------- metrics, by the reference's definitions (kept independent of src/) ----------
function Get-ClassificationMetric {
    param([object[]] $Images)
    $tp = @($Images | Where-Object { $_.Actual -eq 1 -and $_.Predicted -eq 1 }).Count
    $fp = @($Images | Where-Object { $_.Actual -eq 0 -and $_.Predicted -eq 1 }).Count
    $fn = @($Images | Where-Object { $_.Actual -eq 1 -and $_.Predicted -eq 0 }).Count
    $precision = if ($tp + $fp) { $tp / ($tp + $fp) } else { 0.0 }
    $recall = if ($tp + $fn) { $tp / ($tp + $fn) } else { 0.0 }
    $f1 = if (2 * $tp + $fp + $fn) { 2 * $tp / (2 * $tp + $fp + $fn) } else { 0.0 }

    # ROC AUC as the Mann-Whitney U over all (anomaly, normal) pairs, ties counted one half: O(n^2), fine for samples.
    $pos = @($Images | Where-Object Actual -EQ 1 | ForEach-Object Score)
    $neg = @($Images | Where-Object Actual -EQ 0 | ForEach-Object Score)
    $u = 0.0
    foreach ($p in $pos) { foreach ($n in $neg) { if ($p -gt $n) { $u += 1 } elseif ($p -eq $n) { $u += 0.5 } } }
    $auc = $u / ($pos.Count * $neg.Count)

    # Average precision: sum over distinct thresholds (descending) of (R_n - R_n-1) * P_n.
    $ap = 0.0; $prevRecall = 0.0
    foreach ($t in ($Images.Score | Sort-Object -Descending -Unique)) {
        $sel = @($Images | Where-Object Score -GE $t)
        $tpAt = @($sel | Where-Object Actual -EQ 1).Count
        $r = $tpAt / $pos.Count
        $ap += ($r - $prevRecall) * ($tpAt / $sel.Count)
        $prevRecall = $r
    }
    [pscustomobject]@{ Precision = $precision; Recall = $recall; F1Score = $f1; ROCAUC = $auc; AveragePrecision = $ap }
}

# ---------- PNG writing (RGB, 8 bits, no interlace) ----------
# CRC-32 in [long] arithmetic: PowerShell reads 0xEDB88320 as a negative [int].
$crcTable = [long[]]::new(256)
for ($n = 0; $n -lt 256; $n++) {
    [long] $crc = $n
    for ($k = 0; $k -lt 8; $k++) { if ($crc -band 1) { $crc = 0xEDB88320L -bxor ($crc -shr 1) } else { $crc = $crc -shr 1 } }
    $crcTable[$n] = $crc
}
function Get-Crc32([byte[]] $Bytes) {
    [long] $c = 0xFFFFFFFFL
    foreach ($b in $Bytes) { $c = $crcTable[($c -bxor $b) -band 0xFF] -bxor ($c -shr 8) }
    return [uint32]($c -bxor 0xFFFFFFFFL)
}
function Write-Chunk([IO.Stream] $Stream, [string] $Type, [byte[]] $Data) {
    $len = [BitConverter]::GetBytes([uint32]$Data.Length); [Array]::Reverse($len)
    $Stream.Write($len, 0, 4)
    $typeAndData = [Text.Encoding]::ASCII.GetBytes($Type) + $Data
    $Stream.Write($typeAndData, 0, $typeAndData.Length)
    $crc = [BitConverter]::GetBytes([uint32](Get-Crc32 $typeAndData)); [Array]::Reverse($crc)
    $Stream.Write($crc, 0, 4)
}
function Save-Png([string] $Path, [int] $Width, [int] $Height, [int[]] $Pixels) {
    $raw = [byte[]]::new($Height * (1 + 3 * $Width))
    $i = 0
    for ($y = 0; $y -lt $Height; $y++) {
        $raw[$i++] = 0
        for ($x = 0; $x -lt $Width; $x++) {
            $rgb = $Pixels[$y * $Width + $x]
            $raw[$i++] = ($rgb -shr 16) -band 0xFF; $raw[$i++] = ($rgb -shr 8) -band 0xFF; $raw[$i++] = $rgb -band 0xFF
        }
    }
    $z = [IO.MemoryStream]::new()
    $zs = [IO.Compression.ZLibStream]::new($z, [IO.Compression.CompressionLevel]::SmallestSize, $true)
    $zs.Write($raw, 0, $raw.Length); $zs.Dispose()
    $header = [byte[]]::new(13)
    $w = [BitConverter]::GetBytes([uint32]$Width); [Array]::Reverse($w); [Array]::Copy($w, 0, $header, 0, 4)
    $h = [BitConverter]::GetBytes([uint32]$Height); [Array]::Reverse($h); [Array]::Copy($h, 0, $header, 4, 4)
    $header[8] = 8; $header[9] = 2
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $Path)
    $fs = [IO.File]::Create($Path)
    try {
        $sig = [byte[]](137, 80, 78, 71, 13, 10, 26, 10); $fs.Write($sig, 0, 8)
        Write-Chunk $fs 'IHDR' $header
        Write-Chunk $fs 'IDAT' $z.ToArray()
        Write-Chunk $fs 'IEND' ([byte[]]::new(0))
    }
    finally { $fs.Dispose() }
}

# ---------- manifest lines ----------
function New-Timestamp([datetime] $Base, [int] $Seconds) { $Base.AddSeconds($Seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", $inv) }

function New-ManifestLine {
    param($Image, [string] $Project, [string] $Version, [datetime] $When, [hashtable] $Masks)
    $arn = "arn:aws:lookoutvision:${region}:${account}:model/$Project/$Version"
    $line = [ordered]@{
        'source-ref'                      = $Image.SourceRef
        'source-ref-metadata'             = [ordered]@{ 'creation-date' = (New-Timestamp $When -86400) }
        'anomaly-label'                   = $Image.Actual
        'anomaly-label-metadata'          = [ordered]@{
            'class-name' = $(if ($Image.Actual) { 'anomaly' } else { 'normal' }); 'type' = 'groundtruth/image-classification'
            'human-annotated' = 'yes'; 'creation-date' = (New-Timestamp $When -86000); 'job-name' = 'labeling-job/anomaly-detection'
        }
        'anomaly-label-detected'          = $Image.Predicted
        'anomaly-label-detected-metadata' = [ordered]@{
            'class-name' = $(if ($Image.Predicted) { 'anomaly' } else { 'normal' }); 'confidence' = $Image.Confidence
            'type' = 'groundtruth/image-classification'; 'human-annotated' = 'no'; 'creation-date' = (New-Timestamp $When 0)
            'job-name' = 'training-job/anomaly-detection'; 'model-arn' = $arn; 'project-name' = $Project; 'model-version' = $Version
        }
    }
    if ($Masks) {
        foreach ($k in 'anomaly-mask-ref', 'anomaly-mask-ref-metadata', 'anomaly-mask-ref-detected', 'anomaly-mask-ref-detected-metadata') {
            if ($Masks.Contains($k)) { $line[$k] = $Masks[$k] }
        }
    }
    return ($line | ConvertTo-Json -Depth 6 -Compress)
}

function Write-Artifact {
    param([string] $Project, [string] $Version, [object[]] $Images, [string[]] $Lines, [int] $TrainingImages, [datetime] $When, [object[]] $PixelMetrics, [string] $Newline = "`n")
    $folder = Join-Path $OutputPath $Project
    $null = New-Item -ItemType Directory -Force $folder
    # Real files vary: write version 2 with CRLF and no final newline, as some exports do.
    [IO.File]::WriteAllText((Join-Path $folder "EvaluationManifest-$Project-$Version.json"),
        ($Lines -join $Newline) + $(if ($Newline -eq "`n") { "`n" } else { '' }), [Text.UTF8Encoding]::new($false))
    $m = Get-ClassificationMetric $Images
    $metrics = [ordered]@{
        ROCAUC = [Math]::Round($m.ROCAUC, 6); AveragePrecision = [Math]::Round($m.AveragePrecision, 6)
        Precision = [Math]::Round($m.Precision, 6); Recall = [Math]::Round($m.Recall, 6); F1Score = [Math]::Round($m.F1Score, 6)
    }
    if ($PixelMetrics) { $metrics['PixelAnomalyClassMetrics'] = $PixelMetrics }
    $result = [ordered]@{
        Version                     = 1
        EvaluationDetails           = [ordered]@{
            ModelArn = "arn:aws:lookoutvision:${region}:${account}:model/$Project/$Version"
            EvaluationEndTimestamp = (New-Timestamp $When 0); NumberOfTrainingImages = $TrainingImages; NumberOfTestingImages = $Images.Count
        }
        AggregatedEvaluationResults = [ordered]@{ Metrics = $metrics }
    }
    Set-Content -LiteralPath (Join-Path $folder "EvaluationResult-$Project-$Version.json") -Value ($result | ConvertTo-Json -Depth 6) -Encoding utf8NoBOM
    Write-Host ("{0} {1}: {2} test images, precision {3:0.000} recall {4:0.000} F1 {5:0.000} ROC AUC {6:0.000} AP {7:0.000}" -f
        $Project, $Version, $Images.Count, $m.Precision, $m.Recall, $m.F1Score, $m.ROCAUC, $m.AveragePrecision)
}

# A model's prediction from a latent anomaly score: anomaly when the score reaches 0.5; the confidence is in the
# predicted class, so a normal prediction's confidence is 1 - score. Two decimals, as real files often carry,
# which gives tied scores across classes.
function New-Prediction([double] $Score) {
    $s = [Math]::Round([Math]::Min(0.99, [Math]::Max(0.01, $Score)), 2)
    $predicted = [int]($s -ge 0.5)
    [pscustomobject]@{ Score = $s; Predicted = $predicted; Confidence = $(if ($predicted) { $s } else { [Math]::Round(1 - $s, 2) }) }
}

# ---------- circuitboard: classification, two versions ----------
$rng = [Random]::new(20211031)
function Get-Gaussian([double] $Mean, [double] $Sd) {
    $u1 = 1.0 - $rng.NextDouble(); $u2 = $rng.NextDouble()
    $Mean + $Sd * [Math]::Sqrt(-2.0 * [Math]::Log($u1)) * [Math]::Sin(2.0 * [Math]::PI * $u2)
}

$boards = foreach ($i in 1..40) {
    $actual = [int]($i -le 18)
    [pscustomobject]@{ Index = $i; Actual = $actual; Folder = $(if ($actual) { 'anomaly' } else { 'normal' }) }
}
foreach ($spec in @(@{ Version = '1'; Gap = 0.28; Sd = 0.2; When = [datetime]::new(2021, 5, 4, 18, 23, 10, [DateTimeKind]::Utc); Newline = "`n" },
        @{ Version = '2'; Gap = 0.36; Sd = 0.19; When = [datetime]::new(2021, 6, 1, 9, 5, 42, [DateTimeKind]::Utc); Newline = "`r`n" })) {
    $images = foreach ($b in $boards) {
        $p = New-Prediction (Get-Gaussian (0.5 + $(if ($b.Actual) { $spec.Gap } else { -$spec.Gap }) / 2 * 1.6) $spec.Sd)
        [pscustomobject]@{
            SourceRef = "s3://$bucket/circuitboard/test-images/$($b.Folder)/board_{0:d3}.jpg" -f $b.Index
            Actual = $b.Actual; Predicted = $p.Predicted; Confidence = $p.Confidence; Score = $p.Score
        }
    }
    $lines = foreach ($img in $images) { New-ManifestLine $img 'circuitboard' $spec.Version $spec.When $null }
    Write-Artifact 'circuitboard' $spec.Version $images $lines 120 $spec.When $null $spec.Newline
}

# ---------- cookies: segmentation, version 1, with masks ----------
$width = 64; $height = 48
$classes = @{ crack = 0xD62728; scratch = 0x2CA02C }
$classNames = @('crack', 'scratch')
$white = 0xFFFFFF
function New-Mask([object[]] $Shapes) {
    $px = [int[]]::new($width * $height); [Array]::Fill($px, $white)
    foreach ($s in $Shapes) {
        for ($y = [Math]::Max(0, $s.Y); $y -lt [Math]::Min($height, $s.Y + $s.H); $y++) {
            for ($x = [Math]::Max(0, $s.X); $x -lt [Math]::Min($width, $s.X + $s.W); $x++) { $px[$y * $width + $x] = $classes[[string]$s.Class] }
        }
    }
    return , $px
}
function Get-ColorMap([int[]] $Pixels, [switch] $WithArea) {
    $map = [ordered]@{ '0' = [ordered]@{ 'class-name' = 'BACKGROUND'; 'hex-color' = '#ffffff' } }
    $i = 1
    foreach ($name in $classNames) {
        $count = @($Pixels | Where-Object { $_ -eq $classes[$name] }).Count
        if (-not $count) { continue }
        $entry = [ordered]@{ 'class-name' = $name; 'hex-color' = ('#{0:x6}' -f $classes[$name]) }
        if ($WithArea) { $entry['total-percentage-area'] = [Math]::Round($count / $Pixels.Length, 6) }
        $map["$i"] = $entry; $i++
    }
    return $map
}

$cookieImages = [Collections.Generic.List[object]]::new()
$cookieLines = [Collections.Generic.List[string]]::new()
$pixelTotals = @{}; foreach ($c in $classNames) { $pixelTotals[$c] = @{ TP = 0; FP = 0; FN = 0; IoU = [Collections.Generic.List[double]]::new() } }
$when = [datetime]::new(2021, 7, 12, 14, 0, 3, [DateTimeKind]::Utc)
foreach ($i in 1..24) {
    $actual = [int]($i -le 12)
    $name = 'cookie_{0:d3}' -f $i
    $gtShapes = @(); $predShapes = @()
    if ($actual) {
        $class = @('crack', 'scratch')[$i % 2]
        $gtShapes += [pscustomobject]@{ Class = $class; X = $rng.Next(4, 30); Y = $rng.Next(4, 24); W = $rng.Next(8, 24); H = $rng.Next(4, 14) }
        if ($i % 5 -eq 0) { $gtShapes += [pscustomobject]@{ Class = 'scratch'; X = 44; Y = 30; W = 12; H = 6 } }
    }
    $score = if ($actual) { Get-Gaussian 0.68 0.2 } else { Get-Gaussian 0.36 0.2 }
    $p = New-Prediction $score
    if ($p.Predicted) {
        foreach ($g in $gtShapes) { $predShapes += [pscustomobject]@{ Class = $g.Class; X = $g.X + $rng.Next(-3, 4); Y = $g.Y + $rng.Next(-2, 3); W = [Math]::Max(2, $g.W + $rng.Next(-4, 5)); H = [Math]::Max(2, $g.H + $rng.Next(-3, 4)) } }
        if (-not $gtShapes) { $predShapes += [pscustomobject]@{ Class = 'scratch'; X = $rng.Next(0, 50); Y = $rng.Next(0, 36); W = 6; H = 4 } }
    }
    $gt = New-Mask $gtShapes; $pred = New-Mask $predShapes
    foreach ($c in $classNames) {
        $rgb = $classes[$c]; $inter = 0; $gtCount = 0; $predCount = 0
        for ($k = 0; $k -lt $gt.Length; $k++) {
            $g = $gt[$k] -eq $rgb; $q = $pred[$k] -eq $rgb
            if ($g) { $gtCount++ }; if ($q) { $predCount++ }; if ($g -and $q) { $inter++ }
        }
        $pixelTotals[$c].TP += $inter; $pixelTotals[$c].FP += $predCount - $inter; $pixelTotals[$c].FN += $gtCount - $inter
        if ($gtCount -gt 0) { $pixelTotals[$c].IoU.Add($inter / ($gtCount + $predCount - $inter)) }
    }
    $gtKey = "cookies/masks/ground-truth/$name.png"; $predKey = "cookies/masks/predicted/$name.png"
    Save-Png (Join-Path $OutputPath ($gtKey -replace '^cookies/', 'cookies/')) $width $height $gt
    Save-Png (Join-Path $OutputPath $predKey) $width $height $pred
    $masks = @{
        'anomaly-mask-ref'                  = "s3://$bucket/$gtKey"
        'anomaly-mask-ref-metadata'         = [ordered]@{ 'internal-color-map' = (Get-ColorMap $gt); 'type' = 'groundtruth/semantic-segmentation'; 'human-annotated' = 'yes'; 'creation-date' = (New-Timestamp $when -86000); 'job-name' = 'labeling-job/segmentation' }
        'anomaly-mask-ref-detected'         = "s3://$bucket/$predKey"
        'anomaly-mask-ref-detected-metadata' = [ordered]@{ 'internal-color-map' = (Get-ColorMap $pred -WithArea); 'type' = 'groundtruth/semantic-segmentation'; 'human-annotated' = 'no'; 'creation-date' = (New-Timestamp $when 0); 'job-name' = 'training-job/segmentation' }
    }
    $img = [pscustomobject]@{ SourceRef = "s3://$bucket/cookies/test-images/$name.jpg"; Actual = $actual; Predicted = $p.Predicted; Confidence = $p.Confidence; Score = $p.Score; Shapes = $gtShapes }
    $cookieImages.Add($img)
    $cookieLines.Add((New-ManifestLine $img 'cookies' '1' $when $masks))
}
$pixelMetrics = foreach ($c in $classNames) {
    $t = $pixelTotals[$c]
    [ordered]@{
        Precision = [Math]::Round($(if ($t.TP + $t.FP) { $t.TP / ($t.TP + $t.FP) } else { 0 }), 6)
        Recall    = [Math]::Round($(if ($t.TP + $t.FN) { $t.TP / ($t.TP + $t.FN) } else { 0 }), 6)
        F1Score   = [Math]::Round($(if (2 * $t.TP + $t.FP + $t.FN) { 2 * $t.TP / (2 * $t.TP + $t.FP + $t.FN) } else { 0 }), 6)
        AIOU      = [Math]::Round($(if ($t.IoU.Count) { ($t.IoU | Measure-Object -Average).Average } else { 0 }), 6)
        ClassName = $c
    }
}
Write-Artifact 'cookies' '1' $cookieImages.ToArray() $cookieLines.ToArray() 60 $when $pixelMetrics

# ---------- circuitboard: a successor's predictions for the version-2 test set ----------
# The SageMaker algorithm's batch transform over s3://.../circuitboard/test-images/ writes one '<image file name>.out'
# per image, below the output prefix as the image was below the input prefix, in the DetectAnomalies shape with the
# confidence of the predicted class at full precision. An anomalib model's predictions, as a team writes them to CSV
# (image_path under their local copy, gt_label, pred_score normalised to 0..1, pred_label as True/False).
$srng = [Random]::new(20251031)
function Get-SuccessorScore([int] $Actual, [double] $Gap, [double] $Sd) {
    $u1 = 1.0 - $srng.NextDouble(); $u2 = $srng.NextDouble()
    $z = [Math]::Sqrt(-2.0 * [Math]::Log($u1)) * [Math]::Sin(2.0 * [Math]::PI * $u2)
    # A sigmoid of a latent score: never exactly 0 or 1, as a network's output is not.
    $latent = $(if ($Actual) { $Gap } else { -$Gap }) / 2 * 1.6 + $Sd * $z
    1.0 / (1.0 + [Math]::Exp(-6.0 * $latent))
}
$successor = Join-Path $OutputPath 'circuitboard/successor'
$outFolder = Join-Path $successor 'sagemaker-1'
if (Test-Path $outFolder) { Remove-Item $outFolder -Recurse -Force }
$csv = [Collections.Generic.List[string]]::new()
$csv.Add('image_path,gt_label,pred_score,pred_label')
foreach ($b in $boards) {
    $name = 'board_{0:d3}.jpg' -f $b.Index
    $score = Get-SuccessorScore $b.Actual 0.38 0.19
    $anomalous = $score -ge 0.5
    $confidence = if ($anomalous) { $score } else { 1.0 - $score }
    $file = Join-Path $outFolder "$($b.Folder)/$name.out"
    New-Item -ItemType Directory -Force (Split-Path $file) | Out-Null
    $json = '{{"Source": {{"Type": "direct"}}, "IsAnomalous": {0}, "Confidence": {1}}}' -f $anomalous.ToString().ToLowerInvariant(), $confidence.ToString('R', $inv)
    [IO.File]::WriteAllText($file, $json, [Text.UTF8Encoding]::new($false))

    $patchcore = Get-SuccessorScore $b.Actual 0.34 0.2
    $csv.Add(('datasets/circuitboard/test/{0}/{1},{2},{3},{4}' -f $b.Folder, $name, $b.Actual, $patchcore.ToString('R', $inv), ($patchcore -ge 0.5)))
}
[IO.File]::WriteAllText((Join-Path $successor 'patchcore.csv'), ($csv -join "`n") + "`n", [Text.UTF8Encoding]::new($false))
Write-Host "circuitboard successors: $($boards.Count) .out files of sagemaker-1, and patchcore.csv"

# ---------- cookies: a segmentation successor, as the SageMaker algorithm writes it ----------
# Trained anew, it draws in its own colours and names its labels in its own case (the Anomalies list, background first),
# and writes no mask at all for an image it calls normal. Its own random stream, so the samples above stay as they were.
$segRng = [Random]::new(20251101)
$own = @{ crack = @{ Name = 'Crack'; Rgb = 0xE41A1C }; scratch = @{ Name = 'Scratch'; Rgb = 0x377EB8 } }
$segFolder = Join-Path $OutputPath 'cookies/successor/sagemaker-seg'
if (Test-Path $segFolder) { Remove-Item $segFolder -Recurse -Force }
$null = New-Item -ItemType Directory -Force $segFolder
$tmpPng = Join-Path ([IO.Path]::GetTempPath()) ("seg-" + [guid]::NewGuid().ToString('N') + '.png')
foreach ($img in $cookieImages) {
    $name = ($img.SourceRef -split '/')[-1]
    $u = $segRng.NextDouble()
    $score = if ($img.Actual) { 0.55 + 0.44 * $u } else { 0.05 + 0.5 * $u }
    $anomalous = $score -ge 0.5
    $body = [ordered]@{ Source = [ordered]@{ Type = 'direct' }; IsAnomalous = $anomalous; Confidence = $(if ($anomalous) { $score } else { 1.0 - $score }) }
    if ($anomalous) {
        $px = [int[]]::new($width * $height); [Array]::Fill($px, $white)
        $shapes = @($img.Shapes)
        if (-not $shapes) { $shapes = @([pscustomobject]@{ Class = 'scratch'; X = $segRng.Next(0, 50); Y = $segRng.Next(0, 36); W = 5; H = 3 }) }
        foreach ($g in $shapes) {
            $x0 = $g.X + $segRng.Next(-2, 3); $y0 = $g.Y + $segRng.Next(-2, 3); $w0 = [Math]::Max(2, $g.W + $segRng.Next(-3, 4)); $h0 = [Math]::Max(2, $g.H + $segRng.Next(-2, 3))
            for ($y = [Math]::Max(0, $y0); $y -lt [Math]::Min($height, $y0 + $h0); $y++) {
                for ($x = [Math]::Max(0, $x0); $x -lt [Math]::Min($width, $x0 + $w0); $x++) { $px[$y * $width + $x] = $own[[string]$g.Class].Rgb }
            }
        }
        $anomalies = [Collections.Generic.List[object]]::new()
        $background = @($px | Where-Object { $_ -eq $white }).Count
        $anomalies.Add([ordered]@{ Name = 'background'; PixelAnomaly = [ordered]@{ TotalPercentageArea = [Math]::Round($background / $px.Length, 6); Color = '#FFFFFF' } })
        foreach ($c in $classNames) {
            $count = @($px | Where-Object { $_ -eq $own[$c].Rgb }).Count
            if ($count) { $anomalies.Add([ordered]@{ Name = $own[$c].Name; PixelAnomaly = [ordered]@{ TotalPercentageArea = [Math]::Round($count / $px.Length, 6); Color = ('#{0:X6}' -f $own[$c].Rgb) } }) }
        }
        Save-Png $tmpPng $width $height $px
        $body['Anomalies'] = $anomalies
        $body['AnomalyMask'] = [Convert]::ToBase64String([IO.File]::ReadAllBytes($tmpPng))
    }
    [IO.File]::WriteAllText((Join-Path $segFolder "$name.out"), ($body | ConvertTo-Json -Depth 5 -Compress), [Text.UTF8Encoding]::new($false))
}
Remove-Item $tmpPng -ErrorAction SilentlyContinue
Write-Host "cookies successor: $($cookieImages.Count) .out files of sagemaker-seg, in its own colours, no mask where it calls an image normal"

# ---------- circuitboard: the edge Defect Detection Application's captures ----------
# Its inference-result lines as its own test captures have them (awslabs/DefectDetectionApplication,
# test/backend-test/utils/inference_out_for_test): no source-ref, the image under the device's <INFER_OUT> placeholder
# folder, the result as base64 JSON (over-padded on some lines, as there), eventMetadata naming device, time and model;
# laid out as its uploader writes them to S3, <prefix>/<device>/<capture id>.jsonl, two devices on one line.
$edgeRng = [Random]::new(20251102)
$edge = Join-Path $OutputPath 'circuitboard/successor/edge'
if (Test-Path $edge) { Remove-Item $edge -Recurse -Force }
$started = [datetime]::new(2025, 11, 3, 6, 0, 0, [DateTimeKind]::Utc)
$k = 0
foreach ($b in $boards) {
    $name = 'board_{0:d3}.jpg' -f $b.Index
    $device = @('line-3-cam-a', 'line-3-cam-b')[$k % 2]
    $u1 = 1.0 - $edgeRng.NextDouble(); $u2 = $edgeRng.NextDouble()
    $z = [Math]::Sqrt(-2.0 * [Math]::Log($u1)) * [Math]::Sin(2.0 * [Math]::PI * $u2)
    $latent = $(if ($b.Actual) { 0.36 } else { -0.36 }) * 0.8 + 0.2 * $z
    $anomalyScore = 1.0 / (1.0 + [Math]::Exp(-6.0 * $latent))
    $anomalous = $anomalyScore -ge 0.5
    $time = $started.AddSeconds(7 * $k).ToString("yyyy-MM-dd'T'HH:mm:ss", $inv)
    $result = '{{"Anomaly_score":{0},"Anomaly_threshold":0.5,"Confidence":{1},"Error msg":"","Inference result":"{2}","Inference status":"success"}}' -f `
        $anomalyScore.ToString('R', $inv), $(if ($anomalous) { $anomalyScore } else { 1.0 - $anomalyScore }).ToString('R', $inv), $(if ($anomalous) { 'Anomaly' } else { 'Normal' })
    $data = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($result))
    if ($k % 3 -eq 0) { $data += '==' }
    $id = "capture-$name-edge-defects-2-$time"
    $line = [ordered]@{
        deviceFleetAuxiliaryInputs  = @([ordered]@{ 'data-ref' = "<INFER_OUT>/$name"; encoding = 'NONE'; mode = 'Input'; name = 'Input-1'; observedContentType = 'jpg' })
        deviceFleetAuxiliaryOutputs = @([ordered]@{ data = $data; encoding = 'BASE64'; mode = 'Output'; name = 'Output-2'; observedContentType = 'json' })
        deviceFleetInputs = @(); deviceFleetOutputs = @()
        eventMetadata = [ordered]@{ deviceFleetName = 'line-3-fleet'; deviceId = $device; eventId = $id; inferenceTime = $time; modelName = 'edge-defects'; modelVersion = '2' }
        eventVersion = '0'
    }
    $file = Join-Path $edge "$device/$($id -replace ':', '-').jsonl"
    $null = New-Item -ItemType Directory -Force (Split-Path $file)
    [IO.File]::WriteAllText($file, ($line | ConvertTo-Json -Depth 5 -Compress) + "`n", [Text.UTF8Encoding]::new($false))
    $k++
}
Write-Host "circuitboard edge captures: $($boards.Count) inference results from 2 devices"

