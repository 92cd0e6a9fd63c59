//go:build windows

package main

import (
	"syscall"
	"time"
)

// processCPU returns the processor time, user and kernel on every thread, the process has
// used so far, and whether the system tells it.
func processCPU() (time.Duration, bool) {
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return 0, false
	}
	var created, exited, kernel, user syscall.Filetime
	if err := syscall.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return 0, false
	}
	// Both count 100-nanosecond ticks (not times since 1601, as Filetime.Nanoseconds assumes).
	ticks := func(t syscall.Filetime) int64 { return int64(t.HighDateTime)<<32 | int64(t.LowDateTime) }
	return time.Duration(ticks(kernel)+ticks(user)) * 100, true
}
