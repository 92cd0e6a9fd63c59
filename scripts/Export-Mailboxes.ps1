<#
.SYNOPSIS
    Exports Exchange Online mailboxes (and optionally groups and contacts) in the shape
    softmatch reads best.

.DESCRIPTION
    Writes one CSV file, UTF-8, comma-delimited, without a #TYPE line. EmailAddresses is
    joined with ';' (an unjoined collection exports as "System.String[]" and the addresses
    are lost). ExternalDirectoryObjectId is the Entra object id: softmatch uses it to join
    each mailbox to its user in the Export-CloudUsers.ps1 file.
    Needs the ExchangeOnlineManagement module and a role that can read recipients. It only
    reads.

.PARAMETER Path
    The CSV file to write. Default: .\mailboxes.csv

.PARAMETER NoConnect
    Use the current Connect-ExchangeOnline session instead of connecting.

.PARAMETER IncludeGroupsAndContacts
    Also export mail-enabled groups, Microsoft 365 groups and mail contacts, whose
    addresses can collide with a user's.

.EXAMPLE
    .\Export-Mailboxes.ps1 -Path C:\Temp\mailboxes.csv -IncludeGroupsAndContacts
#>
[CmdletBinding()]
param(
    [string]$Path = '.\mailboxes.csv',
    [switch]$NoConnect,
    [switch]$IncludeGroupsAndContacts
)

$ErrorActionPreference = 'Stop'
Import-Module ExchangeOnlineManagement

if (-not $NoConnect) {
    Connect-ExchangeOnline -ShowBanner:$false
}

$columns = @(
    'ExternalDirectoryObjectId',
    'UserPrincipalName',
    'Alias',
    'DisplayName',
    'PrimarySmtpAddress',
    'RecipientTypeDetails',
    @{ n = 'EmailAddresses'; e = { $_.EmailAddresses -join ';' } }
)

Get-EXOMailbox -ResultSize Unlimited -Properties 'EmailAddresses', 'ExternalDirectoryObjectId', 'RecipientTypeDetails' |
    Select-Object -Property $columns |
    Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

if ($IncludeGroupsAndContacts) {
    $types = 'MailUniversalDistributionGroup', 'MailUniversalSecurityGroup', 'GroupMailbox', 'MailContact'
    Get-EXORecipient -ResultSize Unlimited -RecipientTypeDetails $types -Properties 'EmailAddresses', 'ExternalDirectoryObjectId' |
        Select-Object -Property $columns |
        Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8 -Append
}

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
