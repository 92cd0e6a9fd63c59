package exports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
)

// delimiters are the separators Export-Csv, -UseCulture and hand edits produce.
var delimiters = []byte{',', ';', '\t', '|'}

// header is the first record of a CSV file, read ahead of the records to choose the format.
type header struct {
	delim byte
	raw   []string // as spelled in the file
	clean []string // cleanHeader of each
}

// peekHeader reads the header line without consuming it, choosing the delimiter that occurs
// most often outside quotes.
func (s *source) peekHeader() (header, error) {
	b, err := s.text.Peek(headWindow)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return header{}, err
	}
	line := firstLine(b)
	if len(bytes.TrimSpace(line)) == 0 {
		return header{}, errors.New("no header line")
	}
	h := header{delim: sniffDelimiter(line)}
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = rune(h.delim)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return header{}, fmt.Errorf("header line: %v", err)
	}
	h.raw = rec
	h.clean = make([]string, len(rec))
	for i, c := range rec {
		h.clean[i] = cleanHeader(c)
	}
	return h, nil
}

// firstLine returns the first line of b, skipping empty lines, with line breaks inside
// quotes kept.
func firstLine(b []byte) []byte {
	b = bytes.TrimLeft(b, "\r\n")
	in := false
	for i, c := range b {
		switch c {
		case '"':
			in = !in
		case '\n':
			if !in {
				return bytes.TrimRight(b[:i], "\r")
			}
		}
	}
	return b
}

// sniffDelimiter counts each candidate delimiter outside quotes; the most frequent wins, a
// comma on a tie (a one-column file).
func sniffDelimiter(line []byte) byte {
	var counts [4]int
	in := false
	for _, c := range line {
		if c == '"' {
			in = !in
			continue
		}
		if in {
			continue
		}
		for i, d := range delimiters {
			if c == d {
				counts[i]++
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return delimiters[best]
}

// headerText is a header cell as the consultant reads it in the file: without the byte
// order mark the first cell carries, and trimmed.
func headerText(raw string) string {
	return strings.TrimSpace(strings.TrimPrefix(raw, "\uFEFF"))
}

// mapColumns maps header cells to canonical fields through an alias table. A field fed by an
// earlier column is not fed twice: the later column is listed as ignored.
func mapColumns(h header, aliases map[string]string) ([]Column, []string) {
	cols := make([]Column, len(h.raw))
	canon := make([]string, len(h.raw))
	used := map[string]bool{}
	for i, raw := range h.raw {
		field := aliases[h.clean[i]]
		if used[field] {
			field = ""
		}
		if field != "" {
			used[field] = true
			canon[i] = field
		} else {
			// A name no struct tag can carry, so gocsv leaves the column alone.
			canon[i] = "\x00" + strconv.Itoa(i)
		}
		cols[i] = Column{Index: i + 1, Header: headerText(raw), Field: field}
	}
	return cols, canon
}

// readCSV streams the records of src into rows of proto's type, bound by gocsv through the
// canonical header, and calls keep with each readable row and the physical line where it
// starts. proto is a pointer to a row struct, so that gocsv hands each row over as the
// pointer it allocated rather than boxing a second copy of the struct. Records that cannot
// be read become error issues; info.Records counts all.
//
// After the first records, grow (when not nil) is told how many records the whole file
// probably holds, so that the caller can size its slice once instead of doubling it: on a
// million records the copies of doubling cost as much as the parsing.
func readCSV(src *source, h header, canon []string, proto any, issues *[]Issue, keep func(row any, line int, sc cellScan), grow func(estimate int)) error {
	r, um, err := newBinder(src, h, canon, proto)
	if err != nil {
		return err
	}
	colOf := map[string]int{}
	for i, c := range canon {
		colOf[c] = i + 1
	}

	// Parsing and binding run in one goroutine, the caller's conversion in this one: on a
	// million records that overlaps the two halves of the work. Batches keep the channel
	// traffic small, and go back to the reader once converted so that a file of any size
	// uses a handful of them; the order of records is kept.
	type item struct {
		v        any
		line     int
		sc       cellScan
		estimate int // > 0 on the record after which the total was estimated
	}
	const batchSize, inFlight = 512, 4
	batches := make(chan []item, inFlight)
	free := make(chan []item, inFlight+2)
	var dropped []Issue
	var readErr error
	go func() {
		defer close(batches)
		newBatch := func() []item {
			select {
			case b := <-free:
				return b[:0]
			default:
				return make([]item, 0, batchSize)
			}
		}
		batch := newBatch()
		// offset is where the record about to be read starts in the decoded text, so that
		// each record's length in the file is known (see wideRecord).
		offset := r.InputOffset()
		var scratch []byte
		for {
			v, err := um.Read()
			if err == io.EOF {
				break
			}
			consumed := r.InputOffset() - offset
			offset += consumed
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					readErr = err
					break
				}
				src.info.Records++
				rg := rejectedRecord(r, len(canon))
				dropped = append(dropped, parseIssue(src, pe, h, rg))
				continue
			}
			src.info.Records++
			line, _ := r.FieldPos(0)
			line += src.lineOffset
			it := item{v: v, line: line, sc: cellScan{bad: -1}}
			if br, ok := v.(boundRow); ok {
				it.sc = br.scan()
				if iss, bad := checkCells(src.path, line, it.sc, colOf); bad {
					dropped = append(dropped, iss)
					continue
				}
				if wideRecord(it.sc.kept, consumed) {
					br.compact(&scratch)
				}
			}
			if src.info.Records == estimateAfter {
				it.estimate = estimateRecords(src, r.InputOffset())
			}
			batch = append(batch, it)
			if len(batch) == batchSize {
				batches <- batch
				batch = newBatch()
			}
		}
		if len(batch) > 0 {
			batches <- batch
		}
	}()
	for b := range batches {
		for i := range b {
			it := &b[i]
			keep(it.v, it.line, it.sc)
			if grow != nil && it.estimate > 0 {
				grow(it.estimate)
			}
		}
		// Drop the rows before the batch is reused: they are garbage once converted.
		clear(b)
		select {
		case free <- b:
		default:
		}
	}
	// The channel is closed: the reading goroutine is done with dropped, readErr and info.
	*issues = append(*issues, dropped...)
	return readErr
}

// newBinder sets up the CSV reader and gocsv's unmarshaller that bind the records of src to
// proto's row type, under the canonical column names canon.
func newBinder(src *source, h header, canon []string, proto any) (*csv.Reader, *gocsv.Unmarshaller, error) {
	r := csv.NewReader(src.text)
	r.Comma = rune(h.delim)
	// -1 while the header is read; then the header's width, so that encoding/csv reports a
	// ragged record as a ParseError (ErrFieldCount) that we list and step over.
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	um, err := gocsv.NewUnmarshaller(r, proto)
	if err != nil {
		return nil, nil, fmt.Errorf("header line: %v", err)
	}
	if err := um.RenormalizeHeaders(func([]string) []string { return canon }); err != nil {
		return nil, nil, fmt.Errorf("header line: %v", err)
	}
	r.FieldsPerRecord = len(canon)
	return r, um, nil
}

// estimateAfter is the record count after which the total is estimated: enough records for
// a stable average length, few enough that the slice has not grown much yet.
const estimateAfter = 1024

// estimateRecords extrapolates the record count of the whole file from the decoded bytes the
// first records took.
func estimateRecords(src *source, decoded int64) int {
	if decoded <= 0 || src.size <= 0 {
		return 0
	}
	size := src.size
	if strings.HasPrefix(src.info.Encoding, "utf-16") {
		size /= 2 // mostly ASCII text: two bytes a character
	}
	est := size / (decoded / int64(src.info.Records)) * 105 / 100
	return int(min(est, 1<<26))
}

// ragged is what can be told of a record with the wrong number of fields: how many it
// has, and where the first field past the header's width starts (line 0 when it has fewer).
type ragged struct {
	fields    int
	line, col int
}

// rejectedRecord reads, from r, the shape of the record it just rejected: for its field count,
// or for a quote it could not read, when fields is the number of fields read whole before the
// broken one. encoding/csv keeps the positions of that record's fields (FieldPos) but not
// their number, and FieldPos panics past the last field: the number is where it stops
// answering. Rejected records are rare, so asking field by field costs nothing that matters.
func rejectedRecord(r *csv.Reader, width int) (rg ragged) {
	func() {
		defer func() { _ = recover() }()
		for ; rg.fields < 1<<16; rg.fields++ {
			line, col := r.FieldPos(rg.fields)
			if rg.fields == width {
				rg.line, rg.col = line, col
			}
		}
	}()
	return rg
}

// parseIssue turns an encoding/csv error into an issue for the record it dropped; h is the
// file's header, rg the shape of a ragged record.
func parseIssue(src *source, pe *csv.ParseError, h header, rg ragged) Issue {
	width := len(h.raw)
	start, end := pe.StartLine+src.lineOffset, pe.Line+src.lineOffset
	iss := Issue{File: src.path, Line: start, Severity: IssueError}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount) && rg.fields > width:
		// The first field past the header's width is where the record went wrong.
		iss.Code, iss.Column = CodeRaggedRow, width+1
		iss.Message = fmt.Sprintf("the record has %d fields where the header has %d; field %d starts at line %d, byte %d; the record was skipped",
			rg.fields, width, width+1, rg.line+src.lineOffset, rg.col)
		iss.Hint = "a delimiter inside an unquoted value, usually just before that field: quote the value, or re-export with Export-Csv"
	case errors.Is(pe.Err, csv.ErrFieldCount) && rg.fields > 0:
		// The first missing field: the record ended early, often cut by a line break.
		iss.Code, iss.Column = CodeRaggedRow, rg.fields+1
		iss.Message = fmt.Sprintf("the record has %d fields where the header has %d: it ends before column %d (%s); the record was skipped",
			rg.fields, width, rg.fields+1, headerText(h.raw[rg.fields]))
		iss.Hint = "a line break inside an unquoted value splits the record: quote the value, or re-export with Export-Csv"
	case errors.Is(pe.Err, csv.ErrFieldCount):
		iss.Code = CodeRaggedRow
		iss.Message = fmt.Sprintf("the record does not have the header's %d fields; it was skipped", width)
		iss.Hint = "a delimiter inside an unquoted value or a line break that split the record: quote the value, or re-export with Export-Csv"
	default:
		// A quote encoding/csv could not read. The broken field is the one after those read
		// whole; its number counts fields as the file reads, which a delimiter in an unquoted
		// value shifts, so the message says which header stands above it rather than whose
		// value it is.
		iss.Code, iss.Column = CodeBadQuoting, rg.fields+1
		iss.Message, iss.Hint = quoteProblem(pe, start, end, rg.fields+1, underHeader(h, rg.fields))
	}
	return iss
}

// quoteProblem says what is wrong with the quotes of field (1-based; above names its header)
// in the record on lines start to end, and how to fix the export.
func quoteProblem(pe *csv.ParseError, start, end, field int, above string) (msg, hint string) {
	const doubled = "a quote inside a value must be doubled (\"\"); re-export with Export-Csv rather than editing the file by hand"
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && end > start:
		return fmt.Sprintf("field %d%s of the record on line %d opens a quote that is not closed properly: reading stopped at byte %d of line %d, and lines %d-%d were skipped (they may hold more than one record)",
			field, above, start, pe.Column, end, start, end), doubled
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("a quote inside the quoted value of field %d%s is not doubled (byte %d of line %d); the record was skipped",
			field, above, pe.Column, end), doubled
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("field %d%s is not quoted but holds a quote (byte %d of line %d); the record was skipped",
				field, above, pe.Column, end),
			"a value holding a quote must be quoted, with the quote doubled (\"\"); a delimiter in an unquoted value earlier on the line also shifts the fields. Re-export with Export-Csv rather than editing the file by hand"
	}
	return fmt.Sprintf("%v in field %d%s, at byte %d of line %d; the record was skipped", pe.Err, field, above, pe.Column, end),
		"a quote inside a value must be doubled (\"\") and the value quoted; re-export with Export-Csv rather than editing the file by hand"
}

// underHeader names the header of field i (0-based) for a message, when the header has one.
func underHeader(h header, i int) string {
	if i < len(h.raw) {
		return fmt.Sprintf(" (where the header has %s)", headerText(h.raw[i]))
	}
	return ""
}
