package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/formats/exports"
)

func inspectCommand() *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "say what an export is: format, encoding, delimiter, columns, records, problems",
		UsageText: "softmatch inspect [--format NAME] [--json] FILE ...",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Usage: "force the format instead of detecting it", EnvVars: env("format")},
			&cli.BoolFlag{Name: "json", Usage: "print JSON for scripts", EnvVars: env("json")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageError("inspect needs at least one FILE")
			}
			return runInspect(c.App.Writer, c.Args().Slice(), c.String("format"), c.Bool("json"))
		},
	}
}

// inspected is one file's inspection, as printed with --json.
type inspected struct {
	File        string           `json:"file"`
	Side        string           `json:"side"`
	Format      string           `json:"format"`
	Encoding    string           `json:"encoding"`
	Delimiter   string           `json:"delimiter"`
	Records     int              `json:"records"`
	Objects     map[string]int   `json:"objects"`
	SHA256      string           `json:"sha256"`
	Columns     []inspectColumn  `json:"columns"`
	Missing     []string         `json:"missing"`
	Limitations []string         `json:"limitations"`
	Problems    []inspectProblem `json:"problems"`
	Error       string           `json:"error,omitempty"`
}

type inspectColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

type inspectProblem struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func runInspect(w io.Writer, files []string, format string, asJSON bool) error {
	var all []inspected
	failed := 0
	for _, f := range files {
		info, issues, err := exports.Inspect(f, exports.Options{Format: format})
		in := inspected{File: f, Side: string(info.Side), Format: info.Format, Encoding: info.Encoding,
			Delimiter: info.Delimiter, Records: info.Records, Objects: info.Objects, SHA256: info.SHA256,
			Columns: []inspectColumn{}, Missing: nonNil(info.Missing), Limitations: nonNil(info.Limitations),
			Problems: []inspectProblem{}}
		if err != nil {
			in.Error = err.Error()
			failed++
		}
		for _, c := range info.Columns {
			in.Columns = append(in.Columns, inspectColumn{Header: c.Header, Field: c.Field})
		}
		for _, is := range issues {
			in.Problems = append(in.Problems, inspectProblem{Line: is.Line, Column: is.Column, Severity: is.Severity,
				Code: is.Code, Message: is.Message, Hint: is.Hint})
		}
		all = append(all, in)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(all); err != nil {
			return err
		}
	} else {
		for i, in := range all {
			if i > 0 {
				fmt.Fprintln(w)
			}
			printInspected(w, in)
		}
	}
	if failed > 0 {
		return &exitError{code: exitInput, err: fmt.Errorf("%d of %d files could not be read", failed, len(files))}
	}
	return nil
}

func printInspected(w io.Writer, in inspected) {
	fmt.Fprintf(w, "%s\n", in.File)
	if in.Error != "" {
		fmt.Fprintf(w, "  error:     %s\n", in.Error)
		return
	}
	delim := in.Delimiter
	switch delim {
	case "\t":
		delim = "tab"
	case "":
		delim = "-"
	}
	fmt.Fprintf(w, "  source:    %s (%s)\n", in.Format, in.Side)
	fmt.Fprintf(w, "  encoding:  %s\n", in.Encoding)
	fmt.Fprintf(w, "  delimiter: %s\n", delim)
	fmt.Fprintf(w, "  records:   %d\n", in.Records)
	if len(in.Objects) > 0 {
		var kinds []string
		for _, k := range []string{"user", "group", "contact"} {
			if n := in.Objects[k]; n > 0 {
				kinds = append(kinds, fmt.Sprintf("%d %ss", n, k))
			}
		}
		fmt.Fprintf(w, "  objects:   %s\n", strings.Join(kinds, ", "))
	}
	fmt.Fprintf(w, "  sha256:    %s\n", in.SHA256)
	fmt.Fprintf(w, "  columns:\n")
	for _, c := range in.Columns {
		field := c.Field
		if field == "" {
			field = "(ignored)"
		}
		fmt.Fprintf(w, "    %-32s -> %s\n", c.Header, field)
	}
	if len(in.Missing) > 0 {
		fmt.Fprintf(w, "  missing:   %s\n", strings.Join(in.Missing, ", "))
	}
	for _, l := range in.Limitations {
		fmt.Fprintf(w, "  limits:    %s\n", l)
	}
	if len(in.Problems) == 0 {
		fmt.Fprintf(w, "  problems:  none\n")
		return
	}
	fmt.Fprintf(w, "  problems:  %d\n", len(in.Problems))
	for _, p := range in.Problems {
		loc := fmt.Sprintf("line %d", p.Line)
		if p.Column > 0 {
			loc += fmt.Sprintf(", column %d", p.Column)
		}
		fmt.Fprintf(w, "    %s: %s: %s [%s]\n", loc, p.Severity, p.Message, p.Code)
		if p.Hint != "" {
			fmt.Fprintf(w, "      hint: %s\n", p.Hint)
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
