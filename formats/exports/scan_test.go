package exports

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// naiveFlags is scanBytes written the slow, obvious way.
func naiveFlags(s string) int {
	f := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			f |= byteNUL
		case c == '?':
			f |= byteQuestion
		case c >= 0x80:
			f |= byteHigh
		}
	}
	return f
}

// The word-at-a-time scan must see a NUL, a "?" or a high byte wherever it stands: in a
// whole word, in the overlapping last word or in a tail shorter than a word.
func TestScanBytesSeesEveryMarkAtEveryPosition(t *testing.T) {
	marks := []struct {
		name string
		b    byte
	}{
		{"NUL", 0},
		{"question mark", '?'},
		{"high byte", 0xC3},
		{"0x80", 0x80},
		{"0x3f+0x80", 0xBF},
		{"0x01 below NUL", 0x01},
		{"0x40 next to ?", 0x40},
	}
	for _, m := range marks {
		t.Run(m.name, func(t *testing.T) {
			for n := 0; n <= 25; n++ {
				base := strings.Repeat("a", n)
				if got, want := scanBytes(base), naiveFlags(base); got != want {
					t.Fatalf("len %d plain: flags %b, want %b", n, got, want)
				}
				for i := 0; i < n; i++ {
					b := []byte(base)
					b[i] = m.b
					s := string(b)
					if got, want := scanBytes(s), naiveFlags(s); got != want {
						t.Fatalf("len %d, %#x at %d: flags %b, want %b", n, m.b, i, got, want)
					}
				}
			}
		})
	}
}

func TestScanBytesOnRealValues(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"jm1@contoso.com", 0},
		{"SMTP:juergen.mueller@contoso.com;smtp:jm@contoso.com", 0},
		{"Jürgen Müller", byteHigh},
		{"J?rgen M?ller", byteQuestion},
		{"\u201cquoted\u201d.user@contoso.com", byteHigh},
		{"ab\x00cd", byteNUL},
		{"Zoë?\x00", byteHigh | byteQuestion | byteNUL},
	}
	for _, tt := range tests {
		if got := scanBytes(tt.in); got != tt.want {
			t.Errorf("scanBytes(%q) = %b, want %b", tt.in, got, tt.want)
		}
	}
}

// The record is named by its first unreadable value in field order, the length checked
// before the NUL of the same value; the flags of the values before it are kept.
func TestScanValuesStopsAtTheFirstUnreadableValue(t *testing.T) {
	long := strings.Repeat("x", MaxFieldBytes+1)
	tests := []struct {
		name               string
		row                onPremRow
		bad                int
		code               string
		nonASCII, question uint64
	}{
		{"clean", onPremRow{SAM: "jm", Name: "Jürgen", Mail: "j?m@x.com"}, -1, "", 1 << 2, 1 << 9},
		{"NUL", onPremRow{SAM: "jm", DN: "CN=a\x00", Name: "b\x00"}, 1, CodeNULByte, 0, 0},
		{"too long before NUL", onPremRow{DN: long + "\x00"}, 1, CodeFieldTooLong, 0, 0},
		{"first field wins", onPremRow{SAM: "Zoë", Name: "a\x00", GroupType: long}, 2, CodeNULByte, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := tt.row.scan()
			if sc.bad != tt.bad || sc.code != tt.code || sc.nonASCII != tt.nonASCII || sc.question != tt.question {
				t.Errorf("scan = %+v, want bad %d %q, nonASCII %b, question %b", sc, tt.bad, tt.code, tt.nonASCII, tt.question)
			}
			if tt.bad >= 0 && sc.field != onPremFields[tt.bad] {
				t.Errorf("field %q, want %q", sc.field, onPremFields[tt.bad])
			}
		})
	}
}

// Skipping the UTF-8 and "?" checks of values the scan found clean must change nothing:
// the records and the file's issues are those of checking every value.
func TestScanFlagsGiveTheSameRecordsAsCheckingEveryValue(t *testing.T) {
	rows := []onPremRow{
		{SAM: "jm1", DN: "CN=Jürgen Müller,DC=contoso,DC=local", Name: "Jürgen Müller", UPN: "jm1@contoso.com",
			ObjectGUID: "7d6e3f6b-c771-4a78-93f3-c75f885fb0ed", Proxy: "SMTP:jm1@contoso.com;smtp:j@fabrikam.com", Enabled: "True"},
		{SAM: "jr", Name: "J?rgen", GivenName: "J?rgen", Surname: "M?ller", Mail: "m?ller@contoso.com", Enabled: "False"},
		{SAM: "lat1", DN: "CN=Ren\xe9 Lef\xe8vre", Name: "Ren\xe9", DisplayName: "Ren\xe9 Lef\xe8vre?", Enabled: "yes"},
		{SAM: "q", Name: "What? Why?", Surname: "?", Mail: "a?@x.com", UAC: "514"},
		{SAM: "mix", DisplayName: "\xff?b", GivenName: "Zoë", Proxy: "SMTP:z\xf6e@x.com", Enabled: "maybe"},
	}
	want, got := newFileState("f.csv", nil, ""), newFileState("f.csv", nil, "")
	for i, r := range rows {
		slow, fast := r, r
		a := want.onPrem(&slow, i+2, everyOnPremValue)
		b := got.onPrem(&fast, i+2, fast.scan())
		if !reflect.DeepEqual(a, b) {
			t.Errorf("row %d: %+v, want %+v", i, b, a)
		}
	}
	var wi, gi FileInfo
	if w, g := want.finish(&wi), got.finish(&gi); !reflect.DeepEqual(g, w) || !reflect.DeepEqual(gi, wi) {
		t.Errorf("issues %+v, want %+v", g, w)
	}
	// Five values are not UTF-8 (three of René's, two of the last row); two records show
	// the damage pattern (J?rgen, a?@x.com): the rows exercise both checks.
	if got.mixed.count != 5 || got.damage.count != 2 {
		t.Errorf("%d values repaired and %d records damaged, want 5 and 2", got.mixed.count, got.damage.count)
	}
}

// splitOn must split exactly as the FieldsFunc it replaced, then trim and drop empties.
func TestSplitOnMatchesFieldsFunc(t *testing.T) {
	ref := func(s string, comma bool) []string {
		parts := strings.FieldsFunc(s, func(r rune) bool {
			return r == ';' || r == '|' || r == '\n' || r == '\r' || comma && r == ','
		})
		var out []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	cells := []string{
		"", ";", ";;|\r\n", "a", " a ", "a;b", ";a;;b;", "a|b\nc\r\nd",
		"SMTP:zoë@contoso.com;smtp:zoe@fabrikam.com",
		"SMTP:a@x.com, smtp:b@x.com",
		"x500:/o=Org/cn=Jürgen Müller;SIP:j@x.com",
		"\u00a0;\u00a0a\u00a0;\u3000",
		"\xff;\xfe|a",
		"a ,b, ,c",
	}
	for _, c := range cells {
		for _, comma := range []bool{false, true} {
			got, want := splitOn(c, comma), ref(c, comma)
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("splitOn(%q, %v) = %q, want %q", c, comma, got, want)
			}
		}
	}
}

// Every page of the space reserve adds must get a write, and the records already held must
// be left alone.
func TestReserveWritesEveryPageOfTheNewSpace(t *testing.T) {
	size := int(reflect.TypeFor[reconcile.OnPrem]().Size())
	tests := []struct{ have, more int }{
		{0, 1}, {0, 100}, {5, 1000}, {1000, 3}, {17, 20_000},
	}
	for _, tt := range tests {
		s := make([]reconcile.OnPrem, tt.have)
		for i := range s {
			s[i].Source.Line = i + 1
		}
		s = reserve(s, tt.more, func(p *reconcile.OnPrem) { p.Source.Line = -1 })
		var touched []int
		for i, r := range s[:cap(s)] {
			if i < tt.have {
				if r.Source.Line != i+1 {
					t.Fatalf("%+v: record %d changed", tt, i)
				}
				continue
			}
			if r.Source.Line == -1 {
				touched = append(touched, i)
			}
		}
		if cap(s)-tt.have < tt.more {
			t.Fatalf("%+v: room for %d more, want %d", tt, cap(s)-tt.have, tt.more)
		}
		if len(touched) == 0 || touched[0] != tt.have || touched[len(touched)-1] != cap(s)-1 {
			t.Fatalf("%+v: touched %v..., want from %d to %d", tt, touched[:min(len(touched), 3)], tt.have, cap(s)-1)
		}
		for i := 1; i < len(touched); i++ {
			if gap := (touched[i] - touched[i-1]) * size; gap > pageSize {
				t.Fatalf("%+v: slots %d and %d are %d bytes apart: a page between them is not written", tt, touched[i-1], touched[i], gap)
			}
		}
	}
}

// A slice that outgrows its estimate grows by half through reserve, keeping every record.
func TestAppendGrowingKeepsEveryRecord(t *testing.T) {
	var s []reconcile.Cloud
	for i := range 5000 {
		s = appendGrowing(s, reconcile.Cloud{Source: reconcile.Source{Line: i}}, touchCloud)
	}
	if len(s) != 5000 {
		t.Fatalf("%d records", len(s))
	}
	for i := range s {
		if s[i].Source.Line != i {
			t.Fatalf("record %d holds line %d", i, s[i].Source.Line)
		}
	}
}

// The merger looks each key up once and records it only when it is new: the first object
// seen with an id or a UPN keeps it.
func TestMergerKeepsTheFirstObjectOfEachKey(t *testing.T) {
	objs := []reconcile.Cloud{
		{ID: "aa", UserPrincipalName: "a@x.com", Source: reconcile.Source{Line: 2}},
		{ID: "bb", UserPrincipalName: "A@X.com ", Source: reconcile.Source{Line: 3}}, // same UPN, another id
		{UserPrincipalName: "b@x.com", Mail: "b@x.com", Source: reconcile.Source{Line: 4}},
		{ID: "CC", UserPrincipalName: "b@x.com", Source: reconcile.Source{Line: 5}}, // joins line 4 by UPN
		{ID: "cc", Source: reconcile.Source{Line: 6}},                               // joins it again by id
		{ID: "aa", UserPrincipalName: "c@x.com", Source: reconcile.Source{Line: 7}}, // joins line 2 by id
	}
	m := newMerger(nil, 0)
	for _, o := range objs {
		m.add(o, false)
	}
	var lines []int
	for _, o := range m.out {
		lines = append(lines, o.Source.Line)
	}
	if !slices.Equal(lines, []int{2, 3, 4}) {
		t.Errorf("objects from lines %v, want [2 3 4]", lines)
	}
	wantID := map[string]int{"aa": 0, "bb": 1, "cc": 2}
	wantUPN := map[string]int{"a@x.com": 0, "b@x.com": 2, "c@x.com": 0}
	if !reflect.DeepEqual(m.byID, wantID) || !reflect.DeepEqual(m.byUPN, wantUPN) {
		t.Errorf("byID %v byUPN %v, want %v %v", m.byID, m.byUPN, wantID, wantUPN)
	}
	if m.out[2].ID != "CC" {
		t.Errorf("UPN-only object took id %q, want CC", m.out[2].ID)
	}
}
