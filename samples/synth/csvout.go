package synth

import (
	"bufio"
	"io"
	"strings"
)

// quotedWriter writes CSV the way PowerShell's Export-Csv does: every field in double
// quotes, embedded quotes doubled, CRLF line ends. encoding/csv quotes only where needed, so
// its output would not look like the exports the readers are built for. A field may contain
// the delimiter, quotes or line breaks: inside quotes all of them are data.
type quotedWriter struct {
	w     *bufio.Writer
	sep   byte // field separator: ',' or ';'
	first bool // no separator before the first field of a record
}

func newQuotedWriter(w io.Writer) *quotedWriter {
	return &quotedWriter{w: bufio.NewWriterSize(w, chunkSize), sep: ',', first: true}
}

// chunkSize is the unit handed to the writing goroutine: large enough that system calls
// are few, small enough that the queue stays a few megabytes.
const chunkSize = 1 << 20

// asyncWriter writes to a file from its own goroutine. Half of generating is the kernel
// copying bytes into the page cache; on a second core that overlaps with making the next
// rows. Chunks are copied into a small recycled pool, so memory stays flat.
type asyncWriter struct {
	queue chan []byte
	free  chan []byte
	done  chan error
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	const depth = 4
	a := &asyncWriter{queue: make(chan []byte, depth), free: make(chan []byte, depth+1), done: make(chan error, 1)}
	for i := 0; i < depth+1; i++ {
		a.free <- make([]byte, 0, chunkSize)
	}
	go func() {
		var err error
		for b := range a.queue {
			if err == nil {
				_, err = w.Write(b)
			}
			a.free <- b[:0]
		}
		a.done <- err
	}()
	return a
}

// Write queues a copy of p. A write error is reported by close; after one, later chunks
// are dropped, which is harmless because the caller then removes the file.
func (a *asyncWriter) Write(p []byte) (int, error) {
	written := len(p)
	for len(p) > 0 {
		b := <-a.free
		n := min(len(p), cap(b))
		b = append(b, p[:n]...)
		a.queue <- b
		p = p[n:]
	}
	return written, nil
}

// close waits for every queued chunk to be written and returns the first error.
func (a *asyncWriter) close() error {
	close(a.queue)
	return <-a.done
}

// field writes one field made of the concatenation of parts, so that callers need not build
// a string for values such as "SMTP:" + local + "@" + domain.
func (q *quotedWriter) field(parts ...string) {
	if !q.first {
		q.w.WriteByte(q.sep)
	}
	q.first = false
	q.w.WriteByte('"')
	for _, p := range parts {
		for {
			i := strings.IndexByte(p, '"')
			if i < 0 {
				q.w.WriteString(p)
				break
			}
			q.w.WriteString(p[:i+1])
			q.w.WriteByte('"')
			p = p[i+1:]
		}
	}
	q.w.WriteByte('"')
}

// record writes a whole record of plain fields.
func (q *quotedWriter) record(fields ...string) {
	for _, f := range fields {
		q.field(f)
	}
	q.end()
}

// end closes the current record.
func (q *quotedWriter) end() {
	q.w.WriteString("\r\n")
	q.first = true
}

// flush writes what is buffered and returns the first write error, if any.
func (q *quotedWriter) flush() error {
	return q.w.Flush()
}
