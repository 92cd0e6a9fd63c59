//go:build unix

package reconcile_test

import (
	"syscall"
	"time"
)

// processCPU returns the processor time, user and system, the process has used so far.
// On a shared machine the wall time of a run depends on the neighbours; the processor time
// it costs much less.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
