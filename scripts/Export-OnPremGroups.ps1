<#
.SYNOPSIS
    Exports on-premises Active Directory groups in the shape softmatch reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line, with every attribute
    the join prediction uses for groups:
      - GroupCategory (Security or Distribution): security groups sync with or without
        mail, distribution groups only when mail-enabled;
      - mail and proxyAddresses joined with ';' (an unjoined collection exports as its type
        name and the addresses are lost): groups join cloud groups only by SMTP address;
      - ObjectGUID in its 8-4-4-4-12 form;
      - isCriticalSystemObject, which keeps built-in groups out of sync.
    Run it on a domain-joined machine with the ActiveDirectory module (RSAT). It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\onprem-groups.csv

.PARAMETER SearchBase
    Limit the export to one OU (its distinguished name). Default: the whole domain.

.PARAMETER Server
    A domain controller or domain to query. Default: the current domain.

.EXAMPLE
    .\Export-OnPremGroups.ps1 -Path C:\Temp\onprem-groups.csv

.EXAMPLE
    .\Export-OnPremGroups.ps1 -SearchBase 'OU=Groups,DC=contoso,DC=local'

.NOTES
    Then: softmatch reconcile --onprem onprem-users.csv --onprem onprem-groups.csv --cloud cloud-users.csv --cloud cloud-groups.csv
#>
[CmdletBinding()]
param(
    [string]$Path = '.\onprem-groups.csv',
    [string]$SearchBase,
    [string]$Server
)

$ErrorActionPreference = 'Stop'
Import-Module ActiveDirectory

$properties = @('DisplayName', 'mail', 'mailNickname', 'proxyAddresses', 'isCriticalSystemObject')

$common = @{}
if ($SearchBase) { $common['SearchBase'] = $SearchBase }
if ($Server) { $common['Server'] = $Server }

$columns = @(
    'DistinguishedName',
    'ObjectClass',
    'GroupCategory',
    'Name',
    'DisplayName',
    @{ n = 'ObjectGUID'; e = { $_.ObjectGUID.ToString() } },
    'SamAccountName',
    'mail',
    'mailNickname',
    @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
    'isCriticalSystemObject'
)

Get-ADGroup -Filter * -Properties $properties @common |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
