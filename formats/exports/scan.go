package exports

import "fmt"

// cellScan is what one pass over the bound values of a record found. On a million records
// every value is looked at once here, and the later checks (UTF-8 repair, "?" damage) only
// visit the few values this pass flagged: most exports are ASCII throughout.
type cellScan struct {
	// bad is the index of the first value that makes the record unreadable, -1 when none
	// does; field and code say which field and why.
	bad   int
	field string
	code  string
	// size is the length of the bad value (for the too-long message).
	size int
	// kept is the total length of the bound values (when none is bad).
	kept int
	// nonASCII has bit i set when value i holds a byte of 0x80 or above, question when it
	// holds a "?".
	nonASCII, question uint64
}

// boundRow is implemented by the row structs, so that every bound value can be checked for
// NUL bytes and length without reflection or a callback per value.
type boundRow interface {
	scan() cellScan
	// compact moves the bound values into one string of their own (see compactValues),
	// using buf as scratch space.
	compact(buf *[]byte)
}

// scanValues checks the values behind ps, named by names (same order), stopping at the
// first value too long or holding a NUL, in field order: the same value the report has
// always named when a record holds several.
func scanValues(ps []*string, names []string) cellScan {
	sc := cellScan{bad: -1}
	for i, p := range ps {
		s := *p
		if len(s) > MaxFieldBytes {
			sc.bad, sc.field, sc.code, sc.size = i, names[i], CodeFieldTooLong, len(s)
			return sc
		}
		f := scanBytes(s)
		if f&byteNUL != 0 {
			sc.bad, sc.field, sc.code = i, names[i], CodeNULByte
			return sc
		}
		if f&byteHigh != 0 {
			sc.nonASCII |= 1 << i
		}
		if f&byteQuestion != 0 {
			sc.question |= 1 << i
		}
		sc.kept += len(s)
	}
	return sc
}

// compactValues copies the values behind ps into one new string and points each of them at
// its part of it. encoding/csv returns a record's fields as parts of one string holding the
// whole line, so keeping any value keeps the line: on a `Get-ADUser -Properties *` export,
// a hundred columns of which a handful are bound, a million records would hold gigabytes
// of values nothing reads. buf is scratch space, reused across records.
func compactValues(ps []*string, buf *[]byte) {
	b := (*buf)[:0]
	for _, p := range ps {
		b = append(b, *p...)
	}
	*buf = b
	all := string(b)
	off := 0
	for _, p := range ps {
		n := len(*p)
		*p = all[off : off+n]
		off += n
	}
}

// wideRecord says whether a record whose bound values take kept bytes, out of the consumed
// bytes of text it was read from, is worth compacting: when most of the line is columns
// nothing binds. Quotes and delimiters make up the rest of a narrow record.
func wideRecord(kept int, consumed int64) bool {
	return consumed > 2*int64(kept)+64
}

// Flags of scanBytes.
const (
	byteNUL = 1 << iota
	byteHigh
	byteQuestion
)

// scanBytes reports, in one pass, whether s holds a NUL, a byte of 0x80 or above, or a "?".
// It reads eight bytes at a time: a zero byte in a word w shows in (w - 0x01..) &^ w, so a
// "?" shows the same way in w ^ 0x3f3f..; the high bits are simply or-ed together.
func scanBytes(s string) int {
	const lo, hi, q = 0x0101010101010101, 0x8080808080808080, 0x3f3f3f3f3f3f3f3f
	var all, zero, quest uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := load64(s, i)
		all |= w
		zero |= (w - lo) &^ w
		wq := w ^ q
		quest |= (wq - lo) &^ wq
	}
	if i < len(s) && len(s) >= 8 {
		// The last bytes as one word that overlaps the words already read: flags are
		// or-ed, so reading a byte twice changes nothing.
		w := load64(s, len(s)-8)
		all |= w
		zero |= (w - lo) &^ w
		wq := w ^ q
		quest |= (wq - lo) &^ wq
		i = len(s)
	}
	f := 0
	if all&hi != 0 {
		f |= byteHigh
	}
	if zero&hi != 0 {
		f |= byteNUL
	}
	if quest&hi != 0 {
		f |= byteQuestion
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			f |= byteNUL
		case c == '?':
			f |= byteQuestion
		case c >= 0x80:
			f |= byteHigh
		}
	}
	return f
}

// load64 reads s[i:i+8] as a little-endian word; the compiler turns it into one load.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// checkCells turns the first unreadable value of a record into the error issue that drops
// it. colOf gives the column of each field (nil: no column, as in LDIF).
func checkCells(path string, line int, sc cellScan, colOf map[string]int) (Issue, bool) {
	if sc.bad < 0 {
		return Issue{}, false
	}
	col := colOf[sc.field]
	if sc.code == CodeFieldTooLong {
		return Issue{File: path, Line: line, Column: col, Severity: IssueError, Code: CodeFieldTooLong,
			Message: fmt.Sprintf("column %d (%s) holds %d bytes, more than %d; the record was skipped", col, sc.field, sc.size, MaxFieldBytes),
			Hint:    "an unclosed quote usually swallows the lines that follow it: check the quoting of the lines before"}, true
	}
	return Issue{File: path, Line: line, Column: col, Severity: IssueError, Code: CodeNULByte,
		Message: fmt.Sprintf("column %d (%s) holds a NUL character; the record was skipped", col, sc.field),
		Hint:    "the file mixes encodings or holds binary data: re-export it in one piece with Export-Csv -Encoding UTF8"}, true
}
