package exports

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestBindOnlyBindsEveryRecordTheReadersRead checks that the reading floor binds what the
// readers bind, in every shape they take (UTF-16 with and without a BOM, Windows-1252, a
// #TYPE line, semicolons, tabs and pipes; Get-ADUser, csvde, Get-MgUser, Get-MsolUser, the
// portal's download, a mailbox export): as many records, to the row type of the file's
// side, and through the same header mapping, so that each record's first value bound (its
// sAMAccountName or its UPN) is the one the reader kept.
func TestBindOnlyBindsEveryRecordTheReadersRead(t *testing.T) {
	onprem := []string{"aduser-ps51-utf16le.csv", "aduser-ps7-semicolon.csv", "aduser-typename.csv",
		"csvde-windows1252.csv", "script-onprem-users.csv", "script-onprem-groups.csv"}
	cloud := []string{"mguser-utf16be-pipe.csv", "mguser-utf16le-nobom-tab.csv", "msoluser-utf8bom.csv",
		"entra-portal-new.csv", "script-cloud-users.csv", "script-mailboxes.csv"}
	for _, name := range append(onprem, cloud...) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			var rows []any
			n, err := bindOnly(path, func(row any) {
				// gocsv hands out a fresh row each time: keeping the pointer keeps the values.
				rows = append(rows, row)
			})
			if err != nil {
				t.Fatal(err)
			}
			var records int
			var firstValue, bound string
			var wantType reflect.Type
			if slices.Contains(onprem, name) {
				recs, info, _, err := ReadOnPrem(path, Options{})
				if err != nil {
					t.Fatal(err)
				}
				records, wantType = info.Records, reflect.TypeFor[*onPremRow]()
				firstValue = recs[0].SAMAccountName
				if r, ok := rows[0].(*onPremRow); ok {
					bound = r.SAM
				}
			} else {
				recs, infos, _, err := ReadCloud([]string{path}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				records, wantType = infos[0].Records, reflect.TypeFor[*cloudRow]()
				firstValue = recs[0].UserPrincipalName
				if r, ok := rows[0].(*cloudRow); ok {
					bound = r.UPN
				}
			}
			if n != records || n == 0 || len(rows) != n {
				t.Errorf("bound %d records (%d rows seen), the reader read %d", n, len(rows), records)
			}
			if got := reflect.TypeOf(rows[0]); got != wantType {
				t.Errorf("rows bound to %v, want %v", got, wantType)
			}
			if strings.TrimSpace(bound) != firstValue || firstValue == "" {
				t.Errorf("first record bound %q, the reader kept %q", bound, firstValue)
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
		{"short record", "aduser-broken.csv", "line 3"},
		{"not a user export", "script-domains.csv", "not one of users, groups or contacts"},
		{"LDIF", "ldifde.ldf", "binds CSV exports only"},
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
