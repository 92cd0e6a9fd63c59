package exports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// dropsRecord reports whether an issue stands for a record that was not read.
func dropsRecord(iss Issue) bool {
	if iss.Severity != IssueError {
		return false
	}
	switch iss.Code {
	case CodeRaggedRow, CodeBadQuoting, CodeNULByte, CodeFieldTooLong:
		return true
	}
	return false
}

func codes(issues []Issue) []string {
	var out []string
	for _, i := range issues {
		out = append(out, i.Code)
	}
	return out
}

func TestDetectsEncodingDelimiterAndFormat(t *testing.T) {
	tests := []struct {
		file, side, format, encoding, delim string
		records                             int
	}{
		{"aduser-ps51-utf16le.csv", "onprem", FormatGetADUser, "utf-16le", ",", 3},
		{"aduser-ps7-semicolon.csv", "onprem", FormatGetADUser, "utf-8", ";", 3},
		{"aduser-ascii-damage.csv", "onprem", FormatGetADUser, "utf-8", ",", 3},
		{"aduser-typename.csv", "onprem", FormatGetADUser, "utf-8-bom", ",", 3},
		{"aduser-broken.csv", "onprem", FormatGetADUser, "utf-8", ",", 6},
		{"csvde-windows1252.csv", "onprem", FormatCSVDE, "windows-1252", ",", 3},
		{"ldifde.ldf", "onprem", FormatLDIF, "utf-8", "", 2},
		{"msoluser-utf8bom.csv", "cloud", FormatGetMsolUser, "utf-8-bom", ",", 2},
		{"entra-portal-old.csv", "cloud", FormatEntraPortal, "utf-8-bom", ",", 2},
		{"entra-portal-new.csv", "cloud", FormatEntraPortal, "utf-8", ",", 2},
		{"mguser-utf16le-nobom-tab.csv", "cloud", FormatGetMgUser, "utf-16le", "\t", 2},
		{"mguser-utf16be-pipe.csv", "cloud", FormatGetMgUser, "utf-16be", "|", 2},
		{"script-onprem-users.csv", "onprem", FormatGetADUser, "utf-8-bom", ",", 5},
		{"script-cloud-users.csv", "cloud", FormatGetMgUser, "utf-8-bom", ",", 4},
		{"script-mailboxes.csv", "cloud", FormatMailbox, "utf-8-bom", ",", 4},
		{"script-directory-roles.csv", "roles", FormatRoles, "utf-8-bom", ",", 4},
		{"script-domains.csv", "domains", FormatDomains, "utf-8-bom", ",", 4},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			info, _, err := Inspect(filepath.Join("testdata", tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{string(info.Side), info.Format, info.Encoding, info.Delimiter}
			want := []string{tt.side, tt.format, tt.encoding, tt.delim}
			if !slices.Equal(got, want) {
				t.Errorf("side, format, encoding, delimiter = %q, want %q", got, want)
			}
			if info.Records != tt.records {
				t.Errorf("Records = %d, want %d", info.Records, tt.records)
			}
		})
	}
}

func TestEveryRecordIsAccountedFor(t *testing.T) {
	files, err := filepath.Glob("testdata/*")
	if err != nil || len(files) < 15 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, f := range files {
		info, _, err := Inspect(f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var read int
		var issues []Issue
		switch info.Side {
		case OnPrem:
			recs, _, iss, err := ReadOnPrem(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			read, issues = len(recs), iss
		case Cloud:
			recs, _, iss, err := readCloudFile(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			read, issues = len(recs), iss
		default:
			continue
		}
		dropped := 0
		for _, i := range issues {
			if dropsRecord(i) {
				dropped++
			}
		}
		if read+dropped != info.Records || info.Records == 0 {
			t.Errorf("%s: %d read + %d dropped != %d records", f, read, dropped, info.Records)
		}
	}
}

func TestReadsUTF16LEWithBOM(t *testing.T) {
	recs, info, issues, err := ReadOnPrem("testdata/aduser-ps51-utf16le.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 0 {
		t.Errorf("issues: %+v", issues)
	}
	if len(info.Missing) != 0 {
		t.Errorf("Missing = %v, want none", info.Missing)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d records", len(recs))
	}
	j, s, k := recs[0], recs[1], recs[2]
	// The #TYPE line and the header are lines 1 and 2; Siobhán's record spans lines 4-5.
	if j.Source.Line != 3 || s.Source.Line != 4 || k.Source.Line != 6 {
		t.Errorf("lines = %d %d %d, want 3 4 6", j.Source.Line, s.Source.Line, k.Source.Line)
	}
	if j.Name != "Jürgen Müller" || s.DisplayName != "“Shiv” O’Neill" {
		t.Errorf("names = %q %q", j.Name, s.DisplayName)
	}
	if !slices.Equal(s.ProxyAddresses, []string{"SMTP:siobhan.oneill@contoso.com", "smtp:soneill@contoso.com"}) {
		t.Errorf("proxyAddresses across a line break = %q", s.ProxyAddresses)
	}
	if len(j.ProxyAddresses) != 3 || !strings.HasPrefix(j.ProxyAddresses[2], "X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)") {
		t.Errorf("proxyAddresses = %q", j.ProxyAddresses)
	}
	if s.ObjectGUID != "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" {
		t.Errorf("braced GUID = %q", s.ObjectGUID)
	}
	if got := reconcile.ImmutableIDFromBytes(s.ConsistencyGUID); got != "yYuRNW0Z6kCXeYidebdT8A==" {
		t.Errorf("ConsistencyGuid = %q", got)
	}
	if j.Enabled == nil || !*j.Enabled || s.Enabled == nil || *s.Enabled {
		t.Errorf("Enabled = %v %v", j.Enabled, s.Enabled)
	}
	if !k.IsCriticalSystemObject || j.IsCriticalSystemObject {
		t.Error("isCriticalSystemObject not read")
	}
}

func TestReadsEveryEncodingToTheSameText(t *testing.T) {
	tests := []struct{ file, wantName string }{
		{"mguser-utf16le-nobom-tab.csv", "Jürgen Müller"},
		{"mguser-utf16be-pipe.csv", "Jürgen Müller"},
		{"msoluser-utf8bom.csv", "Jürgen Müller"},
		{"script-cloud-users.csv", "Jürgen Müller"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, _, _, err := ReadCloud([]string{"testdata/" + tt.file}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if recs[0].DisplayName != tt.wantName || recs[0].ID != "d2f1c0b9-8a7e-4d6c-b5a4-9382716f5e4d" {
				t.Errorf("first record = %q %q", recs[0].DisplayName, recs[0].ID)
			}
			if recs[1].ImmutableID != "yYuRNW0Z6kCXeYidebdT8A==" || !recs[1].Synced {
				t.Errorf("synced user: ImmutableId %q Synced %v", recs[1].ImmutableID, recs[1].Synced)
			}
			if recs[1].AccountEnabled == nil || *recs[1].AccountEnabled {
				t.Errorf("AccountEnabled (or !BlockCredential) = %v, want false", recs[1].AccountEnabled)
			}
		})
	}
}

func TestReadsWindows1252WhenNotUTF8(t *testing.T) {
	recs, info, _, err := ReadOnPrem("testdata/csvde-windows1252.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Encoding != "windows-1252" || recs[0].Name != "René Lefèvre" || recs[2].DisplayName != "Sécurité" {
		t.Errorf("encoding %q names %q %q", info.Encoding, recs[0].Name, recs[2].DisplayName)
	}
}

func TestCSVDEHexKeepsStoredByteOrder(t *testing.T) {
	recs, _, _, err := ReadOnPrem("testdata/csvde-windows1252.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if recs[0].ObjectGUID != "35918bc9-196d-40ea-9779-889d79b753f0" {
		t.Errorf("objectGUID X'c98b...' = %q", recs[0].ObjectGUID)
	}
	if got := reconcile.ImmutableIDFromBytes(recs[1].ConsistencyGUID); got != "yYuRNW0Z6kCXeYidebdT8A==" {
		t.Errorf("ConsistencyGuid X'c98b...' = %q, want no byte swapping", got)
	}
	if recs[0].Enabled == nil || *recs[0].Enabled || recs[1].Enabled == nil || !*recs[1].Enabled {
		t.Error("userAccountControl 514/512 not read as disabled/enabled")
	}
	if recs[2].Type != reconcile.Group || recs[2].GroupCategory != "Security" {
		t.Errorf("group: %q %q", recs[2].Type, recs[2].GroupCategory)
	}
}

func TestReadsLDIFFoldedLinesAndBase64(t *testing.T) {
	recs, info, issues, err := ReadOnPrem("testdata/ldifde.ldf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 0 || info.Format != FormatLDIF || len(recs) != 2 {
		t.Fatalf("format %q, %d records, issues %+v", info.Format, len(recs), issues)
	}
	a := recs[0]
	if a.Source.Line != 3 || recs[1].Source.Line != 21 {
		t.Errorf("lines = %d %d, want 3 21", a.Source.Line, recs[1].Source.Line)
	}
	if a.DisplayName != "Åsa Berg" || a.ObjectGUID != "35918bc9-196d-40ea-9779-889d79b753f0" {
		t.Errorf("base64 values: %q %q", a.DisplayName, a.ObjectGUID)
	}
	want := "X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=aberg"
	if len(a.ProxyAddresses) != 3 || a.ProxyAddresses[2] != want {
		t.Errorf("folded proxy address = %q", a.ProxyAddresses)
	}
	if a.Type != "" || recs[1].Type != reconcile.Group || recs[1].GroupCategory != "Distribution" {
		t.Errorf("types %q %q %q", a.Type, recs[1].Type, recs[1].GroupCategory)
	}
	if a.Enabled == nil || *a.Enabled {
		t.Error("userAccountControl 66050 is disabled")
	}
}

func TestTypeNameInProxyAddressesIsAnIssue(t *testing.T) {
	recs, info, issues, err := ReadOnPrem("testdata/aduser-typename.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("records kept = %d, want 3", len(recs))
	}
	var proxy, anchor *Issue
	for i := range issues {
		if issues[i].Code == CodeTypeName && issues[i].Column == 8 {
			proxy = &issues[i]
		}
		if issues[i].Code == CodeTypeName && issues[i].Column == 9 {
			anchor = &issues[i]
		}
	}
	if proxy == nil || anchor == nil || len(issues) != 2 {
		t.Fatalf("want one issue per column, got %+v", issues)
	}
	if proxy.Severity != IssueError || proxy.Line != 3 || !strings.Contains(proxy.Message, "2 records") ||
		!strings.Contains(proxy.Hint, "@{n='proxyAddresses';e={$_.proxyAddresses -join ';'}}") ||
		proxy.File != "testdata/aduser-typename.csv" {
		t.Errorf("proxy issue = %+v", *proxy)
	}
	if !strings.Contains(anchor.Hint, "[Convert]::ToBase64String") {
		t.Errorf("anchor hint = %q", anchor.Hint)
	}
	if recs[0].ProxyAddresses != nil || recs[0].ConsistencyGUID != nil {
		t.Error("type names must not become values")
	}
	if !slices.ContainsFunc(info.Limitations, func(s string) bool { return strings.Contains(s, "falls back to mail") }) {
		t.Errorf("limitations = %q", info.Limitations)
	}
}

func TestBrokenRecordsAreIssuesAndReadingContinues(t *testing.T) {
	recs, info, issues, err := ReadOnPrem("testdata/aduser-broken.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.SAMAccountName)
	}
	if !slices.Equal(got, []string{"gone", "gtwo"}) {
		t.Errorf("records read = %q", got)
	}
	type want struct {
		line, col int
		code      string
	}
	var have []want
	for _, i := range issues {
		if i.Severity != IssueError || i.File != "testdata/aduser-broken.csv" {
			t.Errorf("issue %+v", i)
		}
		have = append(have, want{i.Line, i.Column, i.Code})
	}
	// Bad quoting names the field the quote broke, counted as the file reads: line 4's
	// unquoted DN holds two commas, so the bare quote in its Name value is in field 5.
	exp := []want{{3, 6, CodeRaggedRow}, {4, 5, CodeBadQuoting}, {5, 3, CodeNULByte}, {7, 7, CodeBadQuoting}}
	if !reflect.DeepEqual(have, exp) {
		t.Errorf("issues = %v, want %v", have, exp)
	}
	for k, msg := range map[int]string{
		1: `field 5 (where the header has SamAccountName) is not quoted but holds a quote (byte 39 of line 4)`,
		3: `field 7 (where the header has mail) of the record on line 7 opens a quote that is not closed properly: reading stopped at byte 1 of line 8, and lines 7-8 were skipped`,
	} {
		if k < len(issues) && !strings.Contains(issues[k].Message, msg) {
			t.Errorf("issue %d says %q, want it to contain %q", k, issues[k].Message, msg)
		}
	}
	if info.Records != 6 {
		t.Errorf("Records = %d", info.Records)
	}
}

// TestQuoteProblemsNameTheFieldAndItsHeader reads a ";" export with each kind of broken
// quote: an undoubled quote inside a quoted value, a quote in an unquoted value past the
// header's width (so no header names it), and a quote left open after a value that spans
// two lines, which swallows the next record. Each issue gives the broken field's number,
// the header above it when there is one, and the lines skipped; the records around them
// are read.
func TestQuoteProblemsNameTheFieldAndItsHeader(t *testing.T) {
	const path = "testdata/aduser-quotes-semicolon.csv"
	recs, info, issues, err := ReadOnPrem(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, fmt.Sprintf("%s@%d", r.SAMAccountName, r.Source.Line))
	}
	if !slices.Equal(got, []string{"ok1@3", "ok3@9"}) || info.Records != 5 {
		t.Errorf("records = %q of %d", got, info.Records)
	}
	want := []Issue{
		{File: path, Line: 4, Column: 2, Severity: IssueError, Code: CodeBadQuoting,
			Message: "a quote inside the quoted value of field 2 (where the header has Name) is not doubled (byte 15 of line 4); the record was skipped"},
		{File: path, Line: 5, Column: 4, Severity: IssueError, Code: CodeBadQuoting,
			Message: "field 4 is not quoted but holds a quote (byte 20 of line 5); the record was skipped"},
		{File: path, Line: 6, Column: 3, Severity: IssueError, Code: CodeBadQuoting,
			Message: "field 3 (where the header has UserPrincipalName) of the record on line 6 opens a quote that is not closed properly: reading stopped at byte 1 of line 8, and lines 6-8 were skipped (they may hold more than one record)"},
	}
	if len(issues) != len(want) {
		t.Fatalf("issues = %+v", issues)
	}
	for k := range want {
		if !strings.Contains(issues[k].Hint, `doubled ("")`) {
			t.Errorf("issue %d hint %q does not say how to fix the quote", k, issues[k].Hint)
		}
		issues[k].Hint = ""
		if issues[k] != want[k] {
			t.Errorf("issue %d:\n got %+v\nwant %+v", k, issues[k], want[k])
		}
	}
}

func TestFieldOverOneMebibyteIsAnIssue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	body := "SamAccountName,ObjectGUID,DisplayName\r\n" +
		"ok1,35918bc9-196d-40ea-9779-889d79b753f0,Ok\r\n" +
		"big,0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,\"" + strings.Repeat("x", MaxFieldBytes+1) + "\"\r\n" +
		"ok2,a1b2c3d4-e5f6-4a5b-9c8d-7e6f5a4b3c2d,Ok\r\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, info, issues, err := ReadOnPrem(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || info.Records != 3 || len(issues) != 1 || issues[0].Code != CodeFieldTooLong ||
		issues[0].Line != 3 || issues[0].Column != 3 {
		t.Errorf("%d records of %d, issues %v", len(recs), info.Records, issues)
	}
}

func TestASCIIDamageIsWarnedOncePerFile(t *testing.T) {
	_, _, issues, err := ReadOnPrem("testdata/aduser-ascii-damage.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 1 || issues[0].Code != CodeASCIIDamage || issues[0].Severity != IssueWarning ||
		issues[0].Line != 3 || !strings.Contains(issues[0].Message, "2 records") || !strings.Contains(issues[0].Hint, "-Encoding UTF8") {
		t.Errorf("issues = %+v", issues)
	}
	_, _, issues, _ = ReadOnPrem("testdata/aduser-ps51-utf16le.csv", Options{})
	if slices.Contains(codes(issues), CodeASCIIDamage) {
		t.Error("a clean UTF-16 file flagged as ASCII-damaged")
	}
}

func TestASCIIDamagePattern(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"J?rgen", true},
		{"m?ller@contoso.com", true},
		{"?sterreich", true},
		{"Ren?@contoso.com", true},
		{"Who?", false},
		{"What ? now", false},
		{"Jürgen", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := asciiDamaged(tt.in); got != tt.want {
			t.Errorf("asciiDamaged(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMissingColumnsAreLimitations(t *testing.T) {
	tests := []struct {
		file    string
		missing []string
		phrase  string
	}{
		{"entra-portal-new.csv", []string{fProxy, fImmutableID}, "no proxyAddresses and no ImmutableId"},
		{"entra-portal-old.csv", []string{fProxy, fImmutableID}, "SMTP matching uses mail only"},
		{"aduser-ps7-semicolon.csv", []string{fConsistency, fMailNickname}, "anchor is assumed to be objectGUID"},
		{"aduser-broken.csv", []string{fProxy}, "primary SMTP address is taken from mail"},
		{"msoluser-utf8bom.csv", []string{fMail}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			info, _, err := Inspect("testdata/"+tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tt.missing {
				if !slices.Contains(info.Missing, m) {
					t.Errorf("Missing = %v, lacks %s", info.Missing, m)
				}
			}
			if tt.phrase != "" && !slices.ContainsFunc(info.Limitations, func(s string) bool { return strings.Contains(s, tt.phrase) }) {
				t.Errorf("Limitations = %q, want %q", info.Limitations, tt.phrase)
			}
		})
	}
}

func TestUnknownColumnsAreListedAsIgnored(t *testing.T) {
	info, _, err := Inspect("testdata/aduser-ps51-utf16le.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range info.Columns {
		got[c.Header] = c.Field
	}
	want := map[string]string{"SID": "", "mail": fMail, "mS-DS-ConsistencyGuid": fConsistency, "DistinguishedName": fDN}
	for h, f := range want {
		if v, ok := got[h]; !ok || v != f {
			t.Errorf("column %q -> %q (present %v), want %q", h, v, ok, f)
		}
	}
}

func TestUnreadableFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path string
		opt        Options
		want       string
	}{
		{"missing", filepath.Join(dir, "nope.csv"), Options{}, "file not found"},
		{"empty", write("empty.csv", ""), Options{}, "no header line"},
		{"unknown columns", write("other.csv", "Foo,Bar\r\n1,2\r\n"), Options{}, "not a recognisable export"},
		{"bad forced format", write("x.csv", "SamAccountName\r\nx\r\n"), Options{Format: "excel"}, "unknown format"},
		{"cloud file as onprem", "testdata/script-cloud-users.csv", Options{}, "not onprem"},
		{"directory", dir, Options{}, "is a directory"},
		{"workbook", write("users.xlsx", "PK\x03\x04\x14\x00\x06\x00"), Options{}, "is an Excel workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := ReadOnPrem(tt.path, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("err = %v, want it to name %s and say %q", err, tt.path, tt.want)
			}
		})
	}
}

func TestForcedFormatOverridesDetection(t *testing.T) {
	// Headers that detect as nothing, read as Get-ADUser because the user says so.
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, []byte("UPN;Mail\r\nalice@contoso.com;alice@contoso.com\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, info, _, err := ReadOnPrem(p, Options{Format: FormatGetADUser})
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != FormatGetADUser || len(recs) != 1 || recs[0].UserPrincipalName != "alice@contoso.com" {
		t.Errorf("format %q records %+v", info.Format, recs)
	}
}

func TestGroupsAndContactsSetType(t *testing.T) {
	recs, _, _, err := ReadOnPrem("testdata/aduser-ps7-semicolon.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []reconcile.ObjectType{recs[0].Type, recs[1].Type, recs[2].Type}
	if !slices.Equal(got, []reconcile.ObjectType{"", reconcile.Group, reconcile.Contact}) {
		t.Errorf("types = %q", got)
	}
	if !slices.Equal(recs[1].ProxyAddresses, []string{"SMTP:sales@contoso.com", "smtp:verkauf@contoso.com"}) ||
		!slices.Equal(recs[2].ProxyAddresses, []string{"SMTP:partner@fabrikam.com"}) ||
		!slices.Equal(recs[0].ProxyAddresses, []string{"SMTP:zoe.angstrom@contoso.com", "smtp:zangstrom@contoso.com"}) {
		t.Errorf("Format-List, JSON and | cells: %q %q %q", recs[0].ProxyAddresses, recs[1].ProxyAddresses, recs[2].ProxyAddresses)
	}
	if recs[0].Mail != "zoe.angstrom@contoso.com" {
		t.Errorf("EmailAddress alias for mail: %q", recs[0].Mail)
	}
}

func TestSameInputSameOutput(t *testing.T) {
	for _, f := range []string{"testdata/aduser-ps51-utf16le.csv", "testdata/aduser-broken.csv", "testdata/ldifde.ldf"} {
		r1, i1, s1, err1 := ReadOnPrem(f, Options{})
		r2, i2, s2, err2 := ReadOnPrem(f, Options{})
		if err1 != nil || err2 != nil || !reflect.DeepEqual(r1, r2) || !reflect.DeepEqual(i1, i2) || !reflect.DeepEqual(s1, s2) {
			t.Errorf("%s: two reads differ", f)
		}
		b, _ := os.ReadFile(f)
		sum := sha256.Sum256(b)
		if i1.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: SHA256 = %q, want the whole file's", f, i1.SHA256)
		}
	}
}

func TestNonUTF8BytesAfterTheSniffWindowAreReadAsWindows1252(t *testing.T) {
	var b strings.Builder
	b.WriteString("SamAccountName,ObjectGUID,DisplayName\r\n")
	// More than the sniffed megabyte of clean UTF-8, then one line saved as Windows-1252.
	for i := 0; b.Len() <= 1<<20; i++ {
		b.WriteString("user,35918bc9-196d-40ea-9779-889d79b753f0,Zoë Ångström\r\n")
	}
	b.WriteString("rene,0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,Ren\xe9 Lef\xe8vre\r\n")
	p := filepath.Join(t.TempDir(), "mixed.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, info, issues, err := ReadOnPrem(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := recs[len(recs)-1]
	if info.Encoding != "utf-8" || last.DisplayName != "René Lefèvre" || recs[0].DisplayName != "Zoë Ångström" {
		t.Errorf("encoding %q, names %q %q", info.Encoding, recs[0].DisplayName, last.DisplayName)
	}
	if len(issues) != 1 || issues[0].Code != CodeMixedEncoding || issues[0].Line != last.Source.Line {
		t.Errorf("issues = %+v", issues)
	}
}

// The NUL, length and encoding checks reach every field through pointers in onPremFields
// order; a field out of place would be checked under another column's name.
func TestOnPremRowPointersFollowFieldOrder(t *testing.T) {
	var r onPremRow
	ptrs := r.pointers()
	if len(ptrs) != len(onPremFields) {
		t.Fatalf("%d pointers for %d fields", len(ptrs), len(onPremFields))
	}
	for i, p := range ptrs {
		if want := r.field(onPremFields[i]); p != want {
			t.Errorf("pointer %d is not the %s field", i, onPremFields[i])
		}
	}
}

// TestRaggedRecordsSayWhere: a record with more fields than the header names the first
// extra field and where it starts (a comma inside an unquoted DN, the usual cause); one
// with fewer names the first missing column. Lines count the #TYPE line.
func TestRaggedRecordsSayWhere(t *testing.T) {
	tooMany := "CN=Müller, Jörg,OU=Zürich,DC=contoso,DC=local,jmuller,jmuller@contoso.com,joerg.mueller@contoso.com"
	text := "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n" +
		"\"DistinguishedName\",\"SamAccountName\",\"Department\",\"UserPrincipalName\",\"mail\"\r\n" +
		"\"CN=Ann Lee,DC=contoso,DC=local\",\"alee\",\"Finance\",\"alee@contoso.com\",\"ann.lee@contoso.com\"\r\n" +
		tooMany + "\r\n" +
		"\"CN=Åsa Berg,DC=contoso,DC=local\",\"aberg\"\r\n"
	path := filepath.Join(t.TempDir(), "aduser-ragged.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, _, issues, err := ReadOnPrem(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].SAMAccountName != "alee" {
		t.Errorf("records %+v, want alee only", recs)
	}
	if len(issues) != 2 {
		t.Fatalf("issues %+v, want 2", issues)
	}
	// Fields 1-5 are CN=Müller / Jörg / OU=Zürich / DC=contoso / DC=local: field 6 is jmuller.
	col := strings.Index(tooMany, ",jmuller,") + 2
	want := []struct {
		line, column int
		says         string
	}{
		{4, 6, fmt.Sprintf("the record has 8 fields where the header has 5; field 6 starts at line 4, byte %d", col)},
		// Department is a column softmatch does not read: still named as the file spells it.
		{5, 3, "the record has 2 fields where the header has 5: it ends before column 3 (Department)"},
	}
	for k, w := range want {
		iss := issues[k]
		if iss.Code != CodeRaggedRow || iss.Line != w.line || iss.Column != w.column || !strings.Contains(iss.Message, w.says) {
			t.Errorf("issue %d = %+v, want line %d column %d saying %q", k, iss, w.line, w.column, w.says)
		}
	}
}
