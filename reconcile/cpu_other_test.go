//go:build !unix

package reconcile_test

import "time"

// processCPU is not measured where getrusage is missing: cpu-s/op then reads 0.
func processCPU() time.Duration { return 0 }
