package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
)

// packageWriter is the zip writer handed to excelize through File.SetZipWriter. excelize
// emits streamed sheets in map order, so two saves of the same workbook would differ; and its
// own writer builds the whole package in memory, which at a million rows costs several
// hundred MiB. packageWriter compresses every part as it arrives into one spill file beside
// the output, then at Close writes the parts in sorted name order straight into the output
// with fixed (zero) times. Memory stays flat; the extra cost is one sequential copy of the
// compressed bytes.
type packageWriter struct {
	out   io.Writer
	spill *os.File
	buf   *bufio.Writer
	off   int64 // bytes written to spill so far
	comp  *flate.Writer
	parts []part
	cur   *partWriter
	err   error
	done  bool
}

// part locates one compressed part inside the spill file.
type part struct {
	name         string
	off, size    int64
	crc          uint32
	uncompressed int64
}

// compressionLevel trades size for speed: level 1 deflates a 1M-row sheet about 20% faster
// than the default for a file about 20% larger (shared/perf.md).
const compressionLevel = flate.BestSpeed

// newPackageWriter returns a writer that writes the finished package to out and spills
// compressed parts to a temporary file in spillDir.
func newPackageWriter(out io.Writer, spillDir string) (*packageWriter, error) {
	spill, err := os.CreateTemp(spillDir, ".softmatch-parts-*")
	if err != nil {
		return nil, err
	}
	pw := &packageWriter{out: out, spill: spill, buf: bufio.NewWriterSize(spill, 1<<20)}
	pw.comp, err = flate.NewWriter(pw.countingSpill(), compressionLevel)
	if err != nil {
		pw.discard()
		return nil, err
	}
	return pw, nil
}

// countingSpill returns the writer compressed bytes go through, counting the spill offset.
func (pw *packageWriter) countingSpill() io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		n, err := pw.buf.Write(p)
		pw.off += int64(n)
		return n, err
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// partWriter receives the uncompressed bytes of one part.
type partWriter struct {
	pw  *packageWriter
	p   part
	crc uint32
	// held collects a part that is rewritten before compression (contentTypesPart).
	held *bytes.Buffer
}

func (w *partWriter) Write(b []byte) (int, error) {
	if w.pw.err != nil {
		return 0, w.pw.err
	}
	if w.pw.cur != w {
		return 0, errors.New("write to a closed package part")
	}
	if w.held != nil {
		return w.held.Write(b)
	}
	return w.compress(b)
}

func (w *partWriter) compress(b []byte) (int, error) {
	n, err := w.pw.comp.Write(b)
	w.crc = crc32.Update(w.crc, crc32.IEEETable, b[:n])
	w.p.uncompressed += int64(n)
	if err != nil {
		w.pw.err = err
	}
	return n, err
}

// Create starts a new part; the previous one is complete.
func (pw *packageWriter) Create(name string) (io.Writer, error) {
	if pw.done {
		return nil, errors.New("package already closed")
	}
	if err := pw.finishPart(); err != nil {
		return nil, err
	}
	pw.comp.Reset(pw.countingSpill())
	pw.cur = &partWriter{pw: pw, p: part{name: name, off: pw.off}}
	if name == contentTypesPart {
		pw.cur.held = new(bytes.Buffer)
	}
	return pw.cur, nil
}

// AddFS copies every regular file of fsys into the package.
func (pw *packageWriter) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		w, err := pw.Create(name)
		if err != nil {
			return err
		}
		r, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	})
}

// finishPart closes the deflate stream of the current part and records where it lies.
func (pw *packageWriter) finishPart() error {
	if pw.err != nil {
		return pw.err
	}
	if pw.cur == nil {
		return nil
	}
	if held := pw.cur.held; held != nil {
		pw.cur.held = nil
		if _, err := pw.cur.compress(sortDefaults(held.Bytes())); err != nil {
			return err
		}
	}
	if err := pw.comp.Close(); err != nil {
		pw.err = err
		return err
	}
	p := pw.cur.p
	p.crc = pw.cur.crc
	p.size = pw.off - p.off
	pw.parts = append(pw.parts, p)
	pw.cur = nil
	return nil
}

// Close writes the package: the parts in name order ("[Content_Types].xml" sorts first, as
// readers expect), each copied as compressed, with no timestamps. The spill file is removed
// whatever happens.
func (pw *packageWriter) Close() error {
	if pw.done {
		return pw.err
	}
	pw.done = true
	defer pw.discard()
	if err := pw.finishPart(); err != nil {
		return err
	}
	if err := pw.buf.Flush(); err != nil {
		pw.err = err
		return err
	}
	// A name written twice keeps its last content, as a later write replaces an earlier one.
	sort.SliceStable(pw.parts, func(i, j int) bool { return pw.parts[i].name < pw.parts[j].name })
	parts := pw.parts[:0]
	for i, p := range pw.parts {
		if i+1 < len(pw.parts) && pw.parts[i+1].name == p.name {
			continue
		}
		parts = append(parts, p)
	}
	out := bufio.NewWriterSize(pw.out, 1<<20)
	zw := zip.NewWriter(out)
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               p.name,
			Method:             zip.Deflate,
			CRC32:              p.crc,
			CompressedSize64:   uint64(p.size),
			UncompressedSize64: uint64(p.uncompressed),
		})
		if err != nil {
			pw.err = err
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(pw.spill, p.off, p.size)); err != nil {
			pw.err = err
			return err
		}
	}
	if err := zw.Close(); err != nil {
		pw.err = err
		return err
	}
	if err := out.Flush(); err != nil {
		pw.err = err
		return err
	}
	return nil
}

// contentTypesPart is the package's content-type list.
const contentTypesPart = "[Content_Types].xml"

// defaultElement matches one <Default> of the content-type list, as excelize writes it or
// in the short form.
var defaultElement = regexp.MustCompile(`<Default [^>]*?(?:/>|></Default>)`)

// sortDefaults puts the <Default> elements of the content-type list in sorted order.
// Adding a chart makes excelize append the image extensions from a map, so their order
// changes from run to run; the order carries no meaning to a reader.
func sortDefaults(b []byte) []byte {
	locs := defaultElement.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	elems := make([][]byte, len(locs))
	for i, l := range locs {
		elems[i] = b[l[0]:l[1]]
	}
	sorted := slices.Clone(elems)
	slices.SortStableFunc(sorted, bytes.Compare)
	out := make([]byte, 0, len(b))
	prev := 0
	for i, l := range locs {
		out = append(out, b[prev:l[0]]...)
		out = append(out, sorted[i]...)
		prev = l[1]
	}
	return append(out, b[prev:]...)
}

// discard removes the spill file.
func (pw *packageWriter) discard() {
	if pw.spill == nil {
		return
	}
	name := pw.spill.Name()
	_ = pw.spill.Close()
	_ = os.Remove(name)
	pw.spill = nil
}
