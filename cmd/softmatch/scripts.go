package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/powershell"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/formats/workbook"
)

func scriptsCommand() *cli.Command {
	return &cli.Command{
		Name:      "scripts",
		Usage:     "write the fix and rollback scripts for the rows of a reviewed workbook whose Decision is Approve",
		UsageText: "softmatch scripts --from report.xlsx --out DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Usage: "the reviewed workbook", Required: true, EnvVars: env("from"), TakesFile: true},
			&cli.StringFlag{Name: "out", Usage: "folder for the scripts", Required: true, EnvVars: env("out"), TakesFile: true},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors", EnvVars: env("quiet")},
		},
		Action: func(c *cli.Context) error {
			return runScripts(c.App.ErrWriter, c.String("from"), c.String("out"), c.Bool("quiet"))
		},
	}
}

// runScripts regenerates the scripts from the Fixes sheet: this is how the customer's
// decisions reach production, so only rows marked Approve are carried.
func runScripts(stderr io.Writer, from, out string, quiet bool) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return inputError(fmt.Errorf("cannot read %s: %w", from, err), "")
	}
	rows, err := workbook.ReadFixes(from)
	if err != nil {
		return inputError(fmt.Errorf("%s: %w", from, err), "give the workbook softmatch reconcile wrote, after the Decision column was filled in")
	}
	var changes []powershell.Change
	approved, skipped, undecided := 0, 0, 0
	for _, r := range rows {
		if r.Action == "manual" || r.Action == "" {
			continue // an instruction for a person: nothing to script
		}
		// The Script column is empty for rows that waited for a human's choice (no script
		// carried them yet): the Decision alone says whether they are carried now.
		switch strings.ToLower(strings.TrimSpace(r.Decision)) {
		case "approve":
			approved++
			changes = append(changes, powershell.Change{Side: r.Side, ObjectType: r.ObjectType, Action: r.Action, ObjectID: r.ObjectID,
				Target: r.Target, Attribute: r.Attribute, Old: r.Old, New: r.New, Reason: r.Reason})
		case "skip":
			skipped++
		default:
			undecided++
		}
	}
	sum := sha256.Sum256(b)
	h := powershell.Header{
		Generator: "softmatch " + version,
		Generated: generationTime(false),
		Inputs: []exports.FileInfo{{File: filepath.Base(from), Format: "reviewed workbook",
			Records: len(rows), SHA256: hex.EncodeToString(sum[:])}},
	}
	scripts, _ := powershell.Generate(h, changes)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return &exitError{code: exitOutput, err: err}
	}
	for _, s := range scripts {
		path := filepath.Join(out, s.Name)
		if err := report.WriteFileAtomic(path, func(w io.Writer) error { _, err := w.Write(s.Body); return err }); err != nil {
			return &exitError{code: exitOutput, err: fmt.Errorf("cannot write %s: %w", path, err)}
		}
	}
	if !quiet {
		fmt.Fprintf(stderr, "softmatch: %d approved changes scripted into %s; %d skipped, %d without a decision (not scripted)\n",
			approved, out, skipped, undecided)
	}
	return nil
}
