package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/softmatch/softmatch/formats/workbook"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 41234: "41,234",
		1000000: "1,000,000", 1512000: "1,512,000", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProgressShowsRowsWritten: on a terminal, a long write shows how many rows are done;
// the next phase drops the count; off a terminal nothing is drawn.
func TestProgressShowsRowsWritten(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, live: true, start: time.Now(), since: time.Now()}
	p.phase("writing workbook")
	var done atomic.Int64
	p.count(&done, 1512000, "rows")
	done.Store(412000)
	got := detailNow(p)
	if got != "412,000 of 1,512,000 rows (27%)" {
		t.Errorf("detail = %q", got)
	}
	done.Store(2000000) // never more than the total
	got = detailNow(p)
	if got != "all 1,512,000 rows written, saving" {
		t.Errorf("detail past the total = %q", got)
	}
	// The ticker draws the count.
	time.Sleep(600 * time.Millisecond)
	p.mu.Lock()
	drawn := out.String()
	p.mu.Unlock()
	if !strings.Contains(drawn, "writing workbook ... all 1,512,000 rows written, saving") {
		t.Errorf("the progress line shows %q", drawn)
	}
	p.phase("writing JSON")
	p.mu.Lock()
	cleared := p.detail == nil
	p.mu.Unlock()
	if !cleared {
		t.Error("a new phase kept the previous phase's count")
	}
	p.done()

	var quiet bytes.Buffer
	q := &progress{w: &quiet, start: time.Now(), since: time.Now()}
	q.phase("writing workbook")
	q.count(&done, 10, "rows")
	q.done()
	if quiet.Len() != 0 {
		t.Errorf("off a terminal the progress wrote %q", quiet.String())
	}
}

func TestProgressShowsBytesRead(t *testing.T) {
	p := &progress{w: &bytes.Buffer{}, live: true, start: time.Now(), since: time.Now()}
	p.phase("reading exports (573.7 MB)")
	var read atomic.Int64
	p.countBytes(&read, 573_700_000)
	read.Store(212_400_000)
	got := detailNow(p)
	if got != "212.4 of 573.7 MB (37%)" {
		t.Errorf("detail = %q", got)
	}
	read.Store(573_700_000)
	got = detailNow(p)
	if got != "all read, finishing" {
		t.Errorf("detail when all is read = %q", got)
	}
	p.done()
}

// TestWritersCountEveryRow: the JSON report and the workbook, written side by side as one
// phase, add every row they write to one count, and the progress line reaches its total.
func TestWritersCountEveryRow(t *testing.T) {
	dir := t.TempDir()
	o, err := writeSamples(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, js := o.Out, o.JSON
	o.Out, o.JSON, o.Scripts = "", "", ""
	doc, err := runReconcile(context.Background(), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &progress{w: &bytes.Buffer{}, live: true, start: time.Now(), since: time.Now()}
	defer p.done()
	if err := writeOutputs(context.Background(), doc, out, js, "", p); err != nil {
		t.Fatal(err)
	}
	r := doc.Result
	want := len(r.Entries) + len(r.CloudOnly) + len(r.Findings) + len(r.Fixes) + workbook.DataRows(doc)
	p.mu.Lock()
	phase, detail := p.current, p.detail()
	p.mu.Unlock()
	if phase != "writing JSON and workbook" {
		t.Errorf("phase %q, want writing JSON and workbook", phase)
	}
	if w := fmt.Sprintf("all %s rows written, saving", thousands(int64(want))); detail != w {
		t.Errorf("after writing, the progress line says %q, want %q", detail, w)
	}
	for _, f := range []string{out, js} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// detailNow is what the progress line would show beside the elapsed time now.
func detailNow(p *progress) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.detail()
}

// TestTimingsGiveEachPhaseItsOwnProcessorTime: every phase line shows the processor time
// used between its start and the next phase's, the total line what the whole run used.
func TestTimingsGiveEachPhaseItsOwnProcessorTime(t *testing.T) {
	// What the process has used when the run starts, as each of three phases starts, when
	// the last ends, and when the total is taken.
	used := []time.Duration{time.Second, 1250 * time.Millisecond, 3 * time.Second, 3500 * time.Millisecond,
		7250 * time.Millisecond, 7250 * time.Millisecond}
	var buf bytes.Buffer
	p := newProgressCPU(&buf, true, true, func() (time.Duration, bool) {
		d := used[0]
		if len(used) > 1 {
			used = used[1:]
		}
		return d, true
	})
	p.phase("reading exports (0.1 MB)")
	p.phase("reconciling")
	p.phase("writing JSON")
	p.done()
	want := []string{
		`reading exports \(0\.1 MB\) +\d+\.\d{3}s  \(processor 1\.750s\)`,
		`reconciling +\d+\.\d{3}s  \(processor 0\.500s\)`,
		`writing JSON +\d+\.\d{3}s  \(processor 3\.750s\)`,
		`total +\d+\.\d{3}s  \(processor 6\.250s\)`,
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("--timings printed %d lines, want %d:\n%s", len(lines), len(want), buf.String())
	}
	for k, w := range want {
		if !regexp.MustCompile(`^timing: ` + w + `$`).MatchString(lines[k]) {
			t.Errorf("line %d = %q, want it to match %q", k+1, lines[k], w)
		}
	}
}

// TestTimingsWithoutProcessorTime: where the system does not tell the processor time, the
// lines give the wall time alone rather than a made-up zero.
func TestTimingsWithoutProcessorTime(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressCPU(&buf, true, true, func() (time.Duration, bool) { return 0, false })
	p.phase("reconciling")
	p.done()
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if !regexp.MustCompile(`^timing: (reconciling|total) +\d+\.\d{3}s$`).MatchString(line) {
			t.Errorf("line %q should give the wall time alone", line)
		}
	}
}

// TestProcessCPUCounts: on the systems that tell it, the processor time grows while the
// process computes; elsewhere processCPU says it cannot tell.
func TestProcessCPUCounts(t *testing.T) {
	before, ok := processCPU()
	if !ok {
		switch runtime.GOOS {
		case "linux", "darwin", "windows", "freebsd", "openbsd", "netbsd":
			t.Fatalf("processCPU tells nothing on %s", runtime.GOOS)
		}
		return
	}
	// A fixed amount of work, a few tenths of a second on any current processor: well
	// over the 15.6 ms a Windows clock tick counts in.
	x := uint64(1)
	for range 300_000_000 {
		x = x*6364136223846793005 + 1442695040888963407
	}
	if after, _ := processCPU(); after <= before {
		t.Fatalf("processor time went from %v to %v over 300 million multiplications (x=%d)", before, after, x)
	}
}
