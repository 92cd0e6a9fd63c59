package powershell

import "testing"

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

func TestRollbackUndoesEachAction(t *testing.T) {
	tests := []struct {
		action, old, new_ string
		undo              string
	}{
		{"set-primary-smtp", "a@contoso.com", "b@contoso.com", "set-primary-smtp"},
		{"set-upn", "a@contoso.local", "a@contoso.com", "set-upn"},
		{"set-consistency-guid", "", "yYuRNW0Z6kCXeYidebdT8A==", "set-consistency-guid"},
		{"set-immutable-id", "", "yYuRNW0Z6kCXeYidebdT8A==", "set-immutable-id"},
		{"clear-immutable-id", "yYuRNW0Z6kCXeYidebdT8A==", "", "set-immutable-id"},
		{"remove-address", "smtp:a@contoso.com", "", "add-address"},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			r := inverse(entry{action: tt.action, old: tt.old, new: tt.new_, id: "g"})
			if r.action != tt.undo || r.old != tt.new_ || r.new != tt.old || r.id != "g" {
				t.Errorf("inverse = %s %q -> %q, want %s %q -> %q", r.action, r.old, r.new, tt.undo, tt.new_, tt.old)
			}
		})
	}
}
