package reconcile

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestAcceptance is the case of issue #2: the same pair of users under four tenant states.
func TestAcceptance(t *testing.T) {
	anna := OnPrem{SAMAccountName: "aberg", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg",
		UserPrincipalName: "anna.berg@contoso.com", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}
	tests := []struct {
		name      string
		cloud     Cloud
		upnMatch  bool
		want      Outcome
		wantCodes []Code
	}{
		{"immutable id equals objectGUID gives hard-match",
			Cloud{ID: "c1", UserPrincipalName: "anna.berg@contoso.com", ImmutableID: anchorOf(t, guidAnna),
				ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}}, true, HardMatch, nil},
		{"equal primary SMTP in different case gives smtp-match",
			Cloud{ID: "c1", UserPrincipalName: "Anna.Berg@Contoso.onmicrosoft.com",
				ProxyAddresses: []string{"SMTP:ANNA.BERG@CONTOSO.COM", "smtp:Anna.Berg@contoso.onmicrosoft.com"}}, true, SMTPMatch, []Code{UPNChanges}},
		{"no cloud proxyAddresses and equal UPN gives upn-match",
			Cloud{ID: "c1", UserPrincipalName: "anna.berg@contoso.com"}, true, UPNMatch, nil},
		{"UPN soft match off gives new with collision-on-create",
			Cloud{ID: "c1", UserPrincipalName: "anna.berg@contoso.com"}, false, New, []Code{CollisionOnCreate, LikelySamePerson}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaultSettings()
			s.UPNSoftMatch = tt.upnMatch
			r := Reconcile([]OnPrem{anna}, []Cloud{tt.cloud}, s)
			e := r.Entries[0]
			if e.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s (%s)", e.Outcome, tt.want, e.Reason)
			}
			if !reflect.DeepEqual(e.Findings, append([]Code{}, tt.wantCodes...)) {
				t.Errorf("findings %v, want %v", e.Findings, tt.wantCodes)
			}
			if tt.want.joins() && e.Cloud != 0 || !tt.want.joins() && e.Cloud != -1 {
				t.Errorf("cloud %d", e.Cloud)
			}
		})
	}
}

func TestHardMatch(t *testing.T) {
	cg, _ := GUIDBytes(guidZoë)
	tests := []struct {
		name     string
		onprem   OnPrem
		immID    string
		settings func(*Settings)
		want     Outcome
	}{
		{"objectGUID anchor", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna}, anchorOf(t, guidAnna), nil, HardMatch},
		{"consistency guid wins over objectGUID", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna, ConsistencyGUID: cg}, anchorOf(t, guidZoë), nil, HardMatch},
		{"objectGUID anchor ignores consistency guid when configured", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna, ConsistencyGUID: cg},
			anchorOf(t, guidAnna), func(s *Settings) { s.SourceAnchor = "objectGUID" }, HardMatch},
		{"ImmutableId comparison is case-sensitive", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna}, strings.ToLower(anchorOf(t, guidAnna)), nil, New},
		{"big-endian GUID bytes do not match", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna}, "NZGLyRltQOqXeYidebdT8A==", nil, New},
		{"hard match wins over a different SMTP candidate", OnPrem{SAMAccountName: "a", ObjectGUID: guidAnna, ProxyAddresses: []string{"SMTP:other@contoso.com"}},
			anchorOf(t, guidAnna), nil, HardMatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settingsWith(tt.settings)
			cloud := []Cloud{
				{ID: "c1", UserPrincipalName: "anna@contoso.com", ImmutableID: tt.immID},
				{ID: "c2", UserPrincipalName: "other@contoso.com", ProxyAddresses: []string{"SMTP:other@contoso.com"}},
			}
			r := Reconcile([]OnPrem{tt.onprem}, cloud, s)
			if got := r.Entries[0].Outcome; got != tt.want {
				t.Fatalf("outcome %s, want %s: %s", got, tt.want, r.Entries[0].Reason)
			}
			if tt.want == HardMatch && (r.Entries[0].Cloud != 0 || !strings.Contains(r.Entries[0].Reason, tt.immID)) {
				t.Errorf("joined %d, reason %q", r.Entries[0].Cloud, r.Entries[0].Reason)
			}
		})
	}
}

func TestSMTPSoftMatchCaseInsensitive(t *testing.T) {
	tests := []struct {
		name         string
		onprem       []string
		mail         string
		cloud        []string
		cloudUPN     string
		want         Outcome
		secondary    bool
		reasonNaming string
	}{
		{"upper and lower case", []string{"SMTP:ZOE.Dupont@Fabrikam.com"}, "", []string{"SMTP:zoe.dupont@fabrikam.com"}, "zd@fabrikam.com", SMTPMatch, false, "ZOE.Dupont@Fabrikam.com"},
		{"cloud secondary address", []string{"SMTP:zoe@fabrikam.com"}, "", []string{"SMTP:zoe.dupont@fabrikam.com", "smtp:ZOE@fabrikam.com"}, "zd@fabrikam.com", SMTPMatch, true, "secondary"},
		{"on-prem secondary does not match", []string{"SMTP:zoe.d@fabrikam.com", "smtp:zoe@fabrikam.com"}, "", []string{"SMTP:zoe@fabrikam.com"}, "zd@fabrikam.com", New, false, ""},
		{"mail when proxyAddresses has no SMTP: value", nil, "Zoe@Fabrikam.com", []string{"SMTP:zoe@fabrikam.com"}, "zd@fabrikam.com", SMTPMatch, false, "Zoe@Fabrikam.com"},
		{"cloud UPN counts as a proxy address of a mail-enabled user", []string{"SMTP:zoe@fabrikam.com"}, "", []string{"SMTP:zoe.dupont@fabrikam.com"}, "ZOE@fabrikam.com", SMTPMatch, true, "secondary"},
		{"non-ASCII folded with NFC", []string{"SMTP:Zoe\u0308@fabrikam.com"}, "", []string{"SMTP:zoë@fabrikam.com"}, "zd@fabrikam.com", SMTPMatch, false, ""},
		{"cloud user without a mailbox is not SMTP matched", []string{"SMTP:zoe@fabrikam.com"}, "", nil, "zd@fabrikam.com", New, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := OnPrem{SAMAccountName: "zoe", ObjectGUID: guidZoë, UserPrincipalName: "zoe.local@fabrikam.com", ProxyAddresses: tt.onprem, Mail: tt.mail}
			cl := Cloud{ID: "c1", UserPrincipalName: tt.cloudUPN, ProxyAddresses: tt.cloud}
			if tt.cloud == nil {
				cl.Mail = "zoe@fabrikam.com"
			}
			r := Reconcile([]OnPrem{op}, []Cloud{cl}, defaultSettings())
			e := r.Entries[0]
			if e.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s: %s", e.Outcome, tt.want, e.Reason)
			}
			if got := hasCode(e.Findings, SecondaryAddressMatch); got != tt.secondary {
				t.Errorf("secondary-address-match %v, want %v: %v", got, tt.secondary, e.Findings)
			}
			if !strings.Contains(e.Reason, tt.reasonNaming) {
				t.Errorf("reason %q does not name %q", e.Reason, tt.reasonNaming)
			}
		})
	}
}

func TestUPNSoftMatchOnlyWhenNoSMTPCandidate(t *testing.T) {
	op := OnPrem{SAMAccountName: "jose", ObjectGUID: guidJosé, UserPrincipalName: "jose.garcia@contoso.com",
		ProxyAddresses: []string{"SMTP:jgarcia@contoso.com"}}
	byUPN := Cloud{ID: "u", UserPrincipalName: "jose.garcia@contoso.com"}
	bySMTP := Cloud{ID: "s", UserPrincipalName: "jg@contoso.com", ProxyAddresses: []string{"SMTP:jgarcia@contoso.com"}}
	boundSMTP := bySMTP
	boundSMTP.ImmutableID = "AAAAAAAAAAAAAAAAAAAAAA=="
	tests := []struct {
		name    string
		cloud   []Cloud
		want    Outcome
		wantID  string
		codes   []Code
		setting bool
	}{
		{"UPN only", []Cloud{byUPN}, UPNMatch, "u", nil, true},
		{"SMTP candidate wins and UPN is taken", []Cloud{byUPN, bySMTP}, SMTPMatch, "s", []Code{UPNTaken, UPNChanges}, true},
		{"blocked SMTP candidate still stops UPN match", []Cloud{byUPN, boundSMTP}, Blocked, "s", []Code{CloudBound}, true},
		{"setting off", []Cloud{byUPN}, New, "", []Code{CollisionOnCreate, LikelySamePerson}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := defaultSettings()
			s.UPNSoftMatch = tt.setting
			r := Reconcile([]OnPrem{op}, tt.cloud, s)
			e := r.Entries[0]
			if e.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s: %s", e.Outcome, tt.want, e.Reason)
			}
			gotID := ""
			if e.Cloud >= 0 {
				gotID = r.Cloud[e.Cloud].ID
			}
			if gotID != tt.wantID {
				t.Errorf("cloud %q, want %q", gotID, tt.wantID)
			}
			if !reflect.DeepEqual(e.Findings, append([]Code{}, tt.codes...)) {
				t.Errorf("findings %v, want %v", e.Findings, tt.codes)
			}
		})
	}
}

func TestNoUPNMatchGivesNewWithCollisionOnCreate(t *testing.T) {
	s := defaultSettings()
	s.UPNSoftMatch = false
	op := OnPrem{SAMAccountName: "tanaka", ObjectGUID: guidAnna, DisplayName: "田中 太郎", UserPrincipalName: "taro.tanaka@contoso.com"}
	cl := Cloud{ID: "c", UserPrincipalName: "Taro.Tanaka@contoso.com", DisplayName: "田中 太郎"}
	r := Reconcile([]OnPrem{op}, []Cloud{cl}, s)
	e := r.Entries[0]
	if e.Outcome != New || !hasCode(e.Findings, CollisionOnCreate) {
		t.Fatalf("got %s %v", e.Outcome, e.Findings)
	}
	if !strings.Contains(e.Reason, "UPN soft match is off") {
		t.Errorf("reason %q does not say why", e.Reason)
	}
	// The equal UPN is the join the consultant wants: hard-match by writing the anchor.
	var fix *Fix
	for k := range r.Fixes {
		if r.Fixes[k].Reason == CollisionOnCreate {
			fix = &r.Fixes[k]
		}
	}
	if fix == nil || fix.Action != SetImmutableID || fix.New != anchorOf(t, guidAnna) || fix.Side != CloudSide || fix.Script != CloudScript {
		t.Errorf("fix %+v", fix)
	}
}

func TestIncomingUPN(t *testing.T) {
	tests := []struct {
		name   string
		onprem OnPrem
		want   string
		codes  []Code
	}{
		{"verified suffix kept as spelled", OnPrem{UserPrincipalName: "Anna.Berg@Contoso.com"}, "Anna.Berg@Contoso.com", nil},
		{"unverified suffix uses mailNickname", OnPrem{UserPrincipalName: "billa@contoso.local", MailNickname: "bill.a", ProxyAddresses: []string{"SMTP:bill@contoso.com"}},
			"bill.a@contoso.onmicrosoft.com", []Code{UPNUnverifiedSuffix}},
		{"then primary SMTP prefix", OnPrem{UserPrincipalName: "billa@contoso.local", Mail: "b.mail@contoso.com", ProxyAddresses: []string{"SMTP:bill@contoso.com"}},
			"bill@contoso.onmicrosoft.com", []Code{UPNUnverifiedSuffix}},
		{"then mail prefix", OnPrem{UserPrincipalName: "billa@contoso.local", Mail: "b.mail@contoso.com", ProxyAddresses: []string{"X500:/o=x"}},
			"b.mail@contoso.onmicrosoft.com", []Code{UPNUnverifiedSuffix}},
		{"then UPN prefix", OnPrem{UserPrincipalName: "billa@contoso.local"}, "billa@contoso.onmicrosoft.com", []Code{UPNUnverifiedSuffix}},
		{"invalid UPN is replaced", OnPrem{UserPrincipalName: "bill a@contoso.com", MailNickname: "billa"}, "billa@contoso.onmicrosoft.com", []Code{InvalidValue}},
		{"initial domain is verified", OnPrem{UserPrincipalName: "bill@contoso.onmicrosoft.com"}, "bill@contoso.onmicrosoft.com", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.onprem.SAMAccountName = "billa"
			r := Reconcile([]OnPrem{tt.onprem}, nil, defaultSettings())
			e := r.Entries[0]
			if e.UPN != tt.want {
				t.Errorf("UPN %q, want %q", e.UPN, tt.want)
			}
			if !reflect.DeepEqual(e.Findings, append([]Code{}, tt.codes...)) {
				t.Errorf("findings %v, want %v", e.Findings, tt.codes)
			}
		})
	}
}

func TestProxyCalculation(t *testing.T) {
	tests := []struct {
		name    string
		proxies []string
		mail    string
		primary string
	}{
		{"primary from SMTP:", []string{"smtp:b@contoso.com", "SMTP:a@contoso.com"}, "m@contoso.com", "a@contoso.com"},
		{"reserved suffix dropped, mail used", []string{"SMTP:a@contoso.onmicrosoft.com"}, "m@contoso.com", "m@contoso.com"},
		{"mail.onmicrosoft.com dropped", []string{"SMTP:a@contoso.mail.onmicrosoft.com", "smtp:b@contoso.com"}, "", ""},
		{"X400 and malformed dropped", []string{"X400:c=US;a= ;p=Contoso", "a@contoso.com", "SMTP:a b@contoso.com"}, "m@contoso.com", "m@contoso.com"},
		{"second SMTP: is a secondary", []string{"SMTP:a@contoso.com", "SMTP:b@contoso.com"}, "", "a@contoso.com"},
		{"white space around values trimmed", []string{"  SMTP:a@contoso.com "}, "", "a@contoso.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reconcile([]OnPrem{{SAMAccountName: "a", ProxyAddresses: tt.proxies, Mail: tt.mail}}, nil, defaultSettings())
			if got := r.Entries[0].PrimarySMTP; got != tt.primary {
				t.Errorf("primary %q, want %q", got, tt.primary)
			}
		})
	}
}

func TestExcludedByDefaultRules(t *testing.T) {
	tests := []struct {
		name   string
		onprem OnPrem
		reason string
	}{
		{"critical system object", OnPrem{SAMAccountName: "krbtgt", IsCriticalSystemObject: true}, "isCriticalSystemObject"},
		{"no sAMAccountName", OnPrem{UserPrincipalName: "x@contoso.com"}, "no sAMAccountName"},
		{"MSOL_ account", OnPrem{SAMAccountName: "MSOL_4f2a9c1b7d3e"}, "MSOL_"},
		{"AAD_ account", OnPrem{SAMAccountName: "aad_81c3f0e2"}, "AAD_"},
		{"support account", OnPrem{SAMAccountName: "SUPPORT_388945a0"}, "support"},
		{"system mailbox", OnPrem{SAMAccountName: "SM_1", MailNickname: "SystemMailbox{1f05a927-3be2-4fb9-aa03-b59fe3b56f4c}"}, "system mailbox"},
		{"CAS account", OnPrem{SAMAccountName: "CAS_{42c0b2ea}"}, "CAS"},
		{"replication conflict", OnPrem{SAMAccountName: "anna2", DistinguishedName: `CN=Anna Berg\0ACNF:6f1c2d9e-8a7b-4c3d-9e2f-1a0b3c5d7e9f,OU=Users,DC=contoso,DC=local`}, "replication conflict"},
		{"contact without mail", OnPrem{Type: Contact, DistinguishedName: "CN=Ext,OU=Contacts,DC=contoso,DC=local"}, "not mail-enabled"},
		{"distribution group without mail", OnPrem{Type: Group, SAMAccountName: "dl", GroupCategory: "Distribution"}, "not mail-enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A second, ordinary user shows the export has a sAMAccountName column.
			r := Reconcile([]OnPrem{tt.onprem, {SAMAccountName: "normal"}}, nil, defaultSettings())
			e := r.Entries[0]
			if e.Outcome != Excluded || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("got %s %q, want excluded naming %q", e.Outcome, e.Reason, tt.reason)
			}
			if len(e.Findings) != 0 {
				t.Errorf("excluded object has findings %v", e.Findings)
			}
		})
	}
	// Security groups sync with or without mail; a user is not excluded for lacking a
	// sAMAccountName when the export has no such column at all.
	r := Reconcile([]OnPrem{{Type: Group, SAMAccountName: "sg", GroupCategory: "Security"}, {UserPrincipalName: "x@contoso.com"}}, nil, defaultSettings())
	for _, e := range r.Entries {
		if e.Outcome == Excluded {
			t.Errorf("%d excluded: %s", e.OnPrem, e.Reason)
		}
	}
}

func TestBlockedCandidates(t *testing.T) {
	base := func() Cloud {
		return Cloud{ID: "c", UserPrincipalName: "anna@contoso.com", ProxyAddresses: []string{"SMTP:anna@contoso.com"}}
	}
	tests := []struct {
		name     string
		cloud    func(c *Cloud)
		settings func(s *Settings)
		want     Outcome
		codes    []Code
	}{
		{"different ImmutableId", func(c *Cloud) { c.ImmutableID = anchorOf(t, guidJosé) }, nil, Blocked, []Code{CloudBound}},
		{"synced already", func(c *Cloud) { c.Synced = true }, nil, Blocked, []Code{CloudBound}},
		{"admin role", func(c *Cloud) { c.Roles = []string{"Exchange Administrator"} }, nil, Blocked, []Code{CloudAdmin}},
		{"admin role unknown without roles export", func(c *Cloud) { c.Roles = []string{"Exchange Administrator"} },
			func(s *Settings) { s.RolesKnown = false }, SMTPMatch, nil},
		{"soft match blocked", nil, func(s *Settings) { s.BlockSoftMatch = true }, Blocked, []Code{SoftMatchBlocked}},
		{"every block is reported", func(c *Cloud) { c.Synced = true; c.Roles = []string{"Global Administrator"} },
			func(s *Settings) { s.BlockSoftMatch = true }, Blocked, []Code{CloudBound, CloudAdmin, SoftMatchBlocked}},
		{"hard match blocked for cloud-created users", func(c *Cloud) { c.ImmutableID = anchorOf(t, guidAnna) },
			func(s *Settings) { s.BlockHardMatch = true }, Blocked, []Code{HardMatchBlocked}},
		{"hard match of a synced user is not a takeover", func(c *Cloud) { c.ImmutableID = anchorOf(t, guidAnna); c.Synced = true },
			func(s *Settings) { s.BlockHardMatch = true }, HardMatch, nil},
		{"privileged role blocks hard match", func(c *Cloud) {
			c.ImmutableID = anchorOf(t, guidAnna)
			c.Roles = []string{"Global Administrator"}
			c.PrivilegedRole = true
		}, func(s *Settings) { s.PrivilegedHardMatchBlock = true }, Blocked, []Code{HardMatchBlocked}},
		{"onPremisesObjectIdentifier blocks hard match", func(c *Cloud) {
			c.ImmutableID = anchorOf(t, guidAnna)
			c.OnPremisesObjectIdentifier = "6f1c2d9e-8a7b-4c3d-9e2f-1a0b3c5d7e9f"
		}, func(s *Settings) { s.PrivilegedHardMatchBlock = true }, Blocked, []Code{HardMatchBlocked}},
		{"admin role does not block hard match", func(c *Cloud) {
			c.ImmutableID = anchorOf(t, guidAnna)
			c.Roles = []string{"Global Administrator"}
			c.PrivilegedRole = true
		}, nil, HardMatch, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settingsWith(tt.settings)
			c := base()
			if tt.cloud != nil {
				tt.cloud(&c)
			}
			op := OnPrem{SAMAccountName: "anna", ObjectGUID: guidAnna, UserPrincipalName: "anna@contoso.com", ProxyAddresses: []string{"SMTP:anna@contoso.com"}}
			r := Reconcile([]OnPrem{op}, []Cloud{c}, s)
			e := r.Entries[0]
			if e.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s: %s", e.Outcome, tt.want, e.Reason)
			}
			if !reflect.DeepEqual(e.Findings, append([]Code{}, tt.codes...)) {
				t.Errorf("findings %v, want %v", e.Findings, tt.codes)
			}
			if e.Outcome == Blocked {
				if e.Cloud != 0 || len(r.CloudOnly) != 1 || !strings.HasPrefix(e.Reason, "Blocked") {
					t.Errorf("blocked entry: cloud %d, cloud-only %v, reason %q", e.Cloud, r.CloudOnly, e.Reason)
				}
				for _, code := range tt.codes {
					if !hasCode(r.CloudOnly[0].Findings, code) {
						t.Errorf("cloud-only findings %v lack %s", r.CloudOnly[0].Findings, code)
					}
				}
			}
		})
	}
}

func TestContestedJoinBlocksEveryContender(t *testing.T) {
	op := []OnPrem{
		{SAMAccountName: "anna", ObjectGUID: guidAnna, ProxyAddresses: []string{"SMTP:info@contoso.com"}},
		{SAMAccountName: "bjorn", ObjectGUID: guidBjörn, ProxyAddresses: []string{"smtp:x@contoso.com", "SMTP:Info@Contoso.com"}},
		{SAMAccountName: "zoe", ObjectGUID: guidZoë, ProxyAddresses: []string{"SMTP:zoe@contoso.com"}},
	}
	cl := []Cloud{{ID: "c", UserPrincipalName: "info@contoso.com", ProxyAddresses: []string{"SMTP:info@contoso.com"}}}
	r := Reconcile(op, cl, defaultSettings())
	for _, sam := range []string{"anna", "bjorn"} {
		e := mustEntry(t, r, sam)
		if e.Outcome != Blocked || !hasCode(e.Findings, Contested) || !hasCode(e.Findings, OnPremDuplicateAddress) {
			t.Errorf("%s: %s %v", sam, e.Outcome, e.Findings)
		}
	}
	if e := mustEntry(t, r, "zoe"); e.Outcome != New {
		t.Errorf("zoe: %s", e.Outcome)
	}
	f := findingsWith(r, Contested)
	if len(f) != 1 || !reflect.DeepEqual(f[0].OnPrem, []int{0, 1}) || !reflect.DeepEqual(f[0].Cloud, []int{0}) {
		t.Fatalf("contested findings %+v", f)
	}
	if co := cloudOnlyOf(r, "info@contoso.com"); co == nil || !hasCode(co.Findings, Contested) {
		t.Errorf("the contested cloud user is cloud-only with the code: %+v", co)
	}
	// Two objects with the same ConsistencyGuid contest a hard match too.
	cg, _ := GUIDBytes(guidJosé)
	r = Reconcile([]OnPrem{{SAMAccountName: "a", ConsistencyGUID: cg}, {SAMAccountName: "b", ConsistencyGUID: cg}},
		[]Cloud{{ID: "c", UserPrincipalName: "jose@contoso.com", ImmutableID: anchorOf(t, guidJosé)}}, defaultSettings())
	for _, e := range r.Entries {
		if e.Outcome != Blocked || !hasCode(e.Findings, Contested) {
			t.Errorf("duplicate anchor: %s %v", e.Outcome, e.Findings)
		}
	}
}

func TestGroupsAndContactsSoftMatchTheirOwnKind(t *testing.T) {
	op := []OnPrem{
		{Type: Group, SAMAccountName: "sales", GroupCategory: "Distribution", ProxyAddresses: []string{"SMTP:sales@contoso.com"}},
		{Type: Contact, DistinguishedName: "CN=Łukasz Nowak,OU=Contacts,DC=contoso,DC=local", Mail: "lukasz.nowak@partner.example"},
		{SAMAccountName: "help", ObjectGUID: guidAnna, ProxyAddresses: []string{"SMTP:help@contoso.com"}},
	}
	cl := []Cloud{
		{ID: "g", Type: Group, Mail: "sales@contoso.com", ProxyAddresses: []string{"SMTP:sales@contoso.com"}},
		{ID: "k", Type: Contact, Mail: "lukasz.nowak@partner.example", ProxyAddresses: []string{"SMTP:lukasz.nowak@partner.example"}},
		{ID: "h", Type: Group, Mail: "help@contoso.com", ProxyAddresses: []string{"SMTP:help@contoso.com"}},
	}
	s := defaultSettings()
	s.VerifiedDomains = nil
	r := Reconcile(op, cl, s)
	if r.Entries[0].Outcome != SMTPMatch || r.Entries[0].Cloud != 0 {
		t.Errorf("group: %s %d", r.Entries[0].Outcome, r.Entries[0].Cloud)
	}
	if r.Entries[1].Outcome != SMTPMatch || r.Entries[1].Cloud != 1 {
		t.Errorf("contact: %s %d", r.Entries[1].Outcome, r.Entries[1].Cloud)
	}
	if e := r.Entries[2]; e.Outcome != New || !hasCode(e.Findings, ObjectTypeMismatch) || !hasCode(e.Findings, CollisionOnCreate) {
		t.Errorf("user vs cloud group: %s %v", e.Outcome, e.Findings)
	}
}

// shuffled returns the records in a random order and the permutation used.
func shuffled[T any](rng *rand.Rand, in []T) ([]T, []int) {
	perm := rng.Perm(len(in))
	out := make([]T, len(in))
	for k, p := range perm {
		out[k] = in[p]
	}
	return out, perm
}

func TestOutcomesDoNotDependOnInputOrder(t *testing.T) {
	op, cl := scenario(t)
	s := defaultSettings()
	base := Reconcile(op, cl, s)
	type key struct {
		outcome  Outcome
		cloudID  string
		findings string
	}
	summarize := func(r *Result) map[string]key {
		m := map[string]key{}
		for _, e := range r.Entries {
			id := ""
			if e.Cloud >= 0 {
				id = r.Cloud[e.Cloud].ID
			}
			codes := make([]string, len(e.Findings))
			for k, c := range e.Findings {
				codes[k] = string(c)
			}
			// Contacts have no sAMAccountName: their distinguished name identifies them.
			o := &r.OnPrem[e.OnPrem]
			m[o.SAMAccountName+"|"+o.DistinguishedName] = key{e.Outcome, id, strings.Join(codes, ",")}
		}
		return m
	}
	want := summarize(base)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		op2, _ := shuffled(rng, op)
		cl2, _ := shuffled(rng, cl)
		got := summarize(Reconcile(op2, cl2, s))
		if !reflect.DeepEqual(got, want) {
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("round %d: %s: %+v, want %+v", round, k, got[k], want[k])
				}
			}
			return
		}
	}
}

func TestSameInputsSameResult(t *testing.T) {
	op, cl := scenario(t)
	a := Reconcile(op, cl, defaultSettings())
	for k := 0; k < 5; k++ {
		if b := Reconcile(op, cl, defaultSettings()); !reflect.DeepEqual(a, b) {
			t.Fatal("two runs on the same inputs differ")
		}
	}
	if len(a.Entries) != len(op) {
		t.Fatalf("%d entries for %d records", len(a.Entries), len(op))
	}
	for k, e := range a.Entries {
		if e.OnPrem != k || e.Reason == "" {
			t.Errorf("entry %d: index %d, reason %q", k, e.OnPrem, e.Reason)
		}
	}
}

// scenario is a small tenant where most rules fire at once, with ties that input order
// could break: contested joins, duplicate addresses, likely pairs with namesakes.
func scenario(t testing.TB) ([]OnPrem, []Cloud) {
	op := []OnPrem{
		{SAMAccountName: "aberg", ObjectGUID: guidAnna, GivenName: "Anna", Surname: "Berg", UserPrincipalName: "anna.berg@contoso.com", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}},
		{SAMAccountName: "bmuller", ObjectGUID: guidBjörn, GivenName: "Björn", Surname: "Müller", UserPrincipalName: "bjorn@contoso.local", ProxyAddresses: []string{"SMTP:bjorn.muller@contoso.com"}},
		{SAMAccountName: "zdupont", ObjectGUID: guidZoë, GivenName: "Zoë", Surname: "Dupont", UserPrincipalName: "zoe.dupont@fabrikam.com", ProxyAddresses: []string{"SMTP:zoe@fabrikam.com", "smtp:info@fabrikam.com"}},
		{SAMAccountName: "jgarcia", ObjectGUID: guidJosé, GivenName: "José", Surname: "García", UserPrincipalName: "jose.garcia@contoso.com", ProxyAddresses: []string{"SMTP:info@fabrikam.com"}},
		{SAMAccountName: "lnowak", ObjectGUID: "0b7e3c59-d821-4a6f-8e3d-92c1a4f5b706", GivenName: "Łukasz", Surname: "Nowak", UserPrincipalName: "lukasz.nowak@contoso.com", Mail: "lukasz.nowak@contoso.com"},
		{SAMAccountName: "lnowak2", ObjectGUID: "7d4a1f8c-3e6b-4920-b5c7-e18d2f9a6b43", GivenName: "Lukasz", Surname: "Nowak", UserPrincipalName: "l.nowak@contoso.com"},
		{SAMAccountName: "tnguyen", ObjectGUID: "e5c28b14-6f9a-4d37-8c02-b7a9e3d6f158", GivenName: "Nguyễn", Surname: "Văn An", UserPrincipalName: "an.nguyen@contoso.com", Enabled: boolp(false), ProxyAddresses: []string{"SMTP:an.nguyen@contoso.com"}},
		group("vertrieb", "Distribution", "SMTP:vertrieb@contoso.com"),
		group("sg-vpn", "Security"),
		contact("Lars Eriksson", "lars@fabrikam.example", "SMTP:lars@fabrikam.example", "smtp:an.nguyen@contoso.com"),
	}
	cl := []Cloud{
		{ID: "a1", UserPrincipalName: "anna.berg@contoso.com", ProxyAddresses: []string{"SMTP:anna.berg@contoso.com"}, ImmutableID: anchorOf(t, guidAnna)},
		{ID: "b1", UserPrincipalName: "bjorn.muller@contoso.onmicrosoft.com", GivenName: "Bjorn", Surname: "Muller"},
		{ID: "i1", UserPrincipalName: "info@fabrikam.com", ProxyAddresses: []string{"SMTP:info@fabrikam.com"}},
		{ID: "z1", UserPrincipalName: "zoe@fabrikam.com", ProxyAddresses: []string{"SMTP:zoe@fabrikam.com"}, Roles: []string{"Helpdesk Administrator"}},
		{ID: "n1", UserPrincipalName: "nowak@contoso.onmicrosoft.com", GivenName: "Lukasz", Surname: "Nowak"},
		{ID: "v1", UserPrincipalName: "an.nguyen@contoso.com", ProxyAddresses: []string{"smtp:an.nguyen@contoso.com", "SMTP:an@contoso.com"}, AccountEnabled: boolp(true)},
		cloudGroup("g1", "Vertrieb", "SMTP:vertrieb@contoso.com"),
		cloudGroup("g2", "SG-VPN"),
		cloudContact("k1", "Lars Eriksson", "SMTP:lars@fabrikam.example"),
	}
	return op, cl
}

// TestScenarioHoldsGroupsAndContacts keeps the order-independence tests honest: the
// scenario must exercise the group and contact rules they shuffle.
func TestScenarioHoldsGroupsAndContacts(t *testing.T) {
	op, cl := scenario(t)
	r := Reconcile(op, cl, defaultSettings())
	want := map[string]Outcome{"vertrieb": SMTPMatch, "sg-vpn": New, "": SMTPMatch}
	for _, e := range r.Entries {
		o := &r.OnPrem[e.OnPrem]
		if o.Type == "" {
			continue
		}
		if e.Outcome != want[o.SAMAccountName] {
			t.Errorf("%s %s: %s, want %s", o.Type, o.SAMAccountName, e.Outcome, want[o.SAMAccountName])
		}
	}
	for _, c := range []Code{DuplicateGroup, ObjectTypeMismatch} {
		if len(findingsWith(r, c)) == 0 {
			t.Errorf("the scenario raises no %s", c)
		}
	}
}
