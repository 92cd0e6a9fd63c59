package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/workbook"
)

// TestDemoWorkbookReadsBack opens the demo workbook as a customer's Excel would and checks
// what the consultant hands over: sheets in contract order, one styled table with a frozen
// header on each, the Approve/Skip list on Fixes, working links from Summary and Conflicts,
// every objectGUID and ImmutableId stored as text, and no formula anywhere.
func TestDemoWorkbookReadsBack(t *testing.T) {
	dir := runDemo(t)
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "Matches", "Conflicts", "Fixes", "Cloud Only", "Input Issues"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	for _, sheet := range want {
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 || tables[0].StyleName == "" {
			t.Errorf("%s: tables %+v (%v), want one styled table", sheet, tables, err)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v (%v), want the header row frozen", sheet, panes, err)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, cell, formula)
				}
			}
		}
	}

	dvs, err := f.GetDataValidations(workbook.SheetFixes)
	if err != nil || len(dvs) != 1 || dvs[0].Formula1 != `"Approve,Skip"` {
		t.Errorf("Fixes validations = %+v (%v), want the Approve,Skip list", dvs, err)
	}

	// Every count on the Summary and every Conflicts row links into the workbook.
	for _, sheet := range []string{workbook.SheetSummary, workbook.SheetConflicts} {
		rows, _ := f.GetRows(sheet)
		links := 0
		for r, row := range rows {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if ok, target, _ := f.GetCellHyperLink(sheet, cell); ok {
					links++
					if !strings.HasPrefix(target, "'") || !strings.Contains(target, "'!A") {
						t.Errorf("%s!%s links to %q, not to a cell of the workbook", sheet, cell, target)
					}
				}
			}
		}
		if links == 0 {
			t.Errorf("%s has no links", sheet)
		}
	}

	// Identifiers stay text: a GUID or base64 ImmutableId must never become a number.
	rows, _ := f.GetRows(workbook.SheetMatches)
	header := rows[0]
	for _, name := range []string{"objectGUID", "Anchor (ImmutableId)", "Cloud object id"} {
		col := slices.Index(header, name)
		if col < 0 {
			t.Fatalf("Matches has no %q column: %q", name, header)
		}
		for r := 2; r <= len(rows); r++ {
			cell, _ := excelize.CoordinatesToCellName(col+1, r)
			v, _ := f.GetCellValue(workbook.SheetMatches, cell)
			if v == "" {
				continue
			}
			if typ, _ := f.GetCellType(workbook.SheetMatches, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("Matches!%s (%s %q) is stored as %v, not text", cell, name, v, typ)
			}
		}
	}
}
