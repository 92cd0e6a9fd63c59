package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/softmatch/softmatch/formats/internal/writeback"
)

// WriteFileAtomic writes path through write into a temporary file beside it and renames it
// into place only when write succeeded and the file is on disk, so that a reader never sees
// half a report, not even after a crash. As the file grows, what it holds is sent to disk
// and dropped from the page cache a window at a time (see writeback): at a million users
// per side that took about a second off writing the JSON report and the workbook, and left
// little for the final sync to wait for.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(writeback.NewWriter(tmp)); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
