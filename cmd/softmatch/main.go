// Command softmatch predicts how Microsoft Entra Connect will join on-premises Active
// Directory users to existing cloud users, from directory exports alone, and writes a
// workbook, a JSON report and PowerShell fix scripts.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// Exit statuses of contract.md.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitInput    = 3
	// exitOutput is an addition to contract.md: an output could not be written.
	exitOutput = 4
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// exitError carries an exit status and an optional hint line to main.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func inputError(err error, hint string) error {
	return &exitError{code: exitInput, err: err, hint: hint}
}

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes one command line and returns its exit status; tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintf(stderr, "softmatch: %v\n", ee.err)
		}
		if ee.hint != "" {
			fmt.Fprintf(stderr, "hint: %s\n", ee.hint)
		}
		return ee.code
	}
	// Anything else urfave/cli returns is about the command line itself.
	fmt.Fprintf(stderr, "softmatch: %v\n", err)
	return exitUsage
}

// env names the environment variable of a flag: SOFTMATCH_<FLAG>.
func env(flag string) []string {
	return []string{"SOFTMATCH_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "softmatch",
		Usage:     "predict how Entra Connect will join on-premises users to cloud users, and write the fixes",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// Exit statuses are ours (contract.md), not urfave/cli's.
		ExitErrHandler:  func(*cli.Context, error) {},
		HideHelpCommand: true,
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError("%v", err)
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("unknown command %q (see softmatch --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{
			reconcileCommand(),
			inspectCommand(),
			demoCommand(),
			generateCommand(),
			scriptsCommand(),
			{
				Name:  "version",
				Usage: "print the version",
				Action: func(c *cli.Context) error {
					fmt.Fprintf(c.App.Writer, "softmatch %s\n", version)
					return nil
				},
			},
		},
	}
}
