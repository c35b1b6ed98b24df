BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $repo = $env:LOOKOUTMETRICS_REPO
    $samples = Join-Path $repo 'samples'
    $shots = Join-Path $repo 'out/TestResults/report-screenshots'
    $null = New-Item -ItemType Directory -Force $shots

    # Opens a report in headless Chromium and returns what report/check-report.mjs saw (a screenshot is kept).
    function script:Open-Report {
        param([string] $Report, [string] $Name)
        $shot = Join-Path $shots "$Name.png"
        $json = & node (Join-Path $repo 'report/check-report.mjs') $Report $shot 2>&1
        if ($LASTEXITCODE -ne 0) { throw "check-report.mjs failed: $json" }
        $result = ($json | Select-Object -Last 1) | ConvertFrom-Json
        $result | Add-Member Screenshot $shot
        $result
    }
    function script:Figure($Seen, [string] $Model, [string] $Metric) {
        @($Seen.figures | Where-Object { $_.model -eq $Model -and $_.metric -eq $Metric })[0].text
    }
}

Describe 'Export-LfvReport in a real browser' {
    BeforeAll {
        $script:report = Join-Path $TestDrive 'report.html'
        $script:file = Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json' | Export-LfvReport -Path $report -MaskRoot $samples -Title 'Release check' -PassThru
        $script:seen = Open-Report $report 'samples'
    }

    It 'writes one self-contained file whose policy forbids fetching anything' {
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $report
        $html = Get-Content $report -Raw
        $html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src ''none''; script-src ''sha256-'
        $html | Should -Not -Match '<script[^>]+src='
        $html | Should -Not -Match '<link[^>]+href='
        $html | Should -Match 'uPlot'
        $html | Should -Match 'Tabulator'
        $html | Should -Match 'MIT'
    }

    It 'loads with no console error, no script error and no network request' {
        $seen.pageErrors | Should -BeNullOrEmpty
        $seen.consoleErrors | Should -BeNullOrEmpty
        $seen.requests | Should -BeNullOrEmpty
        $seen.title | Should -Be 'Release check'
        $seen.charts | Should -Be 9
        $seen.Screenshot | Should -Exist
    }

    It 'shows the figures the cmdlets compute, model by model' {
        foreach ($s in Measure-LfvEvaluation -Path (Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json').FullName) {
            $model = "$($s.ProjectName) $($s.ModelVersion)"
            foreach ($m in 'Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision', 'Accuracy') {
                Figure $seen $model $m | Should -Be $s.$m.ToString('0.000', [cultureinfo]::InvariantCulture) -Because "$model $m"
                Figure $seen $model "${m}Interval" | Should -Be "$($s."${m}Interval")" -Because "$model $m interval"
            }
            foreach ($m in 'Images', 'Correct', 'Incorrect', 'TruePositives', 'FalsePositives', 'TrueNegatives', 'FalseNegatives') {
                Figure $seen $model $m | Should -Be "$($s.$m)" -Because "$model $m"
            }
            $table = $seen.tables.$model
            $table.total | Should -Be $s.Images
            $table.incorrect | Should -Be $s.Incorrect
            $table.searched | Should -Be 1
            $table.firstPage | Should -Be ([Math]::Min(25, $s.Images))
        }
    }

    It 'marks each reported figure as agreeing with the recomputed one' {
        $reported = @($seen.figures | Where-Object { $_.metric -like 'Reported*' })
        $reported.Count | Should -Be 15 # five figures of each of the three result files
        $reported.agrees | Sort-Object -Unique | Should -Be $true
    }

    It 'draws every curve whole, with the model''s threshold inside the chart, even where recall reaches 1' {
        # Every model's marker sits where its cards' figures are (circuitboard 1 has a normal image at 0.49 that the
        # nearest threshold to 0.5 would include).
        $lowest = @()
        foreach ($s in Measure-LfvEvaluation -Path (Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json').FullName) {
            $name = "$($s.ProjectName) $($s.ModelVersion)"
            $charts = @($seen.chartData | Where-Object model -EQ $name)
            $expected = @{ 'ROC curve' = @(($s.FalsePositives / $s.Normal), $s.Recall); 'Precision and recall' = @($s.Recall, $s.Precision) }
            foreach ($chart in $expected.Keys) {
                $x, $y = ($charts | Where-Object chart -EQ $chart).marker -split ',' | ForEach-Object { [double] $_ }
                [math]::Abs($x - $expected[$chart][0]) | Should -BeLessThan 1e-9 -Because "$name $chart"
                [math]::Abs($y - $expected[$chart][1]) | Should -BeLessThan 1e-9 -Because "$name $chart"
            }
            $f1x, $f1y = ($charts | Where-Object chart -EQ 'F1 score by threshold').marker -split ',' | ForEach-Object { [double] $_ }
            [math]::Abs($f1y - $s.F1Score) | Should -BeLessThan 1e-9 -Because "$name F1"
            # On the threshold axis, at the model's own threshold as the caption says (0.5: no curve point lies between 0.5 and
            # the lowest score the model called anomalous), not at that score.
            $f1x | Should -Be 0.5 -Because "$name's marker sits at its threshold"
            $lowest += @((Get-LfvEvaluationManifest $s.Source | Where-Object { $_.PredictedLabel -eq 'anomaly' } | Measure-Object AnomalyScore -Minimum).Minimum)
        }
        # The test means something: for some model the lowest score called anomalous lies above 0.5, where the marker used to sit.
        @($lowest | Where-Object { $_ -gt 0.5 }).Count | Should -BeGreaterThan 0
        $curves = @($seen.chartData | Where-Object model -EQ 'circuitboard 2')
        $curves.Count | Should -Be 3
        foreach ($c in $curves) {
            $lo, $hi = $c.range -split ',' | ForEach-Object { [double] $_ }
            $mx, $my = $c.marker -split ',' | ForEach-Object { [double] $_ }
            foreach ($v in $mx, $my) { $v | Should -BeGreaterThan $lo -Because "$($c.chart): the marker is inside, not on the edge"; $v | Should -BeLessThan $hi -Because $c.chart }
            $c.points | Should -Be (@(Get-LfvMetricCurve -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json')).Count + [int]($c.chart -eq 'ROC curve'))
        }
    }

    It 'says first what it holds: models, figures checked and whether they agree, what was compared' {
        $seen.summary.first | Should -BeTrue
        $checked = @(Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult |
            Test-LfvEvaluation -MaskRoot $samples | Where-Object { $null -ne $_.Agrees }).Count
        $checked | Should -BeGreaterThan 15
        $seen.summary.line | Should -Be "3 model versions, $checked reported figures checked, all agree."
        $seen.summary.disagreeing | Should -BeNullOrEmpty
        $seen.summary.problems | Should -BeNullOrEmpty
        $v1, $v2 = Measure-LfvEvaluation -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-*.json')
        $decision = (Compare-LfvModel $v1 $v2 -WarningAction SilentlyContinue)[0].Decision
        $seen.summary.compared | Should -Be "Compared: circuitboard 1 $([char]0x2192) circuitboard 2 ($decision)."
    }

    It 'shows the comparison and the verdict of Compare-LfvModel' {
        $v1, $v2 = Measure-LfvEvaluation -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-*.json')
        $rows = @(Compare-LfvModel $v1 $v2 -WarningAction SilentlyContinue)
        @($seen.comparisons).Count | Should -Be 1
        $seen.comparisons[0].verdict | Should -Be $rows[0].Verdict
        # Each row: metric, both values, the change, its interval, the raw and the Holm-adjusted p, the better model, the test.
        $shown = $seen.comparisons[0].rows
        $shown.Count | Should -Be 8
        for ($i = 0; $i -lt 8; $i++) {
            $digits = if ($rows[$i].Metric -like 'False*') { 0 } else { 3 }
            $format = '+0.{0};-0.{0};0.{0}' -f ('0' * $digits) -replace '\.;', ';' -replace '\.$', ''
            $interval = '[' + $rows[$i].ChangeInterval.Lower.ToString($format, [cultureinfo]::InvariantCulture) + ', ' + $rows[$i].ChangeInterval.Upper.ToString($format, [cultureinfo]::InvariantCulture) + ']'
            $shown[$i][0] | Should -Be $rows[$i].Metric
            $shown[$i][4] | Should -Be $interval
            $shown[$i][5] | Should -Be $rows[$i].PValue.ToString('0.0000', [cultureinfo]::InvariantCulture)
            $shown[$i][6] | Should -Be $rows[$i].AdjustedPValue.ToString('0.0000', [cultureinfo]::InvariantCulture)
            $shown[$i][7] | Should -Be $rows[$i].BetterModel
        }
        # Under it, the images the two classify differently, as Compare-LfvModel -PerImage names them (no thumbnails asked).
        $changed = @(Compare-LfvModel $v1 $v2 -PerImage)
        @($seen.comparisons[0].changed.image) | Should -Be @($changed.ImageName)
        @($seen.comparisons[0].changed.change) | Should -Be @($changed | ForEach-Object { "$($_.Change)" })
        $seen.comparisons[0].changed.thumbnail | Sort-Object -Unique | Should -Be $false
    }

    It 'compares two segmentation models label by label, as Compare-LfvModel does' {
        $gt = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
        $successor = @(Import-LfvPrediction (Join-Path $samples 'cookies/successor/sagemaker-seg') -GroundTruth $gt -WarningAction SilentlyContinue)
        $target = Join-Path $TestDrive 'labels.html'
        @(Get-LfvEvaluationManifest $gt) + $successor | Export-LfvReport -Path $target -MaskRoot $samples -WarningAction SilentlyContinue
        $seen = Open-Report $target 'label-comparison'
        $seen.pageErrors | Should -BeNullOrEmpty
        $expected = @(Compare-LfvModel (Measure-LfvSegmentation -Path $gt -MaskRoot $samples) ($successor | Measure-LfvSegmentation -MaskRoot $samples))
        $shown = @($seen.comparisons[0].labelRows)
        $shown.Count | Should -Be 8
        for ($i = 0; $i -lt 8; $i++) {
            $shown[$i][0] | Should -Be $expected[$i].ClassName
            $shown[$i][1] | Should -Be $expected[$i].Metric
            $shown[$i][6] | Should -Be $expected[$i].PValue.ToString('0.0000', [cultureinfo]::InvariantCulture)
            $shown[$i][8] | Should -Be $expected[$i].Decision
        }
        # The classification rows are still the eight metrics.
        @($seen.comparisons[0].rows).Count | Should -Be 8
    }

    It 'lists the images two versions classify differently, newly missed defects first, with their thumbnails' {
        $manifests = @(Get-ChildItem (Join-Path $samples 'circuitboard') -Filter 'EvaluationManifest-*.json' | Sort-Object Name -Descending)
        $newer, $older = Measure-LfvEvaluation -Path $manifests.FullName
        $expected = @(Compare-LfvModel $newer $older -PerImage)
        $root = Join-Path $TestDrive 'circuitboard-bucket'
        $paths = Get-LfvEvaluationManifest $manifests[0].FullName | ForEach-Object { Join-Path $root ($_.SourceRef -replace '^s3://[^/]+/', '') }
        $paths | & /usr/bin/python3 (Join-Path $repo 'tests/support/make_test_images.py')
        if ($LASTEXITCODE -ne 0) { throw 'make_test_images.py failed' }
        # With version 2 as the baseline, version 1 is held to it: the four defects version 1 misses come first.
        $target = Join-Path $TestDrive 'changed.html'
        $manifests | Export-LfvReport -Path $target -Baseline 2 -IncludeImages -ImageRoot $root -WarningAction SilentlyContinue
        $seen = Open-Report $target 'changed-images'
        $seen.pageErrors | Should -BeNullOrEmpty
        $changed = @($seen.comparisons[0].changed)
        $changed.Count | Should -Be $expected.Count
        @($changed[0..3].change) | Should -Be @('NewlyMissed', 'NewlyMissed', 'NewlyMissed', 'NewlyMissed')
        $changed.thumbnail | Sort-Object -Unique | Should -Be $true
        $missed = @($expected | Where-Object Change -EQ NewlyMissed)
        @($changed[0..3].image) | Should -Be @($missed.ImageName)
        $changed[0].cells[3] | Should -Be ("TruePositive ({0:0.00})" -f $missed[0].ReferenceScore)
        $changed[0].cells[4] | Should -Be ("FalseNegative ({0:0.00})" -f $missed[0].DifferenceScore)
    }

    It 'shows the performance per label recomputed from the masks' {
        $labels = Measure-LfvSegmentation -Path (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $samples
        $rows = $seen.labels[0].rows
        $rows.label | Should -Be $labels.ClassName
        foreach ($l in $labels) {
            $row = $rows | Where-Object label -EQ $l.ClassName
            $row.values.F1Score | Should -Be $l.F1Score.ToString('0.000', [cultureinfo]::InvariantCulture)
            $row.values.AIOU | Should -Be $l.AIOU.ToString('0.000', [cultureinfo]::InvariantCulture)
            $row.values.ImagesWithLabel | Should -Be "$($l.ImagesWithLabel)"
        }
    }
}

Describe 'Export-LfvReport from what the other cmdlets write' {
    It 'takes summaries and per-label rows from the pipeline, and marks a reported figure that does not hold' {
        $json = Get-Content (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') -Raw | ConvertFrom-Json
        $json.AggregatedEvaluationResults.Metrics.Recall = 0.95
        $tampered = Join-Path $TestDrive 'EvaluationResult-circuitboard-1.json'
        $json | ConvertTo-Json -Depth 6 | Set-Content $tampered
        $summary = Measure-LfvEvaluation -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
        $labels = Measure-LfvSegmentation -Path (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $samples
        $target = Join-Path $TestDrive 'piped.html'
        @($summary) + @(Get-LfvEvaluationResult $tampered) + @($labels) + @(Measure-LfvEvaluation -Path (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')) |
            Export-LfvReport -Path $target
        $seen = Open-Report $target 'piped'
        $seen.pageErrors | Should -BeNullOrEmpty
        Figure $seen 'circuitboard 1' 'F1Score' | Should -Be $summary.F1Score.ToString('0.000', [cultureinfo]::InvariantCulture)
        $recall = @($seen.figures | Where-Object { $_.model -eq 'circuitboard 1' -and $_.metric -eq 'ReportedRecall' })[0]
        $recall.agrees | Should -BeFalse
        $recall.text | Should -Match 'differs by'
        @($seen.figures | Where-Object { $_.model -eq 'circuitboard 1' -and $_.metric -eq 'ReportedPrecision' })[0].agrees | Should -BeTrue
        $seen.labels[0].rows.label | Should -Be @('crack', 'scratch')
        $seen.charts | Should -Be 6 # the curves of the two summaries, from the images they keep
    }
}

Describe 'Export-LfvReport and the names of artifacts' {
    It 'pairs a manifest with the result beside it whatever the case of their names' {
        $dir = Join-Path $TestDrive 'renamed'
        $null = New-Item -ItemType Directory $dir
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json') (Join-Path $dir 'evaluationmanifest-circuitboard-1.json')
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') (Join-Path $dir 'evaluationresult-circuitboard-1.json')
        $target = Join-Path $TestDrive 'renamed.html'
        Get-ChildItem $dir -Filter 'evaluationmanifest-*' | Export-LfvReport -Path $target -WarningAction SilentlyContinue
        $seen = Open-Report $target 'renamed'
        $reported = @($seen.figures | Where-Object { $_.metric -like 'Reported*' })
        $reported.Count | Should -Be 5 -Because 'the result beside the renamed manifest is read'
        $reported.agrees | Sort-Object -Unique | Should -Be $true
        # Test-LfvEvaluation follows the same rule.
        @(Test-LfvEvaluation -Path (Join-Path $dir 'evaluationmanifest-circuitboard-1.json')).Count | Should -Be 6
    }
}

Describe 'Export-LfvReport of a partial read' {
    It 'says in the model''s header how many lines were left out and why' {
        $lines = Get-Content (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
        $dir = Join-Path $TestDrive 'partial'
        $null = New-Item -ItemType Directory $dir
        $damaged = Join-Path $dir 'EvaluationManifest-circuitboard-1.json'
        @($lines[0..19]) + 'not json' + @($lines[20..39]) | Set-Content $damaged
        $target = Join-Path $TestDrive 'partial.html'
        Export-LfvReport -Path $target -ManifestPath $damaged -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match '1 manifest lines? was left out'
        $seen = Open-Report $target 'partial'
        $header = @($seen.figures | Where-Object metric -EQ 'LinesLeftOut')
        $header.Count | Should -Be 1
        $header[0].model | Should -Be 'circuitboard 1'
        $header[0].text | Should -Match '1 manifest line was left out \(InvalidManifestLine \(1\)\): the figures are those of the 40 images read'
    }
}

Describe 'Export-LfvReport through the peers' {
    BeforeAll {
        $script:lfv = Start-LfvPeer
        $script:s3 = Start-MotoS3
        $script:aws = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3Endpoint $s3.Endpoint
    }
    AfterAll { Stop-Peer $lfv; Stop-Peer $s3 }

    It 'reports every version of a project from the API and S3, with DescribeModel''s figures' {
        $target = Join-Path $TestDrive 'api.html'
        Export-LfvReport -Path $target -ProjectName circuitboard @aws
        $seen = Open-Report $target 'api'
        $seen.pageErrors | Should -BeNullOrEmpty
        $seen.requests | Should -BeNullOrEmpty
        @($seen.comparisons).Count | Should -Be 1
        @($seen.figures | Where-Object reportedBy -EQ 'DescribeModel').Count | Should -Be 6 # precision, recall, F1 of two versions
        Figure $seen 'circuitboard 2' 'Images' | Should -Be '40'
    }

    It 'takes ModelPerformance records from the pipeline' {
        $target = Join-Path $TestDrive 'piped-api.html'
        Get-LfvModelPerformance -ProjectName cookies @aws | Export-LfvReport -Path $target @aws
        $seen = Open-Report $target 'piped-api'
        $seen.labels[0].rows.label | Should -Be @('crack', 'scratch') # masks from the same bucket, no -MaskRoot needed
        $seen.tables.'cookies 1'.total | Should -Be 24
    }
}

Describe 'Export-LfvReport with the images' {
    It 'draws a placeholder for a picture whose header claims 65000 x 65000 pixels, and still writes the report (issue 28, point 4)' {
        $manifest = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
        $images = Get-LfvEvaluationManifest $manifest
        $root = Join-Path $TestDrive 'bomb-bucket'
        $paths = $images | ForEach-Object { Join-Path $root ($_.SourceRef -replace '^s3://[^/]+/', '') }
        $paths | & /usr/bin/python3 (Join-Path $repo 'tests/support/make_test_images.py')
        if ($LASTEXITCODE -ne 0) { throw 'make_test_images.py failed' }
        # cookie_001 (a missed anomaly, among the first thumbnails) becomes a PNG header claiming 65000 x 65000 pixels.
        $bomb = $paths | Where-Object { $_ -like '*cookie_001.jpg' }
        & /usr/bin/python3 -c @"
import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open('$bomb', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 65000, 65000, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(b'\x00' * 64)) + chunk(b'IEND', b''))
"@
        $target = Join-Path $TestDrive 'bomb.html'
        Export-LfvReport -Path $target -ManifestPath $manifest -MaskRoot $samples -IncludeImages -ImageRoot $root -ImageLimit 8 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed | Should -BeNullOrEmpty
        Test-Path $target | Should -BeTrue
        "$warned" | Should -Match "cookie_001\.jpg' is shown as a placeholder: The image '.*cookie_001\.jpg' claims 65000 x 65000 pixels"
        $seen = Open-Report $target 'bomb'
        $seen.thumbnails[0].placeholders | Should -Be @('cookie_001.jpg')
    }

    It 'never embeds a picture that lies outside the roots: a link under -ImageRoot to a private picture is a placeholder (issue 28, point 1)' {
        $manifest = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
        $images = Get-LfvEvaluationManifest $manifest
        $root = Join-Path $TestDrive 'walled-bucket'
        $paths = $images | ForEach-Object { Join-Path $root ($_.SourceRef -replace '^s3://[^/]+/', '') }
        $private = Join-Path $TestDrive 'private/holiday.jpg'
        @($paths) + $private | & /usr/bin/python3 (Join-Path $repo 'tests/support/make_test_images.py')
        if ($LASTEXITCODE -ne 0) { throw 'make_test_images.py failed' }
        # cookie_001 (a missed anomaly, among the first thumbnails) becomes a link to a picture outside -ImageRoot.
        $link = $paths | Where-Object { $_ -like '*cookie_001.jpg' }
        Remove-Item $link
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $private
        $target = Join-Path $TestDrive 'walled.html'
        Export-LfvReport -Path $target -ManifestPath $manifest -MaskRoot $samples -IncludeImages -ImageRoot $root -ImageLimit 8 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed | Should -BeNullOrEmpty
        "$warned" | Should -Match "cookie_001\.jpg' is shown as a placeholder: The image reference 's3://[^']+/cookie_001\.jpg' lies outside the folders this command reads"
        "$warned" | Should -Not -Match 'holiday'
        $seen = Open-Report $target 'walled'
        $seen.thumbnails[0].placeholders | Should -Be @('cookie_001.jpg')
    }

    It 'embeds thumbnails of the mistakes and the worst images per label, and a placeholder for an image it cannot fetch' {
        $manifest = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
        $images = Get-LfvEvaluationManifest $manifest
        $root = Join-Path $TestDrive 'bucket'
        # Every test image but cookie_001 (a missed anomaly, so among the first wanted) in a local copy of the bucket.
        $paths = $images | Where-Object ImageName -NE 'cookie_001.jpg' | ForEach-Object { Join-Path $root ($_.SourceRef -replace '^s3://[^/]+/', '') }
        $paths | & /usr/bin/python3 (Join-Path $repo 'tests/support/make_test_images.py')
        if ($LASTEXITCODE -ne 0) { throw 'make_test_images.py failed' }
        $target = Join-Path $TestDrive 'images.html'
        Export-LfvReport -Path $target -ManifestPath $manifest -MaskRoot $samples -IncludeImages -ImageRoot $root -ImageLimit 8 -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -match "cookie_001.jpg' is shown as a placeholder" }).Count | Should -Be 1
        "$warned" | Should -Match '-ImageRoot'
        $seen = Open-Report $target 'images'
        $seen.pageErrors | Should -BeNullOrEmpty
        $seen.requests | Should -BeNullOrEmpty
        $thumbs = $seen.thumbnails[0]
        @($thumbs.shown).Count | Should -Be 7
        $thumbs.shown.width | Sort-Object -Unique | Should -Be 688
        # A thumbnail opens at its full size, and Escape closes it.
        $seen.opened[0].width | Should -Be 688
        $seen.opened[0].shownWidth | Should -Be 688
        $seen.closed | Should -BeTrue
        $thumbs.placeholders | Should -Be @('cookie_001.jpg')
        # The incorrect predictions come first: all six are among the eight.
        $incorrect = ($images | Where-Object { -not $_.IsCorrect }).ImageName
        foreach ($name in $incorrect) { ($thumbs.shown.alt + $thumbs.placeholders) | Should -Contain $name }
    }
}

Describe 'Export-LfvReport of a segmentation model with soft-edged masks, as the console drew them' {
    It 'measures, draws and lists them as they look' {
        $root = Join-Path $TestDrive 'soft'
        Copy-Item (Join-Path $samples 'cookies') (Join-Path $root 'cookies') -Recurse
        $gt = Join-Path $root 'cookies/masks/ground-truth'
        $redrawn = Join-Path $TestDrive 'soft-gt'
        $halo = & /usr/bin/python3 (Join-Path $repo 'tests/support/console_masks.py') $gt $redrawn
        $LASTEXITCODE | Should -Be 0
        (($halo | ForEach-Object { [int]($_ -split ' ')[2] }) | Measure-Object -Sum).Sum | Should -BeGreaterThan 1000 -Because 'transparent pixels carry the labels'' RGB'
        Copy-Item (Join-Path $redrawn '*.png') $gt -Force
        $manifest = Join-Path $root 'cookies/EvaluationManifest-cookies-1.json'
        # The figures against Pillow and NumPy on the same masks (alpha 0 is background whatever its RGB).
        $images = @(Get-LfvEvaluationManifest $manifest)
        $spec = @{ images = @($images | ForEach-Object {
                    $map = @{}; foreach ($l in ($_.AnomalyColorMap -split ';')) { if ($l) { $n, $c = $l -split '='; $map[$n] = $c } }
                    $pmap = @{}; foreach ($l in ($_.PredictedAnomalyColorMap -split ';')) { if ($l) { $n, $c = $l -split '='; $pmap[$n] = $c } }
                    @{ gt = (Join-Path $root ($_.AnomalyMaskRef -replace '^s3://[^/]+/', '')); pred = (Join-Path $root ($_.PredictedAnomalyMaskRef -replace '^s3://[^/]+/', '')); gtMap = $map; predMap = $pmap } }) }
        $expected = ($spec | ConvertTo-Json -Depth 6 -Compress | /usr/bin/python3 (Join-Path $repo 'tests/oracles/segmentation_oracle.py') | ConvertFrom-Json).labels
        $labels = @(Measure-LfvSegmentation -Path $manifest -MaskRoot $root -WarningVariable warned -WarningAction SilentlyContinue)
        @($warned | Where-Object { "$_" -match 'no colour map' }).Count | Should -Be 0 -Because 'the transparent background is background'
        foreach ($l in $labels) {
            $l.TruePositivePixels | Should -Be $expected.($l.ClassName).tp
            $l.FalseNegativePixels | Should -Be $expected.($l.ClassName).fn
        }
        # The report: thumbnails with the soft-edged ground truth outlined, labels in their own columns.
        $bucket = Join-Path $TestDrive 'soft-images'
        $images | ForEach-Object { Join-Path $bucket ($_.SourceRef -replace '^s3://[^/]+/', '') } | & /usr/bin/python3 (Join-Path $repo 'tests/support/make_test_images.py')
        $target = Join-Path $TestDrive 'soft.html'
        Export-LfvReport -Path $target -ManifestPath $manifest -MaskRoot $root -IncludeImages -ImageRoot $bucket -ImageLimit 12 -Title 'Soft-edged masks' -WarningAction SilentlyContinue
        $seen = Open-Report $target 'soft-edged'
        $seen.pageErrors | Should -BeNullOrEmpty
        @($seen.thumbnails[0].shown).Count | Should -Be 12
        $seen.cutHeaders | Should -BeNullOrEmpty
        $table = $seen.tables.'cookies 1'
        $table.total | Should -Be 24
    }
}

Describe 'Export-LfvReport writing the file' {
    It 'refuses a folder that does not exist, and writes nothing' {
        $target = Join-Path $TestDrive 'nowhere/report.html'
        { Get-LfvEvaluationManifest (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json') | Export-LfvReport -Path $target } |
            Should -Throw -ErrorId 'ReportFolderNotFound,LookoutMetrics.Commands.ExportLfvReportCommand'
        Join-Path $TestDrive 'nowhere' | Should -Not -Exist
    }

    It 'refuses an existing file without -Force, keeps it with -NoClobber, and overwrites it with -Force' {
        $target = Join-Path $TestDrive 'exists.html'
        Set-Content $target 'keep me'
        $manifest = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
        { Export-LfvReport -Path $target -ManifestPath $manifest } | Should -Throw -ErrorId 'ReportFileExists,LookoutMetrics.Commands.ExportLfvReportCommand'
        { Export-LfvReport -Path $target -ManifestPath $manifest -Force -NoClobber } | Should -Throw -ErrorId 'NoClobber,LookoutMetrics.Commands.ExportLfvReportCommand'
        Get-Content $target | Should -Be 'keep me'
        $null = Export-LfvReport -Path $target -ManifestPath $manifest -Force
        Get-Content $target -Raw | Should -Match '<!DOCTYPE html>'
        @(Get-ChildItem $TestDrive -Filter 'exists.html.tmp-*').Count | Should -Be 0
    }

    It 'does nothing with -Show in a non-interactive session, and writes nothing with -WhatIf' {
        $target = Join-Path $TestDrive 'show.html'
        $manifest = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
        Export-LfvReport -Path $target -ManifestPath $manifest -WhatIf
        $target | Should -Not -Exist
        $out = Invoke-FreshPwsh "Import-Module '$env:LOOKOUTMETRICS_MODULE'; Export-LfvReport -Path '$target' -ManifestPath '$manifest' -Show -Verbose 4>&1 | ForEach-Object { `"`$_`" }"
        "$out" | Should -Match 'does nothing in a non-interactive session'
        $target | Should -Exist
    }

    It 'says there is nothing to report when nothing came in' {
        { @() | Export-LfvReport -Path (Join-Path $TestDrive 'empty.html') } | Should -Throw -ErrorId 'NothingToReport,LookoutMetrics.Commands.ExportLfvReportCommand'
    }

    It 'reports 10,000 test images in at most 8 MB, paged and searchable' {
        $lines = Get-Content (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
        $big = Join-Path $TestDrive 'EvaluationManifest-big-1.json'
        $rng = [Random]::new(5)
        $writer = [IO.StreamWriter]::new($big)
        for ($i = 0; $i -lt 10000; $i++) {
            $line = $lines[$i % $lines.Count] -replace 'board_(\d+)\.jpg', "board_$i.jpg" -replace '"confidence":[0-9.]+', ('"confidence":{0:0.###}' -f (0.5 + 0.5 * $rng.NextDouble()))
            $line = $line -replace '"project-name":"circuitboard"', '"project-name":"big"'
            $writer.WriteLine($line)
        }
        $writer.Dispose()
        $target = Join-Path $TestDrive 'big.html'
        Export-LfvReport -Path $target -ManifestPath $big
        (Get-Item $target).Length | Should -BeLessOrEqual 8MB
        $seen = Open-Report $target 'big'
        $seen.pageErrors | Should -BeNullOrEmpty
        $seen.consoleErrors | Should -BeNullOrEmpty
        $model = @($seen.tables.PSObject.Properties.Name)[0]
        $seen.tables.$model.total | Should -Be 10000
        $seen.tables.$model.firstPage | Should -Be 25
        $seen.tables.$model.searched | Should -Be 1
        Figure $seen $model 'Images' | Should -Be '10000'
    }
}

Describe 'Export-LfvReport of a whole bucket' {
    BeforeAll {
        # A copy of a bucket: circuitboard 1, 2 and 3 (version 2's test run under its own version), a model whose manifest was
        # deleted, and a result that was cut short.
        $script:bucket = Join-Path $TestDrive 'bucket'
        $cb = Join-Path $bucket 'lookout/circuitboard'
        $null = New-Item -ItemType Directory $cb, (Join-Path $bucket 'lookout/pcb')
        Copy-Item (Join-Path $samples 'circuitboard/Evaluation*.json') $cb
        foreach ($kind in 'Manifest', 'Result') {
            $text = Get-Content -Raw (Join-Path $samples "circuitboard/Evaluation$kind-circuitboard-2.json")
            $text = $text -replace 'model/circuitboard/2', 'model/circuitboard/3' -replace '"model-version":"2"', '"model-version":"3"'
            Set-Content (Join-Path $cb "Evaluation$kind-circuitboard-3.json") $text -NoNewline
        }
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') (Join-Path $bucket 'lookout/pcb/EvaluationResult-pcb-4.json')
        $pcb = Join-Path $bucket 'lookout/pcb/EvaluationResult-pcb-4.json'
        (Get-Content -Raw $pcb) -replace 'model/circuitboard/1', 'model/pcb/4' | Set-Content $pcb -NoNewline
        $text = Get-Content -Raw (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
        $text = $text -replace 'model/circuitboard/1', 'model/pcb/5' -replace '"project-name":"circuitboard"', '"project-name":"pcb"' -replace '"model-version":"1"', '"model-version":"5"'
        Set-Content (Join-Path $bucket 'lookout/pcb/EvaluationManifest-pcb-5.json') $text -NoNewline
        Set-Content (Join-Path $bucket 'lookout/pcb/EvaluationResult-pcb-5.json') '{"Version": 1, "EvaluationDetails": {"ModelArn": "arn:aws' -NoNewline
    }

    It 'compares consecutive versions, and each with -Baseline when it is given' {
        $report = Join-Path $TestDrive 'bucket.html'
        $warnings = @(Find-LfvModelArtifact -Path $bucket -WarningAction SilentlyContinue | Where-Object ProjectName -EQ circuitboard |
            Export-LfvReport $report 3>&1)
        $seen = Open-Report $report 'bucket-consecutive'
        @($seen.comparisons.pair) | Should -Be @('circuitboard 1 | circuitboard 2', 'circuitboard 2 | circuitboard 3')
        $baseline = Join-Path $TestDrive 'baseline.html'
        Find-LfvModelArtifact -Path $bucket -WarningAction SilentlyContinue | Where-Object ProjectName -EQ circuitboard |
            Export-LfvReport $baseline -Baseline 1
        @((Open-Report $baseline 'bucket-baseline').comparisons.pair) | Should -Be @('circuitboard 1 | circuitboard 2', 'circuitboard 1 | circuitboard 3')
        $none = Join-Path $TestDrive 'no-baseline.html'
        $warned = @(Find-LfvModelArtifact -Path $bucket -WarningAction SilentlyContinue | Where-Object ProjectName -EQ circuitboard |
            Export-LfvReport $none -Baseline 9 3>&1 | ForEach-Object { "$_" })
        $warned | Should -Contain "circuitboard has no version '9' to compare with (-Baseline): its versions (1, 2, 3) are compared as without it."
    }

    It 'says in its summary which models are missing a manifest or could not be read, and why' {
        $report = Join-Path $TestDrive 'whole.html'
        $null = Find-LfvModelArtifact -Path $bucket -WarningAction SilentlyContinue | Export-LfvReport $report -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $seen = Open-Report $report 'bucket-summary'
        $seen.summary.first | Should -BeTrue
        $seen.summary.line | Should -Match '^5 model versions, \d+ reported figures checked, all agree\.$'
        $seen.summary.problems.Count | Should -Be 2
        $seen.summary.problems | Should -Contain "pcb/4: Model pcb/4 has no evaluation manifest: there is none beside its other artifact. Copy it back into the same folder or prefix, or leave the model out."
        @($seen.summary.problems | Where-Object { $_ -like '*EvaluationResult-pcb-5.json*' }).Count | Should -Be 1
        # A result piped alone, with no error about it, is still said to lack its manifest.
        $alone = Join-Path $TestDrive 'alone.html'
        Get-LfvEvaluationResult (Join-Path $bucket 'lookout/pcb/EvaluationResult-pcb-4.json') | Export-LfvReport $alone
        (Open-Report $alone 'bucket-alone').summary.problems | Should -Be @('pcb 4: No evaluation manifest was read: the reported figures are shown, but nothing could be recomputed or checked.')
    }
}
