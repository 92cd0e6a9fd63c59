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
//
// The forward scripts hold the changes. Run with -Apply, they journal each change before
// making it: the values read from the object and the values written, one JSON line each. The
// rollback scripts hold no change at all: they undo what a journal records, last first, so
// that only changes a run made are undone, and each is restored to exactly what the object
// held before, wherever the changes came from.
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
		body, lines := render(h, k.name, k.entries, k.cloud)
		scripts = append(scripts, Script{Name: k.name, Body: body})
		for j, i := range k.at {
			locs[i] = Location{Script: k.name, Line: lines[j]}
		}
	}
	scripts = append(scripts,
		Script{Name: OnPremRollback, Body: renderRollback(h, OnPremRollback, OnPremScript, false, false)},
		Script{Name: CloudRollback, Body: renderRollback(h, CloudRollback, CloudScript, true, needsExchange(cloud, true))})
	return scripts, locs
}

// needsExchange reports whether a cloud script changes a group or a contact, and so needs
// Exchange Online.
func needsExchange(entries []entry, cloud bool) bool {
	for _, e := range entries {
		if cloud && e.exchange() {
			return true
		}
	}
	return false
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

// requires writes the #Requires lines of a script.
func requires(t *text, cloud, exchange bool) {
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
}

// sideFunctions returns the functions that read and change the objects of one side.
func sideFunctions(cloud bool) string {
	if cloud {
		return cloudFunctions
	}
	return onPremFunctions
}

// render writes a forward script and returns the line of each entry.
func render(h Header, name string, entries []entry, cloud bool) ([]byte, []int) {
	var t text
	exchange := needsExchange(entries, cloud)
	requires(&t, cloud, exchange)
	t.code(headerComment(h, name, "", len(entries), cloud, exchange))
	t.code(fmt.Sprintf(paramLine, strings.TrimSuffix(name, ".ps1")))
	t.code(fmt.Sprintf(prologue, name))
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
		if e.captured {
			t.code("; OldProxies = @(")
			for j, p := range e.oldProxies {
				if j > 0 {
					t.code(", ")
				}
				t.raw(Quote(p))
			}
			t.code("); OldMail = ")
			t.raw(Quote(e.oldMail))
		}
		t.code(" }\n")
	}
	t.code(epilogue)
	t.code(commonFunctions)
	t.code(sideFunctions(cloud))
	t.code(forwardFunctions)
	if cloud {
		t.code(cloudConnect)
	}
	t.code(run)
	return t.b.Bytes(), lines
}

// renderRollback writes a rollback script. It holds no value of any input: everything it
// restores it reads from the journal of a run of forward.
func renderRollback(h Header, name, forward string, cloud, exchange bool) []byte {
	var t text
	requires(&t, cloud, exchange)
	t.code(headerComment(h, name, forward, 0, cloud, exchange))
	t.code(fmt.Sprintf(rollbackParamLine, strings.TrimSuffix(name, ".ps1")))
	t.code(fmt.Sprintf(rollbackPrologue, forward))
	t.code(commonFunctions)
	t.code(sideFunctions(cloud))
	t.code(rollbackFunctions)
	t.code(rollbackRead)
	if cloud {
		t.code(cloudConnect)
	}
	t.code(rollbackRun)
	return t.b.Bytes()
}

// headerComment says what the script does, when and from what it was generated. It holds
// no input value: file names pass through commentSafe, the rest are numbers and our words.
// forward is "" for a forward script, else the script a rollback script undoes.
func headerComment(h Header, name, forward string, n int, cloud, exchange bool) string {
	var b strings.Builder
	b.WriteString("#\n# " + name + ": ")
	where, module := "on-premises Active Directory", "ActiveDirectory (Set-ADUser, Set-ADGroup, Set-ADObject for contacts)"
	if cloud {
		where, module = "Microsoft Entra ID", "Microsoft Graph PowerShell (Connect-MgGraph -Scopes User.ReadWrite.All first)"
		if exchange {
			module += ",\n# and Exchange Online PowerShell for groups and contacts (Connect-ExchangeOnline first)"
		}
	}
	if forward != "" {
		b.WriteString("undoes the changes a run of " + forward + " -Apply made in\n# " + where + ", as its journal records them.\n")
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
	if forward != "" {
		b.WriteString(`#
# -Journal (required) names the journal the forward run wrote: by default beside its log, as
# ` + strings.TrimSuffix(forward, ".ps1") + `-<date>-<time>.journal.jsonl. Only the changes the journal
# marks as applied are undone, last first. Each is restored only while the object still holds
# exactly what the forward run wrote, and then gets back exactly the values the forward run
# read before changing it (for an address change: all of the object's addresses and its
# mail). A journal that cannot be read whole, or that another script wrote, is refused
# before anything is changed.
#
# Dry run by default: every object is read and checked, and nothing is changed. Run with
# -Apply to restore the values. Each run writes a transcript to -LogPath. Exit status 1 when
# any change failed.
#
`)
		return b.String()
	}
	fmt.Fprintf(&b, "# Changes: %d.\n", n)
	b.WriteString(`#
# Dry run by default: every object is read and checked, and nothing is changed. Run with
# -Apply to make the changes. A change is skipped when the object no longer holds the
# exported value. Each run writes a transcript to -LogPath. Exit status 1 when any change failed.
#
# The journal: with -Apply, before each change the script appends to -JournalPath (by default
# the log's name with .journal.jsonl) one line of JSON holding the change number, the object's
# id, the action, every value it read before the change (for an address change: all of the
# object's addresses and its mail) and every value it is about to write; once it succeeded, a
# second line marks it applied. A change is never made unless its line was written. The
# rollback script needs this journal: it undoes only the changes marked applied, restoring
# the values read before them. Keep the journal with the log.
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
