package reconcile

import (
	"strings"
	"testing"
)

// codeCase is one fixture for a finding code: records, settings, and whether the code must
// appear on the named on-premises object (or, with cloud set, on the cloud-only user).
type codeCase struct {
	name     string
	onprem   []OnPrem
	cloud    []Cloud
	settings func(*Settings)
	sam      string // the on-premises object to check
	cloudUPN string // or the cloud-only user to check
	want     bool
	detail   string // a value the Detail must name
}

func runCodeCases(t *testing.T, code Code, cases []codeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := settingsWith(tc.settings)
			r := Reconcile(tc.onprem, tc.cloud, s)
			var got bool
			if tc.cloudUPN != "" {
				co := cloudOnlyOf(r, tc.cloudUPN)
				if co == nil {
					t.Fatalf("%s is not cloud-only\n%s", tc.cloudUPN, describe(r))
				}
				got = hasCode(co.Findings, code)
			} else {
				got = hasCode(mustEntry(t, r, tc.sam).Findings, code)
			}
			if got != tc.want {
				t.Fatalf("%s present %v, want %v\n%s", code, got, tc.want, describe(r))
			}
			fs := findingsWith(r, code)
			if tc.want && len(fs) == 0 {
				t.Fatalf("no Finding with code %s", code)
			}
			for _, f := range fs {
				if f.Severity != code.Severity() || f.Detail == "" {
					t.Errorf("finding %+v: severity or detail missing", f)
				}
				if tc.detail != "" && !strings.Contains(f.Detail, tc.detail) {
					t.Errorf("detail %q does not name %q", f.Detail, tc.detail)
				}
			}
		})
	}
}

func user(sam, guid, upn string, proxies ...string) OnPrem {
	return OnPrem{SAMAccountName: sam, ObjectGUID: guid, UserPrincipalName: upn, ProxyAddresses: proxies}
}

func cloudUser(id, upn string, proxies ...string) Cloud {
	return Cloud{ID: id, UserPrincipalName: upn, ProxyAddresses: proxies}
}

func TestFinding_onprem_duplicate_address(t *testing.T) {
	runCodeCases(t, OnPremDuplicateAddress, []codeCase{
		{name: "secondary held twice, case differs", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com", "smtp:Sales@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:sales@CONTOSO.com"),
		}, sam: "b", want: true, detail: "sales@contoso.com"},
		{name: "one object's UPN is another's mail", onprem: []OnPrem{
			user("a", guidAnna, "shared@contoso.com"),
			{SAMAccountName: "b", ObjectGUID: guidBjörn, UserPrincipalName: "b@contoso.com", Mail: "Shared@contoso.com"},
		}, sam: "a", want: true},
		{name: "excluded objects do not count", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com"),
			user("MSOL_1f2e3d", guidBjörn, "", "SMTP:a@contoso.com"),
		}, sam: "a", want: false},
		{name: "without a cloud holder the object exported first keeps it", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com", "smtp:empfang@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:Empfang@contoso.com"),
		}, sam: "a", want: true, detail: "Entra keeps it on the object exported first"},
		{name: "a cloud-only mailbox keeps it from every holder", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com", "smtp:vertrieb@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:Vertrieb@contoso.com"),
		}, cloud: []Cloud{sharedMailbox("s1", "vertrieb@contoso.com", "Vertrieb", "SMTP:vertrieb@contoso.com")},
			sam: "b", want: true,
			detail: "and cloud user vertrieb@contoso.com (UPN and mail and primary SMTP) already holds it; that object keeps it at the first sync, so Entra drops it from every on-premises holder, including the one exported first"},
		{name: "two cloud objects keep it", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com", "smtp:vertrieb@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:Vertrieb@contoso.com"),
		}, cloud: []Cloud{sharedMailbox("s1", "vertrieb@contoso.com", "Vertrieb", "SMTP:vertrieb@contoso.com"),
			cloudUser("c-y", "y@contoso.com", "SMTP:y@contoso.com", "smtp:vertrieb@contoso.com")},
			sam: "a", want: true,
			detail: "and cloud user vertrieb@contoso.com (UPN and mail and primary SMTP) and cloud user y@contoso.com (secondary proxy address) already hold it; those objects keep it at the first sync"},
		{name: "a blocked candidate keeps it", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:sales@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:Sales@contoso.com"),
		}, cloud: []Cloud{{ID: "c-sales", UserPrincipalName: "sales@contoso.com", ProxyAddresses: []string{"SMTP:sales@contoso.com"}, Synced: true}},
			sam: "a", want: true, detail: "and cloud user sales@contoso.com (UPN and primary SMTP) already holds it; that object keeps it"},
		{name: "a holder that joins the cloud object holding it keeps it", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:sales@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:Sales@contoso.com"),
		}, cloud: []Cloud{cloudUser("c-sales", "sales@contoso.com", "SMTP:sales@contoso.com")},
			sam: "b", want: true, detail: "; a joins cloud user sales@contoso.com, which holds it already, so a keeps it whatever the export order"},
		{name: "a contested cloud user is not said to keep it", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:sales@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:Sales@contoso.com"),
		}, cloud: []Cloud{cloudUser("c-sales", "sales@contoso.com", "SMTP:sales@contoso.com")},
			sam: "a", want: true, detail: "Entra keeps it on the object exported first"},
		{name: "same value twice on one object is no duplicate", onprem: []OnPrem{
			{SAMAccountName: "a", ObjectGUID: guidAnna, UserPrincipalName: "a@contoso.com", Mail: "a@contoso.com", ProxyAddresses: []string{"SMTP:a@contoso.com", "smtp:A@contoso.com"}},
		}, sam: "a", want: false},
	})
}

func TestFinding_onprem_duplicate_upn(t *testing.T) {
	runCodeCases(t, OnPremDuplicateUPN, []codeCase{
		{name: "two users, case differs", onprem: []OnPrem{
			user("a", guidAnna, "Anna@contoso.com"), user("b", guidBjörn, "anna@Contoso.com"),
		}, sam: "a", want: true, detail: "anna@contoso.com"},
		{name: "distinct UPNs", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com"), user("b", guidBjörn, "bjorn@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_cloud_bound(t *testing.T) {
	runCodeCases(t, CloudBound, []codeCase{
		{name: "candidate carries another ImmutableId", onprem: []OnPrem{user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "a@contoso.com", ProxyAddresses: []string{"SMTP:a@contoso.com"}, ImmutableID: "q7YbnS9vRk2xW3u1LpZ0eA=="}},
			sam:   "a", want: true, detail: "q7YbnS9vRk2xW3u1LpZ0eA=="},
		{name: "UPN candidate synced already", onprem: []OnPrem{user("a", guidAnna, "a@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "a@contoso.com", Synced: true}}, sam: "a", want: true, detail: "onPremisesSyncEnabled"},
		{name: "candidate with the same anchor is a hard match", onprem: []OnPrem{user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "a@contoso.com", ProxyAddresses: []string{"SMTP:a@contoso.com"}, ImmutableID: "yYuRNW0Z6kCXeYidebdT8A=="}},
			sam:   "a", want: false},
	})
}

func TestFinding_cloud_admin(t *testing.T) {
	admin := Cloud{ID: "c", UserPrincipalName: "it@contoso.com", ProxyAddresses: []string{"SMTP:it@contoso.com"}, Roles: []string{"Global Administrator"}}
	runCodeCases(t, CloudAdmin, []codeCase{
		{name: "role holder refuses soft match", onprem: []OnPrem{user("it", guidAnna, "it@contoso.com", "SMTP:it@contoso.com")},
			cloud: []Cloud{admin}, sam: "it", want: true, detail: "Global Administrator"},
		{name: "unknown without a roles export", onprem: []OnPrem{user("it", guidAnna, "it@contoso.com", "SMTP:it@contoso.com")},
			cloud: []Cloud{admin}, settings: func(s *Settings) { s.RolesKnown = false }, sam: "it", want: false},
	})
}

func TestFinding_contested(t *testing.T) {
	runCodeCases(t, Contested, []codeCase{
		{name: "SMTP and UPN aiming at one cloud user", onprem: []OnPrem{
			user("a", guidAnna, "x@contoso.com", "SMTP:shared@contoso.com"),
			user("b", guidBjörn, "shared@contoso.com", "SMTP:b@contoso.com"),
		}, cloud: []Cloud{cloudUser("c", "shared@contoso.com")}, sam: "a", want: false},
		{name: "two UPN matches cannot happen but two SMTP matches do", onprem: []OnPrem{
			user("a", guidAnna, "a@contoso.com", "SMTP:shared@contoso.com"),
			user("b", guidBjörn, "b@contoso.com", "SMTP:shared@contoso.com"),
		}, cloud: []Cloud{cloudUser("c", "c@contoso.com", "SMTP:shared@contoso.com")}, sam: "b", want: true, detail: "export order"},
	})
}

func TestFinding_upn_taken(t *testing.T) {
	runCodeCases(t, UPNTaken, []codeCase{
		{name: "joined by SMTP while the UPN is another cloud user's", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna.berg@contoso.com", "SMTP:anna.berg@contoso.com"), cloudUser("c2", "anna@contoso.com")},
			sam:   "a", want: true, detail: "anna@contoso.com"},
		{name: "UPN is another cloud user's proxy address", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna.berg@contoso.com", "SMTP:anna.berg@contoso.com"), cloudUser("c2", "a2@contoso.com", "SMTP:a2@contoso.com", "smtp:anna@contoso.com")},
			sam:   "a", want: true},
		{name: "UPN held by the joined user only", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna@contoso.com", "SMTP:anna.berg@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_address_taken(t *testing.T) {
	runCodeCases(t, AddressTaken, []codeCase{
		{name: "hard match while the primary SMTP is another cloud user's", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{{ID: "c1", UserPrincipalName: "anna@contoso.com", ImmutableID: "yYuRNW0Z6kCXeYidebdT8A=="}, cloudUser("c2", "x@contoso.com", "SMTP:x@contoso.com", "smtp:anna@contoso.com")},
			sam:   "a", want: true, detail: "x@contoso.com"},
		{name: "SMTP match to the primary and another user's UPN", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna.b@contoso.com", "SMTP:anna@contoso.com"), cloudUser("c2", "anna@contoso.com", "SMTP:other@contoso.com")},
			sam:   "a", want: true},
		{name: "address held by the joined user only", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna@contoso.com", "SMTP:anna@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_collision_on_create(t *testing.T) {
	runCodeCases(t, CollisionOnCreate, []codeCase{
		{name: "UPN soft match off", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com")}, cloud: []Cloud{cloudUser("c", "ANNA@contoso.com")},
			settings: func(s *Settings) { s.UPNSoftMatch = false }, sam: "a", want: true, detail: "annaNNNN@contoso.onmicrosoft.com"},
		{name: "primary SMTP is the mail of a cloud user without mailbox", onprem: []OnPrem{user("a", guidAnna, "a@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "c@contoso.com", Mail: "anna@contoso.com"}}, sam: "a", want: true},
		{name: "computed UPN collides on the initial domain", onprem: []OnPrem{{SAMAccountName: "a", ObjectGUID: guidAnna, UserPrincipalName: "anna@contoso.local", MailNickname: "anna"}},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "x@contoso.com", ProxyAddresses: []string{"SMTP:x@contoso.com", "smtp:anna@contoso.onmicrosoft.com"}}},
			sam:   "a", want: true, detail: "anna@contoso.onmicrosoft.com"},
		{name: "nothing in the cloud", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com")}, cloud: []Cloud{cloudUser("c", "bjorn@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_soft_match_blocked(t *testing.T) {
	runCodeCases(t, SoftMatchBlocked, []codeCase{
		{name: "tenant blocks soft match", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")}, settings: func(s *Settings) { s.BlockSoftMatch = true },
			sam: "a", want: true, detail: "BlockSoftMatchEnabled"},
		{name: "hard match is not soft", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "anna@contoso.com", ImmutableID: "yYuRNW0Z6kCXeYidebdT8A=="}}, settings: func(s *Settings) { s.BlockSoftMatch = true },
			sam: "a", want: false},
	})
}

func TestFinding_object_type_mismatch(t *testing.T) {
	runCodeCases(t, ObjectTypeMismatch, []codeCase{
		{name: "on-prem user and cloud contact", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{{ID: "k", Type: Contact, Mail: "anna@contoso.com", ProxyAddresses: []string{"SMTP:anna@contoso.com"}}}, sam: "a", want: true, detail: "cloud contact"},
		{name: "on-prem user and on-prem group", onprem: []OnPrem{
			user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com", "smtp:team@contoso.com"),
			{Type: Group, SAMAccountName: "team", GroupCategory: "Distribution", ProxyAddresses: []string{"SMTP:team@contoso.com"}},
		}, sam: "team", want: true},
		{name: "two cloud kinds, cloud-only", onprem: []OnPrem{user("a", guidAnna, "a@contoso.com")},
			cloud:    []Cloud{cloudUser("u", "u@contoso.com", "SMTP:u@contoso.com", "smtp:hr@contoso.com"), {ID: "g", Type: Group, Mail: "hr@contoso.com", ProxyAddresses: []string{"SMTP:hr@contoso.com"}}},
			cloudUPN: "u@contoso.com", want: true},
	})
}

func TestFinding_hard_match_blocked(t *testing.T) {
	runCodeCases(t, HardMatchBlocked, []codeCase{
		{name: "takeover blocked", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com")},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "anna@contoso.com", ImmutableID: "yYuRNW0Z6kCXeYidebdT8A=="}}, settings: func(s *Settings) { s.BlockHardMatch = true },
			sam: "a", want: true, detail: "BlockCloudObjectTakeoverThroughHardMatchEnabled"},
		{name: "soft match unaffected", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")}, settings: func(s *Settings) { s.BlockHardMatch = true },
			sam: "a", want: false},
	})
}

func TestFinding_likely_same_person(t *testing.T) {
	runCodeCases(t, LikelySamePerson, []codeCase{
		{name: "diacritics and word order", onprem: []OnPrem{{SAMAccountName: "bm", ObjectGUID: guidBjörn, GivenName: "Björn", Surname: "Müller", UserPrincipalName: "bm@contoso.com"}},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "bjorn@fabrikam.com", DisplayName: "Muller, Bjorn"}}, sam: "bm", want: true, detail: "Confidence"},
		{name: "joined users are not paired", onprem: []OnPrem{{SAMAccountName: "bm", ObjectGUID: guidBjörn, GivenName: "Björn", Surname: "Müller", UserPrincipalName: "bm@contoso.com"}},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "bm@contoso.com", DisplayName: "Bjorn Muller"}}, sam: "bm", want: false},
	})
}

func TestFinding_upn_changes(t *testing.T) {
	runCodeCases(t, UPNChanges, []codeCase{
		{name: "cloud UPN overwritten", onprem: []OnPrem{user("a", guidAnna, "anna.berg@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.onmicrosoft.com", "SMTP:anna@contoso.com")}, sam: "a", want: true, detail: "anna@contoso.onmicrosoft.com"},
		{name: "case only is no change", onprem: []OnPrem{user("a", guidAnna, "Anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_primary_smtp_changes(t *testing.T) {
	runCodeCases(t, PrimarySMTPChanges, []codeCase{
		{name: "matched on a secondary", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna.berg@contoso.com", "smtp:anna@contoso.com")}, sam: "a", want: true, detail: "anna.berg@contoso.com"},
		{name: "same primary", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_secondary_address_match(t *testing.T) {
	runCodeCases(t, SecondaryAddressMatch, []codeCase{
		{name: "cloud secondary", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna.berg@contoso.com", "smtp:anna@contoso.com")}, sam: "a", want: true},
		{name: "cloud primary", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_upn_unverified_suffix(t *testing.T) {
	runCodeCases(t, UPNUnverifiedSuffix, []codeCase{
		{name: "contoso.local", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.local")}, sam: "a", want: true, detail: "anna@contoso.onmicrosoft.com"},
		{name: "no domain list known", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.local")}, settings: func(s *Settings) { s.VerifiedDomains = nil }, sam: "a", want: false},
	})
}

func TestFinding_smtp_unverified_domain(t *testing.T) {
	runCodeCases(t, SMTPUnverifiedDomain, []codeCase{
		{name: "primary on an unverified domain", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@litware.com")}, sam: "a", want: true, detail: "litware.com"},
		{name: "secondary on an unverified domain is fine", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com", "smtp:anna@litware.com")}, sam: "a", want: false},
	})
}

func TestFinding_invalid_value(t *testing.T) {
	runCodeCases(t, InvalidValue, []codeCase{
		{name: "no-break space in UPN", onprem: []OnPrem{user("a", guidAnna, "anna\u00a0berg@contoso.com")}, sam: "a", want: true, detail: "U+00A0 NO-BREAK SPACE"},
		{name: "zero-width space in proxy address", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna\u200b@contoso.com")}, sam: "a", want: true, detail: "U+200B ZERO WIDTH SPACE"},
		{name: "umlaut in UPN", onprem: []OnPrem{user("a", guidAnna, "jürgen@contoso.com")}, sam: "a", want: true, detail: "U+00FC LATIN SMALL LETTER U WITH DIAERESIS"},
		{name: "two primaries", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com", "SMTP:berg@contoso.com")}, sam: "a", want: true, detail: "only one primary"},
		{name: "long sAMAccountName", onprem: []OnPrem{user("anna.berg.consultant1", guidAnna, "anna@contoso.com")}, sam: "anna.berg.consultant1", want: true, detail: "21 characters"},
		{name: "proxy without prefix", onprem: []OnPrem{user("a", guidAnna, "anna@contoso.com", "anna@contoso.com")}, sam: "a", want: true, detail: "no type prefix"},
		{name: "apostrophe allowed in UPN", onprem: []OnPrem{user("a", guidAnna, "o'brien@contoso.com", "SMTP:o'brien@contoso.com")}, sam: "a", want: false},
	})
}

func TestFinding_onprem_disabled(t *testing.T) {
	disabled := user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com")
	disabled.Enabled = boolp(false)
	enabledCloud := cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")
	enabledCloud.AccountEnabled = boolp(true)
	unknownCloud := cloudUser("c", "anna@contoso.com", "SMTP:anna@contoso.com")
	runCodeCases(t, OnPremDisabled, []codeCase{
		{name: "disabled joins enabled", onprem: []OnPrem{disabled}, cloud: []Cloud{enabledCloud}, sam: "a", want: true},
		{name: "cloud state unknown", onprem: []OnPrem{disabled}, cloud: []Cloud{unknownCloud}, sam: "a", want: false},
	})
}

// TestEveryCodeHasATest keeps this file complete as codes are added.
func TestEveryCodeHasATest(t *testing.T) {
	tested := map[Code]bool{
		OnPremDuplicateAddress: true, OnPremDuplicateUPN: true, CloudBound: true, CloudAdmin: true, Contested: true,
		UPNTaken: true, AddressTaken: true, CollisionOnCreate: true, SoftMatchBlocked: true, ObjectTypeMismatch: true,
		HardMatchBlocked: true, LikelySamePerson: true, UPNChanges: true, PrimarySMTPChanges: true,
		SecondaryAddressMatch: true, UPNUnverifiedSuffix: true, SMTPUnverifiedDomain: true, InvalidValue: true, OnPremDisabled: true,
		DuplicateGroup: true, SecondaryAddressTaken: true,
	}
	for _, c := range Codes {
		if !tested[c] {
			t.Errorf("code %s has no TestFinding_ test", c)
		}
	}
}
