package reconcile

import "hash/maphash"

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
	side  uint8
	holds uint8
	kind  objectKind
	// slot says which of the object's values the key is (slotUPN, slotMail or the place
	// of a proxy address), so that the key can be read back without the index holding a
	// string.
	slot int32
	// seen summarizes this posting and every older one of the key, so that add decides in
	// constant time whether the key just became interesting, even when a hostile export
	// gives one address to a hundred thousand objects.
	seen uint8
}

// Bits of posting.seen.
const (
	seenReported uint8 = 1 << iota
	seenOnPrem
	seenKindBase // then one bit per objectKind
)

// shards splits the index by key hash so that each processor builds one part: inserting
// several million keys is the largest single cost of a run.
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
	// hashes and heads form an open-addressing hash table: each key's 64-bit hash (0 marks
	// an empty slot) and its newest posting. The table holds no pointers, so the garbage
	// collector never scans its millions of slots, as it would a map[string]; keys are read
	// back through keyOf to tell apart two keys with one hash.
	hashes   []uint64
	heads    []ref
	mask     uint64
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

func newIndex(capacity int, keyOf func(*posting) string) *index {
	x := &index{seed: maphash.MakeSeed()}
	size := 1 << 4
	for size < 2*capacity/shards {
		size <<= 1
	}
	for s := range x.shards {
		x.shards[s] = indexShard{id: int32(s), hashes: make([]uint64, size), heads: make([]ref, size),
			mask: uint64(size - 1), postings: make([]posting, 0, capacity/shards), keyOf: keyOf}
	}
	return x
}

// hash returns key's hash, never 0 (the empty slot).
func (x *index) hash(key string) uint64 {
	return maphash.String(x.seed, key) | 1
}

// shardOf says which shard owns a hash. The seed varies between runs, which changes only
// which processor does the work, never a result.
func shardOf(h uint64) int { return int(h >> 63) }

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
	for i := h & s.mask; ; i = (i + 1) & s.mask {
		switch s.hashes[i] {
		case 0:
			return i, false
		case h:
			if s.keyOf(&s.postings[s.heads[i]>>1]) == key {
				return i, true
			}
		}
	}
}

// grow doubles the table when it is half full, keeping probe sequences short.
func (s *indexShard) grow() {
	old, oldHeads := s.hashes, s.heads
	size := 2 * len(old)
	s.hashes, s.heads, s.mask = make([]uint64, size), make([]ref, size), uint64(size-1)
	for i, h := range old {
		if h == 0 {
			continue
		}
		j := h & s.mask
		for s.hashes[j] != 0 {
			j = (j + 1) & s.mask
		}
		s.hashes[j], s.heads[j] = h, oldHeads[i]
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
		head := s.heads[slot]
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
	s.heads[slot] = own
	if !found {
		s.hashes[slot] = h
		if s.used++; 2*s.used > len(s.hashes) {
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

// add returns the object's posting for key, or -1 when key is empty or another shard's.
func (k *objectKeys) add(key string, holds uint8, slot int32) ref {
	if key == "" {
		return -1
	}
	h := k.x.hash(key)
	if shardOf(h) != k.shard {
		return -1
	}
	for j, seen := range k.keys {
		if seen == key {
			k.x.at(k.posts[j]).holds |= holds
			return k.posts[j]
		}
	}
	p := k.x.shards[k.shard].add(key, h, posting{obj: int32(k.obj), side: k.side, holds: holds, kind: k.kind, slot: slot})
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
	s := &x.shards[shardOf(h)]
	if slot, found := s.find(key, h); found {
		return s.heads[slot]
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
