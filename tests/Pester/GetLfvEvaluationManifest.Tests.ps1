BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cb1 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
    $cb2 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json'
    $cookies = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'

    # A manifest with good lines around bad ones: line 2 is not JSON, line 4 has no prediction, line 6 is truncated.
    $goodLines = Get-Content $cb1 | Select-Object -First 4
    $noPrediction = ($goodLines[2] | ConvertFrom-Json -AsHashtable)
    $noPrediction.Remove('anomaly-label-detected')
    $damaged = Join-Path $TestDrive 'EvaluationManifest-damaged-5.json'
    Set-Content -LiteralPath $damaged -Encoding utf8NoBOM -Value @(
        $goodLines[0]
        '{"source-ref": "s3://b/x.jpg", "anomaly-label": 1,,}'
        $goodLines[1]
        ($noPrediction | ConvertTo-Json -Depth 5 -Compress)
        $goodLines[3]
        $goodLines[2].Substring(0, 60)
    )
}

Describe 'Get-LfvEvaluationManifest' {
    Context 'reading a manifest' {
        It 'writes one EvaluationImage per line' {
            $images = @(Get-LfvEvaluationManifest $cb1)
            $images.Count | Should -Be (Get-Content $cb1 | Where-Object { $_.Trim() }).Count
            $images | ForEach-Object { $_ | Should -BeOfType ([LookoutMetrics.EvaluationImage]) }
            $images[0].PSObject.TypeNames[0] | Should -Be 'LookoutMetrics.EvaluationImage'
        }

        It 'gives each image the documented properties' {
            $image = Get-LfvEvaluationManifest $cb1 | Select-Object -First 1
            foreach ($name in 'ProjectName', 'ModelVersion', 'SourceRef', 'ImageName', 'ActualLabel', 'PredictedLabel', 'Confidence', 'AnomalyScore',
                'IsCorrect', 'Outcome', 'AnomalyMaskRef', 'PredictedAnomalyMaskRef', 'LineNumber', 'Source') {
                $image.PSObject.Properties.Name | Should -Contain $name
            }
            $image.ProjectName | Should -Be 'circuitboard'
            $image.ModelVersion | Should -Be '1'
            $image.LineNumber | Should -Be 1
            $image.Source | Should -Be $cb1
        }

        It 'agrees with ConvertFrom-Json on every line' {
            $raw = Get-Content $cb1 | ConvertFrom-Json
            $images = @(Get-LfvEvaluationManifest $cb1)
            for ($i = 0; $i -lt $raw.Count; $i++) {
                $r = $raw[$i]; $img = $images[$i]
                $img.SourceRef | Should -Be $r.'source-ref'
                $img.ActualLabel | Should -Be $(if ($r.'anomaly-label' -eq 1) { 'anomaly' } else { 'normal' })
                $img.PredictedLabel | Should -Be $(if ($r.'anomaly-label-detected' -eq 1) { 'anomaly' } else { 'normal' })
                $img.Confidence | Should -Be $r.'anomaly-label-detected-metadata'.confidence
                $expectedScore = if ($r.'anomaly-label-detected' -eq 1) { $r.'anomaly-label-detected-metadata'.confidence } else { 1 - $r.'anomaly-label-detected-metadata'.confidence }
                $img.AnomalyScore | Should -BeLessThan ($expectedScore + 1e-12)
                $img.AnomalyScore | Should -BeGreaterThan ($expectedScore - 1e-12)
                $img.IsCorrect | Should -Be ($r.'anomaly-label' -eq $r.'anomaly-label-detected')
            }
        }

        It 'reads a CRLF manifest with no final newline (version 2)' {
            [IO.File]::ReadAllText($cb2) | Should -Match "`r`n"
            @(Get-LfvEvaluationManifest $cb2 -ErrorAction Stop).Count | Should -Be 40
        }

        It 'reads the masks of a segmentation model, and leaves them empty for classification' {
            $seg = Get-LfvEvaluationManifest $cookies | Where-Object ActualLabel -EQ 'anomaly' | Select-Object -First 1
            $seg.AnomalyMaskRef | Should -Match '^s3://lookoutmetrics-samples/cookies/masks/ground-truth/.+\.png$'
            $seg.PredictedAnomalyMaskRef | Should -Match '^s3://lookoutmetrics-samples/cookies/masks/predicted/.+\.png$'
            $seg.AnomalyClasses | Should -Not -BeNullOrEmpty
            $seg.AnomalyClasses | Should -Not -Contain 'BACKGROUND'
            (Get-LfvEvaluationManifest $cb1 | Select-Object -First 1).AnomalyMaskRef | Should -BeExactly ''
        }

        It 'works with Group-Object, Where-Object and Export-Csv' {
            $groups = Get-LfvEvaluationManifest $cb1 | Group-Object Outcome -AsHashTable -AsString
            ($groups.Values | ForEach-Object Count | Measure-Object -Sum).Sum | Should -Be 40
            $groups.Keys | Should -Contain 'TruePositive'
            $csv = Join-Path $TestDrive 'out.csv'
            Get-LfvEvaluationManifest $cb1 | Where-Object { -not $_.IsCorrect } | Export-Csv $csv -NoTypeInformation
            $rows = Import-Csv $csv
            $rows.Count | Should -Be ($groups['FalsePositive'].Count + $groups['FalseNegative'].Count)
            $rows[0].PSObject.Properties.Name | Should -Contain 'Outcome'
            $rows[0].PSObject.Properties.Name | Should -Contain 'Confidence'
        }
    }

    Context 'paths and pipeline binding' {
        It 'expands wildcards' {
            $images = @(Get-LfvEvaluationManifest (Join-Path $samples 'circuitboard/EvaluationManifest-*.json'))
            $images.Count | Should -Be 80
            ($images.ModelVersion | Sort-Object -Unique) | Should -Be @('1', '2')
        }

        It 'takes paths from the pipeline by value' {
            @($cb1, $cb2 | Get-LfvEvaluationManifest).Count | Should -Be 80
        }

        It 'binds FileInfo objects from Get-ChildItem' {
            @(Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json' | Get-LfvEvaluationManifest).Count | Should -Be 104
        }

        It 'binds by FullName and PSPath property names' {
            @([pscustomobject]@{ FullName = $cb1 } | Get-LfvEvaluationManifest).Count | Should -Be 40
            @([pscustomobject]@{ PSPath = $cb1 } | Get-LfvEvaluationManifest).Count | Should -Be 40
        }

        It 'takes -LiteralPath without wildcard expansion' {
            $odd = Join-Path $TestDrive 'EvaluationManifest-odd[1]-1.json'
            Copy-Item -LiteralPath $cb1 -Destination $odd
            @(Get-LfvEvaluationManifest -LiteralPath $odd).Count | Should -Be 40
        }

        It 'reports a missing file as ObjectNotFound and goes on' {
            $missing = Join-Path $TestDrive 'nope.json'
            $images = @(Get-LfvEvaluationManifest $missing, $cb1 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $images.Count | Should -Be 40
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be $missing
        }

        It 'says when a path is a folder' {
            $null = Get-LfvEvaluationManifest -LiteralPath $samples -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].Exception.Message | Should -Match 'is a folder'
        }

        It 'refuses a path outside the file system' {
            $null = Get-LfvEvaluationManifest 'Env:PATH' -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotAFileSystemPath,*'
        }

        It 'stops reading when Select-Object -First has what it needs' {
            # The damaged file's bad lines come after line 1, so no error may be raised when only one object is taken.
            $first = Get-LfvEvaluationManifest $damaged -ErrorAction Stop | Select-Object -First 1
            $first.LineNumber | Should -Be 1
        }
    }

    Context 'bad input' {
        It 'reports each bad line and keeps every good line' {
            $images = @(Get-LfvEvaluationManifest $damaged -ErrorVariable errs -ErrorAction SilentlyContinue)
            $images.LineNumber | Should -Be @(1, 3, 5)
            $errs.Count | Should -Be 3
            foreach ($e in $errs) {
                $e.FullyQualifiedErrorId | Should -BeLike 'InvalidManifestLine,*'
                $e.CategoryInfo.Category | Should -Be 'InvalidData'
            }
            $errs.TargetObject | Should -Be @("${damaged}:2", "${damaged}:4", "${damaged}:6")
            $errs[0].Exception.Message | Should -Match 'Line 2 of .* is not valid JSON'
            $errs[1].Exception.Message | Should -Match "Line 4 of .* has no prediction \('anomaly-label-detected'\)"
            $errs[2].Exception.Message | Should -Match 'Line 6 of .* is not valid JSON .*truncated'
        }

        It 'stops at the first bad line with -ErrorAction Stop' {
            $seen = [Collections.Generic.List[object]]::new()
            { Get-LfvEvaluationManifest $damaged -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } |
                Should -Throw -ErrorId 'InvalidManifestLine,LookoutMetrics.Commands.GetLfvEvaluationManifestCommand'
            $seen.LineNumber | Should -Be @(1)
        }

        It 'reports an empty file as EmptyManifest' {
            $empty = Join-Path $TestDrive 'empty.json'
            Set-Content -LiteralPath $empty -Value '' -NoNewline
            $out = @(Get-LfvEvaluationManifest $empty -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 0
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'EmptyManifest,*'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $errs[0].TargetObject | Should -Be $empty
        }

        It 'accepts a UTF-8 BOM and blank lines' {
            $bom = Join-Path $TestDrive 'bom.json'
            $lines = Get-Content $cb1 | Select-Object -First 3
            [IO.File]::WriteAllText($bom, ($lines[0] + "`r`n`r`n" + $lines[1] + "`n  `n" + $lines[2]), [Text.UTF8Encoding]::new($true))
            @(Get-LfvEvaluationManifest $bom -ErrorAction Stop).LineNumber | Should -Be @(1, 3, 5)
        }
    }

    Context 'a large manifest, parsed on a second core while records are written' {
        BeforeAll {
            Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
            # 6,000 lines cycled from both circuitboard manifests (each with its own line number), bad at 20, 1500 and 5999.
            $source = @(Get-Content $cb1, $cb2 | Where-Object { $_.Trim() })
            $bad = @{ 20 = '{"source-ref": "s3://b/x.jpg", "anomaly-label": 1,,}'; 1500 = $source[0].Substring(0, 70); 5999 = '[1, 2]' }
            $large = Join-Path $TestDrive 'EvaluationManifest-large-1.json'
            $text = foreach ($n in 1..6000) { if ($bad.ContainsKey($n)) { $bad[$n] } else { $source[($n - 1) % $source.Count] } }
            Set-Content -LiteralPath $large -Encoding utf8NoBOM -Value $text
            # The oracle: PowerShell's own JSON reader, line by line (null for the bad lines).
            $oracle = [Collections.Generic.List[object]]::new()
            foreach ($line in $text) { $oracle.Add($(if ($bad.ContainsKey($oracle.Count + 1)) { $null } else { ConvertFrom-Json -InputObject $line })) }
        }

        It 'writes records and errors in the order of the file, each record as ConvertFrom-Json reads its line' {
            $merged = @(Get-LfvEvaluationManifest $large -ErrorAction Continue 2>&1)
            $merged.Count | Should -Be 6000
            $lineOf = foreach ($item in $merged) {
                if ($item -is [Management.Automation.ErrorRecord]) { [int](($item.TargetObject -split ':')[-1]) } else { $item.LineNumber }
            }
            $lineOf | Should -Be (1..6000)
            @($merged | Where-Object { $_ -is [Management.Automation.ErrorRecord] }).TargetObject | Should -Be @("${large}:20", "${large}:1500", "${large}:5999")
            $images = @($merged | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] })
            $images.Count | Should -Be 5997
            $expected = foreach ($image in $images) {
                $line = $oracle[$image.LineNumber - 1]
                '{0}|{1:R}|{2}|{3}|{4}' -f $line.'source-ref', $line.'anomaly-label-detected-metadata'.confidence,
                    $(if ($line.'anomaly-label' -eq 1) { 'anomaly' } else { 'normal' }), $(if ($line.'anomaly-label-detected' -eq 1) { 'anomaly' } else { 'normal' }),
                    $line.'anomaly-label-detected-metadata'.'model-version'
            }
            $actual = foreach ($image in $images) { '{0}|{1:R}|{2}|{3}|{4}' -f $image.SourceRef, $image.Confidence, $image.ActualLabel, $image.PredictedLabel, $image.ModelVersion }
            $actual | Should -Be $expected
        }

        It 'raises no error of a line read ahead but never reached' {
            # Line 20 is bad and is parsed ahead of the pipeline; Select-Object -First 3 stops before it is written.
            $first = @(Get-LfvEvaluationManifest $large -ErrorAction Stop | Select-Object -First 3)
            $first.LineNumber | Should -Be @(1, 2, 3)
        }

        It 'ends at once on Ctrl+C while the pipeline is slow' {
            $ps = New-ModulePowerShell
            $null = $ps.AddScript("Get-LfvEvaluationManifest -LiteralPath '$large' -ErrorAction SilentlyContinue | ForEach-Object { Start-Sleep -Milliseconds 5; `$_ }")
            $output = [Management.Automation.PSDataCollection[psobject]]::new()
            $handle = $ps.BeginInvoke([Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($output.Count -lt 50) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'no record came' }
                Start-Sleep -Milliseconds 20
            }
            $stopped = Stop-ModuleCommand $ps $handle
            $stopped.State | Should -Be 'Stopped'
            $stopped.Ended | Should -BeTrue
            $output.Count | Should -BeLessThan 6000
            $output.LineNumber | Should -Be @(1..6000 | Where-Object { -not $bad.ContainsKey($_) } | Select-Object -First $output.Count)
            $ps.Runspace.Dispose()
            $ps.Dispose()
            $stopped.Seconds | Should -BeLessThan 1
        }
    }
}
