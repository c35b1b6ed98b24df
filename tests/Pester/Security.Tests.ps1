BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:lfv = Start-LfvPeer
    $script:s3 = Start-MotoS3
}

AfterAll { Stop-Peer $lfv; Stop-Peer $s3 }

Describe 'Secrets and requests' {
    It 'never writes the secret key to any stream, error, exception or written file, with -Verbose and -Debug' {
        Reset-LfvPeer $lfv.Endpoint
        $aws = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3Endpoint $s3.Endpoint
        $report = Join-Path $TestDrive 'secret-check.html'
        $csv = Join-Path $TestDrive 'secret-check.csv'
        $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $ErrorActionPreference = 'Continue'
        $all = & {
            Find-LfvProject @aws
            Get-LfvModelVersion @aws -ProjectName circuitboard, restricted
            Get-LfvModelPerformance @aws -ProjectName cookies | Export-Csv $csv
            Get-LfvEvaluationManifest @aws -ProjectName circuitboard -ModelVersion 1 | Select-Object -First 2
            Get-LfvEvaluationResult @aws -ProjectName cookies
            Measure-LfvEvaluation @aws -ProjectName circuitboard
            Measure-LfvSegmentation @aws -ProjectName cookies
            Test-LfvEvaluation @aws -ProjectName cookies
            Export-LfvReport @aws -ProjectName circuitboard -Path $report -Force
            Get-LfvEvaluationManifest @aws -Uri 's3://lookoutmetrics-samples/nope.json'
        } *>&1
        $all.Count | Should -BeGreaterThan 20
        $text = $all | Get-StreamText
        $text += (Get-Content $report -Raw) + (Get-Content $csv -Raw)
        $text | Should -Match 'AccessDenied|S3ObjectNotFound' # errors were there to leak through, and did not
        $text | Should -Not -Match ([regex]::Escape($PeerSecret))
    }

    It 'sends only GET requests to the Lookout for Vision API' {
        $requests = @(Get-LfvPeerRequest $lfv.Endpoint)
        $requests.Count | Should -BeGreaterThan 10
        $requests.method | Sort-Object -Unique | Should -Be 'GET'
    }

    It 'warns of a plain http:// endpoint on another machine, without contacting it' {
        $null = Get-LfvEvaluationManifest -Uri 'not an s3 uri' -AccessKey AKIDX -SecretKey s -Region us-east-1 -S3EndpointUrl 'http://192.0.2.10:9000' `
            -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable errs
        "$warned" | Should -Match 'plain http:// on another machine'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
        $null = Get-LfvEvaluationManifest -Uri 'not an s3 uri' -AccessKey AKIDX -SecretKey s -Region us-east-1 -S3EndpointUrl $s3.Endpoint `
            -WarningVariable quiet -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $quiet | Should -BeNullOrEmpty
    }
}
