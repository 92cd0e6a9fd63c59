package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/softmatch/softmatch/formats/internal/writeback"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

// The report arrives whole under its name, readable by others, with no temporary file left;
// it is written through a writeback.Writer, so that a large report leaves the page cache as
// it is written.
func TestWriteFileAtomicWritesThroughWriteback(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out", "report.json")
	var through io.Writer
	err := WriteFileAtomic(path, func(w io.Writer) error {
		through = w
		_, err := io.WriteString(w, `{"schema":"softmatch-report/1"}`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := through.(*writeback.Writer); !ok {
		t.Errorf("write was handed a %T, want a *writeback.Writer", through)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != `{"schema":"softmatch-report/1"}` {
		t.Fatalf("report holds %q (%v)", got, err)
	}
	if names := entries(t, filepath.Dir(path)); len(names) != 1 {
		t.Errorf("the folder holds %q, want the report alone", names)
	}
	if st, err := os.Stat(path); err != nil {
		t.Fatal(err)
	} else if runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("the report's mode is %v, want -rw-r--r--", st.Mode().Perm())
	}
}

// A write that fails leaves the earlier report as it was and no temporary file.
func TestWriteFileAtomicKeepsTheOldReportOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("earlier"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("disk full")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, "half a rep"); err != nil {
			return err
		}
		return broken
	})
	if !errors.Is(err, broken) {
		t.Fatalf("WriteFileAtomic returned %v, want the write's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "earlier" {
		t.Errorf("the report now holds %q, want the earlier one untouched", got)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %q, want the earlier report alone", names)
	}
}
