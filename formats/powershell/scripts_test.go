package powershell

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

var update = flag.Bool("update", false, "rewrite the golden scripts in testdata")

// loadChanges reads a list of changes from testdata.
func loadChanges(t *testing.T, name string) []Change {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var c []Change
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

// hostileHeader names inputs whose file names try to end the comment they are listed in.
var hostileHeader = Header{
	Generator: "softmatch 1.0.0\r\nRemove-ADUser x",
	Generated: "2026-11-22T12:00:00Z\u2028Stop-Computer",
	Inputs: []exports.FileInfo{
		{File: "C:\\exports\\ad\u2028Stop-Computer -Force\u0085#>.csv", Side: exports.OnPrem, Format: "get-aduser", Records: 7, SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{File: "/tmp/cloud\r\nInvoke-WebRequest evil\n<#.csv", Side: exports.Cloud, Format: "get-mguser\u2029x", Records: 3, SHA256: "not-hex'; Stop-Computer"},
	},
}

// tableStart returns the UTF-16 offset, as pscheck counts offsets (after the BOM), where the
// table of changes begins.
func tableStart(t *testing.T, body []byte) int {
	t.Helper()
	s := strings.TrimPrefix(string(body), "\uFEFF")
	i := strings.Index(s, "$changes = @(\r\n")
	if i < 0 {
		t.Fatal("no table of changes")
	}
	return len(utf16.Encode([]rune(s[:i+len("$changes = @(\r\n")])))
}

// tableLiterals returns the literals of the table of changes, in order.
func tableLiterals(t *testing.T, body []byte, r psResult) []psString {
	t.Helper()
	start := tableStart(t, body)
	var lits []psString
	for _, s := range r.Strings {
		if s.Offset >= start {
			lits = append(lits, s)
		}
	}
	return lits
}

// want lists the table values of a change, in table order: eight, then for a change that
// carries the exported addresses each of them and the exported mail.
func want(typ, action, id, target, attribute, old, new string, reason string, captured ...string) []string {
	return append([]string{typ, action, id, target, attribute, old, new, reason}, captured...)
}

func TestScriptsParseCleanAndKeepHostileValuesExact(t *testing.T) {
	changes := loadChanges(t, "hostile-changes.json")
	scripts, locs := Generate(hostileHeader, changes)
	for i, l := range locs {
		if l.Script == "" {
			t.Fatalf("change %d (%s %s) is not carried", i, changes[i].Side, changes[i].Action)
		}
	}
	// Forward entries are the inputs as given (an empty ObjectID falls back to the Target).
	expect := map[string][][]string{}
	for i, c := range changes {
		id := c.ObjectID
		if id == "" {
			id = c.Target
		}
		fwd := OnPremScript
		if c.Side == "cloud" {
			fwd = CloudScript
		}
		if locs[i].Script != fwd {
			t.Errorf("change %d carried by %s, want %s", i, locs[i].Script, fwd)
		}
		typ := c.ObjectType
		if typ == "" {
			typ = "user"
		}
		var captured []string
		if c.Captured {
			captured = append(append(captured, c.OldProxies...), c.OldMail)
		}
		expect[fwd] = append(expect[fwd], want(typ, c.Action, id, c.Target, c.Attribute, c.Old, c.New, c.Reason, captured...))
	}
	if len(expect[OnPremScript]) == 0 || !changes[0].Captured || len(changes[0].OldProxies) < 2 {
		t.Fatal("the hostile fixture lacks a set-primary-smtp change carrying its exported addresses")
	}
	// Both tree-sitter grammars pscheck knows must read the scripts as PowerShell does.
	for _, s := range scripts {
		t.Run(s.Name, func(t *testing.T) {
			requireClean(t, s.Name, runPscheck(t, s.Name, s.Body, "--grammar=airbus"))
			r := runPscheck(t, s.Name, s.Body)
			requireClean(t, s.Name, r)
			for _, lit := range r.Strings {
				if lit.Kind != "single" || lit.Expandable || len(lit.Expansions) > 0 || !lit.Terminated || !lit.TreeSitter {
					t.Errorf("line %d: %s literal %q: every string must be a plain single-quoted literal", lit.Line, lit.Kind, lit.Raw)
				}
			}
			if s.Name == OnPremRollback || s.Name == CloudRollback {
				// A rollback script holds no value of the changes: it restores what the
				// journal of a forward run recorded.
				for _, lit := range r.Strings {
					for _, c := range changes {
						for _, v := range append([]string{c.ObjectID, c.Target, c.Old, c.New, c.OldMail}, c.OldProxies...) {
							if len(v) > 3 && lit.Value == v {
								t.Errorf("line %d: literal %q is a value of the changes", lit.Line, lit.Value)
							}
						}
					}
				}
				return
			}
			lits := tableLiterals(t, s.Body, r)
			at := 0
			var starts []psString
			for i, row := range expect[s.Name] {
				if at+len(row) > len(lits) {
					t.Fatalf("entry %d: the table holds %d literals, want at least %d", i+1, len(lits), at+len(row))
				}
				starts = append(starts, lits[at])
				for j, v := range row {
					if lits[at+j].Value != v {
						t.Errorf("entry %d value %d decodes to %q, want %q", i+1, j+1, lits[at+j].Value, v)
					}
				}
				at += len(row)
			}
			// The reported line is the line of the entry: where its first literal starts.
			j := 0
			for i, l := range locs {
				if l.Script != s.Name {
					continue
				}
				if starts[j].Line != l.Line {
					t.Errorf("change %d: location line %d, but its entry starts on line %d", i, l.Line, starts[j].Line)
				}
				j++
			}
		})
	}
}

func TestValuesAppearOnlyInsideLiterals(t *testing.T) {
	changes := loadChanges(t, "hostile-changes.json")
	scripts, _ := Generate(hostileHeader, changes)
	// Pieces of the hostile values that no fixed script text contains.
	pieces := []string{"Remove-ADUser -Identity Administrator", "USERNAME", "line2", "Remove-Item", "calc",
		"block #>", "\u201Cdq", "WhatIf", "Invoke-Expression", "Brien\u2018s", "contoso.onmicrosoft.com"}
	for _, s := range scripts {
		r := runPscheck(t, s.Name, s.Body)
		requireClean(t, s.Name, r)
		code := utf16.Encode([]rune(strings.TrimPrefix(string(s.Body), "\uFEFF")))
		var outside []uint16
		at := 0
		for _, lit := range r.Strings {
			outside = append(outside, code[at:lit.Offset]...)
			outside = append(outside, ' ')
			at = lit.EndOffset
		}
		outside = append(outside, code[at:]...)
		rest := string(utf16.Decode(outside))
		for _, p := range pieces {
			if strings.Contains(rest, p) {
				t.Errorf("%s: %q appears outside a string literal", s.Name, p)
			}
		}
		for _, c := range []string{"\u0085", "\u2028", "\u2029"} {
			if strings.Contains(rest, c) {
				t.Errorf("%s: %U appears outside a string literal", s.Name, []rune(c)[0])
			}
		}
	}
}

func TestHeaderCommentHoldsNoLineBreakFromInputs(t *testing.T) {
	scripts, _ := Generate(hostileHeader, nil)
	for _, s := range scripts {
		body := strings.TrimPrefix(string(s.Body), "\uFEFF")
		head, _, found := strings.Cut(body, "[CmdletBinding()]")
		if !found {
			t.Fatalf("%s: no param line", s.Name)
		}
		for _, c := range []string{"\u0085", "\u2028", "\u2029", "\r\n\r\n"} {
			if strings.Contains(head, c) {
				t.Errorf("%s: header holds %q", s.Name, c)
			}
		}
		for i, line := range strings.Split(strings.TrimSuffix(head, "\r\n"), "\r\n") {
			if !strings.HasPrefix(line, "#") || strings.ContainsAny(line, "\r\n") {
				t.Errorf("%s line %d is not a whole comment line: %q", s.Name, i+1, line)
			}
		}
		for _, p := range []string{
			"#   ad_Stop-Computer -Force___.csv (onprem, get-aduser, 7 records, SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)",
			"#   cloud__Invoke-WebRequest evil___.csv (cloud, get-mguser_x, 3 records, SHA-256 unknown)",
			"# Generated by softmatch 1.0.0__Remove-ADUser x at 2026-11-22T12:00:00Z_Stop-Computer.",
		} {
			if !strings.Contains(head, p) {
				t.Errorf("%s: header lacks %q", s.Name, p)
			}
		}
		// A forward script counts its changes and documents its journal; a rollback script
		// holds no change and documents the journal it reads.
		p := "# Changes: 0."
		if s.Name == OnPremRollback || s.Name == CloudRollback {
			p = "# -Journal (required) names the journal the forward run wrote"
		} else if !strings.Contains(head, "# The journal: with -Apply, before each change the script appends to -JournalPath") {
			t.Errorf("%s: header does not document the journal", s.Name)
		}
		if !strings.Contains(head, p) {
			t.Errorf("%s: header lacks %q", s.Name, p)
		}
	}
}

// goldenResult is a small reconcile result with one fix of every scripted kind, one fix a
// human must still approve and one manual fix.
func goldenResult() *reconcile.Result {
	return &reconcile.Result{
		OnPrem: []reconcile.OnPrem{
			{SAMAccountName: "jsmith", ObjectGUID: "35918bc9-196d-40ea-9779-889d79b753f0", UserPrincipalName: "jsmith@contoso.local",
				ProxyAddresses: []string{"SMTP:john.smith@contoso.com"}},
			{SAMAccountName: "zobrien", ObjectGUID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", DisplayName: "Zoë O’Brien",
				ProxyAddresses: []string{"SMTP:zoe.obrien@fabrikam.com", "smtp:zoe.o’brien@contoso.com"}},
			{SAMAccountName: "mbäcker", ObjectGUID: "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f", DisplayName: "Miriam Bäcker"},
			{Type: reconcile.Group, SAMAccountName: "vertrieb-süd", ObjectGUID: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", GroupCategory: "Distribution",
				ProxyAddresses: []string{"SMTP:vertrieb@contoso.local.example"}},
			{Type: reconcile.Contact, DistinguishedName: "CN=O’Brien\\, Zoë,OU=Contacts,DC=contoso,DC=local", ObjectGUID: "4e6a8c0d-2f1b-4d3c-9e5f-6a7b8c9d0e1f",
				Mail: "zoe.obrien@fabrikam.com", ProxyAddresses: []string{"SMTP:zoe.obrien@fabrikam.com", "smtp:zoe.o’brien@contoso.com"}},
		},
		Cloud: []reconcile.Cloud{
			{ID: "11111111-2222-4333-8444-555555555555", UserPrincipalName: "john.smith@contoso.onmicrosoft.com"},
			{ID: "66666666-7777-4888-9999-aaaaaaaaaaaa", UserPrincipalName: "zoe.obrien@contoso.com", ImmutableID: "QUJDREVGR0hJSktMTU5PUA=="},
			{ID: "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff", UserPrincipalName: "m.baecker@contoso.onmicrosoft.com"},
			{ID: "2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c", Type: reconcile.Group, DisplayName: "Vertrieb Süd", Mail: "vertrieb@contoso.com",
				ProxyAddresses: []string{"SMTP:vertrieb@contoso.com", "smtp:info@contoso.com"}},
			{ID: "3d5f7b9c-1e2a-4f4b-8c6d-8e0f2a4b6c8d", Type: reconcile.Contact, DisplayName: "Łukasz Nowak (extern)",
				ProxyAddresses: []string{"SMTP:lukasz.nowak@partner.example", "smtp:lukasz.nowak@contoso.com"}},
		},
		Fixes: []reconcile.Fix{
			{Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: 0, Attribute: "userPrincipalName",
				Old: "jsmith@contoso.local", New: "john.smith@contoso.com", Reason: reconcile.UPNUnverifiedSuffix, Approved: true},
			{Side: reconcile.OnPremSide, Action: reconcile.SetPrimarySMTP, Object: 1, Attribute: "proxyAddresses",
				Old: "zoe.obrien@fabrikam.com", New: "SMTP:zoe.o’brien@contoso.com", Reason: reconcile.SMTPUnverifiedDomain, Approved: true},
			{Side: reconcile.OnPremSide, Action: reconcile.RemoveAddress, Object: 1, Attribute: "proxyAddresses",
				Old: "smtp:zoe.o’brien@contoso.com", Reason: reconcile.OnPremDuplicateAddress, Approved: false,
				Script: OnPremScript, Line: 99},
			{Side: reconcile.OnPremSide, Action: reconcile.SetConsistencyGUID, Object: 2, Attribute: "mS-DS-ConsistencyGuid",
				New: "PT4/Pz9APkE+QkM/REVGRw==", Reason: reconcile.LikelySamePerson, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.SetImmutableID, Object: 0, Attribute: "onPremisesImmutableId",
				New: "yYuRNW0Z6kCXeYidebdT8A==", Reason: reconcile.UPNChanges, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.ClearImmutableID, Object: 1, Attribute: "onPremisesImmutableId",
				Old: "QUJDREVGR0hJSktMTU5PUA==", Reason: reconcile.CloudBound, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.Manual, Object: 2, Reason: reconcile.CloudAdmin,
				Detail: "remove the role before the first sync", Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.SetUPN, Object: 2, Attribute: "userPrincipalName",
				Old: "m.baecker@contoso.onmicrosoft.com", New: "miriam.baecker@contoso.com", Reason: reconcile.UPNChanges, Approved: true},
			{Side: reconcile.OnPremSide, Action: reconcile.RemoveAddress, Object: 0, Attribute: "proxyAddresses",
				Old: "smtp:j.smith@contoso.com", Reason: reconcile.OnPremDuplicateAddress, Approved: true},
			{Side: reconcile.OnPremSide, Action: reconcile.SetPrimarySMTP, Object: 3, Attribute: "proxyAddresses",
				Old: "vertrieb@contoso.local.example", New: "vertrieb@contoso.com", Reason: reconcile.DuplicateGroup, Approved: true},
			{Side: reconcile.OnPremSide, Action: reconcile.RemoveAddress, Object: 4, Attribute: "proxyAddresses",
				Old: "smtp:zoe.o’brien@contoso.com", Reason: reconcile.ObjectTypeMismatch, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.RemoveAddress, Object: 3, Attribute: "proxyAddresses",
				Old: "smtp:info@contoso.com", Reason: reconcile.ObjectTypeMismatch, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.RemoveAddress, Object: 4, Attribute: "proxyAddresses",
				Old: "smtp:lukasz.nowak@contoso.com", Reason: reconcile.ObjectTypeMismatch, Approved: true},
			{Side: reconcile.CloudSide, Action: reconcile.SetUPN, Object: 3, Attribute: "userPrincipalName",
				New: "vertrieb@contoso.com", Reason: reconcile.UPNChanges, Approved: true},
		},
	}
}

func goldenDocument() *report.Document {
	return &report.Document{
		Generator: "softmatch 1.2.3",
		Version:   "1.2.3",
		Inputs: []exports.FileInfo{
			{File: "exports/ad-users.csv", Side: exports.OnPrem, Format: "get-aduser", Encoding: "utf-16le", Delimiter: ";", Records: 3,
				SHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
			{File: `C:\exports\mg-users.csv`, Side: exports.Cloud, Format: "get-mguser", Encoding: "utf-8-bom", Delimiter: ",", Records: 3,
				SHA256: "FCDE2B2EDBA56BF408601FB721FE9B5C338D10EE429EA04FAE5511B68FBF8FB9"},
		},
		Result: goldenResult(),
	}
}

func TestGoldenScripts(t *testing.T) {
	dir := t.TempDir()
	doc := goldenDocument()
	if err := Write(dir, doc); err != nil {
		t.Fatal(err)
	}
	names := []string{OnPremScript, CloudScript, OnPremRollback, CloudRollback}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(names) {
		t.Errorf("Write left %d files, want the %d scripts and nothing else", len(entries), len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte("\xEF\xBB\xBF")) {
				t.Error("no UTF-8 byte order mark")
			}
			if n := bytes.Count(got, []byte("\n")); n == 0 || n != bytes.Count(got, []byte("\r\n")) || n != bytes.Count(got, []byte("\r")) {
				t.Error("line ends are not all CRLF")
			}
			golden := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test -update after checking the change)", name, golden)
			}
			requireClean(t, name, runPscheck(t, name, got))
		})
	}

	// Every carried fix points at its entry; the rest point nowhere.
	carried := map[int]string{0: OnPremScript, 1: OnPremScript, 3: OnPremScript, 4: CloudScript, 5: CloudScript, 7: CloudScript, 8: OnPremScript,
		9: OnPremScript, 10: OnPremScript, 11: CloudScript, 12: CloudScript}
	for i, f := range doc.Result.Fixes {
		if f.Script != carried[i] {
			t.Errorf("fix %d (%s): script %q, want %q", i, f.Action, f.Script, carried[i])
			continue
		}
		if f.Script == "" {
			if f.Line != 0 {
				t.Errorf("fix %d: line %d without a script", i, f.Line)
			}
			continue
		}
		body, _ := os.ReadFile(filepath.Join(dir, f.Script))
		lines := strings.Split(string(body), "\r\n")
		if f.Line < 1 || f.Line > len(lines) {
			t.Fatalf("fix %d: line %d out of range", i, f.Line)
		}
		line := lines[f.Line-1]
		if !strings.Contains(line, "Action = "+Quote(string(f.Action))) || !strings.Contains(line, "Old = "+Quote(f.Old)) {
			t.Errorf("fix %d: line %d of %s is %q, not its entry", i, f.Line, f.Script, line)
		}
	}

	// Same inputs, same bytes.
	again := t.TempDir()
	if err := Write(again, goldenDocument()); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

var entryN = regexp.MustCompile(`^    @\{ N = \d+; `)

// splitScript separates a script's table entries (without their numbers) from the rest of its
// lines, leaving out the header line that counts the changes.
func splitScript(body []byte) (entries, rest []string) {
	for _, line := range strings.Split(string(body), "\r\n") {
		switch {
		case entryN.MatchString(line):
			entries = append(entries, entryN.ReplaceAllString(line, ""))
		case strings.HasPrefix(line, "# Changes: "):
		default:
			rest = append(rest, line)
		}
	}
	return entries, rest
}

func TestRemovingAChangeRemovesExactlyThatChange(t *testing.T) {
	changes, _ := ChangesFromResult(goldenResult())
	full, _ := Generate(Header{Generator: "softmatch test"}, changes)
	for k := range changes {
		t.Run(fmt.Sprintf("without %d %s %s", k, changes[k].Side, changes[k].Action), func(t *testing.T) {
			fewer := append(append([]Change{}, changes[:k]...), changes[k+1:]...)
			reduced, _ := Generate(Header{Generator: "softmatch test"}, fewer)
			removed := 0
			for i := range full {
				fe, fr := splitScript(full[i].Body)
				re, rr := splitScript(reduced[i].Body)
				if strings.Join(fr, "\n") != strings.Join(rr, "\n") {
					t.Errorf("%s: text outside the table changed", full[i].Name)
				}
				// Exactly one entry may be gone, and it must be the one for change k.
				j := 0
				for _, e := range fe {
					if j < len(re) && re[j] == e {
						j++
						continue
					}
					removed++
					if !strings.Contains(e, "Target = "+Quote(changes[k].Target)+";") {
						t.Errorf("%s: entry %q disappeared, not change %d", full[i].Name, e, k)
					}
				}
				if j != len(re) {
					t.Errorf("%s: the shorter list has entries the full one lacks", full[i].Name)
				}
			}
			// One entry goes from the forward script; the rollback scripts hold no entries. A
			// change no script carries (a cloud group's UPN) takes nothing with it.
			wantRemoved := 1
			if _, ok := toEntry(changes[k]); !ok {
				wantRemoved = 0
			}
			if removed != wantRemoved {
				t.Errorf("%d entries removed, want %d", removed, wantRemoved)
			}
		})
	}
}

func TestChangesFromResultCarriesApprovedFixesOnly(t *testing.T) {
	r := goldenResult()
	r.Fixes = append(r.Fixes,
		reconcile.Fix{Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: 5, New: "x@contoso.com", Approved: true},
		reconcile.Fix{Side: reconcile.CloudSide, Action: reconcile.SetUPN, Object: -1, New: "x@contoso.com", Approved: true},
		reconcile.Fix{Side: "sideways", Action: reconcile.SetUPN, Object: 0, New: "x@contoso.com", Approved: true},
	)
	changes, index := ChangesFromResult(r)
	wantIndex := []int{0, 1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13}
	if fmt.Sprint(index) != fmt.Sprint(wantIndex) {
		t.Fatalf("fix indexes %v, want %v", index, wantIndex)
	}
	tests := []struct {
		i                                        int
		typ, side, action, id, target, old, new_ string
	}{
		{0, "user", "onprem", "set-upn", "35918bc9-196d-40ea-9779-889d79b753f0", "jsmith", "jsmith@contoso.local", "john.smith@contoso.com"},
		{2, "user", "onprem", "set-consistency-guid", "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f", "mbäcker", "", "PT4/Pz9APkE+QkM/REVGRw=="},
		{4, "user", "cloud", "clear-immutable-id", "66666666-7777-4888-9999-aaaaaaaaaaaa", "zoe.obrien@contoso.com", "QUJDREVGR0hJSktMTU5PUA==", ""},
		{7, "group", "onprem", "set-primary-smtp", "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "vertrieb-süd", "vertrieb@contoso.local.example", "vertrieb@contoso.com"},
		// A contact has no sAMAccountName: its distinguished name names it.
		{8, "contact", "onprem", "remove-address", "4e6a8c0d-2f1b-4d3c-9e5f-6a7b8c9d0e1f", "CN=O’Brien\\, Zoë,OU=Contacts,DC=contoso,DC=local", "smtp:zoe.o’brien@contoso.com", ""},
		// Cloud groups and contacts have no UPN: mail names them, else the display name.
		{9, "group", "cloud", "remove-address", "2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c", "vertrieb@contoso.com", "smtp:info@contoso.com", ""},
		{10, "contact", "cloud", "remove-address", "3d5f7b9c-1e2a-4f4b-8c6d-8e0f2a4b6c8d", "Łukasz Nowak (extern)", "smtp:lukasz.nowak@contoso.com", ""},
	}
	for _, tt := range tests {
		c := changes[tt.i]
		if c.ObjectType != tt.typ || c.Side != tt.side || c.Action != tt.action || c.ObjectID != tt.id || c.Target != tt.target || c.Old != tt.old || c.New != tt.new_ {
			t.Errorf("change %d = %+v", tt.i, c)
		}
	}
	if c, i := ChangesFromResult(nil); c != nil || i != nil {
		t.Error("a nil result gives changes")
	}
}

func TestUnscriptableChangesAppearNowhere(t *testing.T) {
	ok := Change{Side: "onprem", Action: "set-upn", ObjectID: "35918bc9-196d-40ea-9779-889d79b753f0", Target: "jsmith", Old: "a@contoso.local", New: "a@contoso.com"}
	tests := []struct {
		name string
		c    Change
	}{
		{"NUL in a value", Change{Side: "onprem", Action: "set-upn", Target: "MARKER", Old: "a", New: "b\x00c"}},
		{"invalid UTF-8", Change{Side: "onprem", Action: "set-upn", Target: "MARKER\xff", Old: "a", New: "b"}},
		{"cloud proxy address", Change{Side: "cloud", Action: "remove-address", ObjectID: "id", Target: "MARKER", Old: "smtp:a@contoso.com"}},
		{"cloud primary SMTP", Change{Side: "cloud", Action: "set-primary-smtp", ObjectID: "id", Target: "MARKER", New: "a@contoso.com"}},
		{"on-premises ImmutableId", Change{Side: "onprem", Action: "set-immutable-id", ObjectID: "id", Target: "MARKER", New: "QQ=="}},
		{"manual", Change{Side: "onprem", Action: "manual", ObjectID: "id", Target: "MARKER"}},
		{"unknown side", Change{Side: "exchange", Action: "set-upn", ObjectID: "id", Target: "MARKER", New: "a"}},
		{"no object", Change{Side: "onprem", Action: "set-upn", ObjectID: " ", Target: "", Old: "MARKER", New: "b"}},
		{"nothing changes", Change{Side: "onprem", Action: "set-upn", ObjectID: "id", Target: "MARKER", Old: "a", New: "a"}},
		{"empty new UPN", Change{Side: "cloud", Action: "set-upn", ObjectID: "id", Target: "MARKER", Old: "a"}},
		{"remove nothing", Change{Side: "onprem", Action: "remove-address", ObjectID: "id", Target: "MARKER"}},
		{"clear nothing", Change{Side: "cloud", Action: "clear-immutable-id", ObjectID: "id", Target: "MARKER"}},
		{"UPN of an on-premises group", Change{Side: "onprem", Action: "set-upn", ObjectType: "group", ObjectID: "id", Target: "MARKER", New: "a@contoso.com"}},
		{"anchor of an on-premises contact", Change{Side: "onprem", Action: "set-consistency-guid", ObjectType: "contact", ObjectID: "id", Target: "MARKER", New: "QQ=="}},
		{"UPN of a cloud group", Change{Side: "cloud", Action: "set-upn", ObjectType: "group", ObjectID: "2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c", Target: "MARKER", New: "a@contoso.com"}},
		{"ImmutableId of a cloud contact", Change{Side: "cloud", Action: "set-immutable-id", ObjectType: "contact", ObjectID: "3d5f7b9c-1e2a-4f4b-8c6d-8e0f2a4b6c8d", Target: "MARKER", New: "QQ=="}},
		{"cloud group named by something other than a GUID", Change{Side: "cloud", Action: "remove-address", ObjectType: "group", ObjectID: "sales@contoso.com", Target: "MARKER", Old: "smtp:a@contoso.com"}},
		{"cloud contact without an id", Change{Side: "cloud", Action: "remove-address", ObjectType: "contact", Target: "MARKER", Old: "smtp:a@contoso.com"}},
		{"unknown object type", Change{Side: "onprem", Action: "remove-address", ObjectType: "computer", ObjectID: "id", Target: "MARKER", Old: "smtp:a@contoso.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts, locs := Generate(Header{}, []Change{ok, tt.c})
			if locs[0].Script != OnPremScript || locs[1] != (Location{}) {
				t.Errorf("locations %+v, want the first carried and the second not", locs)
			}
			for _, s := range scripts {
				if bytes.Contains(s.Body, []byte("MARKER")) {
					t.Errorf("%s carries the refused change", s.Name)
				}
			}
		})
	}
}

func TestWriteFailsWholeWhenTheFolderCannotBeWritten(t *testing.T) {
	parent := t.TempDir()
	blocker := filepath.Join(parent, "scripts")
	if err := os.WriteFile(blocker, []byte("a file, not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := goldenDocument()
	if err := Write(blocker, doc); err == nil {
		t.Fatal("Write into a path that is a file succeeded")
	}
	for i, f := range doc.Result.Fixes {
		if was := goldenResult().Fixes[i]; f.Script != was.Script || f.Line != was.Line {
			t.Errorf("fix %d points at %s:%d after a failed write, was %s:%d", i, f.Script, f.Line, was.Script, was.Line)
		}
	}
	if err := Write(t.TempDir(), &report.Document{}); err == nil {
		t.Error("Write without a result succeeded")
	}
}
