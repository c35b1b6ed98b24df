# AWS.Tools for PowerShell loads its own AWSSDK.Core into the session. LookoutMetrics must keep working beside
# whatever version got there first: its AWSSDK assemblies live in a load context of their own (PowerShell 7).
Describe 'Living beside another AWSSDK.Core' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:lfv = Start-LfvPeer
        $packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
        $script:otherCore = Join-Path $packages 'awssdk.core/3.7.402/lib/net8.0/AWSSDK.Core.dll'
    }

    AfterAll { Stop-Peer $lfv }

    It 'works when AWSSDK.Core 3.7 was loaded into the session first' {
        Test-Path $otherCore | Should -BeTrue -Because 'tests/Pester/PesterTools.csproj downloads it'
        $out = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$otherCore'
Import-Module '$env:LOOKOUTMETRICS_MODULE'
`$p = Find-LfvProject -EndpointUrl '$($lfv.Endpoint)' -Region us-east-1 -AccessKey '$PeerKey' -SecretKey '$PeerSecret' -Name cookies
`$m = Measure-LfvEvaluation -Path '$(Join-Path $env:LOOKOUTMETRICS_REPO 'samples/cookies/EvaluationManifest-cookies-1.json')'
'PROJECT=' + `$p.ProjectName
'IMAGES=' + `$m.Images
'CORES=' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' }).GetName().Version | Sort-Object) -join ',')
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'PROJECT=cookies'
        $out | Should -Contain 'IMAGES=24'
        # Both versions are loaded side by side: the session's 3.7 and the module's own 4.x.
        ($out | Where-Object { $_ -like 'CORES=*' }) | Should -Match '^CORES=3\.3\.0\.0,4\.0\.0\.0$'
    }
}
