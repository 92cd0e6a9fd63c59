package workbook

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

func TestZZProf(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		return
	}
	t0 := time.Now()
	on, oi, _, err := exports.ReadOnPrem(dir+"/onprem-users.csv", exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cl, ci, _, err := exports.ReadCloud([]string{dir + "/cloud-users.csv"}, exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	set := reconcile.Settings{UPNSoftMatch: true}
	set.VerifiedDomains, set.InitialDomain = reconcile.InferDomains(cl)
	res := reconcile.Reconcile(on, cl, set)
	doc := &report.Document{Version: "zz", Result: res, Inputs: append([]exports.FileInfo{oi}, ci...)}
	t.Logf("prepared in %v: %d entries %d findings %d fixes %d cloudonly", time.Since(t0), len(res.Entries), len(res.Findings), len(res.Fixes), len(res.CloudOnly))
	runtime.GC()
	if p := os.Getenv("ZZCPU"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var ms0, ms runtime.MemStats
	runtime.ReadMemStats(&ms0)
	t1 := time.Now()
	if err := Write(dir+"/zz.xlsx", doc); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	t.Logf("workbook in %v, alloc %d MB, heap before %d MB sys %d MB", time.Since(t1), (ms.TotalAlloc-ms0.TotalAlloc)>>20, ms0.HeapAlloc>>20, ms.Sys>>20)
}
