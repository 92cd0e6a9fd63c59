package reconcile

import "time"

// StepTime is how long one step of Reconcile took, in wall time and in processor time.
type StepTime struct {
	Step string
	Time time.Duration
	CPU  time.Duration
}

// ReconcileSteps runs the steps of Reconcile one after another, timing each, and returns
// the result with the times. planFixes and finish, which Reconcile overlaps on a large
// tenant, run in turn here so that each is measured alone. cpu reads the process's
// processor time: on a shared machine a step's wall time says more about the neighbours.
func ReconcileSteps(onprem []OnPrem, cloud []Cloud, s Settings, cpu func() time.Duration) (*Result, []StepTime) {
	r := &Result{Settings: s, OnPrem: onprem, Cloud: cloud, Entries: []Entry{}, CloudOnly: []CloudOnly{},
		Findings: []Finding{}, Fixes: []Fix{}}
	e := &engine{r: r, s: &r.Settings}
	var times []StepTime
	for _, st := range []struct {
		name string
		fn   func()
	}{
		{"prepareSettings", e.prepareSettings},
		{"normalize", e.normalize},
		{"buildIndex", e.buildIndex},
		{"join", e.join},
		{"settleContests", e.settleContests},
		{"indexFindings", e.indexFindings},
		{"entryFindings", e.entryFindings},
		{"likelySamePerson", e.likelySamePerson},
		{"duplicateGroups", e.duplicateGroups},
		{"sortFindings", e.sortFindings},
		{"planFixes", e.planFixes},
		{"finish", e.finish},
	} {
		start, used := time.Now(), cpu()
		st.fn()
		times = append(times, StepTime{st.name, time.Since(start), cpu() - used})
	}
	return r, times
}
