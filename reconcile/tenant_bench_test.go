package reconcile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/reconcile"
	"github.com/softmatch/softmatch/samples/synth"
)

// BenchmarkReconcileTenant runs the engine on a generated tenant read back through the
// production readers, as softmatch reconcile does: the records carry every planted case and
// the readers' string layout, which the in-package synthetic tenant does not. Besides time
// and allocations it reports the processor time a run costs (cpu-s/op: user and system,
// every goroutine, the collector's included), the live heap the engine adds at its peak
// (peak-MB, sampled every millisecond) and what the Result keeps beyond the input records
// (kept-MB): the first is what a shared machine's wall time hides, the second bounds the
// run's peak memory, the third is what the writers start from.
//
// Generating 1,000,000 users takes a while; SOFTMATCH_BENCH_DIR names a folder where the
// tenants are kept between runs (one sub-folder per size).
func BenchmarkReconcileTenant(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			onprem, cloud := loadTenant(b, n)
			s := settingsOf(cloud)
			base := liveHeap()
			var peak, kept uint64
			var cpu time.Duration
			runs := 0
			for b.Loop() {
				stop := samplePeak()
				before := processCPU()
				r := reconcile.Reconcile(onprem, cloud, s)
				cpu += processCPU() - before
				runs++
				peak = max(peak, stop())
				kept = liveHeap()
				runtime.KeepAlive(r)
			}
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-MB")
			b.ReportMetric(float64(kept-min(kept, base))/(1<<20), "kept-MB")
			b.ReportMetric(cpu.Seconds()/float64(runs), "cpu-s/op")
		})
	}
}

// settingsOf sets up the tenant as softmatch reconcile does without --domains: domains
// inferred from the cloud export.
func settingsOf(cloud []reconcile.Cloud) reconcile.Settings {
	verified, initial := reconcile.InferDomains(cloud)
	sort.Strings(verified)
	return reconcile.Settings{
		UPNSoftMatch: true, VerifiedDomains: verified, VerifiedDomainsInferred: true,
		InitialDomain: initial, InitialDomainInferred: true, PrivilegedHardMatchBlock: true,
		SourceAnchor: "mS-DS-ConsistencyGuid",
	}
}

func loadTenant(b *testing.B, n int) ([]reconcile.OnPrem, []reconcile.Cloud) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "tenant")
	if root := os.Getenv("SOFTMATCH_BENCH_DIR"); root != "" {
		dir = filepath.Join(root, fmt.Sprint(n))
	}
	if _, err := os.Stat(filepath.Join(dir, synth.TruthFile)); err != nil {
		if _, err := synth.Generate(dir, synth.Options{Users: n, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	onprem, _, _, err := exports.ReadOnPrem(filepath.Join(dir, synth.OnPremFile), exports.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cloud, _, _, err := exports.ReadCloud([]string{filepath.Join(dir, synth.CloudFile)}, exports.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return onprem, cloud
}

// liveHeap returns the heap still reachable after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// samplePeak watches the heap's object bytes until the returned function is called, which
// returns the largest value seen. Garbage not yet collected counts too, as it does for the
// process's resident memory.
func samplePeak() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	read := func() {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		read()
		return peak
	}
}

// BenchmarkReconcileSteps reports the time of each step of the engine (ms per step, wall
// and processor) on the generated tenant, so that the cost of a run can be traced to the
// step that spends it.
func BenchmarkReconcileSteps(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			onprem, cloud := loadTenant(b, n)
			s := settingsOf(cloud)
			totals, cpus := map[string]time.Duration{}, map[string]time.Duration{}
			var order []string
			runs := 0
			for b.Loop() {
				_, times := reconcile.ReconcileSteps(onprem, cloud, s, processCPU)
				for _, t := range times {
					if _, ok := totals[t.Step]; !ok {
						order = append(order, t.Step)
					}
					totals[t.Step] += t.Time
					cpus[t.Step] += t.CPU
				}
				runs++
			}
			for _, step := range order {
				b.ReportMetric(float64(totals[step].Microseconds())/1000/float64(runs), step+"-ms")
				b.ReportMetric(float64(cpus[step].Microseconds())/1000/float64(runs), step+"-cpu-ms")
			}
		})
	}
}
