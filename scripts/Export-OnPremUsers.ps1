<#
.SYNOPSIS
    Exports on-premises Active Directory users (and optionally mail-enabled groups and
    contacts) in the shape softmatch reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line, with every attribute
    the join prediction uses:
      - proxyAddresses joined with ';' (an unjoined collection exports as its type name
        and the addresses are lost);
      - mS-DS-ConsistencyGuid as base64 (a byte array exports as "System.Byte[]");
      - ObjectGUID in its 8-4-4-4-12 form.
    Run it on a domain-joined machine with the ActiveDirectory module (RSAT). It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\onprem-users.csv

.PARAMETER SearchBase
    Limit the export to one OU (its distinguished name). Default: the whole domain.

.PARAMETER Server
    A domain controller or domain to query. Default: the current domain.

.PARAMETER IncludeGroupsAndContacts
    Also export groups and contacts, so that addresses they hold are checked too.

.EXAMPLE
    .\Export-OnPremUsers.ps1 -Path C:\Temp\onprem-users.csv

.EXAMPLE
    .\Export-OnPremUsers.ps1 -SearchBase 'OU=Staff,DC=contoso,DC=local' -IncludeGroupsAndContacts

.NOTES
    Then: softmatch reconcile --onprem onprem-users.csv --cloud cloud-users.csv
#>
[CmdletBinding()]
param(
    [string]$Path = '.\onprem-users.csv',
    [string]$SearchBase,
    [string]$Server,
    [switch]$IncludeGroupsAndContacts
)

$ErrorActionPreference = 'Stop'
Import-Module ActiveDirectory

$properties = @(
    'DisplayName', 'GivenName', 'Surname', 'UserPrincipalName', 'mail', 'mailNickname',
    'proxyAddresses', 'mS-DS-ConsistencyGuid', 'isCriticalSystemObject', 'userAccountControl'
)

$common = @{}
if ($SearchBase) { $common['SearchBase'] = $SearchBase }
if ($Server) { $common['Server'] = $Server }

# The same columns for every object, so that users, groups and contacts share one file.
$columns = @(
    'DistinguishedName',
    'ObjectClass',
    @{ n = 'ObjectGUID'; e = { $_.ObjectGUID.ToString() } },
    'SamAccountName',
    'Name',
    'DisplayName',
    'GivenName',
    'Surname',
    'UserPrincipalName',
    'mail',
    'mailNickname',
    @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
    @{ n = 'mS-DS-ConsistencyGuid'; e = {
            if ($_.'mS-DS-ConsistencyGuid') { [Convert]::ToBase64String([byte[]]$_.'mS-DS-ConsistencyGuid') } else { '' }
        }
    },
    'Enabled',
    'userAccountControl',
    'isCriticalSystemObject',
    'groupType'
)

Get-ADUser -Filter * -Properties $properties @common |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

if ($IncludeGroupsAndContacts) {
    Get-ADObject -LDAPFilter '(|(objectClass=group)(objectClass=contact))' -Properties ($properties + 'sAMAccountName', 'groupType', 'objectGUID') @common |
        Select-Object -Property $columns |
        Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8 -Append
}

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
