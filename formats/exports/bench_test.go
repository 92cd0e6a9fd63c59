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
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, _, issues, err := ReadOnPrem(p, Options{})
		if err != nil || len(recs) != 100_000 || len(issues) != 0 {
			b.Fatalf("%d records, %d issues, %v", len(recs), len(issues), err)
		}
	}
}

// writeSyntheticCloud writes an n-user Get-MgUser export shaped like Export-CloudUsers.ps1's.
func writeSyntheticCloud(tb testing.TB, n int) string {
	p := filepath.Join(tb.TempDir(), "cloud.csv")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, "\"Id\",\"UserPrincipalName\",\"DisplayName\",\"GivenName\",\"Surname\",\"Mail\",\"MailNickname\",\"ProxyAddresses\",\"OnPremisesImmutableId\",\"OnPremisesSyncEnabled\",\"AccountEnabled\",\"UserType\"\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "\"%08x-f7f9-4bc7-a570-69218b018502\",\"ana.kaminska%d@contoso.com\",\"Ana Kamińska\",\"Ana\",\"Kamińska\",\"ana.kaminska%d@contoso.com\",\"ana.kaminska%d\",\"SMTP:ana.kaminska%d@contoso.com;smtp:ana.kaminska%d@contoso.onmicrosoft.com\",\"\",\"\",\"True\",\"Member\"\r\n",
			i, i, i, i, i, i)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

func BenchmarkReadCloud(b *testing.B) {
	p := writeSyntheticCloud(b, 100_000)
	st, _ := os.Stat(p)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		objs, _, issues, err := ReadCloud([]string{p}, Options{})
		if err != nil || len(objs) != 100_000 || len(issues) != 0 {
			b.Fatalf("%d objects, %d issues, %v", len(objs), len(issues), err)
		}
	}
}
