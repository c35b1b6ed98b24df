BeforeDiscovery {
    # Every example of every cmdlet's help, and of about_LookoutMetrics, as its own test case.
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    $script:cases = foreach ($command in Get-Command -Module LookoutMetrics | Sort-Object Name) {
        $n = 0
        foreach ($example in (Get-Help $command.Name -Full).examples.example) {
            $n++
            @{ Name = "$($command.Name) example $n"; Code = ($example.code -join "`n").Trim() }
        }
    }
    $about = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'docs/about_LookoutMetrics.help.txt')
    $inExamples = $false
    $n = 0
    $script:cases += foreach ($line in $about) {
        if ($line -match '^[A-Z][A-Z ]+$') { $inExamples = $line -eq 'EXAMPLES'; continue }
        if ($inExamples -and $line.Trim()) { $n++; @{ Name = "about_LookoutMetrics example $n"; Code = $line.Trim() } }
    }
}

BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    # The examples run as written, from a copy of the repository root, against the samples or the peers: the profiles
    # they name hold the peers' keys, and the endpoint variables point every AWS call at 127.0.0.1.
    $script:lfv = Start-LfvPeer -ReadableAccount
    $script:s3 = Start-MotoS3
    $script:root = Join-Path $TestDrive 'repo'
    $null = New-Item -ItemType Directory $root
    Copy-Item (Join-Path $env:LOOKOUTMETRICS_REPO 'samples') $root -Recurse
    $credentials = Join-Path $TestDrive 'credentials'
    Set-Content $credentials (@('default', 'lookout', 'test') | ForEach-Object { "[$_]`naws_access_key_id = $PeerKey`naws_secret_access_key = $PeerSecret`n" })
    $script:environment = @{
        AWS_SHARED_CREDENTIALS_FILE    = $credentials
        AWS_CONFIG_FILE                = (Join-Path $TestDrive 'no-config')
        AWS_REGION                     = 'us-east-1'
        AWS_ENDPOINT_URL_LOOKOUTVISION = $lfv.Endpoint
        AWS_ENDPOINT_URL_S3            = $s3.Endpoint
    }
}

AfterAll { Stop-Peer $lfv; Stop-Peer $s3 }

Describe 'Help that runs' {
    It '<Name> runs as written' -ForEach $cases {
        $saved = @{}
        foreach ($k in $environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $environment[$k]) }
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddScript("Set-Location -LiteralPath '$root'; `$ProgressPreference = 'SilentlyContinue'`n$Code")
            $output = $ps.Invoke()
            $errors = @($ps.Streams.Error | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
            # An error the example does not handle itself reaches the error stream; a terminating one throws from Invoke.
            $errors | Should -BeNullOrEmpty -Because "the example`n$Code`nshould run without errors"
        }
        finally {
            $ps.Runspace.Dispose(); $ps.Dispose()
            foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
        }
    }

    It 'names the related cmdlets under SEE ALSO in every cmdlet''s help' {
        foreach ($command in Get-Command -Module LookoutMetrics) {
            $links = @((Get-Help $command.Name -Full).relatedLinks.navigationLink.linkText | Where-Object { $_ -like '*-Lfv*' })
            $links.Count | Should -BeGreaterThan 0 -Because "$($command.Name) should name its related cmdlets"
            foreach ($link in $links) { Get-Command $link -Module LookoutMetrics -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$link in $($command.Name)'s SEE ALSO" }
        }
    }
}
