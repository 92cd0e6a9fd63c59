package workbook

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// xmlSafe reports whether s survives XML unchanged: valid UTF-8 of characters XML 1.0
// allows. Other characters are replaced with U+FFFD on the way out, by design.
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r == 0xFFFD {
			return false
		}
	}
	return true
}

// FuzzFixValuesRoundTrip checks that any value written to the Fixes sheet reads back as it
// was: no formula, no number, no trimming, no lost escape.
func FuzzFixValuesRoundTrip(f *testing.F) {
	for _, seed := range [][3]string{
		{"=cmd|' /C calc'!A0", "+1", "-1"},
		{"@SUM(1)", "0012345678", "1E5"},
		{" leading and trailing ", "tab\there", "line\nbreak\r\n"},
		{"_x000D_ literal escape", "Björn O’Neill", "大塚 健"},
		{"TRUE", "3/4", "12:30"},
		{"a\x01b", "\xff", strings.Repeat("ü", 40000)},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, target, old, detail string) {
		res := &reconcile.Result{
			OnPrem: []reconcile.OnPrem{{SAMAccountName: target, ObjectGUID: guidZoe}},
			Fixes: []reconcile.Fix{{
				Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: 0, Attribute: "userPrincipalName",
				Old: old, New: "jdoe@contoso.com", Reason: reconcile.UPNUnverifiedSuffix, Detail: detail,
				Approved: true, Script: "onprem-fixes.ps1", Line: 3,
			}},
		}
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := Write(path, &report.Document{Version: "fuzz", Result: res}); err != nil {
			t.Fatal(err)
		}
		rows, err := ReadFixes(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			// A row whose every cell reads back blank is skipped; that needs a blank target,
			// old and detail together with the fixed values, which cannot happen here.
			t.Fatalf("%d rows, want 1", len(rows))
		}
		got := rows[0]
		for _, v := range []struct{ name, in, out string }{
			{"Target", target, got.Target}, {"Current value", old, got.Old}, {"Detail", detail, got.Detail},
		} {
			want := cellText(v.in)
			if !xmlSafe(want) {
				continue
			}
			if v.out != want {
				t.Errorf("%s: wrote %q, read %q", v.name, want, v.out)
			}
		}
		if got.Decision != DecisionApprove || got.Line != 3 {
			t.Errorf("decision %q line %d, want Approve 3", got.Decision, got.Line)
		}
	})
}

func FuzzCellText(f *testing.F) {
	f.Add("jsmith")
	f.Add("\xff\xfe")
	f.Add(strings.Repeat("😀", 17000))
	f.Fuzz(func(t *testing.T, s string) {
		// Repeat to cross the limit with every input, whatever its length.
		in := strings.Repeat(s, 1+40000/max(len(s), 1))
		got := cellText(in)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out")
		}
		if utf16Len(got) > 32767 {
			t.Fatalf("%d UTF-16 units, over the limit", utf16Len(got))
		}
		if utf8.ValidString(in) && utf16Len(in) <= 32767 && got != in {
			t.Fatalf("a value within the limit changed")
		}
	})
}
