package workbook

import (
	"path/filepath"
	"testing"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// Values chosen to break a careless writer: a formula Excel would run, numbers that must
// stay text, non-ASCII names and a smart quote.
const (
	formulaDDE   = "=cmd|' /C calc'!A0"
	digitsID     = "0012345678"
	phoneLike    = "+1 425 555 0100"
	guidZoe      = "35918bc9-196d-40ea-9779-889d79b753f0"
	anchorZoe    = "yYuRNW0Z6kCXeYidebdT8A=="
	cloudIDZoe   = "8f2c0d4e-5b1a-4c3d-9e8f-0a1b2c3d4e5f"
	guidBjorn    = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
	anchorBjorn  = "PSwbCl9OcWCCk6S1xtfo+Q=="
	cloudIDBjorn = "c7d8e9f0-1a2b-4c3d-8e9f-a0b1c2d3e4f5"
)

func boolp(b bool) *bool { return &b }

// fixtureDoc is a small run: Zoë joins by SMTP, Björn is blocked by an admin role, Ōtsuka
// would be created new while his address is taken, a group is excluded, and a cloud-only
// user looks like Ōtsuka.
func fixtureDoc() *report.Document {
	res := &reconcile.Result{
		Settings: reconcile.Settings{
			UPNSoftMatch:            true,
			VerifiedDomains:         []string{"contoso.com", "fabrikam.de"},
			VerifiedDomainsInferred: true,
			InitialDomain:           "contoso.onmicrosoft.com",
			InitialDomainInferred:   true,
			Limitations: []string{
				"no proxyAddresses column in the cloud export: SMTP soft match predicted from mail only",
			},
		},
		OnPrem: []reconcile.OnPrem{
			{
				Source: reconcile.Source{File: "ad.csv", Line: 3}, SAMAccountName: "zoe.muller",
				DistinguishedName: "CN=Zoë Müller,OU=Zürich,DC=contoso,DC=local", DisplayName: "Zoë Müller",
				ObjectGUID: guidZoe, UserPrincipalName: "zoe.muller@contoso.com",
				ProxyAddresses: []string{"SMTP:zoe.muller@contoso.com", "smtp:zm@contoso.com"},
				Enabled:        boolp(true),
			},
			{
				Source: reconcile.Source{File: "ad.csv", Line: 4}, SAMAccountName: "bjorn.o",
				DistinguishedName: "CN=Björn O\u2019Neill,OU=Admins,DC=contoso,DC=local", DisplayName: "Björn O\u2019Neill",
				ObjectGUID: guidBjorn, UserPrincipalName: "bjorn.oneill@contoso.com",
				ProxyAddresses: []string{"SMTP:bjorn.oneill@contoso.com"},
			},
			{
				Source: reconcile.Source{File: "ad.csv", Line: 5}, SAMAccountName: digitsID,
				DistinguishedName: "CN=大塚 健,OU=Tokyo,DC=contoso,DC=local", DisplayName: formulaDDE,
				ObjectGUID: "11111111-2222-3333-4444-555555555555", UserPrincipalName: "otsuka@contoso.local",
				Mail: "k.otsuka@contoso.com",
			},
			{
				Source: reconcile.Source{File: "ad.csv", Line: 6}, Type: reconcile.Group,
				SAMAccountName: "AAD_1f2e3d", DistinguishedName: "CN=AAD_1f2e3d,CN=Users,DC=contoso,DC=local",
			},
		},
		Cloud: []reconcile.Cloud{
			{
				ID: cloudIDZoe, UserPrincipalName: "zoe@contoso.onmicrosoft.com", DisplayName: "Zoë Müller",
				Mail: "zoe.muller@contoso.com", ProxyAddresses: []string{"SMTP:zoe.muller@contoso.com"},
				AccountEnabled: boolp(true),
			},
			{
				ID: cloudIDBjorn, UserPrincipalName: "bjorn.oneill@contoso.com", DisplayName: "Björn O\u2019Neill",
				Mail: "bjorn.oneill@contoso.com", ProxyAddresses: []string{"SMTP:bjorn.oneill@contoso.com"},
				Roles: []string{"Global Administrator"}, PrivilegedRole: true,
			},
			{
				ID: digitsID, UserPrincipalName: "k.otsuka@contoso.com", DisplayName: "大塚 健",
				Mail: "k.otsuka@contoso.com", ImmutableID: phoneLike, Synced: false,
				AccountEnabled: boolp(false),
			},
		},
		Entries: []reconcile.Entry{
			{
				OnPrem: 0, Anchor: anchorZoe, AnchorAttribute: "objectGUID", UPN: "zoe.muller@contoso.com",
				PrimarySMTP: "zoe.muller@contoso.com", Outcome: reconcile.SMTPMatch, Cloud: 0,
				Reason:   "primary SMTP zoe.muller@contoso.com is an address of cloud user zoe@contoso.onmicrosoft.com",
				Findings: []reconcile.Code{reconcile.UPNChanges},
			},
			{
				OnPrem: 1, Anchor: anchorBjorn, AnchorAttribute: "objectGUID", UPN: "bjorn.oneill@contoso.com",
				PrimarySMTP: "bjorn.oneill@contoso.com", Outcome: reconcile.Blocked, Cloud: 1,
				Reason:   "the candidate bjorn.oneill@contoso.com holds the role Global Administrator",
				Findings: []reconcile.Code{reconcile.CloudAdmin},
			},
			{
				OnPrem: 2, Anchor: "ERERESIiMzNEVFVVVVVVVQ==", AnchorAttribute: "objectGUID",
				UPN: "k.otsuka@contoso.onmicrosoft.com", PrimarySMTP: "k.otsuka@contoso.com",
				Outcome: reconcile.New, Cloud: -1,
				Reason:   "no cloud user has k.otsuka@contoso.com among its proxyAddresses",
				Findings: []reconcile.Code{reconcile.CollisionOnCreate, reconcile.UPNUnverifiedSuffix},
			},
			{
				OnPrem: 3, Outcome: reconcile.Excluded, Cloud: -1,
				Reason: "sAMAccountName starts with AAD_: Entra Connect never syncs it",
			},
		},
		CloudOnly: []reconcile.CloudOnly{
			{Cloud: 2, Findings: []reconcile.Code{reconcile.CollisionOnCreate}},
		},
		Findings: []reconcile.Finding{
			{
				Code: reconcile.CloudAdmin, Severity: reconcile.Conflict, OnPrem: []int{1}, Cloud: []int{1},
				Detail: "Entra never soft-matches a user holding a directory role: remove the role before the first sync, re-add it after.",
			},
			{
				Code: reconcile.CollisionOnCreate, Severity: reconcile.Conflict, OnPrem: []int{2}, Cloud: []int{2},
				Attribute: "mail", Value: "k.otsuka@contoso.com",
				Detail: "a new cloud user will be created while k.otsuka@contoso.com already belongs to 大塚 健 in the cloud",
			},
			{
				Code: reconcile.UPNChanges, Severity: reconcile.Warning, OnPrem: []int{0}, Cloud: []int{0},
				Attribute: "userPrincipalName", Value: "+1",
				Detail: "zoe@contoso.onmicrosoft.com becomes zoe.muller@contoso.com",
			},
			{
				Code: reconcile.UPNUnverifiedSuffix, Severity: reconcile.Warning, OnPrem: []int{2},
				Attribute: "userPrincipalName", Value: "-1",
				Detail: "contoso.local is not a verified domain",
			},
		},
		Fixes: []reconcile.Fix{
			{
				Side: reconcile.CloudSide, Action: reconcile.SetImmutableID, Object: 2, Attribute: "onPremisesImmutableId",
				Old: phoneLike, New: "ERERESIiMzNEVFVVVVVVVQ==", Reason: reconcile.CollisionOnCreate,
				Detail: "hard-match the cloud user 大塚 健 to the on-premises account", Approved: true,
				Script: "cloud-fixes.ps1", Line: 42,
			},
			{
				Side: reconcile.OnPremSide, Action: reconcile.RemoveAddress, Object: 0, Attribute: "proxyAddresses",
				Old: "smtp:zm@contoso.com", Reason: reconcile.OnPremDuplicateAddress,
				Detail: "@SUM(1)", Script: "onprem-fixes.ps1", Line: 17,
			},
			{
				Side: reconcile.CloudSide, Action: reconcile.Manual, Object: 1, Reason: reconcile.CloudAdmin,
				Detail: "remove the Global Administrator role before the first sync; re-add it after",
				Script: "cloud-fixes.ps1", Line: 7, Approved: true,
			},
		},
	}
	return &report.Document{
		Generator: "softmatch 1.2.3",
		Version:   "1.2.3",
		Inputs: []exports.FileInfo{
			{
				File: "ad-export ‘Zürich’.csv", Side: exports.OnPrem, Format: exports.FormatGetADUser,
				Encoding: "utf-16le", Delimiter: ";", Records: 5,
				SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			},
			{
				File: "=users.csv", Side: exports.Cloud, Format: exports.FormatGetMgUser,
				Encoding: "utf-8-bom", Delimiter: ",", Records: 3,
				SHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
			},
		},
		Issues: []exports.Issue{
			{
				File: "ad-export ‘Zürich’.csv", Line: 7, Column: 4, Severity: exports.IssueError,
				Code: "multi-value-lost", Message: "proxyAddresses holds Microsoft.ActiveDirectory.Management.ADPropertyValueCollection",
				Hint: "re-export with @{n='proxyAddresses';e={$_.proxyAddresses -join ';'}}",
			},
		},
		Result: res,
	}
}

// writeFixture writes doc to a fresh directory and returns the workbook's path.
func writeFixture(t *testing.T, doc *report.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, doc); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return path
}
