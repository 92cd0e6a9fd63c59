// Command floor measures the excelize floor: the time and memory excelize's StreamWriter
// alone needs to write as many Matches-like rows (14 text columns: names, UPNs, addresses,
// GUIDs, base64 ImmutableIds) as a reconcile run writes. Nothing else happens, so a
// softmatch run can be judged against it: softmatch cannot write its workbook faster than
// this, and everything above it is softmatch's own cost.
//
//	go run ./samples/synth/floor -rows 1000000 -out /tmp/floor.xlsx
//
// It prints rows, seconds and rows per second on one line to stdout; run it under
// /usr/bin/time -v for the peak RSS.
package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// maxDataRows is what one sheet holds below its header row (1,048,576 rows in all).
const maxDataRows = 1_048_575

var header = []interface{}{"SamAccountName", "DisplayName", "UserPrincipalName", "PrimarySMTP",
	"ObjectGUID", "ImmutableId", "AnchorAttribute", "Outcome", "CloudId", "CloudUPN",
	"CloudDisplayName", "CloudMail", "Findings", "Reason"}

// Values shaped like the real ones, in length and in character mix (non-ASCII names), so
// that the zip compresses about as well as it does on a real workbook.
var (
	givens   = []string{"Anna", "Björn", "Zoë", "Łukasz", "José", "Øyvind", "Nguyễn", "Şahin", "Ingrid", "Mía"}
	surnames = []string{"Berg", "Lindqvist", "Ñúñez", "Kowalczyk", "Müller", "Öztürk", "Dvořák", "O’Connor", "Tanaka", "Haddad"}
	outcomes = []string{"smtp-match", "hard-match", "new", "upn-match", "blocked", "excluded"}
	findings = []string{"", "upn-changes", "collision-on-create", "cloud-bound;contested", "", "secondary-address-match"}
	domains  = []string{"contoso.com", "fabrikam.com", "sub.contoso.com"}
)

// guidFor spreads n over 16 bytes so that neighbouring rows do not share long runs.
func guidFor(n uint64) []byte {
	b := make([]byte, 16)
	x := n*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	y := (n ^ 0xd1b54a32d192ed03) * 0xbf58476d1ce4e5b9
	for i := 0; i < 8; i++ {
		b[i] = byte(x >> (8 * i))
		b[8+i] = byte(y >> (8 * i))
	}
	return b
}

func guidText(b []byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func row(i int) []interface{} {
	g, s := givens[i%len(givens)], surnames[(i/len(givens))%len(surnames)]
	d := domains[i%len(domains)]
	local := fmt.Sprintf("%s.%s%d", g, s, i)
	anchor := guidFor(uint64(i))
	cloud := guidFor(uint64(i) + 1<<40)
	return []interface{}{
		"u" + strconv.Itoa(i), g + " " + s, local + "@" + d, local + "@" + d,
		guidText(anchor), base64.StdEncoding.EncodeToString(anchor), "objectGUID",
		outcomes[i%len(outcomes)], guidText(cloud), local + "@" + d, g + " " + s, local + "@" + d,
		findings[i%len(findings)], "joins the cloud user whose proxyAddresses hold " + local + "@" + d,
	}
}

func run(rows int, out string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet, written := 0, 0
	for written < rows || sheet == 0 {
		sheet++
		name := "Matches"
		if sheet > 1 {
			name = "Matches " + strconv.Itoa(sheet)
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
		} else if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for r := 2; written < rows && r <= maxDataRows+1; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, row(written)); err != nil {
				return err
			}
			written++
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(out)
}

func main() {
	rows := flag.Int("rows", 100000, "data rows to write")
	out := flag.String("out", "floor.xlsx", "workbook to write")
	flag.Parse()
	if *rows < 0 {
		fmt.Fprintln(os.Stderr, "floor: -rows must not be negative")
		os.Exit(2)
	}
	start := time.Now()
	if err := run(*rows, *out); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	sec := time.Since(start).Seconds()
	fmt.Printf("rows=%d seconds=%.2f rows_per_second=%.0f\n", *rows, sec, float64(*rows)/sec)
}
