BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cookies = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
    $cookiesResult = Join-Path $samples 'cookies/EvaluationResult-cookies-1.json'

    # A copy of the cookies sample with its masks under a folder of its own, to break one file at a time.
    function script:New-CookiesCopy {
        param([string] $Name)
        $root = Join-Path $TestDrive $Name
        Copy-Item (Join-Path $samples 'cookies') (Join-Path $root 'cookies') -Recurse
        $root
    }
}

Describe 'Measure-LfvSegmentation on masks as the service and its successors drew them' {
    It 'measures normal images without a ground-truth mask as all background, and refuses only the anomaly without one' {
        $dir = Join-Path $TestDrive 'mixed'
        $null = New-Item -ItemType Directory $dir
        $oracle = Join-Path $env:LOOKOUTMETRICS_REPO 'tests/oracles/segmentation_oracle.py'
        $cracked = '#23A436'
        function Mask([string] $Name, [string] $Mode, [object[]] $Blobs, [string] $Background) {
            @{ path = (Join-Path $dir $Name); mode = $Mode; width = 80; height = 60; background = $Background; blobs = @($Blobs) }
        }
        $writes = @(
            (Mask 'gt-anomaly.png' 'P' @(@{ hex = $cracked; cx = 30; cy = 30; r = 12 }) $null)       # the console's soft-edged palette mask
            (Mask 'pred-anomaly.png' 'RGBA' @(@{ hex = $cracked; cx = 34; cy = 28; r = 10 }) $null)
            (Mask 'pred-normal.png' 'RGBA' @(@{ hex = $cracked; cx = 60; cy = 40; r = 6 }) $null)     # a false blob on a normal image
            (Mask 'gt-blank.png' 'RGBA' @() '#ffffff')                                                 # SageMaker's blank mask
            (Mask 'pred-blank.png' 'RGBA' @() $null)
            (Mask 'pred-orphan.png' 'RGBA' @(@{ hex = $cracked; cx = 20; cy = 20; r = 5 }) $null))
        $map = @{ cracked = $cracked }
        $images = @(
            @{ gt = $writes[0].path; pred = $writes[1].path; gtMap = $map; predMap = $map }
            @{ gt = $null; pred = $writes[2].path; gtMap = @{}; predMap = $map }
            @{ gt = $writes[3].path; pred = $writes[4].path; gtMap = @{ BACKGROUND = '#ffffff' }; predMap = $map })
        $expected = (@{ write = $writes; images = $images } | ConvertTo-Json -Depth 6 -Compress | /usr/bin/python3 $oracle | ConvertFrom-Json).labels.cracked
        $LASTEXITCODE | Should -Be 0

        function Line([int] $N, [int] $Actual, [string] $Gt, [string] $GtMap, [string] $Pred) {
            $label = if ($Actual) { 'anomaly' } else { 'normal' }
            $line = [ordered]@{
                'source-ref' = "s3://bucket/images/img$N.jpg"; 'anomaly-label' = $Actual
                'anomaly-label-metadata' = @{ 'class-name' = $label; type = 'groundtruth/image-classification' }
                'anomaly-label-detected' = 1
                'anomaly-label-detected-metadata' = @{ 'class-name' = 'anomaly'; confidence = 0.9; 'project-name' = 'mixed'; 'model-version' = '1' }
            }
            if ($Gt) { $line['anomaly-mask-ref'] = $Gt; $line['anomaly-mask-ref-metadata'] = @{ 'internal-color-map' = ($GtMap | ConvertFrom-Json) } }
            $line['anomaly-mask-ref-detected'] = $Pred
            $line['anomaly-mask-ref-detected-metadata'] = @{ 'internal-color-map' = @{ '0' = @{ 'class-name' = 'cracked'; 'hex-color' = $cracked } } }
            $line | ConvertTo-Json -Depth 6 -Compress
        }
        $manifest = Join-Path $dir 'EvaluationManifest-mixed-1.json'
        @(
            (Line 1 1 'gt-anomaly.png' ('{"0":{"class-name":"cracked","hex-color":"' + $cracked + '"}}') 'pred-anomaly.png')   # a defect at index 0, no BACKGROUND
            (Line 2 0 '' '' 'pred-normal.png')
            (Line 3 0 'gt-blank.png' '{"0":{"class-name":"BACKGROUND","hex-color":"#ffffff"}}' 'pred-blank.png')
            (Line 4 1 '' '' 'pred-orphan.png')
        ) | Set-Content $manifest

        $labels = @(Measure-LfvSegmentation -Path $manifest -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MissingMask,*'
        "$($errs[0])" | Should -Match 'Line 4 of .* is an anomalous image .* no ground-truth mask, so image .img4\.jpg. cannot be measured'
        @($warned | Where-Object { "$_" -match 'colours in no colour map' }).Count | Should -Be 0 -Because 'the transparent background is background'
        $labels.Count | Should -Be 1
        $labels[0].ClassName | Should -Be 'cracked'
        $labels[0].ImagesMeasured | Should -Be 3
        $labels[0].ImagesWithLabel | Should -Be 1 -Because 'AIOU averages over the images whose ground truth holds the label'
        $labels[0].TruePositivePixels | Should -Be $expected.tp
        $labels[0].FalsePositivePixels | Should -Be $expected.fp
        $labels[0].FalseNegativePixels | Should -Be $expected.fn
        [math]::Abs($labels[0].AIOU - $expected.aiou) | Should -BeLessThan 1e-12
        [math]::Abs($labels[0].Precision - $expected.precision) | Should -BeLessThan 1e-12
    }
}

Describe 'Test-LfvEvaluation gates on what it could check' {
    It 'writes a row with Agrees empty and a Reason for each pixel figure it could not check, and -Quiet is then false' {
        # A local manifest whose masks are in S3, and no -MaskRoot: the per-label pixel figures cannot be checked.
        $rows = @(Test-LfvEvaluation -Path $cookies -WarningVariable warned -WarningAction SilentlyContinue)
        $unchecked = @($rows | Where-Object { $null -eq $_.Agrees })
        $reported = @(Get-LfvEvaluationResult $cookiesResult -PerLabel)
        $unchecked.Count | Should -Be (4 * $reported.Count)
        ($unchecked.ClassName | Sort-Object -Unique) | Should -Be @($reported.ClassName | Sort-Object)
        $unchecked.Reason | Sort-Object -Unique | Should -Match '-MaskRoot'
        $unchecked.Recomputed | Where-Object { $null -ne $_ } | Should -BeNullOrEmpty
        @($rows | Where-Object { $_.Agrees -eq $true }).Count | Should -Be 6
        "$warned" | Should -Match 'not checked'
        Test-LfvEvaluation -Path $cookies -Quiet -WarningAction SilentlyContinue | Should -BeFalse
        Test-LfvEvaluation -Path $cookies -Quiet -AllowUnchecked -WarningAction SilentlyContinue | Should -BeTrue
        # With the masks, every figure is checked, and the gate passes.
        Test-LfvEvaluation -Path $cookies -MaskRoot $samples -Quiet | Should -BeTrue
        @(Test-LfvEvaluation -Path $cookies -MaskRoot $samples | Where-Object { $null -eq $_.Agrees }).Count | Should -Be 0
    }
}

Describe 'Measure-LfvSegmentation' {
    It 'recomputes the per-label figures the sample result reports, label by label' {
        $labels = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples)
        $labels.Count | Should -Be 2
        $labels[0] | Should -BeOfType ([LookoutMetrics.LabelPerformance])
        $labels.ClassName | Should -Be @('crack', 'scratch')
        $reported = Get-LfvEvaluationResult $cookiesResult -PerLabel
        foreach ($label in $labels) {
            $r = $reported | Where-Object ClassName -EQ $label.ClassName
            foreach ($m in 'Precision', 'Recall', 'F1Score', 'AIOU') { [math]::Abs($label.$m - $r.$m) | Should -BeLessThan 1e-6 -Because "$($label.ClassName) $m" }
        }
        $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 24
        ($labels | Where-Object ClassName -EQ 'scratch').Color | Should -Be '#2ca02c'
    }

    It 'takes EvaluationImage records from the pipeline' {
        $piped = Get-LfvEvaluationManifest $cookies | Measure-LfvSegmentation -MaskRoot $samples
        $direct = Measure-LfvSegmentation -Path $cookies -MaskRoot $samples
        ($piped | ConvertTo-Json) | Should -Be ($direct | ConvertTo-Json)
    }

    It 'writes a row per image and label with -PerImage, and the worst images sort first' {
        $rows = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples -PerImage)
        $rows[0] | Should -BeOfType ([LookoutMetrics.ImageLabelPerformance])
        $scratch = $rows | Where-Object ClassName -EQ 'scratch'
        $withLabel = @($scratch | Where-Object InGroundTruth)
        $withLabel.Count | Should -Be 7
        $aiou = ($withLabel | Measure-Object IoU -Average).Average
        [math]::Abs($aiou - (Measure-LfvSegmentation -Path $cookies -MaskRoot $samples | Where-Object ClassName -EQ scratch).AIOU) | Should -BeLessThan 1e-12
        $worst = $rows | Sort-Object IoU | Select-Object -First 3
        $worst[0].IoU | Should -BeLessOrEqual $worst[2].IoU
        $worst[0].AnomalyMaskRef | Should -Match '^s3://lookoutmetrics-samples/cookies/masks/ground-truth/'
    }

    It 'checks the reported per-label figures in Test-LfvEvaluation, one row each' {
        $rows = @(Test-LfvEvaluation -ManifestPath $cookies -ResultPath $cookiesResult -MaskRoot $samples)
        $pixel = @($rows | Where-Object ClassName)
        $pixel.Count | Should -Be 8
        ($pixel | Group-Object ClassName -NoElement).Name | Should -Be @('crack', 'scratch')
        $pixel.Metric | Sort-Object -Unique | Should -Be @('AIOU', 'F1Score', 'Precision', 'Recall')
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
        Test-LfvEvaluation -ManifestPath $cookies -ResultPath $cookiesResult -MaskRoot $samples -Quiet | Should -BeTrue
    }

    It 'finds a per-label figure that does not hold' {
        $json = Get-Content $cookiesResult -Raw | ConvertFrom-Json
        ($json.AggregatedEvaluationResults.Metrics.PixelAnomalyClassMetrics | Where-Object ClassName -EQ 'crack').AIOU = 0.5
        $tampered = Join-Path $TestDrive 'EvaluationResult-cookies-1.json'
        $json | ConvertTo-Json -Depth 8 | Set-Content $tampered
        $bad = @(Test-LfvEvaluation -ManifestPath $cookies -ResultPath $tampered -MaskRoot $samples | Where-Object { -not $_.Agrees })
        $bad.Count | Should -Be 1
        $bad[0].ClassName | Should -Be 'crack'
        $bad[0].Metric | Should -Be 'AIOU'
        Test-LfvEvaluation -ManifestPath $cookies -ResultPath $tampered -MaskRoot $samples -Quiet | Should -BeFalse
    }

    It 'says when the pixel figures of a local manifest cannot be checked without -MaskRoot' {
        $rows = @(Test-LfvEvaluation -ManifestPath $cookies -ResultPath $cookiesResult -WarningVariable warned -WarningAction SilentlyContinue)
        $pixels = @($rows | Where-Object ClassName)
        $pixels.Count | Should -Be 8
        $pixels.Agrees | Where-Object { $null -ne $_ } | Should -BeNullOrEmpty
        $warned[0] | Should -Match '-MaskRoot'
    }

    Context 'a mask that cannot be used costs its image alone' {
        It 'reports a missing mask as ObjectNotFound and counts the rest' {
            $root = New-CookiesCopy 'missing'
            Remove-Item (Join-Path $root 'cookies/masks/predicted/cookie_003.png')
            $labels = @(Measure-LfvSegmentation -Path (Join-Path $root 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $root -ErrorVariable errs -ErrorAction SilentlyContinue)
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'MaskNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject.ImageName | Should -Be 'cookie_003.jpg'
            $errs[0].Exception.Message | Should -Match 'cookie_003'
            $labels.Count | Should -Be 2
            $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 23
            # Nothing partial is silent: every label says an image was left out, and why.
            $labels.ImagesLeftOut | Sort-Object -Unique | Should -Be 1
            $labels.LeftOutReason | Sort-Object -Unique | Should -Be 'MaskNotFound (1)'
        }

        It 'reports a mask that is not a PNG, and one of another size, as InvalidData' {
            $root = New-CookiesCopy 'broken'
            Set-Content (Join-Path $root 'cookies/masks/predicted/cookie_005.png') '<Error><Code>AccessDenied</Code></Error>'
            $other = Get-Item (Join-Path $root 'cookies/masks/ground-truth/cookie_006.png')
            # A 1x1 PNG in place of a full-size prediction.
            [IO.File]::WriteAllBytes((Join-Path $root 'cookies/masks/predicted/cookie_006.png'), [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC'))
            $labels = @(Measure-LfvSegmentation -Path (Join-Path $root 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $root -ErrorVariable errs -ErrorAction SilentlyContinue)
            ($errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object) | Should -Be @('InvalidMask', 'MaskSizeMismatch')
            $errs.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'InvalidData'
            ($errs | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidMask,*' }).Exception.Message | Should -Match 'HTML or XML'
            $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 22
            $other | Should -Exist
        }

        It 'stops at the first with -ErrorAction Stop' {
            $root = New-CookiesCopy 'stop'
            Remove-Item (Join-Path $root 'cookies/masks/predicted/cookie_003.png')
            { Measure-LfvSegmentation -Path (Join-Path $root 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $root -ErrorAction Stop } |
                Should -Throw -ErrorId 'MaskNotFound,LookoutMetrics.Commands.MeasureLfvSegmentationCommand'
        }

        It 'says once, naming the folder, when none of a model''s masks is found under -MaskRoot' {
            $wrong = Join-Path $TestDrive 'wrong-root'
            $null = New-Item -ItemType Directory $wrong
            $labels = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $wrong -ErrorVariable errs -ErrorAction SilentlyContinue)
            @($errs).Count | Should -Be 1 -Because 'one error, not one for each of the 24 images'
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'MasksNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'cookies 1'
            "$($errs[0])" | Should -Match ([regex]::Escape("None of the 24 masks of cookies 1 was found: the first was looked for at '$wrong"))
            "$($errs[0])" | Should -Match 'Check -MaskRoot'
            $labels | Should -BeNullOrEmpty
        }

        It 'says that a local copy and -MaskRoot work when the masks are in S3 and there are no credentials' {
            $err = $null
            try { $null = Measure-LfvSegmentation -Path $cookies -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'NoCredentials,*'
            "$err" | Should -Match 'No AWS credentials'
            "$err" | Should -Match 'The masks are in S3: a local copy of their bucket .* -MaskRoot <folder> needs no AWS credentials'
        }

        It 'ends at once when -MaskRoot is not a folder' {
            { Measure-LfvSegmentation -Path $cookies -MaskRoot (Join-Path $TestDrive 'nowhere') } |
                Should -Throw -ErrorId 'MaskRootNotFound,LookoutMetrics.Commands.MeasureLfvSegmentationCommand'
        }

        It 'refuses a mask reference that leaves its folder' {
            $root = New-CookiesCopy 'escape'
            $manifest = Join-Path $root 'cookies/EvaluationManifest-cookies-1.json'
            (Get-Content $manifest) -replace 's3://lookoutmetrics-samples/cookies/masks/predicted/cookie_002.png', 'masks/../../../etc/passwd' | Set-Content $manifest
            $null = Measure-LfvSegmentation -Path $manifest -MaskRoot $root -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMaskReference,*'
        }
    }

    It 'resolves relative mask paths against the manifest''s folder, with -LiteralPath too' {
        $root = New-CookiesCopy 'relative'
        $manifest = Join-Path $root 'cookies/EvaluationManifest-cookies-1.json'
        (Get-Content $manifest) -replace 's3://lookoutmetrics-samples/cookies/masks/', 'masks/' | Set-Content $manifest
        $labels = @(Measure-LfvSegmentation -LiteralPath $manifest)
        ($labels | Select-Object ClassName, F1Score, AIOU | ConvertTo-Json) |
            Should -Be (Measure-LfvSegmentation -Path $cookies -MaskRoot $samples | Select-Object ClassName, F1Score, AIOU | ConvertTo-Json)
    }

    It 'warns once per model of a colour in no colour map' {
        $root = New-CookiesCopy 'stray'
        $manifest = Join-Path $root 'cookies/EvaluationManifest-cookies-1.json'
        # Renaming scratch's colour in every map leaves the scratch pixels in no map.
        (Get-Content $manifest) -replace '#2ca02c', '#00ff00' | Set-Content $manifest
        $labels = @(Measure-LfvSegmentation -Path $manifest -MaskRoot $root -WarningVariable warned -WarningAction SilentlyContinue)
        $warned.Count | Should -Be 1
        $warned[0] | Should -Match '#2ca02c'
        ($labels | Where-Object ClassName -EQ 'scratch').TruePositivePixels | Should -Be 0
    }

    It 'warns that a classification model has no masks' {
        $circuit = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
        @(Measure-LfvSegmentation -Path $circuit -WarningVariable warned -WarningAction SilentlyContinue).Count | Should -Be 0
        $warned[0] | Should -Match 'classification model'
    }

    It 'counts the images on a progress bar and completes it' {
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddCommand('Measure-LfvSegmentation').AddParameter('Path', $cookies).AddParameter('MaskRoot', $samples).AddParameter('ThrottleLimit', 1)
            $null = $ps.Invoke()
            # 24 small masks take well under the quarter second a progress record waits for; so the bar may not show, but
            # when it does, its last record completes it.
            $records = @($ps.Streams.Progress | Where-Object Activity -EQ 'Measuring segmentation masks')
            if ($records.Count) { $records[-1].RecordType | Should -Be 'Completed' }
            $ps.HadErrors | Should -BeFalse
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
    }
}

Describe 'Measure-LfvSegmentation through the peers' {
    BeforeAll {
        $script:lfv = Start-LfvPeer
        $script:s3 = Start-MotoS3
        $script:aws = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3Endpoint $s3.Endpoint
    }

    AfterAll {
        Stop-Peer $lfv
        Stop-Peer $s3
    }

    It 'reads the manifest and every mask from S3' {
        $fromS3 = Measure-LfvSegmentation -Uri 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json' @aws
        $local = Measure-LfvSegmentation -Path $cookies -MaskRoot $samples
        ($fromS3 | Select-Object * -ExcludeProperty Source | ConvertTo-Json) | Should -Be ($local | Select-Object * -ExcludeProperty Source | ConvertTo-Json)
    }

    It 'goes from the API to the masks in the bucket' {
        $labels = @(Get-LfvModelPerformance -ProjectName cookies -ModelVersion 1 @aws | Measure-LfvSegmentation @aws)
        $labels.ClassName | Should -Be @('crack', 'scratch')
        $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 24
    }

    It 'checks the pixel figures of a model from the API without -MaskRoot' {
        $rows = @(Test-LfvEvaluation -ProjectName cookies -ModelVersion 1 @aws)
        @($rows | Where-Object ClassName).Count | Should -Be 8
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
    }

    It 'reports a mask missing from the bucket as ObjectNotFound for its image alone' {
        $manifest = Join-Path $TestDrive 'EvaluationManifest-cookies-1.json'
        (Get-Content $cookies) -replace 'masks/predicted/cookie_004.png', 'masks/predicted/no-such-mask.png' | Set-Content $manifest
        $labels = @(Measure-LfvSegmentation -Path $manifest @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MaskNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 23
    }
}
