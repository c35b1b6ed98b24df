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

Describe 'Special files where data belongs (issue 28, point 2)' {
    BeforeAll {
        $script:special = Join-Path $TestDrive 'special'
        $null = New-Item -ItemType Directory $special
        $samplesDir = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
        $script:cookies = Join-Path $samplesDir 'cookies/EvaluationManifest-cookies-1.json'
        $script:maskRoot = Join-Path $TestDrive 'masks'
        Copy-Item (Join-Path $samplesDir 'cookies') (Join-Path $maskRoot 'cookies') -Recurse
    }

    It 'says a FIFO, a device or a folder given as a manifest is not a file, at once, and never opens it' {
        $fifo = Join-Path $special 'EvaluationManifest-p-1.json'
        & mkfifo $fifo
        # In a job with a deadline: before, the FIFO blocked its reader until a writer came, which was never.
        $job = Start-Job -ScriptBlock {
            param($module, $paths)
            Import-Module $module
            foreach ($p in $paths) { try { Get-LfvEvaluationManifest -Path $p -ErrorAction Stop } catch { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" } }
        } -ArgumentList $env:LOOKOUTMETRICS_MODULE, @($fifo, '/dev/zero')
        $finished = Wait-Job $job -Timeout 60
        $finished | Should -Not -BeNullOrEmpty -Because 'a FIFO or a device must not be waited on'
        $said = @(Receive-Job $job)
        Remove-Job $job -Force
        $said.Count | Should -Be 2
        $said[0] | Should -BeLike "NotAFile,*|'$fifo' is a FIFO (named pipe), not a file*"
        $said[1] | Should -BeLike "NotAFile,*|'/dev/zero' is a character device, not a file*"
    }

    It 'keeps every other image when a mask is a link to /dev/zero (out of the root) or a FIFO, each one error naming it' {
        # Two predicted masks of the copy replaced: one by a link to /dev/zero (read until memory ran out before), one by a FIFO.
        $predicted = Join-Path $maskRoot 'cookies/masks/predicted'
        Remove-Item (Join-Path $predicted 'cookie_002.png'), (Join-Path $predicted 'cookie_003.png')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $predicted 'cookie_002.png') -Target '/dev/zero'
        & mkfifo (Join-Path $predicted 'cookie_003.png')
        $job = Start-Job -ScriptBlock {
            param($module, $manifest, $root)
            Import-Module $module
            $rows = @(Measure-LfvSegmentation -Path $manifest -MaskRoot $root -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            [pscustomobject]@{ Measured = $rows[0].ImagesMeasured; Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }) }
        } -ArgumentList $env:LOOKOUTMETRICS_MODULE, $cookies, $maskRoot
        $finished = Wait-Job $job -Timeout 120
        $finished | Should -Not -BeNullOrEmpty -Because 'a device or a FIFO as a mask must not be waited on'
        $result = Receive-Job $job
        Remove-Job $job -Force
        $result.Measured | Should -Be 22
        $result.Errors.Count | Should -Be 2
        # The link leads out of -MaskRoot: refused by the walls before anything is opened, and nothing is said of where it leads.
        $outside = @($result.Errors | Where-Object { $_ -like 'ReferenceOutsideRoots,*' })
        $outside.Count | Should -Be 1
        $outside[0] | Should -Match "mask reference 's3://[^']+/cookie_002\.png' lies outside the folders this command reads"
        $outside[0] | Should -Not -Match 'dev/zero|device'
        ($result.Errors -join "`n") | Should -Match "cookie_003\.png' is a FIFO \(named pipe\), not a file"
    }
}

Describe 'The terminal is not the data''s (issue 28, point 5)' {
    It 'shows control characters from a manifest escaped in every default view, warning and error, and cuts a blown-up value' {
        $esc = [char]27; $bel = [char]7
        $manifest = Join-Path $TestDrive "EvaluationManifest-evil-1.json"
        $project = "evil${esc}]0;pwned${bel}"
        $good = @{ 'source-ref' = "s3://b/img${esc}[2J.jpg"; 'anomaly-label' = 1; 'anomaly-label-metadata' = @{ 'class-name' = 'anomaly' }
                   'anomaly-label-detected' = 1; 'anomaly-label-detected-metadata' = @{ 'class-name' = 'anomaly'; confidence = 0.9; 'project-name' = $project; 'model-version' = '1' } }
        # A line whose confidence is a 5 MB string: its error quotes a short prefix, never the value.
        $huge = $good.Clone(); $huge['anomaly-label-detected-metadata'] = @{ confidence = 'x' * 5000000; 'project-name' = $project; 'model-version' = '1' }
        @(($good | ConvertTo-Json -Compress -Depth 5), ($huge | ConvertTo-Json -Compress -Depth 5)) | Set-Content $manifest
        $images = @(Get-LfvEvaluationManifest $manifest -ErrorVariable e -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 1
        $images[0].SourceRef | Should -Be "s3://b/img${esc}[2J.jpg"   # the data itself is kept as it is
        $views = @(
            ($images | Out-String -Width 200),
            ($images | Measure-LfvEvaluation -WarningAction SilentlyContinue | Out-String -Width 200),
            ($images | Get-LfvMetricCurve -WarningAction SilentlyContinue | Select-Object -First 1 | Out-String -Width 200)
        )
        foreach ($v in $views) {
            $v | Should -Not -Match "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]" -Because $v
        }
        $views[0] | Should -Match ([regex]::Escape('img\u001b[2J.jpg'))
        $views[1] | Should -Match ([regex]::Escape('evil\u001b]0'))
        $e.Count | Should -Be 1
        $e[0].ToString() | Should -Not -Match "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
        $e[0].ToString().Length | Should -BeLessThan 2200
        # A warning carries the data's text escaped too (a project with only anomalies warns of its ROC AUC).
        $null = $images | Measure-LfvEvaluation -WarningVariable w
        "$w" | Should -Match ([regex]::Escape('evil\u001b]0;pwned\u0007'))
        "$w" | Should -Not -Match "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
    }
}
