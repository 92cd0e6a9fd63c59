<#
.SYNOPSIS
    Exports Microsoft Entra ID groups with Microsoft Graph PowerShell in the shape softmatch
    reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line. Get-MgGroup returns
    only a few properties unless -Property names them, so every property the join
    prediction uses is requested: the object id, display name (a cloud-only group of the
    same name as an on-premises group becomes a duplicate), GroupTypes (joined with ';'),
    MailEnabled, SecurityEnabled, mail, proxyAddresses (joined with ';': on-premises groups
    join cloud groups only by them) and the sync state.
    Needs the Microsoft.Graph.Groups module and the Group.Read.All permission. It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\cloud-groups.csv

.PARAMETER NoConnect
    Use the current Connect-MgGraph session instead of connecting.

.EXAMPLE
    .\Export-CloudGroups.ps1 -Path C:\Temp\cloud-groups.csv

.NOTES
    Then: softmatch reconcile --onprem onprem-users.csv --onprem onprem-groups.csv --cloud cloud-users.csv --cloud cloud-groups.csv
#>
[CmdletBinding()]
param(
    [string]$Path = '.\cloud-groups.csv',
    [switch]$NoConnect
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.Graph.Groups

if (-not $NoConnect) {
    Connect-MgGraph -Scopes 'Group.Read.All' | Out-Null
}

$properties = @(
    'Id', 'DisplayName', 'GroupTypes', 'MailEnabled', 'SecurityEnabled', 'Mail', 'MailNickname',
    'ProxyAddresses', 'OnPremisesSyncEnabled', 'OnPremisesLastSyncDateTime'
)

$columns = @(
    'Id',
    'DisplayName',
    @{ n = 'GroupTypes'; e = { $_.GroupTypes -join ';' } },
    'MailEnabled',
    'SecurityEnabled',
    'Mail',
    'MailNickname',
    @{ n = 'ProxyAddresses'; e = { $_.ProxyAddresses -join ';' } },
    'OnPremisesSyncEnabled',
    @{ n = 'OnPremisesLastSyncDateTime'; e = {
            if ($_.OnPremisesLastSyncDateTime) { $_.OnPremisesLastSyncDateTime.ToUniversalTime().ToString('o') } else { '' }
        }
    }
)

Get-MgGroup -All -Property $properties |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
