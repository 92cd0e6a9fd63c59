package reconcile

import (
	"fmt"
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// wholeTokens is plainTokens as the rule states it, on the whole value at once: trim,
// NFC, case-fold, NFD, drop marks, apply the letter folds, split at everything that is
// not a letter or digit.
func wholeTokens(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(newFolder().fold(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case letterFolds[r] != "":
			b.WriteString(letterFolds[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// TestNameWordsEqualTheWholeValueRule checks that cutting a name at its ASCII spaces, the
// ASCII shortcut and the remembered words give the words of the whole value, on names
// whose parts start with combining marks, fold to several letters or carry invisible
// characters.
func TestNameWordsEqualTheWholeValueRule(t *testing.T) {
	names := []string{
		"Anna Berg", "  O'Brien-Smith  ", "Nguyễn  Văn-An", "Zoë Dupont", "ZOË DUPONT",
		"e\u0301mile \u0301Zola", "\u0301 \u0301", "Straße GROSS", "İlkay Işık", "ﬁnn Ærø",
		"Łukasz\u00a0Nowak", "Søren\u200bKierkegaard", "田中 太郎", "Ǆemal Ǳ", "Ｆｕｌｌ Ｗｉｄｔｈ",
		"Mária\tKovács", "x\xffy Béla", "ΣΊΣΥΦΟΣ σίσυφος", "", " ", "José García José",
	}
	f := newFolder()
	for round := 0; round < 2; round++ { // the second round reads remembered words
		for _, name := range names {
			if got, want := appendTokens(f, nil, name), wholeTokens(name); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Errorf("round %d: words of %q = %q, want %q", round, name, got, want)
			}
		}
	}
}

// TestRememberedWordsStayBounded checks that a folder forgets rather than grows without
// bound on a tenant of all-different names.
func TestRememberedWordsStayBounded(t *testing.T) {
	f := newFolder()
	for k := 0; k < maxRemembered+10; k++ {
		want := fmt.Sprintf("zoe%d", k)
		if got := appendTokens(f, nil, fmt.Sprintf("Zoë%d", k)); len(got) != 1 || got[0] != want {
			t.Fatalf("words of Zoë%d = %q", k, got)
		}
	}
	if len(f.words) > maxRemembered {
		t.Fatalf("%d names remembered, at most %d allowed", len(f.words), maxRemembered)
	}
	long := strings.Repeat("ë", maxRememberedBytes/8) // one word of a quarter of the bound
	for k := 0; k < 3; k++ {
		if got := appendTokens(f, nil, fmt.Sprintf("%s%d", long, k)); len(got) != 1 || len(got[0]) != maxRememberedBytes/8+1 {
			t.Fatalf("a long name gives %d words", len(got))
		}
	}
	if f.wordBytes > maxRememberedBytes {
		t.Fatalf("%d bytes of names remembered, at most %d allowed", f.wordBytes, maxRememberedBytes)
	}
}

// TestKeyBatchesKeepThePeopleOrder checks that a person table filled from the batches of
// several chunks holds what adding every person's keys in turn gives, holders in the same
// order, and that spellKeys hands the chunks back in the order of the people however the
// processors finish.
func TestKeyBatchesKeepThePeopleOrder(t *testing.T) {
	people := []struct{ given, surname, display, nickname string }{
		{"Anna", "Berg", "Anna Berg", "aberg"},
		{"José María", "García López", "García López, José María", "jose.garcia"},
		{"Łukasz", "Nowak", "", ""},
		{"ANNA", "BERG", "Berg, Anna", "anna.berg"},
		{"", "", "Zoë", "zoe"},
		{"田中", "太郎", "田中 太郎 (Sales)", "t-tanaka"},
		{"Anna", "Berg", "Anna Berg (Finance)", "aberg2"},
	}
	f := newFolder()
	var k keyWriter
	seed := maphash.MakeSeed()
	direct := &personTable{seed: seed}
	for s := range direct.shards {
		direct.shards[s].init(seed, 1, 1)
	}
	// Three chunks, as three processors would spell them.
	chunks := []*chunkKeys{{from: 0}, {from: 3}, {from: 5}}
	var spelled [][]byte
	for j, p := range people {
		var tr personTraits
		tr.read(f, p.given, p.surname, p.display, p.nickname)
		tr.addLocal(f, strings.ToLower(p.nickname)+"@contoso.com")
		tr.addLocal(f, "Anna.Berg@fabrikam.com")
		c := chunks[0]
		for _, ch := range chunks {
			if ch.from <= j {
				c = ch
			}
		}
		k.each(&tr, func(kind byte, key []byte) {
			h := direct.hash(key)
			direct.shards[personShardOf(key)].add(key, h, int32(j))
			c.shards[personShardOf(key)].add(key, h, int32(j))
			spelled = append(spelled, slices.Clone(key))
		})
	}
	batched := &personTable{seed: seed}
	batched.fill(chunks)
	for _, key := range spelled {
		var want, got []int32
		direct.holders(key, func(who int32) { want = append(want, who) })
		batched.holders(key, func(who int32) { got = append(got, who) })
		if !slices.Equal(got, want) {
			t.Errorf("key %q: batched holders %v, added one by one %v", key, got, want)
		}
	}
	if len(spelled) == 0 || !batched.has([]byte("aanna.berg"), batched.hash([]byte("aanna.berg"))) {
		t.Fatalf("the shared local part anna.berg is missing from the batched table")
	}

	const n = 3 * 4096
	out := spellKeys(n, func(_ *folder, from, to int, b *[personShards]keyBatch) {
		for j := from; j < to; j++ {
			key := []byte(fmt.Sprintf("a%d", j))
			b[personShardOf(key)].add(key, 0, int32(j))
		}
	})
	next := 0
	for _, c := range out {
		if c.from != next {
			t.Fatalf("chunk from %d where %d was next", c.from, next)
		}
		for _, b := range c.shards {
			n, _ := b.counts()
			next += n
		}
	}
	if next != n {
		t.Fatalf("chunks hold %d people, want %d", next, n)
	}
}

// TestPersonFilterNeverHidesAKey checks that the filter before the slots answers "held"
// for every key added, also once the table has grown far beyond the size it was made for,
// and that it turns most keys nobody holds away.
func TestPersonFilterNeverHidesAKey(t *testing.T) {
	table := &personTable{seed: maphash.MakeSeed()}
	for s := range table.shards {
		table.shards[s].init(table.seed, 100, 1000)
	}
	key := func(prefix string, n int) []byte { return []byte(fmt.Sprintf("%s%d", prefix, n)) }
	for n := range 20000 {
		k := key("aheld.", n)
		h := table.hash(k)
		table.shards[personShardOf(k)].add(k, h, int32(n))
	}
	for n := range 20000 {
		if k := key("aheld.", n); !table.has(k, table.hash(k)) {
			t.Fatalf("key %s added but not found", k)
		}
	}
	small := &personTable{seed: maphash.MakeSeed()}
	for s := range small.shards {
		small.shards[s].init(small.seed, 20000, 200000)
	}
	for n := range 10000 {
		k := key("aheld.", n)
		h := small.hash(k)
		small.shards[personShardOf(k)].add(k, h, int32(n))
	}
	passed := 0
	for n := range 10000 {
		k := key("amissing.", n)
		h := small.hash(k)
		if small.shards[personShardOf(k)].mayHold(h) {
			passed++
		}
	}
	// Two bits of a byte per key let about one in twenty absent keys through.
	if passed > 1000 {
		t.Errorf("the filter let %d of 10000 absent keys through", passed)
	}
}

// TestPersonTableCountsDistinctHolders checks the person table from its smallest size up:
// a user holding a key twice counts once, a key of maxBucket holders lists them all, and
// one more holder makes the key too common to list.
func TestPersonTableCountsDistinctHolders(t *testing.T) {
	tests := []struct {
		name    string
		holders int
		want    int
	}{
		{"one holder", 1, 1},
		{"a full bucket", maxBucket, maxBucket},
		{"one too many", maxBucket + 1, 0},
		{"far too many", 3 * maxBucket, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := &personTable{seed: maphash.MakeSeed()}
			for s := range table.shards {
				table.shards[s].init(table.seed, 1, 1) // grows while filled
			}
			add := func(key string, who int32) {
				h := table.hash([]byte(key))
				table.shards[personShardOf([]byte(key))].add([]byte(key), h, who)
			}
			// Filler keys make the table grow several times around the key under test.
			for who := 0; who < tt.holders; who++ {
				add("pjohn.smith", int32(who))
				add("pjohn.smith", int32(who))
				add(fmt.Sprintf("afiller%d", who), int32(who))
			}
			var got []int32
			table.holders([]byte("pjohn.smith"), func(who int32) { got = append(got, who) })
			slices.Sort(got)
			if len(got) != tt.want || len(got) > 0 && (got[0] != 0 || int(got[len(got)-1]) != tt.holders-1) {
				t.Fatalf("holders %v, want %d distinct", got, tt.want)
			}
			for who := 0; who < tt.holders; who++ {
				var one []int32
				table.holders([]byte(fmt.Sprintf("afiller%d", who)), func(w int32) { one = append(one, w) })
				if len(one) != 1 || one[0] != int32(who) {
					t.Fatalf("filler %d held by %v", who, one)
				}
			}
			table.holders([]byte("ajohn.smith"), func(w int32) { t.Fatalf("a key of another kind found holder %d", w) })
		})
	}
}

// TestEntriesShareCodeListsFullToCapacity checks that objects with the same findings share
// one list that an append cannot write through, and that no findings is an empty list.
func TestEntriesShareCodeListsFullToCapacity(t *testing.T) {
	l := codeLists{}
	m := codeBit[UPNChanges] | codeBit[PrimarySMTPChanges]
	a, b := l.of(m), l.of(m)
	if !reflect.DeepEqual(a, []Code{UPNChanges, PrimarySMTPChanges}) || &a[0] != &b[0] || cap(a) != len(a) {
		t.Fatalf("lists %v (cap %d) and %v", a, cap(a), b)
	}
	if grown := append(a, InvalidValue); &grown[0] == &b[0] {
		t.Fatal("an append wrote into the shared list")
	}
	if none := l.of(0); none == nil || len(none) != 0 {
		t.Fatalf("no findings gives %#v, want an empty list", none)
	}
}

// TestIndexSizeCountsMergedKeys checks the count the index is sized from: an object's
// repeated values make one posting each.
func TestIndexSizeCountsMergedKeys(t *testing.T) {
	tests := []struct {
		upn, mail string
		smtp      []string
		want      int
	}{
		{"", "", nil, 0},
		{"anna@contoso.com", "anna@contoso.com", []string{"anna@contoso.com"}, 1},
		{"anna@contoso.com", "", []string{"anna@contoso.com", "a.berg@contoso.com", "a.berg@contoso.com"}, 2},
		{"anna@contoso.local", "anna@contoso.com", []string{"anna@contoso.com", "anna@fabrikam.com"}, 3},
		{"", "anna@contoso.com", []string{"", "anna@fabrikam.com"}, 2},
	}
	for _, tt := range tests {
		var smtp []addrRef
		for _, k := range tt.smtp {
			smtp = append(smtp, addrRef{key: k})
		}
		var n [shards]int
		placeKeys(tt.upn, tt.mail, smtp)
		distinctKeys(&n, tt.upn, tt.mail, smtp)
		if got := n[0] + n[1]; got != tt.want {
			t.Errorf("distinctKeys(%q, %q, %q) = %d, want %d", tt.upn, tt.mail, tt.smtp, got, tt.want)
		}
	}
}

// TestIndexEntriesStaySmall guards the sizes that a tenant multiplies by millions: a
// posting, a slot of the person table and an SMTP address of an object.
func TestIndexEntriesStaySmall(t *testing.T) {
	tests := []struct {
		name      string
		size, max uintptr
	}{
		{"posting", unsafe.Sizeof(posting{}), 20},
		{"personSlot", unsafe.Sizeof(personSlot{}), 8},
		{"addrRef", unsafe.Sizeof(addrRef{}), 40},
	}
	for _, tt := range tests {
		if tt.size > tt.max {
			t.Errorf("%s takes %d bytes, want at most %d", tt.name, tt.size, tt.max)
		}
	}
}

// TestArenaListsStayApart checks the arena's lists written in place: each holds what was
// appended to it, an append to a kept list copies rather than overwrites the next one,
// and a list that outgrew the room it asked for is kept whole.
func TestArenaListsStayApart(t *testing.T) {
	var a arena[string]
	tests := []struct {
		name  string
		room  int
		items []string
	}{
		{"primary and alias", 3, []string{"smtp:anna.berg@contoso.com", "smtp:a.berg@contoso.com"}},
		{"nothing kept", 2, nil},
		{"exactly the room", 1, []string{"SMTP:zoë@contoso.com"}},
		{"more than the room", 1, []string{"smtp:józef@contoso.com", "smtp:jozef@contoso.com", "smtp:j@contoso.com"}},
		{"after the outgrown list", 2, []string{"SMTP:田中@contoso.com"}},
		{"larger than a block", 5000, []string{"smtp:x@contoso.com"}},
	}
	kept := make([][]string, len(tests))
	for k, tt := range tests {
		list := a.room(tt.room)
		list = append(list, tt.items...)
		kept[k] = a.took(list)
		if len(kept[k]) != cap(kept[k]) {
			t.Errorf("%s: kept list has length %d and capacity %d", tt.name, len(kept[k]), cap(kept[k]))
		}
	}
	_ = append(kept[0], "smtp:overwrite@contoso.com")
	for k, tt := range tests {
		if !slices.Equal(kept[k], tt.items) || (tt.items == nil) != (kept[k] == nil) {
			t.Errorf("%s: kept %q, want %q", tt.name, kept[k], tt.items)
		}
	}
}

// TestKeyBatchBlocksHoldEveryKey checks a batch past the size of its blocks: more keys
// than a key block holds, and a key longer than a text block, each found afterwards with
// its holder.
func TestKeyBatchBlocksHoldEveryKey(t *testing.T) {
	table := &personTable{seed: maphash.MakeSeed()}
	chunk := &chunkKeys{}
	var keys [][]byte
	for n := range batchKeyBlock + 10 {
		key := []byte(fmt.Sprintf("aanna.berg%d", n))
		if n == batchKeyBlock/2 {
			key = append([]byte("nanna "), strings.Repeat("berg", batchTextBlock/4+2)...)
		}
		keys = append(keys, key)
		chunk.shards[personShardOf(key)].add(key, table.hash(key), int32(n))
	}
	table.fill([]*chunkKeys{chunk})
	for n, key := range keys {
		var got []int32
		table.holders(key, func(who int32) { got = append(got, who) })
		if len(got) != 1 || got[0] != int32(n) {
			t.Fatalf("key %d (%d bytes) held by %v", n, len(key), got)
		}
	}
}

// TestBlockedJoinListsItsCodesInOrder checks the order in which a refused join lists
// what refuses it: a hard match's block, the soft match's blocks, then a contest, as the
// join finds them; every bit of a block set names one code.
func TestBlockedJoinListsItsCodesInOrder(t *testing.T) {
	tests := []struct {
		set  blockSet
		want []Code
	}{
		{0, nil},
		{blockHardMatch, []Code{HardMatchBlocked}},
		{blockSoftMatch | blockCloudBound, []Code{CloudBound, SoftMatchBlocked}},
		{blockContested | blockCloudAdmin | blockCloudBound | blockSoftMatch, []Code{CloudBound, CloudAdmin, SoftMatchBlocked, Contested}},
		{blockContested, []Code{Contested}},
	}
	for _, tt := range tests {
		if got := tt.set.codes(); !slices.Equal(got, tt.want) {
			t.Errorf("block set %05b lists %v, want %v", tt.set, got, tt.want)
		}
	}
	for k := range blockCodes {
		if got := blockSet(1 << k).codes(); len(got) != 1 || got[0] != blockCodes[k] {
			t.Errorf("bit %d lists %v, want %s", k, got, blockCodes[k])
		}
	}
}
