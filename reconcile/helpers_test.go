package reconcile

import (
	"fmt"
	"slices"
	"testing"
)

// Fixture GUIDs: random, with no palindromic groups, so that a byte-order mistake shows.
const (
	guidAnna  = "35918bc9-196d-40ea-9779-889d79b753f0"
	guidBjörn = "8e2f4a61-7c3b-4d95-a0e8-2b6c9f1d7a34"
	guidZoë   = "c4a7e193-52d8-4f06-b1e9-7d3a50c2f8b6"
	guidJosé  = "1f9c3e7a-a46b-4c28-9d51-e0b7f2a83c95"
)

func anchorOf(t testing.TB, guid string) string {
	t.Helper()
	a, err := ImmutableIDFromGUID(guid)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func boolp(b bool) *bool { return &b }

// defaultSettings is a tenant that started syncing after 2016: UPN soft match on.
func defaultSettings() Settings {
	return Settings{
		UPNSoftMatch:    true,
		VerifiedDomains: []string{"contoso.com", "fabrikam.com"},
		InitialDomain:   "contoso.onmicrosoft.com",
		RolesKnown:      true,
	}
}

// settingsWith returns defaultSettings changed by adjust (nil: unchanged), as a test case's
// settings field gives it.
func settingsWith(adjust func(*Settings)) Settings {
	s := defaultSettings()
	if adjust != nil {
		adjust(&s)
	}
	return s
}

func entryOf(r *Result, sam string) *Entry {
	for k := range r.Entries {
		if r.OnPrem[r.Entries[k].OnPrem].SAMAccountName == sam {
			return &r.Entries[k]
		}
	}
	return nil
}

func mustEntry(t *testing.T, r *Result, sam string) *Entry {
	t.Helper()
	e := entryOf(r, sam)
	if e == nil {
		t.Fatalf("no entry for %s", sam)
	}
	return e
}

func cloudUPN(r *Result, e *Entry) string {
	if e.Cloud < 0 {
		return ""
	}
	return r.Cloud[e.Cloud].UserPrincipalName
}

func findingsWith(r *Result, code Code) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func hasCode(list []Code, c Code) bool { return slices.Contains(list, c) }

func cloudOnlyOf(r *Result, upn string) *CloudOnly {
	for k := range r.CloudOnly {
		if r.Cloud[r.CloudOnly[k].Cloud].UserPrincipalName == upn {
			return &r.CloudOnly[k]
		}
	}
	return nil
}

func describe(r *Result) string {
	s := ""
	for _, e := range r.Entries {
		s += fmt.Sprintf("%s: %s %s %v\n", r.OnPrem[e.OnPrem].SAMAccountName, e.Outcome, cloudUPN(r, &e), e.Findings)
	}
	return s
}
