package exports

import (
	"reflect"
	"slices"
	"unsafe"
)

// pageSize is the smallest memory page of the platforms softmatch runs on.
const pageSize = 4096

// reserve grows s to hold at least n more records and writes one word of every memory
// page of the new space, through touch (which must set a field without pointers).
//
// A page of fresh memory that is read before it is written is mapped to the kernel's
// shared zero page; the first write then costs a copy-on-write fault that interrupts every
// core to flush its TLB. Both happen to the records slice of a large export without this:
// the garbage collector scans the slice's whole capacity while it fills, and every pointer
// stored during a collection reads the old value first. On a million records that was a
// third of the reading time. A plain store of an integer maps the page at once, and where
// the kernel grants them the pages are huge ones (see withHugePages).
func reserve[T any](s []T, n int, touch func(*T)) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	s = slices.Grow(s, n)
	free := s[len(s):cap(s)]
	if len(free) == 0 {
		return s
	}
	size := reflect.TypeFor[T]().Size()
	withHugePages(unsafe.Pointer(&free[0]), uintptr(len(free))*size, func() {
		step := max(1, pageSize/int(size))
		for i := 0; i < len(free); i += step {
			touch(&free[i])
		}
		// The step may pass over the page of the last record.
		touch(&free[len(free)-1])
	})
	return s
}

// appendGrowing appends v to s, growing s by half (at least minGrow records) through
// reserve when it is full, so that an estimate that fell short still costs no doubling of
// unprepared memory.
func appendGrowing[T any](s []T, v T, touch func(*T)) []T {
	if len(s) == cap(s) {
		s = reserve(s, max(len(s)/2, minGrow), touch)
	}
	return append(s, v)
}

// minGrow is the smallest step appendGrowing grows a slice by.
const minGrow = 64

// hugePageMin is the smallest reservation worth asking huge pages for: a few of them.
const hugePageMin = 8 << 20

// pageSpan returns the whole pages within the n bytes at addr, for madvise, which wants a
// page-aligned start: skip is the distance from addr to the first page boundary, length
// the bytes from there to the last boundary (0 when no whole page fits).
func pageSpan(addr, n uintptr) (skip, length uintptr) {
	skip = (pageSize - addr%pageSize) % pageSize
	end := (addr + n) &^ (pageSize - 1)
	if end <= addr+skip {
		return skip, 0
	}
	return skip, end - addr - skip
}
