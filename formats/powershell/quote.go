// Package powershell writes the remediation scripts of contract.md: onprem-fixes.ps1
// (ActiveDirectory module), cloud-fixes.ps1 (Microsoft Graph PowerShell) and a rollback
// script for each.
//
// Each change names the kind of its object, and the scripts use the cmdlets of that kind:
// Set-ADUser, Set-ADGroup, or Set-ADObject for contacts, which have no sAMAccountName. The
// addresses of cloud-only groups and contacts belong to Exchange Online, so cloud-fixes.ps1
// changes them with Set-DistributionGroup and Set-MailContact and requires the
// ExchangeOnlineManagement module only when it carries such a change.
//
// Input values are hostile: they come from exports a consultant did not write. The scripts
// therefore keep data apart from code. Every value sits in a table of changes at the top of
// the script, each one a single-quoted literal made by Quote, and fixed functions below the
// table read that table. No value is ever placed in a double-quoted string, a here-string, a
// comment or a command line of its own, so no value can be interpreted as code.
//
// Each script is a dry run unless started with -Apply. For every change it first reads the
// object and checks that it still holds the exported value, skipping the change otherwise,
// because the directory may have moved on since the export.
//
// Rollback is driven by a journal, not by the export. With -Apply a forward script appends
// to its journal, before each change, a line of JSON with everything it read from the object
// and everything it will write, and a second line once the change succeeded. A rollback
// script holds no value of its own: it reads that journal with ConvertFrom-Json, checks the
// shape of every record, and undoes only the changes marked applied, last first, each only
// while the object still holds what the forward run wrote, restoring exactly what it held
// before. So a change the forward run skipped is never undone, and the rollback is exact
// whether the changes came from a reconcile result or from a reviewed workbook.
package powershell

import (
	"strings"
	"unicode/utf8"
)

// isSingleQuote reports whether PowerShell's tokenizer treats r as a single quote: the ASCII
// apostrophe and the four typographic single quotes (CharTraits.IsSingleQuote).
func isSingleQuote(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
		return true
	}
	return false
}

// Quote returns s as a single-quoted PowerShell literal: all five single-quote characters
// (U+0027, U+2018, U+2019, U+201A, U+201B) doubled, every other character kept verbatim,
// line breaks included. A single-quoted literal expands nothing, so $, backticks and double
// quotes need no escape. Two things cannot be written faithfully and are replaced by U+FFFD:
// NUL, which PowerShell's parsers reject inside a script, and bytes that are not UTF-8,
// because the file is UTF-8. Active Directory and Entra ID hold neither; Scriptable lets a
// caller refuse such values instead.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for _, r := range s {
		switch {
		case r == 0:
			r = utf8.RuneError
		case isSingleQuote(r):
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// Scriptable reports whether Quote keeps s exactly: s is valid UTF-8 and holds no NUL.
func Scriptable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
