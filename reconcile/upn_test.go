package reconcile

import (
	"slices"
	"strings"
	"testing"
)

func TestUPNSoftMatchComparesTheComputedUPN(t *testing.T) {
	tests := []struct {
		name     string
		onprem   OnPrem
		cloud    []Cloud
		settings func(*Settings)
		outcome  Outcome
		cloudUPN string
	}{
		{name: "unverified suffix: the computed UPN on the initial domain matches",
			onprem:  user("billa", guidAnna, "billa@contoso.local"),
			cloud:   []Cloud{cloudUser("c", "billa@contoso.onmicrosoft.com")},
			outcome: UPNMatch, cloudUPN: "billa@contoso.onmicrosoft.com"},
		{name: "computed from mailNickname, not from the UPN prefix",
			onprem:  OnPrem{SAMAccountName: "bå", ObjectGUID: guidBjörn, UserPrincipalName: "bjorn@contoso.local", MailNickname: "bjorn.aberg"},
			cloud:   []Cloud{cloudUser("c1", "bjorn@contoso.onmicrosoft.com"), cloudUser("c2", "bjorn.aberg@contoso.onmicrosoft.com")},
			outcome: UPNMatch, cloudUPN: "bjorn.aberg@contoso.onmicrosoft.com"},
		{name: "the raw unverified UPN is not what Entra compares",
			onprem:  user("zoe", guidZoë, "zoe@fabrikam.local"),
			cloud:   []Cloud{cloudUser("c", "zoe@fabrikam.local")},
			outcome: New},
		{name: "verified suffix: the UPN itself",
			onprem:  user("jose", guidJosé, "Jose.Nunez@Contoso.com"),
			cloud:   []Cloud{cloudUser("c", "jose.nunez@contoso.com")},
			outcome: UPNMatch, cloudUPN: "jose.nunez@contoso.com"},
		{name: "UPN soft match off: the computed UPN only collides",
			onprem:   user("billa", guidAnna, "billa@contoso.local"),
			cloud:    []Cloud{cloudUser("c", "billa@contoso.onmicrosoft.com")},
			settings: func(s *Settings) { s.UPNSoftMatch = false },
			outcome:  New},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settingsWith(tt.settings)
			r := Reconcile([]OnPrem{tt.onprem}, tt.cloud, s)
			e := &r.Entries[0]
			if e.Outcome != tt.outcome || cloudUPN(r, e) != tt.cloudUPN {
				t.Errorf("got %s %q, want %s %q\n%s", e.Outcome, cloudUPN(r, e), tt.outcome, tt.cloudUPN, describe(r))
			}
			replaced := tt.onprem.UserPrincipalName != "" && !strings.EqualFold(e.UPN, tt.onprem.UserPrincipalName)
			if e.Outcome == UPNMatch && replaced != strings.Contains(e.Reason, "computed by Entra") {
				t.Errorf("reason %q does not say whether the UPN was computed", e.Reason)
			}
		})
	}
}

func TestComputedUPNIsInTheUniquenessIndex(t *testing.T) {
	tests := []struct {
		name   string
		onprem []OnPrem
		code   Code
		value  string
		sams   []string
	}{
		{name: "two unverified suffixes compute one UPN",
			onprem: []OnPrem{user("b1", guidAnna, "bob@a.local"), user("b2", guidBjörn, "bob@b.local")},
			code:   OnPremDuplicateUPN, value: "bob@contoso.onmicrosoft.com", sams: []string{"b1", "b2"}},
		{name: "a computed UPN equals another object's initial-domain UPN",
			onprem: []OnPrem{user("b1", guidAnna, "Bob@Contoso.onmicrosoft.com"), user("b2", guidBjörn, "bob@b.local")},
			code:   OnPremDuplicateUPN, value: "bob@contoso.onmicrosoft.com", sams: []string{"b1", "b2"}},
		{name: "a computed UPN from mailNickname equals another's",
			onprem: []OnPrem{
				{SAMAccountName: "ø1", ObjectGUID: guidZoë, UserPrincipalName: "søren@a.local", MailNickname: "soren"},
				{SAMAccountName: "ø2", ObjectGUID: guidJosé, UserPrincipalName: "s.x@b.local", MailNickname: "Soren"},
			},
			code: OnPremDuplicateUPN, value: "soren@contoso.onmicrosoft.com", sams: []string{"ø1", "ø2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile(tt.onprem, nil, defaultSettings())
			var got []string
			for _, f := range findingsWith(r, tt.code) {
				if f.Value != tt.value {
					continue
				}
				for _, i := range f.OnPrem {
					got = append(got, r.OnPrem[i].SAMAccountName)
				}
			}
			if !slices.Equal(got, tt.sams) {
				t.Errorf("%s on %s involves %q, want %q\n%+v", tt.code, tt.value, got, tt.sams, r.Findings)
			}
		})
	}
}

func TestReplacedUPNIsNotInTheUniquenessIndex(t *testing.T) {
	// Two objects whose unverified UPNs are equal but whose computed UPNs differ do not
	// collide in Entra: the raw UPN never reaches the tenant.
	r := Reconcile([]OnPrem{
		{SAMAccountName: "a1", ObjectGUID: guidAnna, UserPrincipalName: "anna@contoso.local", MailNickname: "anna.one"},
		{SAMAccountName: "a2", ObjectGUID: guidBjörn, UserPrincipalName: "anna@contoso.local", MailNickname: "anna.two"},
	}, nil, defaultSettings())
	if f := findingsWith(r, OnPremDuplicateUPN); len(f) != 0 {
		t.Errorf("duplicate UPN reported for UPNs Entra never sees: %+v", f)
	}
	if got := r.Entries[1].UPN; got != "anna.two@contoso.onmicrosoft.com" {
		t.Errorf("incoming UPN %q", got)
	}
}

func TestDuplicateAddressWhenTwoShareAUPNAndAThirdHoldsItAsAddress(t *testing.T) {
	r := Reconcile([]OnPrem{
		user("x1", guidAnna, "x@contoso.com"),
		user("x2", guidBjörn, "X@contoso.com"),
		user("x3", guidZoë, "zoë@contoso.com", "SMTP:zoe@contoso.com", "smtp:x@contoso.com"),
	}, nil, defaultSettings())
	e := mustEntry(t, r, "x3")
	if !hasCode(e.Findings, OnPremDuplicateAddress) {
		t.Errorf("the third holder has no %s: %v\n%+v", OnPremDuplicateAddress, e.Findings, r.Findings)
	}
	if !hasCode(mustEntry(t, r, "x1").Findings, OnPremDuplicateUPN) {
		t.Errorf("the UPN holders lost %s", OnPremDuplicateUPN)
	}
	// Two objects sharing only a UPN are one finding, not two.
	r = Reconcile([]OnPrem{user("x1", guidAnna, "x@contoso.com"), user("x2", guidBjörn, "x@contoso.com")}, nil, defaultSettings())
	if f := findingsWith(r, OnPremDuplicateAddress); len(f) != 0 {
		t.Errorf("UPN-only duplicate also reported as an address: %+v", f)
	}
}

func TestCloudMailStandsForThePrimaryWithoutAProxyColumn(t *testing.T) {
	anna := user("anna", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")
	tests := []struct {
		name     string
		cloud    []Cloud
		outcome  Outcome
		cloudUPN string
	}{
		{name: "no proxyAddresses column: mail is the primary address",
			cloud: []Cloud{
				{ID: "c1", UserPrincipalName: "a.berg@contoso.com", Mail: "Anna.Berg@contoso.com", NoProxyColumn: true},
				{ID: "c2", UserPrincipalName: "anna@contoso.com", NoProxyColumn: true},
			},
			outcome: SMTPMatch, cloudUPN: "a.berg@contoso.com"},
		{name: "no proxyAddresses column, malformed mail: not an address",
			cloud: []Cloud{
				{ID: "c1", UserPrincipalName: "a.berg@contoso.com", Mail: "Anna.Berg@contoso.com\tx", NoProxyColumn: true},
				{ID: "c2", UserPrincipalName: "anna@contoso.com", NoProxyColumn: true},
			},
			outcome: UPNMatch, cloudUPN: "anna@contoso.com"},
		{name: "a proxyAddresses column that is empty: no mailbox, no SMTP match",
			cloud: []Cloud{
				{ID: "c1", UserPrincipalName: "a.berg@contoso.com", Mail: "Anna.Berg@contoso.com"},
				{ID: "c2", UserPrincipalName: "anna@contoso.com"},
			},
			outcome: UPNMatch, cloudUPN: "anna@contoso.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile([]OnPrem{anna}, tt.cloud, defaultSettings())
			e := &r.Entries[0]
			if e.Outcome != tt.outcome || cloudUPN(r, e) != tt.cloudUPN {
				t.Errorf("got %s %q, want %s %q\n%s", e.Outcome, cloudUPN(r, e), tt.outcome, tt.cloudUPN, describe(r))
			}
		})
	}
}
