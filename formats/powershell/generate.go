package powershell

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
)

// The file names of the four scripts (contract.md).
const (
	OnPremScript   = "onprem-fixes.ps1"
	CloudScript    = "cloud-fixes.ps1"
	OnPremRollback = "rollback-onprem.ps1"
	CloudRollback  = "rollback-cloud.ps1"
)

// Header is what a script's header states: the generator, the generation time ("" omits
// it, so that the same inputs give the same bytes) and the inputs. Only file base names,
// formats, record counts and SHA-256 digests of the inputs are written, never their values.
type Header struct {
	Generator, Generated string
	Inputs               []exports.FileInfo
}

// Script is one generated file: its name and its bytes (UTF-8 with BOM, CRLF line ends).
type Script struct {
	Name string
	Body []byte
}

// Generate writes onprem-fixes.ps1, cloud-fixes.ps1, rollback-onprem.ps1 and
// rollback-cloud.ps1, in that order, and returns for each change where it is carried out.
// A change no script can carry (see toEntry) gets an empty Location and appears nowhere.
// Rollback scripts undo the changes in reverse order, so that two changes to one object
// unwind correctly.
func Generate(h Header, changes []Change) ([]Script, []Location) {
	locs := make([]Location, len(changes))
	var onprem, cloud []entry
	var onpremAt, cloudAt []int
	for i, c := range changes {
		e, ok := toEntry(c)
		if !ok {
			continue
		}
		if c.Side == string(reconcile.OnPremSide) {
			e.n = len(onprem) + 1
			onprem, onpremAt = append(onprem, e), append(onpremAt, i)
		} else {
			e.n = len(cloud) + 1
			cloud, cloudAt = append(cloud, e), append(cloudAt, i)
		}
	}
	scripts := make([]Script, 0, 4)
	for _, k := range []struct {
		name    string
		entries []entry
		at      []int
		cloud   bool
	}{
		{OnPremScript, onprem, onpremAt, false},
		{CloudScript, cloud, cloudAt, true},
	} {
		body, lines := render(h, k.name, k.entries, k.cloud, false)
		scripts = append(scripts, Script{Name: k.name, Body: body})
		for j, i := range k.at {
			locs[i] = Location{Script: k.name, Line: lines[j]}
		}
	}
	for _, k := range []struct {
		name    string
		entries []entry
		cloud   bool
	}{
		{OnPremRollback, onprem, false},
		{CloudRollback, cloud, true},
	} {
		undo := make([]entry, len(k.entries))
		for j, e := range k.entries {
			undo[len(undo)-1-j] = inverse(e)
		}
		body, _ := render(h, k.name, undo, k.cloud, true)
		scripts = append(scripts, Script{Name: k.name, Body: body})
	}
	return scripts, locs
}

// text builds a script body with CRLF line ends and knows the line it is on, counted as
// PowerShell counts lines (CRLF, CR or LF), since a literal may hold line breaks of its own.
type text struct {
	b       bytes.Buffer
	scanned int
	line    int
}

// code appends fixed script text written with LF line ends.
func (t *text) code(s string) {
	t.b.WriteString(strings.ReplaceAll(s, "\n", "\r\n"))
}

// raw appends s unchanged.
func (t *text) raw(s string) { t.b.WriteString(s) }

// lineNow returns the 1-based line the next byte will be written on.
func (t *text) lineNow() int {
	buf := t.b.Bytes()
	i := t.scanned
	for ; i < len(buf); i++ {
		switch buf[i] {
		case '\n':
			t.line++
		case '\r':
			if i+1 == len(buf) {
				// A CR ending the text so far may be the first half of a CRLF: decide later.
				t.scanned = i
				return t.line + 2
			}
			if buf[i+1] != '\n' {
				t.line++
			}
		}
	}
	t.scanned = i
	return t.line + 1
}

// render writes one script and returns the line of each entry.
func render(h Header, name string, entries []entry, cloud, rollback bool) ([]byte, []int) {
	var t text
	// A cloud script needs Exchange Online only when it changes a group or a contact.
	exchange := false
	for _, e := range entries {
		exchange = exchange || cloud && e.exchange()
	}
	t.raw("\uFEFF")
	t.code("#Requires -Version 5.1\n")
	if cloud {
		t.code("#Requires -Modules Microsoft.Graph.Users\n")
		if exchange {
			t.code("#Requires -Modules ExchangeOnlineManagement\n")
		}
	} else {
		t.code("#Requires -Modules ActiveDirectory\n")
	}
	t.code(headerComment(h, name, len(entries), cloud, rollback, exchange))
	t.code(fmt.Sprintf(paramLine, strings.TrimSuffix(name, ".ps1")))
	t.code(prologue)
	lines := make([]int, len(entries))
	for i, e := range entries {
		lines[i] = t.lineNow()
		t.code("    @{ N = " + strconv.Itoa(e.n) + "; Type = ")
		t.raw(Quote(e.typ))
		t.code("; Action = ")
		t.raw(Quote(e.action))
		for _, kv := range []struct{ k, v string }{
			{"Id", e.id}, {"Target", e.target}, {"Attribute", e.attribute},
			{"Old", e.old}, {"New", e.new}, {"Reason", e.reason},
		} {
			t.code("; " + kv.k + " = ")
			t.raw(Quote(kv.v))
		}
		t.code(" }\n")
	}
	t.code(epilogue)
	t.code(commonFunctions)
	if cloud {
		t.code(cloudFunctions)
	} else {
		t.code(onPremFunctions)
	}
	t.code(run)
	return t.b.Bytes(), lines
}

// headerComment says what the script does, when and from what it was generated. It holds
// no input value: file names pass through commentSafe, the rest are numbers and our words.
func headerComment(h Header, name string, n int, cloud, rollback, exchange bool) string {
	var b strings.Builder
	b.WriteString("#\n# " + name + ": ")
	where, module := "on-premises Active Directory", "ActiveDirectory (Set-ADUser, Set-ADGroup, Set-ADObject for contacts)"
	forward := OnPremScript
	if cloud {
		where, module, forward = "Microsoft Entra ID", "Microsoft Graph PowerShell (Connect-MgGraph -Scopes User.ReadWrite.All first)", CloudScript
		if exchange {
			module += ",\n# and Exchange Online PowerShell for groups and contacts (Connect-ExchangeOnline first)"
		}
	}
	if rollback {
		b.WriteString("undoes " + forward + " in " + where + ",\n# restoring the values captured in the export, in reverse order.\n")
	} else {
		b.WriteString("changes " + where + " so that Entra Connect joins\n# users, groups and contacts as predicted.\n")
	}
	b.WriteString("# Uses " + module + ".\n#\n")
	if g := commentSafe(h.Generator, 80); g != "" {
		b.WriteString("# Generated by " + g)
		if t := commentSafe(h.Generated, 40); t != "" {
			b.WriteString(" at " + t)
		}
		b.WriteString(".\n")
	} else if t := commentSafe(h.Generated, 40); t != "" {
		b.WriteString("# Generated at " + t + ".\n")
	}
	if len(h.Inputs) > 0 {
		b.WriteString("# Inputs:\n")
		for _, in := range h.Inputs {
			fmt.Fprintf(&b, "#   %s (%s, %s, %d records, SHA-256 %s)\n",
				commentSafe(baseName(in.File), 120), commentSafe(string(in.Side), 20),
				commentSafe(in.Format, 40), in.Records, hexOnly(in.SHA256))
		}
	}
	fmt.Fprintf(&b, "# Changes: %d.\n", n)
	b.WriteString(`#
# Dry run by default: every object is read and checked, and nothing is changed. Run with
# -Apply to make the changes. A change is skipped when the object no longer holds the
# exported value. Each run writes a transcript to -LogPath. Exit status 1 when any change failed.
#
`)
	return b.String()
}

// baseName returns the last element of a path written with / or \ separators.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// commentSafe keeps letters, digits and a few punctuation marks of s and replaces anything
// else with "_", cut to max runes, so that no line break or comment delimiter of any kind
// reaches a comment.
func commentSafe(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			b.WriteString("...")
			break
		}
		if r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" ._-+:,()[]@", r)) ||
			r > unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		n++
	}
	return strings.TrimSpace(b.String())
}

// hexOnly returns s when it is a hexadecimal digest, else "unknown".
func hexOnly(s string) string {
	if s == "" || len(s) > 128 {
		return "unknown"
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return "unknown"
		}
	}
	return strings.ToLower(s)
}
