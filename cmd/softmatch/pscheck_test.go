package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/softmatch/softmatch/formats/powershell/pscheck"
)

// TestDemoScriptsParseAndCarryTheExactValues: every script the demo writes parses with no
// error in pscheck, and at the line the report gives for each fix, the script's literals
// decode to exactly the fix's current and new values.
func TestDemoScriptsParseAndCarryTheExactValues(t *testing.T) {
	dir := runDemo(t)
	for _, run := range []string{".", "block-soft-match"} {
		rep := readReport(t, filepath.Join(dir, run, "report.json"))
		results := map[string]pscheck.Result{}
		for _, s := range []string{"onprem-fixes.ps1", "cloud-fixes.ps1", "rollback-onprem.ps1", "rollback-cloud.ps1"} {
			path := filepath.Join(dir, run, "scripts", s)
			r, err := pscheck.File(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range r.Problems(filepath.Join(run, s)) {
				t.Error(p)
			}
			results[s] = r
		}
		carried := 0
		for _, f := range rep.Fixes {
			if f.Script == "" {
				continue
			}
			carried++
			r, ok := results[f.Script]
			if !ok {
				t.Errorf("fix names unknown script %q", f.Script)
				continue
			}
			var values []string
			for _, s := range r.Strings {
				if s.Line == f.Line {
					values = append(values, s.Value)
				}
			}
			for _, want := range []string{f.Old, f.New} {
				if want != "" && !slices.Contains(values, want) {
					t.Errorf("%s line %d: no literal decodes to %q (literals there: %s)", f.Script, f.Line, want, fmt.Sprintf("%q", values))
				}
			}
		}
		t.Logf("%s: %d fixes carried by the scripts, each checked", run, carried)
		if carried == 0 {
			t.Errorf("%s: the demo's scripts carry no fix", run)
		}
	}
}
