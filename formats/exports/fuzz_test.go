package exports

import (
	"os"
	"path/filepath"
	"testing"
)

// seed adds every fixture as a seed, so that the ordinary go test runs them.
func seed(f *testing.F) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("SamAccountName,ObjectGUID\r\n\"unclosed,x\r\n"))
	f.Add([]byte("dn: CN=a\n objectGUID:: !!!\n\n"))
}

// accounted checks that every record of a file was either read or reported.
func accounted(t *testing.T, read int, info FileInfo, issues []Issue) {
	dropped := 0
	for _, i := range issues {
		if dropsRecord(i) {
			dropped++
		}
	}
	if read+dropped != info.Records {
		t.Fatalf("%d read + %d dropped != %d records", read, dropped, info.Records)
	}
}

func FuzzReadOnPrem(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		recs, info, issues, err := ReadOnPrem(p, Options{})
		if err != nil {
			return
		}
		accounted(t, len(recs), info, issues)
		// Records keep input order and name the line they start on.
		for i, r := range recs {
			if r.Source.Line < 1 || i > 0 && r.Source.Line <= recs[i-1].Source.Line {
				t.Fatalf("record %d starts on line %d after line %d", i, r.Source.Line, recs[max(i-1, 0)].Source.Line)
			}
		}
	})
}

func FuzzReadCloud(f *testing.F) {
	seed(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		recs, info, issues, err := readCloudFile(p, Options{})
		if err != nil {
			return
		}
		accounted(t, len(recs), info, issues)
		if _, _, _, err := ReadCloud([]string{p, p}, Options{}); err != nil {
			t.Fatalf("second read failed: %v", err)
		}
	})
}
