package reconcile

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestPlainTokensFoldDiacritics(t *testing.T) {
	f := newFolder()
	tests := map[string][]string{
		"Björn Müller":  {"bjorn", "muller"},
		"Łukasz":        {"lukasz"},
		"Nguyễn Văn-An": {"nguyen", "van", "an"},
		"Zoë  Dupont":   {"zoe", "dupont"},
		"田中 太郎":         {"田中", "太郎"},
		"Søren Ærø":     {"soren", "aero"},
	}
	for in, want := range tests {
		if got := plainTokens(f, in); !reflect.DeepEqual(got, want) {
			t.Errorf("plainTokens(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestLikelySamePerson(t *testing.T) {
	tests := []struct {
		name   string
		onprem OnPrem
		cloud  []Cloud
		want   string // the UPN of the paired cloud user, "" for none
		conf   string
	}{
		{"given and surname in either order", OnPrem{GivenName: "José", Surname: "García"},
			[]Cloud{{UserPrincipalName: "x1@fabrikam.com", GivenName: "Garcia", Surname: "Jose"}}, "x1@fabrikam.com", "(low)"},
		{"displayName", OnPrem{DisplayName: "Zoë Dupont"},
			[]Cloud{{UserPrincipalName: "x1@fabrikam.com", DisplayName: "Dupont Zoe"}}, "x1@fabrikam.com", ""},
		{"first.last local part", OnPrem{GivenName: "Łukasz", Surname: "Nowak"},
			[]Cloud{{UserPrincipalName: "lukasz.nowak@contoso.onmicrosoft.com"}}, "lukasz.nowak@contoso.onmicrosoft.com", ""},
		{"flast local part", OnPrem{GivenName: "Anna", Surname: "Berg"},
			[]Cloud{{UserPrincipalName: "aberg@contoso.onmicrosoft.com"}}, "aberg@contoso.onmicrosoft.com", ""},
		{"firstl local part", OnPrem{GivenName: "Anna", Surname: "Berg"},
			[]Cloud{{UserPrincipalName: "annab@contoso.onmicrosoft.com"}}, "annab@contoso.onmicrosoft.com", ""},
		{"same local part on another domain", OnPrem{UserPrincipalName: "tanaka.taro@contoso.local"},
			[]Cloud{{UserPrincipalName: "Tanaka.Taro@fabrikam.com"}}, "Tanaka.Taro@fabrikam.com", "(medium)"},
		{"mailNickname", OnPrem{MailNickname: "nvan"}, []Cloud{{UserPrincipalName: "q@contoso.com", MailNickname: "NVan"}}, "q@contoso.com", ""},
		{"name and address together are high", OnPrem{GivenName: "Anna", Surname: "Berg", UserPrincipalName: "anna.berg@contoso.local"},
			[]Cloud{{UserPrincipalName: "anna.berg@fabrikam.com", GivenName: "Anna", Surname: "Berg"}}, "anna.berg@fabrikam.com", "(high)"},
		{"two namesakes equally good: no candidate", OnPrem{GivenName: "Anna", Surname: "Berg"},
			[]Cloud{{UserPrincipalName: "x1@contoso.com", DisplayName: "Anna Berg"}, {UserPrincipalName: "x2@contoso.com", DisplayName: "Berg Anna"}}, "", ""},
		{"the better of two", OnPrem{GivenName: "Anna", Surname: "Berg", MailNickname: "aberg"},
			[]Cloud{{UserPrincipalName: "x1@contoso.com", DisplayName: "Anna Berg"}, {UserPrincipalName: "x2@contoso.com", DisplayName: "Anna Berg", MailNickname: "aberg"}}, "x2@contoso.com", ""},
		{"different people", OnPrem{GivenName: "Anna", Surname: "Berg"}, []Cloud{{UserPrincipalName: "bjorn@contoso.com", DisplayName: "Björn Berg"}}, "", ""},
		{"an old alias does not outweigh names that disagree", OnPrem{GivenName: "Hùng", Surname: "Järvinen", UserPrincipalName: "hung.jarvinen@contoso.local"},
			[]Cloud{{UserPrincipalName: "oyvind.aeroe@contoso.com", GivenName: "Øyvind", Surname: "Ærøe", DisplayName: "Øyvind Ærøe",
				ProxyAddresses: []string{"SMTP:oyvind.aeroe@contoso.com", "smtp:hung.jarvinen@contoso.com"}}}, "", ""},
		{"synced cloud users are not candidates", OnPrem{GivenName: "Anna", Surname: "Berg"},
			[]Cloud{{UserPrincipalName: "x1@contoso.com", DisplayName: "Anna Berg", Synced: true}}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.onprem.SAMAccountName = "u1"
			tt.onprem.ObjectGUID = guidAnna
			if tt.onprem.UserPrincipalName == "" {
				tt.onprem.UserPrincipalName = "u1@contoso.com"
			}
			r := Reconcile([]OnPrem{tt.onprem}, tt.cloud, defaultSettings())
			fs := findingsWith(r, LikelySamePerson)
			got := ""
			if len(fs) == 1 {
				got = r.Cloud[fs[0].Cloud[0]].UserPrincipalName
			} else if len(fs) > 1 {
				t.Fatalf("%d findings for one user", len(fs))
			}
			if got != tt.want {
				t.Fatalf("paired with %q, want %q", got, tt.want)
			}
			if tt.conf != "" && !strings.Contains(fs[0].Detail, tt.conf) {
				t.Errorf("detail %q lacks %s", fs[0].Detail, tt.conf)
			}
		})
	}
}

func TestLikelySamePersonIsOneToOne(t *testing.T) {
	op := []OnPrem{
		{SAMAccountName: "a1", ObjectGUID: guidAnna, UserPrincipalName: "a1@contoso.com", GivenName: "Anna", Surname: "Berg"},
		{SAMAccountName: "a2", ObjectGUID: guidBjörn, UserPrincipalName: "a2@contoso.com", DisplayName: "Anna Berg"},
		{SAMAccountName: "a3", ObjectGUID: guidZoë, UserPrincipalName: "aberg@contoso.local", GivenName: "Anna", Surname: "Berg"},
	}
	cl := []Cloud{{UserPrincipalName: "aberg@fabrikam.com", DisplayName: "Anna Berg"}}
	r := Reconcile(op, cl, defaultSettings())
	fs := findingsWith(r, LikelySamePerson)
	// a3 has the name and the same local part; a1 and a2 only the name.
	if len(fs) != 1 || fs[0].OnPrem[0] != 2 {
		t.Fatalf("findings %+v, want one for a3", fs)
	}
	// Two equally good on-premises rivals: no pair.
	twin := OnPrem{SAMAccountName: "a4", ObjectGUID: guidJosé, UserPrincipalName: "a4@contoso.com", GivenName: "Anna", Surname: "Berg"}
	r = Reconcile([]OnPrem{op[0], twin}, cl, defaultSettings())
	if fs := findingsWith(r, LikelySamePerson); len(fs) != 0 {
		t.Fatalf("rivals paired: %+v", fs)
	}
}

func TestLikelySamePersonSkipsCrowdedKeys(t *testing.T) {
	var cl []Cloud
	for k := 0; k <= maxBucket; k++ {
		cl = append(cl, Cloud{UserPrincipalName: fmt.Sprintf("js%d@contoso.com", k), DisplayName: "John Smith"})
	}
	cl = append(cl, Cloud{UserPrincipalName: "john.smith@contoso.onmicrosoft.com"})
	op := []OnPrem{{SAMAccountName: "js", ObjectGUID: guidAnna, UserPrincipalName: "js@contoso.com", GivenName: "John", Surname: "Smith"}}
	r := Reconcile(op, cl, defaultSettings())
	fs := findingsWith(r, LikelySamePerson)
	if len(fs) != 1 || r.Cloud[fs[0].Cloud[0]].UserPrincipalName != "john.smith@contoso.onmicrosoft.com" {
		t.Fatalf("findings %+v", fs)
	}
}

// TestLikelySamePersonAtScale pairs thousands of users at once, enough for the keys to be
// computed on every processor, and checks each is paired with its own cloud account.
func TestLikelySamePersonAtScale(t *testing.T) {
	const n = 6000
	op := make([]OnPrem, n)
	cl := make([]Cloud, n)
	for k := 0; k < n; k++ {
		given, sur := fmt.Sprintf("Zoë%d", k), fmt.Sprintf("Müller%d", k)
		op[k] = OnPrem{SAMAccountName: fmt.Sprintf("u%d", k), ObjectGUID: fmt.Sprintf("%08x-7c3b-4d95-a0e8-2b6c9f1d7a34", k+1),
			GivenName: given, Surname: sur, UserPrincipalName: fmt.Sprintf("u%d@contoso.com", k)}
		cl[n-1-k] = Cloud{ID: fmt.Sprint(k), UserPrincipalName: fmt.Sprintf("zoe%d.muller%d@contoso.onmicrosoft.com", k, k)}
	}
	r := Reconcile(op, cl, defaultSettings())
	fs := findingsWith(r, LikelySamePerson)
	if len(fs) != n {
		t.Fatalf("%d pairs, want %d", len(fs), n)
	}
	for _, f := range fs {
		if want := fmt.Sprint(f.OnPrem[0]); r.Cloud[f.Cloud[0]].ID != want {
			t.Fatalf("u%d paired with cloud %s", f.OnPrem[0], r.Cloud[f.Cloud[0]].ID)
		}
	}
}

// TestTraitsReadTheWordsOfEachName checks that a person's traits hold the words of the
// given name, the surname and the displayName, each as plainTokens folds them alone,
// whether the names are ASCII with capitals, lower case, or other scripts.
func TestTraitsReadTheWordsOfEachName(t *testing.T) {
	tests := []struct{ given, surname, display string }{
		{"Anna", "Berg", "Anna Berg"},
		{"anna", "berg", "berg, anna (IT-2)"},
		{"  JOSÉ María ", "García-López", "García López, José María"},
		{"Łukasz", "NOWAK", "Nowak Łukasz"},
		{"", "O'Brien", "Seán O\u2019Brien"},
		{"田中", "Taro", ""},
		{"", "", ""},
	}
	f := newFolder()
	var tr personTraits
	for _, tt := range tests {
		tr.read(f, tt.given, tt.surname, tt.display, "")
		g, s, d := plainTokens(f, tt.given), plainTokens(f, tt.surname), plainTokens(f, tt.display)
		want := append(append(append([]string{}, g...), s...), d...)
		if !slices.Equal(tr.words, want) || tr.given != len(g) || tr.surname != len(s) {
			t.Errorf("read(%q, %q, %q) = %q given %d surname %d, want %q given %d surname %d",
				tt.given, tt.surname, tt.display, tr.words, tr.given, tr.surname, want, len(g), len(s))
		}
	}
}
