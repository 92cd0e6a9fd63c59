package exports

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
	"golang.org/x/text/encoding/unicode"
)

// madvise takes whole pages from a page boundary: the span must start on one, stay inside
// the bytes given and cover every whole page among them.
func TestPageSpanCoversTheWholePagesInside(t *testing.T) {
	tests := []struct {
		addr, n            uintptr
		wantSkip, wantSize uintptr
	}{
		{0x10000, 3 * pageSize, 0, 3 * pageSize},
		{0x10000 + 8, 3 * pageSize, pageSize - 8, 2 * pageSize},
		{0x10000 + 8, 3*pageSize - 8, pageSize - 8, 2 * pageSize},
		{0x10000 + 8, pageSize, pageSize - 8, 0},
		{0x10000, pageSize - 1, 0, 0},
		{0x10000 + 1, 0, pageSize - 1, 0},
	}
	for _, tt := range tests {
		skip, size := pageSpan(tt.addr, tt.n)
		if skip != tt.wantSkip || size != tt.wantSize {
			t.Errorf("pageSpan(%#x, %d) = %d, %d, want %d, %d", tt.addr, tt.n, skip, size, tt.wantSkip, tt.wantSize)
		}
		if size > 0 && ((tt.addr+skip)%pageSize != 0 || tt.addr+skip+size > tt.addr+tt.n || size%pageSize != 0) {
			t.Errorf("pageSpan(%#x, %d): span %d+%d is not whole pages inside", tt.addr, tt.n, skip, size)
		}
	}
}

// Only the lower-case 8-4-4-4-12 form is taken as it is; every other spelling goes
// through parsing.
func TestIsCanonicalGUIDTakesOnlyLowerCase8_4_4_4_12(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0ed", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"7D6E3F6B-C771-4A78-93F3-C75F885FB0ED", false},
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0eD", false},
		{"{7d6e3f6b-c771-4a78-93f3-c75f885fb0ed}", false},
		{"7d6e3f6bc7714a7893f3c75f885fb0ed", false},
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0e", false},
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0edd", false},
		{"7d6e3f6b-c7714-a78-93f3-c75f885fb0ed", false},
		{"7d6e3f6g-c771-4a78-93f3-c75f885fb0ed", false},
		{"7d6e3f6b-c771-4a78-93f3 c75f885fb0ed", false},
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0é", false},
		{"7d6e3f6b-c771-4a78-93f3-c75f885fb0\x00d", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isCanonicalGUID(tt.s); got != tt.want {
			t.Errorf("isCanonicalGUID(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// writeDuplicatedCloud writes a Get-MgUser export as Windows PowerShell 5.1 does (UTF-16
// with a BOM, a "#TYPE" line, ";" from -UseCulture) of n users, in which some objects come
// back later under an upper-case id, or without an id under a known UPN.
func writeDuplicatedCloud(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("#TYPE Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\r\n")
	b.WriteString(`"Id";"UserPrincipalName";"DisplayName";"Mail";"ProxyAddresses";"OnPremisesImmutableId";"AccountEnabled"` + "\r\n")
	id := func(i int) string { return fmt.Sprintf("%08x-6f5a-4b3c-9d2e-1f0a9b8c7d6e", i) }
	for i := 0; i < n; i++ {
		switch {
		case i%97 == 50 && i > 100:
			// The same object again, spelled in upper case, with another name: merged, and
			// reported as conflicting.
			j := i - 50
			fmt.Fprintf(&b, "%q;\"Zoë.OConnor%d@contoso.com\";\"Zoë O’Connor (%d)\";\"\";\"SMTP:zoe%d@contoso.com;smtp:z%d@fabrikam.com\";\"\";\"\"\r\n",
				strings.ToUpper(id(j)), j, i, j, j)
		case i%89 == 7 && i > 100:
			// No id: joins the object of the same UPN.
			j := i - 7
			fmt.Fprintf(&b, "\"\";\"zoë.oconnor%d@contoso.com\";\"\";\"zoe%d@contoso.com\";\"\";\"\";\"True\"\r\n", j, j)
		default:
			fmt.Fprintf(&b, "%q;\"zoë.oconnor%d@contoso.com\";\"Zoë O’Connor\";\"zoe%d@contoso.com\";\"SMTP:zoe%d@contoso.com\";\"\";\"True\"\r\n",
				id(i), i, i, i)
		}
	}
	return writeUTF16LE(t, "cloud-users.csv", b.String(), unicode.UseBOM)
}

// writeUTF16LE writes text as UTF-16 little endian, with a BOM or without as bom says, into a new
// file name in a temporary folder, as Windows PowerShell's -Encoding Unicode does, and
// returns its path.
func writeUTF16LE(t *testing.T, name, text string, bom unicode.BOMPolicy) string {
	t.Helper()
	enc, err := unicode.UTF16(unicode.LittleEndian, bom).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(enc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// One cloud export is merged while it is read; the objects and issues must be those of
// merging after reading, on both sides of the record count estimate (the merger starts
// there and takes over the records read until then).
func TestOneCloudExportMergesWhileReadAsAfterReading(t *testing.T) {
	for _, n := range []int{150, 300, estimateAfter + 1, 4 * estimateAfter} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := writeDuplicatedCloud(t, n)
			got, gotInfos, gotIssues, err := ReadCloud([]string{p}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			objs, info, issues, err := readCloudFile(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			m := newMerger(nil, len(objs))
			for _, o := range objs {
				m.add(o, false)
			}
			want := m.out
			wantIssues := append(issues, m.issues...)
			if len(want) == n {
				t.Fatalf("%d records, none merged: the fixture plants no duplicate", n)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%d objects, want %d", len(got), len(want))
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("object %d = %+v, want %+v", i, got[i], want[i])
					}
				}
			}
			if !reflect.DeepEqual(gotIssues, wantIssues) {
				t.Errorf("issues = %+v, want %+v", gotIssues, wantIssues)
			}
			if !reflect.DeepEqual(gotInfos, []FileInfo{info}) {
				t.Errorf("infos = %+v, want %+v", gotInfos, info)
			}
		})
	}
}

// The merged objects of one export keep no stale copy past their end, and the typed
// records keep the fields the export gave.
func TestOneCloudExportKeepsNoStaleObjects(t *testing.T) {
	p := writeDuplicatedCloud(t, 2*estimateAfter)
	got, _, _, err := ReadCloud([]string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range got[len(got):cap(got)] {
		if !reflect.DeepEqual(o, reconcile.Cloud{}) {
			t.Fatalf("slot %d past the end holds %+v", len(got)+i, o)
		}
	}
	if got[0].DisplayName != "Zoë O’Connor" || len(got[0].ProxyAddresses) != 1 {
		t.Errorf("first object %+v", got[0])
	}
}

// refAdd is the merger's add as it was before the UPN index became lazy: every UPN is
// looked up and recorded as it comes. The lazy index must join exactly as it does.
func refAdd(m *merger, obj reconcile.Cloud, mustJoin bool) {
	id := strings.ToLower(obj.ID)
	upn := strings.ToLower(strings.TrimSpace(obj.UserPrincipalName))
	i, found := -1, false
	if id != "" {
		i, found = m.byID[id]
	}
	idKnown := found
	upnKnown, upnLooked := false, false
	if !found && upn != "" {
		j, ok := m.byUPN[upn]
		upnKnown, upnLooked = ok, true
		if ok && (id == "" || m.out[j].ID == "") {
			i, found = j, true
		}
	}
	if !found {
		if mustJoin {
			m.issues = append(m.issues, Issue{Line: obj.Source.Line, Code: CodeMailboxWithoutUser})
		}
		m.out = append(m.out, obj)
		i = len(m.out) - 1
	} else {
		m.merge(i, &obj)
	}
	if id != "" && !idKnown {
		m.byID[id] = i
	}
	if upn != "" && !upnLooked {
		_, upnKnown = m.byUPN[upn]
	}
	if upn != "" && !upnKnown {
		m.byUPN[upn] = i
	}
}

// Objects join by id, else by UPN when one side has no id, the first object of each key
// keeping it: the same whether the UPN index is built at once or only when an object
// without an id comes, late or never.
func TestMergerJoinsAsWithAFullUPNIndex(t *testing.T) {
	ids := []string{"", "aa", "AA", "bb", "cc", " cc"}
	upns := []string{"", "a@x.com", "A@X.com ", "b@x.com", "c@x.com"}
	for seed := range 400 {
		// A small linear congruential sequence: every run sees the same inputs.
		x := uint32(seed*2654435761 + 1)
		next := func(n int) int {
			x = x*1664525 + 1013904223
			return int(x>>16) % n
		}
		n := 1 + next(12)
		noIDFrom := next(n + 1) // objects before it all have ids
		var objs []reconcile.Cloud
		for k := range n {
			id := ids[1+next(len(ids)-1)]
			if k >= noIDFrom {
				id = ids[next(len(ids))]
			}
			objs = append(objs, reconcile.Cloud{ID: id, UserPrincipalName: upns[next(len(upns))],
				DisplayName: fmt.Sprint("Zoë ", next(2)), Source: reconcile.Source{Line: k + 2}})
		}
		got := newMerger(nil, n)
		want := &merger{byID: map[string]int{}, byUPN: map[string]int{}}
		for _, o := range objs {
			got.add(o, false)
			refAdd(want, o, false)
		}
		got.indexUPNs()
		if !reflect.DeepEqual(got.out, want.out) || !reflect.DeepEqual(got.byID, want.byID) ||
			!reflect.DeepEqual(got.byUPN, want.byUPN) || !reflect.DeepEqual(got.issues, want.issues) {
			t.Fatalf("objects %+v:\ngot  %+v %v %v\nwant %+v %v %v", objs, got.out, got.byID, got.byUPN, want.out, want.byID, want.byUPN)
		}
	}
}
