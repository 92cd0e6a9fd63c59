package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
)

// CodeCutInWorkbook is the input issue for a value longer than an Excel cell holds.
const CodeCutInWorkbook = "cut-in-workbook"

// LongValues lists, as input issues, every input value longer than Excel's 32,767
// characters: the workbook shows it cut with a visible marker, so the Input Issues sheet
// says which record and attribute lost its end there (the JSON report keeps it whole).
func LongValues(r *reconcile.Result) []exports.Issue {
	if r == nil {
		return nil
	}
	var out []exports.Issue
	check := func(src reconcile.Source, attr, v string) {
		// A UTF-8 string never has more UTF-16 units than bytes: most values need no count.
		if len(v) <= excelize.TotalCellChars || utf16Len(v) <= excelize.TotalCellChars {
			return
		}
		out = append(out, exports.Issue{File: src.File, Line: src.Line, Severity: exports.IssueWarning, Code: CodeCutInWorkbook,
			Message: fmt.Sprintf("%s holds %d characters, more than an Excel cell's 32,767: the workbook shows it cut, marked %q; the JSON report keeps it whole",
				attr, utf16Len(v), truncMarker),
			Hint: "a value this long is almost always a damaged export (an unclosed quote swallowing lines): check the record in the file"})
	}
	for i := range r.OnPrem {
		o := &r.OnPrem[i]
		for _, f := range [...]struct{ name, v string }{
			{"sAMAccountName", o.SAMAccountName}, {"distinguishedName", o.DistinguishedName}, {"name", o.Name},
			{"displayName", o.DisplayName}, {"givenName", o.GivenName}, {"sn", o.Surname},
			{"userPrincipalName", o.UserPrincipalName}, {"mail", o.Mail}, {"mailNickname", o.MailNickname},
		} {
			check(o.Source, f.name, f.v)
		}
		for _, p := range o.ProxyAddresses {
			check(o.Source, "proxyAddresses", p)
		}
	}
	for i := range r.Cloud {
		c := &r.Cloud[i]
		for _, f := range [...]struct{ name, v string }{
			{"id", c.ID}, {"userPrincipalName", c.UserPrincipalName}, {"mail", c.Mail}, {"mailNickname", c.MailNickname},
			{"displayName", c.DisplayName}, {"givenName", c.GivenName}, {"surname", c.Surname}, {"onPremisesImmutableId", c.ImmutableID},
		} {
			check(c.Source, f.name, f.v)
		}
		for _, p := range c.ProxyAddresses {
			check(c.Source, "proxyAddresses", p)
		}
	}
	return out
}
