package powershell

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/softmatch/softmatch/formats/powershell/pscheck"
)

// The scripts are checked with pscheck (../shared/tools/pscheck from the repository root, or
// the folder named by SOFTMATCH_PSCHECK): tree-sitter's PowerShell grammar for syntax, and a
// port of PowerShell's own string rules for the decoded value of every literal. The tests
// fail rather than skip when it is missing: the scripts' safety is only shown by running it.

// The pscheck result types, under the names these tests use.
type (
	psString  = pscheck.String
	psProblem = pscheck.Problem
	psResult  = pscheck.Result
)

// runPscheck runs `node pscheck.mjs --json file` on a script body and returns its verdict. Exit
// status 1 only means errors were found: they are in the result for the caller to assert on.
// Extra options (--grammar=airbus) are passed on.
func runPscheck(t *testing.T, name string, body []byte, options ...string) psResult {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := pscheck.File(file, options...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// requireClean fails the test for any pscheck error or warning.
func requireClean(t *testing.T, name string, r psResult) {
	t.Helper()
	for _, p := range r.Problems(name) {
		t.Error(p)
	}
}
