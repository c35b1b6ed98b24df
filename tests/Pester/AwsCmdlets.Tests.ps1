# The cmdlets that call AWS, through the real peers on 127.0.0.1: the project's Lookout for Vision peer (which
# verifies every SigV4 signature with botocore's signer) and moto_server for S3.
Describe 'LookoutMetrics against the peers' {
    BeforeAll {
        Import-Module $env:LOOKOUTMETRICS_MODULE -Force
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:lfv = Start-LfvPeer
        $script:s3 = Start-MotoS3
        $script:aws = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3Endpoint $s3.Endpoint
        $script:samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    }

    AfterAll {
        Stop-Peer $lfv
        Stop-Peer $s3
    }

    BeforeEach { Reset-LfvPeer $lfv.Endpoint }

    Describe 'Find-LfvProject' {
        It 'lists every project across pages smaller than asked, each request signed' {
            $projects = @(Find-LfvProject @aws)
            $projects.Count | Should -Be 9
            $projects[0] | Should -BeOfType ([LookoutMetrics.Project])
            $projects[0].ProjectName | Should -Be 'circuitboard'
            $projects[0].CreationTimestamp.Kind | Should -Be 'Utc'
            $requests = @(Get-LfvPeerRequest $lfv.Endpoint)
            $requests.Count | Should -Be 5
            $requests.signature | Sort-Object -Unique | Should -Be 'valid'
        }

        It 'fetches only the pages the pipeline asks for' {
            $first = Find-LfvProject @aws | Select-Object -First 1
            $first.ProjectName | Should -Be 'circuitboard'
            @(Get-LfvPeerRequest $lfv.Endpoint).Count | Should -Be 1
        }

        It 'filters by wildcard and reports a missing literal name' {
            $found = @(Find-LfvProject @aws -Name 'c*', 'pcb-v2', 'missing' -ErrorVariable errs -ErrorAction SilentlyContinue)
            $found.ProjectName | Should -Be @('circuitboard', 'cookies', 'pcb-v2')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'ProjectNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'missing'
        }
    }

    Describe 'Get-LfvModelVersion' {
        It 'binds ProjectName from Find-LfvProject and streams the models' {
            $models = @(Find-LfvProject @aws -Name circuitboard, cookies | Get-LfvModelVersion @aws)
            $models.Count | Should -Be 3
            $models[0] | Should -BeOfType ([LookoutMetrics.ModelSummary])
            ($models | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" }) | Should -Be @('circuitboard/1', 'circuitboard/2', 'cookies/1')
            $models[0].Recall | Should -Be 0.777778
            $models[1].Status | Should -Be 'HOSTED'
        }

        It "keeps only 'latest' when asked" {
            (Get-LfvModelVersion @aws -ProjectName circuitboard -ModelVersion latest).ModelVersion | Should -Be '2'
        }

        It 'takes objects from other modules that carry a ProjectName' {
            @([pscustomobject]@{ ProjectName = 'cookies'; ProjectArn = 'x' } | Get-LfvModelVersion @aws).ModelVersion | Should -Be @('1')
        }
    }

    Describe 'Get-LfvModelPerformance' {
        It 'describes every version with its metrics and artifact locations' {
            $perf = @(Get-LfvModelPerformance @aws -ProjectName circuitboard)
            $perf.ModelVersion | Should -Be @('1', '2')
            $perf[0] | Should -BeOfType ([LookoutMetrics.ModelPerformance])
            $perf[0].Precision | Should -Be 0.875
            $perf[0].EvaluationManifestUri | Should -Be 's3://lookoutmetrics-samples/circuitboard/EvaluationManifest-circuitboard-1.json'
            $perf[0].EvaluationResultUri | Should -Be 's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-1.json'
            $perf[0].OutputUri | Should -Be 's3://lookoutmetrics-samples/circuitboard/'
            $perf[0].EvaluationEndTimestamp.Kind | Should -Be 'Utc'
            foreach ($name in 'ProjectName', 'ModelVersion', 'Status', 'StatusMessage', 'Precision', 'Recall', 'F1Score', 'ModelArn', 'Description',
                'CreationTimestamp', 'EvaluationEndTimestamp', 'EvaluationManifestUri', 'EvaluationResultUri', 'OutputUri') {
                $perf[0].PSObject.Properties.Name | Should -Contain $name
            }
        }

        It "resolves 'latest' to the real version" {
            (Get-LfvModelPerformance @aws -ProjectName circuitboard -ModelVersion latest).ModelVersion | Should -Be '2'
        }

        It 'writes a model in training or failed with its status and empty metrics, not as an error' {
            $perf = @(Get-LfvModelPerformance @aws -ProjectName pcb-v2 -ErrorVariable errs)
            $errs.Count | Should -Be 0
            $perf.Status | Should -Be @('TRAINING', 'TRAINING_FAILED')
            $perf[0].Precision | Should -BeNullOrEmpty
            $perf[0].EvaluationManifestUri | Should -BeExactly ''
        }

        It 'runs the calls concurrently, at most -ThrottleLimit at a time' {
            Add-LfvFault $lfv.Endpoint @{ latencyMs = 400; count = 6; path = '/models/\d+$' }
            $versions = '1', '2', '1', '2', '1', '2'
            $perf = @(Get-LfvModelPerformance @aws -ProjectName circuitboard -ModelVersion $versions -ThrottleLimit 3)
            $perf.Count | Should -Be 6
            $inflight = (Get-LfvPeerRequest $lfv.Endpoint | Where-Object path -Match '/models/\d+$').inflight
            ($inflight | Measure-Object -Maximum).Maximum | Should -Be 3
        }

        It 'keeps the input order when a later call finishes first' {
            Add-LfvFault $lfv.Endpoint @{ latencyMs = 700; count = 1; path = '/circuitboard/models/1$' }
            $perf = @(Get-LfvModelPerformance @aws -ProjectName circuitboard -ModelVersion 1, 2, latest)
            $perf.ModelVersion | Should -Be @('1', '2', '2')
            # The call for version 1 really was the slow one.
            (Get-LfvPeerRequest $lfv.Endpoint | Where-Object path -Match '/models/1$').latencyMs | Should -Be 700
        }

        It 'maps each error to its category, names the model, and goes on' {
            Add-LfvFault $lfv.Endpoint @{ status = 429; code = 'ThrottlingException'; count = 20; path = '/cookies/models/1$' }
            $perf = @(Get-LfvModelPerformance @aws -ProjectName circuitboard -ModelVersion 9, '1', 'v1' -ErrorVariable errs -ErrorAction SilentlyContinue)
            $perf += @(Get-LfvModelPerformance @aws -ProjectName restricted, cookies -ErrorVariable +errs -ErrorAction SilentlyContinue)
            $perf.ModelVersion | Should -Be @('1')
            $byId = $errs | Group-Object { $_.FullyQualifiedErrorId.Split(',')[0] } -AsHashTable -AsString
            $byId['ResourceNotFound'][0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $byId['ResourceNotFound'][0].TargetObject | Should -Be 'circuitboard/9'
            $byId['ResourceNotFound'][0].Exception.Message | Should -Match 'Model circuitboard/9'
            $byId['ValidationFailed'][0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $byId['AccessDenied'][0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $byId['AccessDenied'][0].TargetObject | Should -Be 'restricted'
            $byId['Throttled'][0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $byId['Throttled'][0].TargetObject | Should -Be 'cookies/1'
            $byId['Throttled'][0].Exception.Message | Should -Match 'Gave up after 5 attempts'
        }

        It 'retries throttling and says so in the verbose stream' {
            Add-LfvFault $lfv.Endpoint @{ status = 429; code = 'ThrottlingException'; count = 1; retryAfter = 0 }
            $out = Get-LfvModelPerformance @aws -ProjectName cookies -ModelVersion 1 -Verbose 4>&1
            ($out | Where-Object { $_ -is [LookoutMetrics.ModelPerformance] }).ModelVersion | Should -Be '1'
            ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'ThrottlingException on attempt 1; retrying'
        }
    }

    Describe 'The pipeline from the API to the artifacts' {
        It 'chains Find-LfvProject | Get-LfvModelVersion | Get-LfvModelPerformance | Get-LfvEvaluationManifest' {
            $quiet = @{ ErrorAction = 'SilentlyContinue'; ErrorVariable = '+errs' }
            $errs = @()
            $images = @(Find-LfvProject @aws @quiet | Get-LfvModelVersion @aws @quiet | Get-LfvModelPerformance @aws @quiet | Get-LfvEvaluationManifest @aws @quiet)
            $images.Count | Should -Be 104
            ($images | Group-Object ProjectName, ModelVersion -NoElement | ForEach-Object { "$($_.Name)=$($_.Count)" }) |
                Should -Be @('circuitboard, 1=40', 'circuitboard, 2=40', 'cookies, 1=24')
            # pcb-v2 has no trained model; 'restricted' cannot be read.
            ($errs | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object) | Should -Be @('AccessDenied', 'NoEvaluationArtifact', 'NoEvaluationArtifact')
        }

        It 'chains ... | Get-LfvModelPerformance | Get-LfvEvaluationResult' {
            $results = @(Get-LfvModelPerformance @aws -ProjectName circuitboard, cookies | Get-LfvEvaluationResult @aws)
            ($results | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" }) | Should -Be @('circuitboard/1', 'circuitboard/2', 'cookies/1')
            $results[0].Source | Should -Be 's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-1.json'
            # What DescribeModel reported agrees with the result file.
            $perf = Get-LfvModelPerformance @aws -ProjectName cookies -ModelVersion 1
            $results[2].Recall | Should -Be $perf.Recall
        }
    }

    Describe 'Metrics from the API and S3' {
        It 'measures a model straight from Get-LfvModelPerformance' {
            $s = @(Get-LfvModelPerformance @aws -ProjectName circuitboard | Measure-LfvEvaluation @aws)
            ($s | ForEach-Object { "$($_.ProjectName)/$($_.ModelVersion)" }) | Should -Be @('circuitboard/1', 'circuitboard/2')
            $s[0].Images | Should -Be 40
            $s[0].Source | Should -Be 's3://lookoutmetrics-samples/circuitboard/EvaluationManifest-circuitboard-1.json'
            @(Get-LfvMetricCurve @aws -ProjectName cookies | Where-Object IsBestF1).Count | Should -Be 1
        }

        It 'checks the result file and DescribeModel''s Performance of a model from the API' {
            $rows = @(Get-LfvModelPerformance @aws -ProjectName cookies | Test-LfvEvaluation @aws)
            ($rows | Where-Object ReportedBy -EQ 'DescribeModel').Metric | Should -Be @('Precision', 'Recall', 'F1Score')
            # Six model figures, and for this segmentation model four pixel figures for each of its two labels.
            ($rows | Where-Object ReportedBy -EQ 'EvaluationResult').Count | Should -Be 14
            @($rows | Where-Object ClassName).Count | Should -Be 8
            $rows.Agrees | Sort-Object -Unique | Should -Be $true
            Test-LfvEvaluation @aws -ProjectName circuitboard -Quiet | Should -BeTrue
        }

        It 'is not quiet when a model has no artifacts' {
            Test-LfvEvaluation @aws -ProjectName pcb-v2 -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }
    }

    Describe 'Reading artifacts from S3' {
        It 'reads a manifest from -Uri exactly as from the local file' {
            $fromS3 = @(Get-LfvEvaluationManifest @aws -Uri 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json')
            $local = @(Get-LfvEvaluationManifest (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'))
            $fromS3.Count | Should -Be $local.Count
            $props = 'SourceRef', 'ActualLabel', 'PredictedLabel', 'Confidence', 'AnomalyScore', 'Outcome', 'AnomalyMaskRef', 'PredictedAnomalyMaskRef', 'LineNumber'
            for ($i = 0; $i -lt $local.Count; $i++) {
                foreach ($p in $props) { $fromS3[$i].$p | Should -Be $local[$i].$p }
            }
            $fromS3[0].Source | Should -Be 's3://lookoutmetrics-samples/cookies/EvaluationManifest-cookies-1.json'
        }

        It 'locates artifacts from -ProjectName and -ModelVersion' {
            @(Get-LfvEvaluationManifest @aws -ProjectName circuitboard -ModelVersion 2).Count | Should -Be 40
            (Get-LfvEvaluationResult @aws -ProjectName cookies -PerLabel).ClassName | Should -Be @('crack', 'scratch')
            @(Get-LfvEvaluationResult @aws -ProjectName circuitboard).ModelVersion | Should -Be @('1', '2')
        }

        It 'reports a missing key, a missing bucket and a bad URI, and reads the good one after them' {
            $uris = 's3://lookoutmetrics-samples/nope/EvaluationResult-x-1.json', 's3://no-such-bucket-lfv/a.json', 'https://example/a.json',
                's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-2.json'
            $out = @(Get-LfvEvaluationResult @aws -Uri $uris -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out.ModelVersion | Should -Be @('2')
            $errs.Count | Should -Be 3
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'S3ObjectNotFound,*'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be $uris[0]
            $errs[0].Exception.Message | Should -Match "no object 'nope/EvaluationResult-x-1.json' in bucket 'lookoutmetrics-samples'"
            $errs[1].FullyQualifiedErrorId | Should -BeLike 'S3ObjectNotFound,*'
            $errs[1].Exception.Message | Should -Match "no bucket 'no-such-bucket-lfv'"
            $errs[2].FullyQualifiedErrorId | Should -BeLike 'InvalidUri,*'
            $errs[2].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'keeps the good lines of a damaged manifest in S3' {
            $dir = Join-Path $TestDrive 'damaged'
            $null = New-Item -ItemType Directory $dir
            $lines = Get-Content (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json') | Select-Object -First 3
            Set-Content (Join-Path $dir 'EvaluationManifest-damaged-1.json') @($lines[0], '{"truncated":', $lines[2])
            Send-S3Folder -Endpoint $s3.Endpoint -Folder $dir -Prefix 'damaged/'
            $images = @(Get-LfvEvaluationManifest @aws -Uri 's3://lookoutmetrics-samples/damaged/EvaluationManifest-damaged-1.json' -ErrorVariable errs -ErrorAction SilentlyContinue)
            $images.LineNumber | Should -Be @(1, 3)
            $errs[0].TargetObject | Should -Be 's3://lookoutmetrics-samples/damaged/EvaluationManifest-damaged-1.json:2'
        }

        It 'streams a large object with progress by bytes' {
            $dir = Join-Path $TestDrive 'big'
            $null = New-Item -ItemType Directory $dir
            $lines = Get-Content (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
            $file = Join-Path $dir 'EvaluationManifest-big-1.json'
            $writer = [IO.StreamWriter]::new($file)
            for ($i = 0; $i -lt 300; $i++) { foreach ($l in $lines) { $writer.WriteLine($l) } }
            $writer.Dispose()
            (Get-Item $file).Length | Should -BeGreaterThan (8MB)
            Send-S3Folder -Endpoint $s3.Endpoint -Folder $dir -Prefix 'big/'

            $ps = New-ModulePowerShell
            $null = $ps.AddCommand('Get-LfvEvaluationManifest').AddParameters($aws).AddParameter('Uri', 's3://lookoutmetrics-samples/big/EvaluationManifest-big-1.json').
                AddCommand('Measure-Object')
            $count = $ps.Invoke()
            $count[0].Count | Should -Be 12000
            $progress = @($ps.Streams.Progress)
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].Activity | Should -Be 'Reading s3://lookoutmetrics-samples/big/EvaluationManifest-big-1.json'
            $progress[0].StatusDescription | Should -Match 'of \d+\.\d MiB'
            $progress[-1].RecordType | Should -Be 'Completed'
            $ps.Runspace.Dispose()
            $ps.Dispose()
        }
    }

    Describe 'Tab completion' {
        BeforeAll {
            function script:Complete([string] $line) {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            }
            $script:prefix = "-EndpointUrl $($lfv.Endpoint) -AccessKey $PeerKey -SecretKey '$PeerSecret' -Region us-east-1"
        }

        It 'completes -Region from the SDK''s regions' {
            $matches = Complete 'Find-LfvProject -Region eu-west-'
            $matches | Should -Contain 'eu-west-1'
            $matches | Where-Object { $_ -notlike 'eu-west-*' } | Should -BeNullOrEmpty
            # Real regions only: the SDK's list also names us-east-1-regional, S3's endpoint, which is no region.
            $us = Complete 'Find-LfvProject -Region us-east-'
            $us | Should -Contain 'us-east-1'
            $us | Should -Not -Contain 'us-east-1-regional'
            foreach ($r in Complete 'Find-LfvProject -Region ') { $r | Should -Match '^[a-z]{2,4}(-[a-z]+)+-\d+$' }
        }

        It 'completes -ProjectName from the API' {
            Complete "Get-LfvModelPerformance $prefix -ProjectName coo" | Should -Be @('cookies')
            Complete "Find-LfvProject $prefix -Name filler-0" | Should -Be @('filler-01', 'filler-02', 'filler-03', 'filler-04', 'filler-05')
        }

        It 'completes -ModelVersion for the project already typed' {
            Complete "Get-LfvModelPerformance $prefix -ProjectName circuitboard -ModelVersion " | Should -Be @('latest', '2', '1')
        }

        It 'completes to nothing, quietly, when there are no credentials' {
            Complete "Find-LfvProject -EndpointUrl $($lfv.Endpoint) -Region us-east-1 -Name c" | Should -BeNullOrEmpty
        }
    }

    Describe 'Ctrl+C' {
        It 'ends a slow call within a second' {
            Add-LfvFault $lfv.Endpoint @{ latencyMs = 30000; count = 1 }
            $ps = New-ModulePowerShell
            $null = $ps.AddCommand('Get-LfvModelPerformance').AddParameters($aws).AddParameter('ProjectName', 'circuitboard').AddParameter('ModelVersion', '1')
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not @(Get-LfvPeerRequest $lfv.Endpoint).Count) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'the call never reached the peer' }
                Start-Sleep -Milliseconds 50
            }
            $stopped = Stop-ModuleCommand $ps $handle
            $stopped.State | Should -Be 'Stopped'
            $stopped.Ended | Should -BeTrue
            $ps.Runspace.Dispose()
            $stopped.Seconds | Should -BeLessThan 1 -Because 'the injected latency was 30 s, so only cancellation can end it this soon'
            $ps.Dispose()
        }
    }

    Describe 'The peer speaks the real protocol' {
        It 'passes every check of botocore''s own lookoutvision client' {
            $gcloud = Get-Command gcloud -ErrorAction SilentlyContinue
            if (-not $gcloud) { Set-ItResult -Skipped -Because 'the Google Cloud CLI (whose botocore still has lookoutvision) is not installed'; return }
            $target = (Get-Item $gcloud.Source).ResolvedTarget ?? $gcloud.Source
            $sdk = Split-Path (Split-Path ([IO.Path]::GetFullPath($target, (Split-Path $gcloud.Source))))
            $thirdParty = Join-Path $sdk 'lib/third_party'
            Test-Path (Join-Path $thirdParty 'botocore/data/lookoutvision') | Should -BeTrue
            $out = & python3 (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/peers/prove_with_botocore.py') $lfv.Endpoint $thirdParty 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
            ($out -join "`n") | Should -Match 'all checks passed'
            @($out | Where-Object { $_ -match '^ok ' }).Count | Should -Be 16
        }
    }
}
