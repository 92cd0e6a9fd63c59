package workbook

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadFixesRoundTrip(t *testing.T) {
	got, err := ReadFixes(writeFixture(t, fixtureDoc()))
	if err != nil {
		t.Fatal(err)
	}
	want := []FixRow{
		{
			Sheet: "Fixes", Row: 2, Side: "cloud", ObjectType: "user", Target: "k.otsuka@contoso.com", ObjectID: digitsID,
			Action: "set-immutable-id", Attribute: "onPremisesImmutableId", Old: phoneLike,
			New: "ERERESIiMzNEVFVVVVVVVQ==", Reason: "collision-on-create",
			Detail: "hard-match the cloud user 大塚 健 to the on-premises account", Script: "cloud-fixes.ps1",
			Line: 42, Decision: DecisionApprove,
		},
		{
			Sheet: "Fixes", Row: 3, Side: "onprem", ObjectType: "user", Target: "zoe.muller", ObjectID: guidZoe,
			Action: "remove-address", Attribute: "proxyAddresses", Old: "smtp:zm@contoso.com",
			Reason: "onprem-duplicate-address", Detail: "@SUM(1)", Script: "onprem-fixes.ps1", Line: 17,
		},
		{
			Sheet: "Fixes", Row: 4, Side: "cloud", ObjectType: "user", Target: "bjorn.oneill@contoso.com", ObjectID: cloudIDBjorn,
			Action: "manual", Reason: "cloud-admin",
			Detail: "remove the Global Administrator role before the first sync; re-add it after",
		},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReadFixes =\n%+v\nwant\n%+v", got, want)
	}
}

// review edits the Fixes sheet of a written workbook as a customer would in Excel and saves
// it through excelize, which stores strings in the shared-string table as Excel does.
func review(t *testing.T, edit func(f *excelize.File)) string {
	t.Helper()
	src := writeFixture(t, fixtureDoc())
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	out := filepath.Join(t.TempDir(), "reviewed.xlsx")
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

func set(t *testing.T, f *excelize.File, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(SheetFixes, cell, v); err != nil {
		t.Fatal(err)
	}
}

func TestReadFixesAcceptsCustomerEdits(t *testing.T) {
	path := review(t, func(f *excelize.File) {
		set(t, f, "M2", " skip ")    // typed, not picked, with stray spaces
		set(t, f, "M3", "APPROVE")   // the remove-address row, now chosen
		set(t, f, "L2", 42.0)        // Excel stores numbers as floats
		set(t, f, "A6", "")          // an empty row below the table
		set(t, f, "J3", "Müller’s ") // edited detail kept as typed
	})
	got, err := ReadFixes(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d rows, want 3", len(got))
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"typed skip normalized", got[0].Decision, DecisionSkip},
		{"upper-case approve normalized", got[1].Decision, DecisionApprove},
		{"float line read as a whole number", got[0].Line, 42},
		{"edited text kept", got[1].Detail, "Müller’s "},
		{"identifier stays text through a re-save", got[0].ObjectID, digitsID},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestReadFixesFindsMovedColumns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "moved.xlsx")
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetFixes); err != nil {
		t.Fatal(err)
	}
	// Decision moved first and the header spelled in another case.
	header := append([]string{"decision"}, FixesHeaders[:len(FixesHeaders)-1]...)
	if err := f.SetSheetRow(SheetFixes, "A1", &header); err != nil {
		t.Fatal(err)
	}
	row := []any{"Skip", "onprem", "user", "jdoe", guidZoe, "set-upn", "userPrincipalName", "jdoe@contoso.local", "jdoe@contoso.com", "upn-unverified-suffix", "", "onprem-fixes.ps1", 9}
	if err := f.SetSheetRow(SheetFixes, "A2", &row); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFixes(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Decision != DecisionSkip || got[0].Target != "jdoe" || got[0].Line != 9 || got[0].New != "jdoe@contoso.com" {
		t.Errorf("ReadFixes = %+v", got)
	}
}

func TestReadFixesRejectsWhatItCannotTrust(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(f *excelize.File)
		wantErr string
	}{
		{"decision outside the list", func(f *excelize.File) { set(t, f, "M3", "yes") }, `Fixes row 3: decision must be Approve, Skip or empty, not "yes"`},
		{"line that is not a number", func(f *excelize.File) { set(t, f, "L2", "forty") }, `Fixes row 2: Line "forty" is not a line number`},
		{"negative line", func(f *excelize.File) { set(t, f, "L2", -4) }, `Fixes row 2: Line "-4" is not a line number`},
		{"decision column removed", func(f *excelize.File) { set(t, f, "M1", "Verdict") }, `sheet "Fixes" has no "Decision" column`},
		{"no Fixes sheet", func(f *excelize.File) {
			if err := f.DeleteSheet(SheetFixes); err != nil {
				t.Fatal(err)
			}
		}, `no "Fixes" sheet`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFixes(review(t, tt.edit))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "softmatch: ") {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadFixesDecisionErrorIsTyped(t *testing.T) {
	_, err := ReadFixes(review(t, func(f *excelize.File) { set(t, f, "M2", "maybe") }))
	if !errors.Is(err, errDecision) {
		t.Errorf("err = %v, want it to wrap errDecision", err)
	}
}

func TestReadFixesNotAWorkbook(t *testing.T) {
	_, err := ReadFixes(filepath.Join("testdata", "fixture.golden"))
	if err == nil || !strings.Contains(err.Error(), "cannot open the workbook") {
		t.Errorf("err = %v, want a cannot-open error", err)
	}
}

func TestReadFixesAcrossOverflowSheets(t *testing.T) {
	defer func(n int) { maxDataRows = n }(maxDataRows)
	maxDataRows = 2
	got, err := ReadFixes(writeFixture(t, fixtureDoc()))
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, r := range got {
		where = append(where, r.Sheet+"!"+r.Action)
	}
	want := []string{"Fixes!set-immutable-id", "Fixes!remove-address", "Fixes (2)!manual"}
	if !slices.Equal(where, want) || got[2].Row != 2 {
		t.Errorf("rows = %q (last at row %d), want %q with the last at row 2", where, got[2].Row, want)
	}
}

func TestIsOverflow(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"Fixes (2)", true},
		{"Fixes (12)", true},
		{"Fixes", false},
		{"Fixes (1)", false},
		{"Fixes (02)", false},
		{"Fixes (x)", false},
		{"Fixes (2) old", false},
		{"Old Fixes (2)", false},
	}
	for _, tt := range tests {
		if got := isOverflow(tt.name, SheetFixes); got != tt.want {
			t.Errorf("isOverflow(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
