package workbook

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Dump renders every sheet of the workbook at path as text: document properties, then per
// sheet its dimension, frozen pane, tables, validations, column widths and every row. A
// number cell is shown as #n, a formula as {=...} and a link as [-> target], so a golden
// file shows what a person sees and also what Excel would do with each cell. It reads
// every cell one by one: meant for test-sized workbooks.
func Dump(w io.Writer, path string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return fmt.Errorf("softmatch: %s: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	bw := bufio.NewWriter(w)
	props, err := f.GetDocProps()
	if err != nil {
		return fmt.Errorf("softmatch: %s: %w", path, err)
	}
	fmt.Fprintf(bw, "title: %s\nsubject: %s\ncreator: %s\n", props.Title, props.Subject, props.Creator)
	for _, sheet := range f.GetSheetList() {
		if err := dumpSheet(bw, f, sheet); err != nil {
			return fmt.Errorf("softmatch: %s: sheet %q: %w", path, sheet, err)
		}
	}
	return bw.Flush()
}

func dumpSheet(w *bufio.Writer, f *excelize.File, sheet string) error {
	fmt.Fprintf(w, "\n== %s ==\n", sheet)
	dim, err := f.GetSheetDimension(sheet)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "dimension: %s\n", dim)
	panes, err := f.GetPanes(sheet)
	if err != nil {
		return err
	}
	if panes.Freeze {
		fmt.Fprintf(w, "frozen: above %s\n", panes.TopLeftCell)
	}
	tables, err := f.GetTables(sheet)
	if err != nil {
		return err
	}
	for _, t := range tables {
		fmt.Fprintf(w, "table: %s %s %s\n", t.Name, t.Range, t.StyleName)
	}
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		return err
	}
	for _, dv := range dvs {
		fmt.Fprintf(w, "validation: %s %s %s\n", dv.Sqref, dv.Type, dv.Formula1)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	var widths []string
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		width, err := f.GetColWidth(sheet, name)
		if err != nil {
			return err
		}
		widths = append(widths, fmt.Sprintf("%s=%g", name, width))
	}
	fmt.Fprintf(w, "widths: %s\n", strings.Join(widths, " "))
	for r, row := range rows {
		fmt.Fprintf(w, "%d:", r+1)
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			text, err := dumpCell(f, sheet, cell, v)
			if err != nil {
				return err
			}
			w.WriteString(" | ")
			w.WriteString(text)
		}
		w.WriteString("\n")
	}
	return nil
}

// dumpCell shows one cell's value, marking numbers, formulas and links.
func dumpCell(f *excelize.File, sheet, cell, v string) (string, error) {
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		return "", err
	}
	formula, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		return "", err
	}
	link, target, err := f.GetCellHyperLink(sheet, cell)
	if err != nil {
		return "", err
	}
	s := dumpEscape(v)
	// A number written without a type attribute reads back as unset.
	if typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset && v != "" {
		s = "#" + s
	}
	if formula != "" {
		s += " {=" + dumpEscape(formula) + "}"
	}
	if link {
		s += " [-> " + dumpEscape(target) + "]"
	}
	return s, nil
}

// dumpEscape keeps one cell on one line and its separators unambiguous.
var dumpEscape = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "|", `\|`).Replace
