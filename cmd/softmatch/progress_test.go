package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
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

// TestProcessCPUCounts: the processor time --timings prints grows while the process computes
// (on a system that tells it), so a phase that worked cannot show 0.
func TestProcessCPUCounts(t *testing.T) {
	before, ok := processCPU()
	if !ok {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
			t.Fatalf("processCPU tells nothing on %s", runtime.GOOS)
		}
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	x := uint64(1)
	for time.Now().Before(deadline) {
		for range 1 << 16 {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if now, _ := processCPU(); now-before >= 20*time.Millisecond {
			return
		}
	}
	t.Fatalf("10 s of computing (x=%d) added less than 20 ms of processor time", x)
}
