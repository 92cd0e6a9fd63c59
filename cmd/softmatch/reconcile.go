package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/powershell"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/formats/workbook"
	"github.com/softmatch/softmatch/reconcile"
)

// reconcileOptions is everything one reconcile run needs.
type reconcileOptions struct {
	OnPrem, Cloud             []string
	OnPremFormat, CloudFormat string
	Out, Scripts, JSON        string
	Domains                   []string
	DomainsFile               string
	InitialDomain             string
	Roles                     string
	NoUPNMatch                bool
	BlockSoftMatch            bool
	BlockHardMatch            bool
	PrivilegedHardMatchBlock  bool
	SourceAnchor              string
	FailOn                    string
	Timestamp                 bool
	// Rename maps an input path to the name the report shows (the demo shows paths relative
	// to its output folder, so that its report does not depend on where it ran).
	Rename func(string) string
}

func reconcileFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "onprem", Usage: "on-premises export (Get-ADUser, csvde, ldifde); repeatable", EnvVars: env("onprem"), TakesFile: true},
		&cli.StringSliceFlag{Name: "cloud", Usage: "cloud export (Get-MgUser, Get-MsolUser, portal download, mailboxes); repeatable, merged", EnvVars: env("cloud"), TakesFile: true},
		&cli.StringFlag{Name: "onprem-format", Usage: "force the on-premises format (get-aduser, csvde, ldifde)", EnvVars: env("onprem-format")},
		&cli.StringFlag{Name: "cloud-format", Usage: "force the cloud format (get-mguser, get-msoluser, entra-portal, exo-mailbox)", EnvVars: env("cloud-format")},
		&cli.StringFlag{Name: "out", Usage: "workbook to write", EnvVars: env("out"), TakesFile: true},
		&cli.StringFlag{Name: "scripts", Usage: "folder for the PowerShell fix and rollback scripts", EnvVars: env("scripts"), TakesFile: true},
		&cli.StringFlag{Name: "json", Usage: "JSON report to write", EnvVars: env("json"), TakesFile: true},
		&cli.StringSliceFlag{Name: "domains", Usage: "verified domains, comma-separated (default: inferred from the cloud export)", EnvVars: env("domains")},
		&cli.StringFlag{Name: "domains-file", Usage: "verified domains export (Get-MgDomain)", EnvVars: env("domains-file"), TakesFile: true},
		&cli.StringFlag{Name: "initial-domain", Usage: "the tenant's initial domain, e.g. contoso.onmicrosoft.com (default: inferred)", EnvVars: env("initial-domain")},
		&cli.StringFlag{Name: "roles", Usage: "directory role members export; without it admin-role blocks cannot be predicted", EnvVars: env("roles"), TakesFile: true},
		&cli.BoolFlag{Name: "no-upn-match", Usage: "the tenant has UPN soft match off (SoftMatchOnUpnEnabled false)", EnvVars: env("no-upn-match")},
		&cli.BoolFlag{Name: "block-soft-match", Usage: "the tenant sets BlockSoftMatchEnabled", EnvVars: env("block-soft-match")},
		&cli.BoolFlag{Name: "block-hard-match", Usage: "the tenant sets BlockCloudObjectTakeoverThroughHardMatchEnabled", EnvVars: env("block-hard-match")},
		&cli.BoolFlag{Name: "privileged-hard-match-block", Value: true, Usage: "apply the rule in force from 1 July 2026: privileged role holders cannot be hard-matched", EnvVars: env("privileged-hard-match-block")},
		&cli.StringFlag{Name: "source-anchor", Value: "mS-DS-ConsistencyGuid", Usage: "source anchor: mS-DS-ConsistencyGuid (ConsistencyGuid when set, else objectGUID) or objectGUID", EnvVars: env("source-anchor")},
		&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when findings at or above this severity exist: conflicts or warnings", EnvVars: env("fail-on")},
		&cli.BoolFlag{Name: "timestamp", Usage: "record the generation time in the outputs (off by default: same inputs, same bytes; SOURCE_DATE_EPOCH is honoured)", EnvVars: env("timestamp")},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing but errors", EnvVars: env("quiet")},
		&cli.BoolFlag{Name: "timings", Usage: "print a per-phase breakdown of wall and processor time at the end", EnvVars: env("timings")},
	}
}

func reconcileCommand() *cli.Command {
	return &cli.Command{
		Name:      "reconcile",
		Usage:     "predict the join of every account and write the workbook, JSON report and scripts",
		UsageText: "softmatch reconcile --onprem FILE --cloud FILE [--out report.xlsx] [--scripts DIR] [--json report.json] [options]",
		Flags:     reconcileFlags(),
		Action: func(c *cli.Context) error {
			opts, err := reconcileOptionsFrom(c)
			if err != nil {
				return err
			}
			if len(opts.OnPrem) == 0 || len(opts.Cloud) == 0 {
				return usageError("reconcile needs at least one --onprem and one --cloud export")
			}
			if opts.Out == "" && opts.JSON == "" && opts.Scripts == "" {
				opts.Out = "report.xlsx"
			}
			p := newProgress(c.App.ErrWriter, c.Bool("quiet"), c.Bool("timings"))
			doc, err := runReconcile(c.Context, opts, p)
			if err != nil {
				return err
			}
			p.done()
			return failOn(doc, opts.FailOn)
		},
	}
}

func reconcileOptionsFrom(c *cli.Context) (reconcileOptions, error) {
	o := reconcileOptions{
		OnPrem: c.StringSlice("onprem"), Cloud: c.StringSlice("cloud"),
		OnPremFormat: c.String("onprem-format"), CloudFormat: c.String("cloud-format"),
		Out: c.String("out"), Scripts: c.String("scripts"), JSON: c.String("json"),
		DomainsFile: c.String("domains-file"), InitialDomain: strings.ToLower(strings.TrimSpace(c.String("initial-domain"))),
		Roles: c.String("roles"), NoUPNMatch: c.Bool("no-upn-match"),
		BlockSoftMatch: c.Bool("block-soft-match"), BlockHardMatch: c.Bool("block-hard-match"),
		PrivilegedHardMatchBlock: c.Bool("privileged-hard-match-block"),
		SourceAnchor:             c.String("source-anchor"), FailOn: c.String("fail-on"),
		Timestamp: c.Bool("timestamp"),
	}
	for _, d := range c.StringSlice("domains") {
		for _, p := range strings.Split(d, ",") {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
				o.Domains = append(o.Domains, p)
			}
		}
	}
	switch o.FailOn {
	case "", "conflicts", "warnings":
	default:
		return o, usageError("--fail-on takes conflicts or warnings, not %q", o.FailOn)
	}
	switch o.SourceAnchor {
	case "mS-DS-ConsistencyGuid", "objectGUID":
	default:
		return o, usageError("--source-anchor takes mS-DS-ConsistencyGuid or objectGUID, not %q", o.SourceAnchor)
	}
	for flag, f := range map[string]string{"--onprem-format": o.OnPremFormat, "--cloud-format": o.CloudFormat} {
		if f != "" && !slices.Contains(exports.Formats(), f) {
			return o, usageError("%s takes one of %s, not %q", flag, strings.Join(exports.Formats(), ", "), f)
		}
	}
	if len(o.Domains) > 0 && o.DomainsFile != "" {
		return o, usageError("give --domains or --domains-file, not both")
	}
	// The two are written at the same time: one would overwrite the other.
	if o.Out != "" && o.JSON != "" && filepath.Clean(o.Out) == filepath.Clean(o.JSON) {
		return o, usageError("--out and --json name the same file %s: give each its own", o.Out)
	}
	return o, nil
}

// failOn turns findings at or above the chosen severity into exit status 1.
func failOn(doc *report.Document, level string) error {
	if level == "" {
		return nil
	}
	n := 0
	for _, f := range doc.Result.Findings {
		if f.Severity == reconcile.Conflict || level == "warnings" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return &exitError{code: exitFindings, err: fmt.Errorf("%d findings at or above --fail-on %s", n, level)}
}

// runReconcile reads the inputs, predicts the join and writes every requested output.
func runReconcile(ctx context.Context, o reconcileOptions, p *progress) (*report.Document, error) {
	doc := &report.Document{Version: version, Generator: "softmatch " + version, Generated: generationTime(o.Timestamp)}
	settings := reconcile.Settings{
		UPNSoftMatch:             !o.NoUPNMatch,
		BlockSoftMatch:           o.BlockSoftMatch,
		BlockHardMatch:           o.BlockHardMatch,
		PrivilegedHardMatchBlock: o.PrivilegedHardMatchBlock,
		SourceAnchor:             o.SourceAnchor,
	}

	// Reading and predicting, then writing, each at the collector's pace that suits them.
	pace := relaxCollector()
	defer pace.restore()

	// The two sides are independent: read them on both cores.
	total := inputSize(append(append([]string{}, o.OnPrem...), o.Cloud...))
	p.phase(fmt.Sprintf("reading exports (%.1f MB)", float64(total)/1e6))
	var read atomic.Int64
	p.countBytes(&read, total)
	var (
		onprem     []reconcile.OnPrem
		cloud      []reconcile.Cloud
		onpremInfo []exports.FileInfo
		cloudInfo  []exports.FileInfo
		onpremIss  []exports.Issue
		cloudIss   []exports.Issue
		onpremErr  error
		cloudErr   error
		wg         sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, path := range o.OnPrem {
			recs, info, iss, err := exports.ReadOnPrem(path, exports.Options{Format: o.OnPremFormat, Read: &read})
			if err != nil {
				onpremErr = err
				return
			}
			if onprem == nil {
				onprem = recs // one export: no copy of a million records
			} else {
				onprem = append(onprem, recs...)
			}
			onpremInfo = append(onpremInfo, info)
			onpremIss = append(onpremIss, iss...)
		}
	}()
	cloud, cloudInfo, cloudIss, cloudErr = exports.ReadCloud(o.Cloud, exports.Options{Format: o.CloudFormat, Read: &read})
	wg.Wait()
	for _, err := range []error{onpremErr, cloudErr} {
		if err != nil {
			return nil, inputError(err, "")
		}
	}
	doc.Inputs = append(onpremInfo, cloudInfo...)
	doc.Issues = append(onpremIss, cloudIss...)
	for _, in := range doc.Inputs {
		settings.Limitations = append(settings.Limitations, in.Limitations...)
	}

	if o.Roles != "" {
		roles, info, iss, err := exports.ReadRoles(o.Roles)
		if err != nil {
			return nil, inputError(err, "")
		}
		exports.ApplyRoles(cloud, roles)
		settings.RolesKnown = true
		doc.Inputs = append(doc.Inputs, info)
		doc.Issues = append(doc.Issues, iss...)
	} else {
		settings.Limitations = append(settings.Limitations, "no --roles export: admin-role blocks (cloud-admin) cannot be predicted")
	}

	inferred, initial := reconcile.InferDomains(cloud)
	initialGiven := false
	switch {
	case len(o.Domains) > 0:
		settings.VerifiedDomains = o.Domains
	case o.DomainsFile != "":
		verified, init, info, iss, err := exports.ReadDomains(o.DomainsFile)
		if err != nil {
			return nil, inputError(err, "")
		}
		settings.VerifiedDomains = verified
		if init != "" {
			initial, initialGiven = init, true
		}
		doc.Inputs = append(doc.Inputs, info)
		doc.Issues = append(doc.Issues, iss...)
	default:
		settings.VerifiedDomains = inferred
		settings.VerifiedDomainsInferred = true
		p.say("verified domains inferred from the cloud export: %s (set them with --domains or --domains-file)",
			strings.Join(inferred, ", "))
	}
	sort.Strings(settings.VerifiedDomains)
	if o.InitialDomain != "" {
		initial, initialGiven = o.InitialDomain, true
	}
	settings.InitialDomain = initial
	settings.InitialDomainInferred = !initialGiven && initial != ""
	if initial == "" {
		settings.Limitations = append(settings.Limitations,
			"no *.onmicrosoft.com domain in the cloud export: the UPN Entra gives objects with an unverified suffix cannot be computed (give --initial-domain)")
	}

	if o.Rename != nil {
		for i := range doc.Inputs {
			from, to := doc.Inputs[i].File, o.Rename(doc.Inputs[i].File)
			doc.Inputs[i].File = to
			for j, l := range settings.Limitations {
				if rest, ok := strings.CutPrefix(l, from+": "); ok {
					settings.Limitations[j] = to + ": " + rest
				}
			}
		}
		for i := range doc.Issues {
			doc.Issues[i].File = o.Rename(doc.Issues[i].File)
		}
		for i := range onprem {
			onprem[i].Source.File = o.Rename(onprem[i].Source.File)
		}
		for i := range cloud {
			cloud[i].Source.File = o.Rename(cloud[i].Source.File)
		}
	}

	p.phase("reconciling")
	doc.Result = reconcile.Reconcile(onprem, cloud, settings)
	pace.forWriting()

	if err := writeOutputs(ctx, doc, o.Out, o.JSON, o.Scripts, p); err != nil {
		return nil, err
	}
	p.summary(doc, o)
	return doc, nil
}

// writeOutputs writes the scripts first (they fill in the line of every fix), then the
// workbook and the JSON report side by side.
func writeOutputs(_ context.Context, doc *report.Document, out, jsonPath, scriptsDir string, p *progress) error {
	if out != "" {
		// Values the workbook must cut are input issues in every output.
		doc.Issues = append(doc.Issues, workbook.LongValues(doc.Result)...)
	}
	if scriptsDir != "" {
		p.phase("writing scripts")
		if err := powershell.Write(scriptsDir, doc); err != nil {
			return &exitError{code: exitOutput, err: fmt.Errorf("cannot write the scripts: %w", err)}
		}
	} else {
		powershell.Locate(doc)
	}
	// Side by side: the workbook writer leaves a core idle for seconds on a large tenant,
	// while its largest sheet is the only one left to fill and while the package is
	// finished, and the JSON report fills that time. The JSON report starts only when the
	// workbook has a core to spare: started with the workbook, its encoders took turns on
	// the cores with the Matches sheet, which the whole phase waits for (at 1M users per
	// side, 16.1-16.8 s for both when the JSON report waits, against 17.0-18.2 s). Each
	// writes to its own temporary file and reads the document only.
	var wbErr, jsErr error
	var written atomic.Int64
	doc.Written = &written
	defer func() { doc.Written = nil }()
	var names []string
	total := 0
	if jsonPath != "" {
		names = append(names, "JSON")
		r := doc.Result
		total += len(r.Entries) + len(r.CloudOnly) + len(r.Findings) + len(r.Fixes)
	}
	if out != "" {
		names = append(names, "workbook")
		total += workbook.DataRows(doc)
	}
	if len(names) == 0 {
		return nil
	}
	p.phase("writing " + strings.Join(names, " and "))
	p.count(&written, total, "rows")
	var wg sync.WaitGroup
	spare := make(chan struct{})
	var once sync.Once
	coreFree := func() { once.Do(func() { close(spare) }) }
	if jsonPath != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-spare
			jsErr = report.WriteFileAtomic(jsonPath, func(w io.Writer) error { return report.WriteJSON(w, doc) })
		}()
	}
	if out != "" {
		wbErr = workbook.WriteSharing(out, doc, coreFree)
	}
	// Without a workbook, or when it failed before its sheets, the JSON report starts now.
	coreFree()
	wg.Wait()
	// Each output stands on its own: one is kept when the other fails, and both failures
	// are told.
	var errs []error
	if wbErr != nil {
		errs = append(errs, fmt.Errorf("cannot write the workbook %s: %w", out, wbErr))
	}
	if jsErr != nil {
		errs = append(errs, fmt.Errorf("cannot write the JSON report %s: %w", jsonPath, jsErr))
	}
	if len(errs) > 0 {
		return &exitError{code: exitOutput, err: errors.Join(errs...)}
	}
	return nil
}

// collectorPace sets how the garbage collector runs over the phases of a run. Reading and
// predicting build what the writers keep (records, result) and little garbage besides;
// there the heap may grow to four times what the last collection kept (GOGC=300), since
// each collection rescans every record read so far. The writers make garbage all the time
// while the records stay: there the default pace applies under a soft limit (see
// writersLimit) of 1.6 times what the heap keeps, at least 512 MiB over it, and no less
// than predicting already took, so that the writers never raise the peak of the run: on a
// million users per side that peak is about 3.4 GB, where without a limit the writers
// alone reached 3.9 GB.
// A GOGC or GOMEMLIMIT in the environment is the user's choice and is left alone.
type collectorPace struct {
	active  bool
	percent int
	limit   int64
	// stop and done end the goroutine forWriting starts.
	stop, done chan struct{}
}

// relaxCollector sets the pace for reading and predicting and returns the pace, whose
// forWriting and restore calls set the later ones.
func relaxCollector() *collectorPace {
	c := &collectorPace{active: os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""}
	if c.active {
		c.percent = debug.SetGCPercent(300)
		c.limit = debug.SetMemoryLimit(-1)
	}
	return c
}

// forWriting sets the writers' pace: the default GOGC and the soft limit writersLimit gives
// at once, and that limit again as soon as the next collection has measured what the
// records and the result take (it starts at once, the heap having grown past the default
// goal).
func (c *collectorPace) forWriting() {
	if !c.active || c.stop != nil {
		return
	}
	debug.SetGCPercent(c.percent)
	sample := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(sample)
	for _, s := range sample {
		if s.Value.Kind() != metrics.KindUint64 {
			return
		}
	}
	cycles := sample[0].Value.Uint64()
	// What the process holds now, at the end of predicting, which is its peak so far.
	held := int64(sample[2].Value.Uint64() - sample[3].Value.Uint64())
	// At once, from the live heap the last collection measured: the collection that now
	// starts rescans every record while the writers allocate, and unchecked the heap grew
	// past 4 GB in that time on a million users per side.
	debug.SetMemoryLimit(writersLimit(int64(sample[1].Value.Uint64()), held))
	c.stop, c.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Uint64() > cycles {
					live := int64(sample[1].Value.Uint64())
					debug.SetMemoryLimit(writersLimit(live, held))
					return
				}
			}
		}
	}()
}

// writersLimit is the soft memory limit while the outputs are written, given the live heap
// a collection measured (the last one when predicting ends, then the first one after it)
// and the memory the process held when predicting ended: 1.6 times the live heap, at least
// 512 MiB over it, and never below what predicting already took. Holding less than that
// peak saves nothing (the peak is reached already) and costs twice: more collections, each
// rescanning every record, and pages given back to the system only to be faulted in again,
// which is slow on virtual machines. On a million users per side, keeping the pages took
// 2-3 s off writing the JSON report and the workbook (16.5-17 s against 18.7-22 s), with the
// peak within 0.1 GB of before (3.4 GB).
func writersLimit(live, held int64) int64 {
	return max(live*16/10, live+512<<20, held)
}

// restore sets the collector back as it was before the run.
func (c *collectorPace) restore() {
	if c.stop != nil {
		close(c.stop)
		<-c.done
		c.stop = nil
	}
	if c.active {
		debug.SetGCPercent(c.percent)
		debug.SetMemoryLimit(c.limit)
	}
}

// inputSize says how much there is to read, in bytes, for the progress line.
func inputSize(paths []string) int64 {
	var n int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}

// relativeTo returns a Rename function that shows paths relative to dir.
func relativeTo(dir string) func(string) string {
	return func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return p
	}
}
