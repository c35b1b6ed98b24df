BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:s3 = Start-MotoS3
    $script:proxy = Start-S3FaultProxy -Upstream $s3.Endpoint
    # A large manifest (about 8 MB) in the bucket, read through the proxy.
    $lines = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'samples/circuitboard/EvaluationManifest-circuitboard-1.json')
    $folder = Join-Path $TestDrive 'big'
    $null = New-Item -ItemType Directory $folder
    $script:bigLocal = Join-Path $folder 'EvaluationManifest-big-1.json'
    $writer = [IO.StreamWriter]::new($bigLocal)
    for ($i = 0; $i -lt 12000; $i++) { $writer.WriteLine(($lines[$i % $lines.Count] -replace 'board_(\d+)\.jpg', "board_$i.jpg" -replace '"circuitboard"', '"big"')) }
    $writer.Dispose()
    Send-S3Folder -Endpoint $s3.Endpoint -Folder $folder -Prefix 'faults/'
    $script:bigUri = 's3://lookoutmetrics-samples/faults/EvaluationManifest-big-1.json'
    $script:aws = Get-PeerParameter -S3Endpoint $proxy.Endpoint
    $script:expected = @(Get-LfvEvaluationManifest -LiteralPath $bigLocal).Count
}

AfterAll { Stop-Peer $proxy; Stop-Peer $s3 }

Describe 'Faults on the way to S3' {
    BeforeEach { Reset-S3Proxy $proxy.Endpoint }

    It 'reads a manifest whole when every other call is throttled' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'throttle-every-other' }
        @(Get-LfvEvaluationManifest -Uri $bigUri @aws).Count | Should -Be $expected
        @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object fault).Count | Should -BeGreaterThan 0
    }

    It 'retries 500 and 503 answers and connection resets' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'error'; status = 500; count = 1 }, @{ kind = 'error'; status = 503; count = 1 }, @{ kind = 'reset'; count = 1 }
        @(Get-LfvEvaluationManifest -Uri $bigUri @aws).Count | Should -Be $expected
        @(Get-S3ProxyRequest $proxy.Endpoint).Count | Should -Be 4
    }

    It 'gives up after a bounded number of retries with a clear error, and does not hang' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'error'; status = 500; count = 50 }
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $images = @(Get-LfvEvaluationManifest -Uri $bigUri @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'S3ReadFailed,*'
        $errs[0].Exception.Message | Should -Match $([regex]::Escape($bigUri))
        $attempts = @(Get-S3ProxyRequest $proxy.Endpoint).Count
        $attempts | Should -BeLessOrEqual 9
        $attempts | Should -BeGreaterThan 1
    }

    It 'finishes a body cut short with a ranged GET, and keeps every line' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'cut'; count = 1 }
        $images = @(Get-LfvEvaluationManifest -Uri $bigUri @aws)
        $images.Count | Should -Be $expected
        $images[-1].ImageName | Should -Be 'board_11999.jpg'
        $ranged = @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object range)
        $ranged.Count | Should -Be 1
        $ranged[0].range | Should -Match '^bytes=\d+-\d+$'
    }

    It 'says clearly where a body that keeps being cut stops, and keeps the lines before it' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'cut'; count = 10 }
        $images = @(Get-LfvEvaluationManifest -Uri $bigUri @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $images.Count | Should -BeGreaterThan 0
        $images.Count | Should -BeLessThan $expected
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match 'cannot be read past line \d+'
        $errs[0].Exception.Message | Should -Match 'ranged GETs did not finish it'
    }

    It 'keeps the lines read when the body does not match its checksum, and says so in one error with an id (issue 28, point 6)' {
        # An object put in one piece, whose ETag is its MD5 (the SDK checks a body against it as its end is read).
        $uri = 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json'
        Add-S3Fault $proxy.Endpoint @{ kind = 'corrupt'; count = 1; path = 'EvaluationManifest-cookies-1.json' }
        $images = @(Get-LfvEvaluationManifest -Uri $uri @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifestLine,*'
        $errs[0].Exception.Message | Should -Match 'do not match the checksum S3 gave'
        $errs[0].Exception.Message | Should -Match $([regex]::Escape($uri))
        # What was read before the mismatch showed (at the body's end) stands: the lines are kept and the error says so.
        $images.Count | Should -Be 24
        $errs[0].Exception.Message | Should -Match 'The 24 lines before it were read and are kept'
    }

    It 'reads an object whose ETag is no checksum, and a mask whose body is damaged is that image''s error alone (issue 28, point 6)' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'etag'; count = 1 }
        $result = Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/cookies/EvaluationResult-cookies-1.json' @aws -ErrorVariable errs -ErrorAction SilentlyContinue
        "$($errs | ForEach-Object { $_.FullyQualifiedErrorId + ' ' + $_ })" | Should -BeNullOrEmpty
        $result.F1Score | Should -Be 0.727273
        Reset-S3Proxy $proxy.Endpoint
        Add-S3Fault $proxy.Endpoint @{ kind = 'corrupt'; count = 1; path = 'cookie_005.png' }
        $labels = @(Measure-LfvSegmentation -Uri 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json' @aws -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 23
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -Match 'cookie_005\.png'
        $errs[0].Exception.Message | Should -Match 'do not match the checksum S3 gave'
    }

    It 'says a request that every attempt waits out is a RequestTimeout naming the object, not "The operation was canceled." (issue 28, point 6)' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'slow'; seconds = 4; count = 100 }
        $saved = $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS
        try {
            $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = '1'
            $result = Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/cookies/EvaluationResult-cookies-1.json' @aws -ErrorVariable errs -ErrorAction SilentlyContinue
        }
        finally { $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = $saved }
        $result | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'RequestTimeout,*'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errs[0].Exception.Message | Should -Match 'EvaluationResult-cookies-1\.json'
        $errs[0].Exception.Message | Should -Match 'LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS'
    }

    It 'says where a cut body stops when the ranged GET to finish it times out on every attempt, and keeps the lines before it' {
        # The first GET is cut halfway; every request after it (the ranged GET and its retries) waits past the attempt timeout.
        Add-S3Fault $proxy.Endpoint @{ kind = 'cut'; count = 1 }, @{ kind = 'slow'; seconds = 4; count = 100 }
        $saved = $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS
        try {
            $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = '1'
            $images = @(Get-LfvEvaluationManifest -Uri $bigUri @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        }
        finally { $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = $saved }
        $images.Count | Should -BeGreaterThan 0
        $images.Count | Should -BeLessThan $expected
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidManifestLine,*'
        $errs[0].Exception.Message | Should -Match 'cannot be read past line \d+'
        $errs[0].Exception.Message | Should -Match 'the ranged GET to finish it did not answer within the attempt timeout'
    }

    It 'reads a result file and masks through the faults too' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'throttle-every-other' }
        $result = Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/cookies/EvaluationResult-cookies-1.json' @aws
        $result.F1Score | Should -Be 0.727273
        Reset-S3Proxy $proxy.Endpoint
        # Masks are fetched many at once: three of their requests fail, are retried, and every image is measured.
        Add-S3Fault $proxy.Endpoint @{ kind = 'error'; status = 503; count = 2; path = '/masks/' }, @{ kind = 'reset'; count = 1; path = '/masks/' }, @{ kind = 'cut'; count = 1; path = '/masks/' }
        $labels = @(Measure-LfvSegmentation -Uri 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json' @aws)
        $labels.ImagesMeasured | Sort-Object -Unique | Should -Be 24
        @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object fault).Count | Should -Be 4
    }

    It 'abandons an attempt slower than the attempt timeout, and retries it' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'slow'; seconds = 6; count = 1 }
        $saved = $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS
        try {
            $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = '2'
            $result = Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/cookies/EvaluationResult-cookies-1.json' @aws
        }
        finally { $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = $saved }
        $result.F1Score | Should -Be 0.727273
        @(Get-S3ProxyRequest $proxy.Endpoint).Count | Should -Be 2
    }

    It 'resumes a body that stalls after its headers once the attempt timeout passes, and keeps every line' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'stall'; seconds = 120; count = 1 }
        $saved = $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = '2'
            $images = @(Get-LfvEvaluationManifest -Uri $bigUri @aws)
        }
        finally { $env:LOOKOUTMETRICS_ATTEMPT_TIMEOUT_SECONDS = $saved }
        # Resumed after the 2 s attempt timeout, not when the proxy gives up after 120 s (the bound allows a loaded machine).
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 60
        $images.Count | Should -Be $expected
        @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object range).Count | Should -Be 1
    }

    It 'ends a read of a stalled body within a second of Ctrl+C' {
        Add-S3Fault $proxy.Endpoint @{ kind = 'stall'; seconds = 120; count = 1 }
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddCommand('Get-LfvEvaluationManifest').AddParameter('Uri', $bigUri)
            foreach ($k in $aws.Keys) { $null = $ps.AddParameter($k, $aws[$k]) }
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while (-not @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object fault) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 500
            $running.IsCompleted | Should -BeFalse -Because 'the body stalls for 120 s and the attempt timeout is 60 s'
            $stopped = Stop-ModuleCommand $ps $running
            # Far below the 60 s attempt timeout: well under a second here, the bound allows a loaded machine.
            $stopped.Seconds | Should -BeLessThan 5
            $stopped.State | Should -Be 'Stopped'
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
    }

    It 'sends only GET and HEAD requests to S3' {
        $null = Get-LfvEvaluationManifest -Uri $bigUri @aws
        $null = Measure-LfvSegmentation -Uri 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json' @aws
        (Get-S3ProxyRequest $proxy.Endpoint).method | Sort-Object -Unique | Should -BeIn @('GET', 'HEAD')
    }
}

Describe 'Faults on the way to the Lookout for Vision API' {
    BeforeAll {
        $script:lfv = Start-LfvPeer
        $script:api = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3Endpoint $s3.Endpoint
    }
    AfterAll { Stop-Peer $lfv }

    It 'gives complete, correct results when every other call of every API is throttled' {
        Reset-LfvPeer $lfv.Endpoint
        $clean = Find-LfvProject @api -Name circuitboard, cookies | Get-LfvModelVersion @api | Get-LfvModelPerformance @api | ConvertTo-Json
        Reset-LfvPeer $lfv.Endpoint
        Add-LfvFault $lfv.Endpoint @{ status = 429; code = 'ThrottlingException'; every = 2; count = 1000 }
        $throttled = Find-LfvProject @api -Name circuitboard, cookies | Get-LfvModelVersion @api | Get-LfvModelPerformance @api | ConvertTo-Json
        $throttled | Should -Be $clean
        $requests = @(Get-LfvPeerRequest $lfv.Endpoint)
        @($requests | Where-Object status -EQ 429).Count | Should -BeGreaterThan 2
        @($requests | Where-Object status -EQ 429).Count | Should -Be ([math]::Ceiling($requests.Count / 2))
    }
}
