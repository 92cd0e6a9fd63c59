package exports

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZProf(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		return
	}
	if p := os.Getenv("ZZCPU"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	var ms runtime.MemStats
	if os.Getenv("ZZSIDE") != "cloud" {
		recs, _, iss, err := ReadOnPrem(dir+"/onprem-users.csv", Options{})
		t.Logf("onprem %d recs %d issues err %v in %v", len(recs), len(iss), err, time.Since(t0))
	}
	t1 := time.Now()
	if os.Getenv("ZZSIDE") != "onprem" {
		recs, _, iss, err := ReadCloud([]string{dir + "/cloud-users.csv"}, Options{})
		t.Logf("cloud %d recs %d issues err %v in %v", len(recs), len(iss), err, time.Since(t1))
	}
	runtime.ReadMemStats(&ms)
	t.Logf("total alloc %d MB, sys %d MB, gc %d", ms.TotalAlloc>>20, ms.Sys>>20, ms.NumGC)
	if p := os.Getenv("ZZMEM"); p != "" {
		f, _ := os.Create(p)
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}
