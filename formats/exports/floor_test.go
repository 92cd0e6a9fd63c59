package exports

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBindOnlyBindsEveryRecordTheReadersRead checks that the reading floor binds the records
// the readers read, in every shape they take: UTF-16 with and without a BOM, Windows-1252,
// a #TYPE line, semicolons, tabs and pipes, Get-ADUser, csvde, Get-MgUser, Get-MsolUser,
// the portal's download and a mailbox export.
func TestBindOnlyBindsEveryRecordTheReadersRead(t *testing.T) {
	onprem := []string{"aduser-ps51-utf16le.csv", "aduser-ps7-semicolon.csv", "aduser-typename.csv",
		"csvde-windows1252.csv", "script-onprem-users.csv", "script-onprem-groups.csv"}
	cloud := []string{"mguser-utf16be-pipe.csv", "mguser-utf16le-nobom-tab.csv", "msoluser-utf8bom.csv",
		"entra-portal-new.csv", "script-cloud-users.csv", "script-mailboxes.csv"}
	for _, name := range append(onprem, cloud...) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			n, err := BindOnly(path)
			if err != nil {
				t.Fatal(err)
			}
			var info FileInfo
			var issues []Issue
			if slices.Contains(onprem, name) {
				_, info, issues, err = ReadOnPrem(path, Options{})
			} else {
				var infos []FileInfo
				_, infos, issues, err = ReadCloud([]string{path}, Options{})
				info = infos[0]
			}
			if err != nil {
				t.Fatal(err)
			}
			if n != info.Records || n == 0 {
				t.Errorf("bound %d records, the reader read %d (issues %v)", n, info.Records, issues)
			}
		})
	}
}

// TestBindOnlyStopsWithTheFileNamed checks that what the floor cannot bind stops it with the
// file named, and the line for a broken record, rather than timing less than the whole file.
func TestBindOnlyStopsWithTheFileNamed(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"broken quoting", "aduser-broken.csv", "line "},
		{"not a user export", "script-domains.csv", "not one of users, groups or contacts"},
		{"LDIF", "ldifde.ldf", "not a recognisable export"},
		{"missing", "no-such-file.csv", "file not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			_, err := BindOnly(path)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %s and saying %q", err, path, tt.want)
			}
		})
	}
}
