package reconcile

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Evidence weights for likely-same-person (issue #4). An identical local part on another
// domain (anna.berg@contoso.com and anna.berg@contoso.onmicrosoft.com) is the strongest
// sign; a name alone is weaker because namesakes exist.
const (
	weightSameLocal = 40
	weightName      = 35
	weightPattern   = 30
	weightNickname  = 25
	// highConfidence is the score from which a pair is called high confidence. Even then its
	// fixes wait for a human: a shared name and local part also fit two namesakes.
	highConfidence = 70
	// maxBucket skips keys shared by more cloud users than this: "john.smith" in a large
	// tenant says nothing, and skipping keeps the lookup linear.
	maxBucket = 16
)

// The evidence kinds, as bits so that each kind counts once per pair.
const (
	evSameLocal uint8 = 1 << iota
	evName
	evPattern
	evNickname
)

var evidenceWeight = map[uint8]int{evSameLocal: weightSameLocal, evName: weightName, evPattern: weightPattern, evNickname: weightNickname}

// likelyMatch is the cloud-only user an unjoined on-premises user most resembles.
type likelyMatch struct {
	cloud    int
	score    int
	evidence uint8
}

// letterFolds spells letters that carry no combining mark in NFD but that people
// routinely write without the stroke or ligature.
var letterFolds = map[rune]string{
	'ł': "l", 'đ': "d", 'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ı': "i", 'þ': "th", 'ð': "d", 'ŀ': "l",
}

// plainTokens folds case and diacritics and splits a name into words: "Nguyễn  Văn-An"
// gives [nguyen van an]. Scripts without case or marks (田中) pass through.
func plainTokens(f *folder, s string) []string {
	return appendTokens(f, nil, s)
}

// appendTokens appends the words of plainTokens to dst. Most names are ASCII: for them
// NFD and the letter folds change nothing, so the words are cut from the folded value
// without the Unicode tables and without a copy each. Other names are cut at their ASCII
// spaces first (a space composes with nothing and folds to itself, so the words of a
// value are those of its parts), and the words of each part are remembered: given names
// and surnames repeat across a tenant, and the Unicode path is slow.
func appendTokens(f *folder, dst []string, s string) []string {
	if isASCII(s) {
		return appendASCIITokens(dst, f.fold(s))
	}
	for part := range strings.SplitSeq(s, " ") {
		switch {
		case part == "":
		case isASCII(part):
			dst = appendASCIITokens(dst, f.fold(part))
		default:
			dst = append(dst, f.unicodeTokens(part)...)
		}
	}
	return dst
}

// appendASCIITokens appends the runs of letters and digits of an ASCII value folded
// already.
func appendASCIITokens(dst []string, folded string) []string {
	start := -1
	for i := 0; i < len(folded); i++ {
		if c := folded[i]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = append(dst, folded[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = append(dst, folded[start:])
	}
	return dst
}

// maxRemembered and maxRememberedBytes bound the words a folder remembers, so that a
// tenant of distinct or absurdly long names costs time, never unbounded memory.
const (
	maxRemembered      = 1 << 16
	maxRememberedBytes = 1 << 24
)

// unicodeTokens returns the words of a value with non-ASCII characters: folded, composed
// and decomposed, marks dropped, letter folds applied, split at everything that is not a
// letter or digit. The result is shared and must not be changed.
func (f *folder) unicodeTokens(s string) []string {
	if w, ok := f.words[s]; ok {
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(f.fold(s)) {
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
	w := strings.Fields(b.String())
	if f.words == nil || len(f.words) >= maxRemembered || f.wordBytes+2*len(s) > maxRememberedBytes {
		f.words, f.wordBytes = make(map[string][]string), 0
	}
	f.words[s] = w
	f.wordBytes += 2 * len(s) // the value and about as much in words
	return w
}

// hasUpperASCII reports whether s holds a letter A to Z.
func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// plainLocal folds a local part the same way but keeps its separators, so that first.last
// and firstlast stay different patterns.
func plainLocal(f *folder, addr string) string {
	lp := localPart(strings.TrimSpace(addr))
	if lp == "" {
		return ""
	}
	if isASCII(lp) {
		return f.fold(lp)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(f.fold(lp)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case letterFolds[r] != "":
			b.WriteString(letterFolds[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The kinds of person key. Each key starts with its kind's byte, so that a local part
// and a name pattern of the same spelling stay different keys in one table.
const (
	keyName    byte = 'n' // sorted words of given name and surname, or of displayName
	keyLocal   byte = 'a' // the local part of one of the person's addresses
	keyPattern byte = 'p' // a local part derived from the names: first.last, flast, ...
	keyNick    byte = 'm' // mailNickname
)

// personTraits are the folded name words and local parts of one person, from which its
// keys are spelled. Words are substrings of the folded values wherever possible: a
// million people's traits are held at once.
type personTraits struct {
	// words are the given-name words, then the surname words, then the displayName
	// words; every one of them tells a namesake from a stranger.
	words          []string
	given, surname int
	locals         []string
	nickname       string
	// lower is scratch space for the names' lower-case spelling (see read).
	lower []byte
}

func (t *personTraits) read(f *folder, given, surname, display, nickname string) {
	// Most names are ASCII with capitals, which folding lower-cases into a new string:
	// lower-cased together, the three names of a person cost one string rather than three.
	// For ASCII folding is lower-casing, and the words are the same.
	names := [3]string{given, surname, display}
	var spans [3][2]int
	t.lower = t.lower[:0]
	for k, v := range names {
		spans[k] = [2]int{-1, -1}
		if isASCII(v) && hasUpperASCII(v) {
			spans[k][0] = len(t.lower)
			for i := 0; i < len(v); i++ {
				c := v[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				t.lower = append(t.lower, c)
			}
			spans[k][1] = len(t.lower)
		}
	}
	lower := string(t.lower)
	t.words = t.words[:0]
	for k, v := range names {
		if spans[k][0] >= 0 {
			t.words = appendASCIITokens(t.words, lower[spans[k][0]:spans[k][1]])
		} else {
			t.words = appendTokens(f, t.words, v)
		}
		switch k {
		case 0:
			t.given = len(t.words)
		case 1:
			t.surname = len(t.words) - t.given
		}
	}
	t.locals = t.locals[:0]
	t.nickname = ""
	if nickname != "" {
		// The words of a nickname run together; one word is used as it is.
		var nick [4]string
		switch w := appendTokens(f, nick[:0], nickname); len(w) {
		case 0:
		case 1:
			t.nickname = w[0]
		default:
			t.nickname = strings.Join(w, "")
		}
	}
}

// addLocal adds the local part of addr, once.
func (t *personTraits) addLocal(f *folder, addr string) {
	lp := plainLocal(f, addr)
	if lp == "" || slices.Contains(t.locals, lp) {
		return
	}
	t.locals = append(t.locals, lp)
}

// keyWriter spells the keys of one person into one reused buffer, so that looking them up
// allocates nothing.
type keyWriter struct {
	buf, first, last []byte
	sorted           []string
}

// each calls fn with every key of t: the name keys, the local parts, the name patterns and
// the nickname, each starting with its kind byte. key is valid only during the call, and
// fn may overwrite its first byte to look the same spelling up as another kind.
func (k *keyWriter) each(t *personTraits, fn func(kind byte, key []byte)) {
	g, s, d := t.words[:t.given], t.words[t.given:t.given+t.surname], t.words[t.given+t.surname:]
	emit := func(kind byte, parts ...[]byte) {
		k.buf = append(k.buf[:0], kind)
		for _, p := range parts {
			k.buf = append(k.buf, p...)
		}
		fn(kind, k.buf)
	}
	if len(g) > 0 && len(s) > 0 {
		k.sorted = append(append(k.sorted[:0], g...), s...)
		k.emitSorted(fn)
	}
	if len(d) > 1 {
		k.sorted = append(k.sorted[:0], d...)
		k.emitSorted(fn)
	}
	for _, l := range t.locals {
		k.buf = append(append(k.buf[:0], keyLocal), l...)
		fn(keyLocal, k.buf)
	}
	if len(g) > 0 && len(s) > 0 {
		k.first, k.last = k.first[:0], k.last[:0]
		for _, w := range g {
			k.first = append(k.first, w...)
		}
		for _, w := range s {
			k.last = append(k.last, w...)
		}
		first, last := k.first, k.last
		_, n := utf8.DecodeRune(first)
		f1 := first[:n]
		_, n = utf8.DecodeRune(last)
		l1 := last[:n]
		dot, under, dash := []byte{'.'}, []byte{'_'}, []byte{'-'}
		emit(keyPattern, first, dot, last)
		emit(keyPattern, last, dot, first)
		emit(keyPattern, first, last)
		emit(keyPattern, f1, last)
		emit(keyPattern, first, l1)
		emit(keyPattern, first, under, last)
		emit(keyPattern, first, dash, last)
		emit(keyPattern, f1, dot, last)
	}
	if t.nickname != "" {
		k.buf = append(append(k.buf[:0], keyNick), t.nickname...)
		fn(keyNick, k.buf)
	}
}

// emitSorted spells the name key of the words in k.sorted: sorted, joined by spaces.
func (k *keyWriter) emitSorted(fn func(kind byte, key []byte)) {
	slices.Sort(k.sorted)
	k.buf = append(k.buf[:0], keyName)
	for j, w := range k.sorted {
		if j > 0 {
			k.buf = append(k.buf, ' ')
		}
		k.buf = append(k.buf, w...)
	}
	fn(keyName, k.buf)
}

// personShards splits the cloud key table by key (see personShardOf) so that both
// processors fill it.
const personShards = 2

// personTable maps the keys of the cloud-only users to the users holding them. A key holds
// at most maxBucket+1 users: one more says only that the key is too common to count, so
// the rest are never stored. It is an open-addressing table like the index's: a tenant of
// a million users has several million keys, most of them held once, and a map of strings
// with a slice per key would cost more than the rest of the run.
type personTable struct {
	seed   maphash.Seed
	shards [personShards]personShard
}

type personShard struct {
	seed maphash.Seed
	// table is open addressing: a slot holds part of its key's hash and its bucket.
	table []personSlot
	mask  uint64
	// filter is a Bloom filter of the keys, a byte per key, two bits each in one word. Most
	// lookups are of keys nobody holds (most of a person's keys are patterns no other
	// person uses); the filter answers them from a table a sixteenth the size of the
	// slots, which stays in the processor's cache where the slots do not.
	filter      []uint64
	filterShift uint
	// text holds the keys one after another, to tell apart two keys of one hash.
	text    []byte
	buckets []personBucket
	links   []personLink
}

// personSlot is 8 bytes, so that a probe usually costs one cache line: the upper half of
// the key's hash, and its bucket plus one (0 marks an empty slot).
type personSlot struct {
	tag    uint32
	bucket int32
}

// personBucket is one key: where its text is, how many users hold it, the newest of them
// and the link to the older ones (-1 none). Most keys have one holder, found here without
// a visit to links.
type personBucket struct {
	at         int
	size       int32
	n          int32
	who, older int32
}

// personLink is one older holder of a key: its place in the cloud-only list and the next.
type personLink struct {
	who, next int32
}

func (t *personTable) hash(key []byte) uint64 { return maphash.Bytes(t.seed, key) }

// personShardOf says which shard holds a key. Like the index's shardOf it reads a few
// bytes of the key rather than its hash, so that each shard's goroutine, which spells
// every key, hashes only its own.
func personShardOf(key []byte) int {
	return int((uint(len(key)) ^ uint(key[len(key)/2]) ^ uint(key[len(key)/3])) & 1)
}

// init sizes the shard for about capacity keys of textBytes bytes in all, so that filling
// it copies nothing: the estimate errs high only by the keys two users share.
func (s *personShard) init(seed maphash.Seed, capacity, textBytes int) {
	size := 1 << 4
	for size < 2*capacity {
		size <<= 1
	}
	s.seed, s.table, s.mask = seed, make([]personSlot, size), uint64(size-1)
	words, shift := 1, uint(64)
	for 64*words < 8*capacity {
		words, shift = 2*words, shift-1
	}
	s.filter, s.filterShift = make([]uint64, words), shift
	s.buckets = make([]personBucket, 0, capacity)
	s.text = make([]byte, 0, textBytes)
	// Both are probed at random, read before written (see touchPages).
	touchPages(s.table)
	touchPages(s.filter)
}

// find returns the table slot of key: where it is, or the empty slot where it belongs.
func (s *personShard) find(key []byte, h uint64) (slot uint64, found bool) {
	tag := uint32(h >> 32)
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		sl := s.table[i]
		if sl.bucket == 0 {
			return i, false
		}
		if sl.tag == tag {
			b := &s.buckets[sl.bucket-1]
			if string(s.text[b.at:b.at+int(b.size)]) == string(key) {
				return i, true
			}
		}
	}
}

// add records that cloud-only user who holds key. Each user's keys are added together, so
// a repeat of the user's own key finds it as the newest holder.
func (s *personShard) add(key []byte, h uint64, who int32) {
	slot, found := s.find(key, h)
	if !found {
		s.table[slot] = personSlot{tag: uint32(h >> 32), bucket: int32(len(s.buckets) + 1)}
		s.buckets = append(s.buckets, personBucket{at: len(s.text), size: int32(len(key)), n: 1, who: who, older: -1})
		s.text = append(s.text, key...)
		w, bits := filterBits(h, s.filterShift)
		s.filter[w] |= bits
		if 2*len(s.buckets) > len(s.table) {
			s.grow()
		}
		return
	}
	bk := &s.buckets[s.table[slot].bucket-1]
	if bk.n > maxBucket || bk.who == who {
		return
	}
	s.links = append(s.links, personLink{who: bk.who, next: bk.older})
	bk.who, bk.older = who, int32(len(s.links)-1)
	bk.n++
}

// grow doubles the table when it is half full, keeping probe sequences short. The table
// keeps only part of each hash, so the keys are hashed again.
func (s *personShard) grow() {
	old := s.table
	s.table, s.mask = make([]personSlot, 2*len(old)), uint64(2*len(old)-1)
	for _, sl := range old {
		if sl.bucket == 0 {
			continue
		}
		b := &s.buckets[sl.bucket-1]
		j := maphash.Bytes(s.seed, s.text[b.at:b.at+int(b.size)]) & s.mask
		for s.table[j].bucket != 0 {
			j = (j + 1) & s.mask
		}
		s.table[j] = sl
	}
}

// filterBits returns the word of a shard's filter that a hash falls in and the two bits it
// sets there. The hash is mixed again, as its low bits place the key among the slots.
func filterBits(h uint64, shift uint) (word uint64, bits uint64) {
	x := h * 0x9e3779b97f4a7c15
	return x >> shift, 1<<(x&63) | 1<<(x>>6&63)
}

// mayHold reports false when the shard surely does not hold the key of hash h.
func (s *personShard) mayHold(h uint64) bool {
	w, bits := filterBits(h, s.filterShift)
	return s.filter[w]&bits == bits
}

// has reports whether the table holds key, whose hash is h.
func (t *personTable) has(key []byte, h uint64) bool {
	s := &t.shards[personShardOf(key)]
	if !s.mayHold(h) {
		return false
	}
	_, found := s.find(key, h)
	return found
}

// eachShard runs fn for every shard of a person table, one goroutine each.
func eachShard(fn func(shard int)) {
	var wg sync.WaitGroup
	for sh := range personShards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(sh)
		}()
	}
	wg.Wait()
}

// keyBatch holds the keys spelled on one processor for one shard of a person table, in
// the order they were spelled, with their hashes: each key is spelled and hashed once,
// on whichever processor reads its person, and the shard's goroutine only inserts. Keys
// and their text are kept in blocks of fixed size, so that a batch of millions of keys
// grows without copying what it holds.
type keyBatch struct {
	text [][]byte
	keys [][]batchKey
}

// batchKey is one key of a batch: its hash, the block and place of its text and who holds
// it.
type batchKey struct {
	h     uint64
	block int32
	at    int32
	size  int32
	who   int32
}

// The sizes of a batch's blocks: text bytes, and keys.
const (
	batchTextBlock = 1 << 20
	batchKeyBlock  = 1 << 15
)

func (b *keyBatch) add(key []byte, h uint64, who int32) {
	if n := len(b.text); n == 0 || len(b.text[n-1])+len(key) > cap(b.text[n-1]) {
		b.text = append(b.text, make([]byte, 0, max(batchTextBlock, len(key))))
	}
	block := len(b.text) - 1
	t := &b.text[block]
	at := len(*t)
	*t = append(*t, key...)
	if n := len(b.keys); n == 0 || len(b.keys[n-1]) == cap(b.keys[n-1]) {
		b.keys = append(b.keys, make([]batchKey, 0, batchKeyBlock))
	}
	k := &b.keys[len(b.keys)-1]
	*k = append(*k, batchKey{h: h, block: int32(block), at: int32(at), size: int32(len(key)), who: who})
}

// counts returns how many keys the batch holds and their bytes.
func (b *keyBatch) counts() (keys, text int) {
	for _, k := range b.keys {
		keys += len(k)
	}
	for _, t := range b.text {
		text += len(t)
	}
	return keys, text
}

// chunkKeys are the batches of one chunk of people, one per shard; from is the chunk's
// first person, which puts the chunks back in order.
type chunkKeys struct {
	from   int
	shards [personShards]keyBatch
}

// spellKeys runs fn over [0,n) on every processor, as parallel does, each chunk writing
// its keys into batches of its own, and returns the batches in the order of the chunks:
// a shard filled from them receives its keys in the order of the people, whatever the
// number of processors.
func spellKeys(n int, fn func(f *folder, from, to int, out *[personShards]keyBatch)) []*chunkKeys {
	var mu sync.Mutex
	var chunks []*chunkKeys
	parallel(n, func(f *folder, from, to int) {
		c := &chunkKeys{from: from}
		fn(f, from, to, &c.shards)
		mu.Lock()
		chunks = append(chunks, c)
		mu.Unlock()
	})
	slices.SortFunc(chunks, func(a, b *chunkKeys) int { return a.from - b.from })
	return chunks
}

// fill sizes each shard of t for the keys of its batches and adds them in the order of
// the chunks, one goroutine per shard.
func (t *personTable) fill(chunks []*chunkKeys) {
	eachShard(func(sh int) {
		keys, text := 0, 0
		for _, c := range chunks {
			n, size := c.shards[sh].counts()
			keys, text = keys+n, text+size
		}
		s := &t.shards[sh]
		s.init(t.seed, keys, text)
		for _, c := range chunks {
			b := &c.shards[sh]
			for _, block := range b.keys {
				for _, k := range block {
					s.add(b.text[k.block][k.at:k.at+k.size], k.h, k.who)
				}
			}
			// The batch is spent: its memory can go while the other batches are read.
			*b = keyBatch{}
		}
	})
}

// holders calls fn with every cloud-only user holding key, unless the key is too common.
func (t *personTable) holders(key []byte, fn func(who int32)) {
	h := t.hash(key)
	s := &t.shards[personShardOf(key)]
	if !s.mayHold(h) {
		return
	}
	slot, found := s.find(key, h)
	if !found {
		return
	}
	b := &s.buckets[s.table[slot].bucket-1]
	if b.n > maxBucket {
		return
	}
	fn(b.who)
	for l := b.older; l >= 0; l = s.links[l].next {
		fn(s.links[l].who)
	}
}

// arena keeps many short lists in a few large slices. A list it returns is full to
// capacity, so that an append copies rather than writes into the next list.
type arena[T any] struct{ buf []T }

// keep returns a copy of list held by the arena (nil for an empty list).
func (a *arena[T]) keep(list []T) []T {
	if len(list) == 0 {
		return nil
	}
	if len(a.buf)+len(list) > cap(a.buf) {
		a.buf = make([]T, 0, max(4096, len(list)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, list...)
	return a.buf[start:len(a.buf):len(a.buf)]
}

// room returns an empty list with room for n items in the arena's memory, so that a list
// whose length is bounded beforehand is written in place rather than copied there; took
// keeps what was written.
func (a *arena[T]) room(n int) []T {
	if len(a.buf)+n > cap(a.buf) {
		a.buf = make([]T, 0, max(4096, n))
	}
	return a.buf[len(a.buf) : len(a.buf) : len(a.buf)+n]
}

// took keeps list, which room returned and the caller appended to, and returns it full to
// capacity (nil when empty). A list that outgrew its room was moved by append and is
// returned as it is.
func (a *arena[T]) took(list []T) []T {
	if len(list) == 0 {
		return nil
	}
	if len(a.buf) < cap(a.buf) && &list[0] == &a.buf[:len(a.buf)+1][len(a.buf)] {
		a.buf = a.buf[:len(a.buf)+len(list)]
	}
	return list[:len(list):len(list)]
}

// likelySamePerson pairs on-premises users that will be created new with cloud-only users
// that look like the same person. It indexes the cloud side by name and local-part keys,
// so each on-premises user costs a few table lookups. Pairs are one-to-one: a best
// candidate shared by two equally good rivals on either side is no candidate.
func (e *engine) likelySamePerson() {
	var cloudOnly []int
	for c := range e.cl {
		if e.joiner[c] < 0 && e.cl[c].typ == User && !e.r.Cloud[c].Synced {
			cloudOnly = append(cloudOnly, c)
		}
	}
	var unjoined []int
	for i := range e.op {
		if e.verdicts[i].outcome == New && e.op[i].typ == User {
			unjoined = append(unjoined, i)
		}
	}
	if len(cloudOnly) == 0 || len(unjoined) == 0 {
		return
	}
	seed := maphash.MakeSeed()
	// The local parts of every unjoined user are read once: they make the wanted table
	// below and are looked up again for the user's candidates.
	// A cloud user's name pattern is looked up only as an on-premises local part, so the
	// table keeps only the patterns some unjoined user has as a local part: most of the
	// eight patterns per cloud user, the bulk of the keys, are never asked for.
	wanted := &personTable{seed: seed}
	unjoinedLocals := make([][]string, len(unjoined))
	wanted.fill(spellKeys(len(unjoined), func(f *folder, from, to int, out *[personShards]keyBatch) {
		var locals arena[string]
		var t personTraits
		var key []byte
		for j := from; j < to; j++ {
			i := unjoined[j]
			o := &e.r.OnPrem[i]
			t.locals = t.locals[:0]
			t.addLocal(f, o.UserPrincipalName)
			t.addLocal(f, o.Mail)
			for _, a := range e.op[i].smtp {
				t.addLocal(f, a.value())
			}
			unjoinedLocals[j] = locals.keep(t.locals)
			for _, lp := range t.locals {
				key = append(append(key[:0], keyPattern), lp...)
				out[personShardOf(key)].add(key, wanted.hash(key), 0)
			}
		}
	}))
	// Traits and keys are read on every processor, then each processor fills one shard of
	// the table from all of them.
	traits := make([]personTraits, len(cloudOnly))
	table := &personTable{seed: seed}
	table.fill(spellKeys(len(cloudOnly), func(f *folder, from, to int, out *[personShards]keyBatch) {
		var words, locals arena[string]
		var t personTraits
		var k keyWriter
		for j := from; j < to; j++ {
			c := cloudOnly[j]
			cl := &e.r.Cloud[c]
			t.read(f, cl.GivenName, cl.Surname, cl.DisplayName, cl.MailNickname)
			t.addLocal(f, cl.UserPrincipalName)
			t.addLocal(f, cl.Mail)
			for _, a := range e.cl[c].smtp {
				t.addLocal(f, a.value())
			}
			traits[j] = personTraits{words: words.keep(t.words), given: t.given, surname: t.surname,
				locals: locals.keep(t.locals), nickname: t.nickname}
			k.each(&t, func(kind byte, key []byte) {
				if h := table.hash(key); kind != keyPattern || wanted.has(key, h) {
					out[personShardOf(key)].add(key, h, int32(j))
				}
			})
		}
	}))
	wanted = nil
	found := make([]likelyMatch, len(unjoined))
	parallel(len(unjoined), func(f *folder, from, to int) {
		var t personTraits
		var k keyWriter
		var ev []evidence
		for j := from; j < to; j++ {
			found[j] = e.bestCandidate(f, unjoined[j], unjoinedLocals[j], table, traits, cloudOnly, &t, &k, &ev)
		}
	})
	// One-to-one: a cloud user claimed by several on-premises users goes to the single best.
	// The choice does not depend on the order of the claims: a tie at the top score stays a
	// tie whichever claim comes first.
	type claim struct {
		top int32 // index into found
		tie bool
	}
	claims := make(map[int]claim)
	for j := range found {
		c := found[j].cloud
		if c < 0 {
			continue
		}
		cl, ok := claims[c]
		switch {
		case !ok || found[j].score > found[cl.top].score:
			cl = claim{top: int32(j)}
		case found[j].score == found[cl.top].score:
			cl.tie = true
		}
		claims[c] = cl
	}
	for j, i := range unjoined {
		m := found[j]
		if m.cloud < 0 {
			continue
		}
		if cl := claims[m.cloud]; int(cl.top) == j && !cl.tie {
			e.addFinding(LikelySamePerson, []int{i}, []int{m.cloud}, "", "", e.likelyDetail(i, m))
		}
	}
}

// evidence is what one candidate has in common with the person looked up, by place in the
// cloud-only list.
type evidence struct {
	who  int32
	bits uint8
}

// bestCandidate looks up the keys of on-premises user i, whose local parts are locals, in
// the cloud table and returns the single best candidate (cloud -1 when there is none). t,
// k and ev are the caller's scratch space.
func (e *engine) bestCandidate(f *folder, i int, locals []string, table *personTable, traits []personTraits,
	cloudOnly []int, t *personTraits, k *keyWriter, ev *[]evidence) likelyMatch {
	o := &e.r.OnPrem[i]
	t.read(f, o.GivenName, o.Surname, o.DisplayName, o.MailNickname)
	// The locals are shared and only read: nothing appends to t.locals here, and the next
	// read empties it without writing.
	t.locals = locals
	list := (*ev)[:0]
	var bit uint8
	note := func(who int32) {
		for n := range list {
			if list[n].who == who {
				list[n].bits |= bit
				return
			}
		}
		list = append(list, evidence{who: who, bits: bit})
	}
	k.each(t, func(kind byte, key []byte) {
		switch kind {
		case keyName:
			bit = evName
			table.holders(key, note)
		case keyLocal:
			// A local part counts as the same local part, and as a pattern of the other's name.
			bit = evSameLocal
			table.holders(key, note)
			key[0], bit = keyPattern, evPattern
			table.holders(key, note)
		case keyPattern:
			// A pattern of this person's name counts when it is the other's local part.
			key[0], bit = keyLocal, evPattern
			table.holders(key, note)
		case keyNick:
			bit = evNickname
			table.holders(key, note)
		}
	})
	*ev = list
	// Addresses alone never outweigh names that disagree: a cloud user holding someone's old
	// alias is not that person when not one word of their names is shared.
	top, tie := likelyMatch{cloud: -1}, false
	for _, c := range list {
		if namesDisagree(t.words, traits[c.who].words) {
			continue
		}
		score := evidenceScore(c.bits)
		switch {
		case score > top.score:
			top, tie = likelyMatch{cloud: cloudOnly[c.who], score: score, evidence: c.bits}, false
		case score == top.score:
			tie = true
		}
	}
	if top.cloud < 0 || tie {
		return likelyMatch{cloud: -1}
	}
	return top
}

// namesDisagree reports whether both people have names and share no word of them.
func namesDisagree(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

// evidenceScore adds the weights of the evidence kinds in bits.
func evidenceScore(bits uint8) int {
	score := 0
	for _, bit := range [...]uint8{evSameLocal, evName, evPattern, evNickname} {
		if bits&bit != 0 {
			score += evidenceWeight[bit]
		}
	}
	return score
}

func confidenceWord(score int) string {
	switch {
	case score >= highConfidence:
		return "high"
	case score >= weightSameLocal:
		return "medium"
	}
	return "low"
}

func (e *engine) likelyDetail(i int, m likelyMatch) string {
	var why []string
	if m.evidence&evName != 0 {
		why = append(why, "the same name with accents and word order ignored")
	}
	if m.evidence&evSameLocal != 0 {
		why = append(why, "an address with the same local part")
	}
	if m.evidence&evPattern != 0 {
		why = append(why, "an address local part that follows the other's name (first.last, flast, firstl)")
	}
	if m.evidence&evNickname != 0 {
		why = append(why, "the same mailNickname")
	}
	score := min(m.score, 100)
	o := &e.r.OnPrem[i]
	cl := &e.r.Cloud[m.cloud]
	return fmt.Sprintf("%s (%s) will be created as a new cloud user, while cloud-only user %s (%s) looks like the same person: %s. Confidence %d%% (%s). Sync would create a duplicate account; join them before the first sync.",
		e.onPremLabel(i), show(firstNonEmpty(o.DisplayName, strings.TrimSpace(o.GivenName+" "+o.Surname))),
		e.cloudLabel(m.cloud), show(firstNonEmpty(cl.DisplayName, strings.TrimSpace(cl.GivenName+" "+cl.Surname))),
		joinWords(why), score, confidenceWord(score))
}
