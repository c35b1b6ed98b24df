BeforeDiscovery {
    $script:cases = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/corpus/expectations.json') -Raw | ConvertFrom-Json |
        ForEach-Object { @{ Case = $_; Name = "$($_.reader): $($_.file)" } }
}

BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $script:files = Join-Path $env:LOOKOUTMETRICS_REPO 'tests/corpus/files'
    # S3 settings that are never used: a malformed URI is refused before any request.
    $script:unused = @{ AccessKey = 'AKIDUNUSED0000'; SecretKey = 'unused'; Region = 'us-east-1'; S3EndpointUrl = 'http://127.0.0.1:9' }

    # Runs a case and returns what came out: records kept and the error records.
    function script:Invoke-Case($c) {
        $errs = $null
        $kept = switch ($c.reader) {
            'manifest' { @(Get-LfvEvaluationManifest -LiteralPath (Join-Path $files $c.file) -ErrorVariable errs -ErrorAction SilentlyContinue).Count }
            'result' { @(Get-LfvEvaluationResult -LiteralPath (Join-Path $files $c.file) -ErrorVariable errs -ErrorAction SilentlyContinue).Count }
            'segmentation' {
                $labels = @(Measure-LfvSegmentation -LiteralPath (Join-Path $files $c.file) -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
                if ($labels.Count) { $labels[0].ImagesMeasured } else { 0 }
            }
            'uri' { @(Get-LfvEvaluationManifest -Uri $c.file @unused -ErrorVariable errs -ErrorAction SilentlyContinue).Count }
        }
        [pscustomobject]@{ Kept = $kept; Errors = @($errs) }
    }
}

Describe 'The bad-input corpus (tests/corpus)' {
    It 'has an outcome for every file it holds, and a file for every outcome' {
        # A file added without an expectation, or an expectation whose file is gone, fails here.
        $expected = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/corpus/expectations.json') -Raw | ConvertFrom-Json
        $named = @($expected | Where-Object reader -NE 'uri' | ForEach-Object file | Sort-Object -Unique)
        $held = @(Get-ChildItem $files -File | Where-Object { $_.Name -in $named -or $_.Extension -eq '.json' } | ForEach-Object Name | Sort-Object -Unique)
        $named.Count | Should -BeGreaterThan 0
        $held | Should -Be $named
    }

    It '<Name> ends in its documented outcome' -ForEach $cases {
        $r = Invoke-Case $Case
        $r.Kept | Should -Be $Case.kept -Because $Case.note
        @($r.Errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @($Case.errors)
        foreach ($e in $r.Errors) {
            "$($e.CategoryInfo.Category)" | Should -Be $Case.category
            # No message carries a control character from the input.
            $e.Exception.Message | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]'
        }
        if ($Case.target) {
            $target = $r.Errors[0].TargetObject
            $name = if ($target -is [LookoutMetrics.EvaluationImage]) { $target.ImageName } else { "$target" }
            $name | Should -BeLike "*$($Case.target)"
        }
    }

    It 'keeps a 10 MB line and the lines around it' {
        $good = Get-Content (Join-Path $files 'valid.json')
        $big = $good[0].Replace('"source-ref"', ('"padding":"' + ('x' * 10MB) + '","source-ref"'))
        $path = Join-Path $TestDrive 'huge-line.json'
        Set-Content $path @($good[1], $big, $good[2])
        $images = @(Get-LfvEvaluationManifest -LiteralPath $path -ErrorVariable errs -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 3
        $errs | Should -BeNullOrEmpty
    }
}
