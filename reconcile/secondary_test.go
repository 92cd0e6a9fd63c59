package reconcile

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sharedMailbox is a cloud-only shared mailbox as Get-MgUser shows it: a disabled user
// with a mailbox.
func sharedMailbox(id, upn, display string, proxies ...string) Cloud {
	return Cloud{ID: id, UserPrincipalName: upn, DisplayName: display, Mail: upn, AccountEnabled: boolp(false), ProxyAddresses: proxies}
}

// TestFinding_secondary_address_taken checks domain.md 2.3 for secondary addresses: an
// alias of a syncing on-premises object that a cloud object keeps after the first sync is
// dropped by duplicate attribute resiliency, and is reported once, naming every such
// holder in input order.
func TestFinding_secondary_address_taken(t *testing.T) {
	vertrieb := sharedMailbox("s1", "vertrieb@contoso.com", "Vertrieb", "SMTP:vertrieb@contoso.com", "smtp:vertrieb@contoso.onmicrosoft.com")
	søren := cloudUser("c-søren", "soren.kjaer@contoso.com", "SMTP:soren.kjaer@contoso.com")
	tests := []struct {
		name     string
		onprem   []OnPrem
		cloud    []Cloud
		settings func(*Settings)
		sam      string
		outcome  Outcome
		value    string   // the finding's Value; "" when no finding is expected
		holders  []string // cloud UPNs the finding names, in order
		detail   string
		others   []Code // codes that must report the collision instead
	}{
		{name: "new user's alias is a cloud-only shared mailbox",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:Vertrieb@contoso.com", "X500:/o=Contoso/ou=First Administrative Group/cn=Recipients/cn=zdupont")},
			cloud:  []Cloud{vertrieb},
			sam:    "zdupont", outcome: New, value: "Vertrieb@contoso.com", holders: []string{"vertrieb@contoso.com"},
			detail: "The secondary address Vertrieb@contoso.com of zdupont already belongs to cloud user vertrieb@contoso.com (UPN and mail and primary SMTP); Entra drops it from zdupont"},
		{name: "joined user's alias is a different cloud-only user",
			onprem: []OnPrem{user("jgarcia", guidJosé, "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:soren.kjaer@contoso.com")},
			cloud:  []Cloud{cloudUser("c-jose", "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com"), søren},
			sam:    "jgarcia", outcome: SMTPMatch, value: "soren.kjaer@contoso.com", holders: []string{"soren.kjaer@contoso.com"},
			detail: "mail to it keeps reaching the cloud object."},
		{name: "blocked user's alias is a cloud-only shared mailbox",
			onprem: []OnPrem{user("bmuller", guidBjörn, "bjorn.muller@contoso.com", "SMTP:bjorn.muller@contoso.com", "smtp:vertrieb@contoso.com")},
			cloud:  []Cloud{{ID: "c-bjorn", UserPrincipalName: "bjorn.muller@contoso.com", ProxyAddresses: []string{"SMTP:bjorn.muller@contoso.com"}, ImmutableID: "q7YbnS9vRk2xW3u1LpZ0eA=="}, vertrieb},
			sam:    "bmuller", outcome: Blocked, value: "vertrieb@contoso.com", holders: []string{"vertrieb@contoso.com"}},
		{name: "every holder that keeps it, in input order",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:empfang@contoso.com")},
			cloud:  []Cloud{cloudUser("c-anna", "anna.berg@contoso.com", "SMTP:anna.berg@contoso.com", "smtp:empfang@contoso.com"), {ID: "c-emp", UserPrincipalName: "empfang@contoso.com"}},
			sam:    "zdupont", outcome: New, value: "empfang@contoso.com", holders: []string{"anna.berg@contoso.com", "empfang@contoso.com"},
			detail: "cloud user anna.berg@contoso.com (secondary proxy address) and cloud user empfang@contoso.com (UPN)"},
		{name: "holder joined by another on-premises object gives the alias up",
			onprem: []OnPrem{
				user("jgarcia", guidJosé, "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:soren.kjaer@contoso.com"),
				user("skjaer", guidAnna, "skjaer@contoso.com", "SMTP:skjaer@contoso.com"),
			},
			// Hard-matched, so that the joiner holds no copy of the alias itself.
			cloud: []Cloud{{ID: "c-søren", UserPrincipalName: "soren.kjaer@contoso.com", ProxyAddresses: []string{"SMTP:soren.kjaer@contoso.com"}, ImmutableID: "yYuRNW0Z6kCXeYidebdT8A=="}},
			sam:   "jgarcia", outcome: New},
		{name: "holder is the cloud user it joins",
			onprem: []OnPrem{user("skjaer", guidAnna, "soren.kjaer@contoso.com", "SMTP:soren.kjaer@contoso.com", "smtp:søren.kjær@contoso.com")},
			cloud:  []Cloud{cloudUser("c-søren", "soren.kjaer@contoso.com", "SMTP:soren.kjaer@contoso.com", "smtp:søren.kjær@contoso.com")},
			sam:    "skjaer", outcome: SMTPMatch},
		{name: "excluded object syncs nothing",
			onprem: []OnPrem{user("MSOL_4f2a9c81d3e7", guidAnna, "", "SMTP:msol@contoso.com", "smtp:vertrieb@contoso.com")},
			cloud:  []Cloud{vertrieb}, sam: "MSOL_4f2a9c81d3e7", outcome: Excluded},
		{name: "letter case and Unicode case fold together",
			onprem: []OnPrem{user("skjaer", guidAnna, "soren.kjaer@contoso.com", "SMTP:soren.kjaer@contoso.com", "smtp:SØREN.KJÆR@Contoso.com")},
			cloud:  []Cloud{cloudUser("c-sk", "skjaer@fabrikam.com", "SMTP:søren.kjær@contoso.com")},
			sam:    "skjaer", outcome: New, value: "SØREN.KJÆR@Contoso.com", holders: []string{"skjaer@fabrikam.com"}},
		{name: "composed and decomposed diaeresis are one address",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:zoe\u0308@contoso.com")},
			cloud:  []Cloud{cloudUser("c-zoë", "zoe@fabrikam.com", "SMTP:zoë@contoso.com")},
			sam:    "zdupont", outcome: New, value: "zoe\u0308@contoso.com", holders: []string{"zoe@fabrikam.com"}},
		{name: "X500 and SIP values never collide with an SMTP address",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "X500:vertrieb@contoso.com", "SIP:vertrieb@contoso.com")},
			cloud:  []Cloud{sharedMailbox("s1", "teams-vertrieb@contoso.com", "Vertrieb", "SMTP:teams-vertrieb@contoso.com", "SIP:vertrieb@contoso.com", "X500:vertrieb@contoso.com")},
			sam:    "zdupont", outcome: New},
		{name: "alias on a reserved domain is dropped before the sync",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:vertrieb@contoso.onmicrosoft.com")},
			cloud:  []Cloud{vertrieb}, sam: "zdupont", outcome: New},
		{name: "user alias held by a cloud group is object-type-mismatch only",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:team-paris@contoso.com")},
			cloud:  []Cloud{{ID: "g1", Type: Group, DisplayName: "Équipe Paris", Mail: "team-paris@contoso.com", ProxyAddresses: []string{"SMTP:team-paris@contoso.com"}}},
			sam:    "zdupont", outcome: New, others: []Code{ObjectTypeMismatch}},
		{name: "alias two on-premises users and a cloud-only mailbox hold is taken from both",
			onprem: []OnPrem{
				user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:vertrieb@contoso.com"),
				user("jgarcia", guidJosé, "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:Vertrieb@contoso.com"),
			},
			// The mailbox keeps it: neither on-premises user gets it, whichever is first.
			cloud: []Cloud{vertrieb}, sam: "zdupont", outcome: New, value: "vertrieb@contoso.com", holders: []string{"vertrieb@contoso.com"},
			others: []Code{OnPremDuplicateAddress}},
		{name: "alias two on-premises users hold and no cloud object is onprem-duplicate-address only",
			onprem: []OnPrem{
				user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:empfang@contoso.com"),
				user("jgarcia", guidJosé, "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:Empfang@contoso.com"),
			},
			cloud: []Cloud{vertrieb}, sam: "zdupont", outcome: New, others: []Code{OnPremDuplicateAddress}},
		{name: "alias the cloud-bound candidate holds is the block only",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:zoe@contoso.com")},
			cloud: []Cloud{{ID: "c-zoe", UserPrincipalName: "zoe.dupont@contoso.com", Mail: "zoe.dupont@contoso.com",
				ProxyAddresses: []string{"SMTP:zoe.dupont@contoso.com", "smtp:zoe@contoso.com"}, Synced: true}},
			sam: "zdupont", outcome: Blocked, others: []Code{CloudBound}},
		{name: "alias the contested candidate holds is the contest only",
			onprem: []OnPrem{
				user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:zoe@contoso.com"),
				user("zdupont2", guidJosé, "zoe.dupont2@contoso.com", "SMTP:zoe.dupont@contoso.com"),
			},
			cloud: []Cloud{cloudUser("c-zoe", "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:zoe@contoso.com")},
			sam:   "zdupont", outcome: Blocked, others: []Code{Contested}},
		{name: "alias on a domain the tenant has not verified never reaches it",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:zoe.dupont@contoso.local")},
			cloud:  []Cloud{cloudUser("c-z", "zd@contoso.com", "SMTP:zd@contoso.com", "smtp:zoe.dupont@contoso.local")},
			sam:    "zdupont", outcome: New},
		{name: "alias equal to a guest's external address never reaches the tenant",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:adele.vance@partner.example")},
			cloud: []Cloud{{ID: "c-guest", UserPrincipalName: "adele.vance_partner.example#EXT#@contoso.onmicrosoft.com", Mail: "adele.vance@partner.example",
				ProxyAddresses: []string{"SMTP:adele.vance@partner.example"}, UserType: "Guest"}},
			sam: "zdupont", outcome: New},
		{name: "alias equal to the joined user's UPN is upn-taken only",
			onprem: []OnPrem{user("jgarcia", guidJosé, "jose@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:jose@contoso.com")},
			cloud:  []Cloud{cloudUser("c-jose", "jose.garcia@contoso.com", "SMTP:jose.garcia@contoso.com"), cloudUser("c-j", "jose@contoso.com")},
			sam:    "jgarcia", outcome: SMTPMatch, others: []Code{UPNTaken}},
		{name: "alias equal to a new user's UPN is collision-on-create only",
			onprem:   []OnPrem{user("jgarcia", guidJosé, "jose@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:jose@contoso.com")},
			cloud:    []Cloud{cloudUser("c-j", "jose@contoso.com")},
			settings: func(s *Settings) { s.UPNSoftMatch = false },
			sam:      "jgarcia", outcome: New, others: []Code{CollisionOnCreate}},
		{name: "alias equal to the UPN of the bound candidate is the block only",
			onprem: []OnPrem{user("jgarcia", guidJosé, "jose@contoso.com", "SMTP:jose.garcia@contoso.com", "smtp:jose@contoso.com")},
			cloud:  []Cloud{{ID: "c-j", UserPrincipalName: "jose@contoso.com", Synced: true}},
			sam:    "jgarcia", outcome: Blocked, others: []Code{CloudBound}},
		{name: "alias held twice in other case is one finding",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:Vertrieb@contoso.com", "smtp:vertrieb@contoso.com")},
			cloud:  []Cloud{vertrieb},
			sam:    "zdupont", outcome: New, value: "Vertrieb@contoso.com", holders: []string{"vertrieb@contoso.com"}},
		{name: "a second SMTP: value counts as a secondary address",
			onprem: []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "SMTP:vertrieb@contoso.com")},
			cloud:  []Cloud{vertrieb},
			sam:    "zdupont", outcome: New, value: "vertrieb@contoso.com", holders: []string{"vertrieb@contoso.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := settingsWith(tc.settings)
			r := Reconcile(tc.onprem, tc.cloud, s)
			e := mustEntry(t, r, tc.sam)
			if e.Outcome != tc.outcome {
				t.Fatalf("outcome %s, want %s\n%s", e.Outcome, tc.outcome, describe(r))
			}
			fs := findingsWith(r, SecondaryAddressTaken)
			if hasCode(e.Findings, SecondaryAddressTaken) != (tc.value != "") {
				t.Fatalf("entry codes %v, want %s %v\n%+v", e.Findings, SecondaryAddressTaken, tc.value != "", fs)
			}
			for _, c := range tc.others {
				if !hasCode(e.Findings, c) {
					t.Errorf("the collision is not reported as %s: %v", c, e.Findings)
				}
			}
			if tc.value == "" {
				if len(fs) != 0 {
					t.Fatalf("unexpected findings %+v", fs)
				}
				return
			}
			fs = slices.DeleteFunc(fs, func(f Finding) bool { return !slices.Contains(f.OnPrem, e.OnPrem) })
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1: %+v", len(fs), fs)
			}
			f := fs[0]
			var holders []string
			for _, c := range f.Cloud {
				holders = append(holders, r.Cloud[c].UserPrincipalName)
			}
			if f.Severity != Conflict || f.Attribute != "proxyAddresses" || f.Value != tc.value ||
				!reflect.DeepEqual(f.OnPrem, []int{e.OnPrem}) || !reflect.DeepEqual(holders, tc.holders) {
				t.Errorf("finding %+v (holders %v), want value %q holders %v", f, holders, tc.value, tc.holders)
			}
			if tc.detail != "" && !strings.Contains(f.Detail, tc.detail) {
				t.Errorf("detail %q does not say %q", f.Detail, tc.detail)
			}
			for _, upn := range tc.holders {
				if co := cloudOnlyOf(r, upn); co == nil || !hasCode(co.Findings, SecondaryAddressTaken) {
					t.Errorf("cloud-only holder %s does not carry the code: %+v", upn, co)
				}
			}
		})
	}
}

// TestSecondaryAddressTakenFixRemovesTheAliasOnPremises: the fix removes every spelling of
// the alias from the on-premises object, keeps the exported value for the rollback, waits
// for a human's choice and names the other way out.
func TestSecondaryAddressTakenFixRemovesTheAliasOnPremises(t *testing.T) {
	vertrieb := sharedMailbox("s1", "vertrieb@contoso.com", "Vertrieb", "SMTP:vertrieb@contoso.com")
	tests := []struct {
		name    string
		proxies []string
		wantOld []string
	}{
		{"one alias", []string{"SMTP:zoe.dupont@contoso.com", "smtp:Vertrieb@contoso.com"}, []string{"smtp:Vertrieb@contoso.com"}},
		// The scripts never remove an upper-case SMTP: value: a person chooses.
		{"the alias twice", []string{"SMTP:zoe.dupont@contoso.com", "smtp:Vertrieb@contoso.com", "SMTP:vertrieb@CONTOSO.com"},
			[]string{"smtp:Vertrieb@contoso.com", "manual"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op := []OnPrem{{SAMAccountName: "zdupont", ObjectGUID: guidZoë, GivenName: "Zoë", Surname: "Dupont",
				UserPrincipalName: "zoe.dupont@contoso.com", ProxyAddresses: tc.proxies}}
			r := Reconcile(op, []Cloud{vertrieb}, defaultSettings())
			var got []string
			for _, f := range r.Fixes {
				if f.Reason != SecondaryAddressTaken {
					continue
				}
				if !strings.Contains(f.Detail, "take it off cloud user vertrieb@contoso.com instead") {
					t.Errorf("detail %q names no alternative", f.Detail)
				}
				if f.Action == Manual {
					got = append(got, "manual")
					if f.Side != OnPremSide || f.Object != 0 || f.Approved || !strings.Contains(f.Detail, "SMTP:vertrieb@CONTOSO.com as a second primary address") {
						t.Errorf("fix %+v", f)
					}
					continue
				}
				got = append(got, f.Old)
				if f.Side != OnPremSide || f.Action != RemoveAddress || f.Object != 0 || f.Attribute != "proxyAddresses" ||
					f.New != "" || f.Approved || f.Script != OnPremScript {
					t.Errorf("fix %+v", f)
				}
			}
			if !slices.Equal(got, tc.wantOld) {
				t.Errorf("removals of %q, want %q", got, tc.wantOld)
			}
		})
	}
}

// TestOneAliasOnManyObjects: thousands of on-premises users holding one alias that a
// shared mailbox holds too, and thousands of joined cloud users holding another, must stay
// linear and give one onprem-duplicate-address per alias. The mailbox keeps the first
// alias, so each user loses it: one secondary-address-taken each, naming the mailbox. The
// joined users give the second up, so nobody loses that one to the cloud.
func TestOneAliasOnManyObjects(t *testing.T) {
	const n = 20000
	op := make([]OnPrem, n)
	cl := make([]Cloud, 0, n+1)
	for i := range op {
		local := fmt.Sprintf("mitarbeiter%05d", i)
		op[i] = OnPrem{SAMAccountName: fmt.Sprintf("m%05d", i), ObjectGUID: fmt.Sprintf("%08x-1c2d-4e5f-8a9b-0c1d2e3f4a5b", i+1),
			UserPrincipalName: local + "@contoso.com", ProxyAddresses: []string{"SMTP:" + local + "@contoso.com", "smtp:info@contoso.com", "smtp:büro@contoso.com"}}
		cl = append(cl, cloudUser(fmt.Sprintf("c%05d", i), local+"@contoso.com", "SMTP:"+local+"@contoso.com", "smtp:büro@contoso.com"))
	}
	cl = append(cl, sharedMailbox("info", "info@contoso.com", "Info", "SMTP:info@contoso.com"))
	r := Reconcile(op, cl, defaultSettings())
	fs := findingsWith(r, SecondaryAddressTaken)
	if len(fs) != n {
		t.Errorf("%d secondary-address-taken findings, want %d", len(fs), n)
	}
	for _, f := range fs {
		if f.Value != "info@contoso.com" || len(f.Cloud) != 1 || r.Cloud[f.Cloud[0]].ID != "info" {
			t.Fatalf("finding %+v, want info@contoso.com held by the mailbox", f)
		}
	}
	dup := map[string]int{}
	for _, f := range findingsWith(r, OnPremDuplicateAddress) {
		dup[f.Value] = len(f.OnPrem)
	}
	if dup["info@contoso.com"] != n || dup["büro@contoso.com"] != n {
		t.Errorf("onprem-duplicate-address holders %v, want %d for each alias", dup, n)
	}
}

// TestSecondaryAddressTakenIsDeterministic: the same records give the same findings and
// fixes, run after run, with work spread over the processors.
func TestSecondaryAddressTakenIsDeterministic(t *testing.T) {
	const n = 6000 // above the size that findings are written on every processor
	var op []OnPrem
	var cl []Cloud
	for i := range n {
		local := fmt.Sprintf("zoë.dupont%04d", i)
		op = append(op, OnPrem{SAMAccountName: fmt.Sprintf("zd%04d", i), ObjectGUID: fmt.Sprintf("%08x-7a2b-4c3d-9e8f-a1b2c3d4e5f6", i+1),
			UserPrincipalName: fmt.Sprintf("zd%04d@contoso.com", i), ProxyAddresses: []string{"SMTP:" + local + "@contoso.com", fmt.Sprintf("smtp:Postfach%04d@contoso.com", i)}})
		if i%3 == 0 {
			cl = append(cl, sharedMailbox(fmt.Sprintf("s%04d", i), fmt.Sprintf("postfach%04d@contoso.com", i), "Postfach", fmt.Sprintf("SMTP:postfach%04d@contoso.com", i)))
		}
	}
	first := Reconcile(op, cl, defaultSettings())
	if got := len(findingsWith(first, SecondaryAddressTaken)); got != n/3 {
		t.Fatalf("%d secondary-address-taken findings, want %d", got, n/3)
	}
	for range 3 {
		again := Reconcile(op, cl, defaultSettings())
		if !reflect.DeepEqual(first.Findings, again.Findings) || !reflect.DeepEqual(first.Fixes, again.Fixes) {
			t.Fatal("findings or fixes differ between runs")
		}
	}
}

// TestSecondaryAddressTakenFixSaysWhereASyncedHolderChanges: a cloud holder that another
// sync owns already can only be changed in its own directory, and the fix says so.
func TestSecondaryAddressTakenFixSaysWhereASyncedHolderChanges(t *testing.T) {
	op := []OnPrem{user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:empfang@contoso.com")}
	for _, synced := range []bool{false, true} {
		holder := cloudUser("c-emp", "empfang@contoso.com", "SMTP:empfang@contoso.com")
		holder.Synced = synced
		// A second holder, never synced: only the synced one is named as such.
		other := cloudUser("c-rez", "rezeption@contoso.com", "SMTP:rezeption@contoso.com", "smtp:empfang@contoso.com")
		r := Reconcile(op, []Cloud{holder, other}, defaultSettings())
		detail := onlySecondaryFix(t, r)
		says := strings.Contains(detail, "; cloud user empfang@contoso.com is synced already, so change it in the directory it is synced from")
		if says != synced || strings.Contains(detail, "rezeption@contoso.com is synced") {
			t.Errorf("synced %v: detail %q", synced, detail)
		}
	}
}

// TestSecondaryAddressTakenFixNamesTheMailAttribute: when the on-premises mail attribute
// holds the alias too (mail is not the primary address), removing the proxy alone leaves
// the collision, and the fix says so.
func TestSecondaryAddressTakenFixNamesTheMailAttribute(t *testing.T) {
	for _, mail := range []string{"", "Empfang@contoso.com"} {
		o := user("zdupont", guidZoë, "zoe.dupont@contoso.com", "SMTP:zoe.dupont@contoso.com", "smtp:empfang@contoso.com")
		o.Mail = mail
		r := Reconcile([]OnPrem{o}, []Cloud{cloudUser("c-emp", "empfang@contoso.com", "SMTP:empfang@contoso.com")}, defaultSettings())
		detail := onlySecondaryFix(t, r)
		says := strings.Contains(detail, "Remove smtp:empfang@contoso.com from zdupont, and change its mail attribute, which holds the same address, if the alias belongs to")
		if says != (mail != "") {
			t.Errorf("mail %q: detail %q", mail, detail)
		}
	}
}

// onlySecondaryFix returns the detail of the one secondary-address-taken fix of r.
func onlySecondaryFix(t *testing.T, r *Result) string {
	t.Helper()
	var details []string
	for _, f := range r.Fixes {
		if f.Reason == SecondaryAddressTaken {
			details = append(details, f.Detail)
		}
	}
	if len(details) != 1 {
		t.Fatalf("%d secondary-address-taken fixes, want 1: %q", len(details), details)
	}
	return details[0]
}
