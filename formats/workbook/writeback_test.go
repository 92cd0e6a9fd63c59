package workbook

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readerOf recognises a sheet's temporary file as excelize hands it over, an
// io.SectionReader over an *os.File, with the offset it starts at; any other reader is read
// as before.
func TestReaderOfFindsTheFileUnderASectionReader(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "excelize-1"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if r, off := readerOf(io.NewSectionReader(f, 7, 100)); r == nil || off != 7 {
		t.Errorf("readerOf(section of a file at 7) = %v, %d; want a reader at 7", r, off)
	}
	for name, r := range map[string]io.Reader{
		"a section of memory": io.NewSectionReader(bytes.NewReader(make([]byte, 10)), 0, 10),
		"a file itself":       f,
		"a string":            strings.NewReader("<row/>"),
	} {
		if got, _ := readerOf(r); got != nil {
			t.Errorf("readerOf(%s) = %v, want nil", name, got)
		}
	}
}

// A part copied from a file through a section reader, as excelize copies a large sheet,
// reads back whole: what readerOf finds is only ever advised, never changed.
func TestPartReadFromASheetFile(t *testing.T) {
	body := sheetXML(3*chunkSize + 4321)
	f, err := os.Create(filepath.Join(t.TempDir(), "excelize-2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(body); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	pw, parts := newParts(t, &out, "xl/worksheets/sheet2.xml")
	if n, err := io.Copy(parts[0], io.NewSectionReader(f, 0, int64(len(body)))); err != nil || n != int64(len(body)) {
		t.Fatalf("copied %d of %d bytes: %v", n, len(body), err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := firstPart(t, out.Bytes())
	if err != nil || !bytes.Equal(got, body) {
		t.Errorf("the part reads back %d bytes (%v), want the %d of the file", len(got), err, len(body))
	}
}

// openUnder counts the descriptors of this process open on files under dir (Linux's
// /proc/self/fd; 0 where there is none).
func openUnder(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			n++
		}
	}
	return n
}

// useTempFolder points the system's temporary folder at dir for one test (TMPDIR on Unix,
// TMP and TEMP on Windows).
func useTempFolder(t *testing.T, dir string) {
	for _, v := range []string{"TMPDIR", "TMP", "TEMP"} {
		t.Setenv(v, dir)
	}
}

// countRows counts the rows of the Matches sheet of the workbook at path.
func countRows(t *testing.T, path string) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(SheetMatches)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

// spillUsers is a tenant whose Matches sheet (some 24 MB) is over the 16 MiB excelize keeps
// in memory, so that it goes to a temporary file.
const spillUsers = 25_000

// A workbook large enough for excelize to keep its sheets in temporary files leaves none
// behind, nor the folder they were in, nor a file open there, and holds every row.
func TestWriteLeavesNoTemporaryFiles(t *testing.T) {
	tmp := t.TempDir()
	useTempFolder(t, tmp)
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := Write(path, syntheticDoc(spillUsers)); err != nil {
		t.Fatal(err)
	}
	if left, err := os.ReadDir(tmp); err != nil || len(left) > 0 {
		t.Errorf("the temporary folder holds %v (%v) after the workbook was written, want nothing", left, err)
	}
	if n := openUnder(t, tmp); n > 0 {
		t.Errorf("%d files under the temporary folder are still open after the workbook was written", n)
	}
	if n := countRows(t, path); n < spillUsers {
		t.Errorf("the Matches sheet has %d rows, want the %d users and its headings", n, spillUsers)
	}
}

// When the system's temporary folder cannot be used, the sheets go to a folder beside the
// workbook, which is gone with the writing.
func TestWriteFallsBackWhenTheTempFolderIsUnusable(t *testing.T) {
	useTempFolder(t, filepath.Join(t.TempDir(), "missing", "folder"))
	out := t.TempDir()
	path := filepath.Join(out, "report.xlsx")
	if err := Write(path, syntheticDoc(spillUsers)); err != nil {
		t.Fatalf("with no usable temporary folder: %v", err)
	}
	if left, err := os.ReadDir(out); err != nil || len(left) != 1 {
		t.Errorf("the output folder holds %v (%v), want the workbook alone", left, err)
	}
	if n := countRows(t, path); n < spillUsers {
		t.Errorf("the Matches sheet has %d rows, want the %d users and its headings", n, spillUsers)
	}
}
