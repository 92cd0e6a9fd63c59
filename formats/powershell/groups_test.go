package powershell

import (
	"strings"
	"testing"
)

// TestExchangeOnlineRequiredOnlyForGroupsAndContacts: the cloud scripts demand the Exchange
// Online module only when they change a cloud group or contact, and every entry names the
// kind of its object so that the script picks the cmdlets of that kind.
func TestExchangeOnlineRequiredOnlyForGroupsAndContacts(t *testing.T) {
	userChange := Change{Side: "cloud", Action: "set-upn", ObjectID: "11111111-2222-4333-8444-555555555555", Target: "anna@contoso.onmicrosoft.com",
		Attribute: "userPrincipalName", Old: "anna@contoso.onmicrosoft.com", New: "anna@contoso.com"}
	groupChange := Change{Side: "cloud", Action: "remove-address", ObjectType: "group", ObjectID: "{2C4E6A8B-0D1F-4E3A-9B5C-7D9E1F3A5B7C}",
		Target: "vertrieb@contoso.com", Attribute: "proxyAddresses", Old: "smtp:info@contoso.com"}
	contactChange := Change{Side: "cloud", Action: "remove-address", ObjectType: "contact", ObjectID: "3d5f7b9c-1e2a-4f4b-8c6d-8e0f2a4b6c8d",
		Target: "Łukasz Nowak", Attribute: "proxyAddresses", Old: "smtp:lukasz.nowak@contoso.com"}
	onpremGroup := Change{Side: "onprem", Action: "remove-address", ObjectType: "group", ObjectID: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
		Target: "vertrieb", Attribute: "proxyAddresses", Old: "smtp:info@contoso.com"}
	const requires = "#Requires -Modules ExchangeOnlineManagement\r\n"
	tests := []struct {
		name     string
		changes  []Change
		exchange bool
		types    []string // the Type of each cloud entry, in order
	}{
		{"no changes", nil, false, nil},
		{"users only", []Change{userChange}, false, []string{"user"}},
		{"an on-premises group needs no Exchange Online", []Change{userChange, onpremGroup}, false, []string{"user"}},
		{"a cloud group", []Change{userChange, groupChange}, true, []string{"user", "group"}},
		{"a cloud contact alone", []Change{contactChange}, true, []string{"contact"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scripts, locs := Generate(Header{Generator: "softmatch test"}, tt.changes)
			for i, l := range locs {
				if l.Script == "" {
					t.Errorf("change %d is not carried", i)
				}
			}
			for _, s := range scripts {
				body := string(s.Body)
				cloud := s.Name == CloudScript || s.Name == CloudRollback
				if got := strings.Contains(body, requires); got != (cloud && tt.exchange) {
					t.Errorf("%s: #Requires ExchangeOnlineManagement present %v", s.Name, got)
				}
				if s.Name != CloudScript {
					continue
				}
				var types []string
				for _, line := range strings.Split(body, "\r\n") {
					if entryN.MatchString(line) {
						_, rest, _ := strings.Cut(line, "; Type = '")
						typ, _, _ := strings.Cut(rest, "'")
						types = append(types, typ)
					}
				}
				if strings.Join(types, ",") != strings.Join(tt.types, ",") {
					t.Errorf("entry types %v, want %v", types, tt.types)
				}
			}
		})
	}
	// A cloud group is looked up by its canonical object id, whatever spelling it came in.
	scripts, _ := Generate(Header{}, []Change{groupChange})
	if !strings.Contains(string(scripts[1].Body), "Id = '2c4e6a8b-0d1f-4e3a-9b5c-7d9e1f3a5b7c'") {
		t.Error("the cloud group's id is not in canonical form")
	}
}

// TestScriptsPickTheCmdletsOfEachKind keeps the fixed text honest: each kind of object is
// read and changed with its own cmdlets, and Exchange Online changes only cloud-only groups
// and contacts.
func TestScriptsPickTheCmdletsOfEachKind(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{onPremFunctions, []string{"'group' { return Get-ADGroup -Identity $Change.Id", "Get-ADObject -Identity $Change.Id",
			"'group' { Set-ADGroup @Arguments }", "'contact' { Set-ADObject @Arguments }", "'user' { Set-ADUser @Arguments }",
			"[string]$object.ObjectClass -ne 'contact'"}},
		{cloudFunctions, []string{"Set-MailContact -Identity $identity", "Set-DistributionGroup -Identity $identity",
			"$User.IsDirSynced -eq $true", "[guid]::Parse($Change.Id)", "'MailContact' { $kind = 'contact' }"}},
	} {
		for _, w := range tt.want {
			if !strings.Contains(tt.text, w) {
				t.Errorf("script text lacks %q", w)
			}
		}
	}
}
