package exports

import (
	"fmt"
	"slices"
	"strings"
)

// domainRow is one tenant domain.
type domainRow struct {
	ID       string `csv:"Id"`
	Verified string `csv:"IsVerified"`
	Status   string `csv:"Status"`
	Initial  string `csv:"IsInitial"`
}

// domainFields lists the fields of domainRow in struct order.
var domainFields = []string{"Id", "IsVerified", "Status", "IsInitial"}

// scan checks every bound value.
func (r domainRow) scan() cellScan {
	return scanValues([]*string{&r.ID, &r.Verified, &r.Status, &r.Initial}, domainFields)
}

// domainAliases maps Get-MgDomain (Id, IsVerified, IsInitial) and Get-MsolDomain (Name,
// Status, IsInitial) headers.
var domainAliases = map[string]string{
	"id":         "Id",
	"name":       "Id",
	"domainname": "Id",
	"isverified": "IsVerified",
	"status":     "Status",
	"isinitial":  "IsInitial",
}

// ReadDomains reads a Get-MgDomain export (Id, IsVerified, IsInitial ...) and returns the
// verified domains (lower case, input order) and the initial domain.
func ReadDomains(path string) (verified []string, initial string, info FileInfo, issues []Issue, err error) {
	o, err := openExport(path, Options{Format: FormatDomains}, Domains)
	if err != nil {
		return nil, "", FileInfo{File: path, Side: Domains}, nil, err
	}
	defer o.src.close()
	src := o.src
	cols, canon := mapColumns(o.h, domainAliases)
	src.info.Columns = cols
	has := fieldsOf(&src.info)
	if !has["Id"] || !has["IsVerified"] && !has["Status"] {
		return nil, "", src.info, nil, fmt.Errorf("%s: not a domain export: it needs Id and IsVerified columns; found %s\nhint: export with scripts/Export-Domains.ps1",
			path, abbreviate(o.h.raw, 6))
	}
	st := newFileState(path, cols, "")
	err = readCSV(src, o.h, canon, domainRow{}, &issues, func(v any, line int, _ cellScan) {
		r := v.(domainRow)
		name := strings.ToLower(strings.TrimSpace(r.ID))
		if name == "" || strings.ContainsAny(name, " \t@,;") {
			issues = append(issues, Issue{File: path, Line: line, Severity: IssueWarning, Code: CodeBadRow,
				Message: fmt.Sprintf("%q is not a domain name; ignored", r.ID)})
			return
		}
		ok := false
		if has["IsVerified"] {
			if b := st.boolean(line, "IsVerified", r.Verified); b != nil {
				ok = *b
			}
		} else {
			ok = strings.EqualFold(strings.TrimSpace(r.Status), "verified")
		}
		if ok && !slices.Contains(verified, name) {
			verified = append(verified, name)
		}
		if b := st.boolean(line, "IsInitial", r.Initial); b != nil && *b && initial == "" {
			initial = name
		}
	}, nil)
	src.close()
	issues = append(issues, st.issues...)
	if err != nil {
		return nil, "", src.info, issues, fmt.Errorf("%s: cannot read: %v", path, err)
	}
	sortIssues(issues)
	return verified, initial, src.info, issues, nil
}
