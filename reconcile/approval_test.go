package reconcile

import (
	"fmt"
	"slices"
	"testing"
)

// staleID is the ImmutableId of a cloud user bound to an object that is not in the export.
const staleID = "q7YbnS9vRk2xW3u1LpZ0eA=="

// bindingActions are the fixes that join or bind a cloud object, or hand an address or a
// sign-in name to an object: the ones an approval must never get wrong.
var bindingActions = []Action{SetConsistencyGUID, SetImmutableID, SetPrimarySMTP, ClearImmutableID, SetUPN}

// approvedBindings spells every approved binding fix as "action object new", naming the
// object by sAMAccountName (on-premises) or id (cloud), in result order.
func approvedBindings(r *Result) []string {
	out := []string{}
	for _, f := range r.Fixes {
		if !f.Approved || !slices.Contains(bindingActions, f.Action) {
			continue
		}
		var name string
		if f.Side == OnPremSide {
			name = r.OnPrem[f.Object].SAMAccountName
		} else {
			name = r.Cloud[f.Object].ID
		}
		out = append(out, fmt.Sprintf("%s %s %s", f.Action, name, f.New))
	}
	return out
}

type approvalCase struct {
	name     string
	onprem   []OnPrem
	cloud    []Cloud
	settings func(*Settings)
	want     []string
}

func runApprovalCases(t *testing.T, cases []approvalCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s := settingsWith(tt.settings)
			r := Reconcile(tt.onprem, tt.cloud, s)
			got := approvedBindings(r)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("approved binding fixes\n got %q\nwant %q\n%s", got, want, describe(r))
			}
		})
	}
}

// boundBob is a cloud user bound to an object outside the export, with an alias.
func boundBob() Cloud {
	return Cloud{ID: "c-bob", UserPrincipalName: "bob@contoso.com", DisplayName: "Bob Ó Briain", ImmutableID: staleID,
		ProxyAddresses: []string{"SMTP:bob@contoso.com", "smtp:sales@contoso.com"}}
}

func TestFixesNeverApproveTakeoverOnAnAlias(t *testing.T) {
	runApprovalCases(t, []approvalCase{
		{name: "single claimant on the primary address takes the ImmutableId",
			onprem: []OnPrem{user("bob", guidBjörn, "bob@contoso.com", "SMTP:bob@contoso.com")},
			cloud:  []Cloud{boundBob()},
			want:   []string{"set-consistency-guid bob " + staleID}},
		{name: "an alias hit alone is not evidence",
			onprem: []OnPrem{user("newhire", guidAnna, "newhire@contoso.com", "SMTP:sales@contoso.com")},
			cloud:  []Cloud{boundBob()}},
		{name: "a UPN hit alone does not take over a bound user",
			onprem: []OnPrem{user("bob", guidBjörn, "bob@contoso.com")},
			cloud:  []Cloud{boundBob()}},
		{name: "two claimants of one bound user: neither is approved",
			onprem: []OnPrem{
				user("newhire", guidAnna, "newhire@contoso.com", "SMTP:sales@contoso.com"),
				user("bob", guidBjörn, "bob@contoso.com"),
			},
			cloud: []Cloud{boundBob()}},
		{name: "two claimants, one on the primary address: neither is approved",
			onprem: []OnPrem{
				user("bob", guidBjörn, "robert@contoso.com", "SMTP:bob@contoso.com"),
				user("bob2", guidZoë, "bob@contoso.com"),
			},
			cloud: []Cloud{boundBob()}},
		{name: "the owner of the anchor is in the export with its hard match blocked",
			onprem: []OnPrem{
				user("owner", guidAnna, "owner@contoso.com"),
				user("other", guidBjörn, "other@contoso.com", "SMTP:team@contoso.com"),
			},
			cloud: []Cloud{{ID: "c-owner", UserPrincipalName: "owner@contoso.com", ImmutableID: anchorOf(t, guidAnna),
				ProxyAddresses: []string{"SMTP:owner@contoso.com", "smtp:team@contoso.com"}}},
			settings: func(s *Settings) { s.BlockHardMatch = true }},
		{name: "the owner of the anchor is in the export, other holds the primary",
			onprem: []OnPrem{
				user("owner", guidAnna, "owner@contoso.com"),
				user("other", guidBjörn, "other@contoso.com", "SMTP:owner@contoso.com"),
			},
			cloud: []Cloud{{ID: "c-owner", UserPrincipalName: "owner@contoso.com", ImmutableID: anchorOf(t, guidAnna),
				ProxyAddresses: []string{"SMTP:owner@contoso.com"}}},
			settings: func(s *Settings) { s.BlockHardMatch = true }},
		{name: "hard match blocked by the tenant: no takeover is approved",
			onprem:   []OnPrem{user("bob", guidBjörn, "bob@contoso.com", "SMTP:bob@contoso.com")},
			cloud:    []Cloud{boundBob()},
			settings: func(s *Settings) { s.BlockHardMatch = true }},
	})
}

func TestSoftMatchBlockedApprovesHardMatchOnlyOnThePrimaryAddress(t *testing.T) {
	boss := Cloud{ID: "c-boss", UserPrincipalName: "boss@contoso.com", DisplayName: "Zoë Ärnström",
		ProxyAddresses: []string{"SMTP:boss@contoso.com", "smtp:info@contoso.com"}}
	blockSoft := func(s *Settings) { s.BlockSoftMatch = true }
	runApprovalCases(t, []approvalCase{
		{name: "primary address: hard match approved",
			onprem:   []OnPrem{user("boss", guidZoë, "zoe@contoso.com", "SMTP:boss@contoso.com")},
			cloud:    []Cloud{boss},
			settings: blockSoft,
			want:     []string{"set-immutable-id c-boss " + anchorOf(t, guidZoë)}},
		{name: "alias only: not approved",
			onprem:   []OnPrem{user("newhire", guidAnna, "newhire@contoso.com", "SMTP:info@contoso.com")},
			cloud:    []Cloud{boss},
			settings: blockSoft},
		{name: "two objects on one cloud user: neither approved",
			onprem: []OnPrem{
				user("boss", guidZoë, "zoe@contoso.com", "SMTP:boss@contoso.com"),
				user("boss2", guidAnna, "boss@contoso.com"),
			},
			cloud:    []Cloud{boss},
			settings: blockSoft},
		{name: "another block besides the tenant's: not approved",
			onprem: []OnPrem{user("boss", guidZoë, "zoe@contoso.com", "SMTP:boss@contoso.com")},
			cloud: []Cloud{{ID: "c-boss", UserPrincipalName: "boss@contoso.com", Roles: []string{"Exchange Administrator"},
				ProxyAddresses: []string{"SMTP:boss@contoso.com"}}},
			settings: blockSoft},
		{name: "another exported object carries the same anchor",
			onprem: []OnPrem{
				user("boss", guidZoë, "zoe@contoso.com", "SMTP:boss@contoso.com"),
				user("copy", guidZoë, "copy@contoso.com"),
			},
			cloud:    []Cloud{boss},
			settings: blockSoft},
	})
}

func TestEachCloudObjectClaimedByAtMostOneApprovedJoinFix(t *testing.T) {
	noUPN := func(s *Settings) { s.UPNSoftMatch = false }
	jsmith := cloudUser("c-js", "jsmith@contoso.com")
	runApprovalCases(t, []approvalCase{
		{name: "one holder of the UPN: hard match approved",
			onprem:   []OnPrem{user("jsmith1", guidAnna, "jsmith@contoso.com")},
			cloud:    []Cloud{jsmith},
			settings: noUPN,
			want:     []string{"set-immutable-id c-js " + anchorOf(t, guidAnna)}},
		{name: "two holders of the UPN: neither approved",
			onprem: []OnPrem{
				user("jsmith1", guidAnna, "jsmith@contoso.com"),
				user("jsmith2", guidBjörn, "JSmith@contoso.com"),
			},
			cloud:    []Cloud{jsmith},
			settings: noUPN},
		{name: "UPN holder and an address holder of one cloud user: neither approved",
			onprem: []OnPrem{
				user("jsmith1", guidAnna, "jsmith@contoso.com"),
				user("js", guidBjörn, "js@contoso.com", "SMTP:js@contoso.com"),
			},
			cloud: []Cloud{cloudUser("c-js", "jsmith@contoso.com", "SMTP:js@contoso.com"),
				cloudUser("c-x", "js@contoso.com")},
			settings: func(s *Settings) { s.UPNSoftMatch = false; s.BlockSoftMatch = true }},
	})
}

func TestLikelySamePersonFixesAreNeverApproved(t *testing.T) {
	tests := []struct {
		name   string
		onprem []OnPrem
		cloud  []Cloud
	}{
		{name: "namesake on another verified domain",
			onprem: []OnPrem{{SAMAccountName: "jsmith", ObjectGUID: guidAnna, GivenName: "John", Surname: "Smith",
				UserPrincipalName: "jsmith@contoso.com", ProxyAddresses: []string{"SMTP:jsmith@contoso.com"}}},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "jsmith@fabrikam.com", GivenName: "John", Surname: "Smith",
				ProxyAddresses: []string{"SMTP:jsmith@fabrikam.com"}}}},
		{name: "same names, stale ImmutableId, mailbox",
			onprem: []OnPrem{{SAMAccountName: "ab", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "anna.berg@contoso.local"}},
			cloud: []Cloud{{ID: "c", UserPrincipalName: "anna.b@contoso.com", GivenName: "Anna", Surname: "Berg",
				ImmutableID: staleID, ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}}},
		{name: "same names, no mailbox",
			onprem: []OnPrem{{SAMAccountName: "jm", ObjectGUID: guidJosé, GivenName: "José", Surname: "Müller", UserPrincipalName: "jm@contoso.com"}},
			cloud:  []Cloud{{ID: "c", UserPrincipalName: "jose.muller@fabrikam.com", GivenName: "José", Surname: "Müller"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile(tt.onprem, tt.cloud, defaultSettings())
			if len(findingsWith(r, LikelySamePerson)) == 0 {
				t.Fatalf("no likely-same-person finding:\n%s", describe(r))
			}
			proposed := 0
			for _, f := range r.Fixes {
				if f.Reason != LikelySamePerson || f.Action == Manual {
					continue
				}
				proposed++
				if f.Approved {
					t.Errorf("likely-same-person fix approved: %+v", f)
				}
			}
			if proposed == 0 {
				t.Errorf("no change proposed for the pair: %+v", r.Fixes)
			}
		})
	}
}

func TestNoTwoApprovedFixesGiveOneValueToTwoObjects(t *testing.T) {
	runApprovalCases(t, []approvalCase{
		{name: "two unverified UPNs would both become one mail address",
			onprem: []OnPrem{
				user("a1", guidAnna, "anna@contoso.local", "SMTP:anna@contoso.com"),
				{SAMAccountName: "a2", ObjectGUID: guidBjörn, UserPrincipalName: "anna@fabrikam.local", Mail: "Anna@contoso.com"},
			}},
		{name: "one unverified UPN becomes its mail address",
			onprem: []OnPrem{user("a1", guidAnna, "anna@contoso.local", "SMTP:anna@contoso.com")},
			want:   []string{"set-upn a1 anna@contoso.com"}},
	})
}

func TestUPNFixesNeverTakeABlockedCandidatesUPN(t *testing.T) {
	runApprovalCases(t, []approvalCase{
		{name: "unverified suffix: the mail address is the UPN of the bound candidate",
			onprem: []OnPrem{user("anna", guidAnna, "anna@contoso.local", "SMTP:anna@contoso.com")},
			cloud: []Cloud{{ID: "c-anna", UserPrincipalName: "anna@contoso.com", ImmutableID: staleID,
				ProxyAddresses: []string{"SMTP:anna.other@contoso.com", "smtp:anna@contoso.com"}}}},
		{name: "invisible character: the clean UPN belongs to the admin candidate",
			onprem: []OnPrem{user("anna", guidAnna, "anna\u200b@contoso.com", "SMTP:anna@contoso.com")},
			cloud: []Cloud{{ID: "c-anna", UserPrincipalName: "anna@contoso.com", Roles: []string{"Global Administrator"},
				ProxyAddresses: []string{"SMTP:anna@contoso.com"}}}},
	})
}

func TestUPNFixesNeverProposeTheInitialDomain(t *testing.T) {
	runApprovalCases(t, []approvalCase{
		{name: "joined user's UPN is on the initial domain",
			onprem: []OnPrem{user("anna", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna.berg@contoso.onmicrosoft.com", "SMTP:anna.berg@contoso.com"),
				cloudUser("c2", "anna@contoso.com")}},
		{name: "joined user's UPN is on a verified domain",
			onprem: []OnPrem{user("anna", guidAnna, "anna@contoso.com", "SMTP:anna.berg@contoso.com")},
			cloud: []Cloud{cloudUser("c1", "anna.berg@contoso.com", "SMTP:anna.berg@contoso.com"),
				cloudUser("c2", "anna@contoso.com")},
			want: []string{"set-upn anna anna.berg@contoso.com"}},
	})
}

// plannedEngine runs the join and findings of Reconcile and stops before the fixes, so
// that a test can hand the planner a plan of its own.
func plannedEngine(onprem []OnPrem, cloud []Cloud, s Settings) *engine {
	e := analyse(&Result{Settings: s, OnPrem: onprem, Cloud: cloud})
	e.finish()
	return e
}

func TestHoldApprovalsWithdrawsApprovalsThatCollide(t *testing.T) {
	onprem := []OnPrem{
		user("anna", guidAnna, "anna@contoso.com"),
		user("björn", guidBjörn, "bjorn@contoso.com"),
		user("zoë", guidZoë, "zoe@contoso.com"),
	}
	cloud := []Cloud{cloudUser("c0", "x0@fabrikam.com"), cloudUser("c1", "x1@fabrikam.com"),
		{ID: "c2", UserPrincipalName: "x2@fabrikam.com", ImmutableID: staleID}}
	anna, björn := anchorOf(t, guidAnna), anchorOf(t, guidBjörn)
	bindCloud := func(i, c int, anchor string) plannedFix {
		return plannedFix{claim: c, claimant: i, fix: Fix{Side: CloudSide, Action: SetImmutableID, Object: c, New: anchor, Approved: true}}
	}
	setUPN := func(i int, upn string) plannedFix {
		return plannedFix{claim: -1, claimant: -1, fix: Fix{Side: OnPremSide, Action: SetUPN, Object: i, New: upn, Approved: true}}
	}
	tests := []struct {
		name string
		plan []plannedFix
		want []bool
	}{
		{name: "separate joins stand",
			plan: []plannedFix{bindCloud(0, 0, anna), bindCloud(1, 1, björn)},
			want: []bool{true, true}},
		{name: "two claimants of one cloud object",
			plan: []plannedFix{bindCloud(0, 0, anna), bindCloud(1, 0, björn)},
			want: []bool{false, false}},
		{name: "one anchor written to two cloud objects",
			plan: []plannedFix{bindCloud(0, 0, anna), bindCloud(0, 1, anna)},
			want: []bool{false, false}},
		{name: "an anchor another exported object carries",
			plan: []plannedFix{bindCloud(1, 0, anna)},
			want: []bool{false}},
		{name: "an anchor that is another cloud user's ImmutableId",
			plan: []plannedFix{{claim: 0, claimant: 2, fix: Fix{Side: OnPremSide, Action: SetConsistencyGUID, Object: 2, New: staleID, Approved: true}}},
			want: []bool{false}},
		{name: "one UPN for two objects, case aside",
			plan: []plannedFix{setUPN(0, "Shared@contoso.com"), setUPN(1, "shared@contoso.com")},
			want: []bool{false, false}},
		{name: "one UPN and one primary address alike",
			plan: []plannedFix{setUPN(0, "shared@contoso.com"),
				{claim: -1, claimant: -1, fix: Fix{Side: OnPremSide, Action: SetPrimarySMTP, Object: 2, New: "shared@contoso.com", Approved: true}}},
			want: []bool{false, false}},
		{name: "unapproved fixes do not hold back an approved one",
			plan: []plannedFix{bindCloud(0, 0, anna), {claim: 0, claimant: 1, fix: Fix{Side: CloudSide, Action: SetImmutableID, Object: 0, New: björn}}},
			want: []bool{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := plannedEngine(onprem, cloud, defaultSettings())
			e.holdApprovals(tt.plan)
			got := make([]bool, len(tt.plan))
			for k := range tt.plan {
				got[k] = tt.plan[k].fix.Approved
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("approved %v, want %v", got, tt.want)
			}
		})
	}
}
