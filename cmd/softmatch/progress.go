package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// progress reports phases on stderr while a run goes on (only when stderr is a terminal),
// the closing summary (unless --quiet) and, with --timings, a per-phase breakdown.
type progress struct {
	w        io.Writer
	quiet    bool
	live     bool
	timings  bool
	start    time.Time
	current  string
	since    time.Time
	finished []phaseTime
	// cpuNow reads the processor time the process has used (processCPU); startCPU and
	// sinceCPU are its values at the start of the run and of the current phase, cpuKnown
	// whether the system tells it.
	cpuNow             func() (time.Duration, bool)
	startCPU, sinceCPU time.Duration
	cpuKnown           bool
	// mu guards the terminal line, which a ticker redraws with the elapsed time while a
	// long phase runs.
	mu   sync.Mutex
	stop chan struct{}
	// detail, when set, tells how far the current phase has got ("412,000 of 1,512,000
	// rows"); the ticker shows it beside the elapsed time.
	detail func() string
}

type phaseTime struct {
	name string
	d    time.Duration
	// cpu is the processor time the phase used, on every core.
	cpu time.Duration
}

func newProgress(w io.Writer, quiet, timings bool) *progress {
	return newProgressCPU(w, quiet, timings, processCPU)
}

// newProgressCPU is newProgress reading the processor time through cpuNow.
func newProgressCPU(w io.Writer, quiet, timings bool, cpuNow func() (time.Duration, bool)) *progress {
	live := false
	if f, ok := w.(*os.File); ok && !quiet {
		live = term.IsTerminal(int(f.Fd()))
	}
	now := time.Now()
	cpu, known := cpuNow()
	return &progress{w: w, quiet: quiet, live: live, timings: timings, start: now, since: now,
		cpuNow: cpuNow, startCPU: cpu, sinceCPU: cpu, cpuKnown: known}
}

// phase starts a new phase and closes the previous one.
func (p *progress) phase(name string) {
	if p == nil {
		return
	}
	now := time.Now()
	since := now
	cpu := p.cpu()
	if p.current != "" {
		p.finished = append(p.finished, phaseTime{p.current, now.Sub(p.since), cpu - p.sinceCPU})
	}
	p.current, p.since, p.sinceCPU = name, now, cpu
	if !p.live {
		return
	}
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.mu.Lock()
	p.detail = nil
	fmt.Fprintf(p.w, "\r\033[K%s ...", name)
	p.mu.Unlock()
	if name == "" {
		return
	}
	stop := make(chan struct{})
	p.stop = stop
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				p.mu.Lock()
				select {
				case <-stop:
				default:
					how := ""
					if p.detail != nil {
						how = " " + p.detail()
					}
					fmt.Fprintf(p.w, "\r\033[K%s ...%s %.1fs (%.1fs in all)", name, how, now.Sub(since).Seconds(), now.Sub(p.start).Seconds())
				}
				p.mu.Unlock()
			}
		}
	}()
}

// count shows, while the current phase runs, how many of total units it has written.
func (p *progress) count(done *atomic.Int64, total int, unit string) {
	// Past the total what remains is the writer's own finishing: packing and compressing.
	p.track(done, int64(total), fmt.Sprintf("all %s %s written, saving", thousands(int64(total)), unit),
		func(n int64) string {
			return fmt.Sprintf("%s of %s %s", thousands(n), thousands(int64(total)), unit)
		})
}

// countBytes shows, while the current phase runs, how many of total bytes it has read.
func (p *progress) countBytes(done *atomic.Int64, total int64) {
	// Past the total what remains is turning the last records into objects.
	p.track(done, total, "all read, finishing", func(n int64) string {
		return fmt.Sprintf("%.1f of %.1f MB", float64(n)/1e6, float64(total)/1e6)
	})
}

// track sets the current phase's detail: show(n) and the share done while done holds n of
// total, finished once it reaches total.
func (p *progress) track(done *atomic.Int64, total int64, finished string, show func(n int64) string) {
	if p == nil || !p.live || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.detail = func() string {
		n := done.Load()
		if n >= total {
			return finished
		}
		return fmt.Sprintf("%s (%d%%)", show(n), n*100/total)
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// say prints a line of information unless quiet.
func (p *progress) say(format string, args ...any) {
	if p == nil || p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "softmatch: "+format+"\n", args...)
}

// done closes the last phase and prints the timings when asked.
func (p *progress) done() {
	if p == nil {
		return
	}
	p.phase("")
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
	}
	if p.timings {
		for _, ph := range p.finished {
			p.timing(ph.name, ph.d, ph.cpu)
		}
		cpu := p.cpu()
		p.timing("total", time.Since(p.start), cpu-p.startCPU)
	}
}

// cpu returns the processor time the process has used, or 0 where it is not known.
func (p *progress) cpu() time.Duration {
	if p.cpuNow == nil {
		return 0
	}
	d, _ := p.cpuNow()
	return d
}

// timing prints one line of the --timings breakdown: the wall time, and the processor time
// on every core where the system tells it (on two busy cores, about twice the wall time).
func (p *progress) timing(name string, wall, cpu time.Duration) {
	if !p.cpuKnown {
		fmt.Fprintf(p.w, "timing: %-30s %8.3fs\n", name, wall.Seconds())
		return
	}
	fmt.Fprintf(p.w, "timing: %-30s %8.3fs  (processor %.3fs)\n", name, wall.Seconds(), cpu.Seconds())
}

// summary prints what the run found, in a few lines a consultant reads at the prompt.
func (p *progress) summary(doc *report.Document, o reconcileOptions) {
	if p == nil || p.quiet {
		return
	}
	r := doc.Result
	counts := map[reconcile.Outcome]int{}
	for _, e := range r.Entries {
		counts[e.Outcome]++
	}
	var parts []string
	for _, oc := range reconcile.Outcomes {
		parts = append(parts, fmt.Sprintf("%s %d", oc, counts[oc]))
	}
	conflicts, warnings := 0, 0
	for _, f := range r.Findings {
		if f.Severity == reconcile.Conflict {
			conflicts++
		} else {
			warnings++
		}
	}
	if p.live {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "softmatch: %d on-premises and %d cloud objects: %s; cloud-only %d\n",
		len(r.OnPrem), len(r.Cloud), strings.Join(parts, ", "), len(r.CloudOnly))
	fmt.Fprintf(p.w, "softmatch: %d conflicts, %d warnings, %d fixes, %d input issues\n",
		conflicts, warnings, len(r.Fixes), len(doc.Issues))
	for _, out := range []string{o.Out, o.JSON, o.Scripts} {
		if out != "" {
			fmt.Fprintf(p.w, "softmatch: wrote %s\n", out)
		}
	}
}

// generationTime is the time outputs record: none by default, so that the same inputs give
// the same bytes; SOURCE_DATE_EPOCH (reproducible builds' convention) or --timestamp set it.
func generationTime(stamp bool) string {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC().Format(time.RFC3339)
		}
	}
	if stamp {
		return time.Now().UTC().Format(time.RFC3339)
	}
	return ""
}
