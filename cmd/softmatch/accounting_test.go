package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/softmatch/softmatch/formats/exports"
)

// TestEveryRecordIsAccountedFor runs reconcile on messy exports (a ragged row, bad quoting,
// a NUL byte, a mailbox export merged into the user export) and checks the contract's
// promise: every on-premises record is in onprem[] or is an error in input_issues[], and
// every cloud object is in cloud_only[] or joined by an onprem[] entry.
func TestEveryRecordIsAccountedFor(t *testing.T) {
	td := filepath.Join("..", "..", "formats", "exports", "testdata")
	out := filepath.Join(t.TempDir(), "r.json")
	var stderr bytes.Buffer
	code := run([]string{"softmatch", "reconcile",
		"--onprem", filepath.Join(td, "aduser-broken.csv"), "--onprem", filepath.Join(td, "aduser-ps51-utf16le.csv"),
		"--cloud", filepath.Join(td, "script-cloud-users.csv"), "--cloud", filepath.Join(td, "script-mailboxes.csv"),
		"--json", out, "--quiet"}, &bytes.Buffer{}, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Inputs []struct {
			Side    string `json:"side"`
			Records int    `json:"records"`
		} `json:"inputs"`
		Summary struct {
			Cloud int `json:"cloud"`
		} `json:"summary"`
		OnPrem []struct {
			Outcome string `json:"outcome"`
			CloudID string `json:"cloud_id"`
			Joined  bool   `json:"joined"`
		} `json:"onprem"`
		CloudOnly []struct {
			CloudID string `json:"cloud_id"`
		} `json:"cloud_only"`
		Issues []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Severity string `json:"severity"`
			Code     string `json:"code"`
		} `json:"input_issues"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	onpremRecords := 0
	for _, in := range r.Inputs {
		if in.Side == string(exports.OnPrem) {
			onpremRecords += in.Records
		}
	}
	dropped := 0
	for _, is := range r.Issues {
		switch is.Code {
		case exports.CodeRaggedRow, exports.CodeBadQuoting, exports.CodeNULByte, exports.CodeFieldTooLong:
			dropped++
			if is.File == "" || is.Line == 0 {
				t.Errorf("a dropped record's issue names no file and line: %+v", is)
			}
		}
	}
	if dropped == 0 {
		t.Fatal("the broken export dropped no record: the fixture no longer tests anything")
	}
	if len(r.OnPrem)+dropped != onpremRecords {
		t.Errorf("%d on-premises records in the files, %d in onprem[] and %d dropped with an issue", onpremRecords, len(r.OnPrem), dropped)
	}
	seen := map[string]int{}
	for _, c := range r.CloudOnly {
		seen[c.CloudID]++
	}
	for _, e := range r.OnPrem {
		joins := e.Outcome == "hard-match" || e.Outcome == "smtp-match" || e.Outcome == "upn-match"
		if e.Joined != joins {
			t.Errorf("outcome %s with joined %v", e.Outcome, e.Joined)
		}
		if e.Joined {
			seen[e.CloudID]++
		}
	}
	if len(seen) != r.Summary.Cloud {
		t.Errorf("%d cloud objects, %d accounted for", r.Summary.Cloud, len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("cloud object %s appears %d times", id, n)
		}
	}
}
