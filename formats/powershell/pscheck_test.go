package powershell

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The scripts are checked with pscheck (../shared/tools/pscheck from the repository root, or
// the folder named by SOFTMATCH_PSCHECK): tree-sitter's PowerShell grammar for syntax, and a
// port of PowerShell's own string rules for the decoded value of every literal. The tests
// fail rather than skip when it is missing: the scripts' safety is only shown by running it.

// psString is one string literal as pscheck reports it.
type psString struct {
	Line       int    `json:"line"`
	Offset     int    `json:"offset"`
	EndOffset  int    `json:"endOffset"`
	Kind       string `json:"kind"`
	Expandable bool   `json:"expandable"`
	Context    string `json:"context"`
	Raw        string `json:"raw"`
	Value      string `json:"value"`
	Terminated bool   `json:"terminated"`
	Expansions []int  `json:"expansions"`
	TreeSitter bool   `json:"treeSitter"`
}

// psProblem is one error or warning.
type psProblem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Source  string `json:"source"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// psResult is pscheck's --json output.
type psResult struct {
	OK         bool              `json:"ok"`
	Errors     []psProblem       `json:"errors"`
	Warnings   []psProblem       `json:"warnings"`
	Strings    []psString        `json:"strings"`
	Expansions []json.RawMessage `json:"expansions"`
}

// pscheckDir finds pscheck and fails the test, saying how to install it, when it or node is
// missing.
func pscheckDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SOFTMATCH_PSCHECK")
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatalf("cannot locate pscheck: %v; set SOFTMATCH_PSCHECK to its folder", err)
		}
		dir = filepath.Join(root, "..", "shared", "tools", "pscheck")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is not installed: pscheck needs Node 18 or later (then run `npm ci` in %s)", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "pscheck.mjs")); err != nil {
		t.Fatalf("pscheck not found in %s: set SOFTMATCH_PSCHECK to its folder (%v)", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "web-tree-sitter")); err != nil {
		t.Fatalf("pscheck's dependencies are missing: run `npm ci` in %s (../shared/tools/pscheck from the repository root)", dir)
	}
	return dir
}

// repoRoot walks up from the working directory to the folder holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// pscheck runs `node pscheck.mjs --json file` on a script body and returns its verdict. Exit
// status 1 only means errors were found: they are in the result for the caller to assert on.
// Extra options (--grammar=airbus) are passed on.
func pscheck(t *testing.T, name string, body []byte, options ...string) psResult {
	t.Helper()
	dir := pscheckDir(t)
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{filepath.Join(dir, "pscheck.mjs"), "--json"}, options...)
	cmd := exec.Command("node", append(args, file)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("pscheck %s: %v\n%s", name, err, stderr.String())
	}
	var r psResult
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("pscheck %s: unreadable output: %v\n%s", name, err, stderr.String())
	}
	return r
}

// requireClean fails the test for any pscheck error or warning.
func requireClean(t *testing.T, name string, r psResult) {
	t.Helper()
	for _, e := range r.Errors {
		t.Errorf("%s:%d:%d: pscheck error [%s %s] %s", name, e.Line, e.Column, e.Source, e.Code, e.Message)
	}
	for _, w := range r.Warnings {
		t.Errorf("%s:%d:%d: pscheck warning [%s %s] %s", name, w.Line, w.Column, w.Source, w.Code, w.Message)
	}
}
