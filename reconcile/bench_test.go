package reconcile

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// syntheticTenant builds n users per side: most soft-match by SMTP, some hard-match, some
// are new or cloud-only, with a sprinkling of names that repeat.
func syntheticTenant(n int) ([]OnPrem, []Cloud) {
	rng := rand.New(rand.NewPCG(7, 11))
	given := []string{"Anna", "Björn", "Zoë", "Łukasz", "José", "Thi", "Taro", "Mária", "Søren", "Ömer"}
	sur := []string{"Berg", "Müller", "Dupont", "Nowak", "García", "Nguyễn", "Tanaka", "Kovács", "Jensen", "Yılmaz"}
	op := make([]OnPrem, n)
	cl := make([]Cloud, n)
	for i := 0; i < n; i++ {
		var g [16]byte
		for k := range g {
			g[k] = byte(rng.UintN(256))
		}
		guid, _ := GUIDFromBytes(g[:])
		gn, sn := given[rng.IntN(len(given))], sur[rng.IntN(len(sur))]
		local := fmt.Sprintf("user%07d", i)
		op[i] = OnPrem{
			SAMAccountName: fmt.Sprintf("u%07d", i), ObjectGUID: guid, GivenName: gn, Surname: sn,
			DisplayName: gn + " " + sn, UserPrincipalName: local + "@contoso.com", MailNickname: local,
			ProxyAddresses: []string{"SMTP:" + local + "@contoso.com", "smtp:" + local + "@fabrikam.com", "X500:/o=Contoso/cn=" + local},
		}
		cl[i] = Cloud{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), UserPrincipalName: local + "@contoso.com",
			GivenName: gn, Surname: sn, DisplayName: gn + " " + sn, MailNickname: local,
			ProxyAddresses: []string{"SMTP:" + local + "@contoso.com", "smtp:" + local + "@contoso.onmicrosoft.com"},
		}
		switch i % 20 {
		case 0:
			cl[i].ImmutableID = ImmutableIDFromBytes(g[:])
		case 1:
			cl[i].UserPrincipalName = fmt.Sprintf("cloud%07d@contoso.onmicrosoft.com", i)
			cl[i].ProxyAddresses = nil
		case 2:
			op[i].UserPrincipalName = local + "@contoso.local"
		}
	}
	return op, cl
}

func BenchmarkReconcile(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		op, cl := syntheticTenant(n)
		s := defaultSettings()
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Reconcile(op, cl, s)
			}
		})
	}
}
