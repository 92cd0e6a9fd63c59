package writeback

import (
	"os"

	"golang.org/x/sys/unix"
)

// dropWritten asks the kernel to write the bytes [off, off+n) of f to disk and to drop
// those already written: POSIX_FADV_DONTNEED starts the write-back of dirty pages and drops
// the clean ones, and a dirty page stays until the next advice finds it written. It
// reports false when f cannot take the advice, so that the caller stops asking.
func dropWritten(f *os.File, off, n int64) bool {
	if n <= 0 {
		return true
	}
	return unix.Fadvise(int(f.Fd()), off, n, unix.FADV_DONTNEED) == nil
}
