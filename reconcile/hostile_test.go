package reconcile

import (
	"fmt"
	"strings"
	"testing"
)

// TestOneAddressOnManyObjects: an export where thousands of objects share one address must
// give one finding per rule, listing every holder, and stay linear (each add and lookup
// is constant time, so this finishes instantly rather than after 10^9 steps).
func TestOneAddressOnManyObjects(t *testing.T) {
	const n = 20000
	op := make([]OnPrem, n)
	for i := range op {
		op[i] = OnPrem{SAMAccountName: fmt.Sprintf("u%05d", i), ObjectGUID: fmt.Sprintf("%08x-1c2d-4e5f-8a9b-0c1d2e3f4a5b", i+1),
			UserPrincipalName: fmt.Sprintf("u%05d@contoso.com", i), ProxyAddresses: []string{"SMTP:info@contoso.com"}}
	}
	cl := []Cloud{{ID: "c", UserPrincipalName: "info@contoso.com", ProxyAddresses: []string{"SMTP:info@contoso.com"}}}
	r := Reconcile(op, cl, defaultSettings())
	for _, code := range []Code{OnPremDuplicateAddress, Contested} {
		fs := findingsWith(r, code)
		if len(fs) != 1 || len(fs[0].OnPrem) != n {
			t.Errorf("%s: %d findings", code, len(fs))
		}
	}
	for _, e := range r.Entries {
		if e.Outcome != Blocked {
			t.Fatalf("%s: %s", r.OnPrem[e.OnPrem].SAMAccountName, e.Outcome)
		}
	}
}

// TestHostileValues: damaged cells never panic and every record still gets an entry with
// a reason.
func TestHostileValues(t *testing.T) {
	junk := []string{"", " ", "@", "@@", ":", "SMTP:", "SMTP:@", "smtp:a@", "\x00\x01", "\ufeff", "=cmd|' /C calc'!A0",
		strings.Repeat("ä", 5000), "SMTP:" + strings.Repeat("x", 300) + "@contoso.com", "a@b@c", "\xff\xfe", "Ⅻ@ｃｏｎｔｏｓｏ.com"}
	var op []OnPrem
	var cl []Cloud
	for k, j := range junk {
		op = append(op, OnPrem{SAMAccountName: j, ObjectGUID: j, UserPrincipalName: j, Mail: j, MailNickname: j,
			ProxyAddresses: []string{j, "SMTP:" + j}, GivenName: j, Surname: j, DisplayName: j, DistinguishedName: j, ConsistencyGUID: []byte(j)})
		cl = append(cl, Cloud{ID: fmt.Sprint(k), UserPrincipalName: j, Mail: j, ProxyAddresses: []string{j}, ImmutableID: j,
			GivenName: j, Surname: j, DisplayName: j, MailNickname: j, Roles: []string{j}})
	}
	s := defaultSettings()
	s.VerifiedDomains = append(s.VerifiedDomains, "", "@")
	r := Reconcile(op, cl, s)
	if len(r.Entries) != len(op) {
		t.Fatalf("%d entries for %d records", len(r.Entries), len(op))
	}
	for _, e := range r.Entries {
		if e.Reason == "" {
			t.Errorf("entry %d has no reason", e.OnPrem)
		}
	}
	for _, f := range r.Fixes {
		if f.Action != Manual && f.Script == "" || f.Action == Manual && f.Script != "" {
			t.Errorf("fix %+v has the wrong script", f)
		}
	}
}

func TestGUIDBytesRejectsGarbage(t *testing.T) {
	for _, in := range []string{"", "{}", "35918bc9-196d-40ea-9779-889d79b753f", "35918bc9-196d-40ea-9779-889d79b753f00", "g5918bc9-196d-40ea-9779-889d79b753f0", "System.Byte[]"} {
		if _, err := GUIDBytes(in); err == nil {
			t.Errorf("GUIDBytes(%q) accepted", in)
		}
	}
	a, err := GUIDBytes("(35918BC9-196D-40EA-9779-889D79B753F0)")
	if err != nil || ImmutableIDFromBytes(a) != "yYuRNW0Z6kCXeYidebdT8A==" {
		t.Errorf("parenthesised upper-case GUID: %v %v", a, err)
	}
}

// TestEmptyInputsGiveEmptyLists: the JSON report shows [] rather than null.
func TestEmptyInputsGiveEmptyLists(t *testing.T) {
	r := Reconcile(nil, nil, Settings{})
	if r.Entries == nil || r.CloudOnly == nil || r.Findings == nil || r.Fixes == nil {
		t.Errorf("nil list in %+v", r)
	}
	r = Reconcile([]OnPrem{{SAMAccountName: "a", ObjectGUID: guidAnna}}, nil, Settings{})
	if r.Entries[0].Findings == nil || r.Entries[0].Outcome != New {
		t.Errorf("entry %+v", r.Entries[0])
	}
}
