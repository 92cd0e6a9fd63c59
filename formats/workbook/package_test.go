package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSortDefaultsOrdersOnlyDefaults(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			"excelize long form",
			`<Types><Default Extension="xml" ContentType="application/xml"></Default><Default Extension="png" ContentType="image/png"></Default><Default Extension="bmp" ContentType="image/bmp"></Default><Override PartName="/b"></Override><Override PartName="/a"></Override></Types>`,
			`<Types><Default Extension="bmp" ContentType="image/bmp"></Default><Default Extension="png" ContentType="image/png"></Default><Default Extension="xml" ContentType="application/xml"></Default><Override PartName="/b"></Override><Override PartName="/a"></Override></Types>`,
		},
		{
			"short form",
			`<Types><Default Extension="rels" ContentType="r"/><Default Extension="jpeg" ContentType="j"/></Types>`,
			`<Types><Default Extension="jpeg" ContentType="j"/><Default Extension="rels" ContentType="r"/></Types>`,
		},
		{"single default unchanged", `<Types><Default Extension="xml" ContentType="x"/></Types>`, `<Types><Default Extension="xml" ContentType="x"/></Types>`},
		{"no defaults", `<Types></Types>`, `<Types></Types>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(sortDefaults([]byte(tt.in))); got != tt.want {
				t.Errorf("sortDefaults =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPackageWriterKeepsLastOfDuplicateParts(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	pw, err := newPackageWriter(&out, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, body string }{
		{"xl/b.xml", "first"}, {"[Content_Types].xml", "<Types/>"}, {"xl/a.xml", "a"}, {"xl/b.xml", "second"},
	} {
		w, err := pw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("spill file left behind: %v", entries)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ name, body string }{{"[Content_Types].xml", "<Types/>"}, {"xl/a.xml", "a"}, {"xl/b.xml", "second"}}
	if len(zr.File) != len(want) {
		t.Fatalf("%d parts, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc) // also checks the CRC
		rc.Close()
		if err != nil || f.Name != want[i].name || string(body) != want[i].body {
			t.Errorf("part %d = %s %q (%v), want %s %q", i, f.Name, body, err, want[i].name, want[i].body)
		}
	}
	if _, err := pw.Create("late.xml"); err == nil {
		t.Error("Create after Close succeeded")
	}
}

// TestPackageWriterLeadPartComesFirst packs a lead part that spans several chunks, arriving
// first, in the middle or last, or not at all: the package starts with it whenever it came,
// the other parts follow in name order, and every part reads back whole with a good CRC
// (the lead's CRC and sizes come from its data descriptor and the central directory).
func TestPackageWriterLeadPartComesFirst(t *testing.T) {
	big := string(sheetXML(3*chunkSize + 12345))
	small := map[string]string{"[Content_Types].xml": "<Types/>", "xl/a.xml": "a", "xl/worksheets/sheet3.xml": "<x/>"}
	for _, tt := range []struct {
		name  string
		order []string
		lead  string
		want  []string
	}{
		{"lead first", []string{"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/a.xml", "[Content_Types].xml"}, "xl/worksheets/sheet2.xml",
			[]string{"xl/worksheets/sheet2.xml", "[Content_Types].xml", "xl/a.xml", "xl/worksheets/sheet3.xml"}},
		{"lead in the middle", []string{"xl/worksheets/sheet3.xml", "xl/worksheets/sheet2.xml", "xl/a.xml", "[Content_Types].xml"}, "xl/worksheets/sheet2.xml",
			[]string{"xl/worksheets/sheet2.xml", "[Content_Types].xml", "xl/a.xml", "xl/worksheets/sheet3.xml"}},
		{"lead last", []string{"xl/a.xml", "[Content_Types].xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet2.xml"}, "xl/worksheets/sheet2.xml",
			[]string{"xl/worksheets/sheet2.xml", "[Content_Types].xml", "xl/a.xml", "xl/worksheets/sheet3.xml"}},
		{"lead never comes", []string{"xl/worksheets/sheet2.xml", "xl/a.xml", "[Content_Types].xml"}, "xl/worksheets/sheet9.xml",
			[]string{"[Content_Types].xml", "xl/a.xml", "xl/worksheets/sheet2.xml"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := func(name string) string {
				if b, ok := small[name]; ok {
					return b
				}
				return big
			}
			var out bytes.Buffer
			pw, err := newPackageWriter(&out, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			pw.lead = tt.lead
			for _, name := range tt.order {
				w, err := pw.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				// The big part comes the way excelize copies a spilled sheet: io.Copy.
				if _, err := io.Copy(w, &cutReader{b: []byte(body(name)), sizes: []int{70000, 1, 4096}}); err != nil {
					t.Fatal(err)
				}
			}
			if err := pw.Close(); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc) // checks the CRC against the central directory
				rc.Close()
				if err != nil || string(got) != body(f.Name) {
					t.Errorf("%s: %d bytes read (%v), want %d", f.Name, len(got), err, len(body(f.Name)))
				}
				if lead := f.Name == tt.lead; lead != (f.Flags&dataDescriptorFlag != 0) {
					t.Errorf("%s: flags %#x, lead %v", f.Name, f.Flags, lead)
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("parts = %q, want %q", names, tt.want)
			}
			// The first local header is the lead's: a reader that streams the file sees
			// it first too.
			if first := tt.want[0]; !bytes.HasPrefix(out.Bytes()[30:], []byte(first)) {
				t.Errorf("package starts with %q, want %s", out.Bytes()[30:30+len(first)], first)
			}
		})
	}
}

// TestPackageWriterRefusesALeadPartTooLargeForItsHeader lowers the limit, as a part of
// 4 GiB is too large for a test: the package fails rather than come out unreadable.
func TestPackageWriterRefusesALeadPartTooLargeForItsHeader(t *testing.T) {
	defer func(old int64) { maxLeadSize = old }(maxLeadSize)
	maxLeadSize = 1000
	for _, size := range []int{1000, 1001} {
		var out bytes.Buffer
		pw, err := newPackageWriter(&out, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		pw.lead = "xl/worksheets/sheet2.xml"
		w, err := pw.Create(pw.lead)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, strings.Repeat("x", size))
		err = pw.Close()
		if fits := size <= 1000; fits != (err == nil) {
			t.Errorf("%d bytes: Close = %v", size, err)
		}
	}
}

func TestPackageWriterRefusesTheLeadTwice(t *testing.T) {
	var out bytes.Buffer
	pw, err := newPackageWriter(&out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer pw.discard()
	pw.lead = "xl/worksheets/sheet2.xml"
	for i := range 2 {
		w, err := pw.Create(pw.lead)
		if i == 1 {
			if err == nil {
				t.Fatal("the lead part was accepted twice")
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<x/>")
	}
	if err := pw.Close(); err == nil {
		t.Error("Close succeeded after the lead part was refused")
	}
}

func TestSheetsHoldNoFormulaAndAcceptTextNumbers(t *testing.T) {
	path := writeFixture(t, fixtureDoc())
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if filepath.Dir(f.Name) != "xl/worksheets" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(body, []byte("<f>")) || bytes.Contains(body, []byte("<f ")) {
			t.Errorf("%s holds a formula", f.Name)
		}
		// Every data sheet (all but the Summary, sheet1) silences "number stored as text".
		if f.Name != "xl/worksheets/sheet1.xml" && !bytes.Contains(body, []byte(`numberStoredAsText="true"`)) {
			t.Errorf("%s does not ignore numbers stored as text", f.Name)
		}
	}
}

// sheetXML returns n bytes of row XML with non-ASCII names, the shape of a large sheet part.
func sheetXML(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Jürgen Ödegaard %d</t></is></c></row>`, i+2, i+2, i*7919)
	}
	return b.Bytes()[:n]
}

// cutReader hands out its bytes in reads of the given sizes in turn, as a file read in
// pieces does; it has no WriteTo, so io.Copy into a part goes through the part's ReadFrom.
type cutReader struct {
	b     []byte
	sizes []int
	k     int
}

func (r *cutReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.sizes[r.k%len(r.sizes)])], r.b)
	r.k++
	r.b = r.b[n:]
	return n, nil
}

// packParts writes parts through a packageWriter, each body cut into writes of the given
// sizes in turn (or, with read, copied with io.Copy from a reader that gives reads of those
// sizes, as excelize copies a sheet from its temporary file), and returns the package.
func packParts(t *testing.T, bodies map[string][]byte, names []string, sizes []int, read bool) []byte {
	t.Helper()
	var out bytes.Buffer
	pw, err := newPackageWriter(&out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		w, err := pw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		body := bodies[name]
		if read {
			if _, ok := w.(io.ReaderFrom); !ok {
				t.Fatalf("a part is a %T, without ReadFrom", w)
			}
			if n, err := io.Copy(w, &cutReader{b: body, sizes: sizes}); err != nil || n != int64(len(body)) {
				t.Fatalf("%s: copied %d of %d bytes: %v", name, n, len(body), err)
			}
			continue
		}
		for k := 0; len(body) > 0; k++ {
			n := min(sizes[k%len(sizes)], len(body))
			if _, err := w.Write(body[:n]); err != nil {
				t.Fatal(err)
			}
			body = body[n:]
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A part larger than a chunk is deflated in chunks on several cores: the package must read
// back to the same bytes (CRC included), and its bytes must not depend on how the writes
// were cut, so that the same workbook always gives the same file.
func TestPackageWriterChunksLargePartsDeterministically(t *testing.T) {
	bodies := map[string][]byte{
		"xl/worksheets/sheet2.xml": sheetXML(3*chunkSize + 12345), // several chunks and a tail
		"xl/worksheets/sheet3.xml": sheetXML(2 * chunkSize),       // ends exactly on a chunk
		"xl/worksheets/sheet4.xml": sheetXML(chunkSize - 1),       // one short chunk
		"xl/empty.xml":             {},
		contentTypesPart:           []byte(`<Types><Default Extension="xml" ContentType="application/xml"/></Types>`),
	}
	names := []string{"xl/worksheets/sheet3.xml", "xl/empty.xml", "xl/worksheets/sheet2.xml", contentTypesPart, "xl/worksheets/sheet4.xml"}
	tests := []struct {
		name  string
		sizes []int
		read  bool
	}{
		{"one byte then odd sizes", []int{1, 4093, 65536, 7}, false},
		{"whole megabytes", []int{chunkSize}, false},
		{"excelize copy buffer", []int{32 << 10}, false},
		{"read from a file in odd pieces", []int{1, 4093, 3 * chunkSize, 7}, true},
		{"read from a file in megabytes", []int{chunkSize}, true},
	}
	var first []byte
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkg := packParts(t, bodies, names, tt.sizes, tt.read)
			if first == nil {
				first = pkg
			} else if !bytes.Equal(pkg, first) {
				t.Errorf("package differs from the one written with other write sizes")
			}
			zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
			if err != nil {
				t.Fatal(err)
			}
			if len(zr.File) != len(bodies) {
				t.Fatalf("%d parts, want %d", len(zr.File), len(bodies))
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc) // also checks the CRC
				rc.Close()
				if err != nil {
					t.Errorf("%s: %v", f.Name, err)
				} else if !bytes.Equal(got, bodies[f.Name]) {
					t.Errorf("%s: read back %d bytes that differ from the %d written", f.Name, len(got), len(bodies[f.Name]))
				}
			}
		})
	}
}

// scriptedReader answers each Read with the next of its results, copying that result's
// bytes; past the last it repeats the last.
type scriptedReader []struct {
	b   string
	err error
}

func (r *scriptedReader) Read(p []byte) (int, error) {
	next := (*r)[0]
	if len(*r) > 1 {
		*r = (*r)[1:]
	}
	return copy(p, next.b), next.err
}

// firstPart reads back the first part of the package pkg, with the error of reading it
// (a bad CRC among them).
func firstPart(t *testing.T, pkg []byte) ([]byte, error) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// newParts starts a package writing to out and creates the named parts in turn; every
// part but the last is closed by the next. The package is discarded when the test ends.
func newParts(t *testing.T, out io.Writer, names ...string) (*packageWriter, []io.Writer) {
	t.Helper()
	pw, err := newPackageWriter(out, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pw.discard)
	var parts []io.Writer
	for _, name := range names {
		w, err := pw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, w)
	}
	return pw, parts
}

// TestPartReadFromKeepsTheReaderFromContract: ReadFrom counts every byte it took, keeps the
// bytes that come with io.EOF or with an error, passes other errors on, gives up on a
// reader that returns nothing forever, and refuses a part that is closed.
func TestPartReadFromKeepsTheReaderFromContract(t *testing.T) {
	boom := errors.New("disk gone")
	tests := []struct {
		name    string
		reads   scriptedReader
		wantN   int64
		wantErr error
		body    string // the part as read back, when the package is complete
	}{
		{"bytes with EOF", scriptedReader{{"<row>", nil}, {"Åsa</row>", io.EOF}}, 15, nil, "<row>Åsa</row>"}, // Å is two bytes
		{"bytes with an error", scriptedReader{{"<row>", nil}, {"Åsa", boom}}, 9, boom, ""},
		{"nothing forever", scriptedReader{{"<row>", nil}, {"", nil}}, 5, io.ErrNoProgress, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			pw, parts := newParts(t, &out, "xl/worksheets/sheet2.xml")
			w := parts[0]
			reads := tt.reads
			n, err := w.(io.ReaderFrom).ReadFrom(&reads)
			if n != tt.wantN || !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReadFrom = %d, %v; want %d, %v", n, err, tt.wantN, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if err := pw.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := firstPart(t, out.Bytes())
			if err != nil || string(got) != tt.body {
				t.Errorf("part reads back %q, %v; want %q", got, err, tt.body)
			}
		})
	}
	t.Run("closed part", func(t *testing.T) {
		_, parts := newParts(t, io.Discard, "xl/a.xml", "xl/b.xml")
		if n, err := parts[0].(io.ReaderFrom).ReadFrom(strings.NewReader("late")); n != 0 || err == nil {
			t.Errorf("ReadFrom on a closed part = %d, %v; want 0 and an error", n, err)
		}
	})
}
