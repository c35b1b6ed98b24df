# The module's contract as a user meets it: a clean import, explicit exports, help, and default views.
BeforeDiscovery {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $script:cmdlets = @((Get-Module LookoutMetrics).ExportedCmdlets.Values | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:manifest = Import-PowerShellDataFile $env:LOOKOUTMETRICS_MODULE
    $script:moduleDir = Split-Path $env:LOOKOUTMETRICS_MODULE
}

Describe 'One way to name artifacts' {
    BeforeDiscovery {
        $script:readers = @(
            @{ Name = 'Get-LfvEvaluationManifest'; Path = 'Path' }, @{ Name = 'Get-LfvEvaluationResult'; Path = 'Path' },
            @{ Name = 'Measure-LfvEvaluation'; Path = 'Path' }, @{ Name = 'Get-LfvMetricCurve'; Path = 'Path' },
            @{ Name = 'Measure-LfvSegmentation'; Path = 'Path' }, @{ Name = 'Test-LfvEvaluation'; Path = 'Path' },
            @{ Name = 'Export-LfvReport'; Path = 'ManifestPath' }, @{ Name = 'Export-LfvTestSet'; Path = 'ManifestPath' })
    }

    It '<Name> takes its artifacts through the one base, with wildcard paths, literal paths, URIs and models' -ForEach $readers {
        $command = Get-Command $Name
        $command.ImplementingType.IsSubclassOf([LookoutMetrics.Commands.ArtifactCmdlet]) | Should -BeTrue
        $literal = if ($Path -eq 'Path') { 'LiteralPath' } else { 'LiteralManifestPath' }
        foreach ($p in $Path, $literal, 'Uri', 'ProjectName', 'ModelVersion') { $command.Parameters.Keys | Should -Contain $p }
        $command.Parameters[$Path].Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
        $command.Parameters[$literal].Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 0
        $command.Parameters['ProjectName'].Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
        # -ManifestPath means the same wherever a manifest is read: wildcard paths (the old name of Test-LfvEvaluation's
        # and Export-LfvReport's parameter still works).
        if ($Name -ne 'Get-LfvEvaluationResult') {
            $manifestPath = if ($Path -eq 'ManifestPath') { $command.Parameters['ManifestPath'] } else { $command.Parameters['Path'] }
            ($manifestPath.Name -eq 'ManifestPath' -or $manifestPath.Aliases -contains 'ManifestPath') | Should -BeTrue
        }
    }

    It 'reads -ManifestPath with wildcards in Test-LfvEvaluation, each manifest against the result beside it' {
        $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
        $rows = @(Test-LfvEvaluation -ManifestPath (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-*.json'))
        ($rows | Group-Object ModelVersion -NoElement).Name | Should -Be @('1', '2')
        $rows.Count | Should -Be 12
        $rows.Agrees | Sort-Object -Unique | Should -Be $true
        $copy = Join-Path $TestDrive 'brackets[1]'
        $null = New-Item -ItemType Directory $copy
        Copy-Item (Join-Path $samples 'circuitboard/Evaluation*-circuitboard-1.json') $copy
        @(Test-LfvEvaluation -LiteralPath (Join-Path $copy 'EvaluationManifest-circuitboard-1.json')).Count | Should -Be 6
    }
}

Describe 'The README''s gate' {
    It 'passes as written: every reported figure of the samples checked, per-label pixel figures included' {
        $line = (Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'README.md') | Where-Object { $_ -match '\| Test-LfvEvaluation .*-Quiet' }) | Select-Object -First 1
        $line | Should -Match '-MaskRoot'
        $out = Invoke-FreshPwsh "Set-Location '$env:LOOKOUTMETRICS_REPO'; Import-Module '$env:LOOKOUTMETRICS_MODULE'; $line"
        $LASTEXITCODE | Should -Be 0
        ($out | Select-Object -Last 1) | Should -Be 'True'
        # Without the masks the same gate does not pass: the pixel figures could not be checked.
        $without = $line -replace ' -MaskRoot \./samples', ''
        ((Invoke-FreshPwsh "Set-Location '$env:LOOKOUTMETRICS_REPO'; Import-Module '$env:LOOKOUTMETRICS_MODULE'; $without 3>`$null") | Select-Object -Last 1) | Should -Be 'False'
    }
}

Describe 'Diagnostics a scheduled script can use' {
    It 'says where the credentials came from with -Verbose under -NonInteractive, and no help or doc recommends -Debug' {
        $out = Invoke-FreshPwsh "`$env:AWS_ACCESS_KEY_ID = 'AKIDVERBOSE'; `$env:AWS_SECRET_ACCESS_KEY = 'x'; `$env:AWS_REGION = 'eu-west-1'; Import-Module '$env:LOOKOUTMETRICS_MODULE'; Find-LfvProject -EndpointUrl http://127.0.0.1:9 -Verbose -ErrorAction SilentlyContinue 4>&1 | ForEach-Object { `"`$_`" }"
        ($out -join "`n") | Should -Match 'LookoutMetrics: .*environment'
        ($out -join "`n") | Should -Not -Match 'NonInteractive mode'
        $docs = @(Get-ChildItem (Join-Path $env:LOOKOUTMETRICS_REPO 'docs') -Recurse -Include *.md, *.txt) + @(Get-Item (Join-Path $env:LOOKOUTMETRICS_REPO 'README.md'))
        foreach ($doc in $docs) { Get-Content $doc.FullName -Raw | Should -Not -Match '(?<![\w$])-Debug\b' -Because $doc.Name }
    }
}

Describe 'The module manifest' {
    It 'is valid and names its root module' {
        $info = Test-ModuleManifest $env:LOOKOUTMETRICS_MODULE -ErrorAction Stop
        $info.Name | Should -Be 'LookoutMetrics'
        $manifest.RootModule | Should -Be 'LookoutMetrics.dll'
    }

    It 'lists every export explicitly, and exports exactly those cmdlets' {
        $manifest.FunctionsToExport | Should -BeNullOrEmpty
        $manifest.AliasesToExport | Should -BeNullOrEmpty
        $manifest.VariablesToExport | Should -BeNullOrEmpty
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $exported = (Get-Module LookoutMetrics).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'loads and decodes masks on the edition and platform it runs on here (Core on Linux)' {
        # What is proven by loading: a fresh PowerShell 7 on Linux imports the module and decodes the sample masks
        # through SkiaSharp's native library. Desktop, Windows and macOS are built for but not loaded here (README).
        $samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
        $out = Invoke-FreshPwsh "`$ErrorActionPreference = 'Stop'; Import-Module '$env:LOOKOUTMETRICS_MODULE'; `$PSVersionTable.PSEdition; [Environment]::OSVersion.Platform; @(Measure-LfvSegmentation -Path '$samples/cookies/EvaluationManifest-cookies-1.json' -MaskRoot '$samples').Count"
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Be @('Core', 'Unix', '2')
        $manifest.CompatiblePSEditions | Should -Contain 'Core'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Linux'
    }

    It 'ships what the editions and platforms it claims beyond this one need, as the README says (built for, not loaded here)' {
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FormatsToProcess | Should -Contain 'LookoutMetrics.Format.ps1xml'
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Mac', 'Windows', 'AWS') { $manifest.PrivateData.PSData.Tags | Should -Contain $tag }
        # Windows PowerShell loads the root assemblies (all but the Core-only load-context helper) and Dependencies/:
        # none may target .NET (Core).
        $desktop = @(Get-ChildItem $moduleDir -Filter *.dll | Where-Object Name -NE 'LookoutMetrics.Isolation.dll') + @(Get-ChildItem (Join-Path $moduleDir 'Dependencies') -Filter *.dll)
        $desktop.Count | Should -BeGreaterThan 5
        foreach ($dll in $desktop) { [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($dll.FullName)) | Should -Not -Match '\.NETCoreApp,Version=' -Because $dll.Name }
        # SkiaSharp's native library for each Windows architecture (PE machine type) and for macOS (a Mach-O file).
        $native = Join-Path $moduleDir 'Dependencies/runtimes'
        foreach ($case in @{ Rid = 'win-x64'; Machine = 0x8664 }, @{ Rid = 'win-x86'; Machine = 0x14c }, @{ Rid = 'win-arm64'; Machine = 0xAA64 }) {
            $b = [IO.File]::ReadAllBytes((Join-Path $native "$($case.Rid)/native/libSkiaSharp.dll"))
            [Text.Encoding]::ASCII.GetString($b, 0, 2) | Should -Be 'MZ' -Because $case.Rid
            [BitConverter]::ToUInt16($b, [BitConverter]::ToInt32($b, 0x3C) + 4) | Should -Be $case.Machine -Because $case.Rid
        }
        [BitConverter]::ToString([IO.File]::ReadAllBytes((Join-Path $native 'osx/native/libSkiaSharp.dylib')), 0, 4) | Should -BeIn 'CA-FE-BA-BE', 'CF-FA-ED-FE'
        # The README says which of these are proven and which are not.
        Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'README.md') -Raw | Should -Match '(?s)## Where it runs.*Windows PowerShell 5\.1.*not loaded'
    }

    It 'stamps the module version into the assembly' {
        $dll = Join-Path $moduleDir 'LookoutMetrics.dll'
        [Reflection.AssemblyName]::GetAssemblyName($dll).Version.ToString(3) | Should -Be $manifest.ModuleVersion
    }

    It 'builds the cmdlet assembly for netstandard2.0, so Windows PowerShell 5.1 can load it' {
        $bytes = [IO.File]::ReadAllBytes((Join-Path $moduleDir 'LookoutMetrics.dll'))
        [Text.Encoding]::ASCII.GetString($bytes) | Should -Match '\.NETStandard,Version=v2\.0'
    }

    It 'keeps every AWSSDK type inside the core library, so the cmdlet assembly never binds to another module''s AWSSDK' {
        $refs = [Reflection.Assembly]::LoadFile((Join-Path $moduleDir 'LookoutMetrics.dll')).GetReferencedAssemblies().Name
        $refs | Should -Contain 'LookoutMetrics.Core'
        $refs | Where-Object { $_ -like 'AWSSDK*' } | Should -BeNullOrEmpty
    }

    It 'imports in a clean session with no errors' {
        $out = Invoke-FreshPwsh "Import-Module '$env:LOOKOUTMETRICS_MODULE' -ErrorAction Stop; (Get-Command -Module LookoutMetrics).Name -join ','"
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out | Select-Object -Last 1) | Should -Be (($manifest.CmdletsToExport | Sort-Object) -join ',')
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-Lfv\w+\s*\[' # not the autogenerated syntax stand-in
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $help.examples.example) { $e.code | Should -Not -BeNullOrEmpty }
    }

    It 'describes every parameter' {
        $names = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($n in $names) {
            $p = $help.parameters.parameter | Where-Object name -EQ $n
            $p | Should -Not -BeNullOrEmpty -Because "-$n needs help"
            ($p.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$n needs a description"
        }
    }

    It 'gives the same pipeline and position facts as the cmdlet' {
        foreach ($p in $help.parameters.parameter) {
            $meta = $command.Parameters[$p.name]
            $attr = $meta.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
            if ($attr.ValueFromPipelineByPropertyName) { $p.pipelineInput | Should -Match 'ByPropertyName' }
            if ($attr.Position -ge 0) { $p.position | Should -Be "$($attr.Position)" }
        }
    }
}

Describe 'Default views' {
    It 'has a table view for every output type of every cmdlet' {
        $types = (Get-Module LookoutMetrics).ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type.FullName } | Where-Object { $_ -like 'LookoutMetrics.*' } | Sort-Object -Unique
        # Every output type a cmdlet declares, every type a view is for: the same list, whatever its length.
        $viewed = ([xml](Get-Content -Raw (Join-Path (Split-Path $env:LOOKOUTMETRICS_MODULE) 'LookoutMetrics.Format.ps1xml'))).Configuration.ViewDefinitions.View |
            ForEach-Object { $_.ViewSelectedBy.TypeName } | Where-Object { $_ -ne 'LookoutMetrics.PixelClassMetric' } | Sort-Object -Unique
        # (PixelClassMetric is the items of a result's property, not a cmdlet's output.)
        $types | Should -Be $viewed
        foreach ($t in $types) {
            $data = Get-FormatData -TypeName $t
            $data | Should -Not -BeNullOrEmpty -Because "$t needs a default view"
            $data.FormatViewDefinition.Control | ForEach-Object { $_.GetType().Name } | Should -Contain 'TableControl'
        }
    }

    It 'renders EvaluationImage as a table with its key columns' {
        $text = Get-LfvEvaluationManifest (Join-Path $env:LOOKOUTMETRICS_REPO 'samples/circuitboard/EvaluationManifest-circuitboard-1.json') |
            Select-Object -First 2 | Out-String -Width 200
        # The model is the group header; the columns follow it.
        $text | Should -Match 'Model: circuitboard 1'
        $header = ($text -split "`n" | Where-Object { $_ -match 'ImageName' } | Select-Object -First 1)
        foreach ($col in 'ImageName', 'Actual', 'Predicted', 'Confidence', 'Outcome') { $header | Should -Match $col }
    }
}
