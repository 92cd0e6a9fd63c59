package exports

import (
	"cmp"
	"slices"
)

// fieldsOf returns the canonical fields a file's columns feed.
func fieldsOf(info *FileInfo) map[string]bool {
	has := map[string]bool{}
	for _, c := range info.Columns {
		if c.Field != "" {
			has[c.Field] = true
		}
	}
	return has
}

// needer returns a function that records a field the file lacks in info.Missing and, when
// the lack disables a prediction, says which in info.Limitations.
func needer(info *FileInfo, has map[string]bool) func(field, limitation string) {
	return func(field, limitation string) {
		if !has[field] {
			info.Missing = append(info.Missing, field)
			if limitation != "" {
				info.Limitations = append(info.Limitations, info.File+": "+limitation)
			}
		}
	}
}

// missingOnPrem fills Missing and Limitations of an on-premises file: each column the
// predictor uses that the file lacks, and what that leaves unpredictable.
// noUsers says the file holds only groups and contacts, which have no UPN, anchor (they
// never hard-match), mailNickname-derived UPN or Enabled flag to miss.
func missingOnPrem(info *FileInfo, noUsers bool) {
	has := fieldsOf(info)
	need := needer(info, has)
	if noUsers {
		need(fProxy, "no proxyAddresses column: the primary SMTP address is taken from mail and secondary addresses are unknown, so collisions on them are not found")
		if !has[fProxy] {
			need(fMail, "no mail column either: soft match of groups and contacts cannot be predicted")
		}
		return
	}
	if !has[fObjectGUID] && !has[fConsistency] {
		need(fObjectGUID, "no ObjectGUID or mS-DS-ConsistencyGuid column: the source anchor is unknown, so hard matches cannot be predicted and no ImmutableId fixes can be written")
		info.Missing = append(info.Missing, fConsistency)
	} else {
		need(fObjectGUID, "no ObjectGUID column: objects without mS-DS-ConsistencyGuid have no known anchor")
		need(fConsistency, "no mS-DS-ConsistencyGuid column: the anchor is assumed to be objectGUID, which is wrong for objects whose ConsistencyGuid was set to another value")
	}
	need(fUPN, "no UserPrincipalName column: UPN soft match and UPN collisions cannot be predicted")
	need(fProxy, "no proxyAddresses column: the primary SMTP address is taken from mail and secondary addresses are unknown, so collisions on them are not found")
	if !has[fProxy] {
		need(fMail, "no mail column either: SMTP soft match cannot be predicted")
	} else {
		need(fMail, "")
	}
	need(fSAM, "no SamAccountName column: the scope rules on sAMAccountName (AAD_, MSOL_, empty) and its attribute checks cannot be applied")
	need(fMailNickname, "no mailNickname column: the fallback UPN for unverified suffixes is computed from the SMTP or UPN prefix")
	if !has[fEnabled] && !has[fUAC] {
		need(fEnabled, "no Enabled column: disabled accounts (onprem-disabled) cannot be reported")
	}
	need(fCritical, "")
	need(fDN, "")
}

// missingCloud fills Missing and Limitations of a cloud file.
func missingCloud(info *FileInfo) {
	has := fieldsOf(info)
	need := needer(info, has)
	if info.Format == FormatGetMgUser && has[fID] && !has[fUPN] {
		// Get-MgContact or Get-MgGroup: contacts and groups have no UPN or ImmutableId to
		// miss; only their addresses matter.
		need(fProxy, "no ProxyAddresses column: the groups' or contacts' secondary addresses are unknown")
		return
	}
	if info.Format == FormatEntraPortal {
		info.Limitations = append(info.Limitations, info.File+": an Entra admin center download has no proxyAddresses and no ImmutableId: hard matches, cloud-bound conflicts (an ImmutableId set already) and matches on secondary addresses cannot be predicted; SMTP matching uses mail only. Add a Get-MgUser or Get-EXOMailbox export to predict them")
		for _, f := range []string{fProxy, fImmutableID} {
			if !has[f] {
				info.Missing = append(info.Missing, f)
			}
		}
	} else if info.Format != FormatMailbox {
		need(fProxy, "no ProxyAddresses column: a cloud user can be SMTP-matched only by its mail address, and secondary addresses are unknown")
		need(fImmutableID, "no ImmutableId column: hard matches and cloud-bound conflicts (an ImmutableId set already) cannot be predicted")
	} else {
		need(fProxy, "no EmailAddresses column: the mailboxes' secondary addresses are unknown")
	}
	need(fID, "no object id column: mailboxes are joined to users by UPN only and cloud fixes address users by UPN")
	need(fUPN, "no UserPrincipalName column: UPN soft match and UPN collisions cannot be predicted")
	need(fMail, "")
	if info.Format != FormatMailbox && !has[fSyncEnabled] && !has[fLastDirSync] {
		need(fSyncEnabled, "no OnPremisesSyncEnabled or LastDirSyncTime column: users owned by a sync already cannot be told apart")
	}
	if info.Format != FormatMailbox && !has[fAccountEnabled] && !has[fBlockCred] {
		need(fAccountEnabled, "")
	}
}

// sortIssues orders issues by line, keeping the order of issues on the same line, so that
// they read like the file.
func sortIssues(issues []Issue) {
	slices.SortStableFunc(issues, func(a, b Issue) int { return cmp.Compare(a.Line, b.Line) })
}
