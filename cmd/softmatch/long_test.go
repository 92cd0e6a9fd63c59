package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/workbook"
)

// TestValueLongerThanACellIsCutAndReported: a 40,000-character displayName is cut with a
// visible marker in the workbook, kept whole in the JSON report, and listed as an input
// issue with its file and line in both.
func TestValueLongerThanACellIsCutAndReported(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("Ö", 40000)
	ad := filepath.Join(dir, "ad.csv")
	cloud := filepath.Join(dir, "cloud.csv")
	os.WriteFile(ad, []byte(`"DistinguishedName","ObjectGUID","SamAccountName","UserPrincipalName","DisplayName"`+"\n"+
		`"CN=Zoe,DC=contoso,DC=local","6f1c2b3a-4d5e-4f60-8172-93a4b5c6d7e8","zoe","zoe@contoso.com","`+long+`"`+"\n"), 0o644)
	os.WriteFile(cloud, []byte(exitTestCloud), 0o644)
	out, js := filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "r.json")
	var stderr bytes.Buffer
	if code := run([]string{"softmatch", "reconcile", "--onprem", ad, "--cloud", cloud, "--out", out, "--json", js, "-q"}, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, _ := os.ReadFile(js)
	if !bytes.Contains(b, []byte(`"line":2,"severity":"warning","code":"cut-in-workbook"`)) || !bytes.Contains(b, []byte(long)) {
		t.Error("the JSON report lacks the issue or the whole value")
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(workbook.SheetMatches)
	found := false
	for _, c := range rows[1] {
		if strings.HasPrefix(c, "ÖÖÖ") {
			found = strings.HasSuffix(c, "…[truncated]") && len([]rune(c)) <= 32767
		}
	}
	if !found {
		t.Error("the Matches row does not show the display name cut with the marker")
	}
	issues, _ := f.GetRows(workbook.SheetInputIssues)
	if len(issues) != 2 || !rowHas(issues[1], workbook.CodeCutInWorkbook) {
		t.Errorf("Input Issues = %q", issues)
	}
}

func rowHas(row []string, v string) bool { return slices.Contains(row, v) }
