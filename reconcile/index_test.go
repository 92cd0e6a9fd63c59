package reconcile

import (
	"fmt"
	"testing"
)

// TestIndexGrowsAndFindsEveryKey fills an index sized for one key with thousands, so the
// table grows several times, and checks every key and every holder is found again.
func TestIndexGrowsAndFindsEveryKey(t *testing.T) {
	keys := make([]string, 5000)
	for k := range keys {
		keys[k] = fmt.Sprintf("user%04d@contoso.com", k)
	}
	keyOf := func(p *posting) string { return keys[p.slot] }
	x := newIndex([shards]int{1, 1}, keyOf)
	// Each key is held by one cloud object and, for every third key, one on-premises object.
	for shard := range x.shards {
		for k, key := range keys {
			h := x.hash(key)
			if shardOf(key) != shard {
				continue
			}
			x.shards[shard].add(key, h, posting{obj: int32(k), side: sideCloud, slot: int32(k), holds: holdsPrimary})
		}
		for k, key := range keys {
			h := x.hash(key)
			if shardOf(key) != shard || k%3 != 0 {
				continue
			}
			x.shards[shard].add(key, h, posting{obj: int32(k), side: sideOnPrem, slot: int32(k), holds: holdsUPN})
		}
	}
	for k, key := range keys {
		hs := x.holders(key)
		want := 1
		if k%3 == 0 {
			want = 2
		}
		if len(hs) != want || hs[0].side != sideCloud || hs[0].obj != int32(k) {
			t.Fatalf("%s: holders %+v", key, hs)
		}
		if want == 2 && (hs[1].side != sideOnPrem || x.at(x.head(key)).cloud < 0) {
			t.Fatalf("%s: on-premises posting %+v does not reach the cloud holder", key, hs[1])
		}
	}
	if x.head("nobody@contoso.com") != -1 || x.head("") != -1 {
		t.Error("an absent key was found")
	}
	if n := len(x.sharedKeys()); n != 0 {
		t.Errorf("%d keys reported shared; one cloud and one on-premises user of one kind are the usual pair", n)
	}
}
