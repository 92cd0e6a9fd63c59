package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/samples/synth"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:      "generate",
		Usage:     "write a synthetic tenant (both sides' exports and the intended outcomes) for trials and benchmarks",
		UsageText: "softmatch generate --users N --out DIR [--seed S]",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "users", Usage: "users per side", Required: true, EnvVars: env("users")},
			&cli.StringFlag{Name: "out", Usage: "folder to write", Required: true, EnvVars: env("out"), TakesFile: true},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "random seed: the same seed gives the same files", EnvVars: env("seed")},
		},
		Action: func(c *cli.Context) error {
			n := c.Int("users")
			if n <= 0 {
				return usageError("--users must be positive, not %d", n)
			}
			if _, err := synth.Generate(c.String("out"), synth.Options{Users: n, Seed: c.Int64("seed")}); err != nil {
				return &exitError{code: exitOutput, err: fmt.Errorf("cannot generate the tenant: %w", err)}
			}
			return nil
		},
	}
}
