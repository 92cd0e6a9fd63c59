package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
)

func sampleDocument() *Document {
	r := &reconcile.Result{
		Settings: reconcile.Settings{UPNSoftMatch: true, VerifiedDomains: []string{"contoso.com"}, VerifiedDomainsInferred: true},
		OnPrem: []reconcile.OnPrem{
			{SAMAccountName: "björn", DistinguishedName: "CN=Björn Åström,OU=Users,DC=contoso,DC=local",
				ObjectGUID: "35918bc9-196d-40ea-9779-889d79b753f0", UserPrincipalName: "bjorn@contoso.com",
				Source: reconcile.Source{File: "ad.csv", Line: 3}},
			{Type: reconcile.Contact, DistinguishedName: "CN=Vendor,OU=Contacts,DC=contoso,DC=local"},
		},
		Cloud: []reconcile.Cloud{
			{ID: "0f6a2e4c-1b2d-4e5f-8a9b-0c1d2e3f4a5b", UserPrincipalName: "bjorn@contoso.com", ProxyAddresses: []string{"smtp:b@contoso.com", "SMTP:bjorn@contoso.com"}},
			{ID: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", UserPrincipalName: "=cmd|' /C calc'!A0@contoso.com"},
		},
		Entries: []reconcile.Entry{
			{OnPrem: 0, UPN: "bjorn@contoso.com", PrimarySMTP: "bjorn@contoso.com", Outcome: reconcile.SMTPMatch, Cloud: 0,
				Reason: "SMTP soft match: <b>&", Findings: []reconcile.Code{reconcile.UPNChanges}},
			{OnPrem: 1, Outcome: reconcile.Excluded, Cloud: -1},
		},
		CloudOnly: []reconcile.CloudOnly{{Cloud: 1}},
		Findings:  []reconcile.Finding{{Code: reconcile.UPNChanges, Severity: reconcile.Warning, OnPrem: []int{0}, Cloud: []int{0}, Detail: "d"}},
		Fixes: []reconcile.Fix{
			{Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: 0, Attribute: "userPrincipalName", Old: "a", New: "b", Reason: reconcile.UPNChanges, Script: "onprem-fixes.ps1", Line: 40, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.ClearImmutableID, Object: 1, Attribute: "onPremisesImmutableId", Old: "x", Reason: reconcile.CloudBound, Script: "cloud-fixes.ps1"},
		},
	}
	return &Document{Generator: "softmatch test", Version: "test", Result: r,
		Inputs: []exports.FileInfo{{File: "ad.csv", Side: exports.OnPrem, Format: exports.FormatGetADUser, Encoding: "utf-16le", Delimiter: ",", Records: 2, SHA256: "ab"}},
		Issues: []exports.Issue{{File: "ad.csv", Line: 12, Column: 3, Severity: exports.IssueError, Code: "type-name", Message: "m", Hint: "h"}},
	}
}

// TestJSONReportHasEveryContractKey checks the keys contract.md lists, at every level.
func TestJSONReportHasEveryContractKey(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	want := map[string][]string{
		"":             {"schema", "generator", "settings", "inputs", "summary", "onprem", "cloud_only", "findings", "fixes", "input_issues"},
		"settings":     {"upn_soft_match", "block_soft_match", "block_hard_match", "verified_domains", "verified_domains_inferred", "roles_known"},
		"inputs":       {"file", "side", "format", "encoding", "delimiter", "records", "sha256"},
		"summary":      {"onprem", "cloud", "outcomes", "cloud_only", "findings", "fixes", "input_issues"},
		"onprem":       {"sam", "dn", "object_guid", "upn", "primary_smtp", "outcome", "cloud_id", "cloud_upn", "findings", "object_type", "reason"},
		"cloud_only":   {"cloud_id", "upn", "findings"},
		"findings":     {"code", "severity", "onprem", "cloud", "detail"},
		"fixes":        {"side", "target", "attribute", "old", "new", "reason", "script"},
		"input_issues": {"file", "line", "severity", "code", "message"},
	}
	for section, keys := range want {
		var obj map[string]any
		switch v := doc[section].(type) {
		case map[string]any:
			obj = v
		case []any:
			if len(v) == 0 {
				t.Fatalf("%s is empty", section)
			}
			obj = v[0].(map[string]any)
		default:
			if section != "" {
				t.Fatalf("%s missing", section)
			}
			obj = doc
		}
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%q lacks key %q", section, k)
			}
		}
	}
	if doc["schema"] != "softmatch-report/1" {
		t.Errorf("schema = %v", doc["schema"])
	}
	sum := doc["summary"].(map[string]any)
	outcomes := sum["outcomes"].(map[string]any)
	for _, o := range reconcile.Outcomes {
		if _, ok := outcomes[string(o)]; !ok {
			t.Errorf("summary.outcomes lacks %s", o)
		}
	}
	if outcomes["smtp-match"].(float64) != 1 || outcomes["excluded"].(float64) != 1 {
		t.Errorf("outcome counts wrong: %v", outcomes)
	}
	onprem := doc["onprem"].([]any)
	if c := onprem[1].(map[string]any); c["object_type"] != "contact" || c["cloud_id"] != "" {
		t.Errorf("contact entry = %v", c)
	}
	if f := doc["findings"].([]any)[0].(map[string]any); f["onprem"].([]any)[0] != "björn" {
		t.Errorf("finding names on-prem object %v", f["onprem"])
	}
	fix := doc["fixes"].([]any)[1].(map[string]any)
	if fix["target"] != "=cmd|' /C calc'!A0@contoso.com" || fix["object_id"] != "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d" {
		t.Errorf("cloud fix target = %v", fix)
	}
}

// TestJSONReportIsDeterministic: same document, same bytes; HTML characters stay readable.
func TestJSONReportIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteJSON(&a, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes differ")
	}
	if !bytes.Contains(a.Bytes(), []byte(`"SMTP soft match: <b>&"`)) {
		t.Error("reason was escaped or lost")
	}
}
