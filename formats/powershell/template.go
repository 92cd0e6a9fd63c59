package powershell

// The fixed PowerShell of the scripts. None of it holds an input value: values reach these
// functions only through the $changes table of a forward script, or through the journal a
// rollback script reads with ConvertFrom-Json, and are compared with [string]::Equals and
// StartsWith rather than -like or -match, so that wildcard and regular-expression characters
// in a value mean nothing. Every string here is single-quoted; messages are built with -f,
// whose arguments are never parsed as format strings themselves.
//
// The param block sits on the same line as [CmdletBinding()]: it is the form every
// PowerShell parser and the tree-sitter grammars used to check the scripts agree on.

// paramLine declares the switches of a forward script; %s is its base name, a fixed name of
// ours. -JournalPath defaults to the empty string, meaning beside the log: the prologue derives it then.
const paramLine = `[CmdletBinding()] param([switch]$Apply, [string]$LogPath = (Join-Path $PSScriptRoot ('%s-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log')), [string]$JournalPath = '')
`

// prologue follows the param line of a forward script and opens the table of changes; %s is
// the script's file name, which every journal line carries so that a rollback script can
// refuse another script's journal.
const prologue = `
$ErrorActionPreference = 'Stop'
$scriptName = '%s'
if ($JournalPath -eq '') { $JournalPath = [System.IO.Path]::ChangeExtension($LogPath, '.journal.jsonl') }
$script:applied = 0
$script:planned = 0
$script:skipped = 0
$script:failed = 0
$script:halted = $false

# The changes, one entry each. Id finds the object, Old is the value the export captured and
# New the value to write ('' = unset). OldProxies and OldMail, where present, are all of the
# object's addresses as exported: the object must still hold exactly those. The values are
# data: functions below only read them.
$changes = @(
`

// epilogue closes the table.
const epilogue = `)

`

// rollbackParamLine declares the switches of a rollback script; %s is its base name.
const rollbackParamLine = `[CmdletBinding()] param([Parameter(Mandatory = $true)][string]$Journal, [switch]$Apply, [string]$LogPath = (Join-Path $PSScriptRoot ('%s-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log')))
`

// rollbackPrologue follows the param line of a rollback script; %s is the file name of the
// forward script whose journal it reads.
const rollbackPrologue = `
$ErrorActionPreference = 'Stop'
$forwardScript = '%s'
$script:applied = 0
$script:planned = 0
$script:skipped = 0
$script:failed = 0

`

// commonFunctions are shared by every script: messages, comparisons and the states of
// attributes that the journal records.
const commonFunctions = `function Write-Step([hashtable]$Change, [string]$Message) {
    Write-Host ('[{0}] {1} {2}: {3}' -f $Change.N, $Change.Action, $Change.Target, $Message)
}

function Test-Same([string]$A, [string]$B, [bool]$IgnoreCase) {
    if ($IgnoreCase) { return [string]::Equals($A, $B, [System.StringComparison]::OrdinalIgnoreCase) }
    return [string]::Equals($A, $B, [System.StringComparison]::Ordinal)
}

# Get-Proxy returns the stored address among $Addresses equal to $Address, or ''. Case is
# ignored except in the prefix SMTP:, which marks the primary address.
function Get-Proxy($Addresses, [string]$Address) {
    $primary = $Address.StartsWith('SMTP:', [System.StringComparison]::Ordinal)
    foreach ($p in @($Addresses)) {
        $s = [string]$p
        if ($s.StartsWith('SMTP:', [System.StringComparison]::Ordinal) -eq $primary -and [string]::Equals($s, $Address, [System.StringComparison]::OrdinalIgnoreCase)) { return $s }
    }
    return ''
}

# Get-AddressKeys returns a list of addresses sorted, without empty values, for comparing two
# lists as sets: a directory keeps no order among the values of an attribute. With
# $IgnoreCase the keys ignore case except in the prefix SMTP:, which marks the primary.
function Get-AddressKeys($List, [bool]$IgnoreCase) {
    $keys = New-Object 'System.Collections.Generic.List[string]'
    foreach ($p in @($List)) {
        $s = [string]$p
        if ([string]::IsNullOrEmpty($s)) { continue }
        if ($IgnoreCase) {
            $primary = '0'
            if ($s.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) { $primary = '1' }
            $s = $primary + $s.ToUpperInvariant()
        }
        $keys.Add($s)
    }
    $keys.Sort([System.StringComparer]::Ordinal)
    return ,$keys
}

function Test-SameAddresses($A, $B, [bool]$IgnoreCase) {
    $x = Get-AddressKeys $A $IgnoreCase
    $y = Get-AddressKeys $B $IgnoreCase
    if ($x.Count -ne $y.Count) { return $false }
    for ($i = 0; $i -lt $x.Count; $i++) {
        if (-not [string]::Equals($x[$i], $y[$i], [System.StringComparison]::Ordinal)) { return $false }
    }
    return $true
}

# Test-AddressAction reports a change of addresses: its state is all of the object's addresses
# and its mail, since promoting or removing one address changes the others.
function Test-AddressAction([hashtable]$Change) {
    return $Change.Action -eq 'set-primary-smtp' -or $Change.Action -eq 'remove-address'
}

# Test-State compares two states of an attribute exactly: the journal holds values as they
# were read and written, so a difference in case is a change made by someone else.
function Test-State($A, $B) {
    if ($A -is [hashtable] -or $B -is [hashtable]) {
        if (-not ($A -is [hashtable] -and $B -is [hashtable])) { return $false }
        return (Test-SameAddresses $A.Proxies $B.Proxies $false) -and (Test-Same $A.Mail $B.Mail $false)
    }
    return Test-Same ([string]$A) ([string]$B) $false
}

function Format-State($State) {
    if ($State -is [hashtable]) { return ('proxyAddresses [{0}], mail [{1}]' -f ((Get-AddressKeys $State.Proxies $false) -join ', '), $State.Mail) }
    return ('[{0}]' -f $State)
}

# New-AddressState returns the addresses $Before holds after promoting $New to the primary
# address or, when $New is '', after removing $Removed. Only one SMTP: value per object: the
# current primary is demoted to smtp:, and the old primary $Current is kept as a secondary
# address even when the object held it only in mail.
function New-AddressState($Before, [string]$Current, [string]$New, [string]$Removed) {
    $list = New-Object 'System.Collections.Generic.List[string]'
    foreach ($p in @($Before.Proxies)) {
        $s = [string]$p
        if ($New -eq '') {
            if (-not [string]::Equals($s, $Removed, [System.StringComparison]::Ordinal)) { $list.Add($s) }
            continue
        }
        if ($s.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) { $s = 'smtp:' + $s.Substring(5) }
        if ([string]::Equals($s, 'smtp:' + $New, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        $list.Add($s)
    }
    if ($New -eq '') { return @{ Proxies = [string[]]$list.ToArray(); Mail = [string]$Before.Mail } }
    if ($Current -ne '' -and (Get-Proxy $list.ToArray() ('smtp:' + $Current)) -eq '') { $list.Add('smtp:' + $Current) }
    $list.Insert(0, 'SMTP:' + $New)
    return @{ Proxies = [string[]]$list.ToArray(); Mail = $New }
}

`

// forwardFunctions carry out the table of a forward script and journal each change.
const forwardFunctions = `# Test-Captured: a change that carries all of the object's exported addresses proceeds only
# while the object still holds exactly those, not merely the old primary address.
function Test-Captured([hashtable]$Change, $Before) {
    if (-not $Change.ContainsKey('OldProxies')) { return $true }
    return (Test-SameAddresses $Before.Proxies $Change.OldProxies $true) -and (Test-Same $Before.Mail $Change.OldMail $true)
}

# Write-Journal appends one record to the journal as a line of JSON.
function Write-Journal($Record) {
    $line = ConvertTo-Json -InputObject $Record -Compress -Depth 5
    Add-Content -LiteralPath $JournalPath -Value $line -Encoding UTF8
}

# Invoke-Change reads the object, checks that it still holds the exported value and only then
# changes it (with -Apply) or says what it would change (dry run). A change is journalled
# before it is made, and marked applied after: no change is ever made that the journal does
# not hold, and the rollback undoes only the changes marked applied. When the journal cannot
# be written, no further change is made.
function Invoke-Change([hashtable]$Change) {
    if ($script:halted) {
        $script:skipped++
        Write-Step $Change 'skipped: the journal cannot be written, so nothing more is changed'
        return
    }
    try {
        $object = Get-Object $Change
        $current = Get-Current $Change $object
        $before = Get-State $Change $object
        $ignoreCase = $Change.Action -ne 'set-consistency-guid' -and $Change.Action -ne 'set-immutable-id' -and $Change.Action -ne 'clear-immutable-id'
        $refusal = Get-Refusal $Change $object $current
        if (Test-Same $current $Change.New $false) {
            $script:skipped++
            Write-Step $Change 'skipped: already holds the new value'
        } elseif (-not (Test-Same $current $Change.Old $ignoreCase)) {
            $script:skipped++
            Write-Step $Change ('skipped: holds [{0}], not the exported [{1}]; the object changed since the export' -f $current, $Change.Old)
        } elseif (-not (Test-Captured $Change $before)) {
            $script:skipped++
            Write-Step $Change ('skipped: holds {0}, not the exported proxyAddresses [{1}], mail [{2}]; the object changed since the export' -f (Format-State $before), ((Get-AddressKeys $Change.OldProxies $false) -join ', '), $Change.OldMail)
        } elseif ($refusal -ne '') {
            $script:skipped++
            Write-Step $Change ('skipped: ' + $refusal)
        } elseif (-not $Apply) {
            $script:planned++
            Write-Step $Change ('would change [{0}] to [{1}]' -f $Change.Old, $Change.New)
        } else {
            $after = New-State $Change $current $before
            try {
                Write-Journal ([ordered]@{ Kind = 'change'; Script = $scriptName; N = $Change.N; Type = $Change.Type; Action = $Change.Action; Id = (Get-ObjectId $Change $object); Target = $Change.Target; Before = $before; After = $after })
            } catch {
                $script:halted = $true
                throw ('nothing changed: the journal {0} cannot be written: {1}' -f $JournalPath, $_.Exception.Message)
            }
            Set-State $Change $object $after
            try {
                Write-Journal ([ordered]@{ Kind = 'applied'; Script = $scriptName; N = $Change.N })
            } catch {
                $script:halted = $true
                throw ('changed, but the journal {0} cannot mark it applied, so the rollback will not undo it: {1}' -f $JournalPath, $_.Exception.Message)
            }
            $script:applied++
            Write-Step $Change ('changed {0} to {1}' -f (Format-State $before), (Format-State $after))
        }
    } catch {
        $script:failed++
        Write-Step $Change ('failed: ' + $_.Exception.Message)
    }
}

`

// onPremFunctions read and change Active Directory users, groups and contacts, each with
// the cmdlets of its kind.
const onPremFunctions = `$properties = @('userPrincipalName', 'mail', 'proxyAddresses', 'mS-DS-ConsistencyGuid')

# The actions a journal of this side may hold, by object type.
$journalActions = @{ user = @('set-primary-smtp', 'set-upn', 'set-consistency-guid', 'remove-address'); group = @('set-primary-smtp', 'remove-address'); contact = @('set-primary-smtp', 'remove-address') }

# Get-Object reads the object with the cmdlet of its kind, so that an id naming an object of
# another kind fails instead of changing it. Contacts have no sAMAccountName: Get-ADObject
# finds them by objectGUID or distinguished name.
function Get-Object([hashtable]$Change) {
    switch ($Change.Type) {
        'user' { return Get-ADUser -Identity $Change.Id -Properties $properties }
        'group' { return Get-ADGroup -Identity $Change.Id -Properties 'mail', 'proxyAddresses' }
        'contact' {
            $object = Get-ADObject -Identity $Change.Id -Properties 'mail', 'proxyAddresses'
            if ([string]$object.ObjectClass -ne 'contact') { throw ('the object is a {0}, not a contact' -f $object.ObjectClass) }
            return $object
        }
    }
    throw ('unknown object type [{0}]' -f $Change.Type)
}

# Get-ObjectId names the object in the journal by its objectGUID, which no rename changes.
function Get-ObjectId([hashtable]$Change, $Object) {
    return [string]$Object.ObjectGUID
}

# Get-Primary returns the primary SMTP address as Entra Connect reads it: the SMTP: value of
# proxyAddresses, else mail.
function Get-Primary($User) {
    foreach ($p in @($User.proxyAddresses)) {
        $s = [string]$p
        if ($s.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) { return $s.Substring(5) }
    }
    return [string]$User.mail
}

function Get-Current([hashtable]$Change, $User) {
    switch ($Change.Action) {
        'set-primary-smtp' { return Get-Primary $User }
        'set-upn' { return [string]$User.userPrincipalName }
        'set-consistency-guid' {
            $bytes = $User.'mS-DS-ConsistencyGuid'
            if ($null -eq $bytes) { return '' }
            return [Convert]::ToBase64String([byte[]]$bytes)
        }
        'remove-address' { return Get-Proxy $User.proxyAddresses $Change.Old }
    }
    throw ('unknown action [{0}]' -f $Change.Action)
}

# Get-State returns what the journal records of the attribute a change writes: for an address
# change all of proxyAddresses and mail, else the single value.
function Get-State([hashtable]$Change, $Object) {
    if (Test-AddressAction $Change) {
        $list = New-Object 'System.Collections.Generic.List[string]'
        foreach ($p in @($Object.proxyAddresses)) {
            $s = [string]$p
            if ($s -ne '') { $list.Add($s) }
        }
        return @{ Proxies = [string[]]$list.ToArray(); Mail = [string]$Object.mail }
    }
    return Get-Current $Change $Object
}

# New-State returns the state a change writes.
function New-State([hashtable]$Change, [string]$Current, $Before) {
    switch ($Change.Action) {
        'set-primary-smtp' { return New-AddressState $Before $Current $Change.New '' }
        'remove-address' { return New-AddressState $Before $Current '' $Current }
    }
    return $Change.New
}

function Get-Refusal([hashtable]$Change, $User, [string]$Current) {
    if ($Change.Type -ne 'user' -and -not (Test-AddressAction $Change)) {
        return 'only the addresses of a group or contact are changed'
    }
    if ($Change.Action -eq 'remove-address' -and $Current.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) {
        return 'it is the primary address: make another address primary first'
    }
    return ''
}

# Set-Attributes changes the object with the cmdlet of its kind: Set-ADUser, Set-ADGroup, or
# Set-ADObject for a contact. The arguments are splatted: their values are data.
function Set-Attributes([hashtable]$Change, [hashtable]$Arguments) {
    switch ($Change.Type) {
        'user' { Set-ADUser @Arguments }
        'group' { Set-ADGroup @Arguments }
        'contact' { Set-ADObject @Arguments }
        default { throw ('unknown object type [{0}]' -f $Change.Type) }
    }
}

# Set-State writes a state Get-State or New-State returned. Addresses are written whole, in
# one modification: proxyAddresses and mail are replaced, or cleared when empty, so that the
# object holds exactly the state afterwards.
function Set-State([hashtable]$Change, $Object, $State) {
    $id = $Object.ObjectGUID
    switch ($Change.Action) {
        'set-upn' {
            if ($State -eq '') { Set-ADUser -Identity $id -Clear 'userPrincipalName' }
            else { Set-ADUser -Identity $id -UserPrincipalName $State }
            return
        }
        'set-consistency-guid' {
            if ($State -eq '') { Set-ADUser -Identity $id -Clear 'mS-DS-ConsistencyGuid' }
            else { Set-ADUser -Identity $id -Replace @{ 'mS-DS-ConsistencyGuid' = [Convert]::FromBase64String($State) } }
            return
        }
    }
    if (-not (Test-AddressAction $Change)) { throw ('unknown action [{0}]' -f $Change.Action) }
    $replace = @{}
    $clear = New-Object 'System.Collections.Generic.List[string]'
    $proxies = [string[]]@($State.Proxies)
    if ($proxies.Count -gt 0) { $replace['proxyAddresses'] = $proxies } else { $clear.Add('proxyAddresses') }
    if ([string]$State.Mail -ne '') { $replace['mail'] = [string]$State.Mail } else { $clear.Add('mail') }
    $arguments = @{ Identity = $id }
    if ($replace.Count -gt 0) { $arguments['Replace'] = $replace }
    if ($clear.Count -gt 0) { $arguments['Clear'] = [string[]]$clear.ToArray() }
    Set-Attributes $Change $arguments
}

Import-Module ActiveDirectory
`

// cloudFunctions read and change Microsoft Entra ID users through Microsoft Graph, and cloud
// groups and contacts through Exchange Online, which owns their addresses.
const cloudFunctions = `# The actions a journal of this side may hold, by object type.
$journalActions = @{ user = @('set-upn', 'set-immutable-id', 'clear-immutable-id'); group = @('remove-address'); contact = @('remove-address') }

function Get-Object([hashtable]$Change) {
    switch ($Change.Type) {
        'user' { return Get-MgUser -UserId $Change.Id -Property 'id', 'userPrincipalName', 'onPremisesImmutableId', 'onPremisesSyncEnabled' }
        'group' { return Get-RecipientById $Change }
        'contact' { return Get-RecipientById $Change }
    }
    throw ('unknown object type [{0}]' -f $Change.Type)
}

# Get-RecipientById finds a cloud group or contact in Exchange Online by its Entra object id.
# The id was checked to be a GUID when the script was written and is parsed again here, so
# the filter can only ever hold hexadecimal digits and dashes. Microsoft 365 groups, mail
# users and anything else that is not a mail-enabled group or mail contact are refused.
function Get-RecipientById([hashtable]$Change) {
    $id = [guid]::Parse($Change.Id).ToString()
    $found = @(Get-Recipient -Filter ('ExternalDirectoryObjectId -eq ''{0}''' -f $id) -ResultSize 2)
    if ($found.Count -ne 1) { throw ('{0} Exchange Online recipients have the object id {1}, want 1' -f $found.Count, $id) }
    $recipient = $found[0]
    $kind = ''
    switch ([string]$recipient.RecipientTypeDetails) {
        'MailUniversalDistributionGroup' { $kind = 'group' }
        'MailUniversalSecurityGroup' { $kind = 'group' }
        'MailNonUniversalGroup' { $kind = 'group' }
        'RoomList' { $kind = 'group' }
        'MailContact' { $kind = 'contact' }
    }
    if ($kind -ne $Change.Type) { throw ('the recipient is a {0}, not a {1} this script may change' -f $recipient.RecipientTypeDetails, $Change.Type) }
    return $recipient
}

# Get-ObjectId names the object in the journal by its Entra object id.
function Get-ObjectId([hashtable]$Change, $Object) {
    if ($Change.Type -eq 'user') { return [string]$Object.Id }
    return [guid]::Parse($Change.Id).ToString()
}

function Get-Current([hashtable]$Change, $User) {
    if ($Change.Type -ne 'user') {
        switch ($Change.Action) {
            'remove-address' { return Get-Proxy $User.EmailAddresses $Change.Old }
        }
        throw ('unknown action [{0}] for a {1}' -f $Change.Action, $Change.Type)
    }
    switch ($Change.Action) {
        'set-upn' { return [string]$User.UserPrincipalName }
        'set-immutable-id' { return [string]$User.OnPremisesImmutableId }
        'clear-immutable-id' { return [string]$User.OnPremisesImmutableId }
    }
    throw ('unknown action [{0}]' -f $Change.Action)
}

# Get-State returns what the journal records of the attribute a change writes: for a group's
# or contact's address change all of its addresses and its primary address, else the value.
function Get-State([hashtable]$Change, $Object) {
    if ($Change.Type -ne 'user') {
        $list = New-Object 'System.Collections.Generic.List[string]'
        foreach ($p in @($Object.EmailAddresses)) {
            $s = [string]$p
            if ($s -ne '') { $list.Add($s) }
        }
        return @{ Proxies = [string[]]$list.ToArray(); Mail = [string]$Object.PrimarySmtpAddress }
    }
    return Get-Current $Change $Object
}

# New-State returns the state a change writes.
function New-State([hashtable]$Change, [string]$Current, $Before) {
    if ($Change.Action -eq 'remove-address') { return New-AddressState $Before $Current '' $Current }
    return $Change.New
}

# Attributes of an object synced from on-premises cannot be changed in the cloud.
function Get-Refusal([hashtable]$Change, $User, [string]$Current) {
    if ($Change.Type -ne 'user') {
        if ($User.IsDirSynced -eq $true) { return 'the object is synced from on-premises already: change it there' }
        if ($Change.Action -eq 'remove-address' -and $Current.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) {
            return 'it is the primary address: make another address primary first'
        }
        return ''
    }
    if ($User.OnPremisesSyncEnabled -eq $true) { return 'the user is synced from on-premises already: change it there' }
    if ($Change.Action -eq 'set-upn' -and $Change.New -eq '') { return 'a user principal name cannot be removed' }
    return ''
}

# Test-Holds reports whether $List holds exactly $Value.
function Test-Holds($List, [string]$Value) {
    foreach ($p in @($List)) { if ([string]::Equals([string]$p, $Value, [System.StringComparison]::Ordinal)) { return $true } }
    return $false
}

# Set-State writes a state Get-State or New-State returned. A group's or contact's addresses
# are edited by the difference between what it holds and the state, so that it holds exactly
# the state afterwards.
function Set-State([hashtable]$Change, $Object, $State) {
    if ($Change.Type -ne 'user') {
        if ($Change.Action -ne 'remove-address') { throw ('unknown action [{0}] for a {1}' -f $Change.Action, $Change.Type) }
        $held = (Get-State $Change $Object).Proxies
        $add = New-Object 'System.Collections.Generic.List[string]'
        $remove = New-Object 'System.Collections.Generic.List[string]'
        foreach ($s in @($State.Proxies)) { if (-not (Test-Holds $held $s)) { $add.Add($s) } }
        foreach ($s in @($held)) { if (-not (Test-Holds $State.Proxies $s)) { $remove.Add($s) } }
        $edit = @{}
        if ($add.Count -gt 0) { $edit['Add'] = [string[]]$add.ToArray() }
        if ($remove.Count -gt 0) { $edit['Remove'] = [string[]]$remove.ToArray() }
        if ($edit.Count -gt 0) { Set-Addresses $Change $Object $edit }
        return
    }
    switch ($Change.Action) {
        'set-upn' { Update-MgUser -UserId $Object.Id -UserPrincipalName $State }
        'set-immutable-id' { Set-ImmutableId $Object $State }
        'clear-immutable-id' { Set-ImmutableId $Object $State }
        default { throw ('unknown action [{0}]' -f $Change.Action) }
    }
}

# Set-Addresses edits the addresses of a cloud-only group (Set-DistributionGroup, which also
# serves mail-enabled security groups) or contact (Set-MailContact), naming it by its
# Exchange guid.
function Set-Addresses([hashtable]$Change, $Recipient, [hashtable]$Edit) {
    $identity = $Recipient.Guid.ToString()
    if ($Change.Type -eq 'contact') { Set-MailContact -Identity $identity -EmailAddresses $Edit }
    else { Set-DistributionGroup -Identity $identity -EmailAddresses $Edit -BypassSecurityGroupManagerCheck }
}

function Set-ImmutableId($User, [string]$Value) {
    if ($Value -ne '') {
        Update-MgUser -UserId $User.Id -OnPremisesImmutableId $Value
        return
    }
    # Update-MgUser sends $null as '': only a raw PATCH clears the attribute. The id is
    # escaped so that it can only ever name one user.
    Invoke-MgGraphRequest -Method PATCH -Uri ('v1.0/users/' + [uri]::EscapeDataString($User.Id)) -Body '{"onPremisesImmutableId":null}' -ContentType 'application/json' | Out-Null
}
`

// cloudConnect checks the connections a cloud script needs, once $changes holds what it will
// change: each service is checked only when there is a change for it.
const cloudConnect = `
if (@($changes | Where-Object { $_.Type -eq 'user' }).Count -gt 0 -and $null -eq (Get-MgContext)) {
    throw 'not connected to Microsoft Graph: run Connect-MgGraph -Scopes User.ReadWrite.All first'
}
if (@($changes | Where-Object { $_.Type -ne 'user' }).Count -gt 0 -and $null -eq (Get-Command -Name 'Get-Recipient' -ErrorAction SilentlyContinue)) {
    throw 'not connected to Exchange Online: run Connect-ExchangeOnline first'
}
`

// run processes the table and reports the tally; any failure makes the exit status 1.
const run = `
Start-Transcript -Path $LogPath -Append | Out-Null
try {
    if ($Apply) { Write-Host ('Applying the changes, journalled in {0}.' -f $JournalPath) }
    else { Write-Host 'Dry run: nothing is changed. Run again with -Apply to make the changes.' }
    foreach ($change in $changes) { Invoke-Change $change }
} finally {
    Write-Host ('Applied: {0}. Would apply: {1}. Skipped: {2}. Failed: {3}.' -f $script:applied, $script:planned, $script:skipped, $script:failed)
    Stop-Transcript | Out-Null
}
if ($script:failed -gt 0) { exit 1 }
`

// rollbackFunctions read a journal and undo its changes. Every value they use comes from the
// journal through ConvertFrom-Json, is checked for its shape, and is only ever data: compared,
// shown, or passed to a cmdlet parameter.
const rollbackFunctions = `function Get-Number($Value, [int]$Line) {
    if (($Value -is [int] -or $Value -is [long]) -and $Value -gt 0 -and $Value -le [int]::MaxValue) { return [int]$Value }
    throw ('line {0} of the journal has no valid change number' -f $Line)
}

function Get-Text($Record, [string]$Name, [int]$Line) {
    $property = $Record.PSObject.Properties[$Name]
    if ($null -eq $property -or -not ($property.Value -is [string])) { throw ('line {0} of the journal has no text {1}' -f $Line, $Name) }
    return $property.Value
}

# ConvertFrom-State checks a state read from the journal and returns it as Get-State returns
# states: addresses as a list of text and a mail value, any other attribute as text.
function ConvertFrom-State([string]$Action, $Record, [string]$Name, [int]$Line) {
    $property = $Record.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { throw ('line {0} of the journal has no {1}' -f $Line, $Name) }
    $value = $property.Value
    if ($Action -ne 'set-primary-smtp' -and $Action -ne 'remove-address') {
        if (-not ($value -is [string])) { throw ('line {0} of the journal: {1} is not text' -f $Line, $Name) }
        return $value
    }
    $proxies = $value.PSObject.Properties['Proxies']
    if ($value -is [string] -or $null -eq $proxies -or -not ($proxies.Value -is [System.Array])) { throw ('line {0} of the journal: {1} holds no list of addresses' -f $Line, $Name) }
    $list = New-Object 'System.Collections.Generic.List[string]'
    foreach ($p in $proxies.Value) {
        if (-not ($p -is [string]) -or $p -eq '') { throw ('line {0} of the journal: {1} holds an address that is not text' -f $Line, $Name) }
        $list.Add($p)
    }
    return @{ Proxies = [string[]]$list.ToArray(); Mail = (Get-Text $value 'Mail' $Line) }
}

# Read-Journal reads the journal a run of the forward script wrote and returns the changes it
# records, last first. A journal that cannot be read whole, or that another script wrote, is
# refused before anything is changed.
function Read-Journal([string]$Path) {
    $entries = New-Object 'System.Collections.Generic.List[System.Collections.Hashtable]'
    $latest = @{}
    $number = 0
    foreach ($line in @(Get-Content -LiteralPath $Path -Encoding UTF8)) {
        $number++
        if ([string]::IsNullOrWhiteSpace([string]$line)) { continue }
        try { $record = ConvertFrom-Json -InputObject ([string]$line) }
        catch { throw ('line {0} of the journal is not JSON: {1}' -f $number, $_.Exception.Message) }
        if ($null -eq $record -or $record -is [string] -or $record -is [System.Array]) { throw ('line {0} of the journal is not a record' -f $number) }
        $writer = Get-Text $record 'Script' $number
        if (-not [string]::Equals($writer, $forwardScript, [System.StringComparison]::Ordinal)) { throw ('line {0} of the journal was written by [{1}], not by {2}' -f $number, $writer, $forwardScript) }
        $n = Get-Number $record.N $number
        $kind = Get-Text $record 'Kind' $number
        if ([string]::Equals($kind, 'applied', [System.StringComparison]::Ordinal)) {
            if (-not $latest.ContainsKey($n)) { throw ('line {0} of the journal marks change {1} applied, but no line before it records the change' -f $number, $n) }
            $latest[$n].Applied = $true
            continue
        }
        if (-not [string]::Equals($kind, 'change', [System.StringComparison]::Ordinal)) { throw ('line {0} of the journal is of the unknown kind [{1}]' -f $number, $kind) }
        $type = Get-Text $record 'Type' $number
        $action = Get-Text $record 'Action' $number
        if (-not (@('user', 'group', 'contact') -ccontains $type) -or -not ($journalActions[$type] -ccontains $action)) { throw ('line {0} of the journal holds the action [{1}] on a [{2}], which {3} does not make' -f $number, $action, $type, $forwardScript) }
        $id = Get-Text $record 'Id' $number
        if ($id.Trim() -eq '') { throw ('line {0} of the journal names no object' -f $number) }
        $entry = @{ N = $n; Type = $type; Action = $action; Id = $id; Target = (Get-Text $record 'Target' $number); Old = ''; New = ''; Applied = $false }
        $entry.Before = ConvertFrom-State $action $record 'Before' $number
        $entry.After = ConvertFrom-State $action $record 'After' $number
        if ($entry.Before -is [string]) { $entry.New = $entry.Before }
        $latest[$n] = $entry
        $entries.Add($entry)
    }
    $entries.Reverse()
    return ,$entries
}

# Invoke-Undo restores one change the journal records: only a change marked applied, and only
# while the object holds exactly what the forward run wrote.
function Invoke-Undo([hashtable]$Change) {
    if (-not $Change.Applied) {
        $script:skipped++
        Write-Step $Change 'skipped: the journal does not mark this change applied (it failed, or the run stopped before it), so it is not undone'
        return
    }
    try {
        $object = Get-Object $Change
        $current = Get-State $Change $object
        $refusal = Get-Refusal $Change $object ''
        if (Test-State $current $Change.Before) {
            $script:skipped++
            Write-Step $Change 'skipped: already holds the value from before the change'
        } elseif (-not (Test-State $current $Change.After)) {
            $script:skipped++
            Write-Step $Change ('skipped: holds {0}, not {1} as the forward run wrote; the object changed since' -f (Format-State $current), (Format-State $Change.After))
        } elseif ($refusal -ne '') {
            $script:skipped++
            Write-Step $Change ('skipped: ' + $refusal)
        } elseif (-not $Apply) {
            $script:planned++
            Write-Step $Change ('would restore {0} in place of {1}' -f (Format-State $Change.Before), (Format-State $current))
        } else {
            Set-State $Change $object $Change.Before
            $script:applied++
            Write-Step $Change ('restored {0} in place of {1}' -f (Format-State $Change.Before), (Format-State $current))
        }
    } catch {
        $script:failed++
        Write-Step $Change ('failed: ' + $_.Exception.Message)
    }
}

`

// rollbackRead reads the journal into $changes before anything else runs.
const rollbackRead = `$changes = Read-Journal $Journal
`

// rollbackRun undoes the journal's changes and reports the tally; any failure makes the exit
// status 1.
const rollbackRun = `
Start-Transcript -Path $LogPath -Append | Out-Null
try {
    if ($Apply) { Write-Host ('Restoring the values the journal {0} recorded.' -f $Journal) }
    else { Write-Host 'Dry run: nothing is changed. Run again with -Apply to restore the values.' }
    foreach ($change in $changes) { Invoke-Undo $change }
} finally {
    Write-Host ('Applied: {0}. Would apply: {1}. Skipped: {2}. Failed: {3}.' -f $script:applied, $script:planned, $script:skipped, $script:failed)
    Stop-Transcript | Out-Null
}
if ($script:failed -gt 0) { exit 1 }
`
