// Package writeback keeps the large files softmatch writes from filling the page cache.
//
// At a million users per side a run writes the JSON report (0.9 GB) and the workbook
// (0.3 GB). Left alone, every byte of them takes a page of the page cache that nothing reads
// again soon, and on a virtual machine a page the system has not used lately costs far
// more to hand out than to fill: the copy of a write into fresh pages took 1.0-1.1
// processor-seconds a gigabyte here. Asking the kernel to write each finished stretch to
// disk and then to drop it keeps the file's pages few and reused: 0.30-0.36 s a gigabyte.
//
// Nothing is lost: the kernel drops only pages already on disk, and reads a dropped page
// back from disk when it is asked for. Where the system takes no such advice (anything but
// Linux), or the file does not (a pipe), files are written as they always were.
package writeback

import (
	"io"
	"os"
)

// window is how much is written between two pieces of advice. Each stretch is advised
// twice: when it is new, which starts its write to disk, and a window later, when it is on
// disk and is dropped. 32 MiB measured best among 8, 32 and 64 MiB. A variable for tests.
var window int64 = 32 << 20

// advise gives the advice for the bytes [off, off+n) of f and reports whether f took it
// (dropWritten; replaced in tests).
var advise = dropWritten

// Writer writes to a file from front to back, dropping from the page cache what it wrote
// more than a window ago.
type Writer struct {
	f        *os.File
	written  int64
	from     int64 // start of the stretch advised last time, not yet dropped
	advised  int64 // end of what has been advised
	disabled bool  // the file took no advice
}

// NewWriter returns a Writer for f, which must be written only through it, from its start.
func NewWriter(f *os.File) *Writer { return &Writer{f: f} }

// Write writes p to the file. Once a window more than last time is written, it advises the
// stretch from the one advised last time to the end.
func (w *Writer) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if !w.disabled && w.written-w.advised >= window {
		if advise(w.f, w.from, w.written-w.from) {
			w.from, w.advised = w.advised, w.written
		} else {
			w.disabled = true
		}
	}
	return n, err
}

var _ io.Writer = (*Writer)(nil)
