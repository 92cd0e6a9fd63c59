//go:build !linux

package exports

import "unsafe"

// withHugePages runs fill: huge pages cannot be asked for here.
func withHugePages(_ unsafe.Pointer, _ uintptr, fill func()) { fill() }
