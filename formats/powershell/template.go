package powershell

// The fixed PowerShell of the scripts. None of it holds an input value: values reach these
// functions only through the $changes table, and are compared with [string]::Equals and
// StartsWith rather than -like or -match, so that wildcard and regular-expression characters
// in a value mean nothing. Every string here is single-quoted; messages are built with -f,
// whose arguments are never parsed as format strings themselves.
//
// The param block sits on the same line as [CmdletBinding()]: it is the form every
// PowerShell parser and the tree-sitter grammars used to check the scripts agree on.

// paramLine declares the switches; %s is the script's base name, a fixed name of ours.
const paramLine = `[CmdletBinding()] param([switch]$Apply, [string]$LogPath = (Join-Path $PSScriptRoot ('%s-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log')))
`

// prologue follows the param line and opens the table of changes.
const prologue = `
$ErrorActionPreference = 'Stop'
$script:applied = 0
$script:planned = 0
$script:skipped = 0
$script:failed = 0

# The changes, one entry each. Id finds the object, Old is the value the export captured and
# New the value to write ('' = unset). The values are data: functions below only read them.
$changes = @(
`

// epilogue closes the table.
const epilogue = `)

`

// commonFunctions are shared by every script: messages and comparisons.
const commonFunctions = `function Write-Step([hashtable]$Change, [string]$Message) {
    Write-Host ('[{0}] {1} {2}: {3}' -f $Change.N, $Change.Action, $Change.Target, $Message)
}

function Test-Same([string]$A, [string]$B, [bool]$IgnoreCase) {
    if ($IgnoreCase) { return [string]::Equals($A, $B, [System.StringComparison]::OrdinalIgnoreCase) }
    return [string]::Equals($A, $B, [System.StringComparison]::Ordinal)
}

# Invoke-Change reads the object, checks that it still holds the exported value and only then
# changes it (with -Apply) or says what it would change (dry run).
function Invoke-Change([hashtable]$Change) {
    try {
        $object = Get-Object $Change
        $current = Get-Current $Change $object
        $ignoreCase = $Change.Action -ne 'set-consistency-guid' -and $Change.Action -ne 'set-immutable-id' -and $Change.Action -ne 'clear-immutable-id'
        $refusal = Get-Refusal $Change $object $current
        if (Test-Same $current $Change.New $false) {
            $script:skipped++
            Write-Step $Change 'skipped: already holds the new value'
        } elseif (-not (Test-Same $current $Change.Old $ignoreCase)) {
            $script:skipped++
            Write-Step $Change ('skipped: holds [{0}], not the exported [{1}]; the object changed since the export' -f $current, $Change.Old)
        } elseif ($refusal -ne '') {
            $script:skipped++
            Write-Step $Change ('skipped: ' + $refusal)
        } elseif (-not $Apply) {
            $script:planned++
            Write-Step $Change ('would change [{0}] to [{1}]' -f $Change.Old, $Change.New)
        } else {
            Set-Value $Change $object $current
            $script:applied++
            Write-Step $Change ('changed [{0}] to [{1}]' -f $Change.Old, $Change.New)
        }
    } catch {
        $script:failed++
        Write-Step $Change ('failed: ' + $_.Exception.Message)
    }
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

`

// onPremFunctions read and change Active Directory users, groups and contacts, each with
// the cmdlets of its kind.
const onPremFunctions = `$properties = @('userPrincipalName', 'mail', 'proxyAddresses', 'mS-DS-ConsistencyGuid')

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
        'add-address' { return Get-Proxy $User.proxyAddresses $Change.New }
    }
    throw ('unknown action [{0}]' -f $Change.Action)
}

function Get-Refusal([hashtable]$Change, $User, [string]$Current) {
    if ($Change.Type -ne 'user' -and $Change.Action -ne 'set-primary-smtp' -and $Change.Action -ne 'remove-address' -and $Change.Action -ne 'add-address') {
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

function Set-Value([hashtable]$Change, $User, [string]$Current) {
    $id = $User.ObjectGUID
    switch ($Change.Action) {
        'set-primary-smtp' {
            # Only one SMTP: value per object: the current primary is demoted to smtp:, or
            # removed when undoing the object's first primary address.
            $list = New-Object 'System.Collections.Generic.List[string]'
            foreach ($p in @($User.proxyAddresses)) {
                $s = [string]$p
                if ($s.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) {
                    if ($Change.New -eq '') { continue }
                    $s = 'smtp:' + $s.Substring(5)
                }
                if ($Change.New -ne '' -and [string]::Equals($s, 'smtp:' + $Change.New, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
                $list.Add($s)
            }
            if ($Change.New -eq '') {
                if ($list.Count -eq 0) { Set-Attributes $Change @{ Identity = $id; Clear = @('proxyAddresses', 'mail') } }
                else { Set-Attributes $Change @{ Identity = $id; Replace = @{ proxyAddresses = [string[]]$list.ToArray() }; Clear = @('mail') } }
                return
            }
            if ($Change.Old -ne '') {
                $kept = $false
                foreach ($s in $list) { if ([string]::Equals($s, 'smtp:' + $Change.Old, [System.StringComparison]::OrdinalIgnoreCase)) { $kept = $true } }
                if (-not $kept) { $list.Add('smtp:' + $Change.Old) }
            }
            $list.Insert(0, 'SMTP:' + $Change.New)
            Set-Attributes $Change @{ Identity = $id; Replace = @{ proxyAddresses = [string[]]$list.ToArray(); mail = $Change.New } }
        }
        'set-upn' {
            if ($Change.New -eq '') { Set-ADUser -Identity $id -Clear 'userPrincipalName' }
            else { Set-ADUser -Identity $id -UserPrincipalName $Change.New }
        }
        'set-consistency-guid' {
            if ($Change.New -eq '') { Set-ADUser -Identity $id -Clear 'mS-DS-ConsistencyGuid' }
            else { Set-ADUser -Identity $id -Replace @{ 'mS-DS-ConsistencyGuid' = [Convert]::FromBase64String($Change.New) } }
        }
        'remove-address' { Set-Attributes $Change @{ Identity = $id; Remove = @{ proxyAddresses = $Current } } }
        'add-address' { Set-Attributes $Change @{ Identity = $id; Add = @{ proxyAddresses = $Change.New } } }
        default { throw ('unknown action [{0}]' -f $Change.Action) }
    }
}

Import-Module ActiveDirectory
`

// cloudFunctions read and change Microsoft Entra ID users through Microsoft Graph, and cloud
// groups and contacts through Exchange Online, which owns their addresses.
const cloudFunctions = `function Get-Object([hashtable]$Change) {
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

function Get-Current([hashtable]$Change, $User) {
    if ($Change.Type -ne 'user') {
        switch ($Change.Action) {
            'remove-address' { return Get-Proxy $User.EmailAddresses $Change.Old }
            'add-address' { return Get-Proxy $User.EmailAddresses $Change.New }
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

function Set-Value([hashtable]$Change, $User, [string]$Current) {
    if ($Change.Type -ne 'user') {
        switch ($Change.Action) {
            'remove-address' { Set-Addresses $Change $User @{ Remove = $Current } }
            'add-address' { Set-Addresses $Change $User @{ Add = $Change.New } }
            default { throw ('unknown action [{0}] for a {1}' -f $Change.Action, $Change.Type) }
        }
        return
    }
    switch ($Change.Action) {
        'set-upn' { Update-MgUser -UserId $User.Id -UserPrincipalName $Change.New }
        'set-immutable-id' { Set-ImmutableId $User $Change.New }
        'clear-immutable-id' { Set-ImmutableId $User $Change.New }
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

# Each service is checked only when the table holds a change for it.
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
    if ($Apply) { Write-Host 'Applying the changes.' }
    else { Write-Host 'Dry run: nothing is changed. Run again with -Apply to make the changes.' }
    foreach ($change in $changes) { Invoke-Change $change }
} finally {
    Write-Host ('Applied: {0}. Would apply: {1}. Skipped: {2}. Failed: {3}.' -f $script:applied, $script:planned, $script:skipped, $script:failed)
    Stop-Transcript | Out-Null
}
if ($script:failed -gt 0) { exit 1 }
`
