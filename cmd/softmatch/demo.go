package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/samples"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "run reconcile on the sample exports built into the binary",
		UsageText: "softmatch demo [--out DIR]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "softmatch-demo", Usage: "folder to write the samples, workbook, JSON report and scripts into", EnvVars: env("out"), TakesFile: true},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors", EnvVars: env("quiet")},
			&cli.BoolFlag{Name: "timings", Usage: "print a per-phase breakdown of wall and processor time at the end", EnvVars: env("timings")},
		},
		Action: func(c *cli.Context) error {
			dir := c.String("out")
			p := newProgress(c.App.ErrWriter, c.Bool("quiet"), c.Bool("timings"))
			opts, err := writeSamples(dir)
			if err != nil {
				return &exitError{code: exitOutput, err: err}
			}
			p.say("sample exports written to %s", filepath.Join(dir, "samples"))
			if _, err := runReconcile(c.Context, opts, p); err != nil {
				return err
			}
			// BlockSoftMatchEnabled is a tenant setting, not a property of any account: a
			// second run shows what the same tenant would do with it set.
			blocked := opts
			sub := filepath.Join(dir, "block-soft-match")
			blocked.BlockSoftMatch = true
			blocked.Out = filepath.Join(sub, "report.xlsx")
			blocked.JSON = filepath.Join(sub, "report.json")
			blocked.Scripts = filepath.Join(sub, "scripts")
			p.say("the same tenant with BlockSoftMatchEnabled set:")
			if _, err := runReconcile(c.Context, blocked, p); err != nil {
				return err
			}
			p.done()
			return nil
		},
	}
}

// writeSamples copies the embedded sample exports into dir/samples (so the consultant can
// open them next to the report) and returns the reconcile options that read them.
func writeSamples(dir string) (reconcileOptions, error) {
	sdir := filepath.Join(dir, "samples")
	if err := os.MkdirAll(sdir, 0o755); err != nil {
		return reconcileOptions{}, fmt.Errorf("cannot create %s: %w", sdir, err)
	}
	names, err := fs.Glob(samples.FS, "*.csv")
	if err != nil {
		return reconcileOptions{}, err
	}
	sort.Strings(names)
	o := reconcileOptions{
		Out:                      filepath.Join(dir, "report.xlsx"),
		JSON:                     filepath.Join(dir, "report.json"),
		Scripts:                  filepath.Join(dir, "scripts"),
		SourceAnchor:             "mS-DS-ConsistencyGuid",
		PrivilegedHardMatchBlock: true,
		Rename:                   relativeTo(dir),
	}
	for _, name := range names {
		b, err := samples.FS.ReadFile(name)
		if err != nil {
			return o, err
		}
		path := filepath.Join(sdir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return o, fmt.Errorf("cannot write %s: %w", path, err)
		}
		switch {
		case strings.HasPrefix(name, "onprem-"):
			o.OnPrem = append(o.OnPrem, path)
		case strings.HasPrefix(name, "cloud-"):
			o.Cloud = append(o.Cloud, path)
		case name == "roles.csv":
			o.Roles = path
		case name == "domains.csv":
			o.DomainsFile = path
		}
	}
	if len(o.OnPrem) == 0 || len(o.Cloud) == 0 {
		return o, fmt.Errorf("the built-in samples lack an on-premises or a cloud export")
	}
	return o, nil
}
