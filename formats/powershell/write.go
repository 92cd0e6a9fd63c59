package powershell

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
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
	uncapture(changes, index, doc)
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

// uncapture drops the capture of addresses from the changes of objects whose export lacks
// proxyAddresses or mail: the capture would hold nothing for the missing column, and the
// script would refuse every such object as changed since the export. Those changes are
// checked on the primary address alone, as a reviewed workbook's are.
func uncapture(changes []Change, index []int, doc *report.Document) {
	lacking := map[string]bool{}
	for _, in := range doc.Inputs {
		for _, m := range in.Missing {
			if strings.EqualFold(m, "ProxyAddresses") || strings.EqualFold(m, "Mail") {
				lacking[in.File] = true
			}
		}
	}
	for i := range changes {
		if !changes[i].Captured {
			continue
		}
		f := doc.Result.Fixes[index[i]]
		if f.Side == reconcile.OnPremSide && lacking[doc.Result.OnPrem[f.Object].Source.File] {
			changes[i].Captured, changes[i].OldProxies, changes[i].OldMail = false, nil, ""
		}
	}
}
