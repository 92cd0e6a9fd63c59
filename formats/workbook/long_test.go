package workbook

import (
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// TestLongValuesAreInputIssues: a value over Excel's limit is named with its record's file
// and line; a value at the limit (counted in UTF-16 units, as Excel counts) is not.
func TestLongValuesAreInputIssues(t *testing.T) {
	atLimit := strings.Repeat("é", 32767)                         // 32,767 units, 65,534 bytes
	over := strings.Repeat("Ö", 32000) + strings.Repeat("😀", 400) // 32,800 units
	r := &reconcile.Result{
		OnPrem: []reconcile.OnPrem{
			{Source: reconcile.Source{File: "ad.csv", Line: 7}, SAMAccountName: "zoe", DisplayName: over},
			{Source: reconcile.Source{File: "ad.csv", Line: 8}, SAMAccountName: "bo", DisplayName: atLimit},
		},
		Cloud: []reconcile.Cloud{{Source: reconcile.Source{File: "cloud.csv", Line: 3}, ProxyAddresses: []string{"SMTP:a@contoso.com", "smtp:" + over}}},
	}
	got := LongValues(r)
	if len(got) != 2 {
		t.Fatalf("got %d issues, want 2: %+v", len(got), got)
	}
	if got[0].File != "ad.csv" || got[0].Line != 7 || !strings.Contains(got[0].Message, "displayName holds 32800 characters") || got[0].Code != CodeCutInWorkbook {
		t.Errorf("on-premises issue = %+v", got[0])
	}
	if got[1].File != "cloud.csv" || got[1].Line != 3 || !strings.HasPrefix(got[1].Message, "proxyAddresses") {
		t.Errorf("cloud issue = %+v", got[1])
	}
	if cut := cellText(over); utf16Len(cut) > 32767 || !strings.HasSuffix(cut, truncMarker) {
		t.Errorf("the workbook cell is %d units and ends %q", utf16Len(cut), cut[len(cut)-20:])
	}
}
