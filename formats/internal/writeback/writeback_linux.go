package writeback

import (
	"os"

	"golang.org/x/sys/unix"
)

// advise runs fn on f's descriptor and reports whether f took the advice.
func advise(f *os.File, fn func(fd int) error) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var adviceErr error
	if err := rc.Control(func(fd uintptr) { adviceErr = fn(int(fd)) }); err != nil {
		return false
	}
	return adviceErr == nil
}

// startWriteBack starts writing the dirty pages of [off, off+n) to disk without waiting for
// them (sync_file_range with SYNC_FILE_RANGE_WRITE).
func startWriteBack(f *os.File, off, n int64) bool {
	return advise(f, func(fd int) error { return unix.SyncFileRange(fd, off, n, unix.SYNC_FILE_RANGE_WRITE) })
}

// dropCached drops the clean pages of [off, off+n) from the page cache
// (POSIX_FADV_DONTNEED); a page still dirty or being written stays.
func dropCached(f *os.File, off, n int64) bool {
	return advise(f, func(fd int) error { return unix.Fadvise(fd, off, n, unix.FADV_DONTNEED) })
}

// advised says whether the kernel takes page-cache advice here.
const advised = true
