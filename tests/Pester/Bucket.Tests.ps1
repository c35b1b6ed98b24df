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

Describe 'Find-LfvModelArtifact: the model versions a bucket holds, without the API' {
    BeforeAll {
        # A bucket as a customer's looks after the service ended: two projects under an output prefix, versions 1, 2 and
        # 10 (so that a text sort would put 10 before 2), a version whose manifest was deleted, and objects around them.
        $script:acme = Join-Path $TestDrive 'acme'
        $cb = Join-Path $acme 'lookout/circuitboard'
        $null = New-Item -ItemType Directory $cb, (Join-Path $acme 'lookout/cookies/masks'), (Join-Path $acme 'datasets')
        foreach ($v in 1, 2) {
            Copy-Item (Join-Path $samples "circuitboard/EvaluationResult-circuitboard-$v.json"), (Join-Path $samples "circuitboard/EvaluationManifest-circuitboard-$v.json") $cb
        }
        # Version 10: version 2's artifacts under its own name (the result's ARN says version 2, which names the model in
        # messages; the listing goes by the file names).
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-2.json') (Join-Path $cb 'EvaluationResult-circuitboard-10.json')
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json') (Join-Path $cb 'EvaluationManifest-circuitboard-10.json')
        Copy-Item (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json') (Join-Path $acme 'lookout/cookies/EvaluationResult-cookies-3.json')
        Set-Content (Join-Path $acme 'lookout/cookies/masks/a.png') 'not a mask'
        Set-Content (Join-Path $acme 'datasets/train.manifest') '{}'
        Set-Content (Join-Path $acme 'lookout/training.log') 'log'
        Send-S3Folder -Endpoint $s3.Endpoint -Folder $acme -Bucket 'acme-lfv'
    }

    It 'writes one record per model version, paired, versions sorted as numbers, sizes and times from the listing' {
        $found = @(Find-LfvModelArtifact -Uri 's3://acme-lfv/' @aws -WarningVariable warned -WarningAction SilentlyContinue)
        @($found | ForEach-Object { "$($_.ProjectName) $($_.ModelVersion)" }) | Should -Be @('circuitboard 1', 'circuitboard 2', 'circuitboard 10', 'cookies 3')
        $found[0].ModelVersion | Should -BeOfType [int]
        $found[2].ResultUri | Should -Be 's3://acme-lfv/lookout/circuitboard/EvaluationResult-circuitboard-10.json'
        $found[2].ManifestUri | Should -Be 's3://acme-lfv/lookout/circuitboard/EvaluationManifest-circuitboard-10.json'
        $found[0].ResultSize | Should -Be (Get-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json')).Length
        $found[0].ManifestSize | Should -Be (Get-Item (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')).Length
        $found[0].ResultLastModified.Kind | Should -Be 'Utc'
        ([DateTime]::UtcNow - $found[0].ResultLastModified).TotalHours | Should -BeLessThan 1
        $found[0].Folder | Should -Be 's3://acme-lfv/lookout/circuitboard/'
        $found[3].ManifestUri | Should -BeNullOrEmpty
        $found[3].ManifestSize | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        $warned[0].Message | Should -Match '^1 of 4 model versions have no evaluation manifest beside their result \(cookies/3\)'
    }

    It 'finds the same in a local copy, and lists a prefix or a pattern only' {
        $local = @(Find-LfvModelArtifact -Path $acme -WarningAction SilentlyContinue)
        @($local | ForEach-Object { "$($_.ProjectName) $($_.ModelVersion)" }) | Should -Be @('circuitboard 1', 'circuitboard 2', 'circuitboard 10', 'cookies 3')
        $local[0].ResultUri | Should -Be (Join-Path $acme 'lookout/circuitboard/EvaluationResult-circuitboard-1.json')
        @(Find-LfvModelArtifact -Uri 's3://acme-lfv/lookout/circuitboard' @aws).Count | Should -Be 3
        @(Find-LfvModelArtifact -Uri 's3://acme-lfv/*/Evaluation*-circuitboard-1?.json' @aws).ModelVersion | Should -Be @(10)
        # A pattern that matches the results alone still pairs each with its manifest: nothing is said to be missing.
        $results = @(Find-LfvModelArtifact -Uri 's3://acme-lfv/*/EvaluationResult-circuit*' @aws -WarningVariable warned)
        @($results.ModelVersion) | Should -Be @(1, 2, 10)
        @($results | Where-Object { -not $_.ManifestUri }) | Should -BeNullOrEmpty
        $warned | Should -BeNullOrEmpty
    }

    It 'binds by property name into every artifact cmdlet, so that a bucket is one pipeline' {
        $found = @(Find-LfvModelArtifact -Uri 's3://acme-lfv/lookout/circuitboard/' @aws)
        @($found | Get-LfvEvaluationResult @aws).F1Score | Should -Be @(
            (Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json')).F1Score,
            (Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-2.json')).F1Score,
            (Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-2.json')).F1Score)
        $measured = @($found | Measure-LfvEvaluation @aws -NoInterval)
        $measured.Count | Should -Be 2  # versions 2 and 10 are the same model by their lines' ARN, so their images are one set
        ($found | Test-LfvEvaluation @aws -Quiet) | Should -BeTrue
        $report = Join-Path $TestDrive 'acme.html'
        $found | Export-LfvReport $report @aws
        (Get-Content -Raw $report) | Should -Match 'circuitboard'
    }

    It 'checks a bucket in one line, and a version without its manifest is one error naming it, the others checked' {
        $checks = @(Find-LfvModelArtifact -Uri 's3://acme-lfv/' @aws -WarningAction SilentlyContinue |
            Test-LfvEvaluation @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoEvaluationArtifact,*'
        $errs[0].Exception.Message | Should -Match '^Model cookies/3 has no evaluation manifest: there is none beside'
        @($checks | Where-Object ProjectName -EQ circuitboard).Count | Should -BeGreaterThan 0
        @($checks | Where-Object { $_.Status -eq 'Disagrees' }) | Should -BeNullOrEmpty
    }

    It 'says where a segmentation model''s masks are with -MaskPrefix, and nothing of a classification model' {
        $found = @(Find-LfvModelArtifact -Uri 's3://lookoutmetrics-samples/' @aws -MaskPrefix)
        ($found | Where-Object ProjectName -EQ cookies).MaskPrefix | Should -Be 's3://lookoutmetrics-samples/cookies/masks/ground-truth/'
        @($found | Where-Object ProjectName -EQ circuitboard).MaskPrefix | Should -Be @('', '')
        # Without the switch no manifest is read: the listing alone.
        (Find-LfvModelArtifact -Uri 's3://lookoutmetrics-samples/cookies/' @aws).MaskPrefix | Should -BeNullOrEmpty
    }

    It 'says where it looked when it finds no artifact' {
        $null = Find-LfvModelArtifact -Uri 's3://acme-lfv/datasets/' @aws -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoArtifactsFound,*'
        $errs[0].Exception.Message | Should -Match "below 's3://acme-lfv/datasets/'.*EvaluationResult-<project>-<version>\.json and EvaluationManifest"
    }
}

Describe 'AWS.Tools'' objects and evaluation results in the pipeline' {
    BeforeAll {
        # The real S3Object type of AWSSDK.S3 (as Get-S3Object writes it), loaded here as AWS.Tools loads it into a session.
        $dependencies = Join-Path (Split-Path $env:LOOKOUTMETRICS_MODULE) 'Dependencies'
        foreach ($dll in 'AWSSDK.Core.dll', 'AWSSDK.S3.dll') {
            $path = Get-ChildItem $dependencies -Recurse -Filter $dll | Select-Object -First 1
            $null = [System.Reflection.Assembly]::LoadFrom($path.FullName)
        }
        function New-S3Object([string] $Key) {
            $o = [Amazon.S3.Model.S3Object]::new()
            $o.BucketName = 'lookoutmetrics-samples'
            $o.Key = $Key
            $o
        }
        $script:listing = @(
            New-S3Object 'circuitboard/'   # the folder marker a console-made prefix holds
            New-S3Object 'circuitboard/EvaluationManifest-circuitboard-1.json'
            New-S3Object 'circuitboard/EvaluationResult-circuitboard-1.json'
            New-S3Object 'circuitboard/images/test/anomaly/cb_001.jpg'
        )
    }

    It 'binds an S3Object by property name, reading the artifacts of the cmdlet''s kind and passing over the others' {
        $listing[0] | Should -BeOfType [Amazon.S3.Model.S3Object]
        $out = @($listing | Get-LfvEvaluationResult @aws -Verbose 4>&1)
        $results = @($out | Where-Object { $_ -is [LookoutMetrics.EvaluationResult] })
        $results.Count | Should -Be 1
        $results[0].Source | Should -Be 's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-1.json'
        # The marker and the image are passed over; the manifest names the result beside it, which is read once.
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Passed over*' }).Count | Should -Be 2
        $images = @($listing | Get-LfvEvaluationManifest @aws)
        $images.Count | Should -Be @(Get-LfvEvaluationManifest (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')).Count
    }

    It 'takes the same from objects that only look like them (Select-Object, ConvertFrom-Json)' {
        $plain = $listing | Select-Object BucketName, Key, Size
        $summary = @($plain | Measure-LfvEvaluation @aws -NoInterval)
        $summary.Count | Should -Be 1
        $summary[0].F1Score | Should -Be (Measure-LfvEvaluation -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json') -NoInterval).F1Score
        ($plain | Test-LfvEvaluation @aws -Quiet) | Should -BeTrue
        ($listing | Test-LfvEvaluation @aws -Quiet) | Should -BeTrue
        # A model whose manifest and result are both piped is checked once; a result object alone reads the manifest beside it.
        @($listing | Test-LfvEvaluation @aws).Count | Should -Be @(Test-LfvEvaluation -Path (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')).Count
        (@($listing)[2] | Measure-LfvEvaluation @aws -NoInterval).Images | Should -Be $summary[0].Images
        # Files from Get-ChildItem are taken too.
        (Get-ChildItem (Join-Path $samples 'circuitboard') -Filter 'EvaluationResult-*.json' | Test-LfvEvaluation -Quiet) | Should -BeTrue
    }

    It 'reads the manifest beside each evaluation result piped into Measure-LfvEvaluation, Get-LfvMetricCurve and Measure-LfvSegmentation' {
        $cb = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
        $direct = Measure-LfvEvaluation -Path $cb -NoInterval
        $piped = Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') | Measure-LfvEvaluation -NoInterval
        $piped.Images | Should -Be $direct.Images
        $piped.ROCAUC | Should -Be $direct.ROCAUC
        $curve = @(Get-LfvEvaluationResult -Uri 's3://lookoutmetrics-samples/circuitboard/EvaluationResult-circuitboard-1.json' @aws | Get-LfvMetricCurve @aws)
        $curve.Count | Should -Be @(Get-LfvMetricCurve -Path $cb).Count
        $labels = @(Get-LfvEvaluationResult (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json') | Measure-LfvSegmentation -MaskRoot $samples)
        @($labels.ClassName | Sort-Object) | Should -Be @(Measure-LfvSegmentation -Path (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json') -MaskRoot $samples).ClassName
    }

    It 'says which result''s manifest cannot be located, and goes on with the others' {
        $odd = Join-Path $TestDrive 'renamed-result.json'
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') $odd
        $results = @((Get-LfvEvaluationResult $odd), (Get-LfvEvaluationResult (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-2.json')))
        $out = @($results | Measure-LfvEvaluation -NoInterval -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.ModelVersion | Should -Be @('2')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ManifestNotLocated,*'
        $errs[0].TargetObject | Should -Be $odd
    }
}

Describe 'A bucket whose masks are not where its manifest says' {
    It 'leaves the per-label figures unchecked, with the reason, instead of calling them disagreeing' {
        $moved = Join-Path $TestDrive 'moved/cookies'
        $null = New-Item -ItemType Directory -Force $moved
        Copy-Item (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json') $moved
        (Get-Content -Raw (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')) -replace 's3://lookoutmetrics-samples/cookies/masks/', 's3://acme-moved/cookies/masks/' |
            Set-Content (Join-Path $moved 'EvaluationManifest-cookies-1.json') -NoNewline
        Send-S3Folder -Endpoint $s3.Endpoint -Folder (Split-Path $moved) -Bucket 'acme-moved'
        $rows = @(Find-LfvModelArtifact -Uri 's3://acme-moved/' @aws | Test-LfvEvaluation @aws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -BeGreaterThan 0
        $pixel = @($rows | Where-Object ClassName)
        $pixel.Count | Should -Be 8
        $pixel.Agrees | ForEach-Object { $_ | Should -BeNullOrEmpty }
        $pixel[0].Reason | Should -Match "none of the model's masks could be read"
        @($rows | Where-Object { -not $_.ClassName -and $_.Agrees }).Count | Should -BeGreaterThan 0
        (Find-LfvModelArtifact -Uri 's3://acme-moved/' @aws | Test-LfvEvaluation @aws -Quiet -ErrorAction SilentlyContinue) | Should -BeFalse
    }
}
