BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cb1 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
    $cb2 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json'
    $cookies = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
    $cb1Result = Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json'

    # Writes a manifest of (actual, predicted, confidence) triples, in the documented shape.
    function script:New-Manifest {
        param([string] $Name, [object[]] $Rows)
        $path = Join-Path $TestDrive $Name
        $lines = for ($i = 0; $i -lt $Rows.Count; $i++) {
            $a, $p, $c = $Rows[$i]
            @{ 'source-ref' = "s3://b/img$i.jpg"; 'anomaly-label' = $a; 'anomaly-label-metadata' = @{ 'class-name' = 'x' }
                'anomaly-label-detected' = $p; 'anomaly-label-detected-metadata' = @{ confidence = $c; 'project-name' = 'hand'; 'model-version' = '1' }
            } | ConvertTo-Json -Compress -Depth 4
        }
        Set-Content -LiteralPath $path -Value $lines
        $path
    }
}

Describe 'Measure-LfvEvaluation' {
    It 'gives the same summary from the pipeline and from -Path' {
        $piped = Get-LfvEvaluationManifest $cb1 | Measure-LfvEvaluation
        $direct = Measure-LfvEvaluation -Path $cb1
        $piped | Should -BeOfType ([LookoutMetrics.EvaluationSummary])
        foreach ($p in 'Images', 'TruePositives', 'FalsePositives', 'TrueNegatives', 'FalseNegatives', 'Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision') {
            $piped.$p | Should -Be $direct.$p
        }
    }

    It 'recomputes what the sample results report' {
        foreach ($pair in @(@($cb1, $cb1Result), @($cookies, (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json')))) {
            $s = Measure-LfvEvaluation -Path $pair[0]
            $r = Get-LfvEvaluationResult $pair[1]
            foreach ($m in 'Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision') {
                [math]::Abs($s.$m - $r.$m) | Should -BeLessThan 1e-6 -Because "$m of $($pair[0])"
            }
        }
    }

    It 'counts what Group-Object counts' {
        $images = Get-LfvEvaluationManifest $cookies
        $s = $images | Measure-LfvEvaluation
        $s.TruePositives | Should -Be @($images | Where-Object Outcome -EQ 'TruePositive').Count
        $s.FalseNegatives | Should -Be @($images | Where-Object Outcome -EQ 'FalseNegative').Count
        $s.Correct | Should -Be @($images | Where-Object IsCorrect).Count
        $s.Anomalous | Should -Be @($images | Where-Object ActualLabel -EQ 'anomaly').Count
        $s.Accuracy | Should -Be ($s.Correct / $s.Images)
        $s.Threshold | Should -BeNullOrEmpty
    }

    It 'writes one summary per model, in input order' {
        $out = @($cookies, $cb2, $cb1 | Get-LfvEvaluationManifest | Measure-LfvEvaluation)
        ($out | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" }) | Should -Be @('cookies/1', 'circuitboard/2', 'circuitboard/1')
    }

    It 're-derives every prediction at -Threshold' {
        foreach ($t in 0.2, 0.5, 0.8, 0.95) {
            $images = Get-LfvEvaluationManifest $cb2
            $s = Measure-LfvEvaluation -Path $cb2 -Threshold $t
            $s.Threshold | Should -Be $t
            $s.TruePositives | Should -Be @($images | Where-Object { $_.ActualLabel -eq 'anomaly' -and $_.AnomalyScore -ge $t }).Count
            $s.FalsePositives | Should -Be @($images | Where-Object { $_.ActualLabel -eq 'normal' -and $_.AnomalyScore -ge $t }).Count
            $s.ROCAUC | Should -Be (Measure-LfvEvaluation -Path $cb2).ROCAUC
        }
    }

    It 'handles scores tied across classes as one point' {
        # anomaly 0.8, anomaly 0.5 (predicted normal, confidence 0.5), normal 0.5 (predicted anomaly), normal 0.2
        $path = New-Manifest 'ties.json' @(@(1, 1, 0.8), @(1, 0, 0.5), @(0, 1, 0.5), @(0, 0, 0.8))
        $s = Measure-LfvEvaluation -Path $path
        $s.ROCAUC | Should -Be 0.875
        [math]::Round($s.AveragePrecision, 12) | Should -Be ([math]::Round(5 / 6, 12))
    }

    It 'says why ROC AUC is NaN when the test set holds one class' {
        $path = New-Manifest 'normal-only.json' @(@(0, 0, 0.9), @(0, 1, 0.6), @(0, 0, 0.7))
        $s = Measure-LfvEvaluation -Path $path -WarningVariable w -WarningAction SilentlyContinue
        [double]::IsNaN($s.ROCAUC) | Should -BeTrue
        [double]::IsNaN($s.AveragePrecision) | Should -BeTrue
        ($w -join ' ') | Should -Match 'only normal images \(3\).*ROC AUC is NaN'
    }

    It 'gives precision 0 and a warning when the model predicts no anomaly' {
        $path = New-Manifest 'no-anomaly.json' @(@(1, 0, 0.6), @(0, 0, 0.9), @(1, 0, 0.55))
        $s = Measure-LfvEvaluation -Path $path -WarningVariable w -WarningAction SilentlyContinue
        $s.Precision | Should -Be 0
        $s.Recall | Should -Be 0
        ($w -join ' ') | Should -Match 'no image is predicted anomalous'
    }

    It 'reports a bad line and measures every good one' {
        $lines = Get-Content $cb1
        $bad = Join-Path $TestDrive 'EvaluationManifest-circuitboard-1.json'
        Set-Content $bad (@($lines[0..9]) + '{"broken": ' + @($lines[10..39]))
        $s = Measure-LfvEvaluation -Path $bad -ErrorVariable errs -ErrorAction SilentlyContinue
        $s.Images | Should -Be 40
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifestLine,*'
        $errs[0].TargetObject | Should -Be "${bad}:11"
    }
}

Describe 'Get-LfvMetricCurve' {
    It 'writes one point per distinct score, highest first, with one best F1' {
        $images = Get-LfvEvaluationManifest $cb1
        $curve = @(Get-LfvMetricCurve -Path $cb1)
        $curve.Count | Should -Be @($images.AnomalyScore | Sort-Object -Unique).Count
        $curve[0] | Should -BeOfType ([LookoutMetrics.MetricCurvePoint])
        $curve.Threshold | Should -Be @($images.AnomalyScore | Sort-Object -Unique -Descending)
        @($curve | Where-Object IsBestF1).Count | Should -Be 1
        ($curve | Where-Object IsBestF1).F1Score | Should -Be ($curve.F1Score | Measure-Object -Maximum).Maximum
        $curve[-1].Recall | Should -Be 1
        $curve[-1].FalsePositiveRate | Should -Be 1
    }

    It 'agrees with Measure-LfvEvaluation at every threshold and in area' {
        $curve = @(Get-LfvMetricCurve -Path $cookies)
        foreach ($p in $curve | Select-Object -First 5) {
            $s = Measure-LfvEvaluation -Path $cookies -Threshold $p.Threshold
            $s.TruePositives | Should -Be $p.TruePositives
            $s.FalsePositives | Should -Be $p.FalsePositives
            $s.Precision | Should -Be $p.Precision
        }
        $area = 0; $x = 0; $y = 0
        foreach ($p in $curve) { $area += ($p.FalsePositiveRate - $x) * ($p.Recall + $y) / 2; $x = $p.FalsePositiveRate; $y = $p.Recall }
        [math]::Abs($area - (Measure-LfvEvaluation -Path $cookies).ROCAUC) | Should -BeLessThan 1e-12
    }

    It 'exports to CSV with every column' {
        $csv = Join-Path $TestDrive 'curve.csv'
        Get-LfvEvaluationManifest $cb1, $cb2 | Get-LfvMetricCurve | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows[0].PSObject.Properties.Name | Should -Be @('ProjectName', 'ModelVersion', 'ModelVersionNumber', 'Threshold', 'TruePositives', 'FalsePositives', 'TrueNegatives',
            'FalseNegatives', 'Precision', 'Recall', 'FalsePositiveRate', 'F1Score', 'IsBestF1', 'Cost', 'IsLowestCost', 'IsBestAtRecall', 'Folds', 'OutOfFoldPrecision', 'OutOfFoldRecall', 'OutOfFoldF1Score', 'OutOfFoldCost')
        ($rows.ModelVersion | Sort-Object -Unique) | Should -Be @('1', '2')
        ($rows.ModelVersionNumber | Sort-Object -Unique) | Should -Be @('1', '2')
    }
}

Describe 'Test-LfvEvaluation' {
    It 'agrees on every figure of a sample model' {
        $rows = @(Test-LfvEvaluation -ManifestPath $cb1 -ResultPath $cb1Result)
        $rows.Metric | Should -Be @('Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision', 'NumberOfTestingImages')
        $rows[0] | Should -BeOfType ([LookoutMetrics.MetricCheck])
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
        $rows.ReportedBy | Sort-Object -Unique | Should -Be 'EvaluationResult'
        Test-LfvEvaluation -ManifestPath $cb1 -ResultPath $cb1Result -Quiet | Should -BeTrue
    }

    It 'finds a figure that does not hold' {
        $json = Get-Content $cb1Result -Raw | ConvertFrom-Json
        $json.AggregatedEvaluationResults.Metrics.Recall = 0.95
        $tampered = Join-Path $TestDrive 'EvaluationResult-circuitboard-1.json'
        $json | ConvertTo-Json -Depth 6 | Set-Content $tampered
        $rows = @(Test-LfvEvaluation -ManifestPath $cb1 -ResultPath $tampered)
        $recall = $rows | Where-Object Metric -EQ 'Recall'
        $recall.Agrees | Should -BeFalse
        $recall.Reported | Should -Be 0.95
        [math]::Round($recall.Difference, 6) | Should -Be ([math]::Round(7 / 9 - 0.95, 6))
        @($rows | Where-Object { -not $_.Agrees }).Count | Should -Be 1
        Test-LfvEvaluation -ManifestPath $cb1 -ResultPath $tampered -Quiet | Should -BeFalse
        Test-LfvEvaluation -ManifestPath $cb1 -ResultPath $tampered -Quiet -Tolerance 0.2 | Should -BeTrue
    }

    It 'locates the manifest beside a piped EvaluationResult' {
        $rows = @(Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult | Test-LfvEvaluation -MaskRoot $samples)
        $rows.Count | Should -Be 26 # six figures of each model, and four of each of the cookies model's two labels
        ($rows | Group-Object ProjectName, ModelVersion -NoElement).Name | Should -Be @('circuitboard, 1', 'circuitboard, 2', 'cookies, 1')
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
    }

    It 'says so when the manifest cannot be located, and -Quiet is false' {
        $lonely = Join-Path $TestDrive 'lonely'
        $null = New-Item -ItemType Directory $lonely
        Copy-Item $cb1Result $lonely
        $quiet = Get-LfvEvaluationResult (Join-Path $lonely 'EvaluationResult-circuitboard-1.json') | Test-LfvEvaluation -Quiet -ErrorVariable errs -ErrorAction SilentlyContinue
        $quiet | Should -BeFalse
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $errs[0].TargetObject | Should -Match 'EvaluationManifest-circuitboard-1.json$'
    }

    It 'is not quiet about a manifest with a bad line' {
        $lines = Get-Content $cb1
        $dir = Join-Path $TestDrive 'badline'
        $null = New-Item -ItemType Directory $dir
        Set-Content (Join-Path $dir 'EvaluationManifest-circuitboard-1.json') (@($lines) + '{"oops"')
        Copy-Item $cb1Result $dir
        Test-LfvEvaluation -ManifestPath (Join-Path $dir 'EvaluationManifest-circuitboard-1.json') -ResultPath (Join-Path $dir 'EvaluationResult-circuitboard-1.json') -Quiet -ErrorAction SilentlyContinue |
            Should -BeFalse
    }

    It 'reads a manifest with another label attribute when -LabelAttribute names it' {
        # 'defect' has no 'defect-metadata', so it cannot be told from the lines: only -LabelAttribute finds it.
        $dir = Join-Path $TestDrive 'labelattribute'
        $null = New-Item -ItemType Directory $dir
        $lines = Get-Content $cb1 | ForEach-Object {
            $o = $_ | ConvertFrom-Json
            [ordered]@{ 'source-ref' = $o.'source-ref'; 'defect' = $o.'anomaly-label'
                'defect-detected' = $o.'anomaly-label-detected'; 'defect-detected-metadata' = $o.'anomaly-label-detected-metadata'
            } | ConvertTo-Json -Compress -Depth 5
        }
        $manifest = Join-Path $dir 'EvaluationManifest-circuitboard-1.json'
        Set-Content $manifest $lines
        Test-LfvEvaluation -ManifestPath $manifest -ResultPath $cb1Result -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        $rows = @(Test-LfvEvaluation -ManifestPath $manifest -ResultPath $cb1Result -LabelAttribute defect)
        $rows.Count | Should -Be 6
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
    }

    It 'refuses an object it cannot check' {
        $null = [pscustomobject]@{ Precision = 1 } | Test-LfvEvaluation -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInputObject,*'
    }
}

Describe 'Nothing partial is silent' {
    It 'says on the summary, and in one warning, how many lines were left out and why' {
        $lines = Get-Content $cb1
        $damaged = Join-Path $TestDrive 'EvaluationManifest-circuitboard-1.json'
        # Two bad lines in the middle, and a last line cut short, as a download that stopped would leave it.
        @($lines[0..9]) + '{"source-ref": broken' + @($lines[10..37]) + 'not json at all' + $lines[38] + $lines[39].Substring(0, 60) | Set-Content $damaged
        $s = Measure-LfvEvaluation -Path $damaged -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $s.Images | Should -Be 39
        @($errs).Count | Should -Be 3
        $s.LinesLeftOut | Should -Be 3
        $s.LeftOutReason | Should -Be 'InvalidManifestLine (3)'
        @($warned | Where-Object { "$_" -match 'left out' }).Count | Should -Be 1
        "$($warned | Where-Object { "$_" -match 'left out' })" | Should -Match '^circuitboard 1: 3 manifest lines were left out \(InvalidManifestLine \(3\)\), so its figures are those of the 39 images read'
        # A whole read says nothing.
        $whole = Measure-LfvEvaluation -Path $cb1 -WarningVariable quiet
        $whole.LinesLeftOut | Should -Be 0
        $whole.LeftOutReason | Should -BeNullOrEmpty
        @($quiet).Count | Should -Be 0
        # A script without -ErrorAction Stop can see it.
        $r = Invoke-PwshFile -File (New-Item (Join-Path $TestDrive 'partial.ps1') -Value "Import-Module '$env:LOOKOUTMETRICS_MODULE'; `$s = Measure-LfvEvaluation -Path '$damaged' 2>`$null 3>`$null; if (`$s.LinesLeftOut) { exit 4 }").FullName
        $r.ExitCode | Should -Be 4
    }
}

Describe 'Compare-LfvModel' {
    It 'puts two versions side by side and says which is better' {
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        $rows = @(Compare-LfvModel -ReferenceObject $v1 -DifferenceObject $v2)
        $rows[0] | Should -BeOfType ([LookoutMetrics.ModelComparison])
        $rows.Metric | Should -Be @('Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision', 'Accuracy', 'FalsePositives', 'FalseNegatives')
        $recall = $rows | Where-Object Metric -EQ 'Recall'
        $recall.ReferenceValue | Should -Be $v1.Recall
        $recall.DifferenceValue | Should -Be $v2.Recall
        $recall.Change | Should -Be ($v2.Recall - $v1.Recall)
        $recall.Better | Should -Be 'Difference'
        ($rows | Where-Object Metric -EQ 'FalsePositives').Better | Should -Be 'Reference' # 3 mistakes against 2: lower is better
        $rows[0].ReferenceModel | Should -Be 'circuitboard 1'
        $rows[0].DifferenceModel | Should -Be 'circuitboard 2'
    }

    It 'compares reported results too, and only the metrics they carry' {
        $r1, $r2 = Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-*.json')
        $rows = @($r2 | Compare-LfvModel -ReferenceObject $r1)
        $rows.Metric | Should -Be @('Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision')
    }

    It 'calls an unchanged metric Equal' {
        $s = Measure-LfvEvaluation -Path $cookies
        (Compare-LfvModel $s $s).Better | Sort-Object -Unique | Should -Be 'Equal'
    }

    It 'refuses objects without metrics' {
        { Compare-LfvModel -ReferenceObject ([pscustomobject]@{ Name = 'x' }) -DifferenceObject (Measure-LfvEvaluation -Path $cb1) } |
            Should -Throw -ErrorId 'NotAModel,LookoutMetrics.Commands.CompareLfvModelCommand'
        $null = Compare-LfvModel (Measure-LfvEvaluation -Path $cb1) ([pscustomobject]@{ Name = 'x' }) -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAModel,*'
    }
}

Describe 'Get-LfvReviewBand' {
    It 'sorts the images as its figures say, within the rates asked for, from a file and from the pipeline alike' {
        $images = @(Get-LfvEvaluationManifest $cb1)
        foreach ($rates in @(@(0, 0), @(0.1, 0.05), @(0.3, 0.3))) {
            $band = Get-LfvReviewBand -Path $cb1 -MaximumMissRate $rates[0] -MaximumFalseAlarmRate $rates[1] -WarningAction SilentlyContinue
            $piped = $images | Get-LfvReviewBand -MaximumMissRate $rates[0] -MaximumFalseAlarmRate $rates[1] -WarningAction SilentlyContinue
            $piped.PassBelow | Should -Be $band.PassBelow
            $piped.FailFrom | Should -Be $band.FailFrom
            $escapes = @($images | Where-Object { $_.IsAnomaly -and $_.AnomalyScore -lt $band.PassBelow }).Count
            $alarms = @($images | Where-Object { -not $_.IsAnomaly -and $_.AnomalyScore -ge $band.FailFrom }).Count
            $review = @($images | Where-Object { $_.AnomalyScore -ge $band.PassBelow -and $_.AnomalyScore -lt $band.FailFrom }).Count
            $band.Escapes | Should -Be $escapes
            $band.FalseAlarms | Should -Be $alarms
            $band.ReviewImages | Should -Be $review
            $escapes | Should -BeLessOrEqual ([math]::Floor($rates[0] * @($images | Where-Object IsAnomaly).Count + 1e-9))
            $alarms | Should -BeLessOrEqual ([math]::Floor($rates[1] * @($images | Where-Object { -not $_.IsAnomaly }).Count + 1e-9))
        }
    }
}
