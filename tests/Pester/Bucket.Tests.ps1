BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    # The samples as a bucket (moto_server on 127.0.0.1), with objects around the artifacts as a real output prefix has.
    $script:s3 = Start-MotoS3
    $script:aws = Get-PeerParameter -S3Endpoint $s3.Endpoint
    $script:samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $script:results = @(Get-ChildItem $samples -Recurse -Filter 'EvaluationResult-*.json')
    $script:manifests = @(Get-ChildItem $samples -Recurse -Filter 'EvaluationManifest-*.json')
}

AfterAll { Stop-Peer $s3 }

Describe 'Prefixes and wildcards, listed through the one source room' {
    It 'reads every result below the bucket''s root, and passes over the other objects' {
        $out = @(Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/' @aws -Verbose 4>&1)
        $read = @($out | Where-Object { $_ -is [LookoutMetrics.EvaluationResult] })
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($read | ForEach-Object { "$($_.ProjectName) $($_.ModelVersion)" } | Sort-Object) |
            Should -Be @($results | ForEach-Object { $_.BaseName -replace '^EvaluationResult-(.+)-(\d+)$', '$1 $2' } | Sort-Object)
        $verbose | Should -Contain "Listing 's3://lookoutmetrics-samples/'."
        $verbose | Where-Object { $_ -match '^Passed over [\d,]+ other objects under ' } | Should -Not -BeNullOrEmpty
    }

    It 'matches keys by PowerShell''s wildcard rules while listing' {
        $v1 = @(Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/*/EvaluationResult-*-1.json' @aws)
        @($v1.ModelVersion | Sort-Object -Unique) | Should -Be @('1')
        $v1.Count | Should -Be @($results | Where-Object Name -Like '*-1.json').Count
        $two = @(Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-[2].json' @aws)
        $two.ModelVersion | Should -Be @('2')
    }

    It 'reads the images of every manifest below a prefix, in each cmdlet that reads manifests' {
        $expected = @($manifests | Where-Object Name -Like '*circuitboard*' | ForEach-Object { Get-LfvEvaluationManifest -LiteralPath $_.FullName }).Count
        @(Get-LfvEvaluationManifest -Uri 's3://lookoutmetrics-samples/circuitboard/' @aws).Count | Should -Be $expected
        $summaries = @(Measure-LfvEvaluation -Uri 's3://lookoutmetrics-samples/circuitboard/' @aws)
        @($summaries.ModelVersion) | Should -Be @('1', '2')
        ($summaries | Measure-Object Images -Sum).Sum | Should -Be $expected
    }

    It 'says where it looked and what names it looked for when a listing finds nothing, once' {
        $out = @(Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/no-such-prefix/' @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoArtifactsFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 's3://lookoutmetrics-samples/no-such-prefix/'
        $errs[0].Exception.Message | Should -Match "below 's3://lookoutmetrics-samples/no-such-prefix/'"
        $errs[0].Exception.Message | Should -Match 'EvaluationResult-<project>-<version>\.json'
    }

    It 'says a listing of a bucket that does not exist for what it is' {
        $null = Get-LfvEvaluationManifest -Uri 's3://no-such-bucket-lfv/' @aws -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'S3ObjectNotFound,*'
        $errs[0].Exception.Message | Should -Match "no bucket 'no-such-bucket-lfv'"
    }
}
