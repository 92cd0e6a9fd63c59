package workbook

import (
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestZZPkg(t *testing.T) {
	if os.Getenv("ZZPKG") == "" {
		return
	}
	doc := syntheticDoc(20000)
	f := excelize.NewFile()
	if err := build(f, doc); err != nil {
		t.Fatal(err)
	}
	f.Pkg.Range(func(k, v any) bool {
		t.Logf("%s %d", k, len(v.([]byte)))
		return true
	})
}
