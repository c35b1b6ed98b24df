BeforeDiscovery {
    # Every example of every cmdlet's help, and of about_LookoutMetrics, as its own test case.
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    # What each example of docs/cmdlets/<Name>.md says it shows: its Output block (null when it has none).
    function Get-DocumentedOutput([string] $Command) {
        $md = Get-Content -Raw (Join-Path $env:LOOKOUTMETRICS_REPO "docs/cmdlets/$Command.md")
        $examples = ($md -split '(?m)^## ')[1..99] | Where-Object { $_ -like 'EXAMPLES*' }
        foreach ($example in ($examples -split '(?m)^### Example \d+:') | Select-Object -Skip 1) {
            if ($example -match '(?s)```Output\r?\n(.*?)\r?\n```') { , ($Matches[1] -split '\r?\n') } else { , $null }
        }
    }
    $script:cases = foreach ($command in Get-Command -Module LookoutMetrics | Sort-Object Name) {
        $n = 0
        $documented = @(Get-DocumentedOutput $command.Name)
        foreach ($example in (Get-Help $command.Name -Full).examples.example) {
            $n++
            @{ Name = "$($command.Name) example $n"; Code = ($example.code -join "`n").Trim(); Expected = $documented[$n - 1]; Checked = $true }
        }
    }
    $about = Get-Content (Join-Path $env:LOOKOUTMETRICS_REPO 'docs/about_LookoutMetrics.help.txt')
    $inExamples = $false
    $n = 0
    $script:cases += foreach ($line in $about) {
        if ($line -match '^[A-Z][A-Z ]+$') { $inExamples = $line -eq 'EXAMPLES'; continue }
        # The about topic's one-line examples run; their output is the cmdlets' own, checked above.
        if ($inExamples -and $line.Trim()) { $n++; @{ Name = "about_LookoutMetrics example $n"; Code = $line.Trim(); Expected = $null; Checked = $false } }
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
    New-AwsCredentialsFile $credentials ([ordered]@{ default = $PeerKey, $PeerSecret; lookout = $PeerKey, $PeerSecret; test = $PeerKey, $PeerSecret })
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
            # What it shows, as a console 80 columns wide shows it, against what its help says it shows: line by line,
            # '…' standing for text that changes (a file's time and size), a last '...' for lines left out.
            $text = ($output | Out-String -Width 80) -replace [regex]::Escape($root), '.'
            $saveTo = Join-Path $env:LOOKOUTMETRICS_REPO "out/help-examples/$($Name -replace ' ', '-').txt"
            $null = New-Item -ItemType Directory -Force (Split-Path $saveTo)
            Set-Content -LiteralPath $saveTo -Value $text
            if (-not $Checked) { return }
            $actual = [Collections.Generic.List[string]]::new()
            foreach ($line in ($text -split '\r?\n')) {
                $line = $line.TrimEnd()
                if ($line -or ($actual.Count -and $actual[-1])) { $actual.Add($line) }
            }
            while ($actual.Count -and -not $actual[-1]) { $actual.RemoveAt($actual.Count - 1) }
            if ($null -eq $Expected) {
                $actual | Should -BeNullOrEmpty -Because "the example`n$Code`nhas no Output block in its help, so it should write nothing"
                return
            }
            $expectedLines = @($Expected)
            $cut = $expectedLines[-1] -eq '...'
            if ($cut) { $expectedLines = $expectedLines[0..($expectedLines.Count - 2)] }
            if (-not $cut) { $actual.Count | Should -Be $expectedLines.Count -Because "the example`n$Code`nshould show what its help shows:`n$text" }
            $actual.Count | Should -BeGreaterOrEqual $expectedLines.Count -Because "the example`n$Code`nshould show what its help shows:`n$text"
            for ($i = 0; $i -lt $expectedLines.Count; $i++) {
                $pattern = '^' + (($expectedLines[$i].TrimEnd() -split '…' | ForEach-Object { [regex]::Escape($_) }) -join '.*') + '$'
                $actual[$i] | Should -Match $pattern -Because "line $($i + 1) of the example`n$Code`nshould be what its help shows"
            }
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
