# Credentials, region and endpoints as AWS.Tools.Common resolves them, through the peer (which only accepts the
# peer's keys, so a call that succeeds proves which credentials were used). Invoke-PesterTests.ps1 has already
# cleared every AWS_* variable and pointed the shared files at empty ones.
Describe 'Credentials, region and endpoints' {
    BeforeAll {
        Import-Module $env:LOOKOUTMETRICS_MODULE -Force
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:lfv = Start-LfvPeer
        $script:endpoint = $lfv.Endpoint
        $script:saved = @{}
        foreach ($name in 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }

        # A credentials file with a good profile, a wrong one and a default; a config file with regions.
        $script:credFile = Join-Path $TestDrive 'credentials'
        New-AwsCredentialsFile $credFile ([ordered]@{ peer = $PeerKey, $PeerSecret; wrong = $PeerKey, 'not-the-secret'; default = $PeerKey, $PeerSecret })
        $script:configFile = Join-Path $TestDrive 'config'
        Set-Content $configFile @"
[profile peer]
region = us-east-1

[profile wrong]
region = eu-west-1

[default]
region = us-east-1
"@
        # What a call through the peer says: 'ok', or the error id.
        function script:Probe {
            param([hashtable] $Parameters = @{})
            try {
                $p = Find-LfvProject -EndpointUrl $endpoint -Name circuitboard @Parameters -ErrorAction Stop
                if ($p.ProjectName -eq 'circuitboard') { 'ok' } else { 'nothing' }
            }
            catch { $_.FullyQualifiedErrorId.Split(',')[0] }
        }
        # The -Verbose line that says where each setting came from (-Verbose, which a scheduled script can use; -Debug
        # would prompt interactively and fail under -NonInteractive).
        function script:Sources {
            param([hashtable] $Parameters = @{})
            $lines = Find-LfvProject -EndpointUrl $endpoint -Name circuitboard @Parameters -Verbose -ErrorAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message | Where-Object { $_ -like 'LookoutMetrics: *' }
            $lines -join "`n"
        }
    }

    AfterAll {
        Stop-Peer $lfv
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }

    AfterEach {
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
            'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_LOOKOUTVISION') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Remove-Variable StoredAWSCredentials, StoredAWSRegion -Scope Global -ErrorAction SilentlyContinue
    }

    Context 'credentials, in AWS.Tools order' {
        It 'takes -AccessKey and -SecretKey before a profile' {
            Probe @{ AccessKey = $PeerKey; SecretKey = $PeerSecret; ProfileName = 'wrong'; ProfileLocation = $credFile; Region = 'us-east-1' } | Should -Be 'ok'
        }

        It 'takes -ProfileName from -ProfileLocation' {
            Probe @{ ProfileName = 'peer'; ProfileLocation = $credFile; Region = 'us-east-1' } | Should -Be 'ok'
            Probe @{ ProfileName = 'wrong'; ProfileLocation = $credFile; Region = 'us-east-1' } | Should -Be 'AuthenticationFailed'
        }

        It 'takes -ProfileName before -Credential' {
            $good = [pscredential]::new($PeerKey, (ConvertTo-SecureString $PeerSecret -AsPlainText -Force))
            Probe @{ Credential = $good; Region = 'us-east-1' } | Should -Be 'ok'
            Probe @{ Credential = $good; ProfileName = 'wrong'; ProfileLocation = $credFile; Region = 'us-east-1' } | Should -Be 'AuthenticationFailed'
        }

        It 'reads an AWS.Tools-style credential object by its shape' {
            # AWS.Tools' AWSPSCredentials keeps an AWSCredentials in a non-public property; any version must work.
            Add-Type -TypeDefinition @'
namespace FakeAwsTools {
    public class Immutable { public string AccessKey; public string SecretKey; public string Token;
        public Immutable(string a, string s) { AccessKey = a; SecretKey = s; } 
        public string AccessKeyProp { get { return AccessKey; } } }
    public class FakeCredentials {
        private readonly string _a, _s;
        public FakeCredentials(string a, string s) { _a = a; _s = s; }
        public Keys GetCredentials() { return new Keys { AccessKey = _a, SecretKey = _s }; } }
    public class Keys { public string AccessKey { get; set; } public string SecretKey { get; set; } public string Token { get; set; } }
    public class AWSPSCredentials {
        internal FakeCredentials Credentials { get; private set; }
        public AWSPSCredentials(string a, string s) { Credentials = new FakeCredentials(a, s); }
        public override string ToString() { return "fake"; } }
}
'@ -ErrorAction SilentlyContinue
            $global:StoredAWSCredentials = [FakeAwsTools.AWSPSCredentials]::new($PeerKey, $PeerSecret)
            Probe @{ Region = 'us-east-1' } | Should -Be 'ok'
            (Sources @{ Region = 'us-east-1' }) | Should -Match 'credentials from the \$StoredAWSCredentials object'
            $global:StoredAWSCredentials = [FakeAwsTools.AWSPSCredentials]::new($PeerKey, 'wrong')
            Probe @{ Region = 'us-east-1' } | Should -Be 'AuthenticationFailed'
        }

        It 'takes -Credential before $StoredAWSCredentials' {
            $global:StoredAWSCredentials = 'wrong'
            $env:AWS_SHARED_CREDENTIALS_FILE = $credFile
            $good = [pscredential]::new($PeerKey, (ConvertTo-SecureString $PeerSecret -AsPlainText -Force))
            Probe @{ Credential = $good; Region = 'us-east-1' } | Should -Be 'ok'
            Probe @{ Region = 'us-east-1' } | Should -Be 'AuthenticationFailed'
        }

        It 'reads a profile name in $StoredAWSCredentials, before the environment' {
            $env:AWS_SHARED_CREDENTIALS_FILE = $credFile
            $env:AWS_ACCESS_KEY_ID = $PeerKey; $env:AWS_SECRET_ACCESS_KEY = 'wrong'
            $global:StoredAWSCredentials = 'peer'
            Probe @{ Region = 'us-east-1' } | Should -Be 'ok'
            (Sources @{ Region = 'us-east-1' }) | Should -Match "profile 'peer' named by \`$StoredAWSCredentials"
        }

        It 'takes the environment keys before AWS_PROFILE' {
            $env:AWS_SHARED_CREDENTIALS_FILE = $credFile
            $env:AWS_PROFILE = 'wrong'
            $env:AWS_ACCESS_KEY_ID = $PeerKey; $env:AWS_SECRET_ACCESS_KEY = $PeerSecret
            Probe @{ Region = 'us-east-1' } | Should -Be 'ok'
            Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY
            Probe @{ Region = 'us-east-1' } | Should -Be 'AuthenticationFailed'
        }

        It 'takes AWS_PROFILE before the default profile, and the default profile last' {
            $env:AWS_SHARED_CREDENTIALS_FILE = $credFile
            $env:AWS_CONFIG_FILE = $configFile
            $env:AWS_PROFILE = 'peer'
            (Sources) | Should -Match "credentials from profile 'peer' named by AWS_PROFILE"
            Remove-Item Env:AWS_PROFILE
            Probe | Should -Be 'ok'
            (Sources) | Should -Match "credentials from the 'default' profile"
        }
    }

    Context 'region, in AWS.Tools order' {
        It 'takes -Region, then $StoredAWSRegion, then AWS_REGION, then the profile' {
            $env:AWS_SHARED_CREDENTIALS_FILE = $credFile
            $env:AWS_CONFIG_FILE = $configFile
            $env:AWS_REGION = 'ap-southeast-2'
            $global:StoredAWSRegion = 'eu-central-1'
            $keys = @{ ProfileName = 'wrong' }
            (Sources ($keys + @{ Region = 'sa-east-1' })) | Should -Match 'region sa-east-1 from -Region'
            (Sources $keys) | Should -Match 'region eu-central-1 from \$StoredAWSRegion'
            Remove-Variable StoredAWSRegion -Scope Global
            (Sources $keys) | Should -Match 'region ap-southeast-2 from the AWS_REGION variable'
            Remove-Item Env:AWS_REGION
            (Sources $keys) | Should -Match "region eu-west-1 from profile 'wrong'"
        }

        It 'signs for the region it resolved' {
            # The peer serves us-east-1 only: a call signed for another region is refused by its signature check.
            Probe @{ AccessKey = $PeerKey; SecretKey = $PeerSecret; Region = 'eu-west-1' } | Should -Be 'AuthenticationFailed'
        }
    }

    Context 'endpoints' {
        It 'uses AWS_ENDPOINT_URL_LOOKOUTVISION when -EndpointUrl is not given' {
            $env:AWS_ENDPOINT_URL_LOOKOUTVISION = $endpoint
            (Find-LfvProject -AccessKey $PeerKey -SecretKey $PeerSecret -Region us-east-1 -Name cookies).ProjectName | Should -Be 'cookies'
        }

        It 'uses AWS_ENDPOINT_URL for every service' {
            $env:AWS_ENDPOINT_URL = $endpoint
            (Find-LfvProject -AccessKey $PeerKey -SecretKey $PeerSecret -Region us-east-1 -Name cookies).ProjectName | Should -Be 'cookies'
        }
    }

    Context 'what nothing can proceed without is terminating' {
        It 'says how to give credentials when there are none' {
            $err = $null
            try { Find-LfvProject -EndpointUrl $endpoint -Region us-east-1; $reached = $true } catch { $err = $_ }
            $reached | Should -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'NoCredentials,*'
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err.Exception.Message | Should -Match '-ProfileName'
        }

        It 'says how to give a region when there is none' {
            $err = $null
            try { Find-LfvProject -AccessKey $PeerKey -SecretKey $PeerSecret } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'NoRegion,*'
            $err.Exception.Message | Should -Match '-Region'
        }

        It 'never falls back from an unknown profile' {
            $env:AWS_ACCESS_KEY_ID = $PeerKey; $env:AWS_SECRET_ACCESS_KEY = $PeerSecret
            $err = $null
            try { Find-LfvProject -EndpointUrl $endpoint -Region us-east-1 -ProfileName nosuchprofile -ProfileLocation $credFile } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'UnknownProfile,*'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match "profile 'nosuchprofile'"
        }

        It 'stops the whole pipeline, not just one item, whatever -ErrorAction says' {
            $seen = [Collections.Generic.List[object]]::new()
            $err = $null
            try { 'circuitboard', 'cookies' | Get-LfvModelVersion -EndpointUrl $endpoint -Region us-east-1 -ErrorAction SilentlyContinue | ForEach-Object { $seen.Add($_) } }
            catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'NoCredentials,*'
            $seen.Count | Should -Be 0
        }
    }

    Context 'secrets' {
        It 'never writes the secret key or session token to any stream, error or exception' {
            $secret = 'Sup3rSecretValue/ThatMustNeverLeak+1234'
            $token = 'TokenValueThatMustNeverLeak=='
            $DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $ErrorActionPreference = 'Continue'
            $all = & {
                Find-LfvProject -EndpointUrl $endpoint -Region us-east-1 -AccessKey $PeerKey -SecretKey $secret -SessionToken $token
                Find-LfvProject -EndpointUrl $endpoint -Region us-east-1 -AccessKey $PeerKey -SecretKey $PeerSecret -Name cookies
                Get-LfvModelPerformance -EndpointUrl $endpoint -Region us-east-1 -AccessKey $PeerKey -SecretKey $secret -SessionToken $token -ProjectName x
                try { Find-LfvProject -EndpointUrl $endpoint -Region us-east-1 -AccessKey $PeerKey } catch { $_ }
            } *>&1 5>&1 4>&1
            $all.Count | Should -BeGreaterThan 3
            $text = $all | Get-StreamText
            $text | Should -Match 'AuthenticationFailed|InvalidSignature|UnrecognizedClient'
            $text | Should -Match ([regex]::Escape('AKID****PEER'))
            $text | Should -Not -Match ([regex]::Escape($secret))
            $text | Should -Not -Match ([regex]::Escape($token))
            $text | Should -Not -Match ([regex]::Escape($PeerSecret))
        }
    }
}
