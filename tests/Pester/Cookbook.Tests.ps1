BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $repo = $env:LOOKOUTMETRICS_REPO
    # The recipes of docs/cookbook.md, by their headings, as the scripts an admin would save.
    $text = Get-Content (Join-Path $repo 'docs/cookbook.md') -Raw
    $script:recipes = @{}
    foreach ($m in [regex]::Matches($text, '(?ms)^## Recipe (\d+):.*?```powershell\r?\n(.*?)```')) { $recipes[[int]$m.Groups[1].Value] = $m.Groups[2].Value }

    $script:lfv = Start-LfvPeer -ReadableAccount
    $script:s3 = Start-MotoS3
    $script:work = Join-Path $TestDrive 'work'
    $null = New-Item -ItemType Directory $work
    Copy-Item (Join-Path $repo 'samples') $work -Recurse

    # Runs a recipe as a scheduled task would, with the usual AWS settings pointing at the peers.
    function script:Invoke-Recipe {
        param([int] $Number, [string[]] $Arguments = @())
        $file = Join-Path $work "recipe-$Number.ps1"
        Set-Content $file $recipes[$Number]
        $env = @{
            AWS_ACCESS_KEY_ID = $PeerKey; AWS_SECRET_ACCESS_KEY = $PeerSecret; AWS_REGION = 'us-east-1'
            AWS_ENDPOINT_URL_LOOKOUTVISION = $lfv.Endpoint; AWS_ENDPOINT_URL_S3 = $s3.Endpoint
            PSModulePath = (Split-Path (Split-Path $env:LOOKOUTMETRICS_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath
        }
        $saved = @{}
        foreach ($k in $env.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $env[$k]) }
        Push-Location $work
        try { Invoke-PwshFile -File $file -Arguments $Arguments }
        finally {
            Pop-Location
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }
}

AfterAll { Stop-Peer $lfv; Stop-Peer $s3 }

Describe 'docs/cookbook.md' {
    It 'runs every recipe of the cookbook, and only those' {
        # The recipes this file runs, read from its own tests: a recipe added to the cookbook without a test fails here.
        $tested = [regex]::Matches((Get-Content -Raw $PSCommandPath), 'Invoke-Recipe (\d+)') | ForEach-Object { [int]$_.Groups[1].Value } | Sort-Object -Unique
        $recipes.Count | Should -BeGreaterThan 0
        @($recipes.Keys | Sort-Object) | Should -Be @($tested)
    }

    It 'recipe 1 keeps an F1 history and fails, naming the model, when one falls' {
        $history = Join-Path $work 'f1.csv'
        $first = Invoke-Recipe 1 @('-HistoryPath', $history)
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $rows = @(Import-Csv $history)
        # Every model the peer reports a performance for, with the F1 it reports (the peer's state is the oracle).
        $state = Get-Content (Join-Path $repo 'tests/peers/lfv-state.json') -Raw | ConvertFrom-Json
        $expected = @{}
        foreach ($p in $state.projects | Where-Object ProjectName -NE 'restricted') {
            foreach ($m in $p.models) { if ($m.PSObject.Properties['Performance'] -and $null -ne $m.Performance.F1Score) { $expected["$($p.ProjectName)/$($m.ModelVersion)"] = [double] $m.Performance.F1Score } }
        }
        $rows.Count | Should -Be $expected.Count
        foreach ($r in $rows) {
            $key = "$($r.ProjectName)/$($r.ModelVersion)"
            $expected.ContainsKey($key) | Should -BeTrue -Because "$key is not a model with a performance"
            [math]::Abs([double] $r.F1Score - $expected[$key]) | Should -BeLessThan 1e-9 -Because $key
        }
        (Invoke-Recipe 1 @('-HistoryPath', $history)).ExitCode | Should -Be 0
        @(Import-Csv $history).Count | Should -Be (2 * $rows.Count)
        # Pretend circuitboard 2 used to be much better.
        $tampered = Import-Csv $history | ForEach-Object { if ($_.ProjectName -eq 'circuitboard' -and $_.ModelVersion -eq '2') { $_.F1Score = '0.999' }; $_ }
        $tampered | Export-Csv $history -NoTypeInformation
        $failed = Invoke-Recipe 1 @('-HistoryPath', $history)
        $failed.ExitCode | Should -Be 1
        $failed.Output | Should -Match 'circuitboard/2: F1 fell from 0\.999'
    }

    It 'recipe 2 writes the misclassified images' {
        $r = Invoke-Recipe 2
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $rows = @(Import-Csv (Join-Path $work 'misclassified.csv'))
        $rows.Count | Should -Be 3 # circuitboard 2 (latest) got three images wrong
        $rows.Outcome | Sort-Object -Unique | Should -Be 'FalsePositive'
        $rows[0].Confidence | Should -BeGreaterOrEqual $rows[-1].Confidence
    }

    It 'recipe 3 writes the per-label figures beside the reported ones' {
        $r = Invoke-Recipe 3
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $rows = @(Import-Csv (Join-Path $work 'labels.csv'))
        $rows.ClassName | Should -Be @('crack', 'scratch')
        foreach ($row in $rows) { [math]::Abs([double]$row.F1Score - [double]$row.ReportedF1Score) | Should -BeLessThan 1e-6 }
    }

    It 'recipe 4 prints the verdict and exits 0 only when the new version is significantly better on the primary metric' {
        # On 40 images version 2's F1 gain (+0.0995) is not significant (p = 0.193): the gate holds.
        $f1 = Invoke-Recipe 4
        $f1.ExitCode | Should -Be 2 -Because $f1.Output
        $f1.Output | Should -Match 'Verdict: On the primary metric F1Score, no significant difference on 40 paired images \(change \+0\.0995 '
        $f1.Output | Should -Match 'ChangeInterval'
        # Its AveragePrecision gain is (p = 0.035), when that is the metric chosen beforehand.
        $ap = Invoke-Recipe 4 @('-PrimaryMetric', 'AveragePrecision')
        $ap.ExitCode | Should -Be 0 -Because $ap.Output
        $ap.Output | Should -Match 'Verdict: On the primary metric AveragePrecision, circuitboard 2 is better on 40 paired images .*p = 0\.0350'
        $same = Invoke-Recipe 4 @('-OldVersion', '2', '-NewVersion', '2', '-PrimaryMetric', 'AveragePrecision')
        $same.ExitCode | Should -Be 2
        $same.Output | Should -Match 'Verdict: On the primary metric AveragePrecision, no significant difference'
    }

    It 'recipe 5 checks the whole account' {
        $r = Invoke-Recipe 5
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'Checked \d+ figures of 3 models; 0 do not hold'
    }

    It 'recipe 6 writes a report for the ticket' {
        $r = Invoke-Recipe 6
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'Attach .*report\.html \(\d+ KiB\) to CHG-1234'
        Get-Content (Join-Path $work 'report.html') -Raw | Should -Match '<title>CHG-1234: circuitboard model evaluation</title>'
    }

    It 'recipe 8 keeps booleans, lists, timestamps and enum names meaningful across CSV and JSON' {
        $manifest = Join-Path $work 'samples/cookies/EvaluationManifest-cookies-1.json'
        $r = Invoke-Recipe 8 @('-Manifest', $manifest, '-CsvPath', (Join-Path $work 'images.csv'))
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $images = @(Get-LfvEvaluationManifest $manifest)
        $wrong = @($images | Where-Object { -not $_.IsCorrect }).Count
        $scratch = @($images | Where-Object { $_.AnomalyClasses -contains 'scratch' }).Count
        $wrong | Should -BeGreaterThan 0
        $scratch | Should -BeGreaterThan 0
        $r.Output | Should -Match "Wrong: $wrong; with a scratch: $scratch; UTC: Utc"
        $r.Output | Should -Match ('"Outcome":\s*"' + $images[0].Outcome + '"')
        # Without the conversions, the same CSV answers wrongly: the reason the recipe exists.
        $raw = @(Import-Csv (Join-Path $work 'images.csv'))
        @($raw | Where-Object { -not $_.IsCorrect }).Count | Should -Be 0
    }

    It 'recipe 7 works from a copy of the bucket with no AWS call' {
        $r = Invoke-Recipe 7
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'Reported figures hold: True'
        $r.Output | Should -Match 'scratch'
    }
}
