package synth

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/softmatch/softmatch/reconcile"
)

// readTable reads a generated file back with encoding/csv, the way any consumer would, and
// returns its rows keyed by header name. It undoes what Shape varies: the BOM and UTF-16 (by
// x/text's BOM sniffing), the #TYPE line and the ";" delimiter. It fails the test on
// anything encoding/csv rejects.
func readTable(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(transform.NewReader(f, unicode.BOMOverride(unicode.UTF8.NewDecoder())))
	if first, _ := br.Peek(6); string(first) == "#TYPE " {
		if _, err := br.ReadString('\n'); err != nil {
			t.Fatalf("%s: #TYPE line: %v", path, err)
		}
	}
	r := csv.NewReader(br)
	if head, _ := br.Peek(64); bytes.HasPrefix(head, []byte(`"`)) && bytes.Contains(head, []byte(`";"`)) {
		r.Comma = ';'
	}
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: header: %v", path, err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func splitMulti(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func boolPtr(t *testing.T, s string) *bool {
	t.Helper()
	switch s {
	case "True":
		v := true
		return &v
	case "False":
		v := false
		return &v
	case "":
		return nil
	}
	t.Fatalf("boolean %q: want True, False or empty", s)
	return nil
}

// toOnPrem maps the Get-ADUser columns onto the domain model: the minimal mapping the
// engine test needs, independent of the production readers.
func toOnPrem(t *testing.T, file string, rows []map[string]string) []reconcile.OnPrem {
	t.Helper()
	out := make([]reconcile.OnPrem, len(rows))
	for i, r := range rows {
		guid, err := reconcile.ParseGUID(r["ObjectGUID"])
		if err != nil {
			t.Fatalf("%s:%d: %v", file, i+2, err)
		}
		o := reconcile.OnPrem{
			Source:            reconcile.Source{File: file, Line: i + 2},
			Type:              reconcile.User,
			SAMAccountName:    r["SamAccountName"],
			DistinguishedName: r["DistinguishedName"],
			Name:              r["Name"],
			DisplayName:       r["DisplayName"],
			GivenName:         r["GivenName"],
			Surname:           r["Surname"],
			ObjectGUID:        guid,
			UserPrincipalName: r["UserPrincipalName"],
			Mail:              r["mail"],
			MailNickname:      r["mailNickname"],
			ProxyAddresses:    splitMulti(r["proxyAddresses"]),
			Enabled:           boolPtr(t, r["Enabled"]),
		}
		if v := r["mS-DS-ConsistencyGuid"]; v != "" {
			if o.ConsistencyGUID, err = base64.StdEncoding.DecodeString(v); err != nil {
				t.Fatalf("%s:%d: mS-DS-ConsistencyGuid: %v", file, i+2, err)
			}
		}
		out[i] = o
	}
	return out
}

// toCloud maps the Get-MgUser columns onto the domain model.
func toCloud(t *testing.T, file string, rows []map[string]string) []reconcile.Cloud {
	t.Helper()
	out := make([]reconcile.Cloud, len(rows))
	for i, r := range rows {
		out[i] = reconcile.Cloud{
			Source:            reconcile.Source{File: file, Line: i + 2},
			Type:              reconcile.User,
			ID:                r["Id"],
			UserPrincipalName: r["UserPrincipalName"],
			Mail:              r["Mail"],
			MailNickname:      r["MailNickname"],
			DisplayName:       r["DisplayName"],
			GivenName:         r["GivenName"],
			Surname:           r["Surname"],
			ProxyAddresses:    splitMulti(r["ProxyAddresses"]),
			ImmutableID:       r["OnPremisesImmutableId"],
			Synced:            r["OnPremisesSyncEnabled"] == "True",
			AccountEnabled:    boolPtr(t, r["AccountEnabled"]),
			UserType:          r["UserType"],
		}
	}
	return out
}
