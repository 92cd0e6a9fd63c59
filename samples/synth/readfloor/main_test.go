package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/formats/exports"
	"github.com/softmatch/softmatch/samples/synth"
)

// TestFloorBindsEveryRecordSoftmatchReads checks that the floor times what it claims to:
// every record of both exports of a generated tenant (non-ASCII names, quoted commas in
// DNs, a BOM on the Get-ADUser export), as many as softmatch's readers count.
func TestFloorBindsEveryRecordSoftmatchReads(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Users: 700, CloudUsers: 900, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	onprem, cloud, err := run(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, info, _, err := exports.ReadOnPrem(filepath.Join(dir, synth.OnPremFile), exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if onprem != info.Records || onprem != 700 {
		t.Errorf("floor bound %d on-premises records, softmatch reads %d of 700", onprem, info.Records)
	}
	_, infos, _, err := exports.ReadCloud([]string{filepath.Join(dir, synth.CloudFile)}, exports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if cloud != infos[0].Records || cloud < 900 {
		t.Errorf("floor bound %d cloud records, softmatch reads %d (at least 900 generated)", cloud, infos[0].Records)
	}
}

// TestFloorRefusesOtherExports checks that a file without one of the generated columns, or
// in a shape the floor does not read (semicolons), stops the floor with the file and the
// column or the line named, rather than timing a bind that skips values.
func TestFloorRefusesOtherExports(t *testing.T) {
	tests := []struct {
		name, cloud, want string
	}{
		{"missing column", "\"Id\",\"UserPrincipalName\"\r\n\"1\",\"a@contoso.com\"\r\n", "no DisplayName column"},
		{"semicolons", strings.ReplaceAll(cloudHeader, ",", ";") + "\r\n", "header line"},
		{"ragged record", cloudHeader + "\r\n\"1\",\"2\"\r\n", "wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := synth.Generate(dir, synth.Options{Users: 10, Seed: 1}); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, synth.CloudFile), []byte(tt.cloud), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := run(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), synth.CloudFile) {
				t.Fatalf("error %v, want one naming %s and saying %q", err, synth.CloudFile, tt.want)
			}
		})
	}
}

const cloudHeader = `"Id","UserPrincipalName","DisplayName","GivenName","Surname","Mail","MailNickname","ProxyAddresses","OnPremisesImmutableId","OnPremisesSyncEnabled","AccountEnabled","UserType"`
