package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exitTestCloud = `"Id","UserPrincipalName","Mail","ProxyAddresses","OnPremisesImmutableId"
"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","jsmith@contoso.com","jsmith@contoso.com","SMTP:jsmith@contoso.com",""
"1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","other@contoso.com","other@contoso.com","SMTP:other@contoso.com;smtp:js@contoso.com",""
`

// Two on-premises users with the same address: a conflict (onprem-duplicate-address).
const exitTestOnPrem = `#TYPE Microsoft.ActiveDirectory.Management.ADUser
"DistinguishedName","Enabled","ObjectGUID","SamAccountName","UserPrincipalName","mail","proxyAddresses"
"CN=John Smith,OU=Staff,DC=contoso,DC=com","True","6f1c2b3a-4d5e-4f60-8172-93a4b5c6d7e8","jsmith","jsmith@contoso.com","jsmith@contoso.com","SMTP:jsmith@contoso.com"
"CN=Jane Smith,OU=Staff,DC=contoso,DC=com","True","7f1c2b3a-4d5e-4f60-8172-93a4b5c6d7e8","jasmith","jasmith@contoso.com","jasmith@contoso.com","SMTP:jasmith@contoso.com;smtp:jsmith@contoso.com"
`

// exitTestInputs writes the two exports into a new folder and returns the folder and their
// paths.
func exitTestInputs(t *testing.T) (dir, ad, cloud string) {
	t.Helper()
	dir = t.TempDir()
	ad, cloud = filepath.Join(dir, "ad.csv"), filepath.Join(dir, "cloud.csv")
	for path, text := range map[string]string{ad: exitTestOnPrem, cloud: exitTestCloud} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, ad, cloud
}

// TestExitStatus checks the exit statuses contract.md promises.
func TestExitStatus(t *testing.T) {
	dir, ad, cloud := exitTestInputs(t)
	out := filepath.Join(dir, "r.json")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings are not failures", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--json", out}, exitOK},
		{"fail-on conflicts with a conflict", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--json", out, "--fail-on", "conflicts"}, exitFindings},
		{"unknown flag", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--frobnicate"}, exitUsage},
		{"missing --cloud", []string{"reconcile", "--onprem", ad}, exitUsage},
		{"bad --fail-on", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--fail-on", "never"}, exitUsage},
		{"unreadable input", []string{"reconcile", "--onprem", filepath.Join(dir, "nope.csv"), "--cloud", cloud, "--json", out}, exitInput},
		{"inspect unreadable input", []string{"inspect", filepath.Join(dir, "nope.csv")}, exitInput},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"unknown format", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--cloud-format", "excel"}, exitUsage},
		{"--out and --json one file", []string{"reconcile", "--onprem", ad, "--cloud", cloud, "--out", out, "--json", filepath.Join(dir, ".", "r.json")}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(append([]string{"softmatch"}, tt.args...), &stdout, &stderr)
			if got != tt.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, tt.want, stderr.String())
			}
			if got != exitOK && got != exitFindings && !strings.Contains(stderr.String(), "softmatch") {
				t.Errorf("no message on stderr: %q", stderr.String())
			}
		})
	}
}

// TestOutputFailures: the workbook and the JSON report are written side by side, each to a
// temporary name; one that fails leaves no file and does not stop the other, and every
// failure is told, with exit status 4.
func TestOutputFailures(t *testing.T) {
	dir, ad, cloud := exitTestInputs(t)
	// A file stands where the folder should be: neither the folder nor the output can be made.
	missing := filepath.Join(ad, "reports")
	tests := []struct {
		name, xlsx, json string
		told             []string
	}{
		{"both fail", filepath.Join(missing, "r.xlsx"), filepath.Join(missing, "r.json"),
			[]string{"cannot write the workbook", "cannot write the JSON report"}},
		{"the JSON report fails", filepath.Join(dir, "ok.xlsx"), filepath.Join(missing, "r.json"),
			[]string{"cannot write the JSON report"}},
		{"the workbook fails", filepath.Join(missing, "r.xlsx"), filepath.Join(dir, "ok.json"),
			[]string{"cannot write the workbook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run([]string{"softmatch", "reconcile", "--onprem", ad, "--cloud", cloud, "--out", tt.xlsx, "--json", tt.json}, &stdout, &stderr)
			if got != exitOutput {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, exitOutput, stderr.String())
			}
			for _, msg := range tt.told {
				if !strings.Contains(stderr.String(), msg) {
					t.Errorf("stderr does not say %q:\n%s", msg, stderr.String())
				}
			}
			for _, f := range []string{tt.xlsx, tt.json} {
				_, err := os.Stat(f)
				if wrote := err == nil; wrote != strings.HasPrefix(f, dir+string(filepath.Separator)+"ok.") {
					t.Errorf("%s: written %v", f, wrote)
				}
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 4 { // ad.csv, cloud.csv, ok.xlsx, ok.json: no temporary file
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left in the folder: %v", names)
	}
}
