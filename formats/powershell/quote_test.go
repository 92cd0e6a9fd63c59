package powershell

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuoteDoublesAllFiveSingleQuotes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "''"},
		{"plain", "jsmith", "'jsmith'"},
		{"apostrophe", "O'Brien", "'O''Brien'"},
		{"left single quote U+2018", "O\u2018Brien", "'O\u2018\u2018Brien'"},
		{"right single quote U+2019", "O\u2019Brien", "'O\u2019\u2019Brien'"},
		{"low-9 quote U+201A", "\u201Ax", "'\u201A\u201Ax'"},
		{"reversed-9 quote U+201B", "x\u201B", "'x\u201B\u201B'"},
		{"all five in a row", "'\u2018\u2019\u201A\u201B", "'''\u2018\u2018\u2019\u2019\u201A\u201A\u201B\u201B'"},
		{"double quotes stay", "\"\u201C\u201D\u201E", "'\"\u201C\u201D\u201E'"},
		{"expansion characters stay", "$(Remove-ADUser x)`$env:x", "'$(Remove-ADUser x)`$env:x'"},
		{"line breaks stay", "a\r\nb\u0085c\u2028d\u2029e", "'a\r\nb\u0085c\u2028d\u2029e'"},
		{"comment delimiters stay", "<# x #> # y", "'<# x #> # y'"},
		{"dashes stay", "\u2013\u2014\u2015-", "'\u2013\u2014\u2015-'"},
		{"non-ASCII stays", "Zoë Ångström 山田", "'Zoë Ångström 山田'"},
		{"NUL becomes U+FFFD", "a\x00b", "'a\uFFFDb'"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb", "'a\uFFFDb'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestScriptableRefusesWhatQuoteCannotKeep(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"O’Brien\r\n$(x)", true},
		{"a\x00", false},
		{"\xc3", false},
		{"\xed\xa0\x80", false}, // a UTF-16 surrogate encoded as UTF-8
	}
	for _, tt := range tests {
		if got := Scriptable(tt.in); got != tt.want {
			t.Errorf("Scriptable(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// unquote decodes a single-quoted literal as PowerShell's tokenizer does (ScanStringLiteral):
// a single quote of any of the five kinds followed by another of any kind stands for the
// second; a lone one ends the literal. It reports whether the literal ended exactly at the
// end of lit.
func unquote(lit string) (string, bool) {
	// The tokenizer's own list, kept apart from isSingleQuote so that a fault there shows.
	sq := func(r rune) bool { return strings.ContainsRune("'\u2018\u2019\u201A\u201B", r) }
	r := []rune(lit)
	if len(r) < 2 || !sq(r[0]) {
		return "", false
	}
	var b strings.Builder
	for i := 1; i < len(r); i++ {
		if sq(r[i]) {
			if i+1 < len(r) && sq(r[i+1]) {
				b.WriteRune(r[i+1])
				i++
				continue
			}
			return b.String(), i == len(r)-1
		}
		b.WriteRune(r[i])
	}
	return "", false
}

// dangerous holds every character with a meaning to PowerShell's tokenizer, and text around
// them that looks like code.
var dangerous = []string{
	"'", "\u2018", "\u2019", "\u201A", "\u201B", // single quotes
	"\"", "\u201C", "\u201D", "\u201E", // double quotes
	"\u2013", "\u2014", "\u2015", "-", // dashes
	"$", "(", ")", "`", ";", "@", "{", "}", "#", "<#", "#>", "|", "&", "=",
	"\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t", "\v", "\f", "\u00A0", "\u200B", "\uFEFF", "\x1b",
	"$(Remove-ADUser -Identity x)", "${env:x}", "$x", "@'", "'@", "@\"", "\"@", "=cmd|' /C calc'!A0",
	"é", "ß", "Ö", "山", "😀", "\u0301",
	"a", "Z", "0", " ", "jsmith", "@contoso.com", "SMTP:",
}

// randomValue builds a string from the dangerous pieces.
func randomValue(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(12); n > 0; n-- {
		b.WriteString(dangerous[rng.IntN(len(dangerous))])
	}
	return b.String()
}

func FuzzQuote(f *testing.F) {
	for _, s := range dangerous {
		f.Add(s)
	}
	f.Add("O'Brien’s ‘quote’ ‚low‛")
	f.Add("''''")
	f.Fuzz(func(t *testing.T, s string) {
		q := Quote(s)
		if !utf8.ValidString(q) || strings.ContainsRune(q, 0) {
			t.Fatalf("Quote(%q) = %q: not valid UTF-8 without NUL", s, q)
		}
		got, whole := unquote(q)
		if !whole {
			t.Fatalf("Quote(%q) = %q ends before its last character", s, q)
		}
		if Scriptable(s) && got != s {
			t.Fatalf("Quote(%q) decodes to %q", s, got)
		}
	})
}

// TestQuoteRoundTripsThroughPowerShellTokenizer writes many random hostile strings as
// assignments into one script and checks, with pscheck, that the script parses cleanly and
// every literal decodes to its input, in order.
func TestQuoteRoundTripsThroughPowerShellTokenizer(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			values := make([]string, 400)
			var b strings.Builder
			b.WriteString("\uFEFF")
			for i := range values {
				values[i] = randomValue(rng)
				fmt.Fprintf(&b, "$v%d = %s\r\n", i, Quote(values[i]))
			}
			r := runPscheck(t, "quote.ps1", []byte(b.String()))
			requireClean(t, "quote.ps1", r)
			if len(r.Strings) != len(values) {
				t.Fatalf("pscheck found %d strings, want %d", len(r.Strings), len(values))
			}
			for i, s := range r.Strings {
				if s.Kind != "single" || s.Expandable || !s.Terminated || len(s.Expansions) > 0 || !s.TreeSitter {
					t.Errorf("literal %d: kind %s expandable %v terminated %v expansions %v tree-sitter %v, want a plain single-quoted string",
						i, s.Kind, s.Expandable, s.Terminated, s.Expansions, s.TreeSitter)
				}
				if s.Value != values[i] {
					t.Errorf("literal %d decodes to %q, want %q", i, s.Value, values[i])
				}
			}
		})
	}
}
