//go:build unix

package main

import (
	"syscall"
	"time"
)

// processCPU returns the processor time, user and system on every thread, the process has
// used so far, and whether the system tells it.
func processCPU() (time.Duration, bool) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, false
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), true
}
