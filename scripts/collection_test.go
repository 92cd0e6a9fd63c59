// Package scripts holds the PowerShell scripts customers run to collect exports in the shape
// softmatch reads best, and the project's test and benchmark entry points. Its Go test checks
// that every collection script parses.
package scripts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/softmatch/softmatch/formats/powershell/pscheck"
)

// TestCollectionScriptsParseClean: every Export-*.ps1 parses with no error or warning in
// pscheck and is saved as UTF-8 with BOM (Windows PowerShell 5.1 reads a BOM-less file in
// the ANSI code page).
func TestCollectionScriptsParseClean(t *testing.T) {
	files, err := filepath.Glob("Export-*.ps1")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("found %d collection scripts, want the users, cloud users, mailboxes, roles, domains, groups and contacts ones", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
			t.Errorf("%s is not saved as UTF-8 with BOM", f)
		}
		r, err := pscheck.File(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Problems(f) {
			t.Error(p)
		}
	}
}
