package workbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// FixRow is one row of the Fixes sheet read back from a workbook the customer reviewed.
type FixRow struct {
	// Sheet and Row locate the row ("Fixes", or "Fixes (2)" past Excel's row limit; Row is
	// the worksheet row number, the header being row 1), so messages can point at it.
	Sheet string
	Row   int
	Side  string
	// ObjectType is user, group or contact.
	ObjectType string
	Target     string
	ObjectID   string
	Action     string
	Attribute  string
	Old        string
	New        string
	Reason     string
	Detail     string
	Script     string
	// Line is 0 when the cell is empty.
	Line int
	// Decision is DecisionApprove, DecisionSkip or "" (no choice made).
	Decision string
}

// ReadFixes reads every row of the Fixes sheet (and its overflow sheets) of a workbook. It
// finds the columns by their headers, so a customer who moved a column does not break it,
// and it accepts what Excel does to a reviewed sheet: shared strings, numbers for Line,
// "approve" typed in any case. A Decision other than Approve, Skip or empty is an error,
// since guessing what the customer meant could apply a change they refused.
func ReadFixes(path string) ([]FixRow, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("softmatch: %s: cannot open the workbook: %w", path, err)
	}
	defer func() { _ = f.Close() }()
	var sheets []string
	for _, name := range f.GetSheetList() {
		if name == SheetFixes || isOverflow(name, SheetFixes) {
			sheets = append(sheets, name)
		}
	}
	if len(sheets) == 0 {
		return nil, fmt.Errorf("softmatch: %s: no %q sheet\nhint: give the workbook softmatch wrote, reviewed in place", path, SheetFixes)
	}
	var out []FixRow
	for _, sheet := range sheets {
		rows, err := readFixSheet(f, sheet)
		if err != nil {
			return nil, fmt.Errorf("softmatch: %s: %w", path, err)
		}
		out = append(out, rows...)
	}
	return out, nil
}

// isOverflow reports whether name is an overflow sheet of base: "base (2)", "base (3)", ...
func isOverflow(name, base string) bool {
	rest, ok := strings.CutPrefix(name, base+" (")
	if !ok {
		return false
	}
	num, ok := strings.CutSuffix(rest, ")")
	if !ok {
		return false
	}
	n, err := strconv.Atoi(num)
	return err == nil && n >= 2 && strconv.Itoa(n) == num
}

// readFixSheet reads one Fixes sheet.
func readFixSheet(f *excelize.File, sheet string) ([]FixRow, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	if !rows.Next() {
		return nil, fmt.Errorf("sheet %q is empty: its header row is missing", sheet)
	}
	header, err := rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	at := make(map[string]int, len(header))
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		if _, dup := at[key]; !dup {
			at[key] = i
		}
	}
	idx := make([]int, len(FixesHeaders))
	for i, h := range FixesHeaders {
		j, ok := at[strings.ToLower(h)]
		if !ok {
			return nil, fmt.Errorf("sheet %q has no %q column\nhint: keep the header row as softmatch wrote it", sheet, h)
		}
		idx[i] = j
	}
	var out []FixRow
	for r := 2; rows.Next(); r++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%s!%d: %w", sheet, r, err)
		}
		get := func(i int) string {
			if j := idx[i]; j < len(cells) {
				return cells[j]
			}
			return ""
		}
		blank := true
		for i := range FixesHeaders {
			if strings.TrimSpace(get(i)) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		fr := FixRow{
			Sheet: sheet, Row: r,
			Side: get(0), ObjectType: get(1), Target: get(2), ObjectID: get(3), Action: get(4), Attribute: get(5),
			Old: get(6), New: get(7), Reason: get(8), Detail: get(9), Script: get(10),
		}
		if fr.Line, err = parseLine(get(11)); err != nil {
			return nil, fmt.Errorf("%s row %d: Line %w", sheet, r, err)
		}
		if fr.Decision, err = parseDecision(get(12)); err != nil {
			return nil, fmt.Errorf("%s row %d: %w\nhint: choose Approve or Skip from the list", sheet, r, err)
		}
		out = append(out, fr)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	return out, nil
}

// parseLine reads the Line cell: empty, or a positive whole number (Excel may store it as
// "12" or "12.0").
func parseLine(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n, nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 1 && v <= 1<<31 && v == float64(int(v)) {
		return int(v), nil
	}
	return 0, fmt.Errorf("%q is not a line number", s)
}

// errDecision is wrapped by every unreadable Decision.
var errDecision = errors.New("decision must be Approve, Skip or empty")

// parseDecision normalizes the Decision cell.
func parseDecision(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", nil
	case strings.EqualFold(s, DecisionApprove):
		return DecisionApprove, nil
	case strings.EqualFold(s, DecisionSkip):
		return DecisionSkip, nil
	}
	return "", fmt.Errorf("%w, not %q", errDecision, s)
}
