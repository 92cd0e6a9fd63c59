package exports

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// ldifEntry is one LDIF record being assembled.
type ldifEntry struct {
	line int
	row  onPremRow
	seen bool
}

// everyOnPremValue flags every on-premises value for the UTF-8 and "?" checks.
var everyOnPremValue = cellScan{bad: -1, nonASCII: 1<<len(onPremFields) - 1, question: 1<<len(onPremFields) - 1}

// readLDIF reads an ldifde export: entries separated by blank lines, "attr: value",
// "attr:: base64" and continuation lines that start with one space. Binary identifiers
// (objectGUID, mS-DS-ConsistencyGuid) are passed on as X'hex' in stored byte order. It
// returns the attributes seen as columns, in order of first appearance.
func readLDIF(src *source, issues *[]Issue, emit func(cols []Column, r *onPremRow, line int, sc cellScan)) ([]Column, error) {
	var cols []Column
	colIndex := map[string]int{}
	var cur ldifEntry
	lineNo := src.lineOffset
	logical, logicalLine := "", 0
	flushEntry := func() {
		if !cur.seen {
			return
		}
		src.info.Records++
		// LDIF entries are not dropped for a NUL or a long value (ldifde writes binary
		// values as base64, which decodes to any byte); every value goes through the
		// UTF-8 and "?" checks of the conversion.
		emit(cols, &cur.row, cur.line, everyOnPremValue)
		cur = ldifEntry{}
	}
	handle := func(l string, at int) {
		if l == "" || l[0] == '#' {
			return
		}
		i := strings.IndexByte(l, ':')
		if i <= 0 {
			*issues = append(*issues, Issue{File: src.path, Line: at, Severity: IssueWarning, Code: CodeBadLDIF,
				Message: "not an \"attribute: value\" line; ignored",
				Hint:    "export with ldifde -f FILE; do not edit the file by hand"})
			return
		}
		name, rest := l[:i], l[i+1:]
		lname := strings.ToLower(strings.TrimSpace(name))
		var value string
		binary := false
		switch {
		case strings.HasPrefix(rest, ":"):
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest[1:]))
			if err != nil {
				*issues = append(*issues, Issue{File: src.path, Line: at, Severity: IssueWarning, Code: CodeBadLDIF,
					Message: fmt.Sprintf("%s holds invalid base64; ignored", name)})
				return
			}
			value, binary = string(b), true
		case strings.HasPrefix(rest, "<"):
			return // a value held in another file: ldifde does not write these
		default:
			value = strings.TrimLeft(rest, " ")
		}
		if !cur.seen {
			if lname == "version" {
				return
			}
			cur = ldifEntry{line: at, seen: true}
		}
		field := onPremAliases[lname]
		if _, ok := colIndex[lname]; !ok {
			colIndex[lname] = len(cols) + 1
			cols = append(cols, Column{Index: len(cols) + 1, Header: strings.TrimSpace(name), Field: field})
		}
		if field == "" {
			return
		}
		if binary && (field == fObjectGUID || field == fConsistency) {
			value = "X'" + hex.EncodeToString([]byte(value)) + "'"
		}
		p := cur.row.field(field)
		switch {
		case *p == "":
			*p = value
		case field == fProxy:
			*p += "\n" + value
		case field == fObjectClass:
			*p += ";" + value
		}
	}
	r := bufio.NewReader(src.text)
	for {
		s, err := r.ReadString('\n')
		if len(s) > 0 {
			lineNo++
			s = strings.TrimRight(s, "\r\n")
			if lineNo == 1 {
				s = strings.TrimPrefix(s, "\uFEFF")
			}
			switch {
			case strings.HasPrefix(s, " ") && logicalLine > 0:
				logical += s[1:]
			default:
				if logicalLine > 0 {
					handle(logical, logicalLine)
				}
				logical, logicalLine = "", 0
				if strings.TrimSpace(s) == "" {
					flushEntry()
				} else {
					logical, logicalLine = s, lineNo
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return cols, err
		}
	}
	if logicalLine > 0 {
		handle(logical, logicalLine)
	}
	flushEntry()
	return cols, nil
}
