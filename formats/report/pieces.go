package report

import "io"

// maxPiece is the longest single write SmallWrites passes on.
const maxPiece = 64 << 10

// SmallWrites returns a writer that passes every write on to w in pieces of at most 64 KiB.
// The outputs are written through it: a JSON report or workbook of several hundred
// megabytes costs markedly less system time that way on some machines.
//
// Linux sizes the page-cache folios of a buffered write by the length of the write, so a
// write of a megabyte or more asks for large blocks of contiguous memory. Where those are
// costly to come by (on a virtual machine whose host takes back free memory, every such
// block is faulted in afresh), writing in large pieces costs several times more: on the
// benchmark machine 1 GiB written 16 MiB at a time took 2.7-2.9 s, and 0.22-0.28 s written
// 16-64 KiB at a time. The extra system calls cost a few milliseconds per gigabyte.
func SmallWrites(w io.Writer) io.Writer {
	if _, ok := w.(smallWriter); ok {
		return w
	}
	return smallWriter{w}
}

type smallWriter struct{ w io.Writer }

func (s smallWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), maxPiece)
		m, err := s.w.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		if m < k {
			return n, io.ErrShortWrite
		}
		p = p[k:]
	}
	return n, nil
}
