BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'

    # Runs a script as a scheduled task would: pwsh -NonInteractive -File, strict mode, errors stop.
    function script:Invoke-Scheduled {
        param([string] $Body)
        $file = Join-Path $TestDrive ("task-" + [guid]::NewGuid().ToString('N').Substring(0, 6) + '.ps1')
        Set-Content $file @"
Set-StrictMode -Version Latest
`$ErrorActionPreference = 'Stop'
Import-Module '$env:LOOKOUTMETRICS_MODULE'
$Body
"@
        Invoke-PwshFile -File $file
    }
}

Describe 'Scheduled-script safety' {
    It 'runs every local cmdlet under Set-StrictMode -Version Latest and exits 0' {
        $r = Invoke-Scheduled @"
`$m = '$samples/circuitboard/EvaluationManifest-circuitboard-1.json'
`$images = Get-LfvEvaluationManifest `$m
`$s = Measure-LfvEvaluation -Path `$m
`$labels = @(Get-LfvEvaluationResult '$samples/cookies/EvaluationResult-cookies-1.json' -PerLabel)
`$curve = @(Get-LfvMetricCurve -Path `$m -FalsePositiveCost 1 -FalseNegativeCost 5)
`$holds = Test-LfvEvaluation -ManifestPath `$m -ResultPath '$samples/circuitboard/EvaluationResult-circuitboard-1.json' -Quiet
`$rows = @(Compare-LfvModel `$s (Measure-LfvEvaluation -Path '$samples/circuitboard/EvaluationManifest-circuitboard-2.json') -WarningAction SilentlyContinue)
`$seg = @(Measure-LfvSegmentation -Path '$samples/cookies/EvaluationManifest-cookies-1.json' -MaskRoot '$samples')
Export-LfvReport -Path '$TestDrive/scheduled.html' -ManifestPath `$m -Force
'DONE ' + `$images.Count + ' ' + `$s.F1Score.ToString('0.000')
'LABELS ' + (`$labels.ClassName -join ',')
'CURVE ' + `$curve.Count + ' ' + @(`$curve | Where-Object IsBestF1).Count + ' ' + @(`$curve | Where-Object IsLowestCost).Count
'HOLDS ' + `$holds
'COMPARED ' + `$rows.Count + ' ' + @(`$rows | Where-Object { `$_.PValue -ge 0 -and `$_.PValue -le 1 }).Count + ' ' + `$rows[0].Decision
'SEGMENTED ' + ((`$seg | ForEach-Object { `$_.ClassName + '=' + `$_.F1Score.ToString('0.000') }) -join ',')
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'DONE 40 0\.824'
        $r.Output | Should -Match 'LABELS crack,scratch'
        $r.Output | Should -Match 'CURVE 32 1 1'        # 32 points, one best-F1, one lowest-cost
        $r.Output | Should -Match 'HOLDS True'
        $r.Output | Should -Match 'COMPARED 8 8 NoDifference'   # 8 metrics, each with a p in [0, 1] (NaN fails -ge)
        $r.Output | Should -Match 'SEGMENTED crack=0\.594,scratch=0\.685'   # the reported per-label F1: 0.593838 and 0.685256
        Get-Content "$TestDrive/scheduled.html" -Raw | Should -Match '<title>Lookout for Vision model evaluation</title>'
    }

    It 'sets a non-zero exit code when a cmdlet fails, and never prompts for a missing parameter' {
        $missing = Invoke-Scheduled "Get-LfvEvaluationManifest -Path '$TestDrive/nowhere.json'"
        $missing.ExitCode | Should -Not -Be 0
        $missing.Output | Should -Match 'Cannot find'
        $prompt = Invoke-Scheduled 'Measure-LfvSegmentation -MaskRoot .'
        $prompt.ExitCode | Should -Not -Be 0
        $prompt.Output | Should -Match 'NonInteractive|mandatory|InputObject'
    }

    It 'fails a scheduled verification whose figures do not hold' {
        $json = Get-Content "$samples/circuitboard/EvaluationResult-circuitboard-1.json" -Raw | ConvertFrom-Json
        $json.AggregatedEvaluationResults.Metrics.Recall = 0.95
        $json | ConvertTo-Json -Depth 6 | Set-Content "$TestDrive/EvaluationResult-circuitboard-1.json"
        $r = Invoke-Scheduled @"
if (-not (Test-LfvEvaluation -ManifestPath '$samples/circuitboard/EvaluationManifest-circuitboard-1.json' -ResultPath '$TestDrive/EvaluationResult-circuitboard-1.json' -Quiet)) { Write-Error 'The reported figures do not hold.'; exit 3 }
"@
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match 'do not hold'
    }
}
