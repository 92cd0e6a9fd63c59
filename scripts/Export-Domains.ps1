<#
.SYNOPSIS
    Exports the tenant's domains with Microsoft Graph PowerShell for softmatch
    --domains-file.

.DESCRIPTION
    softmatch needs the verified domains (a UPN on any other suffix becomes
    <mailNickname>@<initial domain>) and the initial <name>.onmicrosoft.com domain. This
    script writes Id, IsVerified, IsInitial, IsDefault and AuthenticationType for every
    domain. UTF-8, comma-delimited, without a #TYPE line. It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\domains.csv

.PARAMETER NoConnect
    Use the current Connect-MgGraph session instead of connecting.

.EXAMPLE
    .\Export-Domains.ps1 -Path C:\Temp\domains.csv
#>
[CmdletBinding()]
param(
    [string]$Path = '.\domains.csv',
    [switch]$NoConnect
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.Graph.Identity.DirectoryManagement

if (-not $NoConnect) {
    Connect-MgGraph -Scopes 'Domain.Read.All' | Out-Null
}

Get-MgDomain -All |
    Select-Object -Property 'Id', 'IsVerified', 'IsInitial', 'IsDefault', 'AuthenticationType' |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
