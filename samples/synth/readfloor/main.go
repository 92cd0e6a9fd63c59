// Command readfloor measures the reading floor: the time needed to bind every record of a
// tenant's two exports with gocsv as softmatch's readers bind them (exports.BindOnly: the
// same row types and header mapping, at the same collector pace), one export per goroutine
// as softmatch reads them, keeping nothing. softmatch's reading, which on top of it checks every value,
// hashes the files and keeps the records, is judged against it as the workbook is against
// samples/synth/floor.
//
//	go run ./samples/synth/readfloor -dir TENANT   (a folder from softmatch generate)
//
// It prints records, seconds and records per second on one line to stdout; run it under
// /usr/bin/time -v for the peak RSS.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/samples/synth"
)

// readingGC is the collector pace softmatch reads at (cmd/softmatch, relaxCollector), which
// it sets, as here, only when neither GOGC nor GOMEMLIMIT is set.
const readingGC = 300

// run binds both exports of the tenant in dir at once, the way softmatch reads them, and
// returns how many records each held.
func run(dir string) (onprem, cloud int, err error) {
	var wg sync.WaitGroup
	var onpremErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		onprem, onpremErr = exports.BindOnly(filepath.Join(dir, synth.OnPremFile))
	}()
	cloud, err = exports.BindOnly(filepath.Join(dir, synth.CloudFile))
	wg.Wait()
	return onprem, cloud, errors.Join(onpremErr, err)
}

func main() {
	dir := flag.String("dir", ".", "folder of a tenant from softmatch generate")
	flag.Parse()
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(readingGC)
	}
	start := time.Now()
	onprem, cloud, err := run(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readfloor:", err)
		os.Exit(1)
	}
	sec := time.Since(start).Seconds()
	fmt.Printf("records=%d onprem=%d cloud=%d seconds=%.3f records_per_second=%.0f\n",
		onprem+cloud, onprem, cloud, sec, float64(onprem+cloud)/sec)
}
