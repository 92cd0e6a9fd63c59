package exports

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeSynthetic writes an n-user Get-ADUser export shaped like Export-OnPremUsers.ps1's.
func writeSynthetic(tb testing.TB, n int) string {
	p := filepath.Join(tb.TempDir(), "onprem.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\uFEFF\"DistinguishedName\",\"ObjectClass\",\"ObjectGUID\",\"SamAccountName\",\"Name\",\"DisplayName\",\"GivenName\",\"Surname\",\"UserPrincipalName\",\"mail\",\"mailNickname\",\"proxyAddresses\",\"mS-DS-ConsistencyGuid\",\"Enabled\",\"userAccountControl\",\"isCriticalSystemObject\",\"groupType\"\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "\"CN=Jürgen Müller %d,OU=Staff,DC=contoso,DC=local\",\"user\",\"%08x-196d-40ea-9779-889d79b753f0\",\"jm%d\",\"Jürgen Müller %d\",\"Jürgen Müller %d\",\"Jürgen\",\"Müller\",\"jm%d@contoso.com\",\"juergen.mueller%d@contoso.com\",\"jm%d\",\"SMTP:juergen.mueller%d@contoso.com;smtp:jm%d@contoso.com\",\"yYuRNW0Z6kCXeYidebdT8A==\",\"True\",\"512\",\"\",\"\"\r\n",
			i, i, i, i, i, i, i, i, i, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

func BenchmarkReadOnPrem(b *testing.B) {
	p := writeSynthetic(b, 100_000)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, _, issues, err := ReadOnPrem(p, Options{})
		if err != nil || len(recs) != 100_000 || len(issues) != 0 {
			b.Fatalf("%d records, %d issues, %v", len(recs), len(issues), err)
		}
	}
}
