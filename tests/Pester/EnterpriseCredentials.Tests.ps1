# Credentials as enterprises have them (issue 17): assumed roles, MFA, web identity, SSO, credential_process, container
# and instance roles, from files as the AWS CLI and AWS.Tools write them, through real peers on 127.0.0.1: moto_server
# as S3 and STS, the project's credentials peer for what moto lacks (the SSO portal, a container endpoint, IMDSv2), and
# the fault proxy in front of S3, which logs the access key ID that signed each request: every test asserts which
# identity reached S3, so none can pass on the wrong one.
BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:s3 = Start-MotoS3
    $script:proxy = Start-S3FaultProxy -Upstream $s3.Endpoint
    # STS calls go through a second proxy (it forwards POSTs), to count them and to refuse one.
    $script:stsProxy = Start-S3FaultProxy -Upstream $s3.Endpoint -AllowWrites

    $script:awsUserHome = Join-Path $TestDrive 'home'
    $null = New-Item -ItemType Directory (Join-Path $awsUserHome '.aws/sso/cache')
    $script:ssoToken = 'aoaAAAAAGcorp-sso-access-token-from-aws-sso-login'
    $peerState = Join-Path $TestDrive 'credentials-peer.json'
    @{
        container = @{ token = 'Bearer container-authorization-token'; accessKey = 'ASIACONTAINER00000001' }
        sso       = @{ token = $ssoToken; accountId = '123456789012'; roleName = 'LookoutReader'; accessKey = 'ASIASSOPORTAL0000001' }
        imds      = @{ role = 'lookout-instance-role'; accessKey = 'ASIAINSTANCE00000001' }
    } | ConvertTo-Json -Depth 4 | Set-Content $peerState
    $script:peer = Start-CredentialsPeer -State $peerState

    # The files as the AWS CLI writes them ('aws configure', 'aws configure sso') and AWS.Tools' Set-AWSCredential.
    $script:credentials = Join-Path $awsUserHome '.aws/credentials'
    New-AwsCredentialsFile $credentials ([ordered]@{
            base = 'AKIDBASEPROFILE00001', 'base/Secret+Key/0123456789abcdefghij'
            default = 'AKIDREFUSEDDEFAULT01', 'default/secret/not-for-this-pipeline'
        })
    $script:config = Join-Path $awsUserHome '.aws/config'
    $tokenFile = Join-Path $TestDrive 'web-identity-token'
    'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bG9va291dCJ9.c2lnbmF0dXJl' | Set-Content $tokenFile -NoNewline
    $script:processScript = Join-Path $TestDrive 'credential-process.py'
    Set-Content $processScript @'
import json, sys
if len(sys.argv) > 1 and sys.argv[1] == "fail":
    sys.stderr.write("vault: permission denied for role lookout\n"); sys.exit(3)
print(json.dumps({"Version": 1, "AccessKeyId": "ASIAPROCESS000000001", "SecretAccessKey": "process/secret", "SessionToken": "process-token", "Expiration": "2099-01-01T00:00:00Z"}))
'@
    Set-Content $config @"
[default]
region = us-east-1

[profile lookout-role]
role_arn = arn:aws:iam::123456789012:role/lookout-reader
source_profile = base
external_id = lookout-ext-42
duration_seconds = 1800
region = eu-west-1

[profile lookout-mfa]
role_arn = arn:aws:iam::123456789012:role/lookout-admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/admin-phone
region = eu-west-1

[profile orphan]
role_arn = arn:aws:iam::123456789012:role/lookout-reader
source_profile = no-such-base

[profile web]
role_arn = arn:aws:iam::123456789012:role/ci-runner
web_identity_token_file = $tokenFile
region = us-east-1

[profile proc]
credential_process = python3 $processScript
region = us-east-1

[profile proc-fails]
credential_process = python3 $processScript fail

[profile lookout-sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = LookoutReader
region = eu-west-1

[profile legacy-sso]
sso_start_url = https://corp-legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = LookoutReader
region = eu-west-1

[profile container-role]
role_arn = arn:aws:iam::123456789012:role/lookout-reader
credential_source = EcsContainer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
"@
    # The token cache as 'aws sso login' writes it: ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json
    function script:Write-SsoToken([string] $Key, [datetime] $ExpiresAt, [string] $StartUrl) {
        $sha1 = [Security.Cryptography.SHA1]::Create()
        $name = -join ($sha1.ComputeHash([Text.Encoding]::UTF8.GetBytes($Key)) | ForEach-Object { $_.ToString('x2') })
        [ordered]@{ startUrl = $StartUrl; region = 'us-east-1'; accessToken = $ssoToken; expiresAt = $ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
            clientId = 'client-id-from-register-client'; clientSecret = 'client-secret'; registrationExpiresAt = '2099-01-01T00:00:00Z'; refreshToken = 'refresh-token' } |
            ConvertTo-Json | Set-Content (Join-Path $awsUserHome ".aws/sso/cache/$name.json")
    }
    Write-SsoToken 'corp' ([datetime]::UtcNow.AddHours(8)) 'https://corp.awsapps.com/start'
    Write-SsoToken 'https://corp-legacy.awsapps.com/start' ([datetime]::UtcNow.AddHours(8)) 'https://corp-legacy.awsapps.com/start'

    $script:uri = 's3://lookoutmetrics-samples/circuitboard/EvaluationManifest-circuitboard-1.json'

    # Runs one command in a fresh 'pwsh -NoProfile -NonInteractive' with these variables and the home above; returns
    # 'OK <images>' or 'ERR <ErrorId> | <message>', and the identities that reached S3.
    function script:Probe([string] $Arguments, [hashtable] $Variables = @{}, [string] $Command, [hashtable[]] $S3Faults, [string] $Module = $env:LOOKOUTMETRICS_MODULE) {
        Reset-S3Proxy $proxy.Endpoint
        if ($S3Faults) { Add-S3Fault $proxy.Endpoint $S3Faults }
        $all = @{ HOME = $awsUserHome; AWS_SHARED_CREDENTIALS_FILE = $credentials; AWS_CONFIG_FILE = $config; AWS_ENDPOINT_URL_STS = $stsProxy.Endpoint; AWS_ENDPOINT_URL_SSO = $peer.Endpoint }
        foreach ($k in $Variables.Keys) { $all[$k] = $Variables[$k] }
        $saved = @{}
        foreach ($k in $all.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $all[$k]) }
        try {
            if (-not $Command) { $Command = "`$n = @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($proxy.Endpoint)' $Arguments -ErrorAction Stop).Count; 'OK ' + `$n" }
            $out = Invoke-FreshPwsh "Import-Module '$Module'; try { $Command } catch { 'ERR ' + `$_.FullyQualifiedErrorId.Split(',')[0] + ' | ' + `$_.Exception.Message }"
        }
        finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
        $requests = @(Get-S3ProxyRequest $proxy.Endpoint)
        [pscustomobject]@{ Output = ($out -join "`n"); Keys = @($requests.accessKey | Sort-Object -Unique); SessionToken = @($requests.sessionToken | Sort-Object -Unique) }
    }
}

AfterAll { Stop-Peer $proxy; Stop-Peer $stsProxy; Stop-Peer $s3; Stop-Peer $peer }

Describe 'Assumed roles' {
    BeforeEach { Reset-S3Proxy $stsProxy.Endpoint }

    It 'assumes role_arn with source_profile through STS, and signs S3 with the role''s session, not the source keys' {
        $r = Probe '-ProfileName lookout-role'
        $r.Output | Should -Be 'OK 40'
        $r.Keys.Count | Should -Be 1
        $r.Keys[0] | Should -Match '^ASIA'
        $r.SessionToken | Should -Be $true
        $sts = @(Get-S3ProxyRequest $stsProxy.Endpoint | Where-Object method -EQ 'POST')
        $sts.Count | Should -Be 1
        $sts[0].accessKey | Should -Be 'AKIDBASEPROFILE00001'
        # The role's STS call is made in the profile's region (eu-west-1), not in [default]'s (us-east-1), with the
        # profile's external_id and duration_seconds.
        $sts[0].region | Should -Be 'eu-west-1'
        $sts[0].form.Action | Should -Be 'AssumeRole'
        $sts[0].form.RoleArn | Should -Be 'arn:aws:iam::123456789012:role/lookout-reader'
        $sts[0].form.ExternalId | Should -Be 'lookout-ext-42'
        $sts[0].form.DurationSeconds | Should -Be '1800'
    }

    It 'makes the role''s STS call in -Region when it is given' {
        $r = Probe '-ProfileName lookout-role -Region us-west-2'
        $r.Output | Should -Be 'OK 40'
        (Get-S3ProxyRequest $stsProxy.Endpoint | Where-Object method -EQ 'POST').region | Should -Be 'us-west-2'
    }

    It 'assumes the role once per process, not once per cmdlet' {
        $command = "1..3 | ForEach-Object { `$null = Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($proxy.Endpoint)' -ProfileName lookout-role -ErrorAction Stop }; 'OK'"
        $r = Probe -Command $command
        $r.Output | Should -Be 'OK'
        @(Get-S3ProxyRequest $stsProxy.Endpoint | Where-Object method -EQ 'POST').Count | Should -Be 1
        $r.Keys.Count | Should -Be 1
    }

    It 'names the role and the source identity when STS refuses, and writes no secret' {
        $denied = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/lookout-reader</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>'
        Add-S3Fault $stsProxy.Endpoint @(@{ kind = 'error'; status = 403; code = 'AccessDenied'; body = $denied; count = 20 })
        $r = Probe '-ProfileName lookout-role'
        $r.Output | Should -Match '^ERR AssumeRoleDenied \| STS refused to let arn:aws:iam::123456789012:role/lookout-reader be assumed by access key AKID\*\*\*\*0001'
        $r.Output | Should -Not -Match 'base/Secret|AKIDBASEPROFILE00001'
        $r.Keys | Should -BeNullOrEmpty
    }

    It 'names a source_profile that does not exist, and the files it looked in' {
        $r = Probe '-ProfileName orphan'
        $r.Output | Should -Match "^ERR UnknownProfile \| .*'no-such-base'.*"
        $r.Keys | Should -BeNullOrEmpty
    }

    It 'asks for the MFA code, and under -NonInteractive says how to give it; -MfaCode gives it' {
        $r = Probe '-ProfileName lookout-mfa'
        $r.Output | Should -Match '^ERR MfaCodeRequired \| .*arn:aws:iam::123456789012:mfa/admin-phone.*-MfaCode'
        $r.Keys | Should -BeNullOrEmpty
        Reset-S3Proxy $stsProxy.Endpoint
        $ok = Probe '-ProfileName lookout-mfa -MfaCode 482913'
        $ok.Output | Should -Be 'OK 40'
        $ok.Keys[0] | Should -Match '^ASIA'
        $ok.Output | Should -Not -Match '482913'
        $form = (Get-S3ProxyRequest $stsProxy.Endpoint | Where-Object method -EQ 'POST').form
        $form.SerialNumber | Should -Be 'arn:aws:iam::123456789012:mfa/admin-phone'
        $form.TokenCode | Should -Be '(given)'
    }

    It 'assumes a role from the container''s credentials with credential_source = EcsContainer' {
        $r = Probe '-ProfileName container-role' @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$($peer.Endpoint)/container/credentials"; AWS_CONTAINER_AUTHORIZATION_TOKEN = 'Bearer container-authorization-token' }
        $r.Output | Should -Be 'OK 40'
        $r.Keys[0] | Should -Match '^ASIA'
        $r.Keys[0] | Should -Not -Be 'ASIACONTAINER00000001'
        (Get-S3ProxyRequest $stsProxy.Endpoint | Where-Object method -EQ 'POST').accessKey | Should -Be 'ASIACONTAINER00000001'
    }
}

Describe 'Web identity, SSO and credential_process' {
    It 'assumes the role of AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN (EKS, CI runners), and of a web identity profile' {
        $r = Probe '' @{ AWS_WEB_IDENTITY_TOKEN_FILE = (Join-Path $TestDrive 'web-identity-token'); AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/ci-runner'; AWS_REGION = 'us-east-1' }
        $r.Output | Should -Be 'OK 40'
        $r.Keys[0] | Should -Match '^ASIA'
        $p = Probe '-ProfileName web'
        $p.Output | Should -Be 'OK 40'
        $p.Keys[0] | Should -Match '^ASIA'
    }

    It 'uses the token aws sso login cached, for an sso_session profile and a legacy sso_start_url one' {
        foreach ($profile in 'lookout-sso', 'legacy-sso') {
            $r = Probe "-ProfileName $profile"
            $r.Output | Should -Be 'OK 40' -Because $profile
            $r.Keys | Should -Be 'ASIASSOPORTAL0000001'
            $r.SessionToken | Should -Be $true
        }
    }

    It 'says to sign in again when the cached SSO token has expired' {
        Write-SsoToken 'corp' ([datetime]::UtcNow.AddHours(-1)) 'https://corp.awsapps.com/start'
        try {
            $r = Probe '-ProfileName lookout-sso'
            $r.Output | Should -Match "^ERR SsoLoginRequired \| .*aws sso login --profile lookout-sso.*Invoke-AWSSSOLogin"
            $r.Output | Should -Not -Match ([regex]::Escape($ssoToken))
            $r.Keys | Should -BeNullOrEmpty
        }
        finally { Write-SsoToken 'corp' ([datetime]::UtcNow.AddHours(8)) 'https://corp.awsapps.com/start' }
    }

    It 'runs credential_process, and names it when it fails' {
        $r = Probe '-ProfileName proc'
        $r.Output | Should -Be 'OK 40'
        $r.Keys | Should -Be 'ASIAPROCESS000000001'
        $f = Probe '-ProfileName proc-fails'
        $f.Output | Should -Match '^ERR CredentialsUnavailable \| '
        $f.Keys | Should -BeNullOrEmpty
    }
}

Describe 'A broken install' {
    It 'says to reinstall when an assembly the credentials need is missing' {
        $copy = Join-Path $TestDrive 'broken/LookoutMetrics'
        $null = New-Item -ItemType Directory (Split-Path $copy)
        Copy-Item (Split-Path $env:LOOKOUTMETRICS_MODULE) $copy -Recurse
        Remove-Item (Join-Path $copy 'Dependencies/AWSSDK.SecurityToken.dll')
        $command = "'OK ' + @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($proxy.Endpoint)' -Region us-east-1 -ErrorAction Stop).Count"
        $r = Probe -Command $command -Module (Join-Path $copy 'LookoutMetrics.psd1') -Variables @{ AWS_WEB_IDENTITY_TOKEN_FILE = (Join-Path $TestDrive 'web-identity-token'); AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/ci-runner' }
        $r.Output | Should -Match '^ERR BrokenInstall \| .*reinstall LookoutMetrics'
        $r.Keys | Should -BeNullOrEmpty
    }
}

Describe 'Container and instance roles' {
    BeforeAll {
        # A container's user: no ~/.aws of its own.
        $script:bare = @{ HOME = (New-Item -ItemType Directory (Join-Path $TestDrive 'bare-home')).FullName; AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'none'); AWS_CONFIG_FILE = (Join-Path $TestDrive 'none') }
    }
    It 'takes the container endpoint with its authorization token, or the token file' {
        $full = "$($peer.Endpoint)/container/credentials"
        $r = Probe '-Region us-east-1' ($bare + @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = $full; AWS_CONTAINER_AUTHORIZATION_TOKEN = 'Bearer container-authorization-token' })
        $r.Output | Should -Be 'OK 40'
        $r.Keys | Should -Be 'ASIACONTAINER00000001'
        $tokenFile = Join-Path $TestDrive 'container-token'
        'Bearer container-authorization-token' | Set-Content $tokenFile -NoNewline
        $t = Probe '-Region us-east-1' ($bare + @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = $full; AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = $tokenFile })
        $t.Output | Should -Be 'OK 40'
        $t.Keys | Should -Be 'ASIACONTAINER00000001'
    }

    It 'takes the instance profile through IMDSv2' {
        $r = Probe '-Region us-east-1' ($bare + @{ AWS_EC2_METADATA_DISABLED = 'false'; AWS_EC2_METADATA_SERVICE_ENDPOINT = $peer.Endpoint })
        $r.Output | Should -Be 'OK 40'
        $r.Keys | Should -Be 'ASIAINSTANCE00000001'
        $imds = @((Invoke-RestMethod "$($peer.Endpoint)/__peer/requests").requests | Where-Object endpoint -Like 'imds*')
        $imds[0].endpoint | Should -Be 'imds-token'
    }
}

Describe 'One identity per pipeline' {
    BeforeAll {
        $script:lfv = Start-LfvPeer -ReadableAccount
        # [lookout] holds the keys the Lookout for Vision peer accepts; [default] holds keys it refuses.
        $script:pipelineCredentials = Join-Path $TestDrive 'pipeline-credentials'
        New-AwsCredentialsFile $pipelineCredentials ([ordered]@{
                lookout = $PeerKey, $PeerSecret
                default = 'AKIDREFUSEDDEFAULT01', 'default/secret/not-for-this-pipeline'
            })
        $script:pipelineConfig = Join-Path $TestDrive 'pipeline-config'
        Set-Content $pipelineConfig "[default]`nregion = eu-west-1`n"
        $script:pipelineVariables = @{ AWS_SHARED_CREDENTIALS_FILE = $pipelineCredentials; AWS_CONFIG_FILE = $pipelineConfig }
    }
    AfterAll { Stop-Peer $lfv }

    It 'runs the README''s chain with the first cmdlet''s profile, region and endpoints, down to the manifests in S3' {
        $chain = "Find-LfvProject -ProfileName lookout -Region us-east-1 -EndpointUrl '$($lfv.Endpoint)' -S3EndpointUrl '$($proxy.Endpoint)' -Name circuitboard | " +
            "Get-LfvModelVersion | Get-LfvModelPerformance | Get-LfvEvaluationManifest -ErrorAction Stop"
        $r = Probe -Variables $pipelineVariables -Command "`$n = @($chain).Count; 'OK ' + `$n"
        $r.Output | Should -Be 'OK 80'
        $r.Keys | Should -Be $PeerKey
        # The peer checks every signature: a call signed with [default]'s keys would have been refused.
        $calls = @(Get-LfvPeerRequest $lfv.Endpoint)
        $calls.Count | Should -BeGreaterThan 2
        ($calls | Where-Object { $_.status -and $_.status -ge 400 }) | Should -BeNullOrEmpty
    }

    It 'replaces only the setting a later cmdlet is given, typed or from $PSDefaultParameterValues' {
        # The peer serves us-east-1 only: the later cmdlet's call in eu-west-1 fails, after saying where each setting came from.
        $command = "`$PSDefaultParameterValues['Get-LfvModelVersion:Region'] = 'eu-west-1'; " +
            "Find-LfvProject -ProfileName lookout -Region us-east-1 -EndpointUrl '$($lfv.Endpoint)' -Name circuitboard | Get-LfvModelVersion -Verbose -ErrorAction SilentlyContinue 4>&1 | " +
            "Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -like 'LookoutMetrics:*' } | ForEach-Object Message"
        $r = Probe -Variables $pipelineVariables -Command $command
        $r.Output | Should -Match "settings not given here taken from the objects piped in; credentials from profile 'lookout'"
        $r.Output | Should -Match 'region eu-west-1 from -Region'
        $r.Output | Should -Match ([regex]::Escape("Lookout for Vision endpoint $($lfv.Endpoint)"))
    }

    It 'never lends an identity to the user''s own variable: a later command that names the same project by it resolves its own' {
        $command = "`$p = 'circuitboard'; `$null = @(Get-LfvModelVersion -ProjectName `$p -ProfileName lookout -Region us-east-1 -EndpointUrl '$($lfv.Endpoint)' -ErrorAction Stop); " +
            "Get-LfvModelVersion -ProjectName `$p -Region us-east-1 -EndpointUrl '$($lfv.Endpoint)' -Verbose -ErrorAction SilentlyContinue 4>&1 | " +
            "Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -like 'LookoutMetrics:*' } | ForEach-Object Message"
        $r = Probe -Variables $pipelineVariables -Command $command
        $r.Output | Should -Match "credentials from the 'default' profile"
        $r.Output | Should -Not -Match 'taken from the objects piped in'
    }

    It 'keeps the identity in memory only: none of it is in the objects'' properties or their exports' {
        $command = "`$p = Find-LfvProject -ProfileName lookout -Region us-east-1 -EndpointUrl '$($lfv.Endpoint)' -Name circuitboard; " +
            "`$f = Join-Path '$TestDrive' 'project.xml'; `$p | Export-Clixml `$f; (Get-Content `$f -Raw) + (`$p | ConvertTo-Json) + (`$p | ConvertTo-Csv | Out-String)"
        $r = Probe -Variables $pipelineVariables -Command $command
        $r.Output | Should -Match 'circuitboard'
        $r.Output | Should -Not -Match "lookout'|$PeerKey|$([regex]::Escape($PeerSecret))|ProfileName|127\.0\.0\.1"
    }
}

Describe 'Tab completion of -ProfileName' {
    It 'offers the profiles of the credentials and config files, each once, and not the sso-session sections' {
        $saved = $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE
        $env:AWS_SHARED_CREDENTIALS_FILE = $credentials; $env:AWS_CONFIG_FILE = $config
        try {
            $all = (TabExpansion2 -inputScript 'Get-LfvModelVersion -ProfileName ' -cursorColumn 'Get-LfvModelVersion -ProfileName '.Length).CompletionMatches.ListItemText
            $all | Should -Contain 'base'          # credentials file
            $all | Should -Contain 'lookout-sso'   # config file, [profile lookout-sso]
            $all | Should -Contain 'default'
            $all | Should -Not -Contain 'corp'     # [sso-session corp]
            @($all | Where-Object { $_ -eq 'default' }).Count | Should -Be 1
            $some = (TabExpansion2 -inputScript 'Get-LfvModelVersion -ProfileName lookout-' -cursorColumn 'Get-LfvModelVersion -ProfileName lookout-'.Length).CompletionMatches.CompletionText
            $some | Should -Be 'lookout-role', 'lookout-mfa', 'lookout-sso'
        }
        finally { $env:AWS_SHARED_CREDENTIALS_FILE, $env:AWS_CONFIG_FILE = $saved }
    }
}

Describe 'S3 as it is' {
    BeforeAll {
        # A bucket that lives in another region than -Region, and keys as people name them.
        $script:odd = Join-Path $TestDrive 'odd-keys'
        $null = New-Item -ItemType Directory (Join-Path $odd 'reports 2021')
        $script:oddKey = 'reports 2021/EvaluationManifest-circuitboard-1 v+1%20#é.json'
        Copy-Item (Join-Path $env:LOOKOUTMETRICS_REPO 'samples/circuitboard/EvaluationManifest-circuitboard-1.json') (Join-Path $odd $oddKey)
        Send-S3Folder -Endpoint $s3.Endpoint -Folder $odd -Bucket 'lookoutmetrics-eu'
        $script:keys = "-AccessKey AKIDPLAINKEYS0000001 -SecretKey plain/secret -Region us-east-1"
    }

    It 'follows a bucket of another region once, says so once, and signs for that region from then on' {
        $u = "s3://lookoutmetrics-eu/$oddKey"
        $command = "1..2 | ForEach-Object { `$n = @(Get-LfvEvaluationManifest -LiteralPath '$u' -S3EndpointUrl '$($proxy.Endpoint)' $keys -Verbose -ErrorAction Stop 4>&1); " +
            "`$n | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -like 'Bucket*' } | ForEach-Object Message; 'IMAGES ' + @(`$n | Where-Object { `$_ -is [LookoutMetrics.EvaluationImage] }).Count }"
        $r = Probe -Command $command -S3Faults @(@{ kind = 'redirect'; region = 'eu-west-1'; path = '/lookoutmetrics-eu/'; count = 1 })
        $lines = $r.Output -split "`n"
        $lines | Should -Be @("Bucket 'lookoutmetrics-eu' is in eu-west-1, not us-east-1: following it there (remembered for this session).", 'IMAGES 40', 'IMAGES 40')
        $requests = @(Get-S3ProxyRequest $proxy.Endpoint | Where-Object { $_.path -like '/lookoutmetrics-eu/*' })
        $requests.Count | Should -Be 3
        $requests[0].fault | Should -Be 'redirect'
        $requests[0].region | Should -Be 'us-east-1'
        $requests[1].region | Should -Be 'eu-west-1'
        $requests[2].region | Should -Be 'eu-west-1'
    }

    It 'reads keys with spaces, +, %, # and non-ASCII characters exactly' {
        $r = Probe -Command "'OK ' + @(Get-LfvEvaluationManifest -Uri 's3://lookoutmetrics-eu/$oddKey' -S3EndpointUrl '$($proxy.Endpoint)' $keys -ErrorAction Stop).Count"
        $r.Output | Should -Be 'OK 40'
        # The near misses are other objects, and are not there.
        $miss = Probe -Command "'OK ' + @(Get-LfvEvaluationManifest -Uri 's3://lookoutmetrics-eu/reports 2021/EvaluationManifest-circuitboard-1 v 1 #é.json' -S3EndpointUrl '$($proxy.Endpoint)' $keys -ErrorAction Stop).Count"
        $miss.Output | Should -Match '^ERR S3ObjectNotFound'
    }

    It 'passes an access point ARN to S3, and says clearly that a custom endpoint cannot address one' {
        $r = Probe -Command "'OK ' + @(Get-LfvEvaluationManifest -Uri 's3://arn:aws:s3:us-east-1:123456789012:accesspoint/lookout-ap/circuitboard/EvaluationManifest-circuitboard-1.json' -S3EndpointUrl '$($proxy.Endpoint)' $keys -ErrorAction Stop).Count"
        $r.Output | Should -Match "^ERR .*\| .*The access point 'arn:aws:s3:us-east-1:123456789012:accesspoint/lookout-ap' cannot be addressed through the custom S3 endpoint.*alias"
        $r.Keys | Should -BeNullOrEmpty
    }

    It 'asks a requester-pays bucket with x-amz-request-payer under -RequesterPays' {
        $r = Probe -Command "'OK ' + @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($proxy.Endpoint)' $keys -RequesterPays -ErrorAction Stop).Count"
        $r.Output | Should -Be 'OK 40'
        (Get-S3ProxyRequest $proxy.Endpoint).requestPayer | Sort-Object -Unique | Should -Be 'requester'
        $plain = Probe -Command "'OK ' + @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($proxy.Endpoint)' $keys -ErrorAction Stop).Count"
        (Get-S3ProxyRequest $proxy.Endpoint).requestPayer | Should -BeNullOrEmpty
    }

    It 'goes through the proxy of HTTP_PROXY, and around it for the hosts of NO_PROXY' {
        $direct = "'OK ' + @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($s3.Endpoint)' $keys -ErrorAction Stop).Count"
        $r = Probe -Command $direct -Variables @{ http_proxy = $proxy.Endpoint }
        $r.Output | Should -Be 'OK 40'
        $via = @(Get-S3ProxyRequest $proxy.Endpoint)
        $via.Count | Should -BeGreaterThan 0
        ($via.viaProxy | Sort-Object -Unique) | Should -Be $true
        $around = Probe -Command $direct -Variables @{ http_proxy = $proxy.Endpoint; no_proxy = '127.0.0.1' }
        $around.Output | Should -Be 'OK 40'
        @(Get-S3ProxyRequest $proxy.Endpoint).Count | Should -Be 0
    }

    It 'goes through the proxy Set-AWSProxy put in the session ($AWSProxy, read by its property names)' {
        $port = ([uri]$proxy.Endpoint).Port
        # The shape of AWS.Tools' Amazon.PowerShell.Common.ProxySettings, as Set-AWSProxy -Hostname 127.0.0.1 -Port n leaves it.
        $set = "`$AWSProxy = [pscustomobject]@{ Hostname = '127.0.0.1'; Port = $port; Credentials = `$null; BypassList = `$null; BypassOnLocal = `$null }; "
        $r = Probe -Command ($set + "'OK ' + @(Get-LfvEvaluationManifest -Uri '$uri' -S3EndpointUrl '$($s3.Endpoint)' $keys -ErrorAction Stop).Count")
        $r.Output | Should -Be 'OK 40'
        $via = @(Get-S3ProxyRequest $proxy.Endpoint)
        $via.Count | Should -BeGreaterThan 0
        ($via.viaProxy | Sort-Object -Unique) | Should -Be $true
    }
}
