package workbook

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// tableStyle is the built-in table style of every sheet: banded rows keep wide rows
// readable.
const tableStyle = "TableStyleMedium2"

// column is one column of a data sheet.
type column struct {
	header string
	// wrap marks long text (reasons, details, messages): wrapped within a bounded width.
	wrap bool
}

// spec describes one data sheet: its columns and how to fill row i (0-based) of n.
type spec struct {
	name  string // sheet name; overflow sheets add " (2)", " (3)", ...
	table string // Excel table name, unique in the workbook
	cols  []column
	n     int
	// fill sets the cells of row i. A cell's Value is a string (stored as text), an int
	// (stored as a number) or nil (left empty).
	fill func(i int, c []excelize.Cell)
	// link, when set, returns the column (0-based) and internal target of row i's link.
	link func(i int) (col int, target string, ok bool)
	// decision adds the Approve/Skip list to the last column (the Fixes sheet).
	decision bool
}

// sheets is how many sheets the spec's rows need (at least one, which may be empty).
func (s *spec) sheets() int {
	if s.n <= maxDataRows {
		return 1
	}
	return (s.n + maxDataRows - 1) / maxDataRows
}

// locate returns the sheet and row number where data row i is written.
func (s *spec) locate(i int) (string, int) {
	return sheetName(s.name, i/maxDataRows), i%maxDataRows + 2
}

// styles holds the style ids the sheets use.
type styles struct {
	wrap, title, section, link, header int
	outcome                            map[reconcile.Outcome]int
	severity                           map[reconcile.Severity]int
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{outcome: map[reconcile.Outcome]int{}, severity: map[reconcile.Severity]int{}}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	fill := func(color string) *excelize.Style {
		return &excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}}
	}
	// Wrapped cells keep the default bottom alignment of their neighbours, so a row whose
	// estimated height is generous still reads as one line.
	st.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})
	st.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	st.section = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}})
	st.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	st.link = mk(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	// Green for a join, blue for a new account, red for a join that fails, grey for out of
	// scope: the colours of Excel's own good, neutral and bad cell styles. Created in a fixed
	// order so that style ids, and so the bytes, never vary.
	for _, oc := range []struct {
		o     reconcile.Outcome
		color string
	}{
		{reconcile.HardMatch, "C6EFCE"}, {reconcile.SMTPMatch, "C6EFCE"}, {reconcile.UPNMatch, "C6EFCE"},
		{reconcile.New, "DDEBF7"}, {reconcile.Blocked, "FFC7CE"}, {reconcile.Excluded, "EDEDED"},
	} {
		st.outcome[oc.o] = mk(fill(oc.color))
	}
	st.severity[reconcile.Conflict] = mk(fill("FFC7CE"))
	st.severity[reconcile.Warning] = mk(fill("FFEB9C"))
	return st, err
}

// view indexes a result for the sheets: where each object's row is.
type view struct {
	doc *report.Document
	res *reconcile.Result
	// entryOf maps an on-premises index to its entry (-1 when none).
	entryOf []int32
	// cloudOnlyOf maps a cloud index to its Cloud Only row (-1 when none).
	cloudOnlyOf []int32
}

func newView(doc *report.Document, res *reconcile.Result) *view {
	v := &view{doc: doc, res: res}
	v.entryOf = make([]int32, len(res.OnPrem))
	for i := range v.entryOf {
		v.entryOf[i] = -1
	}
	for i, e := range res.Entries {
		if e.OnPrem >= 0 && e.OnPrem < len(v.entryOf) && v.entryOf[e.OnPrem] < 0 {
			v.entryOf[e.OnPrem] = int32(i)
		}
	}
	v.cloudOnlyOf = make([]int32, len(res.Cloud))
	for i := range v.cloudOnlyOf {
		v.cloudOnlyOf[i] = -1
	}
	for i, c := range res.CloudOnly {
		if c.Cloud >= 0 && c.Cloud < len(v.cloudOnlyOf) && v.cloudOnlyOf[c.Cloud] < 0 {
			v.cloudOnlyOf[c.Cloud] = int32(i)
		}
	}
	return v
}

// onprem returns on-premises object i, or nil when the index is out of range.
func (v *view) onprem(i int) *reconcile.OnPrem {
	if i < 0 || i >= len(v.res.OnPrem) {
		return nil
	}
	return &v.res.OnPrem[i]
}

// cloud returns cloud object i, or nil when the index is out of range.
func (v *view) cloud(i int) *reconcile.Cloud {
	if i < 0 || i >= len(v.res.Cloud) {
		return nil
	}
	return &v.res.Cloud[i]
}

// onpremName names an on-premises object as the JSON report does (sAMAccountName, else
// DN, else UPN), so that the workbook and the report speak of the same names.
func onpremName(o *reconcile.OnPrem) string {
	if o == nil {
		return ""
	}
	return report.OnPremName(o)
}

// cloudName names a cloud object as the JSON report does: UPN, else mail, else object id.
func cloudName(c *reconcile.Cloud) string {
	if c == nil {
		return ""
	}
	return report.CloudName(c)
}

// primarySMTP is the address behind the upper-case "SMTP:" proxy value, else mail.
func primarySMTP(proxies []string, mail string) string {
	for _, p := range proxies {
		if strings.HasPrefix(p, "SMTP:") {
			return p[len("SMTP:"):]
		}
	}
	return mail
}

// joinCodes writes finding codes as one cell.
func joinCodes(codes []reconcile.Code) string {
	var b strings.Builder
	for i, c := range codes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(c))
	}
	return b.String()
}

// yesNo spells a tri-state flag: "" when the export did not say.
func yesNo(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "yes"
	}
	return "no"
}

// str returns a string cell, or an empty one for "".
func str(s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{}
	}
	return excelize.Cell{Value: s}
}

// num returns a number cell, or an empty one for zero (no line, no column).
func num(n int) excelize.Cell {
	if n == 0 {
		return excelize.Cell{}
	}
	return excelize.Cell{Value: n}
}

// specs lays out the five data sheets in contract order.
func (v *view) specs(st *styles) []*spec {
	matches := v.matchesSpec(st)
	cloudOnly := v.cloudOnlySpec()
	conflicts := v.conflictsSpec(st, matches, cloudOnly)
	return []*spec{matches, conflicts, v.fixesSpec(), cloudOnly, v.issuesSpec()}
}

func (v *view) matchesSpec(st *styles) *spec {
	return &spec{
		name: SheetMatches, table: "Matches",
		cols: []column{
			{header: "Type"}, {header: "sAMAccountName"}, {header: "Display name"},
			{header: "Distinguished name", wrap: true}, {header: "objectGUID"}, {header: "UPN"},
			{header: "Primary SMTP"}, {header: "Anchor (ImmutableId)"}, {header: "Outcome"},
			{header: "Reason", wrap: true}, {header: "Findings", wrap: true},
			{header: "Cloud object id"}, {header: "Cloud UPN"}, {header: "Cloud primary SMTP"},
			{header: "Cloud ImmutableId"},
		},
		n: len(v.res.Entries),
		fill: func(i int, c []excelize.Cell) {
			e := &v.res.Entries[i]
			o := v.onprem(e.OnPrem)
			if o != nil {
				c[0] = str(report.ObjectType(o.Type))
				c[1] = str(o.SAMAccountName)
				c[2] = str(o.DisplayName)
				c[3] = str(o.DistinguishedName)
				c[4] = str(o.ObjectGUID)
			}
			upn, smtp := e.UPN, e.PrimarySMTP
			if upn == "" && o != nil {
				upn = o.UserPrincipalName
			}
			c[5], c[6], c[7] = str(upn), str(smtp), str(e.Anchor)
			c[8] = str(string(e.Outcome))
			if id, ok := st.outcome[e.Outcome]; ok {
				c[8].StyleID = id
			}
			c[9] = str(e.Reason)
			c[10] = str(joinCodes(e.Findings))
			if cl := v.cloud(e.Cloud); cl != nil {
				c[11] = str(cl.ID)
				c[12] = str(cl.UserPrincipalName)
				c[13] = str(primarySMTP(cl.ProxyAddresses, cl.Mail))
				c[14] = str(cl.ImmutableID)
			}
		},
	}
}

func (v *view) conflictsSpec(st *styles, matches, cloudOnly *spec) *spec {
	const linkCol = 7
	target := func(i int) (string, int, bool) {
		f := &v.res.Findings[i]
		for _, o := range f.OnPrem {
			if o >= 0 && o < len(v.entryOf) && v.entryOf[o] >= 0 {
				sheet, row := matches.locate(int(v.entryOf[o]))
				return sheet, row, true
			}
		}
		for _, c := range f.Cloud {
			if c >= 0 && c < len(v.cloudOnlyOf) && v.cloudOnlyOf[c] >= 0 {
				sheet, row := cloudOnly.locate(int(v.cloudOnlyOf[c]))
				return sheet, row, true
			}
		}
		return "", 0, false
	}
	return &spec{
		name: SheetConflicts, table: "Conflicts",
		cols: []column{
			{header: "Severity"}, {header: "Code"}, {header: "On-premises objects", wrap: true},
			{header: "Cloud objects", wrap: true}, {header: "Attribute"}, {header: "Value"},
			{header: "Detail", wrap: true}, {header: "Go to"},
		},
		n: len(v.res.Findings),
		fill: func(i int, c []excelize.Cell) {
			f := &v.res.Findings[i]
			sev := f.Severity
			if sev == "" {
				sev = f.Code.Severity()
			}
			c[0] = str(string(sev))
			if id, ok := st.severity[sev]; ok {
				c[0].StyleID = id
			}
			c[1] = str(string(f.Code))
			var b strings.Builder
			for _, o := range f.OnPrem {
				op := v.onprem(o)
				if op == nil {
					continue
				}
				if b.Len() > 0 {
					b.WriteString("; ")
				}
				b.WriteString(onpremName(op))
				if op.UserPrincipalName != "" && op.UserPrincipalName != onpremName(op) {
					b.WriteString(" (" + op.UserPrincipalName + ")")
				}
			}
			c[2] = str(b.String())
			b.Reset()
			for _, ci := range f.Cloud {
				cl := v.cloud(ci)
				if cl == nil {
					continue
				}
				if b.Len() > 0 {
					b.WriteString("; ")
				}
				b.WriteString(cloudName(cl))
			}
			c[3] = str(b.String())
			c[4], c[5], c[6] = str(f.Attribute), str(f.Value), str(f.Detail)
			if sheet, row, ok := target(i); ok {
				c[linkCol] = excelize.Cell{Value: sheet + " row " + strconv.Itoa(row), StyleID: st.link}
			}
		},
		link: func(i int) (int, string, bool) {
			sheet, row, ok := target(i)
			if !ok {
				return 0, "", false
			}
			return linkCol, location(sheet, row), true
		},
	}
}

func (v *view) fixesSpec() *spec {
	cols := make([]column, len(FixesHeaders))
	for i, h := range FixesHeaders {
		cols[i] = column{header: h, wrap: h == "Detail"}
	}
	return &spec{
		name: SheetFixes, table: "Fixes", cols: cols, n: len(v.res.Fixes), decision: true,
		fill: func(i int, c []excelize.Cell) {
			fx := &v.res.Fixes[i]
			var target, id string
			typ := reconcile.User
			switch fx.Side {
			case reconcile.OnPremSide:
				o := v.onprem(fx.Object)
				target = onpremName(o)
				if o != nil {
					id = o.ObjectGUID
					if o.Type != "" {
						typ = o.Type
					}
				}
			case reconcile.CloudSide:
				cl := v.cloud(fx.Object)
				target = cloudName(cl)
				if cl != nil {
					id = cl.ID
					if cl.Type != "" {
						typ = cl.Type
					}
				}
			}
			// The object kind travels with the row: regenerated scripts pick the cmdlet of
			// the kind (Set-ADGroup, Set-MailContact, ...) from it.
			c[0], c[1], c[2], c[3] = str(string(fx.Side)), str(string(typ)), str(target), str(id)
			c[4], c[5], c[6], c[7] = str(string(fx.Action)), str(fx.Attribute), str(fx.Old), str(fx.New)
			c[8], c[9] = str(string(fx.Reason)), str(fx.Detail)
			// A manual fix is an instruction: no script carries it and there is nothing to
			// approve.
			if fx.Action != reconcile.Manual {
				c[10], c[11] = str(fx.Script), num(fx.Line)
				if fx.Approved {
					c[12] = str(DecisionApprove)
				}
			}
		},
	}
}

func (v *view) cloudOnlySpec() *spec {
	return &spec{
		name: SheetCloudOnly, table: "CloudOnly",
		cols: []column{
			{header: "Cloud object id"}, {header: "UPN"}, {header: "Display name"}, {header: "Mail"},
			{header: "ImmutableId"}, {header: "Synced"}, {header: "Enabled"},
			{header: "Findings", wrap: true},
		},
		n: len(v.res.CloudOnly),
		fill: func(i int, c []excelize.Cell) {
			co := &v.res.CloudOnly[i]
			if cl := v.cloud(co.Cloud); cl != nil {
				synced := cl.Synced
				c[0], c[1], c[2], c[3] = str(cl.ID), str(cl.UserPrincipalName), str(cl.DisplayName), str(cl.Mail)
				c[4], c[5], c[6] = str(cl.ImmutableID), str(yesNo(&synced)), str(yesNo(cl.AccountEnabled))
			}
			c[7] = str(joinCodes(co.Findings))
		},
	}
}

func (v *view) issuesSpec() *spec {
	return &spec{
		name: SheetInputIssues, table: "InputIssues",
		cols: []column{
			{header: "File"}, {header: "Line"}, {header: "Column"}, {header: "Severity"},
			{header: "Code"}, {header: "Message", wrap: true}, {header: "Hint", wrap: true},
		},
		n: len(v.doc.Issues),
		fill: func(i int, c []excelize.Cell) {
			is := &v.doc.Issues[i]
			c[0], c[1], c[2] = str(is.File), num(is.Line), num(is.Column)
			c[3], c[4], c[5], c[6] = str(is.Severity), str(is.Code), str(is.Message), str(is.Hint)
		},
	}
}

// sheetJob is one streamed sheet of a spec: rows [lo, hi) of it.
type sheetJob struct {
	s      *spec
	name   string
	lo, hi int
	ref    string // the table's range, header included
	sw     *excelize.StreamWriter
	widths []float64
	// links are the hyperlinks of the sheet's rows, applied once the rows are written.
	links []sheetLink
	err   error
}

// sheetLink is one internal hyperlink of a data row.
type sheetLink struct {
	cell, target string
}

// streamSpecs writes every sheet of specs. Each sheet has its own StreamWriter, which
// touches nothing shared while rows are added, so the rows of different sheets are written
// on all cores at once: at a million users the Matches sheet alone is most of the work, and
// the other sheets are written beside it instead of after it. Everything that changes the
// File itself (the sheets, hyperlinks, tables, validation) happens on one goroutine in spec
// order, before and after the rows, so the bytes do not depend on which sheet finishes
// first. written is told how many data rows were written after every batch (for progress);
// spare, unless nil, is called once, when the first core runs out of sheets (at once when
// there are fewer sheets than cores).
func streamSpecs(f *excelize.File, specs []*spec, st *styles, written func(int), spare func()) error {
	var jobs []*sheetJob
	for _, s := range specs {
		for k := 0; k < s.sheets(); k++ {
			j, err := startSheet(f, s, k, st)
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
	}
	// Largest sheets first, so that the longest one never starts last.
	order := slices.Clone(jobs)
	slices.SortStableFunc(order, func(a, b *sheetJob) int { return cmp.Compare(b.hi-b.lo, a.hi-a.lo) })
	next := make(chan *sheetJob, len(order))
	for _, j := range order {
		next <- j
	}
	close(next)
	var wg sync.WaitGroup
	var once sync.Once
	if spare != nil && len(order) < runtime.GOMAXPROCS(0) {
		once.Do(spare) // a core has no sheet from the start
	}
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.err = j.writeRows(st, written)
			}
			if spare != nil {
				once.Do(spare)
			}
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return j.err
		}
		if err := j.finish(f); err != nil {
			return err
		}
	}
	return nil
}

// startSheet opens the k-th sheet of s for streaming: dimension, widths, frozen header and
// the header row, all of which excelize requires before the first data row.
func startSheet(f *excelize.File, s *spec, k int, st *styles) (*sheetJob, error) {
	lastCol, err := excelize.ColumnNumberToName(len(s.cols))
	if err != nil {
		return nil, err
	}
	j := &sheetJob{s: s, name: sheetName(s.name, k), lo: k * maxDataRows}
	j.hi = min(j.lo+maxDataRows, s.n)
	last := max(j.hi-j.lo+1, 2) // a table needs a header and at least one row
	j.ref = "A1:" + lastCol + strconv.Itoa(last)
	if err := f.SetSheetDimension(j.name, j.ref); err != nil {
		return nil, err
	}
	if j.sw, err = f.NewStreamWriter(j.name); err != nil {
		return nil, err
	}
	j.widths = s.widths(j.lo, j.hi, make([]excelize.Cell, len(s.cols)))
	for c, w := range j.widths {
		if err := j.sw.SetColWidth(c+1, c+1, w); err != nil {
			return nil, err
		}
	}
	if err := j.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return nil, err
	}
	// Bold headers as well as the table style: not every reader draws table styles.
	row := make([]any, len(s.cols))
	for c, col := range s.cols {
		row[c] = excelize.Cell{Value: col.header, StyleID: st.header}
	}
	return j, j.sw.SetRow("A1", row)
}

// rowBatch is a run of data rows made ready for SetRow: the cells of row k are
// cells[k*width : (k+1)*width], a cell with neither value nor style stands for none.
type rowBatch struct {
	lo, n   int // data rows [lo, lo+n)
	cells   []excelize.Cell
	heights []float64 // 0 for a row of one line
}

// batchRows is how many rows travel together from preparation to SetRow: enough to make
// the hand-over cheap, few enough that a batch stays small.
const batchRows = 256

// writeRows streams the data rows of the sheet and notes their links. It touches only the
// sheet's own StreamWriter and reads the document, so sheets can be written concurrently.
//
// Rows are made ready (cells filled, text made safe, heights measured) on one goroutine and
// handed to SetRow on another. The Matches sheet is the longest job of the workbook and
// SetRow cannot be split; preparing its rows elsewhere lets the core that finishes the
// shorter sheets take that part of it (about 15% off a 300,000-row workbook).
func (j *sheetJob) writeRows(st *styles, written func(int)) error {
	width := len(j.s.cols)
	ready := make(chan *rowBatch, 4)
	free := make(chan *rowBatch, 6)
	stop := make(chan struct{})
	var prepErr error
	go func() {
		defer close(ready)
		prepErr = j.prepareRows(st, ready, free, stop)
	}()
	row := make([]any, width)
	ref := make([]byte, 0, 16)
	var err error
	for b := range ready {
		for k := 0; k < b.n && err == nil; k++ {
			cells := b.cells[k*width : (k+1)*width]
			for c := range cells {
				// A pointer spares boxing a copy of every cell of every row.
				if cells[c].Value == nil && cells[c].StyleID == 0 {
					row[c] = nil
				} else {
					row[c] = &cells[c]
				}
			}
			ref = strconv.AppendInt(append(ref[:0], 'A'), int64(b.lo+k-j.lo+2), 10)
			if h := b.heights[k]; h > 0 {
				err = j.sw.SetRow(string(ref), row, excelize.RowOpts{Height: h})
			} else {
				err = j.sw.SetRow(string(ref), row)
			}
		}
		if err != nil && stop != nil {
			close(stop)
			stop = nil
		}
		written(b.n)
		select {
		case free <- b:
		default:
		}
	}
	// ready is closed: the preparing goroutine has returned and prepErr is set.
	if err != nil {
		return err
	}
	return prepErr
}

// prepareRows fills the sheet's rows in order, in batches sent on ready, reusing the
// batches that come back on free, until the rows run out or stop is closed. It also
// collects the links, which follow row order.
func (j *sheetJob) prepareRows(st *styles, ready, free chan *rowBatch, stop <-chan struct{}) error {
	s := j.s
	width := len(s.cols)
	raw := make([]excelize.Cell, width)
	for lo := j.lo; lo < j.hi; lo += batchRows {
		var b *rowBatch
		select {
		case b = <-free:
		default:
			b = &rowBatch{cells: make([]excelize.Cell, batchRows*width), heights: make([]float64, batchRows)}
		}
		b.lo, b.n = lo, min(batchRows, j.hi-lo)
		for k := range b.n {
			i := lo + k
			clear(raw)
			s.fill(i, raw)
			cells := b.cells[k*width : (k+1)*width]
			for c, cell := range raw {
				if t, ok := cell.Value.(string); ok {
					// Boxing the string again would allocate for every cell; almost every
					// value comes back from cellText unchanged.
					if safe := cellText(t); safe != t {
						cell.Value = safe
					}
				}
				if s.cols[c].wrap && cell.StyleID == 0 && cell.Value != nil {
					cell.StyleID = st.wrap
				}
				cells[c] = cell
			}
			b.heights[k] = rowHeight(s.cols, j.widths, raw)
			if s.link != nil && len(j.links) < maxHyperlinks {
				if col, target, ok := s.link(i); ok {
					cell, err := excelize.CoordinatesToCellName(col+1, i-j.lo+2)
					if err != nil {
						return err
					}
					j.links = append(j.links, sheetLink{cell: cell, target: target})
				}
			}
		}
		select {
		case ready <- b:
		case <-stop:
			return nil
		}
	}
	return nil
}

// finish adds what follows the rows (links, table, ignored errors, validation) and flushes
// the sheet; Flush drops anything set later.
func (j *sheetJob) finish(f *excelize.File) error {
	for _, l := range j.links {
		if err := f.SetCellHyperLink(j.name, l.cell, l.target, "Location"); err != nil {
			return err
		}
	}
	k := j.lo / maxDataRows
	if err := j.sw.AddTable(&excelize.Table{
		Range: j.ref, Name: tableName(j.s.table, k), StyleName: tableStyle,
	}); err != nil {
		return err
	}
	// Identifiers such as an all-digit id are text on purpose: spare the reader Excel's
	// "number stored as text" mark on every one of them.
	if err := f.AddIgnoredErrors(j.name, j.ref, excelize.IgnoredErrorsNumberStoredAsText); err != nil {
		return err
	}
	if j.s.decision && j.hi > j.lo {
		lastCol, err := excelize.ColumnNumberToName(len(j.s.cols))
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(lastCol + "2:" + lastCol + strconv.Itoa(j.hi-j.lo+1))
		if err := dv.SetDropList([]string{DecisionApprove, DecisionSkip}); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Decision",
			"Choose Approve or Skip.")
		if err := f.AddDataValidation(j.name, dv); err != nil {
			return err
		}
	}
	return j.sw.Flush()
}

// Row height of one line of the default 11-point font, and Excel's largest row height.
const (
	lineHeight = 15
	maxHeight  = 409
)

// rowHeight returns the height that shows every line of the row's wrapped cells, or 0 for
// a single line. Neither Excel nor LibreOffice grows a streamed row to fit wrapped text when
// the file is opened, so without it long details overlap the next row.
func rowHeight(cols []column, widths []float64, cells []excelize.Cell) float64 {
	lines := 1
	for j, c := range cells {
		v, ok := c.Value.(string)
		if !ok || !cols[j].wrap {
			continue
		}
		per := max(int(widths[j])-2, 1)
		n := 0
		for {
			part, rest, more := strings.Cut(v, "\n")
			n += max((utf8.RuneCountInString(part)+per-1)/per, 1)
			if !more {
				break
			}
			v = rest
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return 0
	}
	return min(float64(lines*lineHeight), maxHeight)
}

// tableName names the k-th table of a spec; names are unique across the workbook.
func tableName(base string, k int) string {
	if k == 0 {
		return base
	}
	return base + strconv.Itoa(k+1)
}

// widths measures the header and the first widthSample rows of [lo, hi).
func (s *spec) widths(lo, hi int, cells []excelize.Cell) []float64 {
	w := make([]int, len(s.cols))
	for j, c := range s.cols {
		w[j] = textWidth(c.header)
	}
	for i := lo; i < hi && i < lo+widthSample; i++ {
		clear(cells)
		s.fill(i, cells)
		for j, c := range cells {
			var n int
			switch v := c.Value.(type) {
			case string:
				n = textWidth(v)
			case int:
				n = len(strconv.Itoa(v))
			}
			w[j] = max(w[j], n)
		}
	}
	out := make([]float64, len(w))
	for j, n := range w {
		out[j] = clampWidth(n)
	}
	return out
}
