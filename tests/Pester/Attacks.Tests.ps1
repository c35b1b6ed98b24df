# The attack suite (issue 28, point 8): inputs an attacker would write, generated here, each run in a job of its own that must
# end within a bound (a wait nothing ends is a failure, not a hang of the suite). Each test says what the good data around the
# attack must still give. The attacks withstood before stay here or beside their cmdlet as regression tests: special files and
# the terminal (Security.Tests.ps1), secrets under -Verbose and -Debug (Security.Tests.ps1), a 65000 x 65000 picture and report
# injection (Report.Tests.ps1).

BeforeAll {
    Import-Module $env:LOOKOUTMETRICS_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:samples = Join-Path $env:LOOKOUTMETRICS_REPO 'samples'
    $script:python = '/usr/bin/python3'

    # A local copy of the cookies bucket (as 'aws s3 sync' makes it): the masks' root.
    $script:copy = Join-Path $TestDrive 'copy'
    $null = New-Item -ItemType Directory (Join-Path $copy 'cookies')
    Copy-Item (Join-Path $samples 'cookies/masks') (Join-Path $copy 'cookies/masks') -Recurse
    # A private folder beside it that no root given here holds: what an attacker would want read.
    $script:private = Join-Path $TestDrive 'private'
    $null = New-Item -ItemType Directory $private
    Copy-Item (Join-Path $samples 'cookies/masks/predicted/cookie_009.png') (Join-Path $private 'secret.png')
    'PRIVATE-TOKEN-0123456789' | Set-Content (Join-Path $private 'secret.txt')

    # Runs a script block in a job of its own with the module, bounded: the job must end within the bound.
    function script:Invoke-Bounded([scriptblock] $Script, [object[]] $Arguments, [int] $Seconds = 180) {
        $job = Start-Job -ScriptBlock {
            param($module, $body, $arguments)
            Import-Module $module
            & ([scriptblock]::Create($body)) @arguments
        } -ArgumentList $env:LOOKOUTMETRICS_MODULE, $Script.ToString(), $Arguments
        $finished = Wait-Job $job -Timeout $Seconds
        $state = $job.State
        $result = if ($finished) { Receive-Job $job } else { $null }
        Remove-Job $job -Force
        $finished | Should -Not -BeNullOrEmpty -Because "the attack must not hold the cmdlet past $Seconds s (the job was $state)"
        $result
    }

    # The cookies manifest with some lines changed: $Change maps a line number (1-based) to a script block given the line's object.
    function script:New-Manifest([string] $Path, [hashtable] $Change) {
        $lines = Get-Content (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')
        $out = for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($Change.ContainsKey($i + 1)) {
                $o = $lines[$i] | ConvertFrom-Json
                & $Change[$i + 1] $o
                $o | ConvertTo-Json -Compress -Depth 20
            }
            else { $lines[$i] }
        }
        $null = New-Item -ItemType Directory -Force (Split-Path $Path)
        [IO.File]::WriteAllLines($Path, [string[]] $out)
    }
}

Describe 'Roots are walls (issue 28, point 1)' {
    It 'keeps every other image when mask references lead out of the roots, each one error that says nothing of what lies outside' {
        $manifest = Join-Path $TestDrive 'walls/EvaluationManifest-cookies-1.json'
        # A link under -MaskRoot to the private mask, in place of cookie_004's predicted mask.
        $link = Join-Path $copy 'cookies/masks/predicted/cookie_004.png'
        Remove-Item $link
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $private 'secret.png')
        New-Manifest $manifest @{
            1 = { param($o) $o.'anomaly-mask-ref' = '/etc/passwd' }
            2 = { param($o) $o.'anomaly-mask-ref-detected' = 'file:///proc/self/environ' }
            3 = { param($o) $o.'anomaly-mask-ref' = (Join-Path $private 'secret.png') }
        }
        $result = Invoke-Bounded {
            param($manifest, $root)
            $rows = @(Measure-LfvSegmentation -Path $manifest -MaskRoot $root -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            [pscustomobject]@{ Measured = $rows[0].ImagesMeasured; Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }) }
        } $manifest, $copy
        $result.Measured | Should -Be 20
        $result.Errors.Count | Should -Be 4
        @($result.Errors | Where-Object { $_ -like 'ReferenceOutsideRoots,*' }).Count | Should -Be 4
        ($result.Errors -join "`n") | Should -Match "reference '/etc/passwd' lies outside the folders this command reads"
        ($result.Errors -join "`n") | Should -Match "reference 'file:///proc/self/environ' lies outside"
        ($result.Errors -join "`n") | Should -Match 'give -MaskRoot <folder> with the folder that holds it'
        # Nothing of what lies outside: no content, no 'does not exist', no 'denied', not where the link leads.
        ($result.Errors -join "`n") | Should -Not -Match 'root:|PRIVATE-TOKEN|exist|denied|secret\.png.*secret\.png|device'
        ($result.Errors | Where-Object { $_ -match 'cookie_004' }) | Should -Not -Match ([regex]::Escape($private))
    }

    It 'reads a successor''s masks beside its prediction file only: ''..'', an absolute path and a link out are refused' {
        $csvDir = Join-Path $TestDrive 'anomalib'
        $null = New-Item -ItemType Directory (Join-Path $csvDir 'masks')
        $images = Get-LfvEvaluationManifest (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')
        $rows = foreach ($image in $images) {
            $mask = "masks/$($image.ImageName -replace '\.jpg$', '.png')"
            Copy-Item (Join-Path $samples "cookies/masks/predicted/$($image.ImageName -replace '\.jpg$', '.png')") (Join-Path $csvDir $mask)
            $mask = switch ($image.ImageName) {
                'cookie_001.jpg' { '../../../../../../../etc/passwd' }
                'cookie_002.jpg' { Join-Path $private 'secret.png' }
                default { $mask }
            }
            [pscustomobject]@{ image_path = "/data/test/$($image.ImageName)"; pred_score = 0.9; pred_label = 1; mask_path = $mask }
        }
        $link = Join-Path $csvDir 'masks/cookie_003.png'
        Remove-Item $link
        $null = New-Item -ItemType SymbolicLink -Path $link -Target (Join-Path $private 'secret.png')
        $rows | Export-Csv (Join-Path $csvDir 'predictions.csv') -NoTypeInformation -UseQuotes AsNeeded
        $result = Invoke-Bounded {
            param($csv, $truth, $root)
            $rows = @(Import-LfvPrediction -Path $csv -GroundTruth $truth -ModelName anomalib -WarningAction SilentlyContinue |
                Measure-LfvSegmentation -MaskRoot $root -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            [pscustomobject]@{ Measured = $rows[0].ImagesMeasured; Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }) }
        } (Join-Path $csvDir 'predictions.csv'), (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'), $copy
        $result.Measured | Should -Be 21
        @($result.Errors | Where-Object { $_ -like 'ReferenceOutsideRoots,*' }).Count | Should -Be 3
        $result.Errors.Count | Should -Be 3
        ($result.Errors -join "`n") | Should -Match "predicted mask reference '/etc/passwd' lies outside"
        ($result.Errors -join "`n") | Should -Not -Match 'root:|exist|denied'
    }

    It 'finds the model artifacts of a local copy but not through a link out of it, and says only the links it would have kept' {
        $bucket = Join-Path $TestDrive 'copy-with-links'
        $null = New-Item -ItemType Directory (Join-Path $bucket 'lookout/circuitboard/model-1'), (Join-Path $bucket 'lookout/cookies/model-1')
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationResult-circuitboard-1.json') (Join-Path $bucket 'lookout/circuitboard/model-1')
        Copy-Item (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json') (Join-Path $bucket 'lookout/circuitboard/model-1')
        # Another model's artifacts, outside the copy, linked into it; and a link out whose name is no model version's.
        $elsewhere = Join-Path $TestDrive 'other-bucket'
        $null = New-Item -ItemType Directory $elsewhere
        Copy-Item (Join-Path $samples 'cookies/EvaluationResult-cookies-1.json'), (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json') $elsewhere
        foreach ($name in 'EvaluationResult-cookies-1.json', 'EvaluationManifest-cookies-1.json') {
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $bucket "lookout/cookies/model-1/$name") -Target (Join-Path $elsewhere $name)
        }
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $bucket 'lookout/cookies/EvaluationResult-notes-draft.json') -Target (Join-Path $elsewhere 'EvaluationResult-cookies-1.json')
        $found = @(Find-LfvModelArtifact -Path $bucket -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $found.ProjectName | Should -Be @('circuitboard')
        $e.Count | Should -Be 2
        @($e | Where-Object FullyQualifiedErrorId -Like 'ReferenceOutsideRoots,*').Count | Should -Be 2
        ($e -join "`n") | Should -Match "model-1/EvaluationResult-cookies-1\.json' is a link that does not lead to a file inside the folder"
        ($e -join "`n") | Should -Not -Match 'other-bucket|notes-draft'
    }
}

Describe 'Caps, bombs and damaged files (issue 28, points 3 and 4)' {
    It 'keeps every good prediction under a 1 GB heap when the folder holds /dev/zero, a link out, a 200 MB .out and a link loop' {
        $folder = Join-Path $TestDrive 'hostile-outs'
        Copy-Item (Join-Path $samples 'cookies/successor/sagemaker-seg') $folder -Recurse
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'cookie_025.jpg.out') -Target '/dev/zero'
        # A link to another model's prediction outside the folder given: not read, whatever it holds.
        $elsewhere = Join-Path $TestDrive 'elsewhere'
        $null = New-Item -ItemType Directory $elsewhere
        Copy-Item (Join-Path $folder 'cookie_001.jpg.out') (Join-Path $elsewhere 'private.out')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'cookie_027.jpg.out') -Target (Join-Path $elsewhere 'private.out')
        # A link out that no prediction reader wants (a README) and a link to a folder cost nothing: neither is read nor said.
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'README.md') -Target (Join-Path $elsewhere 'private.out')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'images') -Target $elsewhere
        # A link that stays inside the folder is read as the file it leads to.
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'alias.jpg.out') -Target (Join-Path $folder 'cookie_001.jpg.out')
        $big = [IO.File]::Create((Join-Path $folder 'cookie_026.jpg.out')); $big.SetLength(200MB); $big.Dispose()
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'loop') -Target $folder
        $saved = $env:DOTNET_GCHeapHardLimit
        try {
            # The job's process starts with this environment: its managed heap may not pass 1 GiB.
            $env:DOTNET_GCHeapHardLimit = '0x40000000'
            $result = Invoke-Bounded {
                param($folder, $truth)
                $records = @(Import-LfvPrediction -Path $folder -GroundTruth $truth -ModelName seg -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
                [pscustomobject]@{
                    Records = $records.Count; Named = @($records.ImageName | Sort-Object -Unique).Count
                    Heap = [GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes
                    Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" })
                }
            } $folder, (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')
        }
        finally { $env:DOTNET_GCHeapHardLimit = $saved }
        $result.Heap | Should -BeLessOrEqual 1GB -Because 'the heap limit was in force'
        $result.Records | Should -Be 24
        $result.Named | Should -Be 24 -Because 'the loop is not followed into duplicate predictions'
        # The links out are each one error that names the link and says nothing of what it leads to.
        ($result.Errors -join "`n") | Should -Match "ReferenceOutsideRoots,.*\|'[^']*cookie_025\.jpg\.out' is a link that does not lead to a file inside the folder"
        ($result.Errors -join "`n") | Should -Match "ReferenceOutsideRoots,.*\|'[^']*cookie_027\.jpg\.out' is a link that does not lead to a file inside the folder"
        ($result.Errors -join "`n") | Should -Not -Match 'device|dev/zero|elsewhere|private'
        ($result.Errors -join "`n") | Should -Match "FileTooLarge,.*cookie_026\.jpg\.out' is 209,715,200 bytes; .* at most 67,108,864 bytes"
        $result.Errors.Count | Should -Be 3
    }

    It 'measures every other image when masks are a decompression bomb, a header claiming 65000 x 65000 pixels, a cut PNG or hold a 32 MB iTXt chunk' {
        $root = Join-Path $TestDrive 'bombs'
        $null = New-Item -ItemType Directory (Join-Path $root 'cookies')
        Copy-Item (Join-Path $samples 'cookies/masks') (Join-Path $root 'cookies/masks') -Recurse
        $predicted = Join-Path $root 'cookies/masks/predicted'
        $script = @'
import struct, sys, zlib
folder = sys.argv[1]
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(w, h, idat, extra=b''):
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + extra + chunk(b'IDAT', idat) + chunk(b'IEND', b'')
# A bomb: 8192 x 8192 (the cap) of zeros, 200 MB once inflated and a few hundred KB on disk.
rows = (b'\x00' + b'\x00' * (3 * 8192)) * 8192
open(folder + '/cookie_001.png', 'wb').write(png(8192, 8192, zlib.compress(rows, 9)))
open(folder + '/cookie_002.png', 'wb').write(png(65000, 65000, zlib.compress(b'\x00' * 64)))
whole = open(folder + '/cookie_003.png', 'rb').read()
open(folder + '/cookie_003.png', 'wb').write(whole[: len(whole) // 2])
original = open(folder + '/cookie_005.png', 'rb').read()
itxt = chunk(b'iTXt', b'Comment\x00\x00\x00\x00\x00' + b'a' * (32 << 20))
open(folder + '/cookie_005.png', 'wb').write(original[:33] + itxt + original[33:])
'@
        & $python -c $script $predicted
        $LASTEXITCODE | Should -Be 0
        $result = Invoke-Bounded {
            param($manifest, $root)
            $rows = @(Measure-LfvSegmentation -Path $manifest -MaskRoot $root -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            [pscustomobject]@{ Measured = $rows[0].ImagesMeasured; Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }) }
        } (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json'), $root
        # The bomb is within the pixel cap: it is decoded a band of rows at a time, never whole, and is one error since its size is
        # not the ground truth's; the 65000 x 65000 header and the cut file are one error each; the iTXt mask is measured as the mask
        # it carries.
        $result.Measured | Should -Be 21
        $result.Errors.Count | Should -Be 3
        ($result.Errors -join "`n") | Should -Match 'MaskSizeMismatch,.*cookie_001'
        ($result.Errors -join "`n") | Should -Match 'cookie_002\.png.*65000 x 65000'
        ($result.Errors -join "`n") | Should -Match 'InvalidMask,.*cookie_003\.png.*cut short'
    }

    It 'ends at Stop() within seconds while it decodes masks of the largest size allowed (issue 28, point 3)' {
        $root = Join-Path $TestDrive 'largest'
        $masks = Join-Path $root 'cookies/masks'
        $null = New-Item -ItemType Directory (Join-Path $masks 'ground-truth'), (Join-Path $masks 'predicted')
        # One white 8192 x 8192 mask (the pixel cap), copied for every ground truth and prediction: 48 decodes of 67 million pixels.
        $one = Join-Path $root 'one.png'
        & $python -c "import struct, zlib, sys`ndef chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)`nrows = (b'\x00' + b'\xff' * (3 * 8192)) * 8192`nopen(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8192, 8192, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(rows, 1)) + chunk(b'IEND', b''))" $one
        $LASTEXITCODE | Should -Be 0
        foreach ($i in 1..24) {
            $name = 'cookie_{0:D3}.png' -f $i
            Copy-Item $one (Join-Path $masks "ground-truth/$name")
            Copy-Item $one (Join-Path $masks "predicted/$name")
        }
        $ps = New-ModulePowerShell
        try {
            $null = $ps.AddCommand('Measure-LfvSegmentation').AddParameter('Path', (Join-Path $samples 'cookies/EvaluationManifest-cookies-1.json')).AddParameter('MaskRoot', $root)
            $running = $ps.BeginInvoke()
            Start-Sleep -Seconds 2
            $running.IsCompleted | Should -BeFalse -Because '48 decodes of the largest masks take longer than 2 s'
            $stopped = Stop-ModuleCommand $ps $running
            # A decode in flight stops within 64 rows (0.8 s alone here, against the 2.1 s it took to let the decodes in flight end):
            # the bound allows a loaded machine and stays far below the 11 s the run would otherwise take.
            $stopped.Seconds | Should -BeLessThan 5
            $stopped.State | Should -Be 'Stopped'
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
    }

    It 'passes over a 17 MiB manifest line and reads the lines after it; a key given twice is said' {
        $manifest = Join-Path $TestDrive 'long/EvaluationManifest-cookies-1.json'
        New-Manifest $manifest @{
            2 = { param($o) $o | Add-Member note ('x' * 17MB) }
        }
        $lines = [IO.File]::ReadAllLines($manifest)
        # Line 3 holds its prediction twice with two values; line 4 twice with one.
        $lines[2] = $lines[2] -replace '"anomaly-label-detected":(\d)', '"anomaly-label-detected":1,"anomaly-label-detected":0'
        $lines[3] = $lines[3] -replace '"anomaly-label-detected":(\d)', '"anomaly-label-detected":$1,"anomaly-label-detected":$1'
        [IO.File]::WriteAllLines($manifest, $lines)
        $result = Invoke-Bounded {
            param($manifest)
            $images = @(Get-LfvEvaluationManifest -Path $manifest -ErrorVariable e -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue)
            [pscustomobject]@{
                Images = $images.Count; Lines = @($images.LineNumber)
                Errors = @($e | ForEach-Object { "$($_.FullyQualifiedErrorId)|$($_.Exception.Message)" }); Warnings = @($w | ForEach-Object { "$_" })
            }
        } $manifest
        $result.Images | Should -Be 22
        $result.Lines | Should -Not -Contain 2
        $result.Lines | Should -Not -Contain 3
        $result.Lines | Should -Contain 4
        $result.Errors.Count | Should -Be 2
        $result.Errors[0] | Should -BeLike 'ManifestLineTooLong,*|Line 2 of *is longer than 16,777,216 bytes*'
        $result.Errors[0].Length | Should -BeLessThan 500
        $result.Errors[1] | Should -Match "^InvalidManifestLine,.*Line 3 of .* holds 'anomaly-label-detected' twice, as 1 and then 0"
        $result.Warnings.Count | Should -Be 1
        $result.Warnings[0] | Should -Match "Line 4 of .* holds 'anomaly-label-detected' twice, with the same value both times"
    }
}

Describe 'Every terminating error has an id (issue 28, point 6)' {
    It 'turns a failure no part of the module foresaw into an UnexpectedError that keeps what was written and says how to report it' {
        # A cmdlet on the module's own base class whose third item fails as a fault would: every cmdlet of the module runs its steps
        # through the same guard (LfvCmdlet seals PowerShell's three and the cmdlets override Begin, Process and End).
        $result = Invoke-Bounded {
            param($manifest)
            $dir = Split-Path (Get-Module LookoutMetrics).Path
            $core = (Get-ChildItem $dir -Recurse -Filter LookoutMetrics.Core.dll | Select-Object -First 1).FullName
            $type = @'
using System;
using System.Management.Automation;
[Cmdlet(VerbsDiagnostic.Test, "LfvGuard")]
public sealed class TestLfvGuardCommand : LookoutMetrics.Commands.LfvCmdlet
{
    [Parameter(ValueFromPipeline = true)] public int Item { get; set; }
    [Parameter] public SwitchParameter Foreseen { get; set; }
    protected override void Process()
    {
        if (Item == 3 && Foreseen) throw new LookoutMetrics.Sources.SourceException("PathNotFound",
            LookoutMetrics.Errors.ErrorKind.ObjectNotFound, "There is no '\u001b[2Jx.json'.", "x.json");
        if (Item == 3) throw new InvalidOperationException("Sequence contains no \u001b]0;owned\u0007elements");
        WriteObject(Item);
    }
}
'@
            $netstandard = Join-Path ([Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()) 'netstandard.dll'
            $refs = [LookoutMetrics.Commands.LfvCmdlet].Assembly.Location, $core, [psobject].Assembly.Location, $netstandard
            Add-Type -TypeDefinition $type -ReferencedAssemblies $refs -IgnoreWarnings -WarningAction SilentlyContinue -PassThru |
                Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }
            $written = [Collections.Generic.List[int]]::new()
            try { 1..5 | Test-LfvGuard | ForEach-Object { $written.Add($_) } } catch { $caught = $_ }
            # A failure of the module's own kind that escaped a cmdlet keeps its id, and its message is escaped too.
            $foreseen = try { 1..5 | Test-LfvGuard -Foreseen | Out-Null } catch { "$($_.FullyQualifiedErrorId)|$($_.CategoryInfo.Category)|$_" }
            # break and continue in a script block downstream are no RuntimeException: they leave the loop, as PowerShell's own ends do.
            $broken = try { @(foreach ($i in 1..2) { 1..5 | Test-LfvGuard | ForEach-Object { $_; break } }) -join ',' } catch { "$_" }
            $continued = try { @(foreach ($i in 1..2) { Get-LfvEvaluationManifest $manifest | ForEach-Object { $_.ImageName; continue } }) -join ',' } catch { "$_" }
            [pscustomobject]@{
                Written = @($written); Id = $caught.FullyQualifiedErrorId; Category = "$($caught.CategoryInfo.Category)"
                Inner = $caught.Exception.GetType().Name; Message = "$caught"
                # PowerShell's own ends pass as they are: Select-Object -First stops the pipeline with no error.
                First = @(1..5 | Test-LfvGuard | Select-Object -First 1)
                Foreseen = $foreseen; Broken = $broken; Continued = $continued
            }
        } (Join-Path $samples 'circuitboard/EvaluationManifest-circuitboard-1.json')
        $result.Written | Should -Be @(1, 2)
        $result.Id | Should -Be 'UnexpectedError,TestLfvGuardCommand'
        $result.Category | Should -Be 'NotSpecified'
        $result.Inner | Should -Be 'InvalidOperationException' -Because 'the exception stays inside the record'
        $result.Message | Should -BeLike "Test-LfvGuard stopped on a failure LookoutMetrics did not expect (InvalidOperationException: Sequence contains no *elements). What it wrote before this stands.*report it*"
        $result.Message | Should -Not -Match "[\x00-\x08\x1b\x07]" -Because 'the message is escaped as every other error'
        $result.First | Should -Be @(1)
        $result.Foreseen | Should -BeLike "PathNotFound,TestLfvGuardCommand|ObjectNotFound|There is no '*x.json'."
        $result.Foreseen | Should -Not -Match "\x1b"
        $result.Broken | Should -Be '1'
        $result.Continued | Should -Match '^[^,]+\.jpg,[^,]+\.jpg$' -Because 'continue leaves the pipeline and goes on with the loop, once an item'
        $result.Continued.Split(',')[0] | Should -Be $result.Continued.Split(',')[1]
    }
}
