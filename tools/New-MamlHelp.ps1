#requires -Version 7.2
<#
.SYNOPSIS
    Writes the module's MAML help (en-US/LookoutMetrics.dll-Help.xml) from docs/cmdlets/*.md.

.DESCRIPTION
    platyPS is not available from the package registry this project uses, so this is a small generator in its
    spirit: the prose (synopsis, description, examples, parameter descriptions, inputs, outputs, notes, links) comes
    from one Markdown file per cmdlet, and the facts (syntax, types, mandatory, position, pipeline input, aliases,
    wildcards) come from the built cmdlets themselves, so they can never drift from the code.

    It fails, naming what is missing, when a cmdlet has no Markdown file, no synopsis or description, fewer than
    two examples, or a parameter without a description.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $DocsPath,
    [Parameter(Mandatory)][string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru -Force
$common = [Collections.Generic.HashSet[string]]::new([string[]]@(
        [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters),
    [StringComparer]::OrdinalIgnoreCase)

function Read-CmdletDoc {
    param([string] $Path)
    $doc = @{ Sections = @{}; Parameters = [ordered]@{}; Examples = [Collections.Generic.List[object]]::new(); Inputs = [ordered]@{}; Outputs = [ordered]@{} }
    $section = $null; $sub = $null; $buffer = [Text.StringBuilder]::new()
    $flush = {
        $text = $buffer.ToString().Trim()
        $null = $buffer.Clear()
        if (-not $section) { return }
        switch ($section) {
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub.TrimStart('-')] = $text } }
            'EXAMPLES' { if ($sub) { $doc.Examples.Add([pscustomobject]@{ Title = $sub; Body = $text }) } }
            'INPUTS' { if ($sub) { $doc.Inputs[$sub] = $text } }
            'OUTPUTS' { if ($sub) { $doc.Outputs[$sub] = $text } }
            default { if (-not $sub) { $doc.Sections[$section] = $text } }
        }
    }
    foreach ($line in (Get-Content -LiteralPath $Path)) {
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if ($line -match '^### (.+)$') { & $flush; $sub = $Matches[1].Trim(); continue }
        if ($line -match '^# ') { continue }
        $null = $buffer.AppendLine($line)
    }
    & $flush
    return $doc
}

# Paragraphs: blank-line separated. A fenced block stays one paragraph with its line breaks, and so do lists and tables; the
# lines of a prose paragraph are joined, so that Get-Help wraps it at the console's width instead of at the file's.
function Split-Paragraph {
    param([string] $Text)
    if (-not $Text) { return @() }
    $parts = [regex]::Split($Text, '(?ms)^```[a-zA-Z]*\r?\n(.*?)\r?\n```[ \t]*$')
    $paras = for ($i = 0; $i -lt $parts.Count; $i++) {
        if ($i % 2 -eq 1) { $parts[$i].TrimEnd(); continue }   # the inside of a fenced block, as it is
        foreach ($para in ($parts[$i] -split '\r?\n\s*\r?\n')) {
            $lines = @($para -split '\r?\n' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
            if (-not $lines) { continue }
            if (@($lines | Where-Object { $_ -match '^(- |\* |\| |\d+\. )' }).Count -gt 0) { $lines -join "`n" }
            else { $lines -join ' ' }
        }
    }
    return @($paras | Where-Object { $_ })
}

function Get-TypeName {
    param([type] $Type)
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    if ($Type.IsArray) { return (Get-TypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) { return Get-TypeName $Type.GetGenericArguments()[0] }
    return $Type.Name
}

function Get-PipelineText {
    param($Attribute)
    $kinds = @()
    if ($Attribute.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($Attribute.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($kinds) { return "True ($($kinds -join ', '))" } else { return 'False' }
}

$problems = [Collections.Generic.List[string]]::new()

# Parameters many cmdlets share (the AWS ones) are described once, in docs/cmdlets/_*.md.
$shared = @{}
foreach ($file in (Get-ChildItem -LiteralPath $DocsPath -Filter '_*.md')) {
    $doc = Read-CmdletDoc $file.FullName
    foreach ($name in $doc.Parameters.Keys) { $shared[$name] = $doc.Parameters[$name] }
}
$settings = [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutFile)
$w = [Xml.XmlWriter]::Create($OutFile, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paras {
    param([string] $Text)
    $w.WriteStartElement('maml', 'description', $maml)
    $paras = @(Split-Paragraph $Text)
    if (-not $paras) { $paras = @('') }
    foreach ($p in $paras) { $w.WriteElementString('maml', 'para', $maml, $p) }
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')

foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $docFile = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $docFile)) { $problems.Add("$($command.Name): no $docFile"); continue }
    $doc = Read-CmdletDoc $docFile
    foreach ($required in 'SYNOPSIS', 'DESCRIPTION') {
        if (-not $doc.Sections[$required]) { $problems.Add("$($command.Name): no ## $required") }
    }
    if ($doc.Examples.Count -lt 2) { $problems.Add("$($command.Name): $($doc.Examples.Count) example(s); at least two are needed") }

    $w.WriteStartElement('command', 'command', $cmd)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'command', $null, $cmd)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)

    $w.WriteStartElement('command', 'details', $cmd)
    $w.WriteElementString('command', 'name', $cmd, $command.Name)
    $w.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $w.WriteElementString('command', 'noun', $cmd, $command.Noun)
    Write-Paras $doc.Sections['SYNOPSIS']
    $w.WriteEndElement()
    Write-Paras $doc.Sections['DESCRIPTION']

    $params = @($command.Parameters.Values | Where-Object { -not $common.Contains($_.Name) })
    foreach ($p in $params) {
        if (-not $doc.Parameters.Contains($p.Name) -and $shared.ContainsKey($p.Name)) { $doc.Parameters[$p.Name] = $shared[$p.Name] }
    }
    foreach ($p in $params) {
        if (-not $doc.Parameters.Contains($p.Name) -or -not $doc.Parameters[$p.Name]) { $problems.Add("$($command.Name): parameter -$($p.Name) has no description") }
    }
    foreach ($name in $doc.Parameters.Keys) {
        if (-not ($params | Where-Object Name -EQ $name)) { $problems.Add("$($command.Name): the docs describe -$name, which the cmdlet does not have") }
    }

    $w.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $cmd)
        $w.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($sp in ($set.Parameters | Where-Object { -not $common.Contains($_.Name) } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } }, { -not $_.IsMandatory })) {
            $w.WriteStartElement('command', 'parameter', $cmd)
            $w.WriteAttributeString('required', $sp.IsMandatory.ToString().ToLowerInvariant())
            $w.WriteAttributeString('position', $(if ($sp.Position -ge 0) { "$($sp.Position)" } else { 'named' }))
            $w.WriteElementString('maml', 'name', $maml, $sp.Name)
            if ($sp.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                $w.WriteStartElement('command', 'parameterValue', $cmd)
                $w.WriteAttributeString('required', 'true')
                $w.WriteString((Get-TypeName $sp.ParameterType))
                $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $cmd)
    foreach ($p in ($params | Sort-Object Name)) {
        $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $mandatory = [bool]($attrs | Where-Object Mandatory)
        $positions = @($attrs | Where-Object { $_.Position -ge 0 } | ForEach-Object Position)
        $globbing = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
        $pipeline = (($attrs | ForEach-Object { Get-PipelineText $_ } | Sort-Object -Unique) | Where-Object { $_ -ne 'False' } | Select-Object -First 1) ?? 'False'
        $w.WriteStartElement('command', 'parameter', $cmd)
        $w.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
        $w.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', $pipeline)
        $w.WriteAttributeString('position', $(if ($positions.Count) { "$($positions[0])" } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
        $w.WriteElementString('maml', 'name', $maml, $p.Name)
        Write-Paras $doc.Parameters[$p.Name]
        $typeName = Get-TypeName $p.ParameterType
        $w.WriteStartElement('command', 'parameterValue', $cmd)
        $w.WriteAttributeString('required', ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]).ToString().ToLowerInvariant())
        $w.WriteString($typeName)
        $w.WriteEndElement()
        $w.WriteStartElement('dev', 'type', $dev)
        $w.WriteElementString('maml', 'name', $maml, $typeName)
        $w.WriteEndElement()
        $w.WriteElementString('dev', 'defaultValue', $dev, $(if ($p.ParameterType -eq [System.Management.Automation.SwitchParameter]) { 'False' } else { 'None' }))
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
        $w.WriteStartElement('command', $kind[0], $cmd)
        $entries = $doc[$kind[2]]
        foreach ($typeName in $entries.Keys) {
            $w.WriteStartElement('command', $kind[1], $cmd)
            $w.WriteStartElement('dev', 'type', $dev)
            $w.WriteElementString('maml', 'name', $maml, $typeName)
            $w.WriteEndElement()
            Write-Paras $entries[$typeName]
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }

    $w.WriteStartElement('maml', 'alertSet', $maml)
    $w.WriteStartElement('maml', 'alert', $maml)
    foreach ($para in (Split-Paragraph $doc.Sections['NOTES'])) { $w.WriteElementString('maml', 'para', $maml, $para) }
    $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $cmd)
    foreach ($example in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $cmd)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $code = if ($example.Body -match '(?s)```powershell\r?\n(.*?)\r?\n```') { $Matches[1] } else { '' }
        # What the example shows (its Output block, checked by tests/Pester/HelpExamples.Tests.ps1) leads the remarks.
        $shown = if ($example.Body -match '(?s)```Output\r?\n(.*?)\r?\n```') { $Matches[1] } else { $null }
        $remarks = ($example.Body -replace '(?s)```[A-Za-z]*\r?\n.*?\r?\n```', '').Trim()
        if (-not $code) { $problems.Add("$($command.Name): '$($example.Title)' has no code block") }
        $w.WriteElementString('dev', 'code', $dev, $code)
        $w.WriteStartElement('dev', 'remarks', $dev)
        if ($shown) { $w.WriteElementString('maml', 'para', $maml, $shown) }
        foreach ($para in (Split-Paragraph $remarks)) { $w.WriteElementString('maml', 'para', $maml, $para) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $cmd)
    foreach ($line in (($doc.Sections['RELATED LINKS'] ?? '') -split '\r?\n')) {
        if ($line -match '^\s*-\s*\[([^\]]+)\]\(([^)]*)\)') {
            $w.WriteStartElement('maml', 'navigationLink', $maml)
            $w.WriteElementString('maml', 'linkText', $maml, $Matches[1])
            $w.WriteElementString('maml', 'uri', $maml, $Matches[2])
            $w.WriteEndElement()
        }
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()

if ($problems.Count) {
    $problems | ForEach-Object { Write-Host "help: $_" -ForegroundColor Red }
    exit 1
}
Write-Host "Help for $($module.ExportedCmdlets.Count) cmdlet(s) written to $OutFile"
