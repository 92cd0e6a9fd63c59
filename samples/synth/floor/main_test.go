package main

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFloorWritesEveryRow checks that the floor writes what it claims to time: a header and
// one 14-column row per requested row.
func TestFloorWritesEveryRow(t *testing.T) {
	tests := []struct {
		name string
		rows int
	}{
		{"empty", 0},
		{"one", 1},
		{"several", 257},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "floor.xlsx")
			if err := run(tt.rows, out); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Matches")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows+1 {
				t.Fatalf("%d rows, want header plus %d", len(rows), tt.rows)
			}
			for i, r := range rows {
				if len(r) != 14 {
					t.Fatalf("row %d has %d cells, want 14", i+1, len(r))
				}
			}
			if tt.rows > 0 && rows[1][2] != rows[1][3] {
				t.Errorf("UPN %q and primary SMTP %q differ; the row shape changed", rows[1][2], rows[1][3])
			}
		})
	}
}
