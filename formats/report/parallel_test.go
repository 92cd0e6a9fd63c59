package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// bigDocument has arrays long enough to be encoded in chunks on several goroutines, with
// values that need escaping (quotes, backslashes, control and non-ASCII characters).
func bigDocument(n int) *Document {
	r := &reconcile.Result{Entries: []reconcile.Entry{}, CloudOnly: []reconcile.CloudOnly{},
		Findings: []reconcile.Finding{}, Fixes: []reconcile.Fix{}}
	for i := range n {
		sam := fmt.Sprintf("user%d", i)
		r.OnPrem = append(r.OnPrem, reconcile.OnPrem{SAMAccountName: sam,
			DistinguishedName: fmt.Sprintf("CN=Ödegaard\\, \"Jo\" %d,OU=Staff,DC=contoso,DC=local", i),
			UserPrincipalName: sam + "@contoso.com", Source: reconcile.Source{File: "ad.csv", Line: i + 2}})
		r.Cloud = append(r.Cloud, reconcile.Cloud{ID: fmt.Sprintf("%08x-aaaa-4bbb-8ccc-000000000000", i),
			UserPrincipalName: sam + "@contoso.com", DisplayName: "=cmd|' /C calc'!A0\t" + sam})
		e := reconcile.Entry{OnPrem: i, Cloud: -1, Outcome: reconcile.New, Reason: "no match for <" + sam + "> \u2028"}
		if i%3 == 0 {
			e.Cloud, e.Outcome = i, reconcile.SMTPMatch
		} else {
			r.CloudOnly = append(r.CloudOnly, reconcile.CloudOnly{Cloud: i})
		}
		r.Entries = append(r.Entries, e)
		if i%2 == 0 {
			r.Findings = append(r.Findings, reconcile.Finding{Code: reconcile.UPNChanges, Severity: reconcile.Warning,
				OnPrem: []int{i}, Cloud: []int{i}, Detail: "line\nbreak"})
			r.Fixes = append(r.Fixes, reconcile.Fix{Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: i,
				Attribute: "userPrincipalName", Old: sam + "@contoso.local", New: sam + "@contoso.com", Reason: reconcile.UPNChanges})
		}
	}
	return &Document{Generator: "softmatch test", Result: r}
}

// TestChunkedArraysMatchOneByOne: encoding the arrays in chunks on several goroutines gives
// the bytes of encoding them on one, and the progress counter ends at the element count.
func TestChunkedArraysMatchOneByOne(t *testing.T) {
	d := bigDocument(3*arrayChunk + 17)
	var written atomic.Int64
	d.Written = &written
	var parallel bytes.Buffer
	if err := WriteJSON(&parallel, d); err != nil {
		t.Fatal(err)
	}
	r := d.Result
	if want := int64(len(r.Entries) + len(r.CloudOnly) + len(r.Findings) + len(r.Fixes)); written.Load() != want {
		t.Errorf("Written = %d, want %d", written.Load(), want)
	}

	prev := runtime.GOMAXPROCS(1)
	var serial bytes.Buffer
	err := WriteJSON(&serial, d)
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(parallel.Bytes(), serial.Bytes()) {
		t.Fatal("the report encoded on several goroutines differs from the one encoded on one")
	}
	var back struct {
		OnPrem []struct {
			SAM    string `json:"sam"`
			Reason string `json:"reason"`
			Line   int    `json:"line"`
		} `json:"onprem"`
		Fixes []struct {
			Target string `json:"target"`
		} `json:"fixes"`
	}
	if err := json.Unmarshal(parallel.Bytes(), &back); err != nil {
		t.Fatalf("the report is not JSON: %v", err)
	}
	if len(back.OnPrem) != len(r.Entries) || len(back.Fixes) != len(r.Fixes) {
		t.Fatalf("read back %d entries and %d fixes, wrote %d and %d", len(back.OnPrem), len(back.Fixes), len(r.Entries), len(r.Fixes))
	}
	for i, e := range back.OnPrem {
		if want := fmt.Sprintf("user%d", i); e.SAM != want || e.Line != i+2 || e.Reason != "no match for <"+want+"> \u2028" {
			t.Fatalf("entry %d read back as %+v", i, e)
		}
	}
	for i, f := range back.Fixes {
		if want := fmt.Sprintf("user%d", 2*i); f.Target != want {
			t.Fatalf("fix %d targets %q, want %q", i, f.Target, want)
		}
	}
}
