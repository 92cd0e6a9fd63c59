package writeback

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// cachedBytes counts the bytes of f's pages that are in the page cache (mincore).
func cachedBytes(t *testing.T, f *os.File, size int64) int64 {
	t.Helper()
	m, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	vec := make([]byte, (size+pageSize-1)/pageSize)
	// x/sys has no mincore wrapper for Linux.
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	var n int64
	for _, v := range vec {
		if v&1 != 0 {
			n += pageSize
		}
	}
	return n
}

// diskDir returns a folder on a disk-backed file system: a tmpfs keeps every page in memory
// whatever it is told, so the package folder is used when the temporary one is a tmpfs.
func diskDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if onTmpfs(t, dir) {
		d, err := os.MkdirTemp(".", ".writeback-test-")
		if err != nil {
			t.Skipf("the temporary folder is a tmpfs, which keeps every page in memory, and the package folder cannot take a test folder: %v", err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		dir = d
		if onTmpfs(t, dir) {
			t.Skip("both the temporary folder and the package folder are on a tmpfs, which keeps every page in memory")
		}
	}
	return dir
}

// diskFile creates a file in diskDir.
func diskFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp(diskDir(t), "report-*.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// waitForDisk makes the write to disk the Writer starts wait until it is done, so that no
// page is still being written when its drop comes, as on a slow disk it may be.
func waitForDisk(t *testing.T) {
	startWrite = func(f *os.File, off, n int64) bool {
		return advise(f, func(fd int) error {
			return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
		})
	}
	t.Cleanup(func() { startWrite = startWriteBack })
}

func onTmpfs(t *testing.T, dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return st.Type == unix.TMPFS_MAGIC
}

// On a real file the kernel takes both pieces of advice, and what the Writer dropped is out
// of the page cache: of 64 windows written, no more than the last three stay (the one sent
// last, the one being written, and a page at each boundary).
func TestWriterLeavesOnlyTheLastWindowsCached(t *testing.T) {
	useWindow(t, 256<<10)
	waitForDisk(t)
	f := diskFile(t)
	w := NewWriter(f)
	data := writeInPieces(t, w, int(64*window))
	if w.disabled {
		t.Fatal("a regular file refused the advice")
	}
	if cached := cachedBytes(t, f, int64(len(data))); cached > 3*window {
		t.Errorf("%d KiB of the %d KiB written are still cached, want at most three windows (%d KiB)",
			cached>>10, len(data)>>10, 3*window>>10)
	}
	// The same file written without the Writer stays in the page cache: the measure above
	// can tell the two apart.
	g := diskFile(t)
	if _, err := g.Write(data); err != nil {
		t.Fatal(err)
	}
	if cached := cachedBytes(t, g, int64(len(data))); cached < int64(len(data))/2 {
		t.Errorf("only %d KiB of %d KiB written plainly are cached: the page-cache measure does not work here", cached>>10, len(data)>>10)
	}
}

// The sweeper does the same for a file another writer appends to in its folder, a window
// or more between two sweeps, and lets go of the file once it is removed.
func TestSweeperLeavesOnlyTheLastWindowsCached(t *testing.T) {
	useWindow(t, 256<<10)
	waitForDisk(t)
	dir := diskDir(t)
	s := &Sweeper{dir: dir, files: map[string]*Writer{}} // swept by hand, not by the clock
	defer s.letGo(nil)
	path := filepath.Join(dir, "excelize-3")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var data []byte
	for range 64 {
		data = append(data, writeInPieces(t, f, int(window))...)
		s.sweep()
	}
	if len(s.files) != 1 {
		t.Fatalf("the sweeper follows %d files, want the one in its folder", len(s.files))
	}
	if cached := cachedBytes(t, f, int64(len(data))); cached > 3*window {
		t.Errorf("%d KiB of the %d KiB written are still cached, want at most three windows (%d KiB)",
			cached>>10, len(data)>>10, 3*window>>10)
	}
	if !bytes.Equal(readBack(t, f), data) {
		t.Fatal("the file does not hold what was written")
	}
	f.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	s.sweep()
	if len(s.files) != 0 {
		t.Errorf("the sweeper still holds %d files after the only one was removed", len(s.files))
	}
}

// A Reader drops what was read of a cached file, up to a window behind the reader.
func TestReaderLeavesOnlyTheLastWindowsCached(t *testing.T) {
	useWindow(t, 256<<10)
	f := diskFile(t)
	data := writeInPieces(t, f, int(64*window))
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	r := NewReader(f)
	buf := make([]byte, 100_000)
	var pos int64
	for {
		n, err := f.ReadAt(buf, pos)
		if !bytes.Equal(buf[:n], data[pos:pos+int64(n)]) {
			t.Fatalf("read back bytes at %d that differ from those written", pos)
		}
		pos += int64(n)
		r.ReadTo(pos)
		if err != nil {
			break
		}
	}
	if pos != int64(len(data)) {
		t.Fatalf("read %d of %d bytes", pos, len(data))
	}
	if cached := cachedBytes(t, f, pos); cached > 2*window+pageSize {
		t.Errorf("%d KiB of the %d KiB read are still cached, want at most two windows (%d KiB)",
			cached>>10, pos>>10, 2*window>>10)
	}
}

// openUnder counts the descriptors of this process open on files in dir.
func openUnder(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && filepath.Dir(target) == dir {
			n++
		}
	}
	return n
}

// The running sweeper opens the files of its folder to follow them, lets go of one removed,
// and Stop closes the rest.
func TestSweeperLetsGoOfItsFiles(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"excelize-5", "excelize-6"} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, 100), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := Sweep(dir)
	defer s.Stop()
	// waitFor polls, a sweep at a time, until the sweeper holds want files open.
	waitFor := func(want int, what string) {
		t.Helper()
		for range 200 {
			if openUnder(t, dir) == want {
				return
			}
			time.Sleep(sweepEvery)
		}
		t.Fatalf("%s: the sweeper holds %d files open, want %d", what, openUnder(t, dir), want)
	}
	waitFor(2, "two files in the folder")
	if err := os.Remove(filepath.Join(dir, "excelize-5")); err != nil {
		t.Fatal(err)
	}
	waitFor(1, "one file removed")
	s.Stop()
	if n := openUnder(t, dir); n != 0 {
		t.Errorf("a stopped sweeper holds %d files open", n)
	}
}
