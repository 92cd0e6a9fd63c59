package writeback

import (
	"os"
	"testing"
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

// diskFile creates a file on a disk-backed file system: a tmpfs keeps every page in memory
// whatever it is told, so the test directory is used when the temporary one is a tmpfs.
func diskFile(t *testing.T) *os.File {
	t.Helper()
	dir := t.TempDir()
	if onTmpfs(t, dir) {
		d, err := os.MkdirTemp(".", ".writeback-test-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		dir = d
		if onTmpfs(t, dir) {
			t.Skip("both the temporary folder and the package folder are on a tmpfs, which keeps every page in memory")
		}
	}
	f, err := os.CreateTemp(dir, "report-*.json")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
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
// last, the one being written, and a page at each boundary). The write to disk is waited
// for here, so that no page is still being written when its drop comes, as on a slow disk
// it may be.
func TestWriterLeavesOnlyTheLastWindowsCached(t *testing.T) {
	useWindow(t, 256<<10)
	startWrite = func(f *os.File, off, n int64) bool {
		return advise(f, func(fd int) error {
			return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
		})
	}
	t.Cleanup(func() { startWrite = startWriteBack })
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
