package reconcile

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestInvisibleLatinFastPathAgreesWithTables checks the shortcut isInvisible takes for
// accented Latin letters against the Unicode tables it stands for, rune by rune.
func TestInvisibleLatinFastPathAgreesWithTables(t *testing.T) {
	for r := rune(0xa0); r < 0x320; r++ {
		want := unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || r == utf8.RuneError
		if got := isInvisible(r); got != want {
			t.Errorf("isInvisible(%U) = %v, the tables say %v", r, got, want)
		}
	}
}

// TestFindingsSortInReportOrder checks sortFindings against the rule it implements,
// applied by a plain stable sort: first on-premises object, first cloud object, code,
// attribute, value, and the order found for findings equal in all of them. The fixture
// repeats every key many times, so that ties occur, and fills several blocks.
func TestFindingsSortInReportOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	codes := []Code{UPNChanges, Contested, InvalidValue, LikelySamePerson}
	var list []Finding
	for k := range 3000 {
		f := Finding{Code: codes[rng.IntN(len(codes))], Attribute: []string{"proxyAddresses", "userPrincipalName"}[rng.IntN(2)],
			Value: fmt.Sprintf("anna.berg%d@contoso.com", rng.IntN(3)), Detail: fmt.Sprint(k), OnPrem: []int{}, Cloud: []int{}}
		for range rng.IntN(3) {
			f.OnPrem = append(f.OnPrem, rng.IntN(40))
		}
		for range rng.IntN(3) {
			f.Cloud = append(f.Cloud, rng.IntN(40))
		}
		list = append(list, f)
	}
	want := slices.Clone(list)
	rank := func(c Code) int { return slices.Index(Codes, c) }
	first := func(l []int) int {
		if len(l) == 0 {
			return 1 << 62
		}
		return slices.Min(l)
	}
	sort.SliceStable(want, func(a, b int) bool {
		fa, fb := &want[a], &want[b]
		switch {
		case first(fa.OnPrem) != first(fb.OnPrem):
			return first(fa.OnPrem) < first(fb.OnPrem)
		case first(fa.Cloud) != first(fb.Cloud):
			return first(fa.Cloud) < first(fb.Cloud)
		case fa.Code != fb.Code:
			return rank(fa.Code) < rank(fb.Code)
		case fa.Attribute != fb.Attribute:
			return fa.Attribute < fb.Attribute
		}
		return fa.Value < fb.Value
	})
	e := &engine{r: &Result{}}
	for k := range list {
		e.found.add(list[k])
	}
	e.sortFindings()
	for k := range want {
		if got := e.r.Findings[k].Detail; got != want[k].Detail {
			t.Fatalf("finding %d is the one found %s-th, want the %s-th", k, got, want[k].Detail)
		}
	}
}

// TestIndexIsSizedForItsPostings checks that normalize notes the shard of every key as
// shardOf places it and counts the postings of each index shard exactly, so that the index
// is made once at its size, and that the keys spread over both shards.
func TestIndexIsSizedForItsPostings(t *testing.T) {
	op, cl := syntheticTenant(5000)
	e := analyse(&Result{Settings: defaultSettings(), OnPrem: op, Cloud: cl})
	placed := func(key string, shard uint8) {
		if key != "" && int(shard) != shardOf(key) {
			t.Fatalf("key %q noted in shard %d, shardOf says %d", key, shard, shardOf(key))
		}
	}
	for i := range e.op {
		n := &e.op[i]
		placed(n.incomingKey, n.incomingShard)
		placed(n.mailKey, n.mailShard)
		for _, a := range n.smtp {
			placed(a.key, a.shard)
		}
	}
	for i := range e.cl {
		n := &e.cl[i]
		placed(n.upnKey, n.upnShard)
		placed(n.mailKey, n.mailShard)
		for _, a := range n.smtp {
			placed(a.key, a.shard)
		}
	}
	for s := range e.idx.shards {
		sh := &e.idx.shards[s]
		if len(sh.postings) != e.indexPostings[s] || cap(sh.postings) != e.indexPostings[s] {
			t.Errorf("shard %d holds %d postings in room for %d, counted %d", s, len(sh.postings), cap(sh.postings), e.indexPostings[s])
		}
		if total := e.indexPostings[0] + e.indexPostings[1]; 3*e.indexPostings[s] < total {
			t.Errorf("shard %d holds %d of %d postings: the keys do not spread", s, e.indexPostings[s], total)
		}
	}
}

// TestShowQuotesExactlyWhatTheRuleSays checks show's ASCII shortcut against its rule, for
// every ASCII character inside a value: bare when every character is printable and neither
// a space nor a double quote, quoted otherwise.
func TestShowQuotesExactlyWhatTheRuleSays(t *testing.T) {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		v := "anna" + string(r) + "berg@contoso.com"
		want := v
		if r == ' ' || r == '"' || !strconv.IsPrint(r) {
			want = strconv.Quote(v)
		}
		if got := show(v); got != want {
			t.Errorf("show(%q) = %s, want %s", v, got, want)
		}
	}
	if got := show("Zoë Łukasz"); got != `"Zoë Łukasz"` {
		t.Errorf("show of a name with a space gives %s", got)
	}
	if got := show("Zoë"); got != "Zoë" {
		t.Errorf("show of a printable non-ASCII name gives %s", got)
	}
}
