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
        @($rows | Where-Object ClassName).Count | Should -Be 0
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
