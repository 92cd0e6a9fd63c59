// Package report assembles everything one run produced and writes the JSON report of
// contract.md (schema softmatch-report/1).
package report

import (
	"sync/atomic"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
)

// Schema is the JSON report's schema name.
const Schema = "softmatch-report/1"

// Document is one run's full output, the common input of every writer (JSON, workbook,
// PowerShell).
type Document struct {
	// Generator is "softmatch <version>".
	Generator string
	// Version is the bare softmatch version.
	Version string
	// Generated is the generation time in RFC 3339, UTC. Left empty, writers omit it, so
	// that the same inputs give the same bytes; the CLI sets it only on request.
	Generated string
	Inputs    []exports.FileInfo
	Issues    []exports.Issue
	Result    *reconcile.Result
	// Written, when set, counts the rows and array elements the writers have written so
	// far (every writer adds to it as it goes), so that a caller can show how far a long
	// write has got. Writers never read it.
	Written *atomic.Int64
}

// AddWritten adds n to d.Written when it is set.
func (d *Document) AddWritten(n int) {
	if d != nil && d.Written != nil {
		d.Written.Add(int64(n))
	}
}
