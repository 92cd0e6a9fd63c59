package reconcile

import (
	"fmt"
	"strings"
)

// excludedReason says why Entra Connect's default sync rules (domain.md 2.4, DEFCFG) leave
// an on-premises object out of scope, or "" when it syncs. samKnown is false when no user
// in the export has a sAMAccountName: the column is missing, and an empty value then says
// nothing about the object.
func excludedReason(o *OnPrem, samKnown bool) string {
	sam := strings.TrimSpace(o.SAMAccountName)
	samFold := strings.ToLower(sam)
	switch {
	case o.IsCriticalSystemObject:
		return "isCriticalSystemObject is TRUE"
	case strings.Contains(o.DistinguishedName, `\0ACNF:`) || strings.Contains(o.Name, "\nCNF:") ||
		strings.Contains(o.Name, `\0ACNF:`):
		return fmt.Sprintf("the name %s marks a replication conflict (CNF:)", show(firstNonEmpty(o.DistinguishedName, o.Name)))
	case strings.HasPrefix(strings.TrimSpace(o.MailNickname), "SystemMailbox{"):
		return fmt.Sprintf("mailNickname %s is an Exchange system mailbox", show(o.MailNickname))
	}
	switch objectType(o.Type) {
	case Contact:
		if !mailEnabledOnPrem(o) {
			return "the contact is not mail-enabled (no SMTP: proxy address and no mail value with @)"
		}
		return ""
	case Group:
		// A group of unknown category is kept in scope: were it a security group, calling it
		// excluded would hide the group the first sync creates.
		if isDistribution(o.GroupCategory) && !mailEnabledOnPrem(o) {
			return "the distribution group is not mail-enabled (no SMTP: proxy address and no mail value with @)"
		}
		return ""
	}
	switch {
	case sam == "" && samKnown:
		return "the user has no sAMAccountName"
	case strings.HasPrefix(samFold, "aad_") || strings.HasPrefix(samFold, "msol_"):
		return fmt.Sprintf("sAMAccountName %s is a sync service account (AAD_ or MSOL_)", show(sam))
	case samFold == "support_388945a0":
		return fmt.Sprintf("sAMAccountName %s is a built-in support account", show(sam))
	case strings.HasPrefix(samFold, "cas_") && strings.Contains(sam, "}"):
		return fmt.Sprintf("sAMAccountName %s is an Exchange CAS system account", show(sam))
	}
	return ""
}

// mailEnabledOnPrem reports an SMTP: proxy address or a mail value with "@".
func mailEnabledOnPrem(o *OnPrem) bool {
	if strings.Contains(o.Mail, "@") {
		return true
	}
	for _, raw := range o.ProxyAddresses {
		if p, ok := ParseProxyAddress(raw); ok && p.IsPrimary() {
			return true
		}
	}
	return false
}

// isDistribution reports a groupCategory of Distribution, as Get-ADGroup spells it (or its
// numeric form 0).
func isDistribution(category string) bool {
	c := strings.TrimSpace(category)
	return strings.EqualFold(c, "Distribution") || c == "0"
}

// isSecurity reports a groupCategory of Security (or its numeric form 1).
func isSecurity(category string) bool {
	c := strings.TrimSpace(category)
	return strings.EqualFold(c, "Security") || c == "1"
}

func objectType(t ObjectType) ObjectType {
	if t == "" {
		return User
	}
	return t
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
