BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cb1 = Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json'
    $cookies = Join-Path $samples 'cookies/EvaluationResult-cookies-1.json'
}

Describe 'Get-LfvEvaluationResult' {
    It 'reads the reported metrics as a typed object' {
        $r = Get-LfvEvaluationResult $cb1
        $r | Should -BeOfType ([LookoutMetrics.EvaluationResult])
        $json = Get-Content $cb1 -Raw | ConvertFrom-Json
        $r.ProjectName | Should -Be 'circuitboard'
        $r.ModelVersion | Should -Be '1'
        $r.ModelArn | Should -Be $json.EvaluationDetails.ModelArn
        $r.NumberOfTestingImages | Should -Be $json.EvaluationDetails.NumberOfTestingImages
        $r.NumberOfTrainingImages | Should -Be $json.EvaluationDetails.NumberOfTrainingImages
        foreach ($m in 'ROCAUC', 'AveragePrecision', 'Precision', 'Recall', 'F1Score') {
            $r.$m | Should -Be $json.AggregatedEvaluationResults.Metrics.$m
        }
        $r.Source | Should -Be $cb1
    }

    It 'returns the evaluation end time as a UTC DateTime' {
        $r = Get-LfvEvaluationResult $cb1
        $r.EvaluationEndTimestamp | Should -BeOfType ([datetime])
        $r.EvaluationEndTimestamp.Kind | Should -Be 'Utc'
        $r.EvaluationEndTimestamp | Should -Be ([datetime]::new(2021, 5, 4, 18, 23, 10, [DateTimeKind]::Utc))
    }

    It 'types the per-label pixel metrics of a segmentation model' {
        $r = Get-LfvEvaluationResult $cookies
        $r.PixelAnomalyClassMetrics.ClassName | Should -Be @('crack', 'scratch')
        $r.PixelAnomalyClassMetrics[0] | Should -BeOfType ([LookoutMetrics.PixelClassMetric])
        $r.PixelAnomalyClassMetrics[0].AIOU | Should -BeGreaterThan 0
    }

    It 'writes one flat row per label with -PerLabel, ready for Export-Csv' {
        $csv = Join-Path $TestDrive 'labels.csv'
        Get-LfvEvaluationResult $cookies -PerLabel | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be @('ProjectName', 'ModelVersion', 'ModelVersionNumber', 'ClassName', 'Precision', 'Recall', 'F1Score', 'AIOU', 'ModelArn', 'Source')
        $rows.ProjectName | Should -Be @('cookies', 'cookies')
        $json = Get-Content $cookies -Raw | ConvertFrom-Json
        [double]$rows[1].AIOU | Should -Be $json.AggregatedEvaluationResults.Metrics.PixelAnomalyClassMetrics[1].AIOU
    }

    It 'writes no label rows for a classification model' {
        @(Get-LfvEvaluationResult $cb1 -PerLabel).Count | Should -Be 0
    }

    It 'binds files from Get-ChildItem and expands wildcards' {
        @(Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json' | Get-LfvEvaluationResult).Count | Should -Be 3
        (Get-LfvEvaluationResult (Join-Path $samples '*/EvaluationResult-*.json')).ModelVersion | Should -Be @('1', '2', '1')
    }

    It 'reports a file that is not the documented JSON and goes on to the next' {
        $bad = Join-Path $TestDrive 'EvaluationResult-bad-1.json'
        Set-Content -LiteralPath $bad -Value '{"Version":1,"EvaluationDetails":{}}'
        $out = @(Get-LfvEvaluationResult $bad, $cb1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEvaluationResult,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].TargetObject | Should -Be $bad
        $errs[0].Exception.Message | Should -Match "has no 'AggregatedEvaluationResults' object"
    }

    It 'tells the user when a manifest was given instead of a result' {
        $manifest = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
        $null = Get-LfvEvaluationResult $manifest -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].Exception.Message | Should -Match 'Get-LfvEvaluationManifest'
    }

    It 'reports empty and truncated files' {
        $empty = Join-Path $TestDrive 'empty.json'; Set-Content $empty '' -NoNewline
        $cut = Join-Path $TestDrive 'cut.json'; Set-Content $cut ((Get-Content $cb1 -Raw).Substring(0, 100)) -NoNewline
        $null = Get-LfvEvaluationResult $empty, $cut -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs[0].Exception.Message | Should -Match 'is empty'
        $errs[1].Exception.Message | Should -Match 'truncated'
    }
}
