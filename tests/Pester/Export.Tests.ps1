BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $cb1 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json'
    $cb2 = Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-2.json'
    $cookies = Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'
    $script:lfv = Start-LfvPeer
    $script:s3 = Start-MotoS3
    $aws = Get-PeerParameter -LfvEndpoint $lfv.Endpoint -S3EndpointUrl $s3.Endpoint
    $v1, $v2 = Measure-LfvEvaluation -Path $cb1, $cb2
    # One record set of every output type the module writes.
    $script:outputs = [ordered]@{
        EvaluationImage       = @(Get-LfvEvaluationManifest $cookies)
        EvaluationResult      = @(Get-LfvEvaluationResult (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json'))
        EvaluationLabelMetric = @(Get-LfvEvaluationResult (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json') -PerLabel)
        EvaluationSummary     = @($v1, $v2)
        MetricCurvePoint      = @(Get-LfvMetricCurve -Path $cb1 -FalsePositiveCost 1 -FalseNegativeCost 5)
        MetricCheck           = @(Test-LfvEvaluation -ManifestPath $cookies -ResultPath (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json') -MaskRoot $samples)
        ModelComparison       = @(Compare-LfvModel $v1 $v2 -WarningAction SilentlyContinue)
        LabelPerformance      = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples)
        ImageLabelPerformance = @(Measure-LfvSegmentation -Path $cookies -MaskRoot $samples -PerImage)
        Project               = @(Find-LfvProject @aws -Name cookies)
        ModelSummary          = @(Get-LfvModelVersion @aws -ProjectName cookies)
        ModelPerformance      = @(Get-LfvModelPerformance @aws -ProjectName cookies)
        ModelArtifact         = @(Find-LfvModelArtifact -Path $samples)
        ReviewBand            = @(Get-LfvReviewBand -Path $cb1, $cb2 -MaximumMissRate 0.1)
        ImageComparison       = @(Compare-LfvModel $v2 $v1 -PerImage)
    }
}

AfterAll { Stop-Peer $lfv; Stop-Peer $s3 }

Describe 'Every output type as CSV and JSON' {
    It 'has records of every type the cmdlets declare' {
        $declared = (Get-Module LookoutMetrics).ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type.FullName } |
            Where-Object { $_ -like 'LookoutMetrics.*' } | Sort-Object -Unique
        foreach ($type in $declared) {
            $name = $type -replace '^LookoutMetrics\.', ''
            $outputs.Contains($name) | Should -BeTrue -Because "$type needs a record here"
            $outputs[$name].Count | Should -BeGreaterThan 0 -Because $type
            $outputs[$name][0].GetType().FullName | Should -Be $type
        }
    }

    It 'writes readable values to CSV, never a type name' {
        foreach ($name in $outputs.Keys) {
            $csv = $outputs[$name] | ConvertTo-Csv | Out-String
            $csv | Should -Not -Match 'System\.[A-Z]|LookoutMetrics\.[A-Z]' -Because "$name as CSV"
        }
        # Lists print joined, and still work as lists.
        $segmented = $outputs.EvaluationImage | Where-Object { $_.AnomalyClasses.Count -gt 0 } | Select-Object -First 1
        ($segmented | ConvertTo-Csv | ConvertFrom-Csv).AnomalyClasses | Should -Be ($segmented.AnomalyClasses -join ';')
        @($outputs.EvaluationImage | Where-Object AnomalyClasses -Contains 'scratch').Count | Should -Be 7
        $segmented.AnomalyClasses[0] | Should -Be @($segmented.AnomalyClasses)[0]
        ($outputs.EvaluationSummary | ConvertTo-Csv | ConvertFrom-Csv)[0].F1ScoreInterval | Should -Match '^\[0\.\d{3}, [01]\.\d{3}\]$'
    }

    It 'writes JSON flat enough to read' {
        foreach ($name in $outputs.Keys) {
            $json = $outputs[$name] | ConvertTo-Json -WarningAction Stop
            $json | Should -Not -Match '"(System|LookoutMetrics)\.[A-Z][A-Za-z.]+"' -Because "$name as JSON"
            $back = $json | ConvertFrom-Json
            @($back).Count | Should -Be $outputs[$name].Count
        }
        ($outputs.EvaluationImage[0] | ConvertTo-Json | ConvertFrom-Json).AnomalyClasses | Should -Be @($outputs.EvaluationImage[0].AnomalyClasses)
    }
}

Describe 'Default tables as admins read them' {
    BeforeDiscovery {
        # The columns that matter most for each type: they must survive an 80-column terminal.
        $script:keyColumns = @(
            @{ Type = 'EvaluationImage'; Columns = 'ImageName', 'ActualLabel', 'PredictedLabel', 'Confidence', 'Outcome' }
            @{ Type = 'EvaluationResult'; Columns = 'ProjectName', 'ModelVersion', 'F1Score', 'Precision', 'Recall' }
            @{ Type = 'EvaluationLabelMetric'; Columns = 'ClassName', 'F1Score', 'AIOU' }
            @{ Type = 'EvaluationSummary'; Columns = 'ProjectName', 'ModelVersion', 'Threshold', 'F1Score', 'F1ScoreInterval' }
            @{ Type = 'MetricCurvePoint'; Columns = 'Threshold', 'Precision', 'Recall', 'F1Score', 'IsBestF1' }
            @{ Type = 'MetricCheck'; Columns = 'Metric', 'Agrees', 'Difference' }
            @{ Type = 'ModelComparison'; Columns = 'Metric', 'ReferenceValue', 'DifferenceValue', 'ChangeInterval', 'AdjustedPValue' }
            @{ Type = 'LabelPerformance'; Columns = 'ClassName', 'F1Score', 'Precision', 'Recall', 'AIOU', 'ImagesWithLabel' }
            @{ Type = 'ImageLabelPerformance'; Columns = 'ImageName', 'ClassName', 'IoU' }
            @{ Type = 'Project'; Columns = 'ProjectName', 'CreationTimestamp' }
            @{ Type = 'ModelSummary'; Columns = 'ProjectName', 'ModelVersion', 'Status', 'F1Score' }
            @{ Type = 'ModelPerformance'; Columns = 'ProjectName', 'ModelVersion', 'Status', 'F1Score' }
            @{ Type = 'ModelArtifact'; Columns = 'ProjectName', 'ModelVersion', 'Missing', 'Folder' }
            @{ Type = 'ReviewBand'; Columns = 'ProjectName', 'ModelVersion', 'PassBelow', 'FailFrom', 'ReviewImages', 'Escapes', 'FalseAlarms' }
            @{ Type = 'ImageComparison'; Columns = 'Change', 'ActualLabel', 'ReferenceScore', 'DifferenceScore', 'ImageName' }
        )
    }

    It '<Type> keeps its key columns in 80 columns, each headed by a property name' -ForEach $keyColumns {
        $records = $outputs[$Type]
        foreach ($width in 80, 200) {
            $lines = ($records | Out-String -Width $width) -split "`r?`n"
            $i = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' })
            $i | Should -BeGreaterThan 0 -Because "$Type has a table at $width columns"
            $headers = $lines[$i - 1] -split '\s+' | Where-Object { $_ }
            foreach ($c in $Columns) { $headers | Should -Contain $c -Because "$Type at $width columns" }
            $properties = $records[0].PSObject.Properties.Name
            foreach ($h in $headers) { $properties | Should -Contain $h -Because "the header '$h' of $Type works in Where-Object" }
            @($lines | Where-Object { $_.Length -gt $width }).Count | Should -Be 0
        }
    }

    It 'shows a segmentation model''s labels with the figures of Get-LfvEvaluationResult -PerLabel, as the help says' {
        $header = { param($records) $lines = ($records | Out-String -Width 200) -split "`r?`n"; $i = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' }); $lines[$i - 1] -split '\s+' | Where-Object { $_ } }
        $measured = & $header $outputs.LabelPerformance
        $reported = & $header $outputs.EvaluationLabelMetric
        foreach ($m in $reported | Where-Object { $_ -in 'F1Score', 'Precision', 'Recall', 'AIOU' }) { $measured | Should -Contain $m }
        foreach ($m in 'F1Score', 'Precision', 'Recall', 'AIOU') { $reported | Should -Contain $m }
        Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'docs/cmdlets/Measure-LfvSegmentation.md') -Raw | Should -Match 'F1Score, Precision, Recall, AIOU'
    }

    It 'prints thresholds at the precision they were computed at, so typing one back finds its row' {
        $point = $outputs.MetricCurvePoint | Select-Object -Skip 3 -First 1
        $shown = (($point | Out-String -Width 80) -split "`n" | Where-Object { $_ -match '^\s*\d' } | Select-Object -First 1).Trim().Split(' ')[0]
        @($outputs.MetricCurvePoint | Where-Object Threshold -EQ ([double]$shown)).Count | Should -Be 1
    }

    It 'says timestamps are UTC' {
        $text = $outputs.Project | Out-String -Width 80
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\dZ'
        $outputs.Project[0].CreationTimestamp.Kind | Should -Be 'Utc'
    }
}

Describe 'Files that keep their meaning' {
    It 'writes each interval''s bounds as numbers of their own beside the formatted interval' {
        $row = @($outputs.EvaluationSummary | ConvertTo-Csv | ConvertFrom-Csv)[0]
        foreach ($metric in 'Precision', 'Recall', 'Accuracy', 'F1Score', 'ROCAUC', 'AveragePrecision') {
            $interval = $outputs.EvaluationSummary[0]."${metric}Interval"
            [double]::Parse($row."${metric}Lower", [cultureinfo]::CurrentCulture) | Should -Be $interval.Lower -Because "$metric's lower bound"
            [double]::Parse($row."${metric}Upper", [cultureinfo]::CurrentCulture) | Should -Be $interval.Upper -Because "$metric's upper bound"
        }
        $json = $outputs.ModelComparison | ConvertTo-Json | ConvertFrom-Json
        $tested = @($outputs.ModelComparison | Where-Object ChangeInterval)
        $tested.Count | Should -BeGreaterThan 0
        foreach ($i in 0..($outputs.ModelComparison.Count - 1)) {
            $json[$i].ChangeLower | Should -Be $outputs.ModelComparison[$i].ChangeInterval.Lower
            $json[$i].ChangeUpper | Should -Be $outputs.ModelComparison[$i].ChangeInterval.Upper
        }
    }

    It 'keeps a time''s UTC mark in ISO 8601 whatever the session''s culture, and the typed time beside it' {
        $result = $outputs.EvaluationResult[0]
        $result.EvaluationEndTimestamp.Kind | Should -Be 'Utc'
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $row = $result | ConvertTo-Csv | ConvertFrom-Csv
            $row.EvaluationEndUtc | Should -Be $result.EvaluationEndTimestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [cultureinfo]::InvariantCulture)
            $row.EvaluationEndUtc | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
            ($result | ConvertTo-Json | ConvertFrom-Json -DateKind String).EvaluationEndTimestamp | Should -Match 'Z$'
            foreach ($model in $outputs.ModelPerformance) { ($model | ConvertTo-Csv | ConvertFrom-Csv).CreationUtc | Should -Match 'Z$' }
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
        $result.EvaluationEndTimestamp -lt [datetime]::UtcNow | Should -BeTrue
    }

    It 'gives a numeric version beside the text one, so that files sort 1, 2, 10' {
        $results = '2', '10', '1' | ForEach-Object { [LookoutMetrics.EvaluationResult]@{ ProjectName = 'p'; ModelVersion = $_ } }
        @($results | Sort-Object ModelVersion).ModelVersion | Should -Be @('1', '10', '2')
        @($results | Sort-Object ModelVersionNumber).ModelVersion | Should -Be @('1', '2', '10')
        @($results | ConvertTo-Csv | ConvertFrom-Csv | Sort-Object { [int]$_.ModelVersionNumber }).ModelVersion | Should -Be @('1', '2', '10')
        $outputs.EvaluationSummary[1].ModelVersionNumber | Should -Be 2
        [LookoutMetrics.EvaluationSummary]@{ ModelVersion = 'anomalib' } | Select-Object -ExpandProperty ModelVersionNumber | Should -BeNullOrEmpty
    }

    It 'says all four figures of every label in the result''s text cell' {
        $cell = ($outputs.EvaluationResult[0] | ConvertTo-Csv | ConvertFrom-Csv).PixelAnomalyClassMetrics
        foreach ($label in $outputs.EvaluationLabelMetric) {
            $f = { param($v) ([double]$v).ToString('0.###', [cultureinfo]::InvariantCulture) }
            $cell | Should -Match ([regex]::Escape("$($label.ClassName) P $(& $f $label.Precision) R $(& $f $label.Recall) F1 $(& $f $label.F1Score) AIOU $(& $f $label.AIOU)"))
        }
    }

    It 'counts one left-out line in the singular' {
        $lines = Get-Content $cb1
        $damaged = Join-Path $TestDrive 'EvaluationManifest-circuitboard-1.json'
        @($lines[0..9]) + 'not json' + @($lines[10..39]) | Set-Content $damaged
        $null = Measure-LfvEvaluation -Path $damaged -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        "$($warned | Where-Object { "$_" -match 'left out' })" | Should -Match '^circuitboard 1: 1 manifest line was left out \(InvalidManifestLine \(1\)\), so its figures are those of the 40 images read'
    }
}
