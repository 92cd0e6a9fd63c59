package report

import (
	"fmt"
	"io"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// BenchmarkWriteJSON writes the report of a 200,000-object result.
func BenchmarkWriteJSON(b *testing.B) {
	const n = 200000
	r := &reconcile.Result{OnPrem: make([]reconcile.OnPrem, n), Cloud: make([]reconcile.Cloud, n), Entries: make([]reconcile.Entry, n)}
	for i := range n {
		r.OnPrem[i] = reconcile.OnPrem{SAMAccountName: fmt.Sprintf("user%d", i), DistinguishedName: fmt.Sprintf("CN=User %d,OU=Staff,DC=contoso,DC=local", i),
			ObjectGUID: "35918bc9-196d-40ea-9779-889d79b753f0", UserPrincipalName: fmt.Sprintf("user%d@contoso.com", i)}
		r.Cloud[i] = reconcile.Cloud{ID: "0f6a2e4c-1b2d-4e5f-8a9b-0c1d2e3f4a5b", UserPrincipalName: fmt.Sprintf("user%d@contoso.com", i)}
		r.Entries[i] = reconcile.Entry{OnPrem: i, Cloud: i, UPN: r.OnPrem[i].UserPrincipalName, PrimarySMTP: r.OnPrem[i].UserPrincipalName,
			Outcome: reconcile.SMTPMatch, Anchor: "yYuRNW0Z6kCXeYidebdT8A==", Findings: []reconcile.Code{reconcile.UPNChanges},
			Reason: "SMTP soft match: primary SMTP user@contoso.com equals a proxy address of cloud user user@contoso.com"}
		r.Findings = append(r.Findings, reconcile.Finding{Code: reconcile.UPNChanges, Severity: reconcile.Warning, OnPrem: []int{i}, Cloud: []int{i}, Detail: "the UPN changes"})
	}
	d := &Document{Generator: "softmatch bench", Result: r}
	b.ResetTimer()
	for range b.N {
		if err := WriteJSON(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
