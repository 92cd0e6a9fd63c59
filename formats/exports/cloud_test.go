package exports

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

func TestMergesMailboxesIntoUsersByIDThenUPN(t *testing.T) {
	cloud, infos, issues, err := ReadCloud([]string{"testdata/script-cloud-users.csv", "testdata/script-mailboxes.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[1].Format != FormatMailbox {
		t.Fatalf("infos = %+v", infos)
	}
	// 4 users, plus the room mailbox and the group that join no user.
	if len(cloud) != 6 {
		t.Fatalf("got %d cloud objects", len(cloud))
	}
	siobhan := cloud[2]
	if !slices.Equal(siobhan.ProxyAddresses, []string{"SMTP:siobhan.oneill@contoso.com", "smtp:shiv@contoso.com"}) {
		t.Errorf("mailbox joined by UPN: proxyAddresses = %q", siobhan.ProxyAddresses)
	}
	if siobhan.Source.File != "testdata/script-cloud-users.csv" || siobhan.Source.Line != 4 {
		t.Errorf("merged object keeps the user's source, got %+v", siobhan.Source)
	}
	room, group := cloud[4], cloud[5]
	if room.UserPrincipalName != "room.dublin@contoso.com" || room.Type != "" {
		t.Errorf("room = %+v", room)
	}
	if group.Type != reconcile.Group || !slices.Equal(group.ProxyAddresses, []string{"SMTP:allstaff@contoso.com", "smtp:everyone@contoso.com"}) {
		t.Errorf("group = %q %q", group.Type, group.ProxyAddresses)
	}
	var orphans []int
	for _, i := range issues {
		if i.Code == CodeMailboxWithoutUser {
			orphans = append(orphans, i.Line)
		}
		if i.Code == CodeConflictingValues {
			t.Errorf("unexpected conflict: %s", i.Message)
		}
	}
	if !slices.Equal(orphans, []int{4, 5}) {
		t.Errorf("mailbox-without-user lines = %v, want [4 5]", orphans)
	}
}

func TestMailboxExportAloneIsNotAnOrphan(t *testing.T) {
	cloud, _, issues, err := ReadCloud([]string{"testdata/script-mailboxes.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cloud) != 4 || slices.Contains(codes(issues), CodeMailboxWithoutUser) {
		t.Errorf("%d objects, issues %v", len(cloud), codes(issues))
	}
	if cloud[0].ID != "d2f1c0b9-8a7e-4d6c-b5a4-9382716f5e4d" || cloud[0].Mail != "juergen.mueller@contoso.com" || cloud[0].MailNickname != "juergen.mueller" {
		t.Errorf("ExternalDirectoryObjectId, PrimarySmtpAddress, Alias: %+v", cloud[0])
	}
}

func TestOneObjectDescribedDifferentlyIsAnIssue(t *testing.T) {
	cloud, _, issues, err := ReadCloud([]string{"testdata/script-cloud-users.csv", "testdata/msoluser-utf8bom.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cloud) != 4 {
		t.Fatalf("got %d objects, want the 4 users merged", len(cloud))
	}
	var conflicts []Issue
	for _, i := range issues {
		if i.Code == CodeConflictingValues {
			conflicts = append(conflicts, i)
		}
	}
	if len(conflicts) != 1 || conflicts[0].Line != 3 || !strings.Contains(conflicts[0].Message, "proxyAddresses") {
		t.Errorf("conflicts = %+v", conflicts)
	}
	if !slices.Contains(cloud[0].ProxyAddresses, "smtp:juergen.mueller@contoso.onmicrosoft.com") {
		t.Errorf("first value kept: %q", cloud[0].ProxyAddresses)
	}
}

func TestEntraPortalSyncStateAndFormulaCells(t *testing.T) {
	cloud, _, _, err := ReadCloud([]string{"testdata/entra-portal-new.csv", "testdata/entra-portal-old.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cloud) != 4 || cloud[0].Synced || !cloud[1].Synced {
		t.Fatalf("directorySynced: %d objects", len(cloud))
	}
	// The portal does not neutralise formulas: the value stays data, as written.
	if cloud[3].UserPrincipalName != "=cmd|' /C calc'!A0" || cloud[3].UserType != "Guest" {
		t.Errorf("formula cell = %q", cloud[3].UserPrincipalName)
	}
}

func TestReadsRolesAndAppliesPrivilege(t *testing.T) {
	roles, info, issues, err := ReadRoles("testdata/script-directory-roles.csv")
	if err != nil {
		t.Fatal(err)
	}
	if info.Records != 4 || len(issues) != 1 || issues[0].Code != CodeBadRow || issues[0].Line != 5 {
		t.Errorf("records %d issues %+v", info.Records, issues)
	}
	if got := roles["b6d5c4e3-2a1f-4e0d-9c8b-7f6a5b4c3d2e"]; !slices.Equal(got, []string{"Reports Reader", "Exchange Administrator"}) {
		t.Errorf("roles by id = %q", got)
	}
	if got := roles["admin@contoso.onmicrosoft.com"]; !slices.Equal(got, []string{"Global Administrator"}) {
		t.Errorf("roles by UPN = %q", got)
	}
	cloud, _, _, err := ReadCloud([]string{"testdata/script-cloud-users.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ApplyRoles(cloud, roles)
	tests := []struct {
		i          int
		roles      []string
		privileged bool
	}{
		{0, nil, false},
		// Microsoft does not mark these two privileged: they block soft match (any role
		// does), not hard match.
		{2, []string{"Reports Reader", "Exchange Administrator"}, false},
		{3, []string{"Global Administrator"}, true},
	}
	for _, tt := range tests {
		c := cloud[tt.i]
		if !slices.Equal(c.Roles, tt.roles) || c.PrivilegedRole != tt.privileged {
			t.Errorf("%s: roles %q privileged %v, want %q %v", c.UserPrincipalName, c.Roles, c.PrivilegedRole, tt.roles, tt.privileged)
		}
	}
}

func TestReadsVerifiedAndInitialDomains(t *testing.T) {
	verified, initial, info, issues, err := ReadDomains("testdata/script-domains.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(verified, []string{"contoso.com", "fabrikam.com", "contoso.onmicrosoft.com"}) || initial != "contoso.onmicrosoft.com" {
		t.Errorf("verified %q initial %q", verified, initial)
	}
	if len(issues) != 0 || info.Records != 4 || info.Side != Domains {
		t.Errorf("issues %+v info %+v", issues, info)
	}
	if _, _, _, _, err := ReadDomains("testdata/script-cloud-users.csv"); err == nil {
		t.Error("a user export read as domains")
	}
}

func TestCloudGroupsAndContactsSetType(t *testing.T) {
	dir := t.TempDir()
	groups := dir + "/groups.csv"
	contacts := dir + "/contacts.csv"
	if err := os.WriteFile(groups, []byte("\"Id\",\"DisplayName\",\"Mail\",\"MailEnabled\",\"SecurityEnabled\",\"GroupTypes\",\"ProxyAddresses\"\r\n"+
		"\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\",\"Führungskreis\",\"fuehrung@contoso.com\",\"True\",\"False\",\"Unified\",\"SMTP:fuehrung@contoso.com\"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(contacts, []byte("#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.MailContact\r\n"+
		"\"ExternalDirectoryObjectId\",\"Alias\",\"DisplayName\",\"PrimarySmtpAddress\",\"RecipientTypeDetails\",\"EmailAddresses\"\r\n"+
		"\"8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e\",\"partner\",\"Partner Ltd\",\"partner@fabrikam.com\",\"MailContact\",\"SMTP:partner@fabrikam.com\"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cloud, infos, _, err := ReadCloud([]string{groups, contacts}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if infos[0].Format != FormatGetMgUser || infos[1].Format != FormatMailbox {
		t.Errorf("formats %q %q", infos[0].Format, infos[1].Format)
	}
	if len(cloud) != 2 || cloud[0].Type != reconcile.Group || cloud[1].Type != reconcile.Contact || cloud[1].Source.Line != 3 {
		t.Errorf("objects %+v", cloud)
	}
}

// Objects are merged in place inside the slice the file was read into: an object merged
// into an earlier one must leave no copy behind, and the objects after it keep their order
// and values.
func TestDuplicateObjectInOneFileMergesAndKeepsOrder(t *testing.T) {
	cloud, _, issues, err := ReadCloud([]string{"testdata/mguser-duplicate-id-semicolon.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cloud {
		got = append(got, c.UserPrincipalName)
	}
	want := []string{"zoe.oconnor@contoso.com", "bjorn.sorensen@contoso.com", "\u201cquoted\u201d.user@contoso.com"}
	if !slices.Equal(got, want) {
		t.Fatalf("objects %q, want %q", got, want)
	}
	for i, stale := range cloud[len(cloud):cap(cloud)] {
		if stale.UserPrincipalName != "" || stale.Source.Line != 0 {
			t.Errorf("slot %d past the end still holds %s:%d, which keeps its strings alive", len(cloud)+i, stale.Source.File, stale.Source.Line)
		}
	}
	if zoe := cloud[0]; zoe.Source.Line != 2 || zoe.DisplayName != "Zoë O\u2019Connor" {
		t.Errorf("merged object keeps the first record: %+v", zoe)
	}
	if ana := cloud[2]; ana.Source.Line != 5 || ana.Mail != "ana@contoso.com" || ana.AccountEnabled == nil || *ana.AccountEnabled {
		t.Errorf("object after the merged one: %+v", ana)
	}
	var conflicts []int
	for _, i := range issues {
		if i.Code == CodeConflictingValues {
			conflicts = append(conflicts, i.Line)
		}
	}
	if !slices.Equal(conflicts, []int{4}) {
		t.Errorf("conflicting-values lines = %v, want [4] (the second Zoë record's proxyAddresses)", conflicts)
	}
}

// Mailbox exports join the users whatever order the files are given in.
func TestMailboxesJoinUsersWhenListedFirst(t *testing.T) {
	cloud, infos, issues, err := ReadCloud([]string{"testdata/script-mailboxes.csv", "testdata/script-cloud-users.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].Format != FormatMailbox {
		t.Fatalf("infos = %+v", infos)
	}
	if len(cloud) != 6 || cloud[0].Source.File != "testdata/script-cloud-users.csv" || cloud[4].UserPrincipalName != "room.dublin@contoso.com" {
		t.Fatalf("users first, then the mailboxes that join none: %d objects, first %+v", len(cloud), cloud[0].Source)
	}
	if !slices.Equal(cloud[2].ProxyAddresses, []string{"SMTP:siobhan.oneill@contoso.com", "smtp:shiv@contoso.com"}) {
		t.Errorf("mailbox joined by UPN: proxyAddresses = %q", cloud[2].ProxyAddresses)
	}
	if n := strings.Count(strings.Join(codes(issues), " "), CodeMailboxWithoutUser); n != 2 {
		t.Errorf("%d mailbox-without-user issues, want 2", n)
	}
}

// TestExportWithoutProxyColumnLetsMailStandForThePrimary: an Entra admin center download has
// no proxyAddresses, so its objects are marked for the engine to use mail instead; a
// mailbox export that supplies the addresses for the same object lifts the mark.
func TestExportWithoutProxyColumnLetsMailStandForThePrimary(t *testing.T) {
	portal, _, _, err := ReadCloud([]string{"testdata/entra-portal-new.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range portal {
		if !c.NoProxyColumn {
			t.Errorf("%s from a portal download is not marked NoProxyColumn", c.UserPrincipalName)
		}
	}
	graph, _, _, err := ReadCloud([]string{"testdata/script-cloud-users.csv", "testdata/script-mailboxes.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range graph {
		if c.NoProxyColumn {
			t.Errorf("%s has a proxyAddresses column but is marked NoProxyColumn", c.UserPrincipalName)
		}
	}
}
