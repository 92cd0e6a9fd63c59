//go:build !linux

package writeback

import "os"

// Without page-cache advice (anything but Linux) a file is written as it always was.

func startWriteBack(*os.File, int64, int64) bool { return false }

func dropCached(*os.File, int64, int64) bool { return false }

// advised says whether the kernel takes page-cache advice here.
const advised = false
