// Package writeback keeps the large files softmatch writes from filling the page cache.
//
// At a million users per side a run writes the JSON report (0.9 GB), the workbook (0.3 GB)
// and, through excelize, temporary copies of the sheets (1.6 GB). Left alone, every byte of
// them takes a page of the page cache that nothing reads again soon, and on a virtual
// machine a page the system has not used lately costs far more to hand out than to fill:
// writing a gigabyte into fresh pages took 1.0-1.1 processor-seconds on the machine the
// README's figures come from. Starting the write of each stretch to disk as soon as it is
// complete, and dropping it from the page cache a stretch later, keeps about two stretches
// of a file in memory and reuses their pages: 0.30-0.36 processor-seconds a gigabyte.
// Writer does this for a file softmatch writes, Sweeper for the files another writer
// writes in a folder, and Reader for a file another reader reads back.
//
// Nothing is lost: the kernel drops only pages already on disk (a page still being written
// when its turn comes simply stays), and reads a dropped page back from disk when it is
// asked for. Where the system takes no such advice (anything but Linux), or the file does
// not (a pipe), files are written and read as they always were.
package writeback

import (
	"io"
	"os"
)

// window is how much is written between two pieces of advice: then the stretch just
// completed is sent to disk and the one before it, on disk by now, is dropped. 32 MiB
// measured best among 8, 32 and 64 MiB. A variable for tests.
var window int64 = 32 << 20

// The advice, replaced in tests: startWrite starts writing the bytes [off, off+n) of f to
// disk, drop drops them from the page cache; each reports whether f took the advice.
var (
	startWrite = startWriteBack
	drop       = dropCached
)

// Writer writes to a file from front to back, keeping only its last two windows or so in
// the page cache.
type Writer struct {
	f        *os.File
	written  int64
	sent     int64 // bytes before this are on their way to disk
	dropped  int64 // bytes before this were dropped
	disabled bool  // the file took no advice
}

// NewWriter returns a Writer for f, which must be written only through it, from its start.
func NewWriter(f *os.File) *Writer { return &Writer{f: f} }

// Write writes p to the file; once a window more than last time is written, it sends the
// new stretch to disk and drops the one sent last time.
func (w *Writer) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if !w.disabled && w.written-w.sent >= window {
		w.advise()
	}
	return n, err
}

// advise sends [sent, written) to disk and drops [dropped, sent).
func (w *Writer) advise() {
	if !startWrite(w.f, w.sent, w.written-w.sent) || !dropStretch(w.f, w.dropped, w.sent) {
		w.disabled = true
		return
	}
	w.dropped, w.sent = w.sent, w.written
}

// dropStretch drops [from, to) of f and reports whether f took the advice. The kernel drops
// whole pages only, so the stretch starts at the page that holds its first byte.
func dropStretch(f *os.File, from, to int64) bool {
	from &^= pageSize - 1
	return to <= from || drop(f, from, to-from)
}

// pageSize is the system's memory page size.
var pageSize = int64(os.Getpagesize())

var _ io.Writer = (*Writer)(nil)
