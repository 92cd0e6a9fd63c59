package workbook

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/softmatch/softmatch/formats/report"
	"github.com/softmatch/softmatch/reconcile"
)

// syntheticDoc builds a tenant of n on-premises users with Matches-like values (names,
// UPNs, addresses, GUIDs, base64 anchors), one cloud user for every two, a finding for one
// user in ten and a fix for one in twenty.
func syntheticDoc(n int) *report.Document {
	res := &reconcile.Result{
		OnPrem:  make([]reconcile.OnPrem, n),
		Entries: make([]reconcile.Entry, n),
		Cloud:   make([]reconcile.Cloud, n/2),
	}
	outcomes := reconcile.Outcomes
	for i := range n {
		sam := "user" + strconv.Itoa(i)
		guid := fmt.Sprintf("%08x-1d2e-4f30-8a4b-%012x", i, i*7919)
		res.OnPrem[i] = reconcile.OnPrem{
			SAMAccountName:    sam,
			DisplayName:       "Jürgen Ödegaard " + strconv.Itoa(i),
			DistinguishedName: "CN=Jürgen Ödegaard " + strconv.Itoa(i) + ",OU=Staff,DC=contoso,DC=local",
			ObjectGUID:        guid,
			UserPrincipalName: sam + "@contoso.com",
		}
		e := reconcile.Entry{
			OnPrem: i, Anchor: fmt.Sprintf("%022dA==", i), UPN: sam + "@contoso.com",
			PrimarySMTP: sam + "@contoso.com", Outcome: outcomes[i%len(outcomes)], Cloud: -1,
			Reason: "primary SMTP " + sam + "@contoso.com is an address of cloud user " + sam + "@contoso.onmicrosoft.com",
		}
		if i%2 == 0 {
			c := i / 2
			res.Cloud[c] = reconcile.Cloud{
				ID:                fmt.Sprintf("%08x-aaaa-4bbb-8ccc-%012x", c, c),
				UserPrincipalName: sam + "@contoso.onmicrosoft.com",
				Mail:              sam + "@contoso.com",
				ProxyAddresses:    []string{"SMTP:" + sam + "@contoso.com"},
			}
			e.Cloud = c
		}
		if i%10 == 0 {
			e.Findings = []reconcile.Code{reconcile.UPNChanges}
			res.Findings = append(res.Findings, reconcile.Finding{
				Code: reconcile.UPNChanges, Severity: reconcile.Warning, OnPrem: []int{i},
				Detail: sam + "@contoso.onmicrosoft.com becomes " + sam + "@contoso.com",
			})
		}
		if i%20 == 0 {
			res.Fixes = append(res.Fixes, reconcile.Fix{
				Side: reconcile.OnPremSide, Action: reconcile.SetUPN, Object: i, Attribute: "userPrincipalName",
				Old: sam + "@contoso.local", New: sam + "@contoso.com", Reason: reconcile.UPNUnverifiedSuffix,
				Approved: true, Script: "onprem-fixes.ps1", Line: 10 + i,
			})
		}
		res.Entries[i] = e
	}
	return &report.Document{Version: "bench", Result: res}
}

// BenchmarkWrite writes whole workbooks; SOFTMATCH_BENCH_USERS sets the tenant size
// (default 20,000) so the 1M-user case can be run on demand without slowing go test.
func BenchmarkWrite(b *testing.B) {
	n := 20000
	if s := os.Getenv("SOFTMATCH_BENCH_USERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	doc := syntheticDoc(n)
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	b.ResetTimer()
	for b.Loop() {
		if err := Write(path, doc); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/float64(n), "bytes/user")
	}
}

// BenchmarkSyntheticDoc builds the document alone: its peak memory is the baseline that
// BenchmarkWrite's is compared with.
func BenchmarkSyntheticDoc(b *testing.B) {
	n := 20000
	if s := os.Getenv("SOFTMATCH_BENCH_USERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	for b.Loop() {
		if doc := syntheticDoc(n); len(doc.Result.Entries) != n {
			b.Fatal("short document")
		}
	}
}
