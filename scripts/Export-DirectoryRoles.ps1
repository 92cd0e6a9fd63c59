<#
.SYNOPSIS
    Exports directory role members with Microsoft Graph PowerShell for softmatch --roles.

.DESCRIPTION
    Entra Connect never soft-matches a cloud user that holds an administrative role, and
    from 1 July 2026 it does not hard-match users assigned or eligible for privileged roles
    either. This script writes one row per role member: RoleName, RoleId, MemberId,
    MemberUserPrincipalName, MemberType and Assignment (active, or eligible with
    -IncludeEligible). UTF-8, comma-delimited, without a #TYPE line. It only reads.

.PARAMETER Path
    The CSV file to write. Default: .\directory-roles.csv

.PARAMETER NoConnect
    Use the current Connect-MgGraph session instead of connecting.

.PARAMETER IncludeEligible
    Also export Privileged Identity Management eligibilities (needs
    RoleEligibilitySchedule.Read.Directory).

.EXAMPLE
    .\Export-DirectoryRoles.ps1 -Path C:\Temp\directory-roles.csv -IncludeEligible
#>
[CmdletBinding()]
param(
    [string]$Path = '.\directory-roles.csv',
    [switch]$NoConnect,
    [switch]$IncludeEligible
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.Graph.Identity.DirectoryManagement

if (-not $NoConnect) {
    $scopes = @('RoleManagement.Read.Directory', 'User.Read.All')
    if ($IncludeEligible) { $scopes += 'RoleEligibilitySchedule.Read.Directory' }
    Connect-MgGraph -Scopes $scopes | Out-Null
}

$rows = foreach ($role in Get-MgDirectoryRole -All) {
    foreach ($member in Get-MgDirectoryRoleMember -DirectoryRoleId $role.Id -All) {
        [pscustomobject]@{
            RoleName                = $role.DisplayName
            RoleId                  = $role.RoleTemplateId
            MemberId                = $member.Id
            MemberUserPrincipalName = $member.AdditionalProperties['userPrincipalName']
            MemberType              = ([string]$member.AdditionalProperties['@odata.type']) -replace '^#microsoft\.graph\.', ''
            Assignment              = 'active'
        }
    }
}

if ($IncludeEligible) {
    Import-Module Microsoft.Graph.Identity.Governance
    $rows += foreach ($e in Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance -All -ExpandProperty 'roleDefinition') {
        [pscustomobject]@{
            RoleName                = $e.RoleDefinition.DisplayName
            RoleId                  = $e.RoleDefinitionId
            MemberId                = $e.PrincipalId
            MemberUserPrincipalName = ''
            MemberType              = 'principal'
            Assignment              = 'eligible'
        }
    }
}

$rows | Export-Csv -Path $Path -NoTypeInformation -Encoding UTF8

Write-Host ('Wrote {0}' -f (Resolve-Path -LiteralPath $Path))
