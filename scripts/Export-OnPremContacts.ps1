<#
.SYNOPSIS
    Exports on-premises Active Directory contacts in the shape softmatch reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line, with every attribute
    the join prediction uses for contacts:
      - ObjectClass (contact), since a contact has no sAMAccountName and Get-ADObject
        returns objects of any class;
      - mail and proxyAddresses joined with ';' (an unjoined collection exports as its type
        name and the addresses are lost): contacts sync only when mail-enabled and join
        cloud contacts only by SMTP address;
      - ObjectGUID in its 8-4-4-4-12 form, which with the distinguished name identifies a
        contact.
    Run it on a domain-joined machine with the ActiveDirectory module (RSAT). It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\onprem-contacts.csv

.PARAMETER SearchBase
    Limit the export to one OU (its distinguished name). Default: the whole domain.

.PARAMETER Server
    A domain controller or domain to query. Default: the current domain.

.EXAMPLE
    .\Export-OnPremContacts.ps1 -Path C:\Temp\onprem-contacts.csv

.NOTES
    Then: softmatch reconcile --onprem onprem-users.csv --onprem onprem-contacts.csv --cloud cloud-users.csv --cloud cloud-contacts.csv
#>
[CmdletBinding()]
param(
    [string]$Path = '.\onprem-contacts.csv',
    [string]$SearchBase,
    [string]$Server
)

$ErrorActionPreference = 'Stop'
Import-Module ActiveDirectory

$properties = @('displayName', 'givenName', 'sn', 'mail', 'mailNickname', 'proxyAddresses', 'isCriticalSystemObject')

$common = @{}
if ($SearchBase) { $common['SearchBase'] = $SearchBase }
if ($Server) { $common['Server'] = $Server }

$columns = @(
    'DistinguishedName',
    'Name',
    'ObjectClass',
    @{ n = 'ObjectGUID'; e = { $_.ObjectGUID.ToString() } },
    @{ n = 'DisplayName'; e = { $_.displayName } },
    @{ n = 'GivenName'; e = { $_.givenName } },
    @{ n = 'Surname'; e = { $_.sn } },
    'mail',
    'mailNickname',
    @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
    'isCriticalSystemObject'
)

Get-ADObject -LDAPFilter '(objectClass=contact)' -Properties $properties @common |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
