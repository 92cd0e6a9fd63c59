package samples

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

// readCSV is a minimal reader for the samples' known shapes: it drops a UTF-8 BOM and a
// #TYPE line and returns the records keyed by header. The real readers live in formats.
func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	data, err := FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if bytes.HasPrefix(data, []byte("#TYPE ")) {
		data = data[bytes.IndexByte(data, '\n')+1:]
	}
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := map[string]string{}
		for k, h := range header {
			m[h] = rec[k]
		}
		out = append(out, m)
	}
}

func split(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ";")
}

func boolOf(v string) *bool {
	switch strings.ToLower(v) {
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	}
	return nil
}

// load turns the samples into reconcile records and the tenant settings they describe.
func load(t *testing.T) ([]reconcile.OnPrem, []reconcile.Cloud, reconcile.Settings) {
	var onprem []reconcile.OnPrem
	for k, r := range readCSV(t, OnPremUsers) {
		o := reconcile.OnPrem{
			Source:            reconcile.Source{File: OnPremUsers, Line: k + 3},
			DistinguishedName: r["DistinguishedName"], Enabled: boolOf(r["Enabled"]), GivenName: r["GivenName"],
			Surname: r["Surname"], Name: r["Name"], DisplayName: r["DisplayName"], SAMAccountName: r["SamAccountName"],
			UserPrincipalName: r["UserPrincipalName"], Mail: r["mail"], MailNickname: r["mailNickname"],
			ProxyAddresses: split(r["proxyAddresses"]),
		}
		g, err := reconcile.ParseGUID(r["ObjectGUID"])
		if err != nil {
			t.Fatalf("line %d: %v", k+3, err)
		}
		o.ObjectGUID = g
		if v := r["mS-DS-ConsistencyGuid"]; v != "" {
			if o.ConsistencyGUID, err = base64.StdEncoding.DecodeString(v); err != nil {
				t.Fatalf("line %d: %v", k+3, err)
			}
		}
		onprem = append(onprem, o)
	}
	for k, r := range readCSV(t, OnPremGroups) {
		g, err := reconcile.ParseGUID(r["ObjectGUID"])
		if err != nil {
			t.Fatalf("%s line %d: %v", OnPremGroups, k+3, err)
		}
		onprem = append(onprem, reconcile.OnPrem{
			Source: reconcile.Source{File: OnPremGroups, Line: k + 3}, Type: reconcile.Group, ObjectGUID: g,
			DistinguishedName: r["DistinguishedName"], Name: r["Name"], SAMAccountName: r["SamAccountName"],
			GroupCategory: r["GroupCategory"], Mail: r["mail"], ProxyAddresses: split(r["proxyAddresses"]),
		})
	}
	for k, r := range readCSV(t, OnPremContacts) {
		g, err := reconcile.ParseGUID(r["ObjectGUID"])
		if err != nil {
			t.Fatalf("%s line %d: %v", OnPremContacts, k+3, err)
		}
		if r["ObjectClass"] != "contact" {
			t.Fatalf("%s line %d: objectClass %q", OnPremContacts, k+3, r["ObjectClass"])
		}
		onprem = append(onprem, reconcile.OnPrem{
			Source: reconcile.Source{File: OnPremContacts, Line: k + 3}, Type: reconcile.Contact, ObjectGUID: g,
			DistinguishedName: r["DistinguishedName"], Name: r["Name"], DisplayName: r["displayName"],
			Mail: r["mail"], ProxyAddresses: split(r["proxyAddresses"]),
		})
	}
	roles := map[string][]string{}
	for _, r := range readCSV(t, Roles) {
		roles[r["UserId"]] = append(roles[r["UserId"]], r["RoleName"])
	}
	var cloud []reconcile.Cloud
	for k, r := range readCSV(t, CloudUsers) {
		c := reconcile.Cloud{
			Source: reconcile.Source{File: CloudUsers, Line: k + 2}, ID: r["Id"], UserPrincipalName: r["UserPrincipalName"],
			DisplayName: r["DisplayName"], GivenName: r["GivenName"], Surname: r["Surname"], Mail: r["Mail"],
			MailNickname: r["MailNickname"], ProxyAddresses: split(r["ProxyAddresses"]), ImmutableID: r["OnPremisesImmutableId"],
			Synced: strings.EqualFold(r["OnPremisesSyncEnabled"], "true"), AccountEnabled: boolOf(r["AccountEnabled"]),
			UserType: r["UserType"], Roles: roles[r["Id"]],
		}
		for _, role := range c.Roles {
			c.PrivilegedRole = c.PrivilegedRole || reconcile.IsPrivilegedRole(role)
		}
		cloud = append(cloud, c)
	}
	for k, r := range readCSV(t, CloudContacts) {
		cloud = append(cloud, reconcile.Cloud{
			Source: reconcile.Source{File: CloudContacts, Line: k + 2}, Type: reconcile.Contact, ID: r["Id"],
			DisplayName: r["DisplayName"], GivenName: r["GivenName"], Surname: r["Surname"], Mail: r["Mail"],
			MailNickname: r["MailNickname"], ProxyAddresses: split(r["ProxyAddresses"]),
		})
	}
	for k, r := range readCSV(t, CloudGroups) {
		cloud = append(cloud, reconcile.Cloud{
			Source: reconcile.Source{File: CloudGroups, Line: k + 2}, Type: reconcile.Group, ID: r["Id"],
			DisplayName: r["DisplayName"], Mail: r["Mail"], ProxyAddresses: split(r["ProxyAddresses"]),
		})
	}
	s := reconcile.Settings{UPNSoftMatch: true, RolesKnown: true, PrivilegedHardMatchBlock: true}
	for _, r := range readCSV(t, Domains) {
		switch {
		case strings.EqualFold(r["IsInitial"], "true"):
			s.InitialDomain = r["Id"]
		case strings.EqualFold(r["IsVerified"], "true") && !reconcile.IsReservedDomain(reconcile.Fold(r["Id"])):
			s.VerifiedDomains = append(s.VerifiedDomains, r["Id"])
		}
	}
	return onprem, cloud, s
}

func TestSamplesShowEveryOutcomeAndCode(t *testing.T) {
	onprem, cloud, s := load(t)
	if len(onprem) < 30 || len(onprem) > 60 || len(cloud) < 30 || len(cloud) > 60 {
		t.Errorf("%d on-premises and %d cloud records, want 30-60 each", len(onprem), len(cloud))
	}
	r := reconcile.Reconcile(onprem, cloud, s)
	outcomes := map[reconcile.Outcome]int{}
	for _, e := range r.Entries {
		outcomes[e.Outcome]++
	}
	for _, o := range reconcile.Outcomes {
		if outcomes[o] == 0 {
			t.Errorf("no %s in the samples", o)
		}
	}
	codes := map[reconcile.Code]int{}
	for _, f := range r.Findings {
		codes[f.Code]++
	}
	// soft-match-blocked depends on a tenant feature, not on a record: a second run with
	// BlockSoftMatchEnabled shows it.
	s.BlockSoftMatch = true
	for _, f := range reconcile.Reconcile(onprem, cloud, s).Findings {
		if f.Code == reconcile.SoftMatchBlocked {
			codes[f.Code]++
		}
	}
	for _, c := range reconcile.Codes {
		if codes[c] == 0 {
			t.Errorf("no %s in the samples", c)
		}
	}
	if len(r.CloudOnly) == 0 || len(r.Fixes) == 0 {
		t.Errorf("%d cloud-only users and %d fixes, want some of each", len(r.CloudOnly), len(r.Fixes))
	}
	if t.Failed() {
		for _, e := range r.Entries {
			t.Logf("%s: %s %v: %s", onprem[e.OnPrem].SAMAccountName, e.Outcome, e.Findings, e.Reason)
		}
	}
}

// TestSamplesShowGroupsAndContacts checks the group and contact cases the demo promises: a
// group and a contact soft match, an address shared by a user and a group or contact, a
// security group without mail created new beside a cloud group of its name, and a
// distribution group and a contact without mail left out.
func TestSamplesShowGroupsAndContacts(t *testing.T) {
	onprem, cloud, s := load(t)
	r := reconcile.Reconcile(onprem, cloud, s)
	type got struct {
		outcome reconcile.Outcome
		cloud   string
		codes   []reconcile.Code
	}
	byName := map[string]got{}
	for _, e := range r.Entries {
		o := &onprem[e.OnPrem]
		if o.Type == "" {
			continue
		}
		g := got{outcome: e.Outcome, codes: e.Findings}
		if e.Cloud >= 0 {
			if cloud[e.Cloud].Type != o.Type {
				t.Errorf("%s %s joined a cloud %s", o.Type, o.Name, cloud[e.Cloud].Type)
			}
			g.cloud = cloud[e.Cloud].DisplayName
		}
		byName[o.Name] = g
	}
	tests := []struct {
		name    string
		outcome reconcile.Outcome
		cloud   string
		code    reconcile.Code
	}{
		{"Vertrieb", reconcile.SMTPMatch, "Vertrieb", ""},
		{"Ingrid Olsen (Northwind)", reconcile.SMTPMatch, "Ingrid Olsen (Northwind)", ""},
		{"Helpdesk", reconcile.New, "", reconcile.ObjectTypeMismatch},
		{"VPN-Nutzer", reconcile.New, "", reconcile.DuplicateGroup},
		{"Geschäftsleitung", reconcile.New, "", reconcile.DuplicateGroup},
		{"Alte Projektliste", reconcile.Excluded, "", ""},
		{"Dr. Klaus Weiß (Notar)", reconcile.Excluded, "", ""},
		{"Aiko Yamamoto (Fabrikam Japan)", reconcile.New, "", ""},
	}
	for _, tt := range tests {
		g, ok := byName[tt.name]
		if !ok {
			t.Errorf("%s is not in the samples", tt.name)
			continue
		}
		if g.outcome != tt.outcome || g.cloud != tt.cloud || tt.code != "" && !slices.Contains(g.codes, tt.code) {
			t.Errorf("%s: %s %q %v, want %s %q with %q", tt.name, g.outcome, g.cloud, g.codes, tt.outcome, tt.cloud, tt.code)
		}
	}
	// The user-against-contact mismatch is the other direction: an on-premises user's
	// address held by a cloud contact.
	crossed := false
	for _, f := range r.Findings {
		if f.Code == reconcile.ObjectTypeMismatch && len(f.OnPrem) == 1 && onprem[f.OnPrem[0]].Type == "" {
			crossed = true
		}
	}
	if !crossed {
		t.Error("no object-type-mismatch between an on-premises user and a cloud group or contact")
	}
}

// TestSampleAnchorsAreDerivedCorrectly checks that every cloud ImmutableId meant for a
// hard match is the .NET-order base64 of an on-premises objectGUID or ConsistencyGuid.
func TestSampleAnchorsAreDerivedCorrectly(t *testing.T) {
	onprem, cloud, s := load(t)
	anchors := map[string]bool{}
	for k := range onprem {
		a, _ := reconcile.SourceAnchor(&onprem[k], &s)
		anchors[a] = true
	}
	hard := 0
	for _, c := range cloud {
		if c.ImmutableID != "" && anchors[c.ImmutableID] {
			hard++
		}
	}
	if hard < 3 {
		t.Errorf("%d cloud ImmutableIds equal an on-premises anchor, want at least 3", hard)
	}
}

func TestSampleShapes(t *testing.T) {
	for name, typ := range map[string]string{
		OnPremUsers:    "Microsoft.ActiveDirectory.Management.ADUser",
		OnPremGroups:   "Microsoft.ActiveDirectory.Management.ADGroup",
		OnPremContacts: "Microsoft.ActiveDirectory.Management.ADObject",
	} {
		raw, _ := FS.ReadFile(name)
		if !bytes.HasPrefix(raw, []byte("\ufeff#TYPE "+typ+"\r\n")) {
			t.Errorf("%s does not start with a BOM and the #TYPE line of Windows PowerShell 5.1", name)
		}
	}
	for _, name := range []string{CloudUsers, CloudGroups, CloudContacts, Roles, Domains} {
		raw, _ := FS.ReadFile(name)
		if bytes.HasPrefix(raw, []byte("\ufeff")) || !bytes.HasPrefix(raw, []byte(`"`)) {
			t.Errorf("%s is not in the PowerShell 7 shape (no BOM, quoted fields)", name)
		}
	}
	for _, name := range Files {
		if _, err := FS.ReadFile(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSampleOutcomesDoNotDependOnRecordOrder reverses and rotates both exports.
func TestSampleOutcomesDoNotDependOnRecordOrder(t *testing.T) {
	onprem, cloud, s := load(t)
	summary := func(op []reconcile.OnPrem, cl []reconcile.Cloud) map[string]string {
		r := reconcile.Reconcile(op, cl, s)
		m := map[string]string{}
		for _, e := range r.Entries {
			id := ""
			if e.Cloud >= 0 {
				id = cl[e.Cloud].ID
			}
			// Contacts have no sAMAccountName: the distinguished name tells them apart.
			m[op[e.OnPrem].SAMAccountName+"|"+op[e.OnPrem].DistinguishedName] = fmt.Sprint(e.Outcome, " ", id, " ", e.Findings)
		}
		return m
	}
	want := summary(onprem, cloud)
	for shift := 1; shift < 4; shift++ {
		op := append(append([]reconcile.OnPrem(nil), onprem[shift*7:]...), onprem[:shift*7]...)
		cl := append([]reconcile.Cloud(nil), cloud...)
		slices.Reverse(cl)
		got := summary(op, cl)
		for sam, w := range want {
			if got[sam] != w {
				t.Errorf("shift %d: %s: %s, want %s", shift, sam, got[sam], w)
			}
		}
	}
}
