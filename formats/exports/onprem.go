package exports

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/softmatch/softmatch/reconcile"
	"golang.org/x/text/encoding/charmap"
)

// onPremRow is one on-premises record bound by gocsv through the canonical header: each
// column binds to a cell, which stores the value in the string field after it (see cell).
type onPremRow struct {
	ColSAM           cell   `csv:"SamAccountName"`
	SAM              string `csv:"-"`
	ColDN            cell   `csv:"DistinguishedName"`
	DN               string `csv:"-"`
	ColName          cell   `csv:"Name"`
	Name             string `csv:"-"`
	ColDisplayName   cell   `csv:"DisplayName"`
	DisplayName      string `csv:"-"`
	ColGivenName     cell   `csv:"GivenName"`
	GivenName        string `csv:"-"`
	ColSurname       cell   `csv:"Surname"`
	Surname          string `csv:"-"`
	ColObjectGUID    cell   `csv:"ObjectGUID"`
	ObjectGUID       string `csv:"-"`
	ColConsistency   cell   `csv:"mS-DS-ConsistencyGuid"`
	Consistency      string `csv:"-"`
	ColUPN           cell   `csv:"UserPrincipalName"`
	UPN              string `csv:"-"`
	ColMail          cell   `csv:"Mail"`
	Mail             string `csv:"-"`
	ColMailNickname  cell   `csv:"MailNickname"`
	MailNickname     string `csv:"-"`
	ColProxy         cell   `csv:"ProxyAddresses"`
	Proxy            string `csv:"-"`
	ColEnabled       cell   `csv:"Enabled"`
	Enabled          string `csv:"-"`
	ColUAC           cell   `csv:"UserAccountControl"`
	UAC              string `csv:"-"`
	ColCritical      cell   `csv:"IsCriticalSystemObject"`
	Critical         string `csv:"-"`
	ColObjectClass   cell   `csv:"ObjectClass"`
	ObjectClass      string `csv:"-"`
	ColGroupCategory cell   `csv:"GroupCategory"`
	GroupCategory    string `csv:"-"`
	ColGroupType     cell   `csv:"GroupType"`
	GroupType        string `csv:"-"`
}

// field returns the struct field a canonical name binds to (nil for none).
func (r *onPremRow) field(name string) *string {
	switch name {
	case fSAM:
		return &r.SAM
	case fDN:
		return &r.DN
	case fName:
		return &r.Name
	case fDisplayName:
		return &r.DisplayName
	case fGivenName:
		return &r.GivenName
	case fSurname:
		return &r.Surname
	case fObjectGUID:
		return &r.ObjectGUID
	case fConsistency:
		return &r.Consistency
	case fUPN:
		return &r.UPN
	case fMail:
		return &r.Mail
	case fMailNickname:
		return &r.MailNickname
	case fProxy:
		return &r.Proxy
	case fEnabled:
		return &r.Enabled
	case fUAC:
		return &r.UAC
	case fCritical:
		return &r.Critical
	case fObjectClass:
		return &r.ObjectClass
	case fGroupCategory:
		return &r.GroupCategory
	case fGroupType:
		return &r.GroupType
	}
	return nil
}

// onPremFields lists the canonical on-premises fields in struct order.
var onPremFields = []string{fSAM, fDN, fName, fDisplayName, fGivenName, fSurname, fObjectGUID,
	fConsistency, fUPN, fMail, fMailNickname, fProxy, fEnabled, fUAC, fCritical, fObjectClass,
	fGroupCategory, fGroupType}

// pointers returns every field in onPremFields order: per record, a name switch for each
// of them costs more than the checks it serves.
func (r *onPremRow) pointers() [18]*string {
	return [...]*string{&r.SAM, &r.DN, &r.Name, &r.DisplayName, &r.GivenName, &r.Surname,
		&r.ObjectGUID, &r.Consistency, &r.UPN, &r.Mail, &r.MailNickname, &r.Proxy, &r.Enabled,
		&r.UAC, &r.Critical, &r.ObjectClass, &r.GroupCategory, &r.GroupType}
}

// scan checks every bound value.
func (r *onPremRow) scan() cellScan {
	ps := r.pointers()
	return scanValues(ps[:], onPremFields)
}

// compact gives the bound values a string of their own.
func (r *onPremRow) compact(buf *[]byte) {
	ps := r.pointers()
	compactValues(ps[:], buf)
}

// onPremDamaged has a bit set for each field, in onPremFields order, where a "?" may stand
// for a lost letter: names and addresses.
var onPremDamaged = fieldMask(onPremFields, fName, fDisplayName, fGivenName, fSurname, fUPN, fMail, fProxy)

// fileState is what a reader learns about one file while converting its records: issues to
// report once per file, and where each field's column is.
type fileState struct {
	path      string
	colOf     map[string]int
	issues    []Issue
	typeNames map[string]*tally
	damage    tally
	mixed     tally
	typeHint  string
}

// repairUTF8 reads a value that is not valid UTF-8 as Windows-1252. The encoding is chosen
// from the first megabyte; a file edited later in another program can hold such bytes
// further down, and a value with invalid UTF-8 would otherwise reach the report garbled.
// It reports whether it did.
func (st *fileState) repairUTF8(line int, p *string) bool {
	if utf8.ValidString(*p) {
		return false
	}
	if s, err := charmap.Windows1252.NewDecoder().String(*p); err == nil {
		*p = s
	} else {
		*p = strings.ToValidUTF8(*p, "\uFFFD")
	}
	st.mixed.add(line, 0, "")
	return true
}

// repairAll repairs the values sc found non-ASCII (an ASCII value is valid UTF-8) and
// returns sc with the "?" flags of repaired values brought up to date.
func (st *fileState) repairAll(line int, ps []*string, sc cellScan) cellScan {
	for m := sc.nonASCII; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		if !st.repairUTF8(line, ps[i]) {
			continue
		}
		if strings.IndexByte(*ps[i], '?') >= 0 {
			sc.question |= 1 << i
		} else {
			sc.question &^= 1 << i
		}
	}
	return sc
}

// fieldMask returns the bits, in the order of fields, of the names given.
func fieldMask(fields []string, names ...string) uint64 {
	var m uint64
	for i, f := range fields {
		if slices.Contains(names, f) {
			m |= 1 << i
		}
	}
	return m
}

// newFileState starts the per-file state for a file with the given columns.
func newFileState(path string, cols []Column, typeHint string) *fileState {
	st := &fileState{path: path, colOf: map[string]int{}, typeNames: map[string]*tally{}, typeHint: typeHint}
	for _, c := range cols {
		if c.Field != "" {
			st.colOf[c.Field] = c.Index
		}
	}
	return st
}

// warn adds a warning about one value of one record.
func (st *fileState) warn(line int, field, code, msg, hint string) {
	st.issues = append(st.issues, Issue{File: st.path, Line: line, Column: st.colOf[field], Severity: IssueWarning,
		Code: code, Message: msg, Hint: hint})
}

// typeName counts a cell that holds a .NET type name.
func (st *fileState) typeName(line int, field, value string) {
	t := st.typeNames[field]
	if t == nil {
		t = &tally{}
		st.typeNames[field] = t
	}
	if t.count == 0 {
		t.value = strings.TrimSpace(value)
	}
	t.add(line, st.colOf[field], field)
}

// checkDamage looks for the "?" left by an ASCII export in the values of ps that mask
// selects and sc found holding a "?": a value without one cannot be damaged.
func (st *fileState) checkDamage(line int, ps []*string, mask uint64, sc cellScan) {
	for m := mask & sc.question; m != 0; m &= m - 1 {
		if asciiDamaged(*ps[bits.TrailingZeros64(m)]) {
			st.damage.add(line, 0, "")
			return
		}
	}
}

// finish turns the per-file tallies into issues, in a fixed order.
func (st *fileState) finish(info *FileInfo) []Issue {
	var out []Issue
	for _, f := range append(append([]string{}, onPremFields...), cloudFields...) {
		t := st.typeNames[f]
		if t == nil {
			continue
		}
		delete(st.typeNames, f)
		if f == fConsistency {
			out = append(out, Issue{File: st.path, Line: t.line, Column: t.col, Severity: IssueError, Code: CodeTypeName,
				Message: fmt.Sprintf("column %d (%s) holds the type name \"System.Byte[]\" instead of the value in %d records; those records are kept without mS-DS-ConsistencyGuid",
					t.col, f, t.count),
				Hint: byteArrayHint})
			info.Limitations = append(info.Limitations, st.path+": mS-DS-ConsistencyGuid was exported as a type name: the source anchor is taken from objectGUID, which is wrong for objects whose ConsistencyGuid was set differently")
			continue
		}
		out = append(out, Issue{File: st.path, Line: t.line, Column: t.col, Severity: IssueError, Code: CodeTypeName,
			Message: fmt.Sprintf("column %d (%s) holds the type name %q instead of the addresses in %d records; those records are kept with no proxyAddresses",
				t.col, f, t.value, t.count),
			Hint: joinHint})
		info.Limitations = append(info.Limitations, fmt.Sprintf("%s: %s was exported as a type name: SMTP matching falls back to mail and secondary addresses are unknown", st.path, f))
	}
	if st.mixed.count > 0 {
		out = append(out, Issue{File: st.path, Line: st.mixed.line, Severity: IssueWarning, Code: CodeMixedEncoding,
			Message: fmt.Sprintf("%d records hold bytes that are not UTF-8 although the start of the file is; they were read as Windows-1252", st.mixed.count),
			Hint:    "the file was edited or concatenated in another encoding: re-export it in one piece with Export-Csv -Encoding UTF8"})
	}
	if st.damage.count > 0 {
		out = append(out, Issue{File: st.path, Line: st.damage.line, Severity: IssueWarning, Code: CodeASCIIDamage,
			Message: fmt.Sprintf("%d records hold \"?\" where a letter belongs (\"J?rgen\"): the file was written with Windows PowerShell 5.1's default ASCII encoding, which loses every non-ASCII character",
				st.damage.count),
			Hint: "re-export with Export-Csv -Encoding UTF8"})
	}
	return append(out, st.issues...)
}

// ReadOnPrem reads one on-premises export (Get-ADUser under Windows PowerShell 5.1 or 7,
// csvde, ldifde LDIF). err != nil only when the file cannot be read at all (missing, not a
// recognisable export); its message names the file and says how to fix it. Record-level
// problems become Issues; records keep input order.
func ReadOnPrem(path string, opt Options) ([]reconcile.OnPrem, FileInfo, []Issue, error) {
	o, err := openExport(path, opt, OnPrem)
	if err != nil {
		return nil, FileInfo{File: path, Side: OnPrem}, nil, err
	}
	defer o.src.close()
	var out []reconcile.OnPrem
	issues, err := readOnPremRows(o, func(p reconcile.OnPrem) { out = appendGrowing(out, p, touchOnPrem) },
		func(n int) { out = reserve(out, n-len(out), touchOnPrem) })
	o.src.close()
	if err != nil {
		return nil, o.src.info, issues, err
	}
	return out, o.src.info, issues, nil
}

// touchOnPrem writes a field without pointers, for reserve.
func touchOnPrem(p *reconcile.OnPrem) { p.Source.Line = 0 }

// readOnPremRows reads every record of an opened on-premises export and calls emit for each.
func readOnPremRows(o *opened, emit func(reconcile.OnPrem), grow func(int)) ([]Issue, error) {
	src := o.src
	var readIssues []Issue
	var st *fileState
	records, users := 0, 0
	convert := func(r *onPremRow, line int, sc cellScan) {
		p := st.onPrem(r, line, sc)
		records++
		if p.Type == "" || p.Type == reconcile.User {
			users++
		}
		emit(p)
	}
	if o.format == FormatLDIF {
		cols, err := readLDIF(src, &readIssues, func(cols []Column, r *onPremRow, line int, sc cellScan) {
			if st == nil {
				st = newFileState(src.path, cols, src.typeHint)
			}
			convert(r, line, sc)
		})
		src.info.Columns = cols
		if st == nil {
			st = newFileState(src.path, cols, src.typeHint)
		}
		if err != nil {
			return readIssues, fmt.Errorf("%s: cannot read: %v", src.path, err)
		}
	} else {
		proto, aliases, _ := rowFor(o.format)
		cols, canon := mapColumns(o.h, aliases)
		src.info.Columns = cols
		st = newFileState(src.path, cols, src.typeHint)
		err := readCSV(src, o.h, canon, proto, &readIssues, func(v any, line int, sc cellScan) {
			convert(v.(*onPremRow), line, sc)
		}, grow)
		if err != nil {
			return readIssues, fmt.Errorf("%s: cannot read: %v\nhint: re-export with Export-Csv -NoTypeInformation -Encoding UTF8", src.path, err)
		}
	}
	// A file of groups or contacts only lacks the user columns by nature.
	missingOnPrem(&src.info, records > 0 && users == 0)
	issues := st.finish(&src.info)
	issues = append(issues, readIssues...)
	sortIssues(issues)
	return issues, nil
}

// onPrem converts one bound record; sc is what scan found in it.
func (st *fileState) onPrem(r *onPremRow, line int, sc cellScan) reconcile.OnPrem {
	ps := r.pointers()
	sc = st.repairAll(line, ps[:], sc)
	p := reconcile.OnPrem{
		Source:            reconcile.Source{File: st.path, Line: line},
		SAMAccountName:    strings.TrimSpace(r.SAM),
		DistinguishedName: strings.TrimSpace(r.DN),
		Name:              r.Name,
		DisplayName:       r.DisplayName,
		GivenName:         r.GivenName,
		Surname:           r.Surname,
		UserPrincipalName: r.UPN,
		Mail:              r.Mail,
		MailNickname:      r.MailNickname,
		GroupCategory:     strings.TrimSpace(r.GroupCategory),
	}
	st.checkDamage(line, ps[:], onPremDamaged, sc)
	if g, err := parseObjectGUID(r.ObjectGUID); err != nil {
		st.warn(line, fObjectGUID, CodeBadGUID, fmt.Sprintf("objectGUID %v; the object cannot be hard-matched", err),
			"export ObjectGUID as Get-ADUser writes it (8-4-4-4-12)")
	} else {
		p.ObjectGUID = g
	}
	if isTypeName(r.Consistency) {
		st.typeName(line, fConsistency, r.Consistency)
	} else if b, err := parseConsistencyGUID(r.Consistency); err != nil {
		st.warn(line, fConsistency, CodeBadAnchor, fmt.Sprintf("mS-DS-ConsistencyGuid %v; the anchor falls back to objectGUID", err), byteArrayHint)
	} else {
		p.ConsistencyGUID = b
	}
	if isTypeName(r.Proxy) {
		st.typeName(line, fProxy, r.Proxy)
	} else {
		p.ProxyAddresses = splitMulti(r.Proxy)
	}
	p.Enabled = st.boolean(line, fEnabled, r.Enabled)
	if p.Enabled == nil && strings.TrimSpace(r.UAC) != "" {
		// userAccountControl bit 0x2 is ACCOUNTDISABLE (csvde and ldifde have no Enabled).
		if v, err := strconv.ParseInt(strings.TrimSpace(r.UAC), 0, 64); err == nil {
			p.Enabled = stated(v&2 == 0)
		} else {
			st.warn(line, fUAC, CodeBadBoolean, fmt.Sprintf("userAccountControl %q is not a number", r.UAC), "")
		}
	}
	if c := st.boolean(line, fCritical, r.Critical); c != nil {
		p.IsCriticalSystemObject = *c
	}
	p.Type = objectType(r.ObjectClass, st.typeHint)
	if p.Type == "" && p.GroupCategory != "" {
		p.Type = reconcile.Group
	}
	if p.Type == reconcile.Group && p.GroupCategory == "" && strings.TrimSpace(r.GroupType) != "" {
		// groupType's top bit (0x80000000) marks a security group.
		if v, err := strconv.ParseInt(strings.TrimSpace(r.GroupType), 0, 64); err == nil {
			if v < 0 || v&0x80000000 != 0 {
				p.GroupCategory = "Security"
			} else {
				p.GroupCategory = "Distribution"
			}
		}
	}
	return p
}

// objectType reads objectClass (csvde may list the chain "top;person;...;user": the last
// class is the object's own) and the "#TYPE" hint. Users are "".
func objectType(class, typeHint string) reconcile.ObjectType {
	cs := splitMulti(class)
	c := ""
	if len(cs) > 0 {
		c = strings.ToLower(cs[len(cs)-1])
	}
	switch c {
	case "group":
		return reconcile.Group
	case "contact":
		return reconcile.Contact
	case "":
		if strings.HasSuffix(strings.ToLower(typeHint), ".adgroup") {
			return reconcile.Group
		}
	}
	return ""
}

// boolean reads a true/false cell, warning about anything else.
func (st *fileState) boolean(line int, field, v string) *bool {
	b, err := parseBool(v)
	if err != nil {
		st.warn(line, field, CodeBadBoolean, fmt.Sprintf("%s %v; treated as not stated", field, err), "")
	}
	return b
}
