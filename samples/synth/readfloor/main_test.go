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
// every record of both exports of a generated tenant, as many as softmatch's readers count.
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

// TestFloorStopsOnWhatItCannotBind checks that a broken export stops the floor with the
// file and line named, rather than timing a bind of part of it.
func TestFloorStopsOnWhatItCannotBind(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Users: 10, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	ragged := "\"Id\",\"UserPrincipalName\",\"DisplayName\"\r\n\"1\",\"a@contoso.com\",\"A\"\r\n\"2\",\"b@contoso.com\"\r\n"
	if err := os.WriteFile(filepath.Join(dir, synth.CloudFile), []byte(ragged), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(dir)
	if err == nil || !strings.Contains(err.Error(), synth.CloudFile) || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("error %v, want one naming %s and line 3", err, synth.CloudFile)
	}
}
