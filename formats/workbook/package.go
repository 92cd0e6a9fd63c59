package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/softmatch/softmatch/formats/internal/writeback"
)

// packageWriter is the zip writer handed to excelize through File.SetZipWriter. excelize
// emits streamed sheets in map order, so two saves of the same workbook would differ; and its
// own writer builds the whole package in memory, which at a million rows costs several
// hundred MiB. packageWriter compresses every part as it arrives into one spill file beside
// the output, then at Close writes the parts in sorted name order straight into the output
// with fixed (zero) times. Memory stays flat; the extra cost is one sequential copy of the
// compressed bytes.
//
// One part, the lead, skips the spill: it goes into the output as it is compressed, whenever
// it arrives, and the package starts with it. It is the largest sheet (Matches, two thirds of
// the package at a million users), which is written once instead of three times (spill, read
// back, output) in the single-core tail of the run. Its CRC and sizes, known only at its end,
// follow it in a data descriptor, as in any zip written as a stream.
//
// A large part (a sheet of a million rows is over a gigabyte of XML) is cut into chunks of
// chunkSize bytes that are deflated on every core at once, as pigz does: each chunk is an
// independent run of deflate blocks ending on a byte boundary, and their concatenation is
// one valid deflate stream. Chunks are cut at fixed offsets of the part, so the bytes depend
// on the content only, never on timing or on how excelize sized its writes.
type packageWriter struct {
	out   io.Writer
	spill *os.File
	buf   *bufio.Writer
	off   int64 // bytes written to spill so far
	parts []part
	cur   *partWriter
	// pending are the chunks being compressed, oldest first; they reach the spill file in
	// that order.
	pending []*chunk
	// inFlight bounds pending: enough chunks to keep every core busy, few enough that
	// memory stays a few MiB.
	inFlight int
	// spare holds written chunks for reuse: their buffers are a megabyte or more each.
	spare []*chunk
	err   error
	done  bool

	// lead names the part written straight into the output ("" none).
	lead string
	// zw writes the output package; made when the lead arrives, or at Close.
	zw     *zip.Writer
	zipBuf *bufio.Writer
	// direct receives the compressed bytes of the lead while it is the current part, and
	// leadHeader is its header, completed when the part ends; leadDone says it was written.
	direct     io.Writer
	directSize int64
	leadHeader *zip.FileHeader
	leadDone   bool
}

// part locates one compressed part inside the spill file.
type part struct {
	name         string
	off, size    int64
	crc          uint32
	uncompressed int64
}

// compressionLevel trades size for speed: level 1 deflates a 1M-row sheet about 20% faster
// than the default for a file about 20% larger (shared/perf.md). The deflate is
// klauspost/compress's, a drop-in for compress/flate: at level 1 it spends about a tenth
// less CPU on the whole workbook than the standard library's and writes a file about 4%
// smaller (BenchmarkWrite, 300,000 users).
const compressionLevel = flate.BestSpeed

// chunkSize is the uncompressed length of a chunk. Each chunk starts without the previous
// one's 32 KiB window, which costs about one part in a thousand of the output at this size;
// smaller chunks would gain nothing, as one already takes a few milliseconds to deflate.
const chunkSize = 1 << 20

// chunk is one run of a part's bytes and its deflated form.
type chunk struct {
	in   []byte
	out  bytes.Buffer
	last bool // the part's final chunk: ends the deflate stream
	done chan struct{}
}

// compressors reuses deflate state (over a megabyte each at level 1) across chunks.
var compressors = sync.Pool{New: func() any {
	w, err := flate.NewWriter(io.Discard, compressionLevel)
	if err != nil {
		panic(err) // only for a level outside -2..9
	}
	return w
}}

// deflateChunk appends the deflated form of in to out: a final block for a part's last
// chunk, a sync flush that ends on a byte boundary for the others.
func deflateChunk(out *bytes.Buffer, in []byte, last bool) {
	w := compressors.Get().(*flate.Writer)
	defer compressors.Put(w)
	w.Reset(out)
	// Writes to a bytes.Buffer cannot fail.
	_, _ = w.Write(in)
	if last {
		_ = w.Close()
	} else {
		_ = w.Flush()
	}
}

// compress deflates the chunk into c.out.
func (c *chunk) compress() {
	defer close(c.done)
	deflateChunk(&c.out, c.in, c.last)
}

// newPackageWriter returns a writer that writes the finished package to out and spills
// compressed parts to a temporary file in spillDir.
func newPackageWriter(out io.Writer, spillDir string) (*packageWriter, error) {
	spill, err := os.CreateTemp(spillDir, ".softmatch-parts-*")
	if err != nil {
		return nil, err
	}
	return &packageWriter{
		out: out, spill: spill, buf: bufio.NewWriterSize(spill, 1<<20),
		inFlight: runtime.GOMAXPROCS(0) + 1,
	}, nil
}

// submit starts compressing one chunk, first writing out the oldest ones when enough are
// in flight.
func (pw *packageWriter) submit(w *partWriter, last bool) {
	c := w.fill
	w.fill = nil
	if c == nil {
		c = pw.newChunk()
	}
	c.last = last
	c.done = make(chan struct{})
	go c.compress()
	pw.pending = append(pw.pending, c)
	for len(pw.pending) > pw.inFlight {
		pw.writeOldest()
	}
}

// writeOldest waits for the oldest pending chunk and appends it to the spill file.
func (pw *packageWriter) writeOldest() {
	c := pw.pending[0]
	pw.pending[0] = nil
	pw.pending = pw.pending[1:]
	<-c.done
	if pw.err != nil {
		return
	}
	var n int
	var err error
	if pw.direct != nil {
		n, err = pw.direct.Write(c.out.Bytes())
		pw.directSize += int64(n)
	} else {
		n, err = pw.buf.Write(c.out.Bytes())
		pw.off += int64(n)
	}
	if err != nil {
		pw.err = err
	}
	c.in, c.last, c.done = c.in[:0], false, nil
	c.out.Reset()
	pw.spare = append(pw.spare, c)
}

// newChunk returns an empty chunk, reused when one is spare.
func (pw *packageWriter) newChunk() *chunk {
	if n := len(pw.spare); n > 0 {
		c := pw.spare[n-1]
		pw.spare = pw.spare[:n-1]
		return c
	}
	return &chunk{}
}

// drain writes every pending chunk.
func (pw *packageWriter) drain() {
	for len(pw.pending) > 0 {
		pw.writeOldest()
	}
}

// partWriter receives the uncompressed bytes of one part.
type partWriter struct {
	pw  *packageWriter
	p   part
	crc uint32
	// fill is the chunk being gathered.
	fill *chunk
	// held collects a part that is rewritten before compression (contentTypesPart).
	held *bytes.Buffer
}

// writable returns why the part takes no more bytes, or nil.
func (w *partWriter) writable() error {
	if w.pw.err != nil {
		return w.pw.err
	}
	if w.pw.cur != w {
		return errors.New("write to a closed package part")
	}
	return nil
}

func (w *partWriter) Write(b []byte) (int, error) {
	if err := w.writable(); err != nil {
		return 0, err
	}
	if w.held != nil {
		return w.held.Write(b)
	}
	return w.add(b)
}

// ReadFrom reads r to its end into the part. excelize keeps a streamed sheet of over 16 MiB
// in a temporary file and copies it into the package with io.Copy, which uses this: the
// sheet is read straight into the chunks, a megabyte a call, instead of through a 32 KiB
// buffer and a second copy (the copy is on the one goroutine that feeds the compressors, a
// gigabyte and more at a million users). A smaller sheet comes from memory through Write.
func (w *partWriter) ReadFrom(r io.Reader) (int64, error) {
	if err := w.writable(); err != nil {
		return 0, err
	}
	if w.held != nil {
		return w.held.ReadFrom(r)
	}
	var total int64
	// A sheet's temporary file, kept out of the page cache while excelize wrote it, is
	// dropped again behind this read (see writeback).
	behind, start := readerOf(r)
	empty := 0 // reads in a row that returned nothing
	for {
		if w.fill == nil {
			w.fill = w.pw.newChunk()
		}
		c := w.fill
		if cap(c.in) < chunkSize {
			c.in = slices.Grow(c.in, chunkSize-len(c.in))
		}
		from := len(c.in)
		n, err := r.Read(c.in[from:chunkSize])
		if n > 0 {
			c.in = c.in[:from+n]
			w.crc = crc32.Update(w.crc, crc32.IEEETable, c.in[from:])
			w.p.uncompressed += int64(n)
			total += int64(n)
			if behind != nil {
				behind.ReadTo(start + total)
			}
			if len(c.in) == chunkSize {
				w.pw.submit(w, false)
			}
		}
		if w.pw.err != nil {
			return total, w.pw.err
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
		// A reader that keeps returning nothing would hold the package forever.
		if n > 0 {
			empty = 0
		} else if empty++; empty >= maxEmptyReads {
			return total, io.ErrNoProgress
		}
	}
}

// readerOf returns a writeback.Reader for the file under r, when r reads a file from an
// offset (excelize hands a sheet's temporary file over as an io.SectionReader), and that
// offset; nil otherwise.
func readerOf(r io.Reader) (*writeback.Reader, int64) {
	sr, ok := r.(*io.SectionReader)
	if !ok {
		return nil, 0
	}
	outer, off, _ := sr.Outer()
	f, ok := outer.(*os.File)
	if !ok {
		return nil, 0
	}
	return writeback.NewReader(f), off
}

// maxEmptyReads is how many reads in a row may return no bytes and no error before
// ReadFrom gives up, as bufio.Reader does.
const maxEmptyReads = 100

// add appends b to the part, handing every full chunk to the compressors.
func (w *partWriter) add(b []byte) (int, error) {
	w.crc = crc32.Update(w.crc, crc32.IEEETable, b)
	w.p.uncompressed += int64(len(b))
	n := len(b)
	for len(b) > 0 {
		if w.fill == nil {
			w.fill = w.pw.newChunk()
		}
		c := w.fill
		take := min(chunkSize-len(c.in), len(b))
		c.in = append(c.in, b[:take]...)
		b = b[take:]
		if len(c.in) == chunkSize {
			w.pw.submit(w, false)
		}
	}
	return n, w.pw.err
}

// Create starts a new part; the previous one is complete.
func (pw *packageWriter) Create(name string) (io.Writer, error) {
	if pw.done {
		return nil, errors.New("package already closed")
	}
	if err := pw.finishPart(); err != nil {
		return nil, err
	}
	if name == pw.lead && pw.lead != "" {
		if pw.leadDone {
			pw.err = fmt.Errorf("package part %s written twice", name)
			return nil, pw.err
		}
		// The output holds nothing yet: every part before the lead went to the spill.
		pw.leadHeader = &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: dataDescriptorFlag}
		w, err := pw.zipWriter().CreateRaw(pw.leadHeader)
		if err != nil {
			pw.err = err
			return nil, err
		}
		pw.direct, pw.directSize = w, 0
	}
	pw.cur = &partWriter{pw: pw, p: part{name: name, off: pw.off}}
	if name == contentTypesPart {
		pw.cur.held = new(bytes.Buffer)
	}
	return pw.cur, nil
}

// maxLeadSize is the most bytes, compressed or not, the lead part may hold: sizes from 4 GiB
// on need the zip64 fields in its local header, written before the sizes are known. A sheet
// holds at most 1,048,576 rows, so this is 4 KiB of XML a row.
var maxLeadSize int64 = math.MaxUint32 - 1

// dataDescriptorFlag (general purpose bit 3) says that a part's CRC and sizes follow its
// data rather than precede it.
const dataDescriptorFlag = 0x8

// zipWriter returns the writer of the output package, made on first use.
func (pw *packageWriter) zipWriter() *zip.Writer {
	if pw.zw == nil {
		pw.zipBuf = bufio.NewWriterSize(pw.out, 1<<20)
		pw.zw = zip.NewWriter(pw.zipBuf)
	}
	return pw.zw
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

// finishPart ends the deflate stream of the current part and records where it lies.
func (pw *packageWriter) finishPart() error {
	if pw.err != nil {
		return pw.err
	}
	if pw.cur == nil {
		return nil
	}
	w := pw.cur
	if held := w.held; held != nil {
		w.held = nil
		if _, err := w.add(sortDefaults(held.Bytes())); err != nil {
			return err
		}
	}
	pw.submit(w, true)
	pw.drain()
	if pw.err != nil {
		return pw.err
	}
	pw.cur = nil
	if pw.direct != nil {
		// archive/zip writes the data descriptor, and the central directory, from this
		// header, when the next part starts or the package closes.
		if w.p.uncompressed > maxLeadSize || pw.directSize > maxLeadSize {
			// Its local header, written already, has no room for 64-bit sizes, which Excel
			// then wants there: the package would not open.
			pw.err = fmt.Errorf("package part %s holds %d bytes, over the %d a part written as a stream may hold", w.p.name, w.p.uncompressed, maxLeadSize)
			return pw.err
		}
		fh := pw.leadHeader
		fh.CRC32 = w.crc
		fh.CompressedSize64, fh.UncompressedSize64 = uint64(pw.directSize), uint64(w.p.uncompressed)
		fh.CompressedSize = uint32(min(fh.CompressedSize64, math.MaxUint32))
		fh.UncompressedSize = uint32(min(fh.UncompressedSize64, math.MaxUint32))
		pw.direct, pw.leadDone = nil, true
		return nil
	}
	p := w.p
	p.crc = w.crc
	p.size = pw.off - p.off
	pw.parts = append(pw.parts, p)
	return nil
}

// Close writes the package: after the lead, when it came, the other parts in name order
// ("[Content_Types].xml" sorts first of them), each copied as compressed, with no
// timestamps. The spill file is removed whatever happens. Zip readers find parts through the
// central directory, in any order; excelize's own writer puts the streamed sheets first
// too. LibreOffice reads this package (soffice --convert-to csv).
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
	zw := pw.zipWriter()
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
	if err := pw.zipBuf.Flush(); err != nil {
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
	// Let running compressions finish so that none outlives the writer.
	for _, c := range pw.pending {
		<-c.done
	}
	pw.pending = nil
	if pw.spill == nil {
		return
	}
	name := pw.spill.Name()
	_ = pw.spill.Close()
	_ = os.Remove(name)
	pw.spill = nil
}
