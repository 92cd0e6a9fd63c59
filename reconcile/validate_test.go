package reconcile

import (
	"strings"
	"testing"
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
