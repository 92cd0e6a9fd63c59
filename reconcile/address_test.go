package reconcile

import (
	"reflect"
	"testing"
)

func TestFoldComparesCaseInsensitively(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Anna.Berg@Contoso.COM ", "anna.berg@contoso.com"},
		{"already@lower.case", "already@lower.case"},
		{"ZOË@fabrikam.com", "zoë@fabrikam.com"},
		{"Zoe\u0308@fabrikam.com", "zoë@fabrikam.com"}, // decomposed diaeresis composes under NFC
		{"STRASSE@x.de", "strasse@x.de"},
		{"straße@x.de", "strasse@x.de"}, // full case folding, unlike strings.ToLower
		{"\u00a0anna@contoso.com\u00a0", "anna@contoso.com"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseProxyAddressPrefixCaseMeansPrimary(t *testing.T) {
	tests := []struct {
		raw               string
		ok, smtp, primary bool
		value             string
	}{
		{"SMTP:anna@contoso.com", true, true, true, "anna@contoso.com"},
		{"smtp:anna@contoso.com", true, true, false, "anna@contoso.com"},
		{"Smtp:anna@contoso.com", true, true, false, "anna@contoso.com"},
		{" SMTP:anna@contoso.com ", true, true, true, "anna@contoso.com"},
		{"X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=anna", true, false, false, "/o=Contoso/ou=Exchange/cn=Recipients/cn=anna"},
		{"anna@contoso.com", false, false, false, ""},
		{"SMTP:", false, false, false, ""},
		{"SMTP:anna berg@contoso.com", false, false, false, ""},
		{"SMTP:anna\u200b@contoso.com", false, false, false, ""},
		{":anna@contoso.com", false, false, false, ""},
	}
	for _, tt := range tests {
		p, ok := ParseProxyAddress(tt.raw)
		if ok != tt.ok || ok && (p.IsSMTP() != tt.smtp || p.IsPrimary() != tt.primary || p.Value != tt.value) {
			t.Errorf("ParseProxyAddress(%q) = %+v %v", tt.raw, p, ok)
		}
	}
}

// TestInferDomains also checks that guests' and contacts' external domains are left out.
func TestInferDomains(t *testing.T) {
	cloud := []Cloud{
		{UserPrincipalName: "admin@contoso.onmicrosoft.com", ProxyAddresses: []string{"SMTP:admin@Contoso.com", "smtp:admin@contoso.mail.onmicrosoft.com"}},
		{UserPrincipalName: "zoe@Fabrikam.com", Mail: "zoe@fabrikam.com"},
		{UserPrincipalName: "x@a.onmicrosoft.com"},
		{UserPrincipalName: "broken", Mail: "bad@exa mple.com", ProxyAddresses: []string{"X500:/o=x", "smtp:y@litware.com"}},
		{UserPrincipalName: "ann_gmail.com#EXT#@a.onmicrosoft.com", Mail: "ann@gmail.com", UserType: "Guest"},
		{UserPrincipalName: "bo_web.de#EXT#@a.onmicrosoft.com", Mail: "bo@web.de"},
		{Type: Contact, Mail: "lars@partner.example", ProxyAddresses: []string{"SMTP:lars@partner.example"}},
	}
	verified, initial := InferDomains(cloud)
	if want := []string{"contoso.com", "fabrikam.com", "litware.com"}; !reflect.DeepEqual(verified, want) {
		t.Errorf("verified %v, want %v", verified, want)
	}
	if initial != "a.onmicrosoft.com" {
		t.Errorf("initial %q, want the shortest a.onmicrosoft.com", initial)
	}
	if v, i := InferDomains(nil); v != nil || i != "" {
		t.Errorf("empty input gave %v %q", v, i)
	}
}

func TestIsReservedDomain(t *testing.T) {
	for d, want := range map[string]bool{
		"contoso.onmicrosoft.com": true, "contoso.mail.onmicrosoft.com": true, "onmicrosoft.com": true,
		"contoso.microsoftonline.com": true, "contoso.com": false, "notonmicrosoft.com": false,
	} {
		if IsReservedDomain(d) != want {
			t.Errorf("IsReservedDomain(%q) != %v", d, want)
		}
	}
}

func TestIsPrivilegedRole(t *testing.T) {
	for name, want := range map[string]bool{
		"Global Administrator": true, "global administrator ": true, "Company Administrator": true,
		"Exchange Administrator": false, "Reports Reader": false, "": false,
	} {
		if IsPrivilegedRole(name) != want {
			t.Errorf("IsPrivilegedRole(%q) != %v", name, want)
		}
	}
}
