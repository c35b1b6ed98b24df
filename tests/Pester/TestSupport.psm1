# Helpers shared by the Pester files.

# Runs a command in a fresh 'pwsh -NoProfile' (the same PowerShell as the tests) and returns its output lines;
# $LASTEXITCODE is the child's exit code.
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)][string] $Command)
    $exe = [Environment]::ProcessPath
    [string[]] $pre = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
    & $exe @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
    $global:LASTEXITCODE = $LASTEXITCODE
}

Export-ModuleMember -Function Invoke-FreshPwsh
