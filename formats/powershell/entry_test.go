package powershell

import (
	"strings"
	"testing"
)

func TestLinesCountAsPowerShellCountsThem(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
		want   int
	}{
		{"start", nil, 1},
		{"CRLF is one line break", []string{"a\r\n", "b\r\n"}, 3},
		{"lone CR breaks a line", []string{"a\rb\r", "c"}, 3},
		{"lone LF breaks a line", []string{"a\nb\n"}, 3},
		{"CRLF split across writes", []string{"a\r", "\nb"}, 2},
		{"U+0085, U+2028 and U+2029 do not", []string{"a\u0085b\u2028c\u2029d"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x text
			for _, p := range tt.pieces {
				x.raw(p)
				x.lineNow() // counting part way must not change the answer
			}
			if got := x.lineNow(); got != tt.want {
				t.Errorf("line %d, want %d", got, tt.want)
			}
		})
	}
}

func TestEntriesCarryAddressesWithTheirMeaning(t *testing.T) {
	tests := []struct {
		name         string
		c            Change
		old, new_, a string
	}{
		{"primary SMTP values are bare addresses",
			Change{Side: "onprem", Action: "set-primary-smtp", ObjectID: "g", Old: "SMTP:old@contoso.com", New: "smtp:New@Contoso.com"},
			"old@contoso.com", "New@Contoso.com", "set-primary-smtp"},
		{"a removed address without prefix is a secondary smtp address",
			Change{Side: "onprem", Action: "remove-address", ObjectID: "g", Old: "dup@contoso.com", New: "ignored"},
			"smtp:dup@contoso.com", "", "remove-address"},
		{"a removed X500 address keeps its prefix",
			Change{Side: "onprem", Action: "remove-address", ObjectID: "g", Old: "X500:/o=Contoso/cn=jsmith"},
			"X500:/o=Contoso/cn=jsmith", "", "remove-address"},
		{"clearing writes nothing",
			Change{Side: "cloud", Action: "clear-immutable-id", ObjectID: "id", Old: "yYuRNW0Z6kCXeYidebdT8A==", New: "x"},
			"yYuRNW0Z6kCXeYidebdT8A==", "", "clear-immutable-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := toEntry(tt.c)
			if !ok {
				t.Fatal("refused")
			}
			if e.old != tt.old || e.new != tt.new_ || e.action != tt.a {
				t.Errorf("entry %s old %q new %q, want %s %q %q", e.action, e.old, e.new, tt.a, tt.old, tt.new_)
			}
		})
	}
}

func TestSetPrimarySMTPEntriesCarryTheExportedAddresses(t *testing.T) {
	tests := []struct {
		name     string
		c        Change
		captured bool
		proxies  []string
		mail     string
	}{
		{"captured on-premises change keeps every address, empty values dropped",
			Change{Side: "onprem", Action: "set-primary-smtp", ObjectID: "g", Old: "anna@contoso.com", New: "anna.berg@contoso.com",
				OldProxies: []string{"SMTP:anna@contoso.com", "", "X500:/o=Contoso/cn=anna"}, OldMail: "Anna@Contoso.com", Captured: true},
			true, []string{"SMTP:anna@contoso.com", "X500:/o=Contoso/cn=anna"}, "Anna@Contoso.com"},
		{"an object without proxyAddresses is captured as having none",
			Change{Side: "onprem", Action: "set-primary-smtp", ObjectID: "g", Old: "anna@contoso.com", New: "anna.berg@contoso.com",
				OldMail: "anna@contoso.com", Captured: true},
			true, nil, "anna@contoso.com"},
		{"a change from a reviewed workbook carries no capture",
			Change{Side: "onprem", Action: "set-primary-smtp", ObjectID: "g", Old: "anna@contoso.com", New: "anna.berg@contoso.com",
				OldProxies: []string{"SMTP:ignored@contoso.com"}, OldMail: "ignored@contoso.com"},
			false, nil, ""},
		{"other actions carry no capture",
			Change{Side: "onprem", Action: "set-upn", ObjectID: "g", Old: "a@contoso.local", New: "a@contoso.com",
				OldProxies: []string{"SMTP:a@contoso.com"}, Captured: true},
			false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := toEntry(tt.c)
			if !ok {
				t.Fatal("refused")
			}
			if e.captured != tt.captured || strings.Join(e.oldProxies, "|") != strings.Join(tt.proxies, "|") || e.oldMail != tt.mail {
				t.Errorf("entry captured %v %q %q, want %v %q %q", e.captured, e.oldProxies, e.oldMail, tt.captured, tt.proxies, tt.mail)
			}
		})
	}
	bad := Change{Side: "onprem", Action: "set-primary-smtp", ObjectID: "g", Old: "a@contoso.com", New: "b@contoso.com",
		OldProxies: []string{"SMTP:a@contoso.com\x00"}, Captured: true}
	if _, ok := toEntry(bad); ok {
		t.Error("a captured address that cannot be written faithfully was accepted")
	}
}
