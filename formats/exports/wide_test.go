package exports

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// wideColumns are properties `Get-ADUser -Filter * -Properties *` writes that softmatch
// does not read: with them a record is several times longer than what it keeps.
var wideColumns = []string{
	"AccountExpirationDate", "accountExpires", "AccountLockoutTime", "BadLogonCount",
	"CannotChangePassword", "CanonicalName", "City", "Company", "Country", "Created",
	"Department", "Description", "Division", "EmployeeID", "EmployeeNumber", "Fax",
	"HomeDirectory", "HomeDrive", "HomePage", "LastBadPasswordAttempt", "LastLogonDate",
	"LockedOut", "logonCount", "Manager", "MemberOf", "MobilePhone", "Modified", "Office",
	"OfficePhone", "Organization", "PasswordLastSet", "PasswordNeverExpires", "POBox",
	"PostalCode", "ProfilePath", "ScriptPath", "State", "StreetAddress", "Title",
	"whenChanged", "whenCreated",
}

// writeWideExport writes n users as a Windows PowerShell 5.1 `Get-ADUser -Properties *`
// export would: #TYPE line, BOM, every value quoted, and dozens of columns nothing binds.
func writeWideExport(t *testing.T, n int) (string, int64) {
	t.Helper()
	var b strings.Builder
	b.WriteString("\ufeff#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n")
	head := []string{"DistinguishedName", "Enabled", "GivenName", "Surname", "Name", "ObjectGUID",
		"SamAccountName", "UserPrincipalName", "mail", "proxyAddresses"}
	head = append(head, wideColumns...)
	b.WriteString(`"` + strings.Join(head, `","`) + "\"\r\n")
	for i := range n {
		row := []string{
			fmt.Sprintf("CN=Zoë Łukasiewicz %d,OU=Users,OU=Kraków,DC=contoso,DC=local", i), "True",
			"Zoë", fmt.Sprintf("Łukasiewicz %d", i), fmt.Sprintf("Zoë Łukasiewicz %d", i),
			fmt.Sprintf("%08x-c771-4a78-93f3-c75f885fb0ed", i), fmt.Sprintf("zlukasiewicz%d", i),
			fmt.Sprintf("zoe.lukasiewicz%d@contoso.com", i), fmt.Sprintf("zoe.lukasiewicz%d@contoso.com", i),
			fmt.Sprintf("SMTP:zoe.lukasiewicz%d@contoso.com", i),
		}
		for j, c := range wideColumns {
			row = append(row, fmt.Sprintf("%s of user %d: CN=Finance Team %d,OU=Groups,DC=contoso,DC=local", c, i, j))
		}
		b.WriteString(`"` + strings.Join(row, `","`) + "\"\r\n")
	}
	path := filepath.Join(t.TempDir(), "aduser-all-properties.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, int64(b.Len())
}

// A wide export must not cost its whole size in memory: only the bound values stay.
// Not parallel, so that no other test allocates while the heap is measured.
func TestWideExportKeepsOnlyBoundValues(t *testing.T) {
	const n = 4000
	path, size := writeWideExport(t, n)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	recs, info, issues, err := ReadOnPrem(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)

	if len(issues) != 0 || info.Records != n || len(recs) != n {
		t.Fatalf("read %d records (%d counted), issues %v; want %d and none", len(recs), info.Records, issues, n)
	}
	last := recs[n-1]
	if want := fmt.Sprintf("zoe.lukasiewicz%d@contoso.com", n-1); last.UserPrincipalName != want || last.Mail != want {
		t.Errorf("last record: UPN %q, mail %q; want %q", last.UserPrincipalName, last.Mail, want)
	}
	if want := fmt.Sprintf("CN=Zoë Łukasiewicz %d,OU=Users,OU=Kraków,DC=contoso,DC=local", n-1); last.DistinguishedName != want {
		t.Errorf("last record: DN %q, want %q", last.DistinguishedName, want)
	}
	if len(last.ProxyAddresses) != 1 || last.ProxyAddresses[0] != "SMTP:"+last.Mail {
		t.Errorf("last record: proxyAddresses %q", last.ProxyAddresses)
	}
	// The bound values are about a tenth of each line; records and values together stay
	// well under a third of the file. Holding the lines would cost more than the file.
	if held > size/3 {
		t.Errorf("%d records of a %d-byte export hold %d bytes of heap; want under a third of the file", n, size, held)
	}
	t.Logf("%d records of a %d-byte export hold %d bytes of heap", n, size, held)
	runtime.KeepAlive(recs)
}

// wideCloudColumns are properties `Get-MgUser -All -Property *` writes that softmatch does
// not read.
var wideCloudColumns = []string{
	"AboutMe", "AgeGroup", "BusinessPhones", "City", "CompanyName", "Country", "CreatedDateTime",
	"Department", "EmployeeId", "EmployeeType", "FaxNumber", "HireDate", "JobTitle",
	"LastPasswordChangeDateTime", "MobilePhone", "OfficeLocation", "OtherMails",
	"PasswordPolicies", "PostalCode", "PreferredLanguage", "ProvisionedPlans", "State",
	"StreetAddress", "UsageLocation", "AssignedLicenses", "AssignedPlans", "Identities",
}

// A wide cloud export, as PowerShell 7 writes it with -Delimiter ';' and -Encoding
// unicode, holds only its bound values too, multi-line values included.
func TestWideCloudExportKeepsOnlyBoundValues(t *testing.T) {
	const n = 3000
	var b strings.Builder
	b.WriteString("\ufeff")
	head := append([]string{"Id", "UserPrincipalName", "DisplayName", "Mail", "ProxyAddresses", "AccountEnabled"}, wideCloudColumns...)
	b.WriteString(`"` + strings.Join(head, `";"`) + "\"\r\n")
	for i := range n {
		row := []string{fmt.Sprintf("%08x-9f0e-4d1c-8b2a-3c4d5e6f7a8b", i), fmt.Sprintf("bjorg.gudmundsdottir%d@contoso.com", i),
			fmt.Sprintf("Björg “Bea” Guðmundsdóttir %d", i), fmt.Sprintf("bjorg.gudmundsdottir%d@contoso.com", i),
			fmt.Sprintf("SMTP:bjorg.gudmundsdottir%d@contoso.com;smtp:bea%d@contoso.onmicrosoft.com", i, i), "True"}
		for j, c := range wideCloudColumns {
			row = append(row, fmt.Sprintf("%s %d of user %d; Reykjavík office, Laugavegur 26\r\nsecond line of the note", c, j, i))
		}
		b.WriteString(`"` + strings.Join(row, `";"`) + "\"\r\n")
	}
	path := writeUTF16LE(t, "mguser-all-properties.csv", b.String(), unicode.IgnoreBOM)
	size := int64(len(b.String())) // the decoded text, which is what a record is cut from

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	recs, infos, issues, err := ReadCloud([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)

	if len(issues) != 0 || len(infos) != 1 || infos[0].Records != n || len(recs) != n {
		t.Fatalf("read %d records, infos %+v, issues %v; want %d and none", len(recs), infos, issues, n)
	}
	last := recs[n-1]
	if want := fmt.Sprintf("Björg “Bea” Guðmundsdóttir %d", n-1); last.DisplayName != want {
		t.Errorf("last record: display name %q, want %q", last.DisplayName, want)
	}
	if want := fmt.Sprintf("bjorg.gudmundsdottir%d@contoso.com", n-1); last.UserPrincipalName != want || last.Mail != want {
		t.Errorf("last record: UPN %q, mail %q; want %q", last.UserPrincipalName, last.Mail, want)
	}
	if len(last.ProxyAddresses) != 2 {
		t.Errorf("last record: proxyAddresses %q", last.ProxyAddresses)
	}
	if held > size/3 {
		t.Errorf("%d records of %d bytes of text hold %d bytes of heap; want under a third of it", n, size, held)
	}
	t.Logf("%d records of %d bytes of text hold %d bytes of heap", n, size, held)
	runtime.KeepAlive(recs)
}

// A narrow export is left as it is: its values are most of each line already.
func TestWideRecord(t *testing.T) {
	for _, c := range []struct {
		kept     int
		consumed int64
		want     bool
	}{
		{290, 330, false}, // 13 quoted columns, all bound
		{0, 60, false},    // a short record of empty values
		{300, 4300, true}, // `-Properties *`
		{200, 464, false},
		{200, 465, true},
	} {
		if got := wideRecord(c.kept, c.consumed); got != c.want {
			t.Errorf("wideRecord(%d, %d) = %v, want %v", c.kept, c.consumed, got, c.want)
		}
	}
}
