package exports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures script-*.csv are shaped exactly like the output of the collection scripts in
// scripts/: these tests keep the scripts and the readers in step.

func TestScriptOutputsAreReadWithoutGaps(t *testing.T) {
	tests := []struct {
		script, fixture string
		side            Side
		records         int
	}{
		{"Export-OnPremUsers.ps1", "script-onprem-users.csv", OnPrem, 5},
		{"Export-CloudUsers.ps1", "script-cloud-users.csv", Cloud, 4},
		{"Export-Mailboxes.ps1", "script-mailboxes.csv", Cloud, 4},
		{"Export-DirectoryRoles.ps1", "script-directory-roles.csv", Roles, 4},
		{"Export-Domains.ps1", "script-domains.csv", Domains, 4},
		{"Export-OnPremGroups.ps1", "script-onprem-groups.csv", OnPrem, 2},
		{"Export-OnPremContacts.ps1", "script-onprem-contacts.csv", OnPrem, 1},
		{"Export-CloudGroups.ps1", "script-cloud-groups.csv", Cloud, 2},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			info, issues, err := Inspect(filepath.Join("testdata", tt.fixture), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if info.Side != tt.side || info.Records != tt.records {
				t.Errorf("side %s records %d, want %s %d", info.Side, info.Records, tt.side, tt.records)
			}
			if len(info.Missing) != 0 || len(info.Limitations) != 0 {
				t.Errorf("the script's output lacks %v: %q", info.Missing, info.Limitations)
			}
			for _, c := range info.Columns {
				if c.Field == "" && tt.side != Roles && tt.side != Domains {
					t.Errorf("column %q of the script's output is ignored", c.Header)
				}
			}
			for _, i := range issues {
				if i.Code != CodeBadRow {
					t.Errorf("issue %+v", i)
				}
			}
			// Every column the fixture has is one the script writes.
			b, err := os.ReadFile(filepath.Join("..", "..", "scripts", tt.script))
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range info.Columns {
				if !strings.Contains(string(b), "'"+c.Header+"'") && !strings.Contains(string(b), c.Header+" ") {
					t.Errorf("column %q does not appear in %s", c.Header, tt.script)
				}
			}
		})
	}
}

func TestScriptOnPremOutputKeepsGroupsAndContacts(t *testing.T) {
	recs, _, _, err := ReadOnPrem("testdata/script-onprem-users.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if recs[2].SAMAccountName != "Administrator" || !recs[2].IsCriticalSystemObject {
		t.Errorf("critical system object: %+v", recs[2])
	}
	if recs[3].Type != "group" || recs[3].GroupCategory != "Distribution" || recs[4].Type != "contact" {
		t.Errorf("group %q %q, contact %q", recs[3].Type, recs[3].GroupCategory, recs[4].Type)
	}
}

func TestADGroupTypeLineMakesGroups(t *testing.T) {
	p := filepath.Join(t.TempDir(), "groups.csv")
	body := "#TYPE Microsoft.ActiveDirectory.Management.ADGroup\r\n" +
		"\"DistinguishedName\",\"GroupCategory\",\"Name\",\"ObjectGUID\",\"SamAccountName\"\r\n" +
		"\"CN=Führung,OU=Groups,DC=contoso,DC=local\",\"Security\",\"Führung\",\"6b29fc40-ca47-1067-b31d-00dd010662da\",\"fuehrung\"\r\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, info, _, err := ReadOnPrem(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Type != "group" || recs[0].GroupCategory != "Security" || recs[0].Source.Line != 3 || info.Records != 1 {
		t.Errorf("records %+v", recs)
	}
}
