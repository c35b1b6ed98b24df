BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $repo = $env:LOOKOUTMETRICS_REPO
    # The recipes of docs/cookbook.md, by their headings, as the scripts an admin would save.
    $text = Get-Content (Join-Path $repo 'docs/cookbook.md') -Raw
    $script:recipes = @{}
    foreach ($m in [regex]::Matches($text, '(?ms)^## Recipe (\d+):.*?```powershell\r?\n(.*?)```')) { $recipes[[int]$m.Groups[1].Value] = $m.Groups[2].Value }

    $script:s3 = Start-MotoS3
    $script:work = Join-Path $TestDrive 'work'
    $null = New-Item -ItemType Directory $work
    Copy-Item (Join-Path $repo 'samples') $work -Recurse
    # The buckets the recipes read, as the service left them: the samples' models under their output prefix, and the
    # copies a night may meet (a tampered result, a truncated one).
    $artifacts = Join-Path $TestDrive 'artifacts'
    $null = New-Item -ItemType Directory $artifacts
    foreach ($project in 'circuitboard', 'cookies') {
        $null = New-Item -ItemType Directory (Join-Path $artifacts $project)
        Copy-Item (Join-Path $repo "samples/$project/Evaluation*.json") (Join-Path $artifacts $project)
    }
    Send-S3Folder -Endpoint $s3.Endpoint -Folder $artifacts -Bucket 'acme-lfv' -Prefix 'lookout/'
    $tampered = Join-Path $TestDrive 'tampered'
    Copy-Item $artifacts $tampered -Recurse
    $result = Join-Path $tampered 'circuitboard/EvaluationResult-circuitboard-1.json'
    (Get-Content -Raw $result) -replace '"F1Score": 0\.823529', '"F1Score": 0.95' | Set-Content $result
    Send-S3Folder -Endpoint $s3.Endpoint -Folder $tampered -Bucket 'acme-tampered'
    $damaged = Join-Path $TestDrive 'damaged'
    Copy-Item $artifacts $damaged -Recurse
    $cut = Join-Path $damaged 'cookies/EvaluationResult-cookies-1.json'
    Set-Content $cut (Get-Content -Raw $cut).Substring(0, 200) -NoNewline
    Send-S3Folder -Endpoint $s3.Endpoint -Folder $damaged -Bucket 'acme-damaged'
    # A test set three times the samples' (120 images, each sample image photographed three times): large enough for a real gain
    # to show.
    $large = Join-Path $TestDrive 'large/circuitboard'
    $null = New-Item -ItemType Directory $large -Force
    foreach ($v in 1, 2) {
        $lines = Get-Content (Join-Path $repo "samples/circuitboard/EvaluationManifest-circuitboard-$v.json")
        $copies = foreach ($k in 1..3) { foreach ($line in $lines) { $line -replace '\.jpg"', "-shot$k.jpg`"" } }
        Set-Content (Join-Path $large "EvaluationManifest-circuitboard-$v.json") $copies
    }
    Send-S3Folder -Endpoint $s3.Endpoint -Folder (Split-Path $large) -Bucket 'acme-large'
    # The reported F1 of each sample model: the oracle of what the history records.
    $script:reportedF1 = @{}
    foreach ($r in Get-ChildItem (Join-Path $repo 'samples') -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult) {
        $reportedF1["$($r.ProjectName)/$($r.ModelVersion)"] = $r.F1Score
    }

    # Runs a recipe as a scheduled task would, with the usual AWS settings pointing at the peers.
    function script:Invoke-Recipe {
        param([int] $Number, [string[]] $Arguments = @(), [string] $S3Endpoint = $s3.Endpoint)
        $file = Join-Path $work "recipe-$Number.ps1"
        Set-Content $file $recipes[$Number]
        $env = @{
            AWS_ACCESS_KEY_ID = $PeerKey; AWS_SECRET_ACCESS_KEY = $PeerSecret; AWS_REGION = 'us-east-1'
            # No Lookout for Vision endpoint: the recipes never call the API that AWS turned off.
            AWS_ENDPOINT_URL_LOOKOUTVISION = 'http://127.0.0.1:9'; AWS_ENDPOINT_URL_S3 = $S3Endpoint
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

AfterAll { Stop-Peer $s3 }

Describe 'docs/cookbook.md' {
    It 'runs every recipe of the cookbook, and only those' {
        # The recipes this file runs, read from its own tests: a recipe added to the cookbook without a test fails here.
        $tested = [regex]::Matches((Get-Content -Raw $PSCommandPath), 'Invoke-Recipe (\d+)') | ForEach-Object { [int]$_.Groups[1].Value } | Sort-Object -Unique
        $recipes.Count | Should -BeGreaterThan 0
        @($recipes.Keys | Sort-Object) | Should -Be @($tested)
    }

    It 'recipe 1 keeps a verified F1 history from the bucket and fails, naming the model, when one falls' {
        $history = Join-Path $work 'f1.csv'
        $first = Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/', '-HistoryPath', $history)
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $first.Output | Should -Match 'Recorded the F1 of 3 of 3 model versions'
        $rows = @(Import-Csv $history)
        @($rows | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" } | Sort-Object) | Should -Be @($reportedF1.Keys | Sort-Object)
        foreach ($r in $rows) { [math]::Abs([double] $r.F1Score - $reportedF1["$($r.ProjectName)/$($r.ModelVersion)"]) | Should -BeLessThan 1e-4 }
        (Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/', '-HistoryPath', $history)).ExitCode | Should -Be 0
        @(Import-Csv $history).Count | Should -Be 6
        # Pretend circuitboard 2 used to be much better.
        $raised = Import-Csv $history | ForEach-Object { if ($_.ProjectName -eq 'circuitboard' -and $_.ModelVersion -eq '2') { $_.F1Score = '0.999' }; $_ }
        $raised | Export-Csv $history -NoTypeInformation
        $failed = Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/', '-HistoryPath', $history)
        $failed.ExitCode | Should -Be 1
        $failed.Output | Should -Match 'PROBLEM circuitboard/2: F1 fell from 0\.9990'
    }

    It 'recipe 1 verifies before it records: a tampered F1 never enters the history' {
        $history = Join-Path $work 'f1-tampered.csv'
        $r = Invoke-Recipe 1 @('-Uri', 's3://acme-tampered/', '-HistoryPath', $history)
        $r.ExitCode | Should -Be 1
        $r.Output | Should -Match 'PROBLEM circuitboard/1: the reported F1 0\.9500 does not hold \(recomputed 0\.8235\); not recorded'
        @(Import-Csv $history | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" } | Sort-Object) | Should -Be @('circuitboard/2', 'cookies/1')
    }

    It 'recipe 1 keeps every good model when an object is denied or damaged, and fails at the end naming it' {
        $proxy = Start-S3FaultProxy -Upstream $s3.Endpoint
        try {
            Add-S3Fault $proxy.Endpoint @{ kind = 'error'; status = 403; code = 'AccessDenied'; path = 'EvaluationManifest-cookies-1'; count = 100 }
            $history = Join-Path $work 'f1-denied.csv'
            $denied = Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/', '-HistoryPath', $history) -S3Endpoint $proxy.Endpoint
            $denied.ExitCode | Should -Be 1
            $denied.Output | Should -Match 'PROBLEM .*EvaluationManifest-cookies-1\.json.*denied'
            @(Import-Csv $history | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" } | Sort-Object) | Should -Be @('circuitboard/1', 'circuitboard/2')
        }
        finally { Stop-Peer $proxy }
        $history = Join-Path $work 'f1-damaged.csv'
        $damaged = Invoke-Recipe 1 @('-Uri', 's3://acme-damaged/', '-HistoryPath', $history)
        $damaged.ExitCode | Should -Be 1
        $damaged.Output | Should -Match 'PROBLEM .*EvaluationResult-cookies-1\.json'
        @(Import-Csv $history).Count | Should -Be 2
    }

    It 'recipe 1 fails when the bucket holds nothing, or a model recorded before is gone' {
        $history = Join-Path $work 'f1-gone.csv'
        $empty = Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/nothing-here/', '-HistoryPath', $history)
        $empty.ExitCode | Should -Not -Be 0
        $empty.Output | Should -Match 'No model version was found under s3://acme-lfv/nothing-here/'
        Test-Path $history | Should -BeFalse
        [pscustomobject]@{ TimeUtc = '2026-01-01T00:00:00Z'; ProjectName = 'pcb'; ModelVersion = '7'; F1Score = '0.9' } | Export-Csv $history -NoTypeInformation
        $gone = Invoke-Recipe 1 @('-Uri', 's3://acme-lfv/', '-HistoryPath', $history)
        $gone.ExitCode | Should -Be 1
        $gone.Output | Should -Match 'PROBLEM pcb/7: recorded before, gone from s3://acme-lfv/'
        @(Import-Csv $history).Count | Should -Be 4
    }

    It 'recipe 2 writes the misclassified images of the newest version' {
        $r = Invoke-Recipe 2 @('-Uri', 's3://acme-lfv/lookout/')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'circuitboard 2\)'
        $rows = @(Import-Csv (Join-Path $work 'misclassified.csv'))
        $expected = @(Get-LfvEvaluationManifest (Join-Path $repo 'samples/circuitboard/EvaluationManifest-circuitboard-2.json') | Where-Object { -not $_.IsCorrect })
        $rows.Count | Should -Be $expected.Count
        $rows.Count | Should -BeGreaterThan 0
        $rows[0].Confidence | Should -BeGreaterOrEqual $rows[-1].Confidence
    }

    It 'recipe 3 writes the per-label figures, measured from the masks in the bucket, beside the reported ones' {
        $r = Invoke-Recipe 3 @('-Uri', 's3://acme-lfv/')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $rows = @(Import-Csv (Join-Path $work 'labels.csv'))
        $rows.ClassName | Should -Be @('crack', 'scratch')
        foreach ($row in $rows) { [math]::Abs([double]$row.F1Score - [double]$row.ReportedF1Score) | Should -BeLessThan 1e-6 }
    }

    It 'recipe 4 prints the verdict and exits 0 only when the new version is significantly better on the primary metric' {
        # On 40 images version 2's F1 gain (+0.0995) is not significant: the gate holds.
        $f1 = Invoke-Recipe 4 @('-Uri', 's3://acme-lfv/')
        $f1.ExitCode | Should -Be 2 -Because $f1.Output
        $f1.Output | Should -Match 'Verdict: On the primary metric F1Score, no significant difference on 40 paired images \(change \+0\.0995 '
        $f1.Output | Should -Match 'ChangeInterval'
        # Nor is its AveragePrecision gain: 18 anomalies and 22 normal images are tested by permutation, which does not call it.
        $ap = Invoke-Recipe 4 @('-Uri', 's3://acme-lfv/', '-PrimaryMetric', 'AveragePrecision')
        $ap.ExitCode | Should -Be 2 -Because $ap.Output
        $ap.Output | Should -Match 'Decided on 18 anomalous and 22 normal paired images'
        # On three times the images the same gain is significant, and the gate opens.
        $large = Invoke-Recipe 4 @('-Uri', 's3://acme-large/', '-PrimaryMetric', 'AveragePrecision')
        $large.ExitCode | Should -Be 0 -Because $large.Output
        $large.Output | Should -Match 'Verdict: On the primary metric AveragePrecision, circuitboard 2 is better on 120 paired images'
        $same = Invoke-Recipe 4 @('-Uri', 's3://acme-large/', '-OldVersion', '2', '-NewVersion', '2', '-PrimaryMetric', 'AveragePrecision')
        $same.ExitCode | Should -Be 2
        $same.Output | Should -Match 'Verdict: On the primary metric AveragePrecision, no significant difference'
    }

    It 'recipe 5 checks a whole bucket with -Quiet, and prints what does not hold with its difference' {
        $r = Invoke-Recipe 5 @('-Uri', 's3://acme-lfv/')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'Every reported figure of 3 model versions holds'
        $bad = Invoke-Recipe 5 @('-Uri', 's3://acme-tampered/')
        $bad.ExitCode | Should -Be 1
        $line = ($bad.Output -split "`n" | Where-Object { $_ -match '^circuitboard\s+1\s+F1Score' }) | Select-Object -First 1
        $line | Should -Match '0\.9500\s+0\.8235\s+-0\.1265'
    }

    It 'recipe 6 writes a report of the project''s versions in the bucket for the ticket' {
        $r = Invoke-Recipe 6 @('-Uri', 's3://acme-lfv/')
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'Attach .*report\.html \(\d+ KiB, 2 versions\) to CHG-1234'
        $html = Get-Content (Join-Path $work 'report.html') -Raw
        $html | Should -Match '<title>CHG-1234: circuitboard model evaluation</title>'
    }

    It 'recipe 9 holds the successor to the retired model from the bucket, and exits 0 only on NotWorse' {
        $args9 = @('-Uri', 's3://acme-lfv/', '-PredictionUri', 's3://lookoutmetrics-samples/circuitboard/successor/sagemaker-1/', '-ModelName', 'sagemaker-1')
        $r = Invoke-Recipe 9 $args9
        $r.Output | Should -Match 'Decision: (NotWorse|Worse|Inconclusive)'
        $decision = [regex]::Match($r.Output, 'Decision: (\w+)').Groups[1].Value
        $r.ExitCode | Should -Be $(if ($decision -eq 'NotWorse') { 0 } else { 2 }) -Because $r.Output
        # The same decision as the cmdlets give on the local samples.
        $old = Measure-LfvEvaluation -Path (Join-Path $repo 'samples/circuitboard/EvaluationManifest-circuitboard-2.json')
        $new = Get-LfvEvaluationManifest (Join-Path $repo 'samples/circuitboard/EvaluationManifest-circuitboard-2.json') |
            Import-LfvPrediction -Path (Join-Path $repo 'samples/circuitboard/successor/sagemaker-1') -ModelName sagemaker-1 | Measure-LfvEvaluation
        (Compare-LfvModel $old $new -NonInferiorityMargin 0.02 -WarningAction SilentlyContinue)[0].Decision | Should -Be $decision
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
