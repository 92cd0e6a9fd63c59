package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/workbook"
	"github.com/softmatch/softmatch/reconcile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// runDemo runs the demo into a fresh folder and returns it.
func runDemo(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"softmatch", "demo", "--out", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("demo exited %d:\n%s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("demo printed on stdout (only asked-for output goes there): %q", stdout.String())
	}
	return dir
}

type demoReport struct {
	Summary struct {
		Outcomes map[string]int `json:"outcomes"`
		Findings map[string]int `json:"findings"`
	} `json:"summary"`
	OnPrem []struct {
		ObjectType string `json:"object_type"`
		Outcome    string `json:"outcome"`
	} `json:"onprem"`
	Fixes []struct {
		Script string `json:"script"`
		Line   int    `json:"line"`
		Old    string `json:"old"`
		New    string `json:"new"`
	} `json:"fixes"`
}

func readReport(t *testing.T, path string) demoReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r demoReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// TestDemoShowsEveryOutcomeAndFinding: the samples exercise every outcome and every finding
// code of the contract (soft-match-blocked is a tenant setting, shown by the demo's second
// run with BlockSoftMatchEnabled).
func TestDemoShowsEveryOutcomeAndFinding(t *testing.T) {
	dir := runDemo(t)
	for _, f := range []string{"report.xlsx", "report.json", "scripts/onprem-fixes.ps1", "scripts/cloud-fixes.ps1",
		"scripts/rollback-onprem.ps1", "scripts/rollback-cloud.ps1", "block-soft-match/report.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo did not write %s", f)
		}
	}
	main := readReport(t, filepath.Join(dir, "report.json"))
	blocked := readReport(t, filepath.Join(dir, "block-soft-match", "report.json"))
	for _, o := range reconcile.Outcomes {
		if main.Summary.Outcomes[string(o)] == 0 {
			t.Errorf("the demo shows no %s outcome", o)
		}
	}
	for _, c := range reconcile.Codes {
		if main.Summary.Findings[string(c)] == 0 && blocked.Summary.Findings[string(c)] == 0 {
			t.Errorf("the demo shows no %s finding", c)
		}
	}
	if blocked.Summary.Findings[string(reconcile.SoftMatchBlocked)] == 0 {
		t.Errorf("the BlockSoftMatch run shows no soft-match-blocked")
	}
}

// TestDemoIsDeterministic: two demo runs into different folders give the same bytes.
func TestDemoIsDeterministic(t *testing.T) {
	a, b := runDemo(t), runDemo(t)
	for _, f := range []string{"report.xlsx", "report.json", "scripts/onprem-fixes.ps1", "scripts/cloud-fixes.ps1",
		"scripts/rollback-onprem.ps1", "scripts/rollback-cloud.ps1"} {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", f, err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", f)
		}
	}
}

// TestDemoGolden keeps what the demo workbook shows and the demo scripts say in golden files
// (go test ./cmd/softmatch -run Golden -update rewrites them; review the diff).
func TestDemoGolden(t *testing.T) {
	dir := runDemo(t)
	var dump bytes.Buffer
	if err := workbook.Dump(&dump, filepath.Join(dir, "report.xlsx")); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/demo/report.xlsx.txt", dump.Bytes())
	for _, s := range []string{"onprem-fixes.ps1", "cloud-fixes.ps1", "rollback-onprem.ps1", "rollback-cloud.ps1"} {
		b, err := os.ReadFile(filepath.Join(dir, "scripts", s))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "testdata/demo/"+s, b)
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff)", path)
	}
}

// changeEntries returns the entries of a script's change table without their running
// numbers, so that two scripts can be compared change by change.
func changeEntries(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	number := regexp.MustCompile(`^\s*@\{ N = \d+; `)
	var out []string
	for _, line := range strings.Split(string(b), "\r\n") {
		if number.MatchString(line) {
			out = append(out, number.ReplaceAllString(line, "@{ "))
		}
	}
	return out
}

// TestScriptsFromReviewedWorkbook: the customer sets one fix to Skip and approves one
// proposal; regenerating the scripts from the workbook drops exactly the one and adds
// exactly the other, and keeps every other change.
func TestScriptsFromReviewedWorkbook(t *testing.T) {
	dir := runDemo(t)
	rows, err := workbook.ReadFixes(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	skip := -1
	for i, r := range rows {
		if r.Script == "onprem-fixes.ps1" && r.Decision == workbook.DecisionApprove {
			skip = i
			break
		}
	}
	if skip < 0 {
		t.Fatal("the demo has no approved on-premises fix")
	}
	// Regenerating from the untouched workbook gives the same changes as reconcile wrote.
	same := filepath.Join(dir, "same")
	var stderr bytes.Buffer
	if code := run([]string{"softmatch", "scripts", "--from", filepath.Join(dir, "report.xlsx"), "--out", same}, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("scripts exited %d: %s", code, stderr.String())
	}
	for _, s := range []string{"onprem-fixes.ps1", "cloud-fixes.ps1"} {
		if a, b := changeEntries(t, filepath.Join(dir, "scripts", s)), changeEntries(t, filepath.Join(same, s)); !slices.Equal(a, b) {
			t.Errorf("%s regenerated from the untouched workbook differs:\n%v\n%v", s, a, b)
		}
	}

	// A proposal that waited for a human (a group's new primary address) is approved in
	// the workbook: it must reach the script, with its object kind.
	group := -1
	for i, r := range rows {
		if r.ObjectType == "group" && r.Side == "onprem" && r.Action != "manual" && r.Decision == "" {
			group = i
			break
		}
	}
	if group < 0 {
		t.Fatal("the demo has no group proposal awaiting a decision")
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	col := len(workbook.FixesHeaders) // Decision is the last column
	for i, decision := range map[int]string{skip: "Skip", group: "Approve"} {
		cell, _ := excelize.CoordinatesToCellName(col, rows[i].Row)
		if err := f.SetCellStr(rows[i].Sheet, cell, decision); err != nil {
			t.Fatal(err)
		}
	}
	reviewed := filepath.Join(dir, "reviewed.xlsx")
	if err := f.SaveAs(reviewed); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "approved")
	if code := run([]string{"softmatch", "scripts", "--from", reviewed, "--out", out}, &bytes.Buffer{}, &stderr); code != exitOK {
		t.Fatalf("scripts exited %d: %s", code, stderr.String())
	}
	before := changeEntries(t, filepath.Join(dir, "scripts", "onprem-fixes.ps1"))
	after := changeEntries(t, filepath.Join(out, "onprem-fixes.ps1"))
	if len(after) != len(before) {
		t.Fatalf("%d changes before, %d after skipping one and approving one", len(before), len(after))
	}
	var dropped, added []string
	for _, e := range before {
		if !slices.Contains(after, e) {
			dropped = append(dropped, e)
		}
	}
	for _, e := range after {
		if !slices.Contains(before, e) {
			added = append(added, e)
		}
	}
	if len(dropped) != 1 || !strings.Contains(dropped[0], "Id = '"+rows[skip].ObjectID+"'") {
		t.Errorf("dropped %v, want the change of %s", dropped, rows[skip].ObjectID)
	}
	if len(added) != 1 || !strings.Contains(added[0], "Type = 'group'") || !strings.Contains(added[0], "Id = '"+rows[group].ObjectID+"'") {
		t.Errorf("added %v, want the group change of %s", added, rows[group].ObjectID)
	}
	if a, b := changeEntries(t, filepath.Join(dir, "scripts", "cloud-fixes.ps1")), changeEntries(t, filepath.Join(out, "cloud-fixes.ps1")); !slices.Equal(a, b) {
		t.Errorf("skipping an on-premises fix changed the cloud script")
	}
}
