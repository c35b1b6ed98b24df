# Import-LfvPrediction and Export-LfvTestSet: a successor's predictions as the successors write them, held to the
# retired model's test set, with scikit-learn and the module's own manifest reader as the oracles.
BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $circuit = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json'
    $cookies = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
    $writer = Join-Path $env:LOOKOUTMETRICS_REPO 'tests/support/successor_outputs.py'

    # Writes a successor's outputs with the support script; returns its oracle (sklearn's figures, the vectors, and
    # the same predictions as an evaluation manifest).
    function script:New-SuccessorOutput([hashtable] $Spec) {
        $file = Join-Path $TestDrive ("spec-" + [guid]::NewGuid().ToString('N') + '.json')
        $Spec | ConvertTo-Json -Depth 5 | Set-Content $file
        $json = /usr/bin/python3 $writer $file
        if ($LASTEXITCODE -ne 0) { throw "successor_outputs.py failed: $json" }
        $json | ConvertFrom-Json
    }

    $figures = 'Images', 'TruePositives', 'FalsePositives', 'TrueNegatives', 'FalseNegatives', 'Precision', 'Recall', 'F1Score', 'Accuracy', 'ROCAUC', 'AveragePrecision'
}

Describe 'Import-LfvPrediction of SageMaker batch transform output' {
    BeforeAll {
        $script:out = Join-Path $TestDrive 'batch/sagemaker-7'
        $script:oracle = New-SuccessorOutput @{ manifest = $circuit; out = $out; format = 'sagemaker'; seed = 7; strip_prefix = 'circuitboard/test-images/'; model = 'sagemaker-7' }
        $script:images = @(Import-LfvPrediction $out -GroundTruth $circuit -WarningVariable w -ErrorVariable e)
        $script:importWarnings = $w; $script:importErrors = $e
    }

    It 'pairs every test image, keeps the ground truth and takes the folder as the model name' {
        $importErrors | Should -BeNullOrEmpty
        $importWarnings | Should -BeNullOrEmpty
        $truth = @(Get-LfvEvaluationManifest $circuit)
        $images.Count | Should -Be $truth.Count
        $images.SourceRef | Should -Be $truth.SourceRef
        $images.ActualLabel | Should -Be $truth.ActualLabel
        ($images.ProjectName | Sort-Object -Unique) | Should -Be 'circuitboard'
        ($images.ModelVersion | Sort-Object -Unique) | Should -Be 'sagemaker-7'
        $images[0].GetType().FullName | Should -Be 'LookoutMetrics.EvaluationImage'
    }

    It 'gives the figures of the same predictions written as an evaluation manifest, exactly' {
        $imported = $images | Measure-LfvEvaluation -NoInterval
        $asManifest = Get-LfvEvaluationManifest $oracle.manifest | Measure-LfvEvaluation -NoInterval
        foreach ($f in $figures) { $imported.$f | Should -Be $asManifest.$f -Because $f }
        $imported.ModelVersion | Should -Be $asManifest.ModelVersion
    }

    It "gives scikit-learn's figures of the vectors the files hold" {
        $m = $images | Measure-LfvEvaluation -NoInterval
        $m.Precision | Should -BeLessThan ($oracle.precision + 1e-12); $m.Precision | Should -BeGreaterThan ($oracle.precision - 1e-12)
        [Math]::Abs($m.Recall - $oracle.recall) | Should -BeLessThan 1e-12
        [Math]::Abs($m.F1Score - $oracle.f1) | Should -BeLessThan 1e-12
        [Math]::Abs($m.Accuracy - $oracle.accuracy) | Should -BeLessThan 1e-12
        [Math]::Abs($m.ROCAUC - $oracle.roc_auc) | Should -BeLessThan 1e-12
        [Math]::Abs($m.AveragePrecision - $oracle.average_precision) | Should -BeLessThan 1e-12
        ($images | ForEach-Object AnomalyScore) | Should -Be $oracle.scores
    }

    It 'reads the same records from the folder, a wildcard, Get-ChildItem and the pipeline''s test set' {
        $byWildcard = @(Import-LfvPrediction (Join-Path $out '*/*.out') -GroundTruth $circuit)
        $byChildItem = @(Get-ChildItem $out -Recurse -Filter *.out | Import-LfvPrediction -GroundTruth $circuit)
        $byPipeline = @(Get-LfvEvaluationManifest $circuit | Import-LfvPrediction -Path $out)
        foreach ($other in $byWildcard, $byChildItem, $byPipeline) {
            $other.Count | Should -Be $images.Count
            ($other | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)|$($_.PredictedLabel)" }) | Should -Be ($images | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)|$($_.PredictedLabel)" })
        }
        ($byWildcard.ModelVersion | Sort-Object -Unique) | Should -Be 'sagemaker-7'
    }

    It 'stands beside the retired model in a report that asks whether it is at least as good' {
        $html = Join-Path $TestDrive 'successor.html'
        @(Get-LfvEvaluationManifest $circuit) + $images | Export-LfvReport -Path $html -NonInferiorityMargin 0.02
        $text = Get-Content $html -Raw
        $text | Should -Match 'circuitboard sagemaker-7'
        $new = $images | Measure-LfvEvaluation
        $expected = (Compare-LfvModel (Measure-LfvEvaluation $circuit) $new -NonInferiorityMargin 0.02)[0].Verdict
        $expected | Should -Match 'by more than 0.02|within 0.02'
        # The page's data escapes '+' (as \u002B); the verdict's words up to its first figure are there as they are.
        $text.Contains($expected.Substring(0, $expected.IndexOf(' images') + 7)) | Should -BeTrue
    }

    It 'is compared with the retired model image by image, and its name reads in the comparison' {
        $old = Measure-LfvEvaluation $circuit
        $new = $images | Measure-LfvEvaluation
        $c = @(Compare-LfvModel $old $new)
        ($c.PairedImages | Sort-Object -Unique) | Should -Be 40
        $c[0].DifferenceModel | Should -Be 'circuitboard sagemaker-7'
        $c[0].ReferenceModel | Should -Be 'circuitboard 2'
    }
}

Describe 'The README''s successor example' {
    It 'runs as written, with the verdict, the report and the test channel' {
        $text = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'README.md') -Raw
        $block = [regex]::Match($text, '(?s)### Replacing the retired service[^\n]*\n.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $block | Should -Match 'Import-LfvPrediction'
        $root = Join-Path $TestDrive 'readme'
        $null = New-Item -ItemType Directory $root
        Copy-Item $samples $root -Recurse
        $out = Invoke-FreshPwsh "`$ErrorActionPreference = 'Stop'; Set-Location '$root'; Import-Module '$env:LOOKOUTMETRICS_MODULE'; & { $block } | Out-String -Width 200"
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | Should -Match 'Comparing: circuitboard 2 -> circuitboard sagemaker-1'
        ($out -join "`n") | Should -Match 'NotWorse|Inconclusive|Worse'
        (Get-Content (Join-Path $root 'successor.html') -Raw) | Should -Match 'patchcore'
        @(Get-Content (Join-Path $root 'test-channel.manifest')).Count | Should -Be 40
    }
}

Describe 'Import-LfvPrediction of the other successor formats' {
    It 'reads the edge application''s pretty-printed deviceGroundTruthData objects and flat JSON Lines alike' {
        $edge = Join-Path $TestDrive 'edge/line-3'
        $oracle = New-SuccessorOutput @{ manifest = $circuit; out = $edge; format = 'edge'; seed = 11 }
        $jsonl = Join-Path $TestDrive 'jsonl/gt-tool'
        $same = New-SuccessorOutput @{ manifest = $circuit; out = $jsonl; format = 'jsonl'; seed = 11 }
        $fromEdge = Import-LfvPrediction $edge -GroundTruth $circuit | Measure-LfvEvaluation -NoInterval
        $fromLines = Import-LfvPrediction (Join-Path $jsonl 'predictions.jsonl') -GroundTruth $circuit | Measure-LfvEvaluation -NoInterval
        $fromEdge.ModelVersion | Should -Be 'line-3'
        $fromLines.ModelVersion | Should -Be 'predictions'
        [Math]::Abs($fromEdge.ROCAUC - $oracle.roc_auc) | Should -BeLessThan 1e-12
        [Math]::Abs($fromEdge.F1Score - $oracle.f1) | Should -BeLessThan 1e-12
        foreach ($f in $figures) { $fromLines.$f | Should -Be $fromEdge.$f -Because $f }
    }

    It 'takes an anomalib CSV score as the anomaly score itself, unnormalised, with -Threshold for the label' {
        $csvFolder = Join-Path $TestDrive 'anomalib'
        $oracle = New-SuccessorOutput @{ manifest = $circuit; out = $csvFolder; format = 'anomalib'; seed = 5; unnormalised = $true; threshold = 17.0 }
        $csv = Join-Path $csvFolder 'predictions.csv'
        $byLabel = @(Import-LfvPrediction $csv -GroundTruth $circuit -ModelName patchcore)
        $byThreshold = @(Import-LfvPrediction $csv -GroundTruth $circuit -ModelName patchcore -Threshold 17.0)
        ($byLabel | ForEach-Object AnomalyScore) | Should -Be $oracle.scores
        ($byLabel | Where-Object AnomalyScore -GT 1).Count | Should -BeGreaterThan 0
        [double]::IsNaN($byLabel[0].Confidence) | Should -BeTrue
        ($byThreshold.PredictedLabel) | Should -Be ($byLabel.PredictedLabel)
        $m = $byLabel | Measure-LfvEvaluation -NoInterval
        [Math]::Abs($m.ROCAUC - $oracle.roc_auc) | Should -BeLessThan 1e-12
        [Math]::Abs($m.AveragePrecision - $oracle.average_precision) | Should -BeLessThan 1e-12
        [Math]::Abs($m.F1Score - $oracle.f1) | Should -BeLessThan 1e-12
        # A higher threshold calls fewer images anomalous: the label column is replaced, not consulted.
        $strict = Import-LfvPrediction $csv -GroundTruth $circuit -Threshold 30 | Measure-LfvEvaluation -NoInterval
        ($strict.TruePositives + $strict.FalsePositives) | Should -BeLessThan ($m.TruePositives + $m.FalsePositives)
        # Re-thresholding the records at an unnormalised score gives the same counts as importing at it.
        $again = $byLabel | Measure-LfvEvaluation -Threshold 30 -NoInterval
        foreach ($f in 'TruePositives', 'FalsePositives', 'TrueNegatives', 'FalseNegatives') { $again.$f | Should -Be $strict.$f -Because $f }
    }

    It 'asks for -Threshold when a CSV has no label column, naming its columns' {
        $csv = Join-Path $TestDrive 'scores-only.csv'
        "image_path,pred_score`nx/board_001.jpg,0.9`n" | Set-Content $csv
        $r = @(Import-LfvPrediction $csv -GroundTruth $circuit -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        ($e | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidPrediction*' }).Exception.Message | Should -Match "no label column 'pred_label' \(its columns: image_path, pred_score\).*-Threshold"
    }

    It 'reads the sample successors the repository ships' {
        $sm = @(Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/sagemaker-1') -GroundTruth $circuit)
        $pc = @(Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/patchcore.csv') -GroundTruth $circuit)
        $sm.Count | Should -Be 40; $pc.Count | Should -Be 40
        ($sm.ModelVersion | Sort-Object -Unique) | Should -Be 'sagemaker-1'
        ($pc.ModelVersion | Sort-Object -Unique) | Should -Be 'patchcore'
    }
}

Describe 'Pairing that cannot go silently wrong' {
    BeforeAll {
        # A test set whose file names repeat in two folders, as the service's datasets often are (anomaly/1.jpg, normal/1.jpg).
        $script:dup = Join-Path $TestDrive 'dup'
        $null = New-Item -ItemType Directory $dup
        $script:dupManifest = Join-Path $dup 'EvaluationManifest-boards-4.json'
        $lines = foreach ($i in 1..6) {
            foreach ($folder in 'anomaly', 'normal') {
                $a = [int]($folder -eq 'anomaly')
                [ordered]@{ 'source-ref' = "s3://b/boards/test/$folder/$i.jpg"; 'anomaly-label' = $a; 'anomaly-label-metadata' = @{ 'class-name' = $folder }
                    'anomaly-label-detected' = $a; 'anomaly-label-detected-metadata' = @{ 'class-name' = $folder; confidence = 0.8; 'project-name' = 'boards'; 'model-version' = '4' } } | ConvertTo-Json -Compress -Depth 4
            }
        }
        $lines | Set-Content $dupManifest
        $script:dupOut = Join-Path $dup 'out/new-model'
        $null = New-SuccessorOutput @{ manifest = $dupManifest; out = $dupOut; format = 'sagemaker'; seed = 3; strip_prefix = 'boards/test/' }
    }

    It 'refuses a file name two test images share with one error naming both, and pairs whole with -PairBy Path' {
        $r = @(Import-LfvPrediction $dupOut -GroundTruth $dupManifest -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $ambiguous = @($e | Where-Object { $_.FullyQualifiedErrorId -like 'AmbiguousImageName*' })
        $ambiguous.Count | Should -Be 1
        $ambiguous[0].Exception.Message | Should -Match "12 predictions .* could be 's3://b/boards/test/anomaly/1\.jpg' or 's3://b/boards/test/normal/1\.jpg'.*-PairBy Path"
        $r.Count | Should -Be 0
        @($e | Where-Object { $_.FullyQualifiedErrorId -like 'NothingPaired*' }).Count | Should -Be 1

        $byPath = @(Import-LfvPrediction $dupOut -GroundTruth $dupManifest -PairBy Path -ErrorVariable e2 -WarningVariable w2)
        $e2 | Should -BeNullOrEmpty; $w2 | Should -BeNullOrEmpty
        $byPath.Count | Should -Be 12
        # Each .out below anomaly/ went to the anomaly image of its name: the prediction's folder decided.
        $truth = @(Get-LfvEvaluationManifest $dupManifest)
        $byPath.SourceRef | Should -Be $truth.SourceRef
    }

    It 'warns once of test images without a prediction and of predictions of other images, with counts and the first names' {
        $partial = Join-Path $TestDrive 'partial/late-model'
        $null = New-SuccessorOutput @{ manifest = $circuit; out = $partial; format = 'sagemaker'; seed = 9; strip_prefix = 'circuitboard/test-images/'; skip = 3 }
        '{"Source": {"Type": "direct"}, "IsAnomalous": false, "Confidence": 0.7}' | Set-Content (Join-Path $partial 'normal/board_999.jpg.out')
        $r = @(Import-LfvPrediction $partial -GroundTruth $circuit -WarningVariable w -ErrorVariable e)
        $e | Should -BeNullOrEmpty
        $r.Count | Should -Be 37
        $w.Count | Should -Be 2
        $w[0].Message | Should -Match "^3 of 40 test images have no prediction of circuitboard late-model .*'s3://lookoutmetrics-samples/circuitboard/test-images/anomaly/board_001\.jpg'"
        $w[1].Message | Should -Match "^1 prediction of circuitboard late-model names an image that is not in the test set.*board_999\.jpg"
    }

    It 'makes a bad prediction file one error naming it, and keeps every other file' {
        $bad = Join-Path $TestDrive 'bad/model'
        $null = New-SuccessorOutput @{ manifest = $circuit; out = $bad; format = 'sagemaker'; seed = 9; strip_prefix = 'circuitboard/test-images/' }
        $truncated = Join-Path $bad 'anomaly/board_002.jpg.out'
        $text = Get-Content $truncated -Raw; [IO.File]::WriteAllText($truncated, $text.Substring(0, 40))
        $notNumber = Join-Path $bad 'anomaly/board_003.jpg.out'
        [IO.File]::WriteAllText($notNumber, '{"Source": {"Type": "direct"}, "IsAnomalous": true, "Confidence": "high"}')
        $r = @(Import-LfvPrediction $bad -GroundTruth $circuit -ErrorVariable e -ErrorAction SilentlyContinue -WarningVariable w)
        $r.Count | Should -Be 38
        $invalid = @($e | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidPrediction*' })
        $invalid.Count | Should -Be 2
        $invalid[0].TargetObject | Should -Be $truncated
        $invalid[0].Exception.Message | Should -Match 'not valid JSON.*cut short'
        $invalid[1].Exception.Message | Should -Match 'Confidence is "high", not a number'
        $w[0].Message | Should -Match '^2 of 40 test images have no prediction'
    }

    It 'ends with one clear error when there is no ground truth' {
        { Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/sagemaker-1') -ErrorAction Stop } | Should -Throw -ErrorId 'NoGroundTruth,LookoutMetrics.Commands.ImportLfvPredictionCommand'
    }
}

Describe 'Import-LfvPrediction of a segmentation successor' {
    It 'measures the masks the .out files embed, with the labels mapped by name, as the same masks from files' {
        $seg = Join-Path $TestDrive 'seg/sagemaker-seg'
        $null = New-SuccessorOutput @{ manifest = $cookies; out = $seg; format = 'sagemaker'; seed = 2; strip_prefix = 'cookies/test-images/'; mask_root = $samples; rename = @{ crack = 'Crack'; scratch = 'SCRATCH' }; extra_label = 'dent' }
        $images = @(Import-LfvPrediction $seg -GroundTruth $cookies -WarningVariable w)
        $images.Count | Should -Be 24
        $w.Count | Should -Be 1
        $w[0].Message | Should -Match "label 'dent' .*\(1 image\) is not a label of the ground truth"
        $withMask = @($images | Where-Object PredictedAnomalyMaskRef)
        $withMask.Count | Should -Be 24
        $withMask[0].PredictedAnomalyMaskRef | Should -BeLike '*.jpg.out'
        ($images.PredictedAnomalyColorMap | Where-Object { $_ -cmatch 'Crack|SCRATCH' }) | Should -BeNullOrEmpty

        $fromOut = @($images | Measure-LfvSegmentation -MaskRoot $samples) | Sort-Object ClassName
        $fromFiles = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples) | Sort-Object ClassName
        ($fromOut | Where-Object ClassName -In 'crack', 'scratch').Count | Should -Be 2
        foreach ($label in 'crack', 'scratch') {
            $a = $fromOut | Where-Object ClassName -EQ $label; $b = $fromFiles | Where-Object ClassName -EQ $label
            foreach ($f in 'TruePositivePixels', 'FalsePositivePixels', 'FalseNegativePixels', 'F1Score', 'AIOU') { $a.$f | Should -Be $b.$f -Because "$label $f" }
        }
    }
}

Describe 'A segmentation successor as it really writes its outputs (issue 26)' {
    It 'decodes its masks in its own colours by name, and measures an image it gives no mask as all background, as NumPy does' {
        $seg = Join-Path $TestDrive 'own/sagemaker-own'
        $null = New-SuccessorOutput @{ manifest = $cookies; out = $seg; format = 'sagemaker'; seed = 3; strip_prefix = 'cookies/test-images/'; mask_root = $samples
            own_colors = @{ crack = '#FF0000'; scratch = '#0000FF' }; rename = @{ crack = 'CRACK' }; no_mask_when_normal = $true }
        $images = @(Import-LfvPrediction $seg -GroundTruth $cookies -WarningVariable w)
        $images.Count | Should -Be 24
        $without = @($images | Where-Object { -not $_.PredictedAnomalyMaskRef })
        $without.Count | Should -BeGreaterThan 3
        # Said once, with the count.
        @($w | Where-Object { "$_" -match "$($without.Count) of 24 paired images carry no predicted mask" }).Count | Should -Be 1
        $measured = @($images | Measure-LfvSegmentation -MaskRoot $samples -WarningVariable mw -ErrorVariable me)
        $me | Should -BeNullOrEmpty
        "$mw" | Should -Not -Match 'in no colour map'
        $measured[0].ImagesMeasured | Should -Be 24

        # The oracle: the same masks in the ground truth's colours (as the samples hold them), and a blank mask where there is none.
        $spec = @{ images = @(); write = @() }
        foreach ($line in Get-Content $cookies | ConvertFrom-Json) {
            $name = ($line.'source-ref' -split '/')[-1]
            $image = $images | Where-Object ImageName -EQ $name
            $gtMap = @{}; foreach ($e in $line.'anomaly-mask-ref-metadata'.'internal-color-map'.PSObject.Properties.Value) { $gtMap[$e.'class-name'] = $e.'hex-color' }
            $predMap = @{}; foreach ($e in $line.'anomaly-mask-ref-detected-metadata'.'internal-color-map'.PSObject.Properties.Value) { $predMap[$e.'class-name'] = $e.'hex-color' }
            $gt = Join-Path $samples ($line.'anomaly-mask-ref' -replace '^s3://[^/]+/', '')
            $pred = Join-Path $samples ($line.'anomaly-mask-ref-detected' -replace '^s3://[^/]+/', '')
            if (-not $image.PredictedAnomalyMaskRef) {
                $pred = Join-Path $TestDrive "blank-$name.png"
                $size = & /usr/bin/python3 -c "from PIL import Image; i = Image.open('$gt'); print(i.size[0], i.size[1])"
                $wd, $ht = $size -split ' '
                $spec.write += @{ path = $pred; mode = 'RGBA'; width = [int]$wd; height = [int]$ht; background = '#ffffff'; blobs = @() }
            }
            $spec.images += @{ gt = $gt; pred = $pred; gtMap = $gtMap; predMap = $predMap }
        }
        $expected = ($spec | ConvertTo-Json -Depth 6 -Compress | /usr/bin/python3 (Join-Path $env:LOOKOUTMETRICS_REPO 'tests/oracles/segmentation_oracle.py') | ConvertFrom-Json).labels
        foreach ($label in 'crack', 'scratch') {
            $row = $measured | Where-Object ClassName -EQ $label
            $row | Should -Not -BeNullOrEmpty -Because $label
            $row.TruePositivePixels | Should -Be $expected.$label.tp -Because "$label TP"
            $row.FalsePositivePixels | Should -Be $expected.$label.fp -Because "$label FP"
            $row.FalseNegativePixels | Should -Be $expected.$label.fn -Because "$label FN"
            [math]::Abs($row.F1Score - $expected.$label.f1) | Should -BeLessThan 1e-9
            [math]::Abs($row.AIOU - $expected.$label.aiou) | Should -BeLessThan 1e-9
            $row.TruePositivePixels | Should -BeGreaterThan 0
        }
    }
}

Describe 'Two segmentation models compared label by label (issue 26)' {
    It 'gives each label''s change of pixel precision, recall, F1 and AIOU, tested over the paired images, and the decision' {
        $retired = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples)
        $seg = @(Import-LfvPrediction (Join-Path $samples 'cookies/successor/sagemaker-seg') -GroundTruth $cookies -WarningAction SilentlyContinue |
            Measure-LfvSegmentation -MaskRoot $samples)
        $rows = @(Compare-LfvModel $retired $seg)
        $rows.Count | Should -Be 8
        @($rows | Group-Object ClassName | ForEach-Object Name) | Should -Be @('crack', 'scratch')
        foreach ($row in $rows) {
            $row.Metric | Should -BeIn 'Precision', 'Recall', 'F1Score', 'AIOU'
            $row.ReferenceValue | Should -Be ($retired | Where-Object ClassName -EQ $row.ClassName).($row.Metric)
            $row.DifferenceValue | Should -Be ($seg | Where-Object ClassName -EQ $row.ClassName).($row.Metric)
            $row.PairedImages | Should -Be 24
            $row.Test | Should -Be 'Paired bootstrap over images, 2000 replicates'
            ($row.ChangeInterval.Lower -gt 0 -or $row.ChangeInterval.Upper -lt 0) | Should -Be ($row.PValue -lt 0.05) -Because "$($row.ClassName) $($row.Metric)"
            $row.Verdict | Should -BeLike "'$($row.ClassName)': *"
        }
        # Seeded: the same rows again.
        @(Compare-LfvModel $retired $seg).PValue | Should -Be $rows.PValue
        # Non-inferiority asks of each label's F1.
        $ni = @(Compare-LfvModel $retired $seg -NonInferiorityMargin 0.05 | Where-Object IsPrimary)
        $ni.Metric | Should -Be @('F1Score', 'F1Score')
        $ni.Decision | Should -BeIn 'NotWorse', 'Worse', 'Inconclusive'
        ($rows | Out-String -Width 80) | Should -Match "Comparing: cookies 1 -> cookies sagemaker-seg, label 'scratch'"
        # A classification summary is not a label's row.
        $summary = Measure-LfvEvaluation $cookies
        $null = Compare-LfvModel $retired $summary -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'NotAModel,*'
    }
}

Describe 'The edge application''s own test captures (awslabs/DefectDetectionApplication, tests/fixtures/dda-captures)' {
    BeforeAll {
        $script:captures = Join-Path $env:LOOKOUTMETRICS_REPO 'tests/fixtures/dda-captures'
        # A labels-only test set of the six pictures the captures name: the first three anomalous.
        $script:truth = Join-Path $TestDrive 'dda-test-set.manifest'
        $names = 'A_img0_03-14T16:11:30_1-1.jpg', 'A_img1_03-14T16:11:32_2-1.jpg', 'B_img2_03-14T16:11:56_18-1.jpg',
            'B_img3_03-14T16:11:57_19-1.jpg', 'C_img4_03-14T16:12:27_39-1.jpg', 'D_img5_03-14T16:12:27_39-1.jpg'
        $i = 0
        $names | ForEach-Object {
            $label = [int]($i++ -lt 3)
            @{ 'source-ref' = "s3://line-3/pictures/$_"; 'anomaly-label' = $label
               'anomaly-label-metadata' = @{ 'class-name' = $(if ($label) { 'anomaly' } else { 'normal' }); type = 'groundtruth/image-classification' } } |
                ConvertTo-Json -Compress -Depth 4
        } | Set-Content $truth
    }

    It 'reads every capture, each model under its own name, with the device and the time on the records' {
        $records = @(Import-LfvPrediction $captures -GroundTruth $truth -WarningVariable w -ErrorVariable e)
        $e | Should -BeNullOrEmpty
        $records.Count | Should -Be 6
        # Two models in one folder stay two models, named by eventMetadata.
        ($records | Group-Object ModelVersion | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ' ' |
            Should -Be 'cubemodel-1.0=1 no_model-no_version=5'
        # The over-padded base64 result is read: every capture says Anomaly with confidence 0.9984821677207947.
        $records.PredictedLabel | Sort-Object -Unique | Should -Be 'anomaly'
        $records.Confidence | Sort-Object -Unique | Should -Be 0.9984821677207947
        $records.AnomalyScore | Sort-Object -Unique | Should -Be 0.9984821677207947
        $d = $records | Where-Object ModelVersion -EQ 'cubemodel-1.0'
        $d.ImageName | Should -Be 'D_img5_03-14T16:12:27_39-1.jpg'
        $d.Device | Should -Be 'device-ci-cd'
        $d.InferenceTime | Should -Be '2023-04-10T16:25:17_6'
        # Its mask by data-ref, beside the capture (the placeholder folder is not followed), in its own colour map.
        $d.PredictedAnomalyMaskRef | Should -Be (Join-Path $captures 'test-mask.jpg')
        $d.PredictedAnomalyColorMap | Should -Be 'BACKGROUND=#ffffff;cracked=#23a436'
        ($records | Group-Object Device).Name | Should -Be 'device-ci-cd'
    }

    It 'measures the mask a capture names, and the same mask inline, and says its colours are the map''s in BGR' {
        # D's picture is normal, its ground truth all background (a white 576 x 768 mask). The capture's mask.jpg is in fact a PNG,
        # drawn in #36a423 where its map says cracked is #23a436: red and blue swapped, as OpenCV writes BGR.
        $root = Join-Path $TestDrive 'dda-masks'
        $null = New-Item -ItemType Directory $root -Force
        $white = Join-Path $root 'D_img5.png'
        & /usr/bin/python3 -c "from PIL import Image; Image.new('RGB', (576, 768), (255, 255, 255)).save('$white')"
        $withMask = Join-Path $TestDrive 'dda-with-mask.manifest'
        @{ 'source-ref' = 's3://line-3/pictures/D_img5_03-14T16:12:27_39-1.jpg'; 'anomaly-label' = 0
           'anomaly-label-metadata' = @{ 'class-name' = 'normal'; type = 'groundtruth/image-classification' }
           'anomaly-mask-ref' = $white
           'anomaly-mask-ref-metadata' = @{ 'internal-color-map' = @{ '0' = @{ 'class-name' = 'BACKGROUND'; 'hex-color' = '#ffffff' } }; type = 'groundtruth/semantic-segmentation' } } |
            ConvertTo-Json -Compress -Depth 6 | Set-Content $withMask
        # The oracle: Pillow's count of the mask's pixels in that colour.
        $bgr = & /usr/bin/python3 -c "from PIL import Image; import numpy as np; a = np.array(Image.open('$(Join-Path $captures 'test-mask.jpg')').convert('RGB')); print(int((a == (0x36, 0xa4, 0x23)).all(axis=2).sum()))"
        $byRef = @(Import-LfvPrediction (Join-Path $captures 'D_jsonl_*.jsonl') -GroundTruth $withMask -WarningAction SilentlyContinue)
        $measured = @($byRef | Measure-LfvSegmentation -WarningVariable w -ErrorVariable e)
        $e | Should -BeNullOrEmpty
        $said = "#36a423 ({0:N0} pixels in 1 images; it is cracked's #23a436 with red and blue swapped (a mask written as BGR))" -f [long]$bgr
        "$w" | Should -BeLike "*$said*"
        ($measured | Where-Object ClassName -EQ 'cracked').FalsePositivePixels | Should -Be 0
        # The same capture with its mask inline (base64 in its mask.jpg output), one capture in its file as the uploader writes it.
        $line = Get-Content (Join-Path $captures 'D_jsonl_img5_0410-162517.jsonl') | ConvertFrom-Json
        $out = $line.deviceFleetAuxiliaryOutputs | Where-Object observedContentType -EQ 'mask.jpg'
        $out.PSObject.Properties.Remove('data-ref')
        $out | Add-Member data ([Convert]::ToBase64String([IO.File]::ReadAllBytes((Join-Path $captures 'test-mask.jpg'))))
        $inline = Join-Path $TestDrive 'inline/device-ci-cd/capture-d.jsonl'
        $null = New-Item -ItemType Directory (Split-Path $inline) -Force
        $line | ConvertTo-Json -Compress -Depth 8 | Set-Content $inline
        $null = Import-LfvPrediction $inline -GroundTruth $withMask -WarningAction SilentlyContinue | Measure-LfvSegmentation -WarningVariable w2 -ErrorVariable e2
        $e2 | Should -BeNullOrEmpty
        "$w2" | Should -BeLike "*$said*"
        # Two captures in one file: which line's inline mask is meant cannot be told, and the error says so.
        $two = Join-Path $TestDrive 'inline/device-ci-cd/capture-d-twice.jsonl'
        $first = Get-Content $inline
        @($first, ($first -replace 'D_img5', 'C_img4')) | Set-Content $two
        $null = Import-LfvPrediction $two -GroundTruth $withMask -WarningAction SilentlyContinue -ErrorAction SilentlyContinue |
            Measure-LfvSegmentation -ErrorVariable twice -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        "$twice" | Should -Match 'holds more than one capture'
    }

    It 'gives the samples'' edge captures the figures scikit-learn gives them' {
        $edge = Join-Path $samples 'circuitboard/successor/edge'
        $summary = Import-LfvPrediction $edge -GroundTruth $circuit | Measure-LfvEvaluation
        $oracle = & /usr/bin/python3 -c @"
import base64, glob, json
from sklearn.metrics import precision_score, recall_score, f1_score, roc_auc_score, average_precision_score
truth = {}
for l in open('$circuit', encoding='utf-8-sig'):
    if l.strip():
        r = json.loads(l); truth[r['source-ref'].rsplit('/', 1)[1]] = r['anomaly-label']
y, pred, score = [], [], []
for f in sorted(glob.glob('$edge/*/*.jsonl')):
    for l in open(f):
        c = json.loads(l)
        name = c['deviceFleetAuxiliaryInputs'][0]['data-ref'].rsplit('/', 1)[1]
        d = [o['data'] for o in c['deviceFleetAuxiliaryOutputs'] if o['observedContentType'] == 'json'][0].rstrip('=')
        res = json.loads(base64.b64decode(d + '=' * (-len(d) % 4)))
        a = res['Inference result'] == 'Anomaly'
        y.append(truth[name]); pred.append(int(a)); score.append(res['Confidence'] if a else 1 - res['Confidence'])
print(json.dumps({'Precision': precision_score(y, pred), 'Recall': recall_score(y, pred), 'F1Score': f1_score(y, pred),
                  'ROCAUC': roc_auc_score(y, score), 'AveragePrecision': average_precision_score(y, score), 'Images': len(y)}))
"@ | ConvertFrom-Json
        $oracle.Images | Should -Be 40
        foreach ($f in 'Precision', 'Recall', 'F1Score', 'ROCAUC', 'AveragePrecision') {
            [math]::Abs($summary.$f - $oracle.$f) | Should -BeLessThan 1e-9 -Because $f
        }
    }

    It 'takes the capture''s Anomaly_score with -ScoreFrom AnomalyScore, and refuses one -ModelName for two models' {
        $scored = @(Import-LfvPrediction $captures -GroundTruth $truth -ScoreFrom AnomalyScore)
        $scored.AnomalyScore | Sort-Object -Unique | Should -Be 0.0
        $scored.Confidence | Sort-Object -Unique | Should -Be 0.9984821677207947
        { Import-LfvPrediction $captures -GroundTruth $truth -ModelName line-3 -ErrorAction Stop } |
            Should -Throw "*-ModelName 'line-3' names one model, but the captures are of 2: 'no_model-no_version' (5 captures), 'cubemodel-1.0' (1 captures)*"
        # One model's captures take -ModelName as before.
        @(Import-LfvPrediction (Join-Path $captures 'A_jsonl_*.jsonl') -GroundTruth $truth -ModelName line-3).ModelVersion | Sort-Object -Unique | Should -Be 'line-3'
    }
}

Describe 'Import-LfvPrediction from S3' {
    BeforeAll {
        $script:s3 = Start-MotoS3
        $script:aws = Get-PeerParameter -S3Endpoint $s3.Endpoint
    }
    AfterAll { Stop-Peer $s3 }

    It 'lists a prefix, reads its objects concurrently and gives the records of the local folder' {
        $local = @(Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/sagemaker-1') -GroundTruth $circuit)
        $remote = @(Import-LfvPrediction -Uri 's3://lookoutmetrics-samples/circuitboard/successor/sagemaker-1' -GroundTruth 's3://lookoutmetrics-samples/circuitboard/EvaluationManifest-circuitboard-2.json' @aws)
        $remote.Count | Should -Be 40
        ($remote | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)" }) | Should -Be ($local | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)" })
        ($remote.ModelVersion | Sort-Object -Unique) | Should -Be 'sagemaker-1'
        $one = @(Import-LfvPrediction -Uri 's3://lookoutmetrics-samples/circuitboard/successor/sagemaker-1/normal/board_020.jpg.out' -GroundTruth $circuit -ModelName one @aws -WarningAction SilentlyContinue)
        $one.Count | Should -Be 1
        $one[0].ImageName | Should -Be 'board_020.jpg'
    }

    It 'reads the edge application''s captures from a prefix as its uploader lays them out (<prefix>/<device>/<capture>.jsonl)' {
        $local = @(Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/edge') -GroundTruth $circuit)
        $remote = @(Import-LfvPrediction -Uri 's3://lookoutmetrics-samples/circuitboard/successor/edge/' -GroundTruth $circuit @aws)
        $remote.Count | Should -Be 40
        ($remote | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)|$($_.Device)|$($_.InferenceTime)" }) |
            Should -Be ($local | ForEach-Object { "$($_.SourceRef)|$($_.AnomalyScore)|$($_.Device)|$($_.InferenceTime)" })
        $remote.ModelVersion | Sort-Object -Unique | Should -Be 'edge-defects-2'
    }

    It 'names a prefix with nothing below it, and a bucket that does not exist' {
        $r = @(Import-LfvPrediction -Uri 's3://lookoutmetrics-samples/circuitboard/successor/nothing-here/', 's3://no-such-bucket-lm/preds/' -GroundTruth $circuit @aws -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        $e.Count | Should -Be 2
        $e[0].TargetObject | Should -Be 's3://lookoutmetrics-samples/circuitboard/successor/nothing-here/'
        $e[0].Exception.Message | Should -Match 'no prediction object at or below'
        $e[1].Exception.Message | Should -Match "There is no bucket 'no-such-bucket-lm'"
    }
}

Describe 'Export-LfvTestSet' {
    It 'writes the Ground Truth manifest the SageMaker algorithm reads, and the predictions made from it pair whole' {
        $file = Join-Path $TestDrive 'test-channel.manifest'
        $fi = Export-LfvTestSet $file -ManifestPath $cookies -PassThru
        $fi.FullName | Should -Be $file
        $lines = @(Get-Content $file | ConvertFrom-Json)
        $lines.Count | Should -Be 24
        $lines[0].PSObject.Properties.Name | Should -Be 'source-ref', 'anomaly-label', 'anomaly-label-metadata', 'anomaly-mask-ref', 'anomaly-mask-ref-metadata'
        $lines[0].'anomaly-label-metadata'.type | Should -Be 'groundtruth/image-classification'
        $lines[0].'anomaly-mask-ref-metadata'.'internal-color-map'.'0'.'class-name' | Should -Be 'BACKGROUND'
        (Get-Content $file -Raw) | Should -Not -Match 'detected|confidence'
        $truth = @(Get-LfvEvaluationManifest $cookies)
        $lines.'source-ref' | Should -Be $truth.SourceRef
        $lines.'anomaly-label' | Should -Be ($truth | ForEach-Object { [int]$_.IsAnomaly })

        # Round trip: the successor predicts from the exported manifest (its test channel), and the import pairs whole.
        $back = Join-Path $TestDrive 'roundtrip/from-channel'
        $exported = Join-Path $TestDrive 'roundtrip-gt.json'
        $lines | ForEach-Object { $_ | Add-Member 'anomaly-label-detected-metadata' @{ 'project-name' = 'cookies' } -PassThru | ConvertTo-Json -Compress -Depth 6 } | Set-Content $exported
        $null = New-SuccessorOutput @{ manifest = $exported; out = $back; format = 'sagemaker'; seed = 4; strip_prefix = 'cookies/test-images/' }
        $paired = @(Import-LfvPrediction $back -GroundTruth $cookies -WarningVariable w -ErrorVariable e)
        $w | Should -BeNullOrEmpty; $e | Should -BeNullOrEmpty
        $paired.Count | Should -Be 24
    }

    It 'takes a labels-only test set as -GroundTruth: its own exported test channel, and a Ground Truth job''s output' {
        # The same successor held to the evaluation manifest, to the test channel Export-LfvTestSet wrote from it, and to the shape a
        # Ground Truth labelling job writes (its attribute named after the job); only the ground truth is taken from each.
        $channel = Join-Path $TestDrive 'labels-only/test-channel.manifest'
        $null = New-Item -ItemType Directory (Split-Path $channel) -Force
        Export-LfvTestSet $channel -ManifestPath $circuit
        $job = Join-Path $TestDrive 'labels-only/output.manifest'
        Get-Content $channel | ForEach-Object {
            $l = $_ | ConvertFrom-Json
            [ordered]@{ 'source-ref' = $l.'source-ref'; 'line-3-defects' = $l.'anomaly-label'
                'line-3-defects-metadata' = @{ 'class-name' = $l.'anomaly-label-metadata'.'class-name'; confidence = 1; type = 'groundtruth/image-classification'; 'job-name' = 'labeling-job/line-3-defects'; 'human-annotated' = 'yes' } } |
                ConvertTo-Json -Compress -Depth 5
        } | Set-Content $job
        $successor = Join-Path $samples 'circuitboard/successor/sagemaker-1'
        $expected = Import-LfvPrediction $successor -GroundTruth $circuit | Measure-LfvEvaluation
        foreach ($truth in $channel, $job) {
            $records = @(Import-LfvPrediction $successor -GroundTruth $truth -WarningVariable w -ErrorVariable e)
            $e | Should -BeNullOrEmpty -Because $truth
            $records.Count | Should -Be 40
            $summary = $records | Measure-LfvEvaluation
            foreach ($f in $figures) { $summary.$f | Should -Be $expected.$f -Because "$truth $f" }
        }
        # Only a cmdlet that needs the retired model's predictions says they are absent.
        { Measure-LfvEvaluation -Path $channel -ErrorAction Stop } | Should -Throw '*is a dataset manifest*'
    }

    It 'says when scores read against their meaning: confidences below one half, ties at the ends, a gt_label that disagrees' {
        $sagemaker = Join-Path $samples 'circuitboard/successor/sagemaker-1'
        $right = Import-LfvPrediction $sagemaker -GroundTruth $circuit | Measure-LfvEvaluation
        # The same .out files with the anomaly score written where the confidence of the predicted label belongs.
        $low = Join-Path $TestDrive 'guards/low-confidence'
        foreach ($f in Get-ChildItem $sagemaker -Recurse -Filter '*.out') {
            $o = Get-Content $f.FullName -Raw | ConvertFrom-Json
            if (-not $o.IsAnomalous) { $o.Confidence = 1 - $o.Confidence }
            $target = Join-Path $low ($f.FullName.Substring($sagemaker.Length))
            $null = New-Item -ItemType Directory (Split-Path $target) -Force
            $o | ConvertTo-Json -Compress | Set-Content $target
        }
        $normal = @(Get-ChildItem $sagemaker -Recurse -Filter '*.out' | Where-Object { -not (Get-Content $_.FullName -Raw | ConvertFrom-Json).IsAnomalous }).Count
        $read = Import-LfvPrediction $low -GroundTruth $circuit -WarningVariable w | Measure-LfvEvaluation
        @($w | Where-Object { "$_" -match "low-confidence: $normal of 40 predictions give a confidence below 0\.5 .*-ScoreFrom ConfidenceAsAnomalyScore" }).Count | Should -Be 1
        $read.ROCAUC | Should -BeLessThan $right.ROCAUC
        $fixed = Import-LfvPrediction $low -GroundTruth $circuit -ScoreFrom ConfidenceAsAnomalyScore -WarningVariable w2 | Measure-LfvEvaluation
        "$w2" | Should -Not -Match 'below 0\.5'
        $fixed.ROCAUC | Should -Be $right.ROCAUC
        $fixed.F1Score | Should -Be $right.F1Score
        # anomalib's scores clipped to 0..1, and one gt_label that is not the test set's.
        $rows = @(Import-Csv (Join-Path $samples 'circuitboard/successor/patchcore.csv'))
        $clipped = Join-Path $TestDrive 'guards/clipped.csv'
        $i = 0
        $rows | ForEach-Object {
            $s = [math]::Min([double]1, [math]::Max([double]0, ([double]$_.pred_score - 0.3) * 2.5))
            [pscustomobject]@{ image_path = $_.image_path; gt_label = $(if ($i++ -eq 3) { 1 - [int]$_.gt_label } else { $_.gt_label }); pred_score = $s; pred_label = $_.pred_label }
        } | Export-Csv $clipped -NoTypeInformation -UseQuotes Never
        $null = Import-LfvPrediction $clipped -GroundTruth $circuit -WarningVariable w3
        $atZero = @($rows | Where-Object { ([double]$_.pred_score - 0.3) * 2.5 -le 0 }).Count
        @($w3 | Where-Object { "$_" -match "clipped: $atZero scores are exactly 0 and \d+ exactly 1, of 40: ties at the ends" }).Count | Should -Be 1 -Because "$w3 ($atZero)"
        @($w3 | Where-Object { "$_" -match "clipped: 1 prediction carries a gt_label that disagrees .*'$([regex]::Escape(($rows[3].image_path -split '/')[-1]))'" }).Count | Should -Be 1
        # The samples' own successors say none of this.
        $null = Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/patchcore.csv') -GroundTruth $circuit -WarningVariable w4
        "$w4" | Should -Not -Match 'ties at the ends|gt_label|below 0\.5'
    }

    It 'reads quoted line breaks as CSV, and says a column that appears twice (issue 28, point 7)' {
        $rows = @(Get-Content (Join-Path $samples 'circuitboard/successor/patchcore.csv'))
        $expected = Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/patchcore.csv') -GroundTruth $circuit | Measure-LfvEvaluation
        # A notes column whose third row's note runs over two lines, quoted as RFC 4180 has it.
        $notes = Join-Path $TestDrive 'csv/notes.csv'
        $null = New-Item -ItemType Directory (Split-Path $notes) -Force
        $lines = for ($i = 0; $i -lt $rows.Count; $i++) {
            if ($i -eq 0) { $rows[0] + ',note' } elseif ($i -eq 3) { $rows[3] + ',"scratch near the edge,' + "`n" + 'checked by hand"' } else { $rows[$i] + ',' }
        }
        $lines | Set-Content $notes
        $read = Import-LfvPrediction $notes -GroundTruth $circuit -ErrorVariable e -WarningVariable w | Measure-LfvEvaluation
        $e | Should -BeNullOrEmpty
        $read.Images | Should -Be 40
        $read.F1Score | Should -Be $expected.F1Score
        $read.ROCAUC | Should -Be $expected.ROCAUC
        # pred_score twice with the same values: one warning; with a value that differs: one error naming the row, the first read.
        # Row 3 writes its one value two ways (with an exponent): the same number, so no error.
        $twice = Join-Path $TestDrive 'csv/twice.csv'
        $lines = for ($i = 0; $i -lt $rows.Count; $i++) {
            $score = ($rows[$i] -split ',')[2]
            if ($i -eq 0) { $rows[0] + ',pred_score' } elseif ($i -eq 5) { $rows[$i] + ',0.5' } elseif ($i -eq 2) { $rows[$i] + ",${score}e0" }
            else { $rows[$i] + ",$score" }
        }
        $lines | Set-Content $twice
        $same = Import-LfvPrediction $twice -GroundTruth $circuit -ErrorVariable e2 -WarningVariable w2 -ErrorAction SilentlyContinue | Measure-LfvEvaluation
        @($w2 | Where-Object { "$_" -match "has the column 'pred_score' 2 times \(columns 3, 5\); the first is read" }).Count | Should -Be 1
        @($e2).Count | Should -Be 1
        "$($e2[0])" | Should -Match "Row 6 of .*the columns 'pred_score' disagree"
        $same.ROCAUC | Should -Be $expected.ROCAUC
    }

    It 'says a key that appears twice in a prediction: one warning when the two agree, one error when they do not (issue 28, point 7)' {
        $dup = Join-Path $TestDrive 'dup/sagemaker-dup'
        Copy-Item (Join-Path $samples 'circuitboard/successor/sagemaker-1') $dup -Recurse
        # board_001: IsAnomalous true then false (a reader would silently take one); board_002: Confidence twice, the same value
        # written another way (with an exponent), which is one value, not two; and keys whose names are no text (a lone surrogate),
        # one of them an object given twice alike, which ended the whole import before.
        $one = Join-Path $dup 'anomaly/board_001.jpg.out'
        (Get-Content -Raw $one) -replace '"IsAnomalous": (true|false)', '"IsAnomalous": true, "IsAnomalous": false' | Set-Content $one
        $two = Join-Path $dup 'anomaly/board_002.jpg.out'
        $o = Get-Content -Raw $two | ConvertFrom-Json
        (Get-Content -Raw $two) -replace '}\s*$', (', "Confidence": ' + $o.Confidence.ToString('R', [cultureinfo]::InvariantCulture) + 'e0' +
            ', "\uD800": 1, "N": {"\uD800": [1]}, "N": {"\uD800": [1]}}') | Set-Content $two
        $records = @(Import-LfvPrediction $dup -GroundTruth $circuit -ErrorVariable e -WarningVariable w -ErrorAction SilentlyContinue)
        $records.Count | Should -Be 39
        @($e | Where-Object { "$_" -match "board_001\.jpg\.out' has the key 'IsAnomalous' twice, with different values \('true' and 'false'\)" }).Count | Should -Be 1
        @($w | Where-Object { "$_" -match "board_002\.jpg\.out' has the key 'Confidence' twice in a prediction, with the same value" }).Count | Should -Be 1
        @($w | Where-Object { "$_" -match "board_002\.jpg\.out' has the key 'N' twice in a prediction, with the same value" }).Count | Should -Be 1
    }

    It 'writes anomalib''s tabular CSV with local paths under -ImageRoot and -MaskRoot, each image once' {
        $file = Join-Path $TestDrive 'cookies.csv'
        @(Get-LfvEvaluationManifest $cookies) + @(Get-LfvEvaluationManifest $cookies) | Export-LfvTestSet $file -Format AnomalibCsv -ImageRoot $samples -MaskRoot $samples
        $rows = @(Import-Csv $file)
        $rows.Count | Should -Be 24
        (Get-Content $file -TotalCount 1) | Should -Be 'image_path,label_index,mask_path,split'
        $rows[0].image_path | Should -Be (Join-Path $samples 'cookies/test-images/cookie_001.jpg')
        Test-Path -LiteralPath $rows[0].mask_path | Should -BeTrue
        ($rows.split | Sort-Object -Unique) | Should -Be 'test'
        ($rows | Where-Object label_index -EQ '1').Count | Should -Be 12
    }

    It 'leaves an existing file alone without -Force, and writes nothing under -WhatIf' {
        $file = Join-Path $TestDrive 'exists.manifest'
        'keep' | Set-Content $file
        { Export-LfvTestSet $file -ManifestPath $circuit -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFileExists,LookoutMetrics.Commands.ExportLfvTestSetCommand'
        Get-Content $file | Should -Be 'keep'
        $other = Join-Path $TestDrive 'whatif.manifest'
        Export-LfvTestSet $other -ManifestPath $circuit -WhatIf
        Test-Path $other | Should -BeFalse
        @(Get-ChildItem $TestDrive -Filter '*.tmp-*').Count | Should -Be 0
    }
}

Describe 'What a first trial as a new user found' {
    It 'never reads the retired model''s own manifest as the successor''s, in the folder or named' {
        $proj = Join-Path $TestDrive 'proj'
        $null = New-SuccessorOutput @{ manifest = $circuit; out = (Join-Path $proj 'batch-output'); format = 'sagemaker'; seed = 21; strip_prefix = 'circuitboard/test-images/'; as_manifest = (Join-Path $TestDrive 'proj-as-manifest.json') }
        Copy-Item $circuit $proj
        Copy-Item $circuit (Join-Path $proj 'test-set.json')  # the -GroundTruth under another name, in the same folder
        $gt = Join-Path $proj 'test-set.json'
        $r = @(Import-LfvPrediction $proj -GroundTruth $gt -ModelName sagemaker-1 -ErrorVariable e -WarningVariable w -Verbose 4>&1)
        $images = @($r | Where-Object { $_ -is [LookoutMetrics.EvaluationImage] })
        $e | Should -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
        $images.Count | Should -Be 40
        $verbose = ($r | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain "Left out '$(Join-Path $proj 'EvaluationManifest-circuitboard-2.json')': it is a Lookout for Vision artifact, not a successor's prediction."
        $verbose | Should -Contain "Left out '$gt': it is the -GroundTruth."
        # The records hold the successor's scores, not the retired model's.
        $old = @(Get-LfvEvaluationManifest $circuit)
        (Compare-Object ($images.AnomalyScore) ($old.AnomalyScore) -SyncWindow 0).Count | Should -BeGreaterThan 0
        $named = @(Import-LfvPrediction (Join-Path $proj 'EvaluationManifest-circuitboard-2.json') -Format JsonLines -GroundTruth $circuit -ErrorVariable e2 -ErrorAction SilentlyContinue)
        $named.Count | Should -Be 0
        @($e2).Count | Should -Be 1
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'RetiredModelManifest*'
    }

    It 'pairs by the folders under -PairBy Path when the batch output lies a level deeper' {
        $nest = Join-Path $TestDrive 'nest'
        $null = New-SuccessorOutput @{ manifest = $circuit; out = (Join-Path $nest 'run1'); format = 'sagemaker'; seed = 22; strip_prefix = 'circuitboard/test-images/'; as_manifest = (Join-Path $TestDrive 'nest-as-manifest.json') }
        @(Import-LfvPrediction $nest -GroundTruth $circuit -PairBy Path -ErrorVariable e -WarningVariable w).Count | Should -Be 40
        $e | Should -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
    }

    It 'says once what is wrong with a -GroundTruth that cannot be read' {
        $r = @(Import-LfvPrediction (Join-Path $samples 'circuitboard/successor/sagemaker-1') -GroundTruth (Join-Path $TestDrive 'no-such.json') -ErrorVariable e -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        @($e).Count | Should -Be 1
        "$($e[0].FullyQualifiedErrorId)" | Should -BeLike 'PathNotFound*'
    }

    It 'says a renamed image, a string IsAnomalous and a semicolon CSV for what they are, reads tensor() scores, and caps a flood of bad rows' {
        $odd = Join-Path $TestDrive 'odd/model'
        $null = New-Item -ItemType Directory $odd
        [IO.File]::WriteAllBytes((Join-Path $odd 'board_001.jpg.out'), [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + [byte[]]::new(200))
        '{"Source": {"Type": "direct"}, "IsAnomalous": "true", "Confidence": 0.9}' | Set-Content (Join-Path $odd 'board_002.jpg.out')
        $null = @(Import-LfvPrediction $odd -GroundTruth $circuit -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        ($e | Where-Object { "$($_.TargetObject)" -like '*board_001*' }).Exception.Message | Should -Match 'is not a prediction file: it is a binary file'
        ($e | Where-Object { "$($_.TargetObject)" -like '*board_002*' }).Exception.Message | Should -Match 'IsAnomalous is "true", not true or false'

        $semi = Join-Path $TestDrive 'semi.csv'
        "image_path;pred_score;pred_label`nx/board_001.jpg;0.9;True" | Set-Content $semi
        $null = Import-LfvPrediction $semi -GroundTruth $circuit -ErrorVariable s -ErrorAction SilentlyContinue
        $s[0].Exception.Message | Should -Match "separated by ';', not ','"

        $tensor = Join-Path $TestDrive 'tensor.csv'
        @('image_path,pred_score,pred_label') + (1..40 | ForEach-Object { 'datasets/x/board_{0:d3}.jpg,tensor(0.{1:d2}00),{2}' -f $_, (10 + $_), ($_ -le 18) }) | Set-Content $tensor
        $t = @(Import-LfvPrediction $tensor -GroundTruth $circuit)
        $t.Count | Should -Be 40
        $t[0].AnomalyScore | Should -Be 0.11

        $flood = Join-Path $TestDrive 'flood.csv'
        @('image_path,pred_score,pred_label') + (1..40 | ForEach-Object { 'datasets/x/board_{0:d3}.jpg,high,True' -f $_ }) | Set-Content $flood
        $null = Import-LfvPrediction $flood -GroundTruth $circuit -ErrorVariable f -ErrorAction SilentlyContinue
        $f.Count | Should -Be 11
        $f[10].Exception.Message | Should -Match '^30 more rows of .* could not be read either \(from row 12 on\)'
    }

    It 'writes anomalib''s CSV for a .csv path without -Format' {
        $file = Join-Path $TestDrive 'by-extension.csv'
        Export-LfvTestSet $file -ManifestPath $circuit
        (Get-Content $file -TotalCount 1) | Should -Be 'image_path,label_index,mask_path,split'
    }
}
