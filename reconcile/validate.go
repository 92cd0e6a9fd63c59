package reconcile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/runenames"
)

// Attribute limits of domain.md 2.5 (PREP, SSPR). Lengths count characters, not bytes.
const (
	maxUPN          = 113
	maxUPNLocal     = 64
	maxUPNDomain    = 48
	maxProxyAddress = 256
	maxMailNickname = 64
	maxSAMAccount   = 20
	maxDisplayName  = 256
	maxGivenName    = 64
)

// upnSpecials are the only characters besides ASCII letters and digits a UPN may hold.
const upnSpecials = "'.-_!#^~"

// addressForbidden may not appear in an SMTP address after its prefix.
const addressForbidden = `<>();,[]"`

// samForbidden may not appear in a sAMAccountName.
const samForbidden = `[\"|,/:<>+=;?*'`

// isInvisible reports characters that are never part of a real value: they arrive with
// copy and paste (no-break space, zero-width space, soft hyphen, byte order mark) or from
// damaged exports (control characters).
func isInvisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r < ' ' || r == 0x7f
	}
	// The accented Latin letters of most names, U+00A1 to U+02FF, are neither control,
	// space nor format characters, except the soft hyphen: answered without the tables.
	if r > 0xa0 && r < 0x300 {
		return r == 0xad
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) ||
		r == utf8.RuneError
}

func isSpaceOrInvisible(r rune) bool { return r == ' ' || isInvisible(r) }

// DescribeRune names a character so that a reader can see it even when it is invisible:
// "U+00A0 NO-BREAK SPACE".
func DescribeRune(r rune) string {
	name := runenames.Name(r)
	if name == "" || name == "<control>" {
		name = "CONTROL CHARACTER"
	}
	return fmt.Sprintf("U+%04X %s", r, name)
}

// show returns v as it can be read in a sentence: bare when every character is printable
// and not a space, quoted with escapes otherwise.
func show(v string) string {
	if v == "" {
		return `""`
	}
	// Most values are plain ASCII, checked a byte at a time without decoding runes.
	if bareChars.allows(v) {
		return v
	}
	for _, r := range v {
		if r == ' ' || r == '"' || !strconv.IsPrint(r) {
			return strconv.Quote(v)
		}
	}
	return v
}

// charProblems lists the characters of v that allowed rejects, each once, with its first
// position. Invisible and non-ASCII characters get their own wording because they are the
// usual cause and cannot be seen on screen.
func charProblems(v string, allowed func(r rune) bool) []string {
	var out []string
	var seen map[rune]bool // made on the first problem: almost every value has none
	pos := 0
	for _, r := range v {
		pos++
		if allowed(r) || seen[r] {
			continue
		}
		if seen == nil {
			seen = map[rune]bool{}
		}
		seen[r] = true
		if len(seen) > 5 {
			out = append(out, "and more characters that are not allowed")
			break
		}
		switch {
		case isInvisible(r):
			out = append(out, fmt.Sprintf("invisible character %s at position %d", DescribeRune(r), pos))
		case r >= utf8.RuneSelf:
			out = append(out, fmt.Sprintf("non-ASCII character %s (%c) at position %d", DescribeRune(r), r, pos))
		default:
			out = append(out, fmt.Sprintf("character %s (%c) at position %d is not allowed", DescribeRune(r), r, pos))
		}
	}
	return out
}

// asciiTable marks the ASCII characters a rule allows, so that the common all-ASCII value
// is checked with one table lookup per byte before any rune decoding. It has a place for
// every byte, those of multi-byte characters left false: a byte then needs one lookup and
// no bounds check.
type asciiTable [256]bool

func makeTable(allowed func(r rune) bool) *asciiTable {
	var t asciiTable
	for r := rune(0); r < utf8.RuneSelf; r++ {
		t[r] = allowed(r)
	}
	return &t
}

// allows reports whether every byte of v is ASCII and allowed by t.
func (t *asciiTable) allows(v string) bool {
	for i := 0; i < len(v); i++ {
		if !t[v[i]] {
			return false
		}
	}
	return true
}

var (
	upnChars      = makeTable(upnAllowed)
	addressChars  = makeTable(addressAllowed)
	samChars      = makeTable(samAllowed)
	visibleChars  = makeTable(func(r rune) bool { return !isInvisible(r) })
	nicknameChars = makeTable(nicknameAllowed)
	// printableChars is ASCII without spaces and control characters.
	printableChars = makeTable(func(r rune) bool { return !isSpaceOrInvisible(r) })
	// bareChars is the ASCII show writes without quotes.
	bareChars = makeTable(func(r rune) bool { return r != ' ' && r != '"' && strconv.IsPrint(r) })
)

func nicknameAllowed(r rune) bool { return r != ' ' && !isInvisible(r) }

func upnAllowed(r rune) bool {
	return isASCIIAlnum(r) || r == '@' || strings.ContainsRune(upnSpecials, r)
}

func addressAllowed(r rune) bool {
	return r > ' ' && r < utf8.RuneSelf && !strings.ContainsRune(addressForbidden, r)
}

func samAllowed(r rune) bool { return !isInvisible(r) && !strings.ContainsRune(samForbidden, r) }

// problemsWith runs charProblems only when the fast table check fails. It also returns
// the length of v in characters, which for a value that passed the table is its length in
// bytes.
func problemsWith(v string, t *asciiTable, allowed func(r rune) bool) (problems []string, chars int) {
	if t.allows(v) {
		return nil, len(v)
	}
	// A value with other characters, a name with accents most often, is counted and
	// checked in one pass, the ASCII among them by the table; only a value with a problem
	// is read again to describe it. An invalid byte counts as one character, as in
	// utf8.RuneCountInString.
	ok := true
	for i := 0; i < len(v); chars++ {
		if c := v[i]; c < utf8.RuneSelf {
			ok = ok && t[c]
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		ok = ok && allowed(r)
		i += size
	}
	if ok {
		return nil, chars
	}
	return charProblems(v, allowed), chars
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// checkUPN applies the userPrincipalName rules: A-Z a-z 0-9 ' . - _ ! # ^ ~ and one "@",
// not first, no "." right before it, at most 113 characters, 64 before "@" and 48 after.
func checkUPN(v string) []string {
	out, n := problemsWith(v, upnChars, upnAllowed)
	if n > maxUPN {
		out = append(out, fmt.Sprintf("%d characters, more than %d", n, maxUPN))
	}
	switch at := strings.Count(v, "@"); {
	case at == 0:
		out = append(out, `no "@"`)
	case at > 1:
		out = append(out, fmt.Sprintf(`%d "@" signs, only one is allowed`, at))
	default:
		i := strings.IndexByte(v, '@')
		local, domain := v[:i], v[i+1:]
		if local == "" {
			out = append(out, `nothing before "@"`)
		}
		if domain == "" {
			out = append(out, `nothing after "@"`)
		}
		if strings.HasSuffix(local, ".") {
			out = append(out, `a "." right before "@"`)
		}
		if l := utf8.RuneCountInString(local); l > maxUPNLocal {
			out = append(out, fmt.Sprintf(`%d characters before "@", more than %d`, l, maxUPNLocal))
		}
		if l := utf8.RuneCountInString(domain); l > maxUPNDomain {
			out = append(out, fmt.Sprintf(`%d characters after "@", more than %d`, l, maxUPNDomain))
		}
	}
	return out
}

// checkAddress applies the SMTP address rules to an address without its prefix; whole is
// the length the 256-character limit applies to (the full proxy value).
func checkAddress(addr string, whole int) []string {
	out, _ := problemsWith(addr, addressChars, addressAllowed)
	if whole > maxProxyAddress {
		out = append(out, fmt.Sprintf("%d characters, more than %d", whole, maxProxyAddress))
	}
	i := strings.LastIndexByte(addr, '@')
	switch {
	case i < 0:
		out = append(out, `no "@"`)
	case i == 0:
		out = append(out, `nothing before "@"`)
	case i == len(addr)-1:
		out = append(out, `nothing after "@"`)
	case strings.Count(addr, "@") > 1:
		out = append(out, `more than one "@"`)
	}
	return out
}

// checkProxy applies the proxyAddresses rules to one raw value.
func checkProxy(raw string) []string {
	s := strings.TrimSpace(raw)
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return append([]string{"no type prefix such as SMTP: (the proxy calculation drops it)"},
			charProblems(raw, func(r rune) bool { return !isInvisible(r) })...)
	}
	p := ProxyAddress{Type: s[:i], Value: s[i+1:]}
	var out []string
	if s != raw {
		out = append(out, "white space around the value")
	}
	if p.IsSMTP() {
		return append(out, checkAddress(p.Value, utf8.RuneCountInString(raw))...)
	}
	if p.isLegacy() {
		return out
	}
	problems, _ := problemsWith(p.Value, visibleChars, func(r rune) bool { return !isInvisible(r) })
	out = append(out, problems...)
	if n := utf8.RuneCountInString(raw); n > maxProxyAddress {
		out = append(out, fmt.Sprintf("%d characters, more than %d", n, maxProxyAddress))
	}
	return out
}

// checkMailNickname: at most 64 characters, no leading period, nothing invisible.
func checkMailNickname(v string) []string {
	out, n := problemsWith(v, nicknameChars, nicknameAllowed)
	if n > maxMailNickname {
		out = append(out, fmt.Sprintf("%d characters, more than %d", n, maxMailNickname))
	}
	if strings.HasPrefix(v, ".") {
		out = append(out, "begins with a period")
	}
	return out
}

// checkSAMAccountName: at most 20 characters, none of [ \ " | , / : < > + = ; ? * '.
func checkSAMAccountName(v string) []string {
	out, n := problemsWith(v, samChars, samAllowed)
	if n > maxSAMAccount {
		out = append(out, fmt.Sprintf("%d characters, more than %d", n, maxSAMAccount))
	}
	return out
}

// checkName applies the length limit of displayName or givenName and rejects invisible
// characters; names may hold any visible letter.
func checkName(v string, max int) []string {
	out, n := problemsWith(v, visibleChars, func(r rune) bool { return !isInvisible(r) })
	if n > max {
		out = append(out, fmt.Sprintf("%d characters, more than %d", n, max))
	}
	return out
}

// invalidValue is one attribute value that breaks a rule of domain.md 2.5.
type invalidValue struct {
	attribute string
	value     string
	problems  []string
}

// validateOnPrem checks every attribute of an in-scope on-premises object that Entra
// Connect exports.
func validateOnPrem(o *OnPrem) []invalidValue {
	var out []invalidValue
	add := func(attr, v string, problems []string) {
		if len(problems) > 0 {
			out = append(out, invalidValue{attribute: attr, value: v, problems: problems})
		}
	}
	if o.UserPrincipalName != "" {
		add("userPrincipalName", o.UserPrincipalName, checkUPN(o.UserPrincipalName))
	}
	if o.Mail != "" {
		add("mail", o.Mail, checkAddress(strings.TrimSpace(o.Mail), utf8.RuneCountInString(o.Mail)))
	}
	primaries := 0
	for _, raw := range o.ProxyAddresses {
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		add("proxyAddresses", raw, checkProxy(raw))
		// Only a value that starts with "SMTP:" can be a primary address: the others, most
		// of them, are not parsed again.
		if !strings.HasPrefix(s, "SMTP:") {
			continue
		}
		if p, ok := ParseProxyAddress(raw); ok && p.IsPrimary() {
			primaries++
		}
	}
	if primaries > 1 {
		add("proxyAddresses", strings.Join(o.ProxyAddresses, ";"),
			[]string{fmt.Sprintf("%d upper-case SMTP: values, only one primary address is allowed (the first is used)", primaries)})
	}
	if o.MailNickname != "" {
		add("mailNickname", o.MailNickname, checkMailNickname(o.MailNickname))
	}
	if o.SAMAccountName != "" {
		add("sAMAccountName", o.SAMAccountName, checkSAMAccountName(o.SAMAccountName))
	}
	if o.DisplayName != "" {
		add("displayName", o.DisplayName, checkName(o.DisplayName, maxDisplayName))
	}
	if o.GivenName != "" {
		add("givenName", o.GivenName, checkName(o.GivenName, maxGivenName))
	}
	return out
}
