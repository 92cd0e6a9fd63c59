package reconcile

import (
	"hash/maphash"
	"unsafe"
)

// What a posting says an object holds a key as. One object can hold the same value in
// several attributes (its UPN is usually also its primary SMTP address).
const (
	holdsUPN uint8 = 1 << iota
	holdsMail
	holdsPrimary
	holdsSecondary

	holdsAddress = holdsMail | holdsPrimary | holdsSecondary
)

// The two sides a posting can come from.
const (
	sideOnPrem uint8 = iota
	sideCloud
)

// objectKind is an ObjectType in one byte, for the postings.
type objectKind uint8

func kindOf(t ObjectType) objectKind {
	switch t {
	case Group:
		return 1
	case Contact:
		return 2
	}
	return 0
}

// ref names a posting: its shard in the low bit, its place in the shard above it; -1 none.
type ref int32

// posting is one object holding one folded value. Postings of a key form a singly linked
// list through next, newest first.
type posting struct {
	obj  int32
	next ref
	// cloud is the newest cloud posting of the key when this one was added: all cloud
	// postings come first, so it starts the key's cloud holders.
	cloud ref
	// slot says which of the object's values the key is (slotUPN, slotMail or the place
	// of a proxy address), so that the key can be read back without the index holding a
	// string.
	slot  int32
	side  uint8
	holds uint8
	kind  objectKind
	// seen summarizes this posting and every older one of the key, so that add decides in
	// constant time whether the key just became interesting, even when a hostile export
	// gives one address to a hundred thousand objects. The byte fields come last, so that
	// a posting takes 20 bytes rather than 24: there are several million.
	seen uint8
}

// Bits of posting.seen.
const (
	seenReported uint8 = 1 << iota
	seenOnPrem
	seenKindBase // then one bit per objectKind
)

// shards splits the index by key (see shardOf) so that each processor builds one part:
// inserting several million keys is the largest single cost of a run.
const shards = 2

// index is the one uniqueness index of domain.md 2.3: every UPN, mail and SMTP proxy
// address of both sides and all object kinds, keyed by the folded value. Entra enforces
// uniqueness across attributes, so a UPN and another object's proxy address share a key.
// Postings live in one slice per shard rather than a slice per key: a million objects per
// side make several million keys, and most keys have one holder. Cloud objects are added
// first, so the list from an on-premises object's own posting reaches every cloud holder
// of the key: the join walks it without a second lookup.
type index struct {
	seed   maphash.Seed
	shards [shards]indexShard
}

type indexShard struct {
	id int32
	// table is an open-addressing hash table: each slot holds part of a key's hash and
	// the key's newest posting, 8 bytes, so that a probe usually costs one cache line. The
	// table holds no pointers, so the garbage collector never scans its millions of slots,
	// as it would a map[string]; keys are read back through keyOf to tell apart two keys
	// with one tag.
	table    []indexSlot
	mask     uint64
	seed     maphash.Seed
	used     int
	postings []posting
	keyOf    func(*posting) string
	// sharedKeys lists, in the order they were found, the keys that can raise a duplicate
	// or a kind mismatch: held by two on-premises objects, or by objects of two kinds. A
	// key held by one on-premises and one cloud user, the usual pair about to join, is not
	// one.
	sharedKeys []string
}

// Slots of the UPN and mail keys; a proxy address is slot k, its place among the
// object's SMTP addresses.
const (
	slotUPN  int32 = -1
	slotMail int32 = -2
)

// indexSlot is one slot of an index shard's table: the upper half of the key's hash (0
// marks an empty slot) and the key's newest posting.
type indexSlot struct {
	tag  uint32
	head ref
}

// tagOf returns the part of a hash a slot keeps, never 0.
func tagOf(h uint64) uint32 { return uint32(h>>32) | 1 }

// newIndex makes an index for postings[s] postings in shard s: the table at most half
// full, and room for every posting so that no shard's postings are ever copied.
func newIndex(postings [shards]int, keyOf func(*posting) string) *index {
	x := &index{seed: maphash.MakeSeed()}
	for s := range x.shards {
		size := 1 << 4
		for size < 2*postings[s] {
			size <<= 1
		}
		x.shards[s] = indexShard{id: int32(s), table: make([]indexSlot, size), mask: uint64(size - 1),
			seed: x.seed, postings: make([]posting, 0, postings[s]), keyOf: keyOf}
	}
	return x
}

// touchPages writes the zero value into one element of every 4 KiB page of s, in order.
// A large slice comes from the system untouched, and where the first access to a page is
// a read (a hash table's probe, a field compared before the struct is filled) the kernel
// maps the shared zero page, so the write that follows faults a second time and must
// flush that mapping from every processor running the program: two faults a page, the
// second with an interrupt to the other processors, which is slow where memory is
// virtualised. Written first, each page faults once, in order: on a million users per
// side that halved building the index (1.1 s to 0.6 s). Writing zeros into a new slice
// changes nothing; on a slice whose pages are in already it costs one store a page.
func touchPages[T any](s []T) {
	var zero T
	step := max(4096/int(unsafe.Sizeof(zero)), 1)
	for i := 0; i < len(s); i += step {
		s[i] = zero
	}
}

// hash returns key's hash, never 0 (the empty slot).
func (x *index) hash(key string) uint64 {
	return maphash.String(x.seed, key) | 1
}

// shardOf says which shard owns a key. It reads a few bytes of the key rather than its
// hash, so that a shard skips the keys of the other without hashing them: each key is
// hashed once, by the shard that owns it. The bytes vary from key to key in the middle of
// an address, so the shards get about equal shares; a skewed export only makes one
// processor work longer, never changes a result.
func shardOf(key string) int {
	return int((uint(len(key)) ^ uint(key[len(key)/2]) ^ uint(key[len(key)/3])) & 1)
}

func (x *index) at(r ref) *posting {
	return &x.shards[r&1].postings[r>>1]
}

// sharedKeys returns the interesting keys of every shard.
func (x *index) sharedKeys() []string {
	var out []string
	for s := range x.shards {
		out = append(out, x.shards[s].sharedKeys...)
	}
	return out
}

// find returns the table slot of key: where it is, or the empty slot where it belongs.
func (s *indexShard) find(key string, h uint64) (slot uint64, found bool) {
	tag := tagOf(h)
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		switch sl := s.table[i]; sl.tag {
		case 0:
			return i, false
		case tag:
			if s.keyOf(&s.postings[sl.head>>1]) == key {
				return i, true
			}
		}
	}
}

// grow doubles the table when it is half full, keeping probe sequences short.
// The table keeps only part of each hash, so the keys are read back and hashed again.
func (s *indexShard) grow() {
	old := s.table
	s.table, s.mask = make([]indexSlot, 2*len(old)), uint64(2*len(old)-1)
	for _, sl := range old {
		if sl.tag == 0 {
			continue
		}
		j := (maphash.String(s.seed, s.keyOf(&s.postings[sl.head>>1])) | 1) & s.mask
		for s.table[j].tag != 0 {
			j = (j + 1) & s.mask
		}
		s.table[j] = sl
	}
}

// add records that object obj of side holds key and returns the object's posting. The
// caller merges repeats of a key within one object (objectKeys) before calling.
func (s *indexShard) add(key string, h uint64, p posting) ref {
	own := ref(int32(len(s.postings))<<1 | s.id)
	p.next, p.cloud, p.seen = -1, -1, seenKindBase<<p.kind
	if p.side == sideOnPrem {
		p.seen |= seenOnPrem
	} else {
		p.cloud = own
	}
	slot, found := s.find(key, h)
	if found {
		head := s.table[slot].head
		o := &s.postings[head>>1]
		p.next = head
		if p.side == sideOnPrem {
			p.cloud = o.cloud
		}
		interesting := p.side == sideOnPrem && o.seen&seenOnPrem != 0 || o.seen&^(seenReported|seenOnPrem) != seenKindBase<<p.kind
		if interesting && o.seen&seenReported == 0 {
			s.sharedKeys = append(s.sharedKeys, key)
			p.seen |= seenReported
		}
		p.seen |= o.seen
	}
	s.postings = append(s.postings, p)
	s.table[slot].head = own
	if !found {
		s.table[slot].tag = tagOf(h)
		if s.used++; 2*s.used > len(s.table) {
			s.grow()
		}
	}
	return own
}

// objectKeys adds the keys of one object that belong to one shard, merging a value the
// object holds in several attributes into one posting without touching the map again.
type objectKeys struct {
	x     *index
	shard int
	side  uint8
	kind  objectKind
	obj   int
	keys  []string
	posts []ref
}

func (k *objectKeys) reset(side uint8, obj int, t ObjectType) {
	k.side, k.obj, k.kind, k.keys, k.posts = side, obj, kindOf(t), k.keys[:0], k.posts[:0]
}

// add returns the object's posting for key, whose shard is shard, or -1 when key is empty
// or another shard's. The shard is given rather than read from the key, so that the keys
// of the other shard are passed over without a visit to their bytes.
func (k *objectKeys) add(key string, shard uint8, holds uint8, slot int32) ref {
	if key == "" || int(shard) != k.shard {
		return -1
	}
	for j, seen := range k.keys {
		if seen == key {
			k.x.at(k.posts[j]).holds |= holds
			return k.posts[j]
		}
	}
	// Hashed only now: an object's UPN, mail and primary address are usually one value,
	// merged above without a hash.
	p := k.x.shards[k.shard].add(key, k.x.hash(key), posting{obj: int32(k.obj), side: k.side, holds: holds, kind: k.kind, slot: slot})
	k.keys = append(k.keys, key)
	k.posts = append(k.posts, p)
	return p
}

// chain returns the postings from r onwards (r itself first, then older postings).
func (x *index) chain(r ref) []posting {
	var out []posting
	for ; r >= 0; r = x.at(r).next {
		out = append(out, *x.at(r))
	}
	return out
}

// head returns the newest posting of key, -1 when nobody holds it.
func (x *index) head(key string) ref {
	if key == "" {
		return -1
	}
	h := x.hash(key)
	s := &x.shards[shardOf(key)]
	if slot, found := s.find(key, h); found {
		return s.table[slot].head
	}
	return -1
}

// holders returns every posting of key, oldest first: cloud objects in input order, then
// on-premises objects in input order.
func (x *index) holders(key string) []posting {
	out := x.chain(x.head(key))
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
