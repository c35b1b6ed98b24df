BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cb1 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
    $cb2 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json'
}

Describe 'Measure-LfvEvaluation intervals' {
    It 'gives every metric its interval, printed as [lower, upper]' {
        $s = Measure-LfvEvaluation -Path $cb1
        foreach ($name in 'PrecisionInterval', 'RecallInterval', 'AccuracyInterval', 'F1ScoreInterval', 'ROCAUCInterval', 'AveragePrecisionInterval') {
            $ci = $s.$name
            $ci | Should -BeOfType ([LookoutMetrics.ConfidenceInterval]) -Because $name
            $ci.Level | Should -Be 0.95
            "$ci" | Should -Match '^\[\d\.\d{3}, \d\.\d{3}\]$'
            $ci.Lower | Should -BeLessOrEqual $ci.Upper
        }
        $s.PrecisionInterval.Method | Should -Be 'Wilson'
        $s.ROCAUCInterval.Method | Should -Be 'DeLong'
        $s.F1ScoreInterval.Method | Should -Be 'StratifiedBootstrap'
        $s.F1ScoreInterval.Contains($s.F1Score) | Should -BeTrue
        # Wilson of 14 true positives in 16 predicted anomalies, by hand: center 0.8044, half 0.1627.
        [math]::Round($s.PrecisionInterval.Lower, 4) | Should -Be 0.6398
    }

    It 'shows the numbers in Export-Csv and the default table' {
        $csv = Measure-LfvEvaluation -Path $cb1 | ConvertTo-Csv | ConvertFrom-Csv
        $csv.F1ScoreInterval | Should -Match '^\[0\.\d{3}, 0\.\d{3}\]$'
        (Measure-LfvEvaluation -Path $cb1 | Format-Table | Out-String -Width 200) | Should -Match 'F1ScoreInterval'
    }

    It 'gives the same intervals for the same input, and follows -Seed, -ConfidenceLevel and -BootstrapSamples' {
        $a = Measure-LfvEvaluation -Path $cb1
        $b = Measure-LfvEvaluation -Path $cb1
        "$($a.F1ScoreInterval) $($a.AveragePrecisionInterval)" | Should -Be "$($b.F1ScoreInterval) $($b.AveragePrecisionInterval)"
        $other = Measure-LfvEvaluation -Path $cb1 -Seed 7 -BootstrapSamples 3000
        ($other.F1ScoreInterval.Lower -ne $a.F1ScoreInterval.Lower -or $other.F1ScoreInterval.Upper -ne $a.F1ScoreInterval.Upper -or
            $other.AveragePrecisionInterval.Lower -ne $a.AveragePrecisionInterval.Lower) | Should -BeTrue
        $wide = Measure-LfvEvaluation -Path $cb1 -ConfidenceLevel 0.99
        $wide.PrecisionInterval.Level | Should -Be 0.99
        $wide.PrecisionInterval.Lower | Should -BeLessThan $a.PrecisionInterval.Lower
    }

    It 'leaves the intervals out with -NoInterval' {
        $s = Measure-LfvEvaluation -Path $cb1 -NoInterval
        $s.F1ScoreInterval | Should -BeNullOrEmpty
        $s.F1Score | Should -Be (Measure-LfvEvaluation -Path $cb1).F1Score
    }
}

Describe 'Compare-LfvModel significance' {
    It 'pairs the images of two summaries and tests every metric' {
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        $rows = @(Compare-LfvModel $v1 $v2 -WarningVariable warned -WarningAction SilentlyContinue)
        $rows.Count | Should -Be 8
        foreach ($row in $rows) {
            $row.PValue | Should -BeOfType ([double]) -Because $row.Metric
            [double]::IsNaN($row.PValue) | Should -BeFalse -Because $row.Metric
            $row.PValue | Should -BeGreaterOrEqual 0 -Because $row.Metric
            $row.PValue | Should -BeLessOrEqual 1 -Because $row.Metric
            $row.PairedImages | Should -Be 40
        }
        # The exact McNemar p-values of the discordant pairs, worked out by hand from the two manifests.
        $p = @{}; foreach ($row in $rows) { $p[$row.Metric] = $row.PValue }
        [math]::Abs($p.Accuracy - 130 / 256) | Should -BeLessThan 1e-9       # 3 images only version 1 gets right, 6 only version 2
        [math]::Abs($p.Recall - 0.125) | Should -BeLessThan 1e-9             # 0 and 4 among the anomalies
        [math]::Abs($p.FalseNegatives - 0.125) | Should -BeLessThan 1e-9
        [math]::Abs($p.FalsePositives - 1) | Should -BeLessThan 1e-9         # 3 and 2 among the normal images
        ($rows | Where-Object Metric -EQ Accuracy).Test | Should -Be 'McNemar exact, all paired images'
        # 18 anomalies and 22 normal images: too few for the bootstrap and DeLong's normal approximation, so the exact paired
        # permutation test (over 10,000 seeded patterns of the 27 images whose predictions differ) tests those rows, and says so.
        foreach ($metric in 'Precision', 'F1Score', 'ROCAUC', 'AveragePrecision') {
            ($rows | Where-Object Metric -EQ $metric).Test | Should -Be 'Paired permutation, 10000 random patterns (interval approximate)'
        }
        "$warned" | Should -Match 'circuitboard 1 and circuitboard 2: 18 anomalous and 22 normal paired images decided it'
        $rows.Verdict | Sort-Object -Unique | Should -HaveCount 1
        $rows.BetterModel | Where-Object { $_ } | Should -BeNullOrEmpty
        $rows.Decision | Sort-Object -Unique | Should -Be 'NoDifference'
        $rows[0].Verdict | Should -BeLike 'No significant difference on 40 paired images (Holm-adjusted over 8 tests, at the 0.05 level). Decided on 18 anomalous and 22 normal paired images; *'
        # The view names the two models, then the decision and the verdict.
        $view = $rows | Out-String -Width 200
        $view | Should -Match 'Comparing: circuitboard 1 -> circuitboard 2\r?\nDecision: NoDifference\. No significant difference'
        # Every number of a column with the same decimals; p-values with four.
        $lines = $view -split '\r?\n' | Where-Object { $_ -match '^\*?(Precision|Recall|F1Score|ROCAUC|AveragePrecision|Accuracy|FalsePositives|FalseNegatives)\s' }
        $lines.Count | Should -Be 8
        foreach ($line in $lines) { $line | Should -Match '^\*?\w+\s+\d+\.\d{4}\s+\d+\.\d{4}\s+\[[+-]?\d+\.\d{3}, [+-]?\d+\.\d{3}\]\s+\d\.\d{4}$' }
    }

    It 'names the images the two versions classify differently, newly missed defects first (-PerImage)' {
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        # The oracle: the two manifests joined by hand on source-ref.
        $old = @{}
        Get-LfvEvaluationManifest $cb1 | ForEach-Object { $old[$_.SourceRef] = $_ }
        $expected = @{}
        foreach ($new in Get-LfvEvaluationManifest $cb2) {
            $was = $old[$new.SourceRef]
            if (-not $was -or $was.PredictedLabel -eq $new.PredictedLabel) { continue }
            $change = if ($new.IsAnomaly) { if ($was.IsPredictedAnomaly) { 'NewlyMissed' } else { 'NewlyCaught' } }
                      else { if ($new.IsPredictedAnomaly) { 'NewFalseAlarm' } else { 'FalseAlarmRemoved' } }
            $expected[$new.SourceRef] = @{ Change = $change; Old = $was; New = $new }
        }
        $expected.Count | Should -BeGreaterThan 5
        foreach ($pair in @(@($v1, $v2, $false), @($v2, $v1, $true))) {
            $changed = @(Compare-LfvModel $pair[0] $pair[1] -PerImage)
            $changed.Count | Should -Be $expected.Count
            foreach ($c in $changed) {
                $c.PSObject.TypeNames[0] | Should -Be 'LookoutMetrics.ImageComparison'
                $e = $expected[$c.SourceRef]
                $e | Should -Not -BeNullOrEmpty -Because $c.SourceRef
                $reversed = @{ NewlyMissed = 'NewlyCaught'; NewlyCaught = 'NewlyMissed'; NewFalseAlarm = 'FalseAlarmRemoved'; FalseAlarmRemoved = 'NewFalseAlarm' }
                "$($c.Change)" | Should -Be $(if ($pair[2]) { $reversed[$e.Change] } else { $e.Change })
                $first, $second = if ($pair[2]) { $e.New, $e.Old } else { $e.Old, $e.New }
                $c.ReferenceScore | Should -Be $first.AnomalyScore
                $c.DifferenceScore | Should -Be $second.AnomalyScore
                "$($c.ReferenceOutcome)" | Should -Be "$($first.Outcome)"
                "$($c.DifferenceOutcome)" | Should -Be "$($second.Outcome)"
                $c.ImageName | Should -Be $e.New.ImageName
                $c.ActualLabel | Should -Be $e.New.ActualLabel
            }
            # Newly missed defects first, then new false alarms, then what got better.
            $ranks = @($changed | ForEach-Object { [int]$_.Change })
            $ranks | Should -Be @($ranks | Sort-Object)
        }
        # Version 2 catches the 4 anomalies version 1 missed; back the other way they are the defects it would newly miss.
        @(Compare-LfvModel $v2 $v1 -PerImage | Where-Object Change -EQ NewlyMissed).Count | Should -Be 4
        $view = Compare-LfvModel $v2 $v1 -PerImage | Out-String -Width 80
        $view | Should -Match 'Images that changed: circuitboard 2 -> circuitboard 1'
        $view | Should -Match '(?m)^NewlyMissed\s+anomaly\s+\d\.\d{4}\s+\d\.\d{4} \S+\.jpg'
        # A model without per-image data is one error that says what to give.
        $r1 = Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json')
        $out = @(Compare-LfvModel $r1 $v2 -PerImage -ErrorVariable failed -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NoPerImageData,*'
        $failed[0].Exception.Message | Should -Match 'circuitboard 1 has none .*Measure-LfvEvaluation'
    }

    It 'says the test sets differ when only some images pair' {
        $lines = Get-Content $cb1
        $partial = Join-Path $TestDrive 'EvaluationManifest-circuitboard-1.json'
        $lines | Select-Object -First 25 | Set-Content $partial
        $v1 = Measure-LfvEvaluation -Path $partial
        $v2 = Measure-LfvEvaluation -Path $cb2
        $rows = @(Compare-LfvModel $v1 $v2 -WarningVariable warned -WarningAction SilentlyContinue)
        $warned.Count | Should -BeGreaterThan 0
        "$warned" | Should -Match 'different images: \d+ are in both'
        $rows.PairedImages | Sort-Object -Unique | Should -BeLessOrEqual 25
    }

    It 'leaves PValue empty and says why for objects with no per-image data' {
        $r1 = Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json')
        $r2 = Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-2.json')
        $rows = @(Compare-LfvModel $r1 $r2)
        $rows.PValue | Where-Object { $null -ne $_ } | Should -BeNullOrEmpty
        $rows[0].Test | Should -Match '^Not tested: circuitboard 1 has no per-image data'
        # A summary piped through Select-Object loses its images too.
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        (Compare-LfvModel ($v1 | Select-Object *) $v2)[0].Test | Should -Match '^Not tested'
    }

    It 'follows -SignificanceLevel' {
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        $strict = @(Compare-LfvModel $v1 $v2 -SignificanceLevel 0.0001 -WarningAction SilentlyContinue)
        $strict.Significant | Where-Object { $_ } | Should -BeNullOrEmpty
        $strict[0].Verdict | Should -Match '^No significant difference on \d+ paired images \(Holm-adjusted over 8 tests, at the 0\.0001 level\)\. Decided on 18 anomalous'
    }
}

Describe 'Compare-LfvModel verdict' {
    BeforeAll {
        $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
        $script:pair = @{ ReferenceObject = $v1; DifferenceObject = $v2; WarningAction = 'SilentlyContinue' }
        # Three times the samples' test set (each image photographed three times): 54 anomalies and 66 normal images, enough for the
        # bootstrap and DeLong's test, and for version 2's gains to show.
        $large = foreach ($v in 1, 2) {
            $lines = Get-Content (Get-Variable "cb$v" -ValueOnly)
            $path = Join-Path $TestDrive "EvaluationManifest-circuitboard-$v.json"
            Set-Content $path @(foreach ($k in 1..3) { foreach ($line in $lines) { $line -replace '\.jpg"', "-shot$k.jpg`"" } })
            Measure-LfvEvaluation -Path $path
        }
        $script:largePair = @{ ReferenceObject = $large[0]; DifferenceObject = $large[1]; WarningAction = 'SilentlyContinue' }
    }

    It 'adjusts its own rows'' p-values as statsmodels'' multipletests(method=holm) does' {
        $rows = @(Compare-LfvModel @pair)
        $spec = @{ holm = @(, @($rows.PValue)) } | ConvertTo-Json -Depth 4 -Compress
        $expected = ($spec | /usr/bin/python3 (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/oracles/stats_oracle.py') | ConvertFrom-Json).holm[0]
        $LASTEXITCODE | Should -Be 0
        for ($i = 0; $i -lt 8; $i++) {
            [math]::Abs($rows[$i].AdjustedPValue - $expected[$i]) | Should -BeLessThan 1e-12 -Because $rows[$i].Metric
            $rows[$i].Significant | Should -Be ($rows[$i].AdjustedPValue -lt 0.05)
        }
        ($rows | Where-Object Metric -EQ AveragePrecision).AdjustedPValue | Should -BeGreaterThan 0.05
    }

    It 'decides on the primary metric at its raw p, and marks its row' {
        $rows = @(Compare-LfvModel @largePair -PrimaryMetric AveragePrecision)
        @($rows | Where-Object IsPrimary).Metric | Should -Be 'AveragePrecision'
        $ap = $rows | Where-Object IsPrimary
        $ap.Test | Should -Be 'Paired stratified bootstrap, 2000 replicates'
        $ap.PValue | Should -BeLessThan 0.05
        $ap.Significant | Should -BeTrue
        $ap.BetterModel | Should -Be 'circuitboard 2'
        $rows.Decision | Sort-Object -Unique | Should -Be 'Better'
        $rows[0].Verdict | Should -Match '^On the primary metric AveragePrecision, circuitboard 2 is better on 120 paired images \(change \+0\.0720 \[\+\d\.\d{3}, \+\d\.\d{3}\], p = 0\.\d{4}\)\. Secondary results, Holm-adjusted over 8 tests: circuitboard 2 better on '
        # F1's own p is below 0.05 but its Holm-adjusted one is not, and the verdict says why in words.
        $f1 = $rows | Where-Object Metric -EQ F1Score
        $f1.PValue | Should -BeLessThan 0.05
        $f1.Significant | Should -BeFalse
        $rows[0].Verdict | Should -Match ('F1Score \(change \+0\.0995, p = {0:0.0000}, adjusted {1:0.0000}\): its p is below 0\.05 alone but not after Holm''s adjustment over 8 tests' -f $f1.PValue, $f1.AdjustedPValue)
        ($rows | Out-String -Width 80) | Should -Match '(?m)^\*AveragePrecision\s'
        # The Holm-adjusted rows are the same with or without a primary metric.
        $plain = @(Compare-LfvModel @largePair)
        $rows.AdjustedPValue | Should -Be $plain.AdjustedPValue
        # On the samples' 40 images the same gain is not called: 18 anomalies are tested by permutation.
        $small = @(Compare-LfvModel @pair -PrimaryMetric AveragePrecision) | Where-Object IsPrimary
        $small.Significant | Should -BeFalse
        $small.Test | Should -Match '^Paired permutation'
    }

    It 'answers "not worse by more than" with the interval of the change' {
        $wide = @(Compare-LfvModel @pair -NonInferiorityMargin 0.05)
        $f1 = $wide | Where-Object IsPrimary
        $f1.Metric | Should -Be 'F1Score'
        $f1.ChangeInterval.Lower | Should -BeGreaterThan -0.05
        $wide.Decision | Sort-Object -Unique | Should -Be 'NotWorse'
        $wide[0].Verdict | Should -BeLike 'circuitboard 2 is not worse than circuitboard 1 by more than 0.05 in F1Score on 40 paired images: change +0.0995, 95% interval `[*`] lies wholly above -0.05. Decided on 18 anomalous and 22 normal paired images; *'
        # The other way round, version 1 may well be worse than version 2 by more than 0.05.
        $back = @(Compare-LfvModel $pair.DifferenceObject $pair.ReferenceObject -NonInferiorityMargin 0.05 -WarningAction SilentlyContinue)
        $back[0].Decision | Should -Be 'Inconclusive'
        ($back | Where-Object IsPrimary).ChangeInterval.Lower | Should -BeLessThan -0.05
    }

    It 'gives every row the interval of its change at -ConfidenceLevel, reproducibly' {
        $a = @(Compare-LfvModel @pair -Seed 3)
        $b = @(Compare-LfvModel @pair -Seed 3)
        $narrow = @(Compare-LfvModel @pair -Seed 3 -ConfidenceLevel 0.5)
        for ($i = 0; $i -lt 8; $i++) {
            "$($a[$i].ChangeInterval)" | Should -Be "$($b[$i].ChangeInterval)"
            $a[$i].ChangeInterval.Level | Should -Be 0.95
            $narrow[$i].ChangeInterval.Level | Should -Be 0.5
            $narrow[$i].ChangeInterval.Lower | Should -BeGreaterOrEqual $a[$i].ChangeInterval.Lower
            $narrow[$i].ChangeInterval.Upper | Should -BeLessOrEqual $a[$i].ChangeInterval.Upper
        }
        # Version 2 misses none of the 4 anomalies version 1 misses, and misses no other: 4 discordant pairs, all one way. McNemar's
        # exact p is 2 / 2^4 = 0.125, so the exact conditional interval of the change (-4 at most) reaches past 0, as the test says.
        $fn = $a | Where-Object Metric -EQ FalseNegatives
        [math]::Abs($fn.PValue - 0.125) | Should -BeLessThan 1e-12
        $fn.ChangeInterval.Lower | Should -Be -4
        $fn.ChangeInterval.Upper | Should -BeGreaterThan 0
        ($a | ConvertTo-Csv | ConvertFrom-Csv)[0].ChangeInterval | Should -Match '^\[[+-]\d\.\d{3}, [+-]\d\.\d{3}\]$'
    }

    It 'names a model compared with itself by its thresholds' {
        $own = Measure-LfvEvaluation -Path $cb1
        $strict = Measure-LfvEvaluation -Path $cb1 -Threshold 0.8
        $rows = @(Compare-LfvModel $own $strict)
        $rows[0].ReferenceModel | Should -Be 'circuitboard 1 (its own threshold)'
        $rows[0].DifferenceModel | Should -Be 'circuitboard 1 (threshold 0.8)'
        ($rows | Out-String -Width 200) | Should -Match 'Comparing: circuitboard 1 \(its own threshold\) -> circuitboard 1 \(threshold 0\.8\)'
    }

    It 'stops a million-replicate comparison within a second of Ctrl+C' {
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddScript("`$v1, `$v2 = Measure-LfvEvaluation -Path '$cb1', '$cb2' -NoInterval").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Compare-LfvModel').AddParameter('ReferenceObject', $ps.Runspace.SessionStateProxy.GetVariable('v1')).
                AddParameter('DifferenceObject', $ps.Runspace.SessionStateProxy.GetVariable('v2')).AddParameter('BootstrapSamples', 1000000)
            $handle = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 400
            $handle.IsCompleted | Should -BeFalse -Because 'a million replicates take longer than this'
            $stopped = Stop-ModuleCommand $ps $handle
            $stopped.State | Should -Be 'Stopped'
            $stopped.Seconds | Should -BeLessThan 1
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
    }
}

Describe 'Get-LfvMetricCurve costs' {
    It 'marks the cheapest point and the best precision at a recall floor' {
        $points = @(Get-LfvMetricCurve -Path $cb1 -FalsePositiveCost 1 -FalseNegativeCost 10 -MinimumRecall 0.9)
        $cheapest = @($points | Where-Object IsLowestCost)
        $cheapest.Count | Should -Be 1
        $cheapest[0].Cost | Should -Be (($points | Measure-Object Cost -Minimum).Minimum)
        $cheapest[0].Cost | Should -Be ($cheapest[0].FalsePositives + 10 * $cheapest[0].FalseNegatives)
        $best = @($points | Where-Object IsBestAtRecall)
        $best.Count | Should -Be 1
        $best[0].Recall | Should -BeGreaterOrEqual 0.9
        $best[0].Precision | Should -Be (($points | Where-Object Recall -GE 0.9 | Measure-Object Precision -Maximum).Maximum)
    }

    It 'finds full recall at the lowest threshold that gives it, and has no cost without costs' {
        $points = @(Get-LfvMetricCurve -Path $cb1 -MinimumRecall 1.0)
        $best = @($points | Where-Object IsBestAtRecall)
        $best.Count | Should -Be 1
        $best[0].FalseNegatives | Should -Be 0
        $points.Cost | Where-Object { $null -ne $_ } | Should -BeNullOrEmpty
    }
}
