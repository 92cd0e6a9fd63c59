//go:build !unix && !windows

package main

import "time"

// processCPU reports that this system does not tell the process's processor time.
func processCPU() (time.Duration, bool) { return 0, false }
