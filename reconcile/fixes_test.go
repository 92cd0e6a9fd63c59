package reconcile

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

func TestFixes(t *testing.T) {
	type want struct {
		side     Side
		action   Action
		attr     string
		old, new string
		approved bool
	}
	tests := []struct {
		name     string
		onprem   []OnPrem
		cloud    []Cloud
		settings func(*Settings)
		reason   Code
		want     want
	}{
		{name: "likely pair with a mailbox gets its primary SMTP",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "anna.berg@contoso.local", ProxyAddresses: []string{"SMTP:anna.berg@fabrikam.com"}}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "anna.b@contoso.com", GivenName: "Anna", Surname: "Berg", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}},
			reason: LikelySamePerson, want: want{OnPremSide, SetPrimarySMTP, "proxyAddresses", "anna.berg@fabrikam.com", "anna.berg@contoso.com", false}},
		{name: "likely pair without a mailbox is hard-matched",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "ab@contoso.com"}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "anna.berg@contoso.onmicrosoft.com"}},
			reason: LikelySamePerson, want: want{CloudSide, SetImmutableID, "onPremisesImmutableId", "", "yYuRNW0Z6kCXeYidebdT8A==", false}},
		{name: "likely pair with a stale ImmutableId takes it over",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "ab@contoso.com"}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "anna.berg@contoso.onmicrosoft.com", ImmutableID: "q7YbnS9vRk2xW3u1LpZ0eA=="}},
			reason: LikelySamePerson, want: want{OnPremSide, SetConsistencyGUID, "mS-DS-ConsistencyGuid", "", "q7YbnS9vRk2xW3u1LpZ0eA==", false}},
		{name: "likely pair with a stale ImmutableId and a mailbox clears it",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "anna.berg@contoso.local"}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "anna.b@contoso.com", GivenName: "Anna", Surname: "Berg", ImmutableID: "q7YbnS9vRk2xW3u1LpZ0eA==", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}},
			reason: LikelySamePerson, want: want{CloudSide, ClearImmutableID, "onPremisesImmutableId", "q7YbnS9vRk2xW3u1LpZ0eA==", "", false}},
		{name: "cloud-bound candidate: on-prem takes the cloud ImmutableId",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, UserPrincipalName: "ab@contoso.com", ProxyAddresses: []string{"SMTP:ab@contoso.com"}}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "ab@contoso.com", ImmutableID: "q7YbnS9vRk2xW3u1LpZ0eA==", ProxyAddresses: []string{"SMTP:ab@contoso.com"}}},
			reason: CloudBound, want: want{OnPremSide, SetConsistencyGUID, "mS-DS-ConsistencyGuid", "", "q7YbnS9vRk2xW3u1LpZ0eA==", true}},
		{name: "soft match blocked: hard-match instead",
			onprem:   []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, UserPrincipalName: "ab@contoso.com", ProxyAddresses: []string{"SMTP:ab@contoso.com"}}},
			cloud:    []Cloud{{ID: "c", UserPrincipalName: "ab@contoso.com", ProxyAddresses: []string{"SMTP:ab@contoso.com"}}},
			settings: func(s *Settings) { s.BlockSoftMatch = true },
			reason:   SoftMatchBlocked, want: want{CloudSide, SetImmutableID, "onPremisesImmutableId", "", "yYuRNW0Z6kCXeYidebdT8A==", true}},
		{name: "admin role: manual instruction",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, UserPrincipalName: "ab@contoso.com", ProxyAddresses: []string{"SMTP:ab@contoso.com"}}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "ab@contoso.com", ProxyAddresses: []string{"SMTP:ab@contoso.com"}, Roles: []string{"Exchange Administrator"}}},
			reason: CloudAdmin, want: want{CloudSide, Manual, "", "", "", false}},
		{name: "unverified suffix: UPN becomes the mail address",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, UserPrincipalName: "ab@contoso.local", ProxyAddresses: []string{"SMTP:Anna.Berg@contoso.com"}}},
			reason: UPNUnverifiedSuffix, want: want{OnPremSide, SetUPN, "userPrincipalName", "ab@contoso.local", "Anna.Berg@contoso.com", true}},
		{name: "UPN taken: keep the joined user's UPN",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, UserPrincipalName: "anna@contoso.com", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}},
			cloud:  []Cloud{cloudUser("c1", "anna.berg@contoso.com", "SMTP:anna.berg@contoso.com"), cloudUser("c2", "anna@contoso.com")},
			reason: UPNTaken, want: want{OnPremSide, SetUPN, "userPrincipalName", "anna@contoso.com", "anna.berg@contoso.com", true}},
		{name: "duplicate address: removal a human must approve",
			onprem: []OnPrem{user("a", guidAnna, "a@contoso.com", "SMTP:a@contoso.com", "smtp:Sales@contoso.com"), user("b", guidBjörn, "b@contoso.com", "SMTP:b@contoso.com", "smtp:sales@contoso.com")},
			reason: OnPremDuplicateAddress, want: want{OnPremSide, RemoveAddress, "proxyAddresses", "smtp:Sales@contoso.com", "", false}},
		{name: "invisible character in a UPN is removed",
			onprem: []OnPrem{user("a", guidAnna, "anna\u200b@contoso.com")},
			reason: InvalidValue, want: want{OnPremSide, SetUPN, "userPrincipalName", "anna\u200b@contoso.com", "anna@contoso.com", true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settingsWith(tt.settings)
			r := Reconcile(tt.onprem, tt.cloud, s)
			var got *Fix
			for k := range r.Fixes {
				if f := &r.Fixes[k]; f.Reason == tt.reason && f.Action == tt.want.action {
					got = f
					break
				}
			}
			if got == nil {
				t.Fatalf("no %s fix for %s in %+v", tt.want.action, tt.reason, r.Fixes)
			}
			w := tt.want
			if got.Side != w.side || got.Attribute != w.attr || got.Old != w.old || got.New != w.new || got.Approved != w.approved || got.Detail == "" {
				t.Errorf("fix %+v, want %+v", *got, w)
			}
			wantScript := map[Side]string{OnPremSide: OnPremScript, CloudSide: CloudScript}[w.side]
			if w.action == Manual {
				wantScript = ""
			}
			if got.Script != wantScript {
				t.Errorf("script %q, want %q", got.Script, wantScript)
			}
		})
	}
}

func TestFixesInEntryOrderThenAction(t *testing.T) {
	op, cl := scenario(t)
	r := Reconcile(op, cl, defaultSettings())
	if len(r.Fixes) == 0 {
		t.Fatal("no fixes for the scenario")
	}
	lastEntry, lastAction := -1, -1
	for _, f := range r.Fixes {
		entry := f.Object
		if f.Side == CloudSide {
			// Cloud fixes follow the entry whose finding raised them; find it.
			entry = -1
			for _, e := range r.Entries {
				if e.Cloud == f.Object {
					entry = e.OnPrem
				}
			}
			if entry < 0 {
				continue
			}
		}
		if entry < lastEntry || entry == lastEntry && actionOrder[f.Action] < lastAction {
			t.Errorf("fix %+v out of order", f)
		}
		lastEntry, lastAction = entry, actionOrder[f.Action]
	}
}

// TestFixesPlannedInPartsMatchOnePlanner checks the rule that planning on several
// processors changes nothing: the plan equals the one a single planner makes going through
// the findings in order, also when a fix of one part repeats a fix of an earlier part,
// which only the earlier part keeps.
func TestFixesPlannedInPartsMatchOnePlanner(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	op, cl := syntheticTenant(12000)
	for i := range op {
		switch i % 7 {
		case 3:
			op[i].UserPrincipalName = fmt.Sprintf("Ünïcode%d@contoso.local", i)
		case 5:
			// Two on-premises users give one address: the fixes of the pair repeat.
			op[i].ProxyAddresses = append(op[i].ProxyAddresses, fmt.Sprintf("smtp:shared%d@contoso.com", i/14))
		}
	}
	r := &Result{Settings: defaultSettings(), OnPrem: op, Cloud: cl}
	e := analyse(r)
	e.sortFindings()
	findings := r.Findings
	tests := []struct {
		name     string
		findings []Finding
	}{
		{"findings once", findings},
		{"every finding twice, the copies in the last part", append(slices.Clone(findings), findings...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.findings) < 4096 {
				t.Fatalf("%d findings are too few to be planned in parts", len(tt.findings))
			}
			e.r.Findings = tt.findings
			one := &fixPlanner{e: e, seen: map[fixKey]bool{}, f: newFolder()}
			for k := range tt.findings {
				e.fixFinding(one, &tt.findings[k])
			}
			parts := e.planInParts()
			if len(parts.list) != len(one.list) {
				t.Fatalf("planned in parts: %d fixes, one planner: %d", len(parts.list), len(one.list))
			}
			for k := range one.list {
				if !reflect.DeepEqual(parts.list[k], one.list[k]) {
					t.Fatalf("fix %d planned in parts %+v, by one planner %+v", k, parts.list[k], one.list[k])
				}
			}
		})
	}
}
