package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/softmatch/softmatch/reconcile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func generate(t testing.TB, opt Options) (string, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

func fileSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	for _, n := range []string{OnPremFile, CloudFile, TruthFile} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		sums[n] = hex.EncodeToString(h[:])
	}
	return sums
}

func TestSameSeedGivesSameBytes(t *testing.T) {
	tests := []struct {
		name     string
		a, b     Options
		wantSame bool
	}{
		{"same seed", Options{Users: 3000, Seed: 42}, Options{Users: 3000, Seed: 42}, true},
		{"negative seed", Options{Users: 500, Seed: -9}, Options{Users: 500, Seed: -9}, true},
		{"utf-16 shape", Options{Users: 2000, Seed: 6, Shape: Shape{UTF16: true, TypeLine: true}},
			Options{Users: 2000, Seed: 6, Shape: Shape{UTF16: true, TypeLine: true}}, true},
		{"other seed", Options{Users: 3000, Seed: 42}, Options{Users: 3000, Seed: 43}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			da, _ := generate(t, tt.a)
			db, _ := generate(t, tt.b)
			sa, sb := fileSums(t, da), fileSums(t, db)
			for n := range sa {
				if same := sa[n] == sb[n]; same != tt.wantSame {
					t.Errorf("%s: SHA-256 %s vs %s, want same=%v", n, sa[n], sb[n], tt.wantSame)
				}
			}
		})
	}
}

// TestGoldenSmallTenant pins the exact bytes of a small tenant, so that a change to the
// generator's output is a visible diff (go test -update rewrites the files).
func TestGoldenSmallTenant(t *testing.T) {
	dir, _ := generate(t, Options{Users: 40, Seed: 7})
	for _, n := range []string{OnPremFile, CloudFile, TruthFile} {
		got, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "seed7-40users", n)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s", n, golden)
		}
	}
}

func TestRowCountsMatchStats(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		// exact: the cloud file holds CloudUsers rows (one more when a two-user case ends
		// it); otherwise the cases alone need more and no cloud-only filler is added.
		exact bool
	}{
		{"default rates", Options{Users: 2500, Seed: 1}, true},
		{"more cloud users", Options{Users: 1000, CloudUsers: 1800, Seed: 2}, true},
		{"fewer cloud users than the cases need", Options{Users: 1000, CloudUsers: 10, Seed: 3}, false},
		{"only contested pairs", Options{Users: 101, Seed: 4, Rates: Rates{Contested: 1}}, true},
		{"no users", Options{Users: 0, Seed: 5}, true},
		{"cloud users only", Options{Users: 0, CloudUsers: 7, Seed: 6}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, st := generate(t, tt.opt)
			onprem := readTable(t, filepath.Join(dir, OnPremFile))
			cloud := readTable(t, filepath.Join(dir, CloudFile))
			truth := readTable(t, filepath.Join(dir, TruthFile))
			if len(onprem) != tt.opt.Users || st.OnPrem != tt.opt.Users {
				t.Errorf("on-prem rows %d, stats %d, want %d", len(onprem), st.OnPrem, tt.opt.Users)
			}
			if len(truth) != len(onprem) {
				t.Errorf("truth rows %d, want one per on-prem user (%d)", len(truth), len(onprem))
			}
			if len(cloud) != st.Cloud {
				t.Errorf("cloud rows %d, stats say %d", len(cloud), st.Cloud)
			}
			want := tt.opt.CloudUsers
			if want == 0 {
				want = tt.opt.Users
			}
			if tt.exact && (st.Cloud < want || st.Cloud > want+1) || !tt.exact && st.Cloud <= want {
				t.Errorf("cloud rows %d, want %d (exact %v)", st.Cloud, want, tt.exact)
			}
			sum := 0
			for _, c := range st.Cases {
				sum += c.OnPrem
			}
			if sum != st.OnPrem {
				t.Errorf("cases add up to %d, want %d", sum, st.OnPrem)
			}
			for i, r := range truth {
				if r["ObjectGUID"] != onprem[i]["ObjectGUID"] || r["SamAccountName"] != onprem[i]["SamAccountName"] {
					t.Fatalf("truth row %d describes %s/%s, on-prem row is %s/%s", i,
						r["SamAccountName"], r["ObjectGUID"], onprem[i]["SamAccountName"], onprem[i]["ObjectGUID"])
				}
			}
		})
	}
}

// TestRatesPlantEachCase checks that each case appears about as often as its rate says.
func TestRatesPlantEachCase(t *testing.T) {
	const n = 20000
	_, st := generate(t, Options{Users: n, Seed: 11})
	r := DefaultRates()
	want := map[string]float64{
		"hard-match": r.HardMatch, "smtp-match": r.SMTPMatch, "upn-match": r.UPNMatch,
		"cloud-bound": r.CloudBound, "contested": 2 * r.Contested,
		"collision-on-create-upn": r.CollisionUPN, "likely-same-person": r.LikelySamePerson,
		"secondary-address-taken": r.SecondaryAddressTaken,
	}
	got := map[string]int{}
	for _, c := range st.Cases {
		got[c.Case] = c.OnPrem
		if c.OnPrem == 0 {
			t.Errorf("case %s planted no user in %d", c.Case, n)
		}
		if c.Outcome != caseOutcome(c.Case) {
			t.Errorf("case %s reports outcome %s", c.Case, c.Outcome)
		}
	}
	for name, rate := range want {
		exp := rate * n
		if math.Abs(float64(got[name])-exp) > 5*math.Sqrt(exp)+2 {
			t.Errorf("case %s: %d users, want about %.0f", name, got[name], exp)
		}
	}
}

func caseOutcome(name string) reconcile.Outcome {
	for _, c := range caseInfo {
		if c.name == name {
			return c.outcome
		}
	}
	return ""
}

func TestExportsLookLikePowerShell(t *testing.T) {
	// Enough hostile display names that every one of them appears.
	rates := DefaultRates()
	rates.HostileDisplayNames = 0.2
	dir, _ := generate(t, Options{Users: 400, Seed: 8, Rates: rates})
	tests := []struct {
		file   string
		bom    bool
		header string
	}{
		{OnPremFile, true, `"DistinguishedName","Enabled","GivenName","Surname","Name","DisplayName","ObjectGUID","SamAccountName","UserPrincipalName","mail","mailNickname","proxyAddresses","mS-DS-ConsistencyGuid"`},
		{CloudFile, false, `"Id","UserPrincipalName","DisplayName","GivenName","Surname","Mail","MailNickname","ProxyAddresses","OnPremisesImmutableId","OnPremisesSyncEnabled","AccountEnabled","UserType"`},
		{TruthFile, false, `"SamAccountName","Outcome","CloudId","Case","ObjectGUID"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.HasPrefix(b, []byte("\xef\xbb\xbf")); got != tt.bom {
				t.Errorf("BOM %v, want %v", got, tt.bom)
			}
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
			if !bytes.HasPrefix(b, []byte(tt.header+"\r\n")) {
				t.Errorf("header line\n%.300s\nwant\n%s", b, tt.header)
			}
			if !bytes.HasSuffix(b, []byte("\"\r\n")) {
				t.Error("file does not end in a quoted field and CRLF")
			}
			// Every field quoted, as Export-Csv writes them: encoding/csv says where each
			// field starts, and the byte there must be a quote.
			var lineStart []int
			for i, start := 0, 0; i <= len(b); i++ {
				if i == len(b) || b[i] == '\n' {
					lineStart = append(lineStart, start)
					start = i + 1
				}
			}
			r := csv.NewReader(bytes.NewReader(b))
			for n := 1; ; n++ {
				rec, err := r.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				for i := range rec {
					line, col := r.FieldPos(i)
					if at := lineStart[line-1] + col - 1; b[at] != '"' {
						t.Fatalf("record %d field %d (%q) is not quoted", n, i+1, rec[i])
					}
				}
			}
		})
	}
}

func TestShapeSelectsEncodingDelimiterAndTypeLine(t *testing.T) {
	utf16 := func(s string) string {
		var b strings.Builder
		for _, r := range s { // ASCII only here
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	tests := []struct {
		name       string
		shape      Shape
		onprem     string // expected start of the on-premises export
		cloud      string
		truthStart string
	}{
		{"default", Shape{}, "\xef\xbb\xbf\"DistinguishedName\",\"Enabled\"", "\"Id\",\"UserPrincipalName\"", "\"SamAccountName\","},
		{"semicolon", Shape{Semicolon: true}, "\xef\xbb\xbf\"DistinguishedName\";\"Enabled\"", "\"Id\";\"UserPrincipalName\"", "\"SamAccountName\","},
		{"type line", Shape{TypeLine: true},
			"\xef\xbb\xbf#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n\"DistinguishedName\",",
			"#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\r\n\"Id\",", "\"SamAccountName\","},
		{"utf-16", Shape{UTF16: true, Semicolon: true},
			"\xff\xfe" + utf16(`"DistinguishedName";"Enabled"`), "\xff\xfe" + utf16(`"Id";"UserPrincipalName"`), "\"SamAccountName\","},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := generate(t, Options{Users: 50, Seed: 3, Shape: tt.shape})
			for file, want := range map[string]string{OnPremFile: tt.onprem, CloudFile: tt.cloud, TruthFile: tt.truthStart} {
				b, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(string(b), want) {
					t.Errorf("%s starts %q, want %q", file, b[:min(len(b), len(want)+8)], want)
				}
			}
			if n := len(readTable(t, filepath.Join(dir, OnPremFile))); n != 50 {
				t.Errorf("read back %d on-prem users, want 50", n)
			}
		})
	}
}

// TestHostileDisplayNamesSurviveTheRoundTrip reads every hostile display name back
// unchanged: quoting kept line breaks, quotes and invisible characters inside their field.
func TestHostileDisplayNamesSurviveTheRoundTrip(t *testing.T) {
	rates := DefaultRates()
	rates.HostileDisplayNames = 1
	dir, _ := generate(t, Options{Users: 300, Seed: 21, Rates: rates})
	seen := map[int]bool{}
	for _, u := range readTable(t, filepath.Join(dir, OnPremFile)) {
		if u["SamAccountName"] == "" || u["GivenName"] == "" {
			continue // service accounts keep their fixed display name
		}
		found := false
		for i := range hostileDisplays {
			for _, name := range []string{u["GivenName"] + " " + u["Surname"], u["Surname"] + ", " + u["GivenName"]} {
				// encoding/csv reads a CRLF inside a quoted field as LF, by design.
				if u["DisplayName"] == strings.ReplaceAll(hostileDisplay(i, name), "\r\n", "\n") {
					seen[i], found = true, true
				}
			}
		}
		if !found && u["DisplayName"] != u["Name"] {
			t.Errorf("%s: display name %q is neither hostile nor plain", u["SamAccountName"], u["DisplayName"])
		}
	}
	for i := range hostileDisplays {
		if !seen[i] {
			t.Errorf("hostile display name %d (%q) never read back", i, hostileDisplays[i])
		}
	}
}

func TestNameTablesFoldDistinct(t *testing.T) {
	for _, tab := range []struct {
		name string
		t    nameTable
	}{{"given", givenTable}, {"surname", surnameTable}} {
		seen := map[string]string{}
		for i, f := range tab.t.folded {
			if f == "" || f[0] < 'a' || f[0] > 'z' {
				t.Errorf("%s %q folds to %q: want a leading ASCII letter", tab.name, tab.t.display[i], f)
			}
			if strings.Trim(f, "abcdefghijklmnopqrstuvwxyz-") != "" {
				t.Errorf("%s %q folds to %q: not lower-case ASCII", tab.name, tab.t.display[i], f)
			}
			if prev, ok := seen[f]; ok {
				t.Errorf("%s %q and %q both fold to %q", tab.name, prev, tab.t.display[i], f)
			}
			seen[f] = tab.t.display[i]
		}
	}
}

func TestASCIIFoldTransliterates(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Björn", "bjorn"}, {"Zoë", "zoe"}, {"Łukasz", "lukasz"}, {"José", "jose"},
		{"Ñúñez", "nunez"}, {"Nguyễn", "nguyen"}, {"Øyvind", "oyvind"}, {"Şahin", "sahin"},
		{"Weiß", "weiss"}, {"Yılmaz", "yilmaz"}, {"Þórdís", "thordis"}, {"Guðrún", "gudrun"},
		{"O’Connor", "oconnor"}, {"van der Berg", "vanderberg"}, {"Ruiz-Picasso", "ruiz-picasso"},
		{"Ærøe", "aeroe"},
	}
	for _, tt := range tests {
		if got := asciiFold(tt.in); got != tt.want {
			t.Errorf("asciiFold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistinguishedNameEscapesComma(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Anna Berg", "Anna Berg"},
		{"Berg, Anna", `Berg\, Anna`},
		{"#admin", `\#admin`},
		{"a+b=c", `a\+b\=c`},
	}
	for _, tt := range tests {
		if got := dnEscape(tt.in); got != tt.want {
			t.Errorf("dnEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGenerateFailsWhenTheFolderIsAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(path, Options{Users: 10}); err == nil {
		t.Fatal("Generate wrote into a file path without an error")
	}
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"negative users", Options{Users: -1}, "want between 0"},
		{"too many users", Options{Users: MaxUsers + 1}, "want between 0"},
		{"negative cloud users", Options{Users: 1, CloudUsers: -5}, "cloud users"},
		{"rate above one", Options{Users: 1, Rates: Rates{SMTPMatch: 1.5}}, "smtp-match"},
		{"not a number", Options{Users: 1, Rates: Rates{HardMatch: math.NaN()}}, "hard-match"},
		{"rates add up past one", Options{Users: 1, Rates: Rates{SMTPMatch: 0.7, UPNMatch: 0.7}}, "must not exceed 1"},
		{"negative trait", Options{Users: 1, Rates: Rates{SMTPMatch: 0.5, Disabled: -0.1}}, "Disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Generate(dir, tt.opt)
			if err != nil && strings.HasPrefix(err.Error(), "synth") {
				t.Errorf("error %q repeats the package name; the command adds its own prefix", err)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("rejected options left %d files behind", len(entries))
			}
		})
	}
}

// storedGUIDBytes is written out here rather than taken from reconcile so that a mistake in
// either copy shows: .NET's Guid.ToByteArray reverses the first three groups.
func storedGUIDBytes(t *testing.T, guid string) []byte {
	t.Helper()
	be, err := hex.DecodeString(strings.ReplaceAll(guid, "-", ""))
	if err != nil || len(be) != 16 {
		t.Fatalf("GUID %q: %v", guid, err)
	}
	return []byte{be[3], be[2], be[1], be[0], be[5], be[4], be[7], be[6],
		be[8], be[9], be[10], be[11], be[12], be[13], be[14], be[15]}
}

func fold(s string) string { return strings.ToLower(s) }

// addressOf strips an SMTP prefix; ok is false for other address types.
func addressOf(proxy string) (string, bool) {
	i := strings.IndexByte(proxy, ':')
	if i < 0 || !strings.EqualFold(proxy[:i], "smtp") {
		return "", false
	}
	return fold(proxy[i+1:]), true
}

// oracle predicts each on-premises user's outcome from the files alone with the rules of
// domain.md 2 in their plainest form. It is independent of the engine, so it checks that
// the truth file follows the rules rather than the engine's reading of them.
type oracle struct {
	onprem, cloud   []map[string]string
	byImmutable     map[string]int
	byAddress       map[string][]int // cloud SMTP proxy addresses
	byUPN           map[string][]int
	primaryHolders  map[string]int // on-prem users per incoming primary SMTP
	verifiedDomains map[string]bool
}

func newOracle(onprem, cloud []map[string]string) *oracle {
	o := &oracle{onprem: onprem, cloud: cloud, byImmutable: map[string]int{},
		byAddress: map[string][]int{}, byUPN: map[string][]int{}, primaryHolders: map[string]int{},
		verifiedDomains: map[string]bool{}}
	for _, d := range VerifiedDomains {
		o.verifiedDomains[d] = true
	}
	for i, c := range cloud {
		if id := c["OnPremisesImmutableId"]; id != "" {
			o.byImmutable[id] = i
		}
		for _, p := range splitMulti(c["ProxyAddresses"]) {
			if a, ok := addressOf(p); ok {
				o.byAddress[a] = append(o.byAddress[a], i)
			}
		}
		o.byUPN[fold(c["UserPrincipalName"])] = append(o.byUPN[fold(c["UserPrincipalName"])], i)
	}
	for _, u := range onprem {
		if p := primarySMTP(u); p != "" && !excluded(u) {
			o.primaryHolders[p]++
		}
	}
	return o
}

func primarySMTP(u map[string]string) string {
	for _, p := range splitMulti(u["proxyAddresses"]) {
		if strings.HasPrefix(p, "SMTP:") {
			return fold(p[len("SMTP:"):])
		}
	}
	return fold(u["mail"])
}

func excluded(u map[string]string) bool {
	sam := strings.ToUpper(u["SamAccountName"])
	return sam == "" || strings.HasPrefix(sam, "MSOL_") || strings.HasPrefix(sam, "AAD_")
}

func prefixOf(addr string) string {
	if i := strings.IndexByte(addr, '@'); i >= 0 {
		return addr[:i]
	}
	return addr
}

// incomingUPN is the UPN Entra will use: the on-premises one when its suffix is verified,
// else mailNickname (or the first address prefix) at the initial domain.
func (o *oracle) incomingUPN(u map[string]string) string {
	upn := fold(u["UserPrincipalName"])
	if o.verifiedDomains[upn[strings.IndexByte(upn, '@')+1:]] {
		return upn
	}
	for _, nick := range []string{u["mailNickname"], prefixOf(primarySMTP(u)), prefixOf(u["mail"]), prefixOf(upn)} {
		if nick != "" {
			return fold(nick) + "@" + InitialDomain
		}
	}
	return ""
}

func (o *oracle) predict(t *testing.T, u map[string]string) (reconcile.Outcome, string) {
	if excluded(u) {
		return reconcile.Excluded, ""
	}
	anchor := base64.StdEncoding.EncodeToString(storedGUIDBytes(t, u["ObjectGUID"]))
	if cg := u["mS-DS-ConsistencyGuid"]; cg != "" {
		anchor = cg
	}
	if c, ok := o.byImmutable[anchor]; ok {
		return reconcile.HardMatch, o.cloud[c]["Id"]
	}
	candidate := func(c []int, outcome reconcile.Outcome, contested bool) (reconcile.Outcome, string) {
		if len(c) != 1 {
			t.Fatalf("%s: %d candidates; the generator plants at most one", u["SamAccountName"], len(c))
		}
		cu := o.cloud[c[0]]
		if id := cu["OnPremisesImmutableId"]; id != "" && id != anchor || cu["OnPremisesSyncEnabled"] == "True" || contested {
			return reconcile.Blocked, cu["Id"]
		}
		return outcome, cu["Id"]
	}
	p := primarySMTP(u)
	if c := o.byAddress[p]; p != "" && len(c) > 0 {
		return candidate(c, reconcile.SMTPMatch, o.primaryHolders[p] > 1)
	}
	if c := o.byUPN[o.incomingUPN(u)]; len(c) > 0 {
		return candidate(c, reconcile.UPNMatch, false)
	}
	return reconcile.New, ""
}

// TestTruthFollowsTheRules checks every truth row against the plain reading of domain.md,
// and checks what each case plants beyond its outcome.
func TestTruthFollowsTheRules(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		dir, _ := generate(t, Options{Users: 4000, Seed: seed})
		onprem := readTable(t, filepath.Join(dir, OnPremFile))
		cloud := readTable(t, filepath.Join(dir, CloudFile))
		truth := readTable(t, filepath.Join(dir, TruthFile))
		o := newOracle(onprem, cloud)
		for i, u := range onprem {
			tr := truth[i]
			outcome, id := o.predict(t, u)
			if string(outcome) != tr["Outcome"] || id != tr["CloudId"] {
				t.Errorf("seed %d %s (%s): rules give %s %q, truth says %s %q", seed,
					u["SamAccountName"], tr["Case"], outcome, id, tr["Outcome"], tr["CloudId"])
			}
			inUPN, p := o.incomingUPN(u), primarySMTP(u)
			switch tr["Case"] {
			case "collision-on-create-upn":
				if len(o.byAddress[inUPN]) == 0 {
					t.Errorf("seed %d %s: UPN %s is no cloud address", seed, u["SamAccountName"], inUPN)
				}
			case "collision-on-create-smtp":
				if len(o.byUPN[p]) == 0 {
					t.Errorf("seed %d %s: primary SMTP %s is no cloud UPN", seed, u["SamAccountName"], p)
				}
			case "smtp-match-upn-taken":
				if c := o.byUPN[inUPN]; len(c) != 1 || cloud[c[0]]["Id"] == tr["CloudId"] {
					t.Errorf("seed %d %s: UPN %s not held by another cloud user", seed, u["SamAccountName"], inUPN)
				}
			case "smtp-match-case":
				if strings.Contains(u["proxyAddresses"]+u["mail"], p) {
					t.Errorf("seed %d %s: address %s not in other letter case", seed, u["SamAccountName"], p)
				}
			case "smtp-match-secondary":
				c := o.byAddress[p]
				if len(c) != 1 || strings.Contains(cloud[c[0]]["ProxyAddresses"], "SMTP:"+p) {
					t.Errorf("seed %d %s: %s is not a secondary cloud address", seed, u["SamAccountName"], p)
				}
			case "secondary-address-taken":
				// One secondary alias is the primary address of a cloud-only mailbox, which
				// no on-premises user's primary address reaches.
				taken := 0
				for _, a := range splitMulti(u["proxyAddresses"]) {
					if !strings.HasPrefix(a, "smtp:") {
						continue
					}
					for _, c := range o.byAddress[fold(a[len("smtp:"):])] {
						if strings.Contains(cloud[c]["ProxyAddresses"], "SMTP:"+fold(a[len("smtp:"):])) &&
							cloud[c]["Id"] != tr["CloudId"] && o.primaryHolders[fold(a[len("smtp:"):])] == 0 {
							taken++
						}
					}
				}
				if taken != 1 {
					t.Errorf("seed %d %s: %d secondary aliases are a cloud-only mailbox's primary, want 1", seed, u["SamAccountName"], taken)
				}
			case "likely-same-person":
				found := false
				for _, c := range cloud {
					if c["GivenName"] == u["GivenName"] && c["Surname"] == u["Surname"] &&
						strings.HasPrefix(c["UserPrincipalName"], aliasPrefix(u)) {
						found = true
					}
				}
				if !found {
					t.Errorf("seed %d %s: no cloud-only user with the same names and an alias", seed, u["SamAccountName"])
				}
			case "hard-match", "hard-match-consistency-guid":
				if (tr["Case"] == "hard-match") != (u["mS-DS-ConsistencyGuid"] == "") {
					t.Errorf("seed %d %s: mS-DS-ConsistencyGuid %q does not fit the case", seed, u["SamAccountName"], u["mS-DS-ConsistencyGuid"])
				}
			}
		}
	}
}

func aliasPrefix(u map[string]string) string {
	return asciiFold(u["GivenName"])[:1] + asciiFold(u["Surname"])
}

// TestValuesAreUniqueUnlessPlanted makes sure no collision happens by accident: every
// account name, UPN, object id and address is unique on its side, except the primary
// address a contested pair shares.
func TestValuesAreUniqueUnlessPlanted(t *testing.T) {
	dir, _ := generate(t, Options{Users: 20000, Seed: 5})
	onprem := readTable(t, filepath.Join(dir, OnPremFile))
	cloud := readTable(t, filepath.Join(dir, CloudFile))
	truth := readTable(t, filepath.Join(dir, TruthFile))
	unique := func(what string, key func(i int) []string, n int, allowed func(i int) bool) {
		seen := map[string]int{}
		for i := 0; i < n; i++ {
			for _, k := range key(i) {
				if k == "" {
					continue
				}
				if j, ok := seen[k]; ok && !(allowed(i) && allowed(j)) {
					t.Errorf("%s %q held by rows %d and %d", what, k, j+2, i+2)
				}
				seen[k] = i
			}
		}
	}
	never := func(int) bool { return false }
	contested := func(i int) bool { return truth[i]["Case"] == "contested" }
	unique("sAMAccountName", func(i int) []string { return []string{fold(onprem[i]["SamAccountName"])} }, len(onprem), never)
	unique("objectGUID", func(i int) []string { return []string{onprem[i]["ObjectGUID"]} }, len(onprem), never)
	unique("on-prem UPN", func(i int) []string { return []string{fold(onprem[i]["UserPrincipalName"])} }, len(onprem), never)
	unique("on-prem address", func(i int) []string {
		var out []string
		for _, p := range splitMulti(onprem[i]["proxyAddresses"]) {
			if a, ok := addressOf(p); ok {
				out = append(out, a)
			}
		}
		return out
	}, len(onprem), contested)
	unique("cloud Id", func(i int) []string { return []string{cloud[i]["Id"]} }, len(cloud), never)
	unique("cloud UPN", func(i int) []string { return []string{fold(cloud[i]["UserPrincipalName"])} }, len(cloud), never)
	unique("cloud address", func(i int) []string {
		var out []string
		for _, p := range splitMulti(cloud[i]["ProxyAddresses"]) {
			if a, ok := addressOf(p); ok {
				out = append(out, a)
			}
		}
		return out
	}, len(cloud), never)
	for i, c := range cloud {
		if strings.Contains(fold(c["UserPrincipalName"]+c["ProxyAddresses"]+c["Mail"]), UnverifiedSuffix) {
			t.Errorf("cloud row %d carries %s, which the tenant cannot hold", i+2, UnverifiedSuffix)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, bc := range []struct {
		name  string
		n     int
		shape Shape
	}{
		{"users=10000", 10000, Shape{}},
		{"users=100000", 100000, Shape{}},
		{"users=100000/utf-16", 100000, Shape{UTF16: true, Semicolon: true}},
	} {
		n := bc.n
		b.Run(bc.name, func(b *testing.B) {
			dir := b.TempDir()
			for i := 0; i < b.N; i++ {
				if _, err := Generate(dir, Options{Users: n, Seed: 1, Shape: bc.shape}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "users/s")
		})
	}
}
