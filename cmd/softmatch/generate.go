package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/samples/synth"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:      "generate",
		Usage:     "write a synthetic tenant (both sides' exports and the intended outcomes) for trials and benchmarks",
		UsageText: "softmatch generate --users N --out DIR [--seed S] [--cloud-users N] [--rate NAME=SHARE ...]",
		Description: "Planted cases and traits take their default shares unless --rate sets them, e.g.\n" +
			"--rate smtp-match=0.5 --rate contested=0.02. The rates, with their defaults:\n" + defaultRates() + "\n" +
			"Case shares are drawn per on-premises slot and together at most 1 (a contested pair fills two\n" +
			"slots); the rest are plain new users. Trait shares are of the users they describe (guests: of\n" +
			"the cloud-only users).",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "users", Usage: "users per side", Required: true, EnvVars: env("users")},
			&cli.StringFlag{Name: "out", Usage: "folder to write", Required: true, EnvVars: env("out"), TakesFile: true},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "random seed: the same seed gives the same files", EnvVars: env("seed")},
			&cli.IntFlag{Name: "cloud-users", Usage: "cloud users to aim for (default: as many as --users; cloud-only users fill the gap)", EnvVars: env("cloud-users")},
			&cli.StringSliceFlag{Name: "rate", Usage: "share of a planted case or trait, as NAME=SHARE (0 to 1); repeatable", EnvVars: env("rate")},
		},
		Action: func(c *cli.Context) error {
			n := c.Int("users")
			if n <= 0 {
				return usageError("--users must be positive, not %d", n)
			}
			cloudUsers := c.Int("cloud-users")
			if cloudUsers < 0 {
				return usageError("--cloud-users must not be negative, not %d", cloudUsers)
			}
			rates, err := parseRates(c.StringSlice("rate"))
			if err != nil {
				return err
			}
			opt := synth.Options{Users: n, CloudUsers: cloudUsers, Seed: c.Int64("seed"), Rates: rates}
			if _, err := synth.Generate(c.String("out"), opt); err != nil {
				if errors.Is(err, synth.ErrOptions) {
					return usageError("%v", err)
				}
				return &exitError{code: exitOutput, err: fmt.Errorf("cannot generate the tenant: %w", err)}
			}
			return nil
		},
	}
}

// parseRates reads --rate NAME=SHARE values over the default rates.
func parseRates(args []string) (synth.Rates, error) {
	rates := synth.DefaultRates()
	for _, a := range args {
		if strings.TrimSpace(a) == "" {
			continue // an empty SOFTMATCH_RATE, or a trailing comma
		}
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			return rates, usageError("--rate %q: want NAME=SHARE, e.g. --rate smtp-match=0.4", a)
		}
		name = strings.TrimSpace(name)
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || !(v >= 0 && v <= 1) {
			return rates, usageError("--rate %s: share %q is not a number from 0 to 1", name, value)
		}
		if err := rates.Set(name, v); err != nil {
			return rates, usageError("--rate: %v", err)
		}
	}
	return rates, nil
}

// defaultRates lists every rate as NAME=SHARE with its default share, for --help.
func defaultRates() string {
	d := synth.DefaultRates()
	var b strings.Builder
	for i, name := range synth.RateNames() {
		v, _ := d.Get(name)
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", name, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return b.String()
}
