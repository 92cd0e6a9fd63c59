package powershell

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/softmatch/softmatch/formats/report"
)

// Write generates the four scripts for the approved fixes of doc.Result and writes them into
// dir, creating it when missing. Each file is written under a temporary name and all are renamed only
// once every one is complete, so a failed run leaves no half-written script. On success it
// records in doc.Result.Fixes the script and line that carry each fix, and clears Script and
// Line of every fix no script carries. On failure the fixes are left as they were.
func Write(dir string, doc *report.Document) error {
	if doc == nil || doc.Result == nil {
		return errors.New("no result to write scripts for")
	}
	scripts, locate := plan(doc)

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the scripts folder: %w", err)
	}
	temps := make([]string, 0, len(scripts))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, s := range scripts {
		f, err := os.CreateTemp(dir, "."+s.Name+"-*.tmp")
		if err != nil {
			cleanup()
			return fmt.Errorf("writing scripts: %w", err)
		}
		temps = append(temps, f.Name())
		_, err = f.Write(s.Body)
		if err == nil {
			// CreateTemp makes the file private; scripts are read by the operator's tools too.
			err = f.Chmod(0o644)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, s.Name), err)
		}
	}
	for i, s := range scripts {
		if err := os.Rename(temps[i], filepath.Join(dir, s.Name)); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, s.Name), err)
		}
	}
	locate()
	return nil
}

// Locate records in doc.Result.Fixes the script and line that would carry each fix, without
// writing anything: the workbook and JSON name them even when no scripts are asked for.
func Locate(doc *report.Document) {
	if doc == nil || doc.Result == nil {
		return
	}
	_, locate := plan(doc)
	locate()
}

// plan generates the scripts for doc and returns them with a function that records where
// each fix is carried out.
func plan(doc *report.Document) ([]Script, func()) {
	changes, index := ChangesFromResult(doc.Result)
	h := Header{Generator: doc.Generator, Generated: doc.Generated, Inputs: doc.Inputs}
	scripts, locs := Generate(h, changes)
	return scripts, func() {
		// A fix points at a script only when that script carries it: fixes awaiting
		// approval, manual ones and those no script can express point nowhere.
		for i := range doc.Result.Fixes {
			doc.Result.Fixes[i].Script, doc.Result.Fixes[i].Line = "", 0
		}
		for i, l := range locs {
			f := &doc.Result.Fixes[index[i]]
			f.Script, f.Line = l.Script, l.Line
		}
	}
}
