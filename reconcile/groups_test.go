package reconcile

import (
	"strings"
	"testing"
)

// Fixture objects for groups and contacts, with the non-ASCII names real directories hold.
func group(sam, category string, proxies ...string) OnPrem {
	return OnPrem{Type: Group, SAMAccountName: sam, GroupCategory: category, Name: sam, ProxyAddresses: proxies,
		DistinguishedName: "CN=" + sam + ",OU=Groups,DC=contoso,DC=local", ObjectGUID: guidZoë}
}

func contact(name, mail string, proxies ...string) OnPrem {
	return OnPrem{Type: Contact, Name: name, DisplayName: name, Mail: mail, ProxyAddresses: proxies,
		DistinguishedName: "CN=" + name + ",OU=Contacts,DC=contoso,DC=local", ObjectGUID: guidJosé}
}

func cloudGroup(id, name string, proxies ...string) Cloud {
	mail := ""
	for _, p := range proxies {
		if strings.HasPrefix(p, "SMTP:") {
			mail = p[5:]
		}
	}
	return Cloud{ID: id, Type: Group, DisplayName: name, Mail: mail, ProxyAddresses: proxies}
}

func cloudContact(id, name string, proxies ...string) Cloud {
	c := cloudGroup(id, name, proxies...)
	c.Type = Contact
	return c
}

// TestGroupsAndContactsJoinOnlyBySMTPSoftMatch: mail-enabled groups and contacts join by
// their primary SMTP address against a cloud object's proxyAddresses, only objects of their
// own kind, and never by hard match or UPN (domain.md 2.2).
func TestGroupsAndContactsJoinOnlyBySMTPSoftMatch(t *testing.T) {
	anchored := cloudGroup("g-anchor", "Vertrieb Süd")
	anchored.ImmutableID = anchorOf(t, guidZoë)
	upnGroup := group("vertrieb", "Security")
	upnGroup.UserPrincipalName = "vertrieb@contoso.com"
	mailOnly := cloudGroup("g-mail", "Einkauf")
	mailOnly.Mail = "einkauf@contoso.com"
	tests := []struct {
		name    string
		onprem  OnPrem
		cloud   []Cloud
		outcome Outcome
		cloudID string
		codes   []Code
	}{
		{"group joins the cloud group holding its primary",
			group("vertrieb", "Distribution", "SMTP:Vertrieb@contoso.com"),
			[]Cloud{cloudGroup("g1", "Vertrieb", "SMTP:vertrieb@contoso.com")}, SMTPMatch, "g1", nil},
		{"group joins on a cloud secondary address, with a warning",
			group("vertrieb", "Distribution", "SMTP:vertrieb@contoso.com"),
			[]Cloud{cloudGroup("g1", "Vertrieb", "SMTP:sales@contoso.com", "smtp:vertrieb@contoso.com")}, SMTPMatch, "g1",
			[]Code{SecondaryAddressMatch, PrimarySMTPChanges}},
		{"mail-enabled security group joins a cloud group",
			group("sg-finanz", "Security", "SMTP:finanz@contoso.com"),
			[]Cloud{cloudGroup("g1", "Finanz", "SMTP:finanz@contoso.com")}, SMTPMatch, "g1", nil},
		{"contact joins by mail when it has no proxyAddresses",
			contact("Łukasz Nowak", "lukasz.nowak@partner.example"),
			[]Cloud{cloudContact("k1", "Łukasz Nowak", "SMTP:lukasz.nowak@partner.example")}, SMTPMatch, "k1", nil},
		{"no hard match for groups, even with an equal ImmutableId",
			group("vertrieb", "Security"), []Cloud{anchored}, New, "", nil},
		{"no UPN match for groups",
			upnGroup, []Cloud{cloudUser("u1", "vertrieb@contoso.com")}, New, "", nil},
		{"a cloud group's mail alone is not a proxy address",
			group("einkauf", "Distribution", "SMTP:einkauf@contoso.com"), []Cloud{mailOnly}, New, "", []Code{CollisionOnCreate}},
		{"group never joins a cloud user",
			group("support", "Distribution", "SMTP:support@contoso.com"),
			[]Cloud{cloudUser("u1", "support@contoso.com", "SMTP:support@contoso.com")}, New, "", []Code{ObjectTypeMismatch, CollisionOnCreate}},
		{"contact never joins a cloud user",
			contact("Zoë Dupont", "zoe@fabrikam.com", "SMTP:zoe@fabrikam.com"),
			[]Cloud{cloudUser("u1", "zoe@fabrikam.com", "SMTP:zoe@fabrikam.com")}, New, "", []Code{ObjectTypeMismatch}},
		{"user never joins a cloud group",
			user("help", guidAnna, "help@contoso.com", "SMTP:help@contoso.com"),
			[]Cloud{cloudGroup("g1", "Helpdesk", "SMTP:help@contoso.com")}, New, "", []Code{ObjectTypeMismatch, CollisionOnCreate}},
		{"user never joins a cloud contact",
			user("anna", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com"),
			[]Cloud{cloudContact("k1", "Anna (extern)", "SMTP:anna@contoso.com")}, New, "", []Code{ObjectTypeMismatch}},
		{"group never joins a cloud contact",
			group("partner", "Distribution", "SMTP:partner@contoso.com"),
			[]Cloud{cloudContact("k1", "Partner", "SMTP:partner@contoso.com")}, New, "", []Code{ObjectTypeMismatch}},
		{"the same-kind holder wins over a user holding the address",
			group("vertrieb", "Distribution", "SMTP:vertrieb@contoso.com"),
			[]Cloud{cloudUser("u1", "anna@contoso.com", "SMTP:anna@contoso.com", "smtp:vertrieb@contoso.com"), cloudGroup("g1", "Vertrieb", "SMTP:vertrieb@contoso.com")},
			SMTPMatch, "g1", []Code{ObjectTypeMismatch, AddressTaken}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile([]OnPrem{tt.onprem}, tt.cloud, defaultSettings())
			e := r.Entries[0]
			id := ""
			if e.Cloud >= 0 {
				id = r.Cloud[e.Cloud].ID
			}
			if e.Outcome != tt.outcome || id != tt.cloudID {
				t.Fatalf("got %s %q, want %s %q: %s", e.Outcome, id, tt.outcome, tt.cloudID, e.Reason)
			}
			if e.Outcome.joins() && r.Cloud[e.Cloud].Type != tt.onprem.Type {
				t.Errorf("a %s joined a cloud %s", objectType(tt.onprem.Type), objectType(r.Cloud[e.Cloud].Type))
			}
			for _, c := range tt.codes {
				if !hasCode(e.Findings, c) {
					t.Errorf("no %s in %v", c, e.Findings)
				}
			}
		})
	}
}

// TestSecurityGroupsSyncWithOrWithoutMail: security groups sync whether or not they have
// mail, but without mail they can never match; distribution groups and contacts without
// mail are out of scope (domain.md 2.4).
func TestSecurityGroupsSyncWithOrWithoutMail(t *testing.T) {
	noAt := contact("Lars Eriksson", "lars.eriksson at fabrikam")
	tests := []struct {
		name    string
		onprem  OnPrem
		outcome Outcome
		reason  string
	}{
		{"security group without mail is created new", group("sg-vpn", "Security"), New, "has no mail address"},
		{"numeric security category", group("sg-vpn", "1"), New, "has no mail address"},
		{"unknown category without mail is kept in scope", group("sg-vpn", ""), New, "does not give its category"},
		{"distribution group without mail is excluded", group("dl-alt", "Distribution"), Excluded, "distribution group is not mail-enabled"},
		{"distribution group with only a secondary address is excluded", group("dl-alt", "Distribution", "smtp:alt@contoso.com"), Excluded, "not mail-enabled"},
		{"contact without mail is excluded", contact("Lars Eriksson", ""), Excluded, "contact is not mail-enabled"},
		{"contact whose mail has no @ is excluded", noAt, Excluded, "contact is not mail-enabled"},
		{"mail-enabled distribution group syncs", group("dl-all", "Distribution", "SMTP:alle@contoso.com"), New, "no cloud group holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile([]OnPrem{tt.onprem, user("normal", guidAnna, "normal@contoso.com")}, nil, defaultSettings())
			e := r.Entries[0]
			if e.Outcome != tt.outcome || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("got %s %q, want %s naming %q", e.Outcome, e.Reason, tt.outcome, tt.reason)
			}
		})
	}
}

func TestFinding_duplicate_group(t *testing.T) {
	joined := group("vertrieb", "Distribution", "SMTP:vertrieb@contoso.com")
	synced := cloudGroup("g1", "VPN-Nutzer")
	synced.Synced = true
	runCodeCases(t, DuplicateGroup, []codeCase{
		{name: "security group without mail beside a cloud group of its name",
			onprem: []OnPrem{group("VPN-Nutzer", "Security")}, cloud: []Cloud{cloudGroup("g1", "vpn-nutzer")},
			sam: "VPN-Nutzer", want: true, detail: "no mail address"},
		{name: "display name compared folded, white space collapsed",
			onprem: []OnPrem{{Type: Group, SAMAccountName: "sg1", DisplayName: "Größe  Team", GroupCategory: "Security"}},
			cloud:  []Cloud{cloudGroup("g1", "GRÖSSE Team", "SMTP:team@contoso.com")}, sam: "sg1", want: true, detail: "GRÖSSE Team"},
		{name: "distribution group whose address no cloud group holds",
			onprem: []OnPrem{group("Vertrieb", "Distribution", "SMTP:vertrieb@contoso.com")}, cloud: []Cloud{cloudGroup("g1", "Vertrieb", "SMTP:sales@contoso.com")},
			sam: "Vertrieb", want: true, detail: "vertrieb@contoso.com"},
		{name: "joined group is no duplicate",
			onprem: []OnPrem{joined}, cloud: []Cloud{cloudGroup("g1", "vertrieb", "SMTP:vertrieb@contoso.com")}, sam: "vertrieb", want: false},
		{name: "synced cloud group is not cloud-only",
			onprem: []OnPrem{group("VPN-Nutzer", "Security")}, cloud: []Cloud{synced}, sam: "VPN-Nutzer", want: false},
		{name: "a cloud user of that name is no group",
			onprem: []OnPrem{group("Empfang", "Security")}, cloud: []Cloud{{ID: "u", UserPrincipalName: "empfang@contoso.com", DisplayName: "Empfang"}}, sam: "Empfang", want: false},
		{name: "other name",
			onprem: []OnPrem{group("VPN-Nutzer", "Security")}, cloud: []Cloud{cloudGroup("g1", "VPN Admins")}, sam: "VPN-Nutzer", want: false},
	})
}

// TestObjectTypeMismatchBothWays: an address held by a user and a group or contact is an
// ObjectTypeMismatch on whichever sides the holders are.
func TestObjectTypeMismatchBothWays(t *testing.T) {
	tests := []struct {
		name   string
		onprem []OnPrem
		cloud  []Cloud
		onN    int // on-premises objects the finding names
		clN    int // cloud objects the finding names
	}{
		{"on-prem user, cloud group", []OnPrem{user("a", guidAnna, "anna@contoso.com", "SMTP:anna@contoso.com", "smtp:info@contoso.com")},
			[]Cloud{cloudGroup("g", "Info", "SMTP:info@contoso.com")}, 1, 1},
		{"on-prem group, cloud user", []OnPrem{group("info", "Distribution", "SMTP:info@contoso.com")},
			[]Cloud{cloudUser("u", "anna@contoso.com", "SMTP:anna@contoso.com", "smtp:info@contoso.com")}, 1, 1},
		{"on-prem contact, cloud user", []OnPrem{contact("José García", "jose@contoso.com")},
			[]Cloud{cloudUser("u", "jose@contoso.com", "SMTP:jose@contoso.com")}, 1, 1},
		{"on-prem user, cloud contact", []OnPrem{user("j", guidJosé, "jose@contoso.com", "SMTP:jose@contoso.com")},
			[]Cloud{cloudContact("k", "José García", "SMTP:jose@contoso.com")}, 1, 1},
		{"on-prem user, on-prem contact", []OnPrem{user("j", guidJosé, "jose@contoso.com", "SMTP:jose@contoso.com"), contact("José García", "", "SMTP:jose@contoso.com")},
			nil, 2, 0},
		{"cloud user, cloud group", []OnPrem{user("x", guidAnna, "x@contoso.com")},
			[]Cloud{cloudUser("u", "u@contoso.com", "SMTP:u@contoso.com", "smtp:hr@contoso.com"), cloudGroup("g", "HR", "SMTP:hr@contoso.com")}, 0, 2},
		{"UPN of a user against a group address", []OnPrem{user("hr", guidAnna, "hr@contoso.com")},
			[]Cloud{cloudGroup("g", "HR", "SMTP:hr@contoso.com")}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile(tt.onprem, tt.cloud, defaultSettings())
			fs := findingsWith(r, ObjectTypeMismatch)
			if len(fs) != 1 {
				t.Fatalf("%d object-type-mismatch findings, want 1\n%s", len(fs), describe(r))
			}
			if f := fs[0]; len(f.OnPrem) != tt.onN || len(f.Cloud) != tt.clN || f.Severity != Conflict {
				t.Errorf("finding names %d on-premises and %d cloud objects (%s), want %d and %d", len(f.OnPrem), len(f.Cloud), f.Severity, tt.onN, tt.clN)
			}
			for _, e := range r.Entries {
				if e.Outcome.joins() && objectType(r.Cloud[e.Cloud].Type) != objectType(r.OnPrem[e.OnPrem].Type) {
					t.Errorf("entry %d joined across kinds", e.OnPrem)
				}
			}
		})
	}
}

// TestFixesForGroupsAndContacts: the changes proposed for groups and contacts never use an
// anchor (they have no hard match), and a shared address is removed only where a script can
// change it and only once a human chose.
func TestFixesForGroupsAndContacts(t *testing.T) {
	bound := cloudGroup("g1", "Vertrieb", "SMTP:vertrieb@contoso.com")
	bound.Synced = true
	tests := []struct {
		name   string
		onprem []OnPrem
		cloud  []Cloud
		want   []Fix // Side, Action, Object, Old, New, Approved compared
	}{
		{"shared secondary addresses are offered for removal on both sides",
			[]OnPrem{group("info", "Distribution", "SMTP:info@contoso.com", "smtp:empfang@contoso.com"), user("e", guidAnna, "empfang@contoso.com", "SMTP:empfang@contoso.com")},
			[]Cloud{cloudContact("k", "Empfang", "SMTP:reception@fabrikam.com", "smtp:empfang@contoso.com"), cloudUser("u", "other@contoso.com", "SMTP:other@contoso.com")},
			[]Fix{
				{Side: OnPremSide, Action: RemoveAddress, Object: 0, Old: "smtp:empfang@contoso.com"},
				{Side: CloudSide, Action: RemoveAddress, Object: 0, Old: "smtp:empfang@contoso.com"},
			}},
		{"a mail-enabled group takes the same-name cloud group's address, unapproved",
			[]OnPrem{group("Vertrieb", "Distribution", "SMTP:vertrieb@contoso.local.example")},
			[]Cloud{cloudGroup("g1", "Vertrieb", "SMTP:vertrieb@contoso.com")},
			[]Fix{{Side: OnPremSide, Action: SetPrimarySMTP, Object: 0, Old: "vertrieb@contoso.local.example", New: "vertrieb@contoso.com"}}},
		{"a security group without mail gets an instruction only",
			[]OnPrem{group("VPN-Nutzer", "Security")}, []Cloud{cloudGroup("g1", "VPN-Nutzer", "SMTP:vpn@contoso.com")},
			[]Fix{{Side: CloudSide, Action: Manual, Object: 0}}},
		{"a bound cloud group is never given an anchor",
			[]OnPrem{group("vertrieb", "Distribution", "SMTP:vertrieb@contoso.com")}, []Cloud{bound},
			[]Fix{{Side: CloudSide, Action: Manual, Object: 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile(tt.onprem, tt.cloud, defaultSettings())
			var got []Fix
			for _, f := range r.Fixes {
				if f.Action == SetConsistencyGUID || f.Action == SetImmutableID {
					t.Errorf("anchor fix %+v for a group or contact", f)
				}
				if f.Reason == UPNUnverifiedSuffix || f.Reason == SMTPUnverifiedDomain || f.Reason == CollisionOnCreate || f.Reason == OnPremDuplicateAddress {
					continue
				}
				got = append(got, Fix{Side: f.Side, Action: f.Action, Object: f.Object, Old: f.Old, New: f.New, Approved: f.Approved})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("fixes %+v, want %+v", got, tt.want)
			}
			for k := range got {
				if got[k] != tt.want[k] {
					t.Errorf("fix %d = %+v, want %+v", k, got[k], tt.want[k])
				}
			}
		})
	}
}

// TestContactAddressesAreForeignByNature: a contact's primary address is on another
// organisation's domain, so smtp-unverified-domain never fires for it; for a group it does.
func TestContactAddressesAreForeignByNature(t *testing.T) {
	r := Reconcile([]OnPrem{
		contact("Ingrid Olsen", "ingrid.olsen@northwind.example", "SMTP:ingrid.olsen@northwind.example"),
		group("partner", "Distribution", "SMTP:partner@northwind.example"),
	}, nil, defaultSettings())
	if hasCode(r.Entries[0].Findings, SMTPUnverifiedDomain) {
		t.Errorf("contact: %v", r.Entries[0].Findings)
	}
	if !hasCode(r.Entries[1].Findings, SMTPUnverifiedDomain) {
		t.Errorf("group: %v", r.Entries[1].Findings)
	}
}
