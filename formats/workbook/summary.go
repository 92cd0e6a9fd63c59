package workbook

import (
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/reconcile"
)

// notRecorded stands in for the generation time: by default the report leaves the time out
// so that the same inputs give the same bytes.
const notRecorded = "not recorded"

// summaryWriter places cells on the Summary sheet and measures columns for their widths.
type summaryWriter struct {
	f     *excelize.File
	row   int
	width map[int]int
	err   error
}

// put writes one cell; measured cells count towards their column's width.
func (w *summaryWriter) put(col int, value any, style int, measured bool) string {
	cell, err := excelize.CoordinatesToCellName(col, w.row)
	if err != nil {
		w.fail(err)
		return cell
	}
	switch v := value.(type) {
	case string:
		v = cellText(v)
		w.fail(w.f.SetCellStr(SheetSummary, cell, v))
		if measured {
			w.width[col] = max(w.width[col], textWidth(v))
		}
	case int:
		w.fail(w.f.SetCellInt(SheetSummary, cell, int64(v)))
		if measured {
			w.width[col] = max(w.width[col], len(strconv.Itoa(v)))
		}
	}
	if style != 0 {
		w.fail(w.f.SetCellStyle(SheetSummary, cell, cell, style))
	}
	return cell
}

func (w *summaryWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// line writes a row of measured plain cells from column A and moves to the next row.
func (w *summaryWriter) line(values ...any) {
	for i, v := range values {
		w.put(i+1, v, 0, true)
	}
	w.row++
}

// note writes a setting, its value and an unmeasured note, which may overflow into the
// empty cells beside it rather than widen the Count column below.
func (w *summaryWriter) note(setting, value, note string) {
	w.put(1, setting, 0, true)
	w.put(2, value, 0, true)
	w.put(3, note, 0, false)
	w.row++
}

// heading writes a section title and moves to the next row.
func (w *summaryWriter) heading(title string, style int) {
	w.put(1, title, style, false)
	w.row++
}

// onOff spells a tenant switch.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// writeSummary fills the Summary sheet: what was read, under which settings, what came out
// (each count linked to its rows), a chart of outcomes and what to do next.
func writeSummary(f *excelize.File, v *view, specs []*spec, st *styles) error {
	doc, res := v.doc, v.res
	w := &summaryWriter{f: f, row: 1, width: map[int]int{}}
	w.heading("softmatch reconciliation report", st.title)
	generated := doc.Generated
	if generated == "" {
		generated = notRecorded
	}
	w.line("Generated", generated)
	w.line("softmatch version", firstNonEmpty(doc.Version, strings.TrimPrefix(generator(doc), "softmatch ")))
	w.row++

	w.heading("Inputs", st.section)
	w.put(1, "File", st.header, true)
	for i, h := range []string{"Side", "Format", "Encoding", "Delimiter", "Records", "SHA-256"} {
		w.put(i+2, h, st.header, true)
	}
	w.row++
	for _, in := range doc.Inputs {
		w.line(in.File, string(in.Side), in.Format, in.Encoding, delimiterName(in.Delimiter), in.Records, in.SHA256)
	}
	if len(doc.Inputs) == 0 {
		w.line("(no inputs recorded)")
	}
	w.row++

	s := res.Settings
	w.heading("Settings", st.section)
	domains := strings.Join(s.VerifiedDomains, ", ")
	source := "given"
	if s.VerifiedDomainsInferred {
		source = "inferred from the cloud export"
	}
	w.note("Verified domains", domains, source)
	initial := "given"
	if s.InitialDomainInferred {
		initial = "inferred from the cloud export"
	}
	w.note("Initial domain", s.InitialDomain, initial)
	if s.RolesKnown {
		w.line("Directory roles known", "yes")
	} else {
		w.note("Directory roles known", "no", "without a role export, admin-role blocks cannot be predicted")
	}
	w.line("UPN soft match", onOff(s.UPNSoftMatch))
	w.line("Block soft match", onOff(s.BlockSoftMatch))
	w.line("Block hard match (cloud object takeover)", onOff(s.BlockHardMatch))
	w.line("Privileged-role hard-match block", onOff(s.PrivilegedHardMatchBlock))
	anchor := s.SourceAnchor
	if anchor == "" {
		anchor = "mS-DS-ConsistencyGuid"
	}
	w.line("Source anchor", anchor)
	for _, l := range s.Limitations {
		w.put(1, "Limitation", 0, true)
		w.put(2, l, 0, false)
		w.row++
	}
	w.row++

	// The counts block is the sheet's table; its outcome rows feed the chart.
	w.heading("Counts", st.section)
	tableTop := w.row
	for i, h := range []string{"Category", "Name", "Count"} {
		w.put(i+1, h, st.header, true)
	}
	w.row++
	matches, conflicts, fixes, cloudOnly, issues := specs[0], specs[1], specs[2], specs[3], specs[4]
	count := func(category, name string, n int, sheet string, row int) {
		w.put(1, category, 0, true)
		w.put(2, name, 0, true)
		cell := w.put(3, n, st.link, true)
		w.fail(f.SetCellHyperLink(SheetSummary, cell, location(sheet, row), "Location"))
		w.row++
	}
	// first links a count to the first row it counts, or to the sheet's header when none.
	first := func(sp *spec, i int) (string, int) {
		if i < 0 {
			return sp.name, 1
		}
		return sp.locate(i)
	}
	outcomeTop := w.row
	for _, o := range reconcile.Outcomes {
		n, at := 0, -1
		for i := range res.Entries {
			if res.Entries[i].Outcome == o {
				if at < 0 {
					at = i
				}
				n++
			}
		}
		sheet, row := first(matches, at)
		count("Outcome", string(o), n, sheet, row)
	}
	outcomeBottom := w.row - 1
	// start links a whole sheet's count to its first data row, or its header when empty.
	start := func(sp *spec) (string, int) {
		if sp.n == 0 {
			return sp.name, 1
		}
		return sp.locate(0)
	}
	sheet, row := start(cloudOnly)
	count("Cloud", "cloud-only", len(res.CloudOnly), sheet, row)
	// Every code of the contract is listed, zero or not, then any code this version does
	// not know yet, in the order the findings first use it.
	codes := slices.Clone(reconcile.Codes)
	seen := map[reconcile.Code]struct {
		n, first int
	}{}
	for i := range res.Findings {
		c := res.Findings[i].Code
		e, ok := seen[c]
		if !ok {
			e.first = i
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		e.n++
		seen[c] = e
	}
	for _, c := range codes {
		e, ok := seen[c]
		if !ok {
			e.first = -1
		}
		sheet, row := first(conflicts, e.first)
		count("Finding", string(c), e.n, sheet, row)
	}
	sheet, row = start(fixes)
	count("Fixes", "proposed changes", len(res.Fixes), sheet, row)
	sheet, row = start(issues)
	count("Input issues", "records or values with a problem", len(doc.Issues), sheet, row)
	tableBottom := w.row - 1
	if err := f.AddTable(SheetSummary, &excelize.Table{
		Range: "A" + strconv.Itoa(tableTop) + ":C" + strconv.Itoa(tableBottom),
		Name:  "Counts", StyleName: tableStyle,
	}); err != nil {
		return err
	}
	w.row++

	w.heading("What to do next", st.section)
	for i, step := range nextSteps(res, len(doc.Issues)) {
		w.put(1, strconv.Itoa(i+1)+". "+step, 0, false)
		w.row++
	}

	if w.err != nil {
		return w.err
	}
	// excelize leaves a sheet's dimension at A1; other readers size the sheet by it.
	if err := f.SetSheetDimension(SheetSummary, "A1:G"+strconv.Itoa(w.row-1)); err != nil {
		return err
	}
	for col := 1; col <= 7; col++ {
		name, _ := excelize.ColumnNumberToName(col)
		width := clampWidth(w.width[col])
		if err := f.SetColWidth(SheetSummary, name, name, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(SheetSummary, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return addOutcomeChart(f, outcomeTop, outcomeBottom, tableTop)
}

// addOutcomeChart draws the outcome counts as columns beside the counts table.
func addOutcomeChart(f *excelize.File, top, bottom, anchorRow int) error {
	rng := func(col string) string {
		return "Summary!$" + col + "$" + strconv.Itoa(top) + ":$" + col + "$" + strconv.Itoa(bottom)
	}
	return f.AddChart(SheetSummary, "E"+strconv.Itoa(anchorRow), &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       "On-premises objects",
			Categories: rng("B"),
			Values:     rng("C"),
		}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Outcomes of the first sync"}}},
		Legend: excelize.ChartLegend{Position: "none"},
		Format: excelize.GraphicOptions{OffsetX: 10},
		Dimension: excelize.ChartDimension{
			Width: 480, Height: 290,
		},
	})
}

// nextSteps is the short to-do list under the counts, worded for what this run found.
func nextSteps(res *reconcile.Result, issues int) []string {
	conflicts := 0
	for i := range res.Findings {
		sev := res.Findings[i].Severity
		if sev == "" {
			sev = res.Findings[i].Code.Severity()
		}
		if sev == reconcile.Conflict {
			conflicts++
		}
	}
	var steps []string
	if issues > 0 {
		steps = append(steps, "Check Input Issues: records listed there were not compared; fix the export and run again.")
	}
	if conflicts > 0 {
		steps = append(steps, "Resolve every conflict on the Conflicts sheet ("+strconv.Itoa(conflicts)+"): each one blocks a clean join or loses data.")
	}
	steps = append(steps,
		"Review the Fixes sheet: set Decision to Approve or Skip on every row; rows left empty are not carried out.",
		"Regenerate the scripts from the reviewed workbook (softmatch scripts --from report.xlsx --out fixes), run each without -Apply (a dry run), then with -Apply.",
		"Export both directories again and run softmatch until no conflicts remain.",
		"Only then turn on synchronization (Start-ADSyncSyncCycle -PolicyType Delta on the Entra Connect server).",
	)
	return steps
}

// delimiterName spells a delimiter readably: a tab is invisible in a cell.
func delimiterName(d string) string {
	switch d {
	case "\t":
		return "tab"
	case " ":
		return "space"
	}
	return d
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
