BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $repoRoot = $env:LOOKOUTMETRICS_REPO
    $manifestPath = $env:LOOKOUTMETRICS_MODULE
    $version = (Import-PowerShellDataFile $manifestPath).ModuleVersion
    $package = Join-Path $repoRoot "out/LookoutMetrics.$version.nupkg"
    $sample = Join-Path $repoRoot 'samples/circuitboard/EvaluationManifest-circuitboard-1.json'
}

Describe 'The package' {
    It 'is written by build.ps1 -Task Package (and -Task Test)' {
        $package | Should -Exist
        (Get-Item $package).Length | Should -BeGreaterThan 1MB
    }

    It 'passes Test-ModuleManifest and carries what a gallery shows' {
        $m = Test-ModuleManifest $manifestPath -ErrorAction Stop
        $m.Description | Should -Match 'Lookout for Vision'
        $m.Tags | Should -Contain 'PSEdition_Core'
        $m.Tags | Should -Contain 'AWS'
        "$($m.LicenseUri)" | Should -Match 'LICENSE$'
        "$($m.ProjectUri)" | Should -Match '^https://'
        $m.ReleaseNotes | Should -Match 'Export-LfvReport'
        Join-Path $repoRoot 'LICENSE' | Should -Exist
        Get-Content (Join-Path $repoRoot 'LICENSE') -TotalCount 1 | Should -Be 'MIT License'
    }

    It 'installs with Save-PSResource and Install-PSResource from a folder repository, and runs from there' {
        $feed = Join-Path $TestDrive 'feed'
        $saved = Join-Path $TestDrive 'saved'
        $home2 = Join-Path $TestDrive 'home'
        $null = New-Item -ItemType Directory $feed, $saved, $home2
        Copy-Item $package $feed
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name lfvtest -Uri '$feed' -Trusted
try {
    Save-PSResource -Name LookoutMetrics -Repository lfvtest -Path '$saved' -TrustRepository
    Install-PSResource -Name LookoutMetrics -Repository lfvtest -TrustRepository -Scope CurrentUser
} finally { Unregister-PSResourceRepository -Name lfvtest }
'INSTALLED=' + (Get-Module LookoutMetrics -ListAvailable | Select-Object -First 1).ModuleBase
"@
        $old = $env:HOME
        try {
            $env:HOME = $home2 # Install-PSResource -Scope CurrentUser installs under the home folder: a temporary one
            $out = Invoke-FreshPwsh $script
            $LASTEXITCODE | Should -Be 0 -Because "$out"
            $installed = ("$out" -split "`n" | Where-Object { $_ -match '^INSTALLED=' }) -replace '^INSTALLED=', ''
            $installed | Should -BeLike "$home2*"
            $f1 = Invoke-FreshPwsh "Import-Module LookoutMetrics; (Measure-LfvEvaluation -Path '$sample').F1Score.ToString('0.000')"
            "$f1".Trim() | Should -Be '0.824'
        }
        finally { $env:HOME = $old }
        $savedManifest = Get-ChildItem $saved -Recurse -Filter LookoutMetrics.psd1 | Select-Object -First 1
        $savedManifest | Should -Not -BeNullOrEmpty
        $f1 = Invoke-FreshPwsh "Import-Module '$($savedManifest.FullName)'; (Measure-LfvEvaluation -Path '$sample').F1Score.ToString('0.000'); (Get-Command -Module LookoutMetrics).Count"
        ($f1 | Select-Object -First 1).Trim() | Should -Be '0.824'
        # Every cmdlet the manifest exports, from the saved copy.
        [int]($f1 | Select-Object -Last 1) | Should -Be (Import-PowerShellDataFile (Join-Path $env:LOOKOUTMETRICS_REPO 'LookoutMetrics.psd1')).CmdletsToExport.Count
    }

    It 'installs with the README''s own commands, as written (only the feed folder is this test''s)' {
        $text = Get-Content (Join-Path $repoRoot 'README.md') -Raw
        $block = [regex]::Match($text, '(?ms)^## Install.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $block | Should -Match 'Install-PSResource'
        $block | Should -Match 'Save-PSResource'
        $feed = Join-Path $TestDrive 'readme-feed'
        $work = Join-Path $TestDrive 'readme-work'
        $home3 = Join-Path $TestDrive 'readme-home'
        $null = New-Item -ItemType Directory $feed, $work, $home3
        Copy-Item $package $feed
        $commands = $block.Replace('C:\Packages', "'$feed'")
        $script = "`$ErrorActionPreference = 'Stop'; Set-Location '$work'`n" + $commands + "`nUnregister-PSResourceRepository -Name LocalFeed`n'SAVED=' + (Get-ChildItem ./modules -Recurse -Filter LookoutMetrics.psd1 | Select-Object -First 1).FullName"
        $old = $env:HOME
        try {
            $env:HOME = $home3
            $out = Invoke-FreshPwsh $script
            $LASTEXITCODE | Should -Be 0 -Because "$out"
        }
        finally { $env:HOME = $old }
        $saved = ("$out" -split "`n" | Where-Object { $_ -match '^SAVED=' }) -replace '^SAVED=', ''
        $saved | Should -BeLike "$work*"
        (Invoke-FreshPwsh "Import-Module '$saved'; (Measure-LfvEvaluation -Path '$sample').F1Score.ToString('0.000')" | Select-Object -First 1).Trim() | Should -Be '0.824'
        Get-ChildItem $home3 -Recurse -Force -Filter LookoutMetrics.psd1 | Should -Not -BeNullOrEmpty -Because 'Install-PSResource installed it for the user'
    }
}
