// Package samples holds the demo exports built into the softmatch binary: a small Contoso
// tenant about to turn on Entra Connect, with at least one case of every outcome and every
// finding code, for users, mail-enabled groups and contacts. The files have the shapes
// consultants really produce: the on-premises users, groups and contacts from Windows
// PowerShell 5.1 (Get-ADUser, Get-ADGroup, Get-ADObject | Export-Csv -Encoding UTF8: a BOM
// and a #TYPE line), the cloud users, groups, contacts, roles and domains from PowerShell 7
// with Microsoft Graph (every field quoted, no BOM), multi-valued attributes joined with ";".
package samples

import "embed"

// The sample files, by name inside FS.
const (
	// OnPremUsers is a Get-ADUser export of 38 users, including a sync service account,
	// a contoso.local UPN suffix, invisible characters and a replaced umlaut.
	OnPremUsers = "onprem-users.csv"
	// CloudUsers is a Get-MgUser export of the tenant's users, with ImmutableIds derived
	// from the on-premises objectGUIDs where the tenant was prepared for a hard match.
	CloudUsers = "cloud-users.csv"
	// OnPremGroups is a Get-ADGroup export: a distribution group that soft-matches its cloud
	// group, one whose address a cloud user holds, a security group without mail beside a
	// cloud-only group of its name, a distribution group without mail, and one created new
	// beside a cloud group of its name.
	OnPremGroups = "onprem-groups.csv"
	// OnPremContacts is a Get-ADObject export of contacts: one soft-matches its cloud
	// contact, one has no mail, one is created new.
	OnPremContacts = "onprem-contacts.csv"
	// CloudContacts is a Get-MgContact export: one mail contact shares an address with an
	// on-premises user, one is the cloud twin of an on-premises contact.
	CloudContacts = "cloud-contacts.csv"
	// CloudGroups is a Get-MgGroup export: distribution, security, dynamic and Microsoft 365
	// groups created in the cloud.
	CloudGroups = "cloud-groups.csv"
	// Roles lists directory role members (RoleName, UserId, UserPrincipalName).
	Roles = "roles.csv"
	// Domains is a Get-MgDomain export (Id, IsVerified, IsInitial): contoso.com and
	// fabrikam.com verified, litware.com not, contoso.onmicrosoft.com initial.
	Domains = "domains.csv"
)

// Files lists every sample in the order a demo reads them.
var Files = []string{OnPremUsers, OnPremGroups, OnPremContacts, CloudUsers, CloudGroups, CloudContacts, Roles, Domains}

// FS holds the sample files.
//
//go:embed onprem-users.csv onprem-groups.csv onprem-contacts.csv cloud-users.csv cloud-groups.csv cloud-contacts.csv roles.csv domains.csv
var FS embed.FS
