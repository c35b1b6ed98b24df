# Helpers shared by the Pester files: fresh PowerShell processes, and the real peers on 127.0.0.1.

$script:Repo = $env:LOOKOUTMETRICS_REPO
$script:PeerKey = 'AKIDLOOKOUTPEER'
$script:PeerSecret = 'peer/secret+key/For+Tests0123456789abcd'

# The PowerShell that runs the tests, as a command line: 'dotnet pwsh.dll' for the local tool, else pwsh itself.
function Get-PwshCommand {
    $exe = [Environment]::ProcessPath
    [string[]] $pre = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    [pscustomobject]@{ Exe = $exe; Pre = $pre }
}

# Runs a script file as a scheduled task would (pwsh -NoProfile -NonInteractive -File, no colours); returns its exit
# code and its output as one text.
function Invoke-PwshFile {
    param([Parameter(Mandatory)][string] $File, [string[]] $Arguments = @())
    $pwsh = Get-PwshCommand
    $noColor = $env:NO_COLOR
    $env:NO_COLOR = '1'
    try { $out = & $pwsh.Exe @($pwsh.Pre) -NoProfile -NonInteractive -File $File @Arguments 2>&1 }
    finally { $env:NO_COLOR = $noColor }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($out | Out-String) }
}

# Runs a command in a fresh 'pwsh -NoProfile' (the same PowerShell as the tests) and returns its output lines;
# $LASTEXITCODE is the child's exit code.
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)][string] $Command)
    $pwsh = Get-PwshCommand
    $exe = $pwsh.Exe
    [string[]] $pre = $pwsh.Pre
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
    # Plain text: the child's errors come back as strings, and colour escapes would only garble them.
    $noColor = $env:NO_COLOR
    $env:NO_COLOR = '1'
    try { & $exe @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 }
    finally { $env:NO_COLOR = $noColor }
    $global:LASTEXITCODE = $LASTEXITCODE
}

# A PowerShell instance in its own runspace with the module already imported. One command, never a batch of
# statements: stopping a batch and disposing it can crash the host inside PowerShell's BatchInvocationWorkItem.
function New-ModulePowerShell {
    $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $iss.ImportPSModule([string[]]@($env:LOOKOUTMETRICS_MODULE))
    $runspace = [runspacefactory]::CreateRunspace($iss)
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $ps
}

# What Ctrl+C does to a command running in New-ModulePowerShell: Stop() on it, which calls StopProcessing on the running cmdlet. It
# says how long Stop() took to return, the state it left the PowerShell in, and whether the invocation had ended by then.
function Stop-ModuleCommand([powershell] $PowerShell, [IAsyncResult] $Handle) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $PowerShell.Stop()
    $clock.Stop()
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; State = $PowerShell.InvocationStateInfo.State; Ended = $Handle.IsCompleted }
}

# Starts one of the project's peers (tests/peers/<script>), which prints 'LISTENING <port>' once it serves on 127.0.0.1.
function Start-PythonPeer([string] $Script, [string[]] $Arguments, [string] $What) {
    $psi = [Diagnostics.ProcessStartInfo]::new('python3')
    foreach ($a in @((Join-Path $Repo "tests/peers/$Script")) + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^LISTENING (\d+)$') { throw "$What did not start: $line" }
    [pscustomobject]@{ Endpoint = "http://127.0.0.1:$($Matches[1])"; Process = $process }
}

function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Starts the project's Lookout for Vision peer; returns an object with Endpoint and Process.
# -ReadableAccount: an account whose credentials may read every project (the state without its access-denied project),
# as the examples and recipes assume.
function Start-LfvPeer {
    param([string] $State = (Join-Path $Repo 'tests/peers/lfv-state.json'), [switch] $ReadableAccount)
    if ($ReadableAccount) {
        $json = Get-Content $State -Raw | ConvertFrom-Json
        $json.projects = @($json.projects | Where-Object ProjectName -NE 'restricted')
        $State = Join-Path ([IO.Path]::GetTempPath()) ("lfv-state-" + [guid]::NewGuid().ToString('N') + '.json')
        $json | ConvertTo-Json -Depth 20 | Set-Content $State
    }
    Start-PythonPeer 'lfv_peer.py' @('--state', $State, '--port', '0') 'The Lookout for Vision peer'
}

# Starts moto_server on a free loopback port and loads samples/ into s3://lookoutmetrics-samples.
function Start-MotoS3 {
    $port = Get-FreePort
    $psi = [Diagnostics.ProcessStartInfo]::new('moto_server')
    foreach ($a in @('-H', '127.0.0.1', '-p', "$port")) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $process.BeginOutputReadLine(); $process.BeginErrorReadLine()
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ($true) {
        try { $null = Invoke-WebRequest "$endpoint/moto-api/" -TimeoutSec 2; break } catch { }
        if ([DateTime]::UtcNow -gt $deadline -or $process.HasExited) { throw "moto_server did not start on $endpoint" }
        Start-Sleep -Milliseconds 100
    }
    Send-S3Folder -Endpoint $endpoint -Folder (Join-Path $Repo 'samples')
    [pscustomobject]@{ Endpoint = $endpoint; Process = $process }
}

# Starts the fault-injecting proxy (tests/peers/s3_fault_proxy.py) in front of an S3 peer; returns Endpoint and Process.
function Start-S3FaultProxy {
    param([Parameter(Mandatory)][string] $Upstream, [switch] $AllowWrites)
    Start-PythonPeer 's3_fault_proxy.py' @(@($Upstream) + @(if ($AllowWrites) { '--allow-writes' })) 'The S3 fault proxy'
}
# Starts the credentials peer (tests/peers/credentials_peer.py: a container endpoint, the SSO portal, IMDSv2).
function Start-CredentialsPeer {
    param([Parameter(Mandatory)][string] $State)
    Start-PythonPeer 'credentials_peer.py' @('--state', $State) 'The credentials peer'
}
function Add-S3Fault {
    param([string] $Endpoint, [hashtable[]] $Fault)
    $null = Invoke-RestMethod -Method Post "$Endpoint/__proxy/faults" -Body (@{ faults = $Fault } | ConvertTo-Json -Depth 5) -ContentType 'application/json'
}
function Reset-S3Proxy { param([string] $Endpoint) $null = Invoke-RestMethod -Method Post "$Endpoint/__proxy/reset" -Body '{}' -ContentType 'application/json' }
function Get-S3ProxyRequest { param([string] $Endpoint) (Invoke-RestMethod "$Endpoint/__proxy/requests").requests }

function Send-S3Folder {
    param([string] $Endpoint, [string] $Folder, [string] $Prefix = '', [string] $Bucket = 'lookoutmetrics-samples')
    $out = & python3 (Join-Path $Repo 'tests/peers/s3_load.py') $Endpoint $Bucket $Folder $Prefix 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Loading $Folder into $Endpoint failed: $out" }
}

function Stop-Peer {
    param($Peer)
    if ($Peer -and -not $Peer.Process.HasExited) { $Peer.Process.Kill($true); $Peer.Process.WaitForExit(5000) | Out-Null }
}

# The peer's unsigned control API.
function Reset-LfvPeer { param([string] $Endpoint) $null = Invoke-RestMethod -Method Post "$Endpoint/__peer/reset" -Body '{}' -ContentType 'application/json' }
function Add-LfvFault {
    param([string] $Endpoint, [hashtable[]] $Fault)
    $null = Invoke-RestMethod -Method Post "$Endpoint/__peer/faults" -Body (@{ faults = $Fault } | ConvertTo-Json -Depth 5) -ContentType 'application/json'
}
function Get-LfvPeerRequest { param([string] $Endpoint) (Invoke-RestMethod "$Endpoint/__peer/requests").requests }

# Parameters that point a cmdlet at the peers with the peer's credentials.
function Get-PeerParameter {
    param([string] $LfvEndpoint, [string] $S3Endpoint)
    $p = @{ AccessKey = $PeerKey; SecretKey = $PeerSecret; Region = 'us-east-1' }
    if ($LfvEndpoint) { $p.EndpointUrl = $LfvEndpoint }
    if ($S3Endpoint) { $p.S3EndpointUrl = $S3Endpoint }
    $p
}

# A shared credentials file as 'aws configure' writes it: one [name] section a profile, in the order given
# (-Profiles [ordered]@{ name = 'AKID', 'secret' }). Tests write every credentials file through this.
function New-AwsCredentialsFile {
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][Collections.IDictionary] $Profiles)
    $sections = foreach ($name in $Profiles.Keys) {
        $key, $secret = $Profiles[$name]
        "[$name]`naws_access_key_id = $key`naws_secret_access_key = $secret`n"
    }
    Set-Content -LiteralPath $Path -Value ($sections -join "`n")
}

# The secret-leak harness: everything a user could see of what came out of the streams (each record as the console
# shows it, and for an error its exception chain and target), as one text to search for secrets.
function Get-StreamText {
    param([Parameter(ValueFromPipeline)] $Record)
    begin { $parts = [Collections.Generic.List[string]]::new() }
    process {
        $parts.Add(($Record | Out-String))
        if ($Record -is [System.Management.Automation.ErrorRecord]) {
            $e = $Record.Exception; while ($e) { $parts.Add($e.ToString()); $e = $e.InnerException }
            $parts.Add(($Record.TargetObject | Out-String))
        }
    }
    end { $parts -join "`n" }
}

Export-ModuleMember -Function New-AwsCredentialsFile, Get-StreamText, Get-PwshCommand, Invoke-PwshFile, Invoke-FreshPwsh, New-ModulePowerShell, Stop-ModuleCommand, Get-FreePort, Start-LfvPeer, Start-MotoS3, Send-S3Folder,
    Start-S3FaultProxy, Start-CredentialsPeer, Add-S3Fault, Reset-S3Proxy, Get-S3ProxyRequest, Stop-Peer, Reset-LfvPeer, Add-LfvFault, Get-LfvPeerRequest, Get-PeerParameter -Variable PeerKey, PeerSecret
