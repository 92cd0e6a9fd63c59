package reconcile

import "strings"

// privilegedRoles are the Microsoft Entra built-in roles Microsoft marks as privileged.
// From 1 July 2026 a user holding one of them cannot be taken over through hard match.
var privilegedRoles = map[string]bool{}

func init() {
	for _, r := range []string{
		"Application Administrator", "Application Developer", "Attribute Provisioning Administrator",
		"Authentication Administrator", "Authentication Extensibility Administrator",
		"B2C IEF Keyset Administrator", "Cloud Application Administrator", "Cloud Device Administrator",
		"Conditional Access Administrator", "Directory Synchronization Accounts", "Directory Writers",
		"Domain Name Administrator", "External Identity Provider Administrator", "Global Administrator",
		"Global Reader", "Helpdesk Administrator", "Hybrid Identity Administrator", "Intune Administrator",
		"Lifecycle Workflows Administrator", "On Premises Directory Sync Account", "Partner Tier1 Support",
		"Partner Tier2 Support", "Password Administrator", "Privileged Authentication Administrator",
		"Privileged Role Administrator", "Security Administrator", "Security Operator", "Security Reader",
		"User Administrator", "Company Administrator",
	} {
		privilegedRoles[strings.ToLower(r)] = true
	}
}

// IsPrivilegedRole reports whether a directory role name (as the roles export spells it,
// any case) is one Microsoft marks as privileged. "Company Administrator" is the old name
// of Global Administrator that MSOnline exports still use.
func IsPrivilegedRole(name string) bool {
	return privilegedRoles[strings.ToLower(strings.TrimSpace(name))]
}
