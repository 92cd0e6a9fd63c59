package exports

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TestReadCountsEveryByte: with Options.Read set, the count ends at the size of every file
// read, whatever the encoding, format or side; one counter serves files read together.
func TestReadCountsEveryByte(t *testing.T) {
	onprem := []string{"aduser-ps51-utf16le.csv", "aduser-ps7-semicolon.csv", "csvde-windows1252.csv", "ldifde.ldf"}
	cloud := []string{"mguser-utf16be-pipe.csv", "msoluser-utf8bom.csv", "script-mailboxes.csv"}
	var read atomic.Int64
	var want int64
	size := func(name string) int64 {
		st, err := os.Stat(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	for _, name := range onprem {
		before := read.Load()
		if _, _, _, err := ReadOnPrem(filepath.Join("testdata", name), Options{Read: &read}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := read.Load() - before; got != size(name) {
			t.Errorf("%s: counted %d bytes, the file has %d", name, got, size(name))
		}
		want += size(name)
	}
	var paths []string
	for _, name := range cloud {
		paths = append(paths, filepath.Join("testdata", name))
		want += size(name)
	}
	if _, _, _, err := ReadCloud(paths, Options{Read: &read}); err != nil {
		t.Fatal(err)
	}
	if got := read.Load(); got != want {
		t.Errorf("counted %d bytes in all, the files hold %d", got, want)
	}
	// Without a counter nothing is counted, and reading works the same.
	if _, _, _, err := ReadOnPrem(filepath.Join("testdata", onprem[0]), Options{}); err != nil {
		t.Fatal(err)
	}
}
