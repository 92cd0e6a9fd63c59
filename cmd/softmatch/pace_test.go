package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestCollectorPace: GOGC 300 while reading and predicting; then the default pace and a soft
// limit at once, set again once the next collection has measured the live heap; everything
// as before after the run.
func TestCollectorPace(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before, limitBefore := gcPercent(), debug.SetMemoryLimit(-1)

	c := relaxCollector()
	if got := gcPercent(); got != 300 {
		t.Errorf("GOGC while reading = %d, want 300", got)
	}
	keep := make([]byte, 64<<20) // something live for the limit to be measured from
	c.forWriting()
	if got := gcPercent(); got != before {
		t.Errorf("GOGC while writing = %d, want %d", got, before)
	}
	if limit := debug.SetMemoryLimit(-1); limit == limitBefore {
		t.Errorf("memory limit while writing = %d: want one set at once", limit)
	}
	runtime.GC()
	// The watcher returns once it has set the limit from the collection's measure.
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("no limit set from the next collection within 5 s")
	}
	limit := debug.SetMemoryLimit(-1)
	if limit == limitBefore || limit < int64(len(keep))+512<<20 {
		t.Errorf("memory limit while writing = %d: want one set from the live heap, at least 512 MiB over it", limit)
	}
	runtime.KeepAlive(keep)

	c.restore()
	c.restore() // twice is harmless (the deferred call after an explicit one)
	if got := gcPercent(); got != before {
		t.Errorf("GOGC after the run = %d, want %d", got, before)
	}
	if got := debug.SetMemoryLimit(-1); got != limitBefore {
		t.Errorf("memory limit after the run = %d, want %d", got, limitBefore)
	}
}

// TestCollectorPaceLeavesTheUsersSettings: with GOGC or GOMEMLIMIT set, nothing changes.
func TestCollectorPaceLeavesTheUsersSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env, "150")
			before, limitBefore := gcPercent(), debug.SetMemoryLimit(-1)
			c := relaxCollector()
			c.forWriting()
			if got := gcPercent(); got != before {
				t.Errorf("GOGC = %d with %s set, want %d", got, env, before)
			}
			c.restore()
			if got := debug.SetMemoryLimit(-1); got != limitBefore {
				t.Errorf("memory limit = %d with %s set, want %d", got, env, limitBefore)
			}
		})
	}
}

// TestWritersLimit: 1.6 times the live heap, at least 512 MiB over it, and never below what
// the process already held when predicting ended.
func TestWritersLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, held, want int64 }{
		{100 * mib, 300 * mib, 612 * mib},     // small tenant: 512 MiB over the live heap
		{1588 * mib, 0, 1588 * mib * 16 / 10}, // 1.6 times the live heap
		{1588 * mib, 3359 * mib, 3359 * mib},  // a million users: the peak predicting reached
		{2000 * mib, 2100 * mib, 3200 * mib},
	} {
		if got := writersLimit(c.live, c.held); got != c.want {
			t.Errorf("writersLimit(%d MiB, %d MiB) = %d MiB, want %d MiB", c.live/mib, c.held/mib, got/mib, c.want/mib)
		}
	}
}
