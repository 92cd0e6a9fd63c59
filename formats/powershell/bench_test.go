package powershell

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate measures the scripts for 100,000 changes, the scale of a large tenant's
// first remediation.
func BenchmarkGenerate(b *testing.B) {
	changes := make([]Change, 100_000)
	for i := range changes {
		if i%2 == 0 {
			changes[i] = Change{Side: "onprem", Action: "set-upn", ObjectID: fmt.Sprintf("35918bc9-196d-40ea-9779-%012x", i),
				Target: fmt.Sprintf("user%d", i), Attribute: "userPrincipalName",
				Old: fmt.Sprintf("user%d@contoso.local", i), New: fmt.Sprintf("o’brien.%d@contoso.com", i), Reason: "upn-unverified-suffix"}
		} else {
			changes[i] = Change{Side: "cloud", Action: "set-immutable-id", ObjectID: fmt.Sprintf("11111111-2222-4333-8444-%012x", i),
				Target: fmt.Sprintf("user%d@contoso.onmicrosoft.com", i), Attribute: "onPremisesImmutableId",
				New: "yYuRNW0Z6kCXeYidebdT8A==", Reason: "likely-same-person"}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		scripts, _ := Generate(Header{Generator: "softmatch bench"}, changes)
		n := 0
		for _, s := range scripts {
			n += len(s.Body)
		}
		b.SetBytes(int64(n))
	}
}

func ExampleQuote() {
	fmt.Println(Quote("O'Brien ‘$(whoami)’"))
	// Output: 'O''Brien ‘‘$(whoami)’’'
}
