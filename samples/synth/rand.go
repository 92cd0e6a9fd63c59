package synth

import "encoding/hex"

// slotRand is the random source of one slot. Each slot seeds its own stream from the seed
// and the slot number, so a slot's values do not depend on how many numbers earlier slots
// drew: changing one case's recipe leaves every other user's bytes unchanged, and the output
// is the same on every platform and Go version (math/rand promises neither).
type slotRand struct{ state uint64 }

func newSlotRand(seed int64, stream, slot uint64) slotRand {
	s := slotRand{state: uint64(seed)*0x9e3779b97f4a7c15 ^ stream*0xd1b54a32d192ed03 ^ slot*0xbf58476d1ce4e5b9}
	s.next() // mixes the three inputs before the first use
	return s
}

// next is splitmix64: fast, full period, and good enough for test data.
func (r *slotRand) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a number in [0, 1).
func (r *slotRand) float() float64 {
	return float64(r.next()>>11) / (1 << 53)
}

// chance reports true with probability p.
func (r *slotRand) chance(p float64) bool {
	return r.float() < p
}

// intn returns a number in [0, n); the modulo bias is far below anything a test could see.
func (r *slotRand) intn(n int) int {
	return int(r.next() % uint64(n))
}

// guid returns 16 random bytes as a version 4 GUID in canonical lower-case 8-4-4-4-12 form.
func (r *slotRand) guid() string {
	var b [16]byte
	a, c := r.next(), r.next()
	for i := 0; i < 8; i++ {
		b[i] = byte(a >> (8 * i))
		b[8+i] = byte(c >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// bytes16 returns 16 random bytes, the size of a GUID stored as binary.
func (r *slotRand) bytes16() []byte {
	b := make([]byte, 16)
	a, c := r.next(), r.next()
	for i := 0; i < 8; i++ {
		b[i] = byte(a >> (8 * i))
		b[8+i] = byte(c >> (8 * i))
	}
	return b
}
