// Package workbook writes the Excel workbook of a reconciliation (contract.md "The
// workbook") and reads back the Fixes sheet a customer reviewed.
//
// The workbook is what a consultant hands to the customer: a Summary, one row per
// on-premises object with the cloud user it will join side by side (Matches), one row per
// finding (Conflicts), one row per proposed change with an Approve/Skip decision (Fixes), the
// cloud users nothing joins (Cloud Only) and what could not be read (Input Issues). Every
// data sheet is streamed through excelize's StreamWriter, so a tenant of a million users
// costs little more than the rows themselves, and the package is zipped by packageWriter,
// which makes the bytes depend on the document only.
//
// Every value from an export is written as an inline string: an identifier stays text (no
// leading zeros lost, no GUID read as a number) and a value starting with = + - @ is never a
// formula.
package workbook

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/internal/writeback"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// Sheet names in contract order.
const (
	SheetSummary     = "Summary"
	SheetMatches     = "Matches"
	SheetConflicts   = "Conflicts"
	SheetFixes       = "Fixes"
	SheetCloudOnly   = "Cloud Only"
	SheetInputIssues = "Input Issues"
)

// FixesHeaders are the Fixes sheet's columns in order. Script regeneration reads them back
// by name, so they are part of the workbook's contract.
var FixesHeaders = []string{
	"Side", "Type", "Target", "Object ID", "Action", "Attribute", "Current value", "New value",
	"Reason", "Detail", "Script", "Line", "Decision",
}

// Decisions offered in the Fixes sheet's Decision column.
const (
	DecisionApprove = "Approve"
	DecisionSkip    = "Skip"
)

// maxDataRows is how many data rows one sheet holds before the rest continue on "<name>
// (2)": Excel's 1,048,576 rows less the header. A variable so tests can overflow cheaply.
var maxDataRows = excelize.TotalRows - 1

// maxHyperlinks caps the links of one sheet; rows past the cap show the target as text.
// Excel's own limit is 65,530 a sheet, but excelize scans every link of the sheet when it
// adds one, so n links cost n²/2 comparisons: 65,530 links took 14 s of a 1M-user run,
// 10,000 take a fraction of a second.
var maxHyperlinks = 10000

// widthSample is how many data rows column widths are measured on. Measuring every row
// of a million-row sheet would build every value twice; the first rows are representative
// of the column and the width is bounded anyway.
const widthSample = 2000

// Column width bounds, in characters.
const (
	minWidth = 8
	maxWidth = 60
)

// truncMarker ends a value cut to fit Excel's 32,767-character cell limit.
const truncMarker = "…[truncated]"

// Write streams the workbook for doc to path. It writes to a temporary name in the same
// directory and renames it on success, so path never holds half a workbook. The same
// document always gives the same bytes.
func Write(path string, doc *report.Document) error {
	return WriteSharing(path, doc, nil)
}

// WriteSharing is Write, calling spare (unless nil) once, as soon as one of the cores the
// sheets are filled on has no sheet left (at once when there are fewer sheets than cores).
// From then on the workbook keeps fewer cores busy than it has: the longest sheet is filled
// on one core, and the package is compressed only once every sheet is done. Work started
// then slows the longest sheet, which at a million users is what the whole run waits for,
// far less than work started with the workbook. spare runs on one of the workbook's
// goroutines, which waits for it: it should only start the other work. It is not called
// when the workbook fails before its sheets start.
func WriteSharing(path string, doc *report.Document, spare func()) error {
	if doc == nil {
		return fmt.Errorf("softmatch: %s: no report to write", path)
	}
	err := report.WriteFileAtomic(path, func(out io.Writer) error {
		pw, err := newPackageWriter(out, filepath.Dir(path))
		if err != nil {
			return err
		}
		defer pw.discard()
		// excelize keeps each sheet of over 16 MiB in a temporary file until the package
		// is written. They go to a folder of their own, so that the sweeper can keep them
		// out of the page cache as they grow (see writeback), and so that nothing is left
		// behind.
		opts := excelize.Options{}
		if tmp := sheetsFolder(filepath.Dir(path)); tmp != "" {
			defer os.RemoveAll(tmp)
			sweeper := writeback.Sweep(tmp)
			defer sweeper.Stop()
			opts.TmpDir = tmp
		}
		f := excelize.NewFile(opts)
		defer func() { _ = f.Close() }()
		if err := build(f, doc, spare); err != nil {
			return err
		}
		pw.lead = sheetPart(f, SheetMatches)
		// WriteTo reads the extension from f.Path to pick the content type; the bytes go
		// to packageWriter, so excelize's in-memory buffer stays empty.
		f.Path = path
		f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return pw })
		return f.Write(io.Discard)
	})
	if err != nil {
		return fmt.Errorf("softmatch: %s: %w", path, err)
	}
	return nil
}

// sheetsFolder makes a folder for excelize's temporary sheets: in the system's temporary
// folder, or beside the workbook (outDir, where the workbook's own temporary file already
// is) when that one cannot be used. It returns "" when neither can be made: excelize then
// uses the system's folder as it would, and keeps a sheet in memory where it cannot write
// there, as before the workbook had a folder of its own.
func sheetsFolder(outDir string) string {
	if dir, err := os.MkdirTemp("", "softmatch-sheets-"); err == nil {
		return dir
	}
	if dir, err := os.MkdirTemp(outDir, ".softmatch-sheets-"); err == nil {
		return dir
	}
	return ""
}

// build lays out every sheet of doc in f; spare is streamSpecs'.
func build(f *excelize.File, doc *report.Document, spare func()) error {
	res := doc.Result
	if res == nil {
		res = &reconcile.Result{}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	v := newView(doc, res)
	specs := v.specs(st)

	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	for _, s := range specs {
		for k := 0; k < s.sheets(); k++ {
			if _, err := f.NewSheet(sheetName(s.name, k)); err != nil {
				return err
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "softmatch reconciliation report",
		Subject:        "How Microsoft Entra Connect will join on-premises users to cloud users",
		Creator:        generator(doc),
		LastModifiedBy: generator(doc),
		Created:        doc.Generated,
		Modified:       doc.Generated,
	}); err != nil {
		return err
	}
	for _, name := range f.GetSheetList() {
		// Set before any StreamWriter starts: it writes the sheet properties first.
		if err := printLayout(f, name); err != nil {
			return err
		}
	}
	// Also before any StreamWriter starts: excelize selects the tab by loading every
	// worksheet, and a streamed one would be parsed back from its buffered rows (half a
	// second at 100,000 rows) only to be thrown away.
	f.SetActiveSheet(0)
	if err := writeSummary(f, v, specs, st); err != nil {
		return err
	}
	return streamSpecs(f, specs, st, doc.AddWritten, spare)
}

// printLayout makes a printed sheet landscape, one page wide: consultants print the Summary
// and Conflicts for meetings, and a table cut into column strips is unreadable.
func printLayout(f *excelize.File, sheet string) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape, wide, tall := "landscape", 1, 0
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall,
	})
}

// generator is the "softmatch <version>" name of the program that wrote doc.
func generator(doc *report.Document) string {
	if doc.Generator != "" {
		return doc.Generator
	}
	if doc.Version != "" {
		return "softmatch " + doc.Version
	}
	return "softmatch"
}

// sheetName is the name of the k-th sheet (from 0) of a table that overflows.
func sheetName(base string, k int) string {
	if k == 0 {
		return base
	}
	return fmt.Sprintf("%s (%d)", base, k+1)
}

// location is an internal hyperlink target: a cell on a sheet.
func location(sheet string, row int) string {
	return fmt.Sprintf("'%s'!A%d", strings.ReplaceAll(sheet, "'", "''"), row)
}

// cellText makes an input value safe to store: invalid UTF-8 becomes U+FFFD, and a value
// over Excel's 32,767-character limit is cut with a visible marker instead of silently.
func cellText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// A UTF-8 string never has more UTF-16 units than bytes: short strings need no count.
	if len(s) <= excelize.TotalCellChars {
		return s
	}
	if utf16Len(s) <= excelize.TotalCellChars {
		return s
	}
	limit := excelize.TotalCellChars - utf16Len(truncMarker)
	units := 0
	for i, r := range s {
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > limit {
			return s[:i] + truncMarker
		}
		units += n
	}
	return s
}

// utf16Len counts the UTF-16 code units of s, the unit of Excel's cell limit.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// textWidth is the display width of s in characters, for column widths.
func textWidth(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return utf8.RuneCountInString(s)
}

// clampWidth bounds a measured width and leaves room for the filter button.
func clampWidth(n int) float64 {
	n += 3
	if n < minWidth {
		n = minWidth
	}
	if n > maxWidth {
		n = maxWidth
	}
	return float64(n)
}

// DataRows is how many data rows Write writes for doc on its data sheets (Matches,
// Conflicts, Fixes, Cloud Only, Input Issues): the total that doc.Written reaches.
func DataRows(doc *report.Document) int {
	if doc == nil {
		return 0
	}
	res := doc.Result
	if res == nil {
		res = &reconcile.Result{}
	}
	n := 0
	for _, s := range (&view{doc: doc, res: res}).specs(&styles{}) {
		n += s.n
	}
	return n
}

// sheetPart returns the package part of the named sheet ("" when there is none), as
// excelize names parts: xl/worksheets/sheet<ID>.xml.
func sheetPart(f *excelize.File, name string) string {
	for id, n := range f.GetSheetMap() {
		if n == name {
			return "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml"
		}
	}
	return ""
}
