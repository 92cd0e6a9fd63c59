package reconcile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDescribeRuneShowsInvisibleCharacters(t *testing.T) {
	tests := map[rune]string{
		'\u00a0': "U+00A0 NO-BREAK SPACE",
		'\u200b': "U+200B ZERO WIDTH SPACE",
		'\u00ad': "U+00AD SOFT HYPHEN",
		'\ufeff': "U+FEFF ZERO WIDTH NO-BREAK SPACE",
		'\t':     "U+0009 CONTROL CHARACTER",
		'ö':      "U+00F6 LATIN SMALL LETTER O WITH DIAERESIS",
	}
	for r, want := range tests {
		if got := DescribeRune(r); got != want {
			t.Errorf("DescribeRune(%U) = %q, want %q", r, got, want)
		}
	}
}

func TestUPNRules(t *testing.T) {
	tests := []struct {
		upn  string
		want string // a fragment of the first problem; "" for a valid UPN
	}{
		{"anna.berg@contoso.com", ""},
		{"o'brien_#1!^~-x@contoso.com", ""},
		{"anna berg@contoso.com", "U+0020 SPACE"},
		{"anna@@contoso.com", `2 "@"`},
		{"@contoso.com", `nothing before "@"`},
		{"anna.@contoso.com", `"." right before "@"`},
		{"anna", `no "@"`},
		{strings.Repeat("a", 65) + "@contoso.com", `65 characters before "@"`},
		{"a@" + strings.Repeat("b", 45) + ".com", `49 characters after "@"`},
		{strings.Repeat("a", 65) + "@" + strings.Repeat("b", 44) + ".com", "114 characters"},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 44) + ".com", ""},
		{"ｆullwidth@contoso.com", "U+FF46 FULLWIDTH LATIN SMALL LETTER F"},
		{"anna%berg@contoso.com", "U+0025 PERCENT SIGN"},
	}
	for _, tt := range tests {
		problems := checkUPN(tt.upn)
		switch {
		case tt.want == "" && len(problems) > 0:
			t.Errorf("checkUPN(%q) = %v, want valid", tt.upn, problems)
		case tt.want != "" && !strings.Contains(strings.Join(problems, "; "), tt.want):
			t.Errorf("checkUPN(%q) = %v, want %q", tt.upn, problems, tt.want)
		}
	}
}

func TestProxyAddressRules(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"SMTP:anna@contoso.com", ""},
		{"X500:/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=anna", ""},
		{"X400:c=US;a= ;p=Contoso;o=Exchange;s=Berg;g=Anna;", ""},
		{"SMTP:anna(work)@contoso.com", "U+0028 LEFT PARENTHESIS"},
		{"smtp:anna@contoso.com\u200b", "invisible character U+200B"},
		{"SMTP:" + strings.Repeat("a", 240) + "@contoso.com", "more than 256"},
		{"SMTP:anna", `no "@"`},
		{"anna@contoso.com", "no type prefix"},
		{"SMTP:jürgen@contoso.com", "non-ASCII character U+00FC"},
	}
	for _, tt := range tests {
		problems := strings.Join(checkProxy(tt.raw), "; ")
		if tt.want == "" && problems != "" || tt.want != "" && !strings.Contains(problems, tt.want) {
			t.Errorf("checkProxy(%q) = %q, want %q", tt.raw, problems, tt.want)
		}
	}
}

func TestOtherAttributeRules(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) []string
		value string
		want  string
	}{
		{"mailNickname leading period", checkMailNickname, ".anna", "begins with a period"},
		{"mailNickname length", checkMailNickname, strings.Repeat("n", 65), "65 characters"},
		{"mailNickname fine", checkMailNickname, "anna.berg", ""},
		{"sAMAccountName forbidden", checkSAMAccountName, "anna+berg", "U+002B PLUS SIGN"},
		{"sAMAccountName fine", checkSAMAccountName, "ąberg", ""},
		{"displayName may hold any letter", func(v string) []string { return checkName(v, maxDisplayName) }, "Nguyễn Văn An (田中)", ""},
		{"displayName soft hyphen", func(v string) []string { return checkName(v, maxDisplayName) }, "Anna\u00adBerg", "U+00AD SOFT HYPHEN"},
		{"givenName length", func(v string) []string { return checkName(v, maxGivenName) }, strings.Repeat("é", 65), "65 characters"},
	}
	for _, tt := range tests {
		problems := strings.Join(tt.check(tt.value), "; ")
		if tt.want == "" && problems != "" || tt.want != "" && !strings.Contains(problems, tt.want) {
			t.Errorf("%s: %q gave %q, want %q", tt.name, tt.value, problems, tt.want)
		}
	}
}

// characterRules are the character rules with the byte tables they are first checked with.
var characterRules = []struct {
	name    string
	table   *asciiTable
	allowed func(r rune) bool
}{
	{"userPrincipalName", upnChars, upnAllowed},
	{"SMTP address", addressChars, addressAllowed},
	{"sAMAccountName", samChars, samAllowed},
	{"mailNickname", nicknameChars, nicknameAllowed},
	{"visible", visibleChars, func(r rune) bool { return !isInvisible(r) }},
}

// TestCharacterTablesAgreeWithTheirRules checks the byte tables the character rules are
// first checked with: a single byte passes exactly when it is ASCII and its rule allows
// it, and a byte of a multi-byte character never passes, whatever the rule.
func TestCharacterTablesAgreeWithTheirRules(t *testing.T) {
	for _, tt := range characterRules {
		for b := 0; b < 256; b++ {
			want := b < utf8.RuneSelf && tt.allowed(rune(b))
			if got := tt.table.allows(string([]byte{byte(b)})); got != want {
				t.Errorf("%s: byte %#x allowed %v, the rule says %v", tt.name, b, got, want)
			}
		}
		if tt.table.allows("anna.müller@contoso.com") {
			t.Errorf("%s: a value with ü passed the ASCII table", tt.name)
		}
	}
}

// TestCharacterChecksCountAndDescribeInOnePass checks the one-pass check of values with
// non-ASCII characters against the rule read plainly: the problems charProblems lists,
// and the length in characters utf8.RuneCountInString gives, invalid bytes included.
func TestCharacterChecksCountAndDescribeInOnePass(t *testing.T) {
	values := []string{
		"anna.berg@contoso.com", "Zoë Müller", "Łukasz\u00a0Nowak", "José\u200bMaría", "田中 太郎",
		"anna\xffberg", "\xc3", "O\u2019Brien", "smtp:jörg@contoso.com", "tab\there", "", "ß@ẞ.de",
	}
	for _, rule := range characterRules {
		if rule.name == "mailNickname" {
			continue // checked by its table only
		}
		for _, v := range values {
			want, wantChars := charProblems(v, rule.allowed), utf8.RuneCountInString(v)
			got, chars := problemsWith(v, rule.table, rule.allowed)
			if strings.Join(got, "|") != strings.Join(want, "|") || (got == nil) != (want == nil) || chars != wantChars {
				t.Errorf("%s %q: %q and %d characters, want %q and %d", rule.name, v, got, chars, want, wantChars)
			}
		}
	}
}

// TestOnlyOnePrimaryAddressIsAllowed checks how the primary addresses of one object are
// counted: an upper-case SMTP: value that parses, white space around it or not; a
// lower-case smtp: value, another type or a value the proxy calculation drops is none.
func TestOnlyOnePrimaryAddressIsAllowed(t *testing.T) {
	tests := []struct {
		name    string
		proxies []string
		want    string // the problem, "" for none
	}{
		{"one primary and aliases", []string{"SMTP:anna@contoso.com", "smtp:a.berg@contoso.com", "X500:/o=Contoso/cn=anna"}, ""},
		{"two primaries", []string{"SMTP:anna@contoso.com", "SMTP:berg@contoso.com"}, "2 upper-case SMTP: values"},
		{"a primary padded with spaces", []string{"SMTP:anna@contoso.com", "  SMTP:berg@contoso.com\t"}, "2 upper-case SMTP: values"},
		{"three, one in lower case", []string{"SMTP:anna@contoso.com", "smtp:anna@fabrikam.com", "SMTP:ånna@contoso.com", "SMTP:berg@contoso.com"}, "3 upper-case SMTP: values"},
		{"a second one the calculation drops", []string{"SMTP:anna@contoso.com", "SMTP:anna berg@contoso.com", "SMTP:"}, ""},
		{"prefix without colon", []string{"SMTP:anna@contoso.com", "SMTPanna@contoso.com"}, ""},
	}
	for _, tt := range tests {
		var got string
		for _, iv := range validateOnPrem(&OnPrem{ProxyAddresses: tt.proxies}) {
			for _, p := range iv.problems {
				if strings.Contains(p, "only one primary address is allowed") {
					got = p
				}
			}
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: problem %q, want %q", tt.name, got, tt.want)
		}
	}
}
