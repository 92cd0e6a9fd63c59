package workbook

import (
	"os"
	"testing"
)

func TestZZOld(t *testing.T) {
	out := os.Getenv("ZZOUT")
	if out == "" {
		return
	}
	if err := Write(out, syntheticDoc(30000)); err != nil {
		t.Fatal(err)
	}
}
