package scripts

import (
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestBenchScriptRunsAndSummarises runs bench.sh as the README gives it, on two small sizes
// with two runs each: every step prints its row, and the last table gives each size's
// medians: against the floor, peak memory, reading plus predicting beside the reading
// floor, and against the size before.
func TestBenchScriptRunsAndSummarises(t *testing.T) {
	out, err := exec.Command("bash", "bench.sh", "--runs", "2", "300", "3000").CombinedOutput()
	if err != nil {
		t.Fatalf("bench.sh failed: %v\n%s", err, out)
	}
	text := string(out)
	for _, n := range []string{"300", "3000"} {
		row := regexp.MustCompile(`(?m)^ +` + n + `  (generate|reconcile|floor|readfloor) +([0-9.]+) +([0-9.]+) +([0-9]+) +([0-9.]+)$`)
		count := map[string]int{}
		for _, m := range row.FindAllStringSubmatch(text, -1) {
			count[m[1]]++
			if rss, _ := strconv.ParseFloat(m[5], 64); rss <= 0 {
				t.Errorf("%s at %s users: peak RSS %s, want a measured size", m[1], n, m[5])
			}
		}
		if count["generate"] != 1 || count["reconcile"] != 2 || count["floor"] != 2 || count["readfloor"] != 2 {
			t.Errorf("at %s users: %v rows, want one generate and two each of reconcile, floor and readfloor\n%s", n, count, text)
		}
	}
	// Reconcile and the floor take turns going first, across sizes too: at 300 users
	// reconcile then the floor, then the floor first; at 3,000 the same again.
	order := regexp.MustCompile(`(?m)^ +\d+  (reconcile|floor) `).FindAllStringSubmatch(text, -1)
	var steps []string
	for _, m := range order {
		steps = append(steps, m[1])
	}
	if want := "reconcile floor floor reconcile reconcile floor floor reconcile"; strings.Join(steps, " ") != want {
		t.Errorf("steps ran in the order %q, want %q", strings.Join(steps, " "), want)
	}
	if got := strings.Count(text, "            total "); got != 4 {
		t.Errorf("%d --timings totals under the reconcile rows, want 4", got)
	}
	_, summary, ok := strings.Cut(text, "median of 2 run(s) per size")
	if !ok {
		t.Fatalf("no summary table:\n%s", text)
	}
	line := regexp.MustCompile(`(?m)^ +(\d+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+) +([0-9.]+)  (.*)$`)
	rows := line.FindAllStringSubmatch(summary, -1)
	if len(rows) != 2 || rows[0][1] != "300" || rows[1][1] != "3000" {
		t.Fatalf("summary rows %q, want one for 300 and one for 3000", rows)
	}
	for _, r := range rows {
		wall, _ := strconv.ParseFloat(r[2], 64)
		floor, _ := strconv.ParseFloat(r[3], 64)
		ratio, _ := strconv.ParseFloat(r[4], 64)
		// The times are printed to hundredths, the ratio is taken before they are rounded.
		lo, hi := (wall-0.005)/(floor+0.005)-0.005, (wall+0.005)/max(floor-0.005, 0.001)+0.005
		if ratio < lo || ratio > hi {
			t.Errorf("at %s users: %.2f times the floor, but %s s over %s s is %.2f-%.2f", r[1], ratio, r[2], r[3], lo, hi)
		}
		if rss, _ := strconv.ParseFloat(r[5], 64); rss <= 0 {
			t.Errorf("at %s users: median peak RSS %s MiB, want a measured size", r[1], r[5])
		}
		// Reading and predicting are part of the run: their sum is within its wall time,
		// and at 3,000 users long enough to show in milliseconds.
		first, _ := strconv.ParseFloat(r[6], 64)
		if first < 0 || first > wall+0.01 || (r[1] == "3000" && first <= 0) {
			t.Errorf("at %s users: reading plus predicting took %s s of a %s s run", r[1], r[6], r[2])
		}
		// The reading floor is the median (here the mean of two) of the binding times printed
		// under its rows, to the millisecond.
		var floors []float64
		for _, m := range regexp.MustCompile(`(?m)^ +`+r[1]+`  readfloor .*\n +binding both exports +([0-9.]+)s$`).FindAllStringSubmatch(text, -1) {
			f, _ := strconv.ParseFloat(m[1], 64)
			floors = append(floors, f)
		}
		if rf, _ := strconv.ParseFloat(r[7], 64); len(floors) != 2 || math.Abs(rf-(floors[0]+floors[1])/2) > 0.0006 {
			t.Errorf("at %s users: reading floor median %s s, from binding times %v", r[1], r[7], floors)
		}
	}
	if rows[0][8] != "-" || !regexp.MustCompile(`^[0-9.]+x for 10x users$`).MatchString(rows[1][8]) {
		t.Errorf("growth column %q and %q, want - for the first size and a ratio for 10x users", rows[0][8], rows[1][8])
	}
}
