// Package pscheck runs the PowerShell checker the tests use (../shared/tools/pscheck beside
// the repository, or the folder SOFTMATCH_PSCHECK names): tree-sitter's PowerShell grammar
// for syntax, and a port of PowerShell's own string rules for the decoded value of every
// literal. No PowerShell is needed, so generated scripts are checked on any machine.
package pscheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// String is one string literal as pscheck reports it.
type String struct {
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

// Problem is one error or warning.
type Problem struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Source  string `json:"source"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Result is pscheck's --json verdict on one script.
type Result struct {
	OK         bool              `json:"ok"`
	Errors     []Problem         `json:"errors"`
	Warnings   []Problem         `json:"warnings"`
	Strings    []String          `json:"strings"`
	Expansions []json.RawMessage `json:"expansions"`
}

// Dir finds pscheck and says how to install it when it, its npm packages or node are
// missing. Callers fail rather than skip: the scripts' safety is shown only by running it.
func Dir() (string, error) {
	dir := os.Getenv("SOFTMATCH_PSCHECK")
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			return "", fmt.Errorf("cannot locate pscheck: %v; set SOFTMATCH_PSCHECK to its folder", err)
		}
		dir = filepath.Join(root, "..", "shared", "tools", "pscheck")
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node is not installed: pscheck needs Node 18 or later (then run `npm ci` in %s)", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "pscheck.mjs")); err != nil {
		return "", fmt.Errorf("pscheck not found in %s: set SOFTMATCH_PSCHECK to its folder (%v)", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "web-tree-sitter")); err != nil {
		return "", fmt.Errorf("pscheck's dependencies are missing: run `npm ci` in %s (bash scripts/test.sh does)", dir)
	}
	return dir, nil
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

// File runs `node pscheck.mjs --json FILE` and returns its verdict. Exit status 1 only means
// problems were found: they are in the result for the caller to assert on. Extra options
// (--grammar=airbus) are passed on.
func File(path string, options ...string) (Result, error) {
	dir, err := Dir()
	if err != nil {
		return Result{}, err
	}
	args := append([]string{filepath.Join(dir, "pscheck.mjs"), "--json"}, options...)
	cmd := exec.Command("node", append(args, path)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return Result{}, fmt.Errorf("pscheck %s: %v\n%s", path, err, stderr.String())
	}
	var r Result
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return Result{}, fmt.Errorf("pscheck %s: unreadable output: %v\n%s", path, err, stderr.String())
	}
	return r, nil
}

// Problems lists every error and warning as "name:line:column: ..." lines.
func (r Result) Problems(name string) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, fmt.Sprintf("%s:%d:%d: pscheck error [%s %s] %s", name, e.Line, e.Column, e.Source, e.Code, e.Message))
	}
	for _, w := range r.Warnings {
		out = append(out, fmt.Sprintf("%s:%d:%d: pscheck warning [%s %s] %s", name, w.Line, w.Column, w.Source, w.Code, w.Message))
	}
	return out
}
