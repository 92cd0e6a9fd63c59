package exports

import (
	"encoding/hex"
	"slices"
	"testing"
)

func TestSplitsMultiValuedCells(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"SMTP:a@x.com", []string{"SMTP:a@x.com"}},
		{"SMTP:a@x.com;smtp:b@x.com", []string{"SMTP:a@x.com", "smtp:b@x.com"}},
		{"SMTP:a@x.com|smtp:b@x.com", []string{"SMTP:a@x.com", "smtp:b@x.com"}},
		{"SMTP:a@x.com\r\nsmtp:b@x.com\n", []string{"SMTP:a@x.com", "smtp:b@x.com"}},
		{"{SMTP:a@x.com, smtp:b@x.com}", []string{"SMTP:a@x.com", "smtp:b@x.com"}},
		{`["SMTP:a@x.com","smtp:b@x.com"]`, []string{"SMTP:a@x.com", "smtp:b@x.com"}},
		{" ; SMTP:a@x.com ;; ", []string{"SMTP:a@x.com"}},
		{"X500:/o=Org/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=a", []string{"X500:/o=Org/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=a"}},
	}
	for _, tt := range tests {
		if got := splitMulti(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitMulti(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRecognisesTypeNames(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Microsoft.ActiveDirectory.Management.ADPropertyValueCollection", true},
		{"System.String[]", true},
		{"System.Collections.Generic.List`1[System.String]", true},
		{"System.Object[]", true},
		{"System.Byte[]", true},
		{"SMTP:system.admin@contoso.com", false},
		{"System.Admin@contoso.com", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isTypeName(tt.in); got != tt.want {
			t.Errorf("isTypeName(%q) = %v", tt.in, got)
		}
	}
}

func TestParsesConsistencyGuidForms(t *testing.T) {
	const stored = "c98b91356d19ea409779889d79b753f0"
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "", false},
		{"yYuRNW0Z6kCXeYidebdT8A==", stored, false},
		{"X'c98b91356d19ea409779889d79b753f0'", stored, false},
		{"35918bc9-196d-40ea-9779-889d79b753f0", stored, false},
		{"{35918BC9-196D-40EA-9779-889D79B753F0}", stored, false},
		{"201 139 145 53 109 25 234 64 151 121 136 157 121 183 83 240", stored, false},
		{"X'c98b'", "", true},
		{"X'zz'", "", true},
		{"not an anchor", "", true},
		{"AAAA", "", true},
	}
	for _, tt := range tests {
		b, err := parseConsistencyGUID(tt.in)
		if (err != nil) != tt.wantErr || hex.EncodeToString(b) != tt.want {
			t.Errorf("parseConsistencyGUID(%q) = %x, %v", tt.in, b, err)
		}
	}
}

func TestParsesObjectGUIDForms(t *testing.T) {
	const want = "35918bc9-196d-40ea-9779-889d79b753f0"
	for _, in := range []string{want, "{35918BC9-196D-40EA-9779-889D79B753F0}", "X'c98b91356d19ea409779889d79b753f0'", "yYuRNW0Z6kCXeYidebdT8A=="} {
		if got, err := parseObjectGUID(in); err != nil || got != want {
			t.Errorf("parseObjectGUID(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := parseObjectGUID("35918bc9"); err == nil {
		t.Error("a short GUID was accepted")
	}
}

func TestParsesBooleans(t *testing.T) {
	tests := []struct {
		in      string
		want    string // "nil", "true", "false"
		wantErr bool
	}{
		{"True", "true", false}, {"TRUE", "true", false}, {"1", "true", false}, {"true", "true", false},
		{"False", "false", false}, {"FALSE", "false", false}, {"0", "false", false},
		{"", "nil", false}, {"  ", "nil", false}, {"maybe", "nil", true},
	}
	for _, tt := range tests {
		b, err := parseBool(tt.in)
		got := "nil"
		if b != nil {
			got = map[bool]string{true: "true", false: "false"}[*b]
		}
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseBool(%q) = %s, %v", tt.in, got, err)
		}
	}
}

func TestSniffsDelimiterOutsideQuotes(t *testing.T) {
	tests := []struct {
		line string
		want byte
	}{
		{`"a","b","c"`, ','},
		{`"a;x","b","c"`, ','},
		{`a;b;c`, ';'},
		{`"a,1";"b,2";"c"`, ';'},
		{"a\tb\tc", '\t'},
		{`a|b|c`, '|'},
		{`single`, ','},
	}
	for _, tt := range tests {
		if got := sniffDelimiter([]byte(tt.line)); got != tt.want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestDetectsEncodingFromBytes(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
		bom  int
	}{
		{[]byte("\xef\xbb\xbfa,b"), "utf-8-bom", 3},
		{[]byte("\xff\xfea\x00,\x00b\x00"), "utf-16le", 2},
		{[]byte("\xfe\xff\x00a\x00,\x00b"), "utf-16be", 2},
		{[]byte("I\x00d\x00,\x00U\x00P\x00N\x00"), "utf-16le", 0},
		{[]byte("\x00I\x00d\x00,\x00U\x00P\x00N"), "utf-16be", 0},
		{[]byte("Ren\xe9,b"), "windows-1252", 0},
		{[]byte("René,b"), "utf-8", 0},
		{[]byte("plain"), "utf-8", 0},
	}
	for _, tt := range tests {
		if got, bom := detectEncoding(tt.in); got != tt.want || bom != tt.bom {
			t.Errorf("detectEncoding(%q) = %s, %d", tt.in, got, bom)
		}
	}
}

func TestDetectsFormatFromHeaders(t *testing.T) {
	tests := []struct {
		headers  []string
		typeHint string
		want     string
	}{
		{[]string{"distinguishedname", "objectguid", "samaccountname"}, "", FormatGetADUser},
		{[]string{"name", "mail"}, "Microsoft.ActiveDirectory.Management.ADUser", FormatGetADUser},
		{[]string{"dn", "objectclass", "samaccountname"}, "", FormatCSVDE},
		{[]string{"objectid", "userprincipalname", "immutableid", "lastdirsynctime"}, "", FormatGetMsolUser},
		{[]string{"id", "userprincipalname", "onpremisesimmutableid"}, "", FormatGetMgUser},
		{[]string{"id", "userprincipalname", "displayname"}, "", FormatGetMgUser},
		{[]string{"userprincipalname", "objectid", "physicaldeliveryofficename", "mobile"}, "", FormatEntraPortal},
		{[]string{"id", "userprincipalname", "officelocation", "mobilephone"}, "", FormatEntraPortal},
		{[]string{"displayname", "emailaddresses", "externaldirectoryobjectid"}, "", FormatMailbox},
		{[]string{"id", "isverified", "isinitial"}, "", FormatDomains},
		{[]string{"rolename", "memberid"}, "", FormatRoles},
		{[]string{"foo", "bar"}, "", ""},
	}
	for _, tt := range tests {
		if got := detectFormat(tt.headers, tt.typeHint); got != tt.want {
			t.Errorf("detectFormat(%q, %q) = %q, want %q", tt.headers, tt.typeHint, got, tt.want)
		}
	}
}

func TestCleansHeaders(t *testing.T) {
	tests := map[string]string{
		"\uFEFFObjectGUID":         "objectguid",
		"  mS-DS-ConsistencyGuid ": "ms-ds-consistencyguid",
		"\"Mail\"":                 "mail",
		"Email\u200BAddress":       "emailaddress",
	}
	for in, want := range tests {
		if got := cleanHeader(in); got != want {
			t.Errorf("cleanHeader(%q) = %q, want %q", in, got, want)
		}
	}
}
