package workbook

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func open(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestSheetsInContractOrder(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	want := []string{"Summary", "Matches", "Conflicts", "Fixes", "Cloud Only", "Input Issues"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
}

// summaryFixesRow is the Summary row that counts fixes, right after one row per finding
// code (from row 30): the Counts table grows as the contract adds codes.
var summaryFixesRow = 30 + len(reconcile.Codes)

func TestEverySheetHasTableFilterAndFrozenHeader(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	tests := []struct {
		sheet, table, ref string
	}{
		{"Summary", "Counts", "A22:C" + strconv.Itoa(summaryFixesRow+1)},
		{"Matches", "Matches", "A1:O5"},
		{"Conflicts", "Conflicts", "A1:H5"},
		{"Fixes", "Fixes", "A1:M4"},
		{"Cloud Only", "CloudOnly", "A1:H2"},
		{"Input Issues", "InputIssues", "A1:G2"},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			tables, err := f.GetTables(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(tables) != 1 {
				t.Fatalf("%d tables, want 1", len(tables))
			}
			tb := tables[0]
			if tb.Name != tt.table || tb.Range != tt.ref || tb.StyleName != tableStyle {
				t.Errorf("table = %s %s %s, want %s %s %s", tb.Name, tb.Range, tb.StyleName, tt.table, tt.ref, tableStyle)
			}
			panes, err := f.GetPanes(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("panes = %+v, want the first row frozen", panes)
			}
			if tt.sheet == SheetSummary {
				return
			}
			dim, err := f.GetSheetDimension(tt.sheet)
			if err != nil || dim != tt.ref {
				t.Errorf("dimension = %q (%v), want %q", dim, err, tt.ref)
			}
		})
	}
}

func TestEmptyResultStillHasTables(t *testing.T) {
	f := open(t, writeFixture(t, &report.Document{Version: "0.0.1"}))
	for _, sheet := range f.GetSheetList() {
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 {
			t.Errorf("%s: %d tables (%v), want 1", sheet, len(tables), err)
		}
	}
	rows, err := f.GetRows(SheetMatches)
	if err != nil || len(rows) != 1 || rows[0][0] != "Type" {
		t.Errorf("Matches rows = %q (%v), want the header only", rows, err)
	}
}

func TestColumnWidthsBounded(t *testing.T) {
	doc := fixtureDoc()
	doc.Result.Entries[0].Reason = strings.Repeat("a very long reason ", 40)
	f := open(t, writeFixture(t, doc))
	tests := []struct {
		col  string
		want float64
	}{
		{"A", minWidth}, // "Type", "user": short
		{"J", maxWidth}, // Reason: capped
		{"E", 36 + 3},   // objectGUID: 36 characters
		{"H", 24 + 3},   // ImmutableId
		{"B", 14 + 3},   // header "sAMAccountName" is the longest
		{"O", 17 + 3},   // header "Cloud ImmutableId"
		{"I", 10 + 3},   // "smtp-match"
		{"L", 36 + 3},   // cloud object id
		{"K", 42 + 3},   // "collision-on-create, upn-unverified-suffix"
		{"G", 24 + 3},   // "zoe.muller@contoso.com" vs "bjorn.oneill@contoso.com"
		{"F", 32 + 3},   // "k.otsuka@contoso.onmicrosoft.com"
		{"C", 18 + 3},   // formula-looking display name
		{"N", 24 + 3},   // cloud primary SMTP
		{"M", 27 + 3},   // "zoe@contoso.onmicrosoft.com"
		{"D", 46 + 3},   // DN
	}
	for _, tt := range tests {
		got, err := f.GetColWidth(SheetMatches, tt.col)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("width of %s = %g, want %g", tt.col, got, tt.want)
		}
	}
}

func TestIdentifiersStayText(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	tests := []struct {
		name, sheet, cell, want string
	}{
		{"objectGUID", SheetMatches, "E2", guidZoe},
		{"all-digit sAMAccountName", SheetMatches, "B4", digitsID},
		{"all-digit cloud id", SheetCloudOnly, "A2", digitsID},
		{"phone-like ImmutableId", SheetCloudOnly, "E2", phoneLike},
		{"all-digit object id on Fixes", SheetFixes, "D2", digitsID},
		{"phone-like current value", SheetFixes, "G2", phoneLike},
		{"base64 anchor", SheetMatches, "H2", anchorZoe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertString(t, f, tt.sheet, tt.cell, tt.want)
		})
	}
}

func TestFormulaLookingValuesStayStrings(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	tests := []struct {
		sheet, cell, want string
	}{
		{SheetMatches, "C4", formulaDDE},
		{SheetConflicts, "F4", "+1"},
		{SheetConflicts, "F5", "-1"},
		{SheetFixes, "J3", "@SUM(1)"},
		{SheetSummary, "A8", "=users.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assertString(t, f, tt.sheet, tt.cell, tt.want)
		})
	}
}

// assertString checks that a cell holds exactly want, as a string and not a formula.
func assertString(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil || got != want {
		t.Errorf("%s!%s = %q (%v), want %q", sheet, cell, got, err, want)
	}
	typ, err := f.GetCellType(sheet, cell)
	if err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
		t.Errorf("%s!%s type = %v (%v), want a string", sheet, cell, typ, err)
	}
	if formula, err := f.GetCellFormula(sheet, cell); err != nil || formula != "" {
		t.Errorf("%s!%s formula = %q (%v), want none", sheet, cell, formula, err)
	}
}

func TestFixesDecisionList(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	header, err := f.GetRows(SheetFixes)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(header[0], FixesHeaders) {
		t.Fatalf("Fixes header = %q, want %q", header[0], FixesHeaders)
	}
	dvs, err := f.GetDataValidations(SheetFixes)
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || dvs[0].Sqref != "M2:M4" || dvs[0].Type != "list" || dvs[0].Formula1 != `"Approve,Skip"` {
		t.Fatalf("validations = %+v, want one Approve,Skip list on M2:M4", dvs)
	}
	tests := []struct {
		name                   string
		row                    int
		script, line, decision string
	}{
		{"approved fix is prefilled Approve", 2, "cloud-fixes.ps1", "42", "Approve"},
		{"remove-address waits for a human", 3, "onprem-fixes.ps1", "17", ""},
		{"manual fix has no script and no decision", 4, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := strconv.Itoa(tt.row)
			for cell, want := range map[string]string{"K" + r: tt.script, "L" + r: tt.line, "M" + r: tt.decision} {
				if got, _ := f.GetCellValue(SheetFixes, cell); got != want {
					t.Errorf("%s = %q, want %q", cell, got, want)
				}
			}
		})
	}
}

func TestHyperlinksPointAtRows(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	tests := []struct {
		name, sheet, cell, target string
	}{
		{"conflict links to its on-premises object", SheetConflicts, "H2", "'Matches'!A3"},
		{"warning links to its on-premises object", SheetConflicts, "H4", "'Matches'!A2"},
		{"outcome count links to its first row", SheetSummary, "C27", "'Matches'!A3"},
		{"zero count links to the header", SheetSummary, "C23", "'Matches'!A1"},
		{"code count links to its first finding", SheetSummary, "C37", "'Conflicts'!A3"},
		{"cloud-only count", SheetSummary, "C29", "'Cloud Only'!A2"},
		{"fixes count", SheetSummary, "C" + strconv.Itoa(summaryFixesRow), "'Fixes'!A2"},
		{"input issues count", SheetSummary, "C" + strconv.Itoa(summaryFixesRow+1), "'Input Issues'!A2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, target, err := f.GetCellHyperLink(tt.sheet, tt.cell)
			if err != nil || !ok || target != tt.target {
				t.Errorf("%s!%s link = %v %q (%v), want %q", tt.sheet, tt.cell, ok, target, err, tt.target)
			}
		})
	}
}

func TestConflictWithoutOnPremLinksToCloudOnly(t *testing.T) {
	doc := fixtureDoc()
	doc.Result.Findings = []reconcile.Finding{{
		Code: reconcile.ObjectTypeMismatch, Severity: reconcile.Conflict, Cloud: []int{2},
		Detail: "k.otsuka@contoso.com is also held by a group",
	}}
	f := open(t, writeFixture(t, doc))
	ok, target, err := f.GetCellHyperLink(SheetConflicts, "H2")
	if err != nil || !ok || target != "'Cloud Only'!A2" {
		t.Errorf("link = %v %q (%v), want 'Cloud Only'!A2", ok, target, err)
	}
}

func TestOutcomeColoured(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	tests := []struct {
		cell, color string
	}{
		{"I2", "C6EFCE"}, // smtp-match
		{"I3", "FFC7CE"}, // blocked
		{"I4", "DDEBF7"}, // new
		{"I5", "EDEDED"}, // excluded
	}
	for _, tt := range tests {
		id, err := f.GetCellStyle(SheetMatches, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Fill.Color) != 1 || st.Fill.Color[0] != tt.color {
			t.Errorf("%s fill = %v, want %s", tt.cell, st.Fill.Color, tt.color)
		}
	}
}

func TestDocumentProperties(t *testing.T) {
	f := open(t, writeFixture(t, fixtureDoc()))
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Creator != "softmatch 1.2.3" || p.Title != "softmatch reconciliation report" || p.Subject == "" {
		t.Errorf("properties = %+v", p)
	}
}

func TestGenerationTime(t *testing.T) {
	tests := []struct {
		generated, want string
	}{
		{"", notRecorded},
		{"2026-11-22T12:00:00Z", "2026-11-22T12:00:00Z"},
	}
	for _, tt := range tests {
		doc := fixtureDoc()
		doc.Generated = tt.generated
		f := open(t, writeFixture(t, doc))
		if got, _ := f.GetCellValue(SheetSummary, "B2"); got != tt.want {
			t.Errorf("Generated = %q, want %q", got, tt.want)
		}
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	// Five streamed sheets come out of excelize in map order: several writes would differ
	// without the sorted package.
	var first [sha256.Size]byte
	for i := range 8 {
		path := writeFixture(t, fixtureDoc())
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if i == 0 {
			first = sum
		} else if sum != first {
			t.Fatalf("write %d: SHA-256 %x, first write %x", i, sum, first)
		}
	}
}

func TestPackagePartsSortedWithoutTimes(t *testing.T) {
	path := writeFixture(t, fixtureDoc())
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.ModifiedTime != 0 || f.ModifiedDate != 0 {
			t.Errorf("%s has a timestamp", f.Name)
		}
	}
	// Matches (sheet2) leads the package: it is written straight into it (packageWriter).
	if len(names) < 2 || names[0] != "xl/worksheets/sheet2.xml" || !slices.IsSorted(names[1:]) || names[1] != "[Content_Types].xml" {
		t.Errorf("parts = %q, want the Matches sheet, then the others sorted with [Content_Types].xml first", names)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetMap()[2]; got != SheetMatches {
		t.Errorf("sheet 2 is %q, want %s", got, SheetMatches)
	}
	for _, want := range []string{"xl/worksheets/sheet2.xml", "xl/tables/table1.xml", "xl/charts/chart1.xml"} {
		if !slices.Contains(names, want) {
			t.Errorf("no part %s", want)
		}
	}
}

func TestWriteLeavesOnlyTheWorkbook(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xlsx")
	if err := Write(path, fixtureDoc()); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "report.xlsx" {
		t.Errorf("directory holds %v, want report.xlsx only", entries)
	}
}

func TestWriteFailsWithoutPartialFile(t *testing.T) {
	tests := []struct {
		name string
		path func(dir string) string
		doc  *report.Document
	}{
		{"parent is a file", func(dir string) string {
			if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "file", "report.xlsx")
		}, fixtureDoc()},
		{"target is a directory", func(dir string) string {
			if err := os.Mkdir(filepath.Join(dir, "report.xlsx"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "report.xlsx")
		}, fixtureDoc()},
		{"no document", func(dir string) string { return filepath.Join(dir, "report.xlsx") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := Write(tt.path(dir), tt.doc)
			if err == nil || !strings.HasPrefix(err.Error(), "softmatch: ") {
				t.Fatalf("err = %v, want a softmatch error", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "file" && e.Name() != "report.xlsx" {
					t.Errorf("directory holds %s after a failed write", e.Name())
				}
			}
		})
	}
}

func TestHostileIndexesDoNotPanic(t *testing.T) {
	doc := fixtureDoc()
	res := doc.Result
	res.Entries = append(res.Entries, reconcile.Entry{OnPrem: 99, Cloud: -7, Outcome: "made-up"})
	res.Findings = append(res.Findings, reconcile.Finding{Code: "new-code", OnPrem: []int{-1, 42}, Cloud: []int{1 << 30}})
	res.Fixes = append(res.Fixes, reconcile.Fix{Side: "sideways", Object: -3, Action: reconcile.SetUPN})
	res.CloudOnly = append(res.CloudOnly, reconcile.CloudOnly{Cloud: 12})
	f := open(t, writeFixture(t, doc))
	rows, err := f.GetRows(SheetMatches)
	if err != nil || len(rows) != 6 || rows[5][8] != "made-up" {
		t.Errorf("Matches rows = %d (%v), want 6 with the unknown outcome shown", len(rows), err)
	}
	if got, _ := f.GetCellValue(SheetConflicts, "B6"); got != "new-code" {
		t.Errorf("unknown code = %q", got)
	}
	// A code the contract may add later is still counted on the Summary, after the known ones.
	row := strconv.Itoa(summaryFixesRow)
	if name, _ := f.GetCellValue(SheetSummary, "B"+row); name != "new-code" {
		t.Errorf("Summary!B%s = %q, want the new code counted", row, name)
	}
	if ok, target, _ := f.GetCellHyperLink(SheetSummary, "C"+row); !ok || target != "'Conflicts'!A6" {
		t.Errorf("new code links to %q, want 'Conflicts'!A6", target)
	}
}

func TestCellText(t *testing.T) {
	long := strings.Repeat("x", 40000)
	astral := strings.Repeat("😀", 20000) // 40,000 UTF-16 units in 20,000 runes
	tests := []struct {
		name     string
		in       string
		want     string
		wantTail string
	}{
		{"short value kept", "jsmith", "jsmith", ""},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb", ""},
		{"exactly at the limit kept", strings.Repeat("y", excelize.TotalCellChars), strings.Repeat("y", excelize.TotalCellChars), ""},
		{"over the limit cut with marker", long, "", truncMarker},
		{"astral characters count twice", astral, "", truncMarker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cellText(tt.in)
			if tt.want != "" && got != tt.want {
				t.Errorf("cellText = %.40q..., want %.40q...", got, tt.want)
			}
			if tt.wantTail != "" {
				if !strings.HasSuffix(got, tt.wantTail) {
					t.Errorf("cut value does not end with %q", tt.wantTail)
				}
				if n := utf16Len(got); n > excelize.TotalCellChars || n < excelize.TotalCellChars-1 {
					t.Errorf("cut value has %d UTF-16 units, want %d", n, excelize.TotalCellChars)
				}
			}
		})
	}
}

func TestLongValueTruncatedVisibly(t *testing.T) {
	doc := fixtureDoc()
	doc.Result.Findings[0].Detail = strings.Repeat("détail ", 6000)
	f := open(t, writeFixture(t, doc))
	got, err := f.GetCellValue(SheetConflicts, "G2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(got, truncMarker) || utf16Len(got) != excelize.TotalCellChars {
		t.Errorf("cell has %d units ending %q, want %d ending with the marker", utf16Len(got), got[len(got)-20:], excelize.TotalCellChars)
	}
}

func TestRowHeightFitsWrappedText(t *testing.T) {
	cols := []column{{header: "Code"}, {header: "Detail", wrap: true}}
	widths := []float64{12, 23} // 21 characters a line in Detail
	tests := []struct {
		name   string
		detail string
		want   float64
	}{
		{"one line keeps the default", "short", 0},
		{"two lines", strings.Repeat("d", 30), 2 * lineHeight},
		{"line breaks count", "a\nb\nc", 3 * lineHeight},
		{"capped at Excel's maximum", strings.Repeat("d", 21*100), maxHeight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := []excelize.Cell{{Value: strings.Repeat("c", 50)}, {Value: tt.detail}}
			if got := rowHeight(cols, widths, cells); got != tt.want {
				t.Errorf("rowHeight = %g, want %g", got, tt.want)
			}
		})
	}
}

func TestSheetOverflowContinuesOnNumberedSheets(t *testing.T) {
	defer func(n int) { maxDataRows = n }(maxDataRows)
	maxDataRows = 3
	doc := fixtureDoc()
	res := doc.Result
	// Eight entries: Matches holds 3, Matches (2) 3, Matches (3) 2.
	for i := 4; i < 8; i++ {
		res.OnPrem = append(res.OnPrem, reconcile.OnPrem{SAMAccountName: "user" + strconv.Itoa(i), ObjectGUID: guidZoe})
		res.Entries = append(res.Entries, reconcile.Entry{OnPrem: i, Outcome: reconcile.New, Cloud: -1})
	}
	res.Findings = append(res.Findings, reconcile.Finding{Code: reconcile.InvalidValue, OnPrem: []int{6}})
	f := open(t, writeFixture(t, doc))
	want := []string{
		"Summary", "Matches", "Matches (2)", "Matches (3)", "Conflicts", "Conflicts (2)",
		"Fixes", "Cloud Only", "Input Issues",
	}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	tests := []struct {
		sheet, table string
		rows         int
	}{
		{"Matches", "Matches", 3}, {"Matches (2)", "Matches2", 3}, {"Matches (3)", "Matches3", 2},
		{"Conflicts", "Conflicts", 3}, {"Conflicts (2)", "Conflicts2", 2},
	}
	for _, tt := range tests {
		rows, err := f.GetRows(tt.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows)-1 != tt.rows || rows[0][0] == "" {
			t.Errorf("%s: %d data rows, want %d under a header", tt.sheet, len(rows)-1, tt.rows)
		}
		tables, _ := f.GetTables(tt.sheet)
		if len(tables) != 1 || tables[0].Name != tt.table {
			t.Errorf("%s: tables %+v, want %s", tt.sheet, tables, tt.table)
		}
	}
	// The finding about the 7th object links to the first row of Matches (3).
	ok, target, err := f.GetCellHyperLink("Conflicts (2)", "H3")
	if err != nil || !ok || target != "'Matches (3)'!A2" {
		t.Errorf("overflow link = %v %q (%v), want 'Matches (3)'!A2", ok, target, err)
	}
	if got, _ := f.GetCellValue("Matches (3)", "B2"); got != "user6" {
		t.Errorf("Matches (3)!B2 = %q, want user6", got)
	}
}

func TestHyperlinkCapLeavesText(t *testing.T) {
	defer func(n int) { maxHyperlinks = n }(maxHyperlinks)
	maxHyperlinks = 2
	f := open(t, writeFixture(t, fixtureDoc()))
	for _, tt := range []struct {
		cell string
		link bool
	}{{"H2", true}, {"H3", true}, {"H4", false}} {
		ok, _, err := f.GetCellHyperLink(SheetConflicts, tt.cell)
		if err != nil || ok != tt.link {
			t.Errorf("%s link = %v (%v), want %v", tt.cell, ok, err, tt.link)
		}
		if v, _ := f.GetCellValue(SheetConflicts, tt.cell); !strings.HasPrefix(v, "Matches row ") {
			t.Errorf("%s = %q, want the target as text", tt.cell, v)
		}
	}
}

func TestDumpGolden(t *testing.T) {
	path := writeFixture(t, fixtureDoc())
	var buf bytes.Buffer
	if err := Dump(&buf, path); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "fixture.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("dump differs from %s (run go test -update after checking the change):\n%s", golden, buf.String())
	}
}

// Sheets are filled on every core at once; the bytes must be those of a write on one core,
// overflow sheets and hyperlinks included.
func TestConcurrentSheetsWriteTheSameBytesAsOneCore(t *testing.T) {
	defer func(n int) { maxDataRows = n }(maxDataRows)
	maxDataRows = 1500 // Matches spans four sheets, Conflicts and Fixes fill part of one each
	doc := syntheticDoc(5000)
	write := func(procs int) [sha256.Size]byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		path := filepath.Join(t.TempDir(), "report.xlsx")
		if err := Write(path, doc); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	want := write(1)
	for _, procs := range []int{2, 4, 8} {
		if got := write(procs); got != want {
			t.Errorf("GOMAXPROCS=%d: SHA-256 %x, one core %x", procs, got, want)
		}
	}
	f := open(t, writeFixture(t, doc))
	if got := f.GetSheetList(); len(got) != 9 || got[4] != "Matches (4)" {
		t.Errorf("sheets %q, want Summary, Matches (1-4), Conflicts, Fixes, Cloud Only, Input Issues", got)
	}
}

// TestWrittenCountsEveryDataRow: the progress counter ends at DataRows, which counts the
// rows of every data sheet.
func TestWrittenCountsEveryDataRow(t *testing.T) {
	doc := syntheticDoc(3000)
	for c := 0; c < len(doc.Result.Cloud); c += 3 {
		doc.Result.CloudOnly = append(doc.Result.CloudOnly, reconcile.CloudOnly{Cloud: c})
	}
	for line := 2; line < 40; line++ {
		doc.Issues = append(doc.Issues, exports.Issue{File: "ad.csv", Line: line, Severity: exports.IssueError,
			Code: "ragged-row", Message: "the record has 3 fields, the header 13"})
	}
	var written atomic.Int64
	doc.Written = &written
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if err := Write(path, doc); err != nil {
		t.Fatal(err)
	}
	res := doc.Result
	if len(res.Findings) == 0 || len(res.Fixes) == 0 || len(res.CloudOnly) == 0 || len(doc.Issues) == 0 {
		t.Fatalf("the document should fill every data sheet: %d findings, %d fixes, %d cloud-only, %d issues",
			len(res.Findings), len(res.Fixes), len(res.CloudOnly), len(doc.Issues))
	}
	want := len(res.Entries) + len(res.Findings) + len(res.Fixes) + len(res.CloudOnly) + len(doc.Issues)
	if got := DataRows(doc); got != want {
		t.Errorf("DataRows = %d, want %d (entries, findings, fixes, cloud-only, issues)", got, want)
	}
	if got := written.Load(); got != int64(want) {
		t.Errorf("Written = %d after Write, want %d", got, want)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	for _, name := range []string{SheetMatches, SheetConflicts, SheetFixes, SheetCloudOnly, SheetInputIssues} {
		rs, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		rows += len(rs) - 1 // header
	}
	if rows != want {
		t.Errorf("the workbook holds %d data rows, DataRows said %d", rows, want)
	}
}

// TestWriteSharingTellsOnceWhileTheWorkbookIsUnfinished: spare is called exactly once,
// with one core or several, while the workbook is still being written (its file is not
// there yet), and never when the workbook fails before its sheets.
func TestWriteSharingTellsOnceWhileTheWorkbookIsUnfinished(t *testing.T) {
	doc := syntheticDoc(3000)
	// Five data sheets: with eight cores, three have no sheet from the start.
	for _, procs := range []int{1, 2, 4, 8} {
		t.Run(fmt.Sprint(procs, " cores"), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			path := filepath.Join(t.TempDir(), "r.xlsx")
			var calls atomic.Int32
			var existed atomic.Bool
			err := WriteSharing(path, doc, func() {
				calls.Add(1)
				if _, err := os.Stat(path); err == nil {
					existed.Store(true)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("spare called %d times, want once", n)
			}
			if existed.Load() {
				t.Error("spare was called after the workbook was written")
			}
		})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	if err := WriteSharing(filepath.Join(dir, "file", "r.xlsx"), doc, func() { called = true }); err == nil {
		t.Fatal("writing under a file succeeded")
	}
	if called {
		t.Error("spare was called although the workbook failed before its sheets")
	}
}
