<#
.SYNOPSIS
    Exports Microsoft Entra ID users with Microsoft Graph PowerShell in the shape softmatch
    reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line. Get-MgUser returns
    only a few properties unless -Property names them, so every property the join
    prediction uses is requested: the object id, UPN, mail, proxyAddresses (joined with ';'),
    onPremisesImmutableId, the sync state and whether the account is enabled.
    Needs the Microsoft.Graph.Users module and the User.Read.All permission. It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\cloud-users.csv

.PARAMETER NoConnect
    Use the current Connect-MgGraph session instead of connecting.

.EXAMPLE
    .\Export-CloudUsers.ps1 -Path C:\Temp\cloud-users.csv

.NOTES
    Add a mailbox export (Export-Mailboxes.ps1) for the Exchange Online addresses.
#>
[CmdletBinding()]
param(
    [string]$Path = '.\cloud-users.csv',
    [switch]$NoConnect
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.Graph.Users

if (-not $NoConnect) {
    Connect-MgGraph -Scopes 'User.Read.All' | Out-Null
}

$properties = @(
    'Id', 'UserPrincipalName', 'DisplayName', 'GivenName', 'Surname', 'Mail', 'MailNickname',
    'ProxyAddresses', 'OnPremisesImmutableId', 'OnPremisesSyncEnabled',
    'OnPremisesLastSyncDateTime', 'AccountEnabled', 'UserType'
)

$columns = @(
    'Id',
    'UserPrincipalName',
    'DisplayName',
    'GivenName',
    'Surname',
    'Mail',
    'MailNickname',
    @{ n = 'ProxyAddresses'; e = { $_.ProxyAddresses -join ';' } },
    'OnPremisesImmutableId',
    'OnPremisesSyncEnabled',
    @{ n = 'OnPremisesLastSyncDateTime'; e = {
            if ($_.OnPremisesLastSyncDateTime) { $_.OnPremisesLastSyncDateTime.ToUniversalTime().ToString('o') } else { '' }
        }
    },
    'AccountEnabled',
    'UserType'
)

Get-MgUser -All -Property $properties |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
