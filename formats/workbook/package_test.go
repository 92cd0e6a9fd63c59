package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
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
