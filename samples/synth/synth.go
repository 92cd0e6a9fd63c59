// Package synth generates a synthetic tenant: an on-premises Active Directory export and a
// Microsoft 365 cloud export that together hold every situation the first sync can meet,
// planted at known rates, with the outcome each on-premises user must get written beside
// them as ground truth.
//
// The files look like what consultants bring: Get-ADUser exported by Windows PowerShell 5.1
// (UTF-8 with BOM, every field quoted, CRLF, multi-valued proxyAddresses joined with ";",
// mS-DS-ConsistencyGuid as base64) and Get-MgUser exported by PowerShell 7 (UTF-8 without
// BOM); Shape switches to UTF-16, ";" delimiters and #TYPE lines. Names come from many
// languages, addresses are spread over contoso.com, fabrikam.com and sub.contoso.com, some
// UPNs carry the unroutable contoso.local suffix, some users have no mailbox, some accounts
// are disabled, some cloud users are guests, and a few display names are built to break
// spreadsheets and scripts.
//
// The planted cases follow the join of domain.md: hard match by objectGUID or
// mS-DS-ConsistencyGuid, SMTP match (also in other letter case and on a secondary cloud
// address), UPN match, blocks by a bound candidate or a contested address, collisions on
// create, look-alike cloud-only users, secondary addresses a cloud-only mailbox keeps, and
// objects out of sync scope.
//
// Generation streams: each user is written as soon as it is made and nothing is kept per
// user, so memory stays flat (under 64 MB at any size) and a million users per side take a
// few seconds. Each slot (one on-premises user, or two for a contested pair) draws from its
// own random stream seeded by the seed and the slot number, so the same seed gives the same
// bytes.
//
// Every generated value is unique unless a case plants the collision: each person's
// address local part comes from a bijection of the person number onto (given name, surname,
// occurrence), and account names end in the slot number.
package synth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/softmatch/softmatch/reconcile"
)

// The tenant the generator describes.
const (
	// InitialDomain is the tenant's initial domain, the suffix Entra gives a UPN whose own
	// suffix is not verified.
	InitialDomain = "contoso.onmicrosoft.com"
	// UnverifiedSuffix is the on-premises UPN suffix that is not a tenant domain.
	UnverifiedSuffix = "contoso.local"
)

// VerifiedDomains lists the tenant's verified domains, for a run with --domains.
var VerifiedDomains = []string{"contoso.com", "fabrikam.com", "sub.contoso.com"}

// The files Generate writes.
const (
	OnPremFile = "onprem-users.csv"
	CloudFile  = "cloud-users.csv"
	TruthFile  = "truth.csv"
)

// MaxUsers bounds Options.Users: account names end in the slot number and must stay within
// sAMAccountName's 20 characters.
const MaxUsers = 50_000_000

// Rates are the shares of on-premises slots given to each planted case (the rest are plain
// new users) and the shares of population traits. Every rate is in [0, 1]; the case rates
// together must not exceed 1.
type Rates struct {
	// HardMatch: the cloud user's ImmutableId is derived from the objectGUID.
	HardMatch float64
	// HardMatchConsistencyGUID: mS-DS-ConsistencyGuid is set and the cloud user carries it.
	HardMatchConsistencyGUID float64
	// SMTPMatch: the primary SMTP address is a cloud user's primary address.
	SMTPMatch float64
	// SMTPMatchCase: as SMTPMatch with the on-premises address in different letter case.
	SMTPMatchCase float64
	// SMTPMatchSecondary: the primary SMTP address is only a cloud user's secondary address.
	SMTPMatchSecondary float64
	// SMTPMatchUPNTaken: joins one cloud user by SMTP while its UPN belongs to another.
	SMTPMatchUPNTaken float64
	// UPNMatch: a cloud user without proxyAddresses has the same UPN.
	UPNMatch float64
	// CloudBound: the SMTP candidate carries a different ImmutableId (some are synced).
	CloudBound float64
	// CloudBoundStaleAnchor: the candidate's ImmutableId comes from the objectGUID while
	// mS-DS-ConsistencyGuid, the real anchor, holds another value.
	CloudBoundStaleAnchor float64
	// Contested: two on-premises users (an account and its admin twin) share the primary
	// SMTP address of one cloud user. Each pair takes two slots.
	Contested float64
	// CollisionUPN: no match, but the UPN is a secondary address of a cloud user.
	CollisionUPN float64
	// CollisionSMTP: no match, but the primary SMTP address is the UPN of an unlicensed
	// cloud user.
	CollisionSMTP float64
	// LikelySamePerson: no match, while a cloud-only user has the same names and an alias
	// such as aberg123.
	LikelySamePerson float64
	// Excluded: MSOL_ and AAD_ service accounts and a user without sAMAccountName.
	Excluded float64
	// SecondaryAddressTaken: joins its cloud user by SMTP, while one of its secondary
	// smtp: aliases is the primary address of a cloud-only shared mailbox (a former
	// colleague's mailbox, converted when they left) that nothing joins: the first sync
	// drops the alias.
	SecondaryAddressTaken float64

	// Disabled is the share of disabled on-premises accounts.
	Disabled float64
	// NoMailbox is the share of on-premises users without proxyAddresses.
	NoMailbox float64
	// UnverifiedUPN is the share of UPNs on contoso.local.
	UnverifiedUPN float64
	// SAMStyleUPN is the share of UPNs built from sAMAccountName instead of the names.
	SAMStyleUPN float64
	// Guests is the share of cloud-only users that are guests.
	Guests float64
	// HostileDisplayNames is the share of on-premises users whose displayName carries what
	// breaks careless writers: a leading = + - @ (spreadsheet formulas), quotes of every
	// kind, PowerShell subexpressions and backticks, a line break, invisible characters.
	// Matching never reads displayName, so outcomes do not change.
	HostileDisplayNames float64

	// chosen is set by DefaultRates and Set: such rates are used as they are, even when
	// every one is zero. Only the zero Rates{} means "the defaults".
	chosen bool
}

// DefaultRates returns rates that resemble a mid-sized tenant moving to sync: most users
// match, a few percent hit each problem.
func DefaultRates() Rates {
	return Rates{
		chosen:                   true,
		HardMatch:                0.08,
		HardMatchConsistencyGUID: 0.02,
		SMTPMatch:                0.30,
		SMTPMatchCase:            0.05,
		SMTPMatchSecondary:       0.02,
		SMTPMatchUPNTaken:        0.01,
		UPNMatch:                 0.08,
		CloudBound:               0.02,
		CloudBoundStaleAnchor:    0.005,
		Contested:                0.005,
		CollisionUPN:             0.01,
		CollisionSMTP:            0.01,
		LikelySamePerson:         0.01,
		Excluded:                 0.01,
		SecondaryAddressTaken:    0.005,
		Disabled:                 0.05,
		NoMailbox:                0.15,
		UnverifiedUPN:            0.05,
		SAMStyleUPN:              0.15,
		Guests:                   0.10,
		HostileDisplayNames:      0.005,
	}
}

// rateFields names every rate for the command line: the planted cases by the names
// truth.csv gives them (the three excluded variants share "excluded"), then the traits.
var rateFields = []struct {
	name  string
	field func(*Rates) *float64
}{
	{"hard-match", func(r *Rates) *float64 { return &r.HardMatch }},
	{"hard-match-consistency-guid", func(r *Rates) *float64 { return &r.HardMatchConsistencyGUID }},
	{"smtp-match", func(r *Rates) *float64 { return &r.SMTPMatch }},
	{"smtp-match-case", func(r *Rates) *float64 { return &r.SMTPMatchCase }},
	{"smtp-match-secondary", func(r *Rates) *float64 { return &r.SMTPMatchSecondary }},
	{"smtp-match-upn-taken", func(r *Rates) *float64 { return &r.SMTPMatchUPNTaken }},
	{"upn-match", func(r *Rates) *float64 { return &r.UPNMatch }},
	{"cloud-bound", func(r *Rates) *float64 { return &r.CloudBound }},
	{"cloud-bound-stale-anchor", func(r *Rates) *float64 { return &r.CloudBoundStaleAnchor }},
	{"contested", func(r *Rates) *float64 { return &r.Contested }},
	{"collision-on-create-upn", func(r *Rates) *float64 { return &r.CollisionUPN }},
	{"collision-on-create-smtp", func(r *Rates) *float64 { return &r.CollisionSMTP }},
	{"likely-same-person", func(r *Rates) *float64 { return &r.LikelySamePerson }},
	{"excluded", func(r *Rates) *float64 { return &r.Excluded }},
	{"secondary-address-taken", func(r *Rates) *float64 { return &r.SecondaryAddressTaken }},
	{"disabled", func(r *Rates) *float64 { return &r.Disabled }},
	{"no-mailbox", func(r *Rates) *float64 { return &r.NoMailbox }},
	{"unverified-upn", func(r *Rates) *float64 { return &r.UnverifiedUPN }},
	{"sam-style-upn", func(r *Rates) *float64 { return &r.SAMStyleUPN }},
	{"guests", func(r *Rates) *float64 { return &r.Guests }},
	{"hostile-display-names", func(r *Rates) *float64 { return &r.HostileDisplayNames }},
}

// RateNames lists the names Set accepts, cases first, then traits.
func RateNames() []string {
	names := make([]string, len(rateFields))
	for i, f := range rateFields {
		names[i] = f.name
	}
	return names
}

// Set sets the rate called name (one of RateNames) to v. Whether the rates together make
// sense is checked by Generate.
func (r *Rates) Set(name string, v float64) error {
	for _, f := range rateFields {
		if f.name == name {
			*f.field(r) = v
			r.chosen = true
			return nil
		}
	}
	return fmt.Errorf("no rate is called %q; the rates are: %s", name, strings.Join(RateNames(), ", "))
}

// Get returns the rate called name (one of RateNames).
func (r Rates) Get(name string) (float64, bool) {
	for _, f := range rateFields {
		if f.name == name {
			return *f.field(&r), true
		}
	}
	return 0, false
}

// Options say what to generate.
type Options struct {
	// Users is the number of on-premises users.
	Users int
	// CloudUsers is the number of cloud users to aim for; 0 means as many as Users. Cloud-only
	// users fill the gap; when the planted cases alone need more, the file holds more.
	CloudUsers int
	// Seed selects the tenant: the same seed and options give the same bytes.
	Seed int64
	// Rates are the planted-case rates; the zero value means DefaultRates (rates built
	// with Set, or from DefaultRates, are taken as they are, all zero included).
	Rates Rates
	// Shape changes how both exports are encoded; the zero value writes them as described
	// in the package comment. truth.csv is always UTF-8 with commas.
	Shape Shape
}

// Shape selects the export variants Windows PowerShell produces with other switches, so
// that the readers can be tried and measured on each at any size.
type Shape struct {
	// UTF16 writes UTF-16LE with BOM (Export-Csv -Encoding Unicode).
	UTF16 bool
	// Semicolon separates fields with ";" (Export-Csv -UseCulture in many European
	// locales), the same character that joins proxyAddresses inside its quoted field.
	Semicolon bool
	// TypeLine starts each export with the "#TYPE <type name>" line Export-Csv writes
	// without -NoTypeInformation.
	TypeLine bool
}

// CaseCount is how many on-premises users one planted case produced.
type CaseCount struct {
	Case    string
	Outcome reconcile.Outcome
	OnPrem  int
}

// Stats describes what Generate wrote.
type Stats struct {
	// OnPrem counts the on-premises users (always Options.Users).
	OnPrem int
	// Cloud counts the cloud users.
	Cloud int
	// CloudOnly counts cloud users no on-premises user joins or is blocked on.
	CloudOnly int
	// Cases lists every case in a fixed order, including those with no users.
	Cases []CaseCount
}

// caseKind identifies a planted case.
type caseKind int

const (
	caseNew caseKind = iota
	caseHardMatch
	caseHardMatchConsistencyGUID
	caseSMTPMatch
	caseSMTPMatchCase
	caseSMTPMatchSecondary
	caseSMTPMatchUPNTaken
	caseUPNMatch
	caseCloudBound
	caseCloudBoundStaleAnchor
	caseContested
	caseCollisionUPN
	caseCollisionSMTP
	caseLikelySamePerson
	caseExcludedMSOL
	caseExcludedAAD
	caseExcludedNoSAM
	// caseSecondaryAddressTaken comes after the older cases, so that adding it kept
	// their order in Stats and truth.csv.
	caseSecondaryAddressTaken
	caseCount
)

// caseInfo names each case in truth.csv and gives the outcome the rules of domain.md
// predict for its on-premises users.
var caseInfo = [caseCount]struct {
	name    string
	outcome reconcile.Outcome
}{
	caseNew:                      {"new", reconcile.New},
	caseHardMatch:                {"hard-match", reconcile.HardMatch},
	caseHardMatchConsistencyGUID: {"hard-match-consistency-guid", reconcile.HardMatch},
	caseSMTPMatch:                {"smtp-match", reconcile.SMTPMatch},
	caseSMTPMatchCase:            {"smtp-match-case", reconcile.SMTPMatch},
	caseSMTPMatchSecondary:       {"smtp-match-secondary", reconcile.SMTPMatch},
	caseSMTPMatchUPNTaken:        {"smtp-match-upn-taken", reconcile.SMTPMatch},
	caseUPNMatch:                 {"upn-match", reconcile.UPNMatch},
	caseCloudBound:               {"cloud-bound", reconcile.Blocked},
	caseCloudBoundStaleAnchor:    {"cloud-bound-stale-anchor", reconcile.Blocked},
	caseContested:                {"contested", reconcile.Blocked},
	caseCollisionUPN:             {"collision-on-create-upn", reconcile.New},
	caseCollisionSMTP:            {"collision-on-create-smtp", reconcile.New},
	caseLikelySamePerson:         {"likely-same-person", reconcile.New},
	caseExcludedMSOL:             {"excluded-msol", reconcile.Excluded},
	caseExcludedAAD:              {"excluded-aad", reconcile.Excluded},
	caseExcludedNoSAM:            {"excluded-no-sam", reconcile.Excluded},
	caseSecondaryAddressTaken:    {"secondary-address-taken", reconcile.SMTPMatch},
}

// caseRates returns the rate of each case that is drawn directly (the excluded variants
// share one rate and are split afterwards).
func (r Rates) caseRates() []struct {
	kind caseKind
	rate float64
} {
	return []struct {
		kind caseKind
		rate float64
	}{
		{caseHardMatch, r.HardMatch},
		{caseHardMatchConsistencyGUID, r.HardMatchConsistencyGUID},
		{caseSMTPMatch, r.SMTPMatch},
		{caseSMTPMatchCase, r.SMTPMatchCase},
		{caseSMTPMatchSecondary, r.SMTPMatchSecondary},
		{caseSMTPMatchUPNTaken, r.SMTPMatchUPNTaken},
		{caseUPNMatch, r.UPNMatch},
		{caseCloudBound, r.CloudBound},
		{caseCloudBoundStaleAnchor, r.CloudBoundStaleAnchor},
		{caseContested, r.Contested},
		{caseCollisionUPN, r.CollisionUPN},
		{caseCollisionSMTP, r.CollisionSMTP},
		{caseLikelySamePerson, r.LikelySamePerson},
		{caseExcludedMSOL, r.Excluded},
		// Last, so that the shares drawn before it, and so the cases of a seed's slots,
		// stay as they were: only slots that were plain new users become this case.
		{caseSecondaryAddressTaken, r.SecondaryAddressTaken},
	}
}

// validate rejects rates that cannot be probabilities.
func (r Rates) validate() error {
	sum := 0.0
	for _, c := range r.caseRates() {
		if !(c.rate >= 0 && c.rate <= 1) { // also rejects NaN
			return fmt.Errorf("rate of case %s is %v: want a share between 0 and 1", caseInfo[c.kind].name, c.rate)
		}
		sum += c.rate
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("case rates add up to %.4f: they must not exceed 1", sum)
	}
	traits := map[string]float64{"Disabled": r.Disabled, "NoMailbox": r.NoMailbox,
		"UnverifiedUPN": r.UnverifiedUPN, "SAMStyleUPN": r.SAMStyleUPN, "Guests": r.Guests,
		"HostileDisplayNames": r.HostileDisplayNames}
	for _, name := range []string{"Disabled", "NoMailbox", "UnverifiedUPN", "SAMStyleUPN", "Guests", "HostileDisplayNames"} {
		if v := traits[name]; !(v >= 0 && v <= 1) {
			return fmt.Errorf("rate %s is %v: want a share between 0 and 1", name, v)
		}
	}
	return nil
}

// ErrOptions marks an error in the Options given to Generate (sizes, rates), as opposed to
// one writing the files.
var ErrOptions = errors.New("cannot generate these options")

// Generate writes dir/onprem-users.csv, dir/cloud-users.csv and dir/truth.csv (one line per
// on-premises user, in the same order: SamAccountName, the expected outcome, the expected
// cloud Id or "", the planted case and the ObjectGUID, which identifies users that have no
// sAMAccountName). It creates dir when missing. Files are written under temporary names and
// renamed only when all three are complete, so a failed run leaves no partial export.
func Generate(dir string, opt Options) (Stats, error) {
	if opt.Users < 0 || opt.Users > MaxUsers {
		return Stats{}, fmt.Errorf("%w: %d users: want between 0 and %d", ErrOptions, opt.Users, MaxUsers)
	}
	if opt.CloudUsers < 0 || opt.CloudUsers > MaxUsers {
		return Stats{}, fmt.Errorf("%w: %d cloud users: want between 0 and %d", ErrOptions, opt.CloudUsers, MaxUsers)
	}
	if !opt.Rates.chosen && opt.Rates == (Rates{}) {
		opt.Rates = DefaultRates()
	}
	if err := opt.Rates.validate(); err != nil {
		return Stats{}, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	if opt.CloudUsers == 0 {
		opt.CloudUsers = opt.Users
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}

	names := []string{OnPremFile, CloudFile, TruthFile}
	files := make([]*os.File, len(names))
	cleanup := func() {
		for _, f := range files {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}
	for i, n := range names {
		f, err := os.CreateTemp(dir, "."+n+".*.tmp")
		if err != nil {
			cleanup()
			return Stats{}, err
		}
		files[i] = f
	}

	async := make([]*asyncWriter, len(files))
	for i, f := range files {
		async[i] = newAsyncWriter(f)
	}
	exportW := []io.Writer{async[0], async[1]}
	var encoders []io.Closer
	if opt.Shape.UTF16 {
		for i := range exportW {
			// UseBOM writes the byte order mark Export-Csv -Encoding Unicode starts with.
			e := transform.NewWriter(async[i], unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder())
			exportW[i] = e
			encoders = append(encoders, e)
		}
	}
	g := newGenerator(opt, exportW[0], exportW[1], async[2])
	g.run()
	err := g.flush()
	for _, e := range encoders {
		if cerr := e.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	for _, a := range async {
		if cerr := a.close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	for _, f := range files {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err == nil {
			// CreateTemp makes files only the owner can read; exports are ordinary files.
			err = os.Chmod(f.Name(), 0o644)
		}
	}
	// Rename only once all three are complete, so a failed run leaves no new file behind.
	for i, f := range files {
		if err == nil {
			err = os.Rename(f.Name(), filepath.Join(dir, names[i]))
		}
		if err == nil {
			files[i] = nil
		}
	}
	if err != nil {
		cleanup()
		return Stats{}, fmt.Errorf("writing the synthetic tenant in %s: %w", dir, err)
	}
	return g.stats(), nil
}

// Random streams: on-premises slots and cloud-only fillers draw from separate streams so
// that the filler count never shifts a slot's values.
const (
	streamSlot   = 1
	streamFiller = 2
	streamTenant = 3
)

// generator holds the open writers and counters of one run.
type generator struct {
	opt                 Options
	onprem, cloud, tr   *quotedWriter
	cum                 []float64 // cumulative case rates, in caseRates order
	kinds               []caseKind
	fillers             int
	counts              [caseCount]int
	onpremRows, cloudRs int
	cloudOnly           int
	// mult and offset scramble person numbers onto name combinations (a bijection within
	// each block of combos), so neighbouring users do not share names.
	mult, offset uint64
	// hexMask scrambles slot numbers into the hex tail of MSOL_ and AAD_ account names.
	hexMask uint64
}

func newGenerator(opt Options, onprem, cloud, truth io.Writer) *generator {
	g := &generator{opt: opt}
	g.onprem = newQuotedWriter(onprem)
	g.cloud = newQuotedWriter(cloud)
	g.tr = newQuotedWriter(truth)
	if opt.Shape.Semicolon {
		g.onprem.sep, g.cloud.sep = ';', ';'
	}
	if !opt.Shape.UTF16 {
		// Windows PowerShell 5.1's Export-Csv -Encoding UTF8 writes a BOM; PowerShell 7
		// does not. (The UTF-16 encoder writes its own.)
		g.onprem.w.WriteString("\ufeff")
	}
	if opt.Shape.TypeLine {
		// Select-Object, which every export script uses to pick columns, renames the type.
		g.onprem.w.WriteString("#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n")
		g.cloud.w.WriteString("#TYPE Selected.Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser\r\n")
	}

	sum := 0.0
	for _, c := range opt.Rates.caseRates() {
		sum += c.rate
		g.cum = append(g.cum, sum)
		g.kinds = append(g.kinds, c.kind)
	}

	t := newSlotRand(opt.Seed, streamTenant, 0)
	combos := uint64(len(givenTable.folded) * len(surnameTable.folded))
	var coprime []uint64
	for _, p := range []uint64{7919, 104729, 1299709, 15485863, 179424673, 2038074743} {
		if combos%p != 0 { // p is prime, so it shares no factor with combos
			coprime = append(coprime, p)
		}
	}
	g.mult = coprime[t.intn(len(coprime))]
	g.offset = t.next() % combos
	g.hexMask = t.next() & 0xffffffffffff
	return g
}

func (g *generator) stats() Stats {
	s := Stats{OnPrem: g.onpremRows, Cloud: g.cloudRs, CloudOnly: g.cloudOnly}
	for k := caseKind(0); k < caseCount; k++ {
		s.Cases = append(s.Cases, CaseCount{Case: caseInfo[k].name, Outcome: caseInfo[k].outcome, OnPrem: g.counts[k]})
	}
	return s
}

func (g *generator) run() {
	g.onprem.record("DistinguishedName", "Enabled", "GivenName", "Surname", "Name", "DisplayName",
		"ObjectGUID", "SamAccountName", "UserPrincipalName", "mail", "mailNickname", "proxyAddresses",
		"mS-DS-ConsistencyGuid")
	g.cloud.record("Id", "UserPrincipalName", "DisplayName", "GivenName", "Surname", "Mail",
		"MailNickname", "ProxyAddresses", "OnPremisesImmutableId", "OnPremisesSyncEnabled",
		"AccountEnabled", "UserType")
	g.tr.record("SamAccountName", "Outcome", "CloudId", "Case", "ObjectGUID")

	n := g.opt.Users
	for i := 0; i < n; {
		i += g.slot(i)
		// Spread cloud-only users through the file, as a real export interleaves them,
		// keeping the cloud file on course for CloudUsers rows.
		for want := int(int64(g.opt.CloudUsers) * int64(i) / int64(n)); g.cloudRs < want; {
			g.filler()
		}
	}
	for g.cloudRs < g.opt.CloudUsers {
		g.filler()
	}
}

// flush hands every buffered row to the files' writers.
func (g *generator) flush() error {
	for _, w := range []*quotedWriter{g.onprem, g.cloud, g.tr} {
		if err := w.flush(); err != nil {
			return err
		}
	}
	return nil
}

// pick draws the case of a slot.
func (g *generator) pick(r *slotRand) caseKind {
	u := r.float()
	for i, c := range g.cum {
		if u < c {
			return g.kinds[i]
		}
	}
	return caseNew
}

// person is a human with a unique address local part.
type person struct {
	given, surname string // as displayed
	gfold, sfold   string // folded to ASCII
	local          string // given.surname, with a number when the combination repeats
}

// personFor maps a person number onto names. Within each block of len(given)*len(surname)
// numbers the map is a bijection, and the block number becomes the local part's suffix,
// so two person numbers never share a local part.
func (g *generator) personFor(id uint64) person {
	combos := uint64(len(givenTable.folded) * len(surnameTable.folded))
	combo := ((id%combos)*g.mult + g.offset) % combos
	occ := id / combos
	gi := int(combo % uint64(len(givenTable.folded)))
	si := int(combo / uint64(len(givenTable.folded)))
	p := person{
		given: givenTable.display[gi], surname: surnameTable.display[si],
		gfold: givenTable.folded[gi], sfold: surnameTable.folded[si],
	}
	p.local = p.gfold + "." + p.sfold
	if occ > 0 {
		p.local += strconv.FormatUint(occ+1, 10)
	}
	return p
}

// Person numbers: slot i's user is 2i, a second person a case needs for slot i is 2i+1,
// and cloud-only fillers come after all slots.
func slotPerson(slot int) uint64  { return 2 * uint64(slot) }
func extraPerson(slot int) uint64 { return 2*uint64(slot) + 1 }

// samFor builds a sAMAccountName: initial, surname cut to ten letters, slot number. The
// names hold no digits, so the trailing digits are exactly the slot and names never repeat.
func samFor(p person, slot int) string {
	s := p.sfold
	if len(s) > 10 {
		s = s[:10]
	}
	return p.gfold[:1] + s + strconv.Itoa(slot)
}

// aliasFor builds the short alias a cloud-first admin might have chosen: aberg123.
func aliasFor(p person, slot int) string {
	return p.gfold[:1] + p.sfold + strconv.Itoa(slot)
}

var sites = []string{"Stockholm", "Kraków", "São Paulo", "München", "Zürich", "Reykjavík",
	"Hà Nội", "İstanbul", "Łódź", "Oslo", "Montréal", "Dublin"}

// dnEscape escapes a relative distinguished name value (RFC 4514): "Berg, Anna" becomes
// "Berg\, Anna".
func dnEscape(s string) string {
	if !strings.ContainsAny(s, ",+\"\\<>;=#") && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case strings.ContainsRune(",+\"\\<>;=", r), r == '#' && i == 0, r == ' ' && (i == 0 || i == len(s)-1):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hostileDisplays wrap a name in values seen in real directories or crafted against the
// tools that read them. %s is the person's name.
var hostileDisplays = []string{
	"=cmd|' /C calc'!A0 %s",
	`=HYPERLINK("http://example.invalid/?%s";"click")`,
	"+%s",
	"-%s",
	"@%s",
	`%s "The Boss"`,
	"%s ‘Ops’ “On call”",
	"%s'; Remove-ADUser -Identity krbtgt; '",
	"%s $(Get-Process) `whoami` ${env:USERNAME}",
	"%s\n(contractor)",
	"%s\u200b",
	"\u00a0%s\u00ad",
	"%s\u2028<# note #>",
	"\t%s\r\n-- %s",
}

// hostileDisplay builds hostile display name i around name.
func hostileDisplay(i int, name string) string {
	return strings.ReplaceAll(hostileDisplays[i], "%s", name)
}

// titleASCII upper-cases the first letter of every dot-separated part: Anna.Berg@Contoso.com.
func titleASCII(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '.' || c == '@'
	}
	return string(b)
}

func boolText(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// onPremUser is one row of the Get-ADUser export.
type onPremUser struct {
	p                 person
	dn, name, display string
	enabled           bool
	given, surname    string
	guid, sam         string
	upn               string
	mail, nick        string
	proxies, consGUID string
	domain            string // primary SMTP domain
	primary           string // the primary SMTP address ("" without mail)
	unverified        bool
}

var primaryDomains = []string{"contoso.com", "contoso.com", "contoso.com", "contoso.com",
	"contoso.com", "contoso.com", "fabrikam.com", "fabrikam.com", "fabrikam.com", "sub.contoso.com"}

// secondaryDomain is where a user's second address lives: the other brand.
func secondaryDomain(d string) string {
	if d == "fabrikam.com" {
		return "contoso.com"
	}
	return "fabrikam.com"
}

// baseUser makes the on-premises user of a slot with the population traits drawn.
func (g *generator) baseUser(slot int, r *slotRand) onPremUser {
	p := g.personFor(slotPerson(slot))
	u := onPremUser{p: p, given: p.given, surname: p.surname}
	u.guid = r.guid()
	u.sam = samFor(p, slot)
	u.enabled = !r.chance(g.opt.Rates.Disabled)
	u.domain = primaryDomains[r.intn(len(primaryDomains))]
	u.display = p.given + " " + p.surname
	if r.chance(0.15) {
		// Some directories file people as "Surname, Given", which puts a comma in the CN.
		u.display = p.surname + ", " + p.given
	}
	u.name = u.display
	u.dn = "CN=" + dnEscape(u.name) + ",OU=Users,OU=" + sites[r.intn(len(sites))] + ",DC=contoso,DC=local"
	if r.chance(g.opt.Rates.HostileDisplayNames) {
		u.display = hostileDisplay(r.intn(len(hostileDisplays)), u.display)
	}
	upnLocal := p.local
	if r.chance(g.opt.Rates.SAMStyleUPN) {
		upnLocal = u.sam
	}
	u.upn = upnLocal + "@" + u.domain
	if r.chance(g.opt.Rates.UnverifiedUPN) {
		u.upn = upnLocal + "@" + UnverifiedSuffix
		u.unverified = true
	}
	if r.chance(g.opt.Rates.NoMailbox) {
		if r.chance(0.3) {
			// mail set without a mailbox: the incoming primary SMTP comes from mail.
			u.mail = p.local + "@" + u.domain
			u.primary = u.mail
		}
	} else {
		g.giveMailbox(&u, r)
	}
	return u
}

// giveMailbox makes the user mail-enabled with the usual extra addresses.
func (g *generator) giveMailbox(u *onPremUser, r *slotRand) {
	u.primary = u.p.local + "@" + u.domain
	u.mail = u.primary
	u.nick = u.p.local
	u.proxies = "SMTP:" + u.primary
	if r.chance(0.5) {
		u.proxies += ";smtp:" + u.p.local + "@" + secondaryDomain(u.domain)
	}
	if r.chance(0.2) {
		// Hybrid routing address: a reserved suffix the proxy calculation drops.
		u.proxies += ";smtp:" + u.p.local + "@contoso.mail.onmicrosoft.com"
	}
	if r.chance(0.1) {
		u.proxies += ";X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" +
			strings.ReplaceAll(r.guid(), "-", "") + "-" + u.p.gfold
	}
}

// ensurePrimary gives a mailbox to a user the case needs an address for.
func (g *generator) ensurePrimary(u *onPremUser, r *slotRand) {
	if u.primary == "" {
		g.giveMailbox(u, r)
	}
}

// verifyUPN moves an unverified UPN onto the primary domain.
func (u *onPremUser) verifyUPN() {
	if u.unverified {
		u.upn = strings.TrimSuffix(u.upn, UnverifiedSuffix) + u.domain
		u.unverified = false
	}
}

// setPrimary replaces the primary SMTP address, keeping proxyAddresses and mail in step.
func (u *onPremUser) setPrimary(addr string, extra string) {
	u.primary = addr
	u.mail = addr
	u.nick = u.p.local
	u.proxies = "SMTP:" + addr + extra
}

// recasePrimary writes the primary address in other letter case wherever the user holds it.
func (u *onPremUser) recasePrimary(addr string) {
	if strings.HasPrefix(u.proxies, "SMTP:"+u.primary) {
		u.proxies = "SMTP:" + addr + u.proxies[len("SMTP:")+len(u.primary):]
	}
	if u.mail == u.primary {
		u.mail = addr
	}
	u.primary = addr
}

func (g *generator) writeOnPrem(u *onPremUser) {
	w := g.onprem
	w.field(u.dn)
	w.field(boolText(u.enabled))
	w.field(u.given)
	w.field(u.surname)
	w.field(u.name)
	w.field(u.display)
	w.field(u.guid)
	w.field(u.sam)
	w.field(u.upn)
	w.field(u.mail)
	w.field(u.nick)
	w.field(u.proxies)
	w.field(u.consGUID)
	w.end()
	g.onpremRows++
}

// cloudUser is one row of the Get-MgUser export.
type cloudUser struct {
	id, upn, display, given, surname string
	mail, nick, proxies              string
	immutable, synced                string
	enabled                          bool
	userType                         string
}

// counterpart is the cloud user created, cloud first, for the same person: same names and
// UPN (or the initial domain's when the on-premises suffix is not routable), and a mailbox
// with the same primary address when the on-premises user has one.
func (g *generator) counterpart(u *onPremUser, r *slotRand) cloudUser {
	c := cloudUser{
		id: r.guid(), display: u.p.given + " " + u.p.surname, given: u.p.given, surname: u.p.surname,
		nick: u.p.local, enabled: !r.chance(0.03), userType: "Member",
	}
	c.upn = u.upn
	if u.unverified {
		c.upn = u.p.local + "@" + InitialDomain
	}
	if u.primary != "" {
		c.mail = strings.ToLower(u.primary)
		c.proxies = "SMTP:" + c.mail + ";smtp:" + u.p.local + "@" + InitialDomain
	}
	return c
}

func (g *generator) writeCloud(c *cloudUser) {
	w := g.cloud
	w.field(c.id)
	w.field(c.upn)
	w.field(c.display)
	w.field(c.given)
	w.field(c.surname)
	w.field(c.mail)
	w.field(c.nick)
	w.field(c.proxies)
	w.field(c.immutable)
	w.field(c.synced)
	w.field(boolText(c.enabled))
	w.field(c.userType)
	w.end()
	g.cloudRs++
}

func (g *generator) truth(sam string, k caseKind, cloudID, guid string) {
	g.tr.record(sam, string(caseInfo[k].outcome), cloudID, caseInfo[k].name, guid)
	g.counts[k]++
}

func mustImmutableID(guid string) string {
	id, err := reconcile.ImmutableIDFromGUID(guid)
	if err != nil {
		// guid comes from slotRand.guid, always well formed.
		panic(errors.New("synth: generated GUID " + guid + " rejected: " + err.Error()))
	}
	return id
}

// slot writes the users of one slot and returns how many slots it used.
func (g *generator) slot(i int) int {
	r := newSlotRand(g.opt.Seed, streamSlot, uint64(i))
	k := g.pick(&r)
	if k == caseExcludedMSOL {
		k = []caseKind{caseExcludedMSOL, caseExcludedAAD, caseExcludedNoSAM}[r.intn(3)]
	}
	if k == caseContested && i+1 >= g.opt.Users {
		// A pair needs two slots; the last slot becomes a plain SMTP match.
		k = caseSMTPMatch
	}
	u := g.baseUser(i, &r)
	switch k {
	case caseNew:
		g.writeOnPrem(&u)
		g.truth(u.sam, k, "", u.guid)

	case caseHardMatch:
		c := g.counterpart(&u, &r)
		c.immutable = mustImmutableID(u.guid)
		if r.chance(0.3) {
			c.synced = "False" // synced once, then sync was turned off
		}
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseHardMatchConsistencyGUID:
		anchor := reconcile.ImmutableIDFromBytes(r.bytes16())
		u.consGUID = anchor
		c := g.counterpart(&u, &r)
		c.immutable = anchor
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseSMTPMatch, caseSMTPMatchCase:
		g.ensurePrimary(&u, &r)
		c := g.counterpart(&u, &r)
		if r.chance(0.3) {
			c.upn = u.p.local + "@" + InitialDomain // the UPN will change at the join
		}
		if k == caseSMTPMatchCase {
			u.recasePrimary(titleASCII(u.primary))
		}
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseSMTPMatchSecondary:
		g.ensurePrimary(&u, &r)
		c := g.counterpart(&u, &r)
		other := u.p.local + "@" + secondaryDomain(u.domain)
		c.upn = other
		c.mail = other
		c.proxies = "SMTP:" + other + ";smtp:" + u.primary + ";smtp:" + u.p.local + "@" + InitialDomain
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseSMTPMatchUPNTaken:
		g.ensurePrimary(&u, &r)
		u.upn = u.sam + "@" + u.domain
		u.unverified = false
		a := g.counterpart(&u, &r)
		a.upn = u.primary
		// A second cloud account for the same person, without a mailbox, holds the UPN.
		b := cloudUser{id: r.guid(), upn: u.upn, display: u.p.given + " " + u.p.surname + " (test)",
			given: u.p.given, surname: u.p.surname, nick: u.sam, enabled: true, userType: "Member"}
		g.writeOnPrem(&u)
		g.writeCloud(&a)
		g.writeCloud(&b)
		g.cloudOnly++
		g.truth(u.sam, k, a.id, u.guid)

	case caseUPNMatch:
		u.verifyUPN()
		c := g.counterpart(&u, &r)
		c.mail, c.proxies = "", "" // no Exchange Online licence: nothing to SMTP-match
		if r.chance(0.5) {
			c.upn = titleASCII(c.upn)
		}
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseCloudBound:
		g.ensurePrimary(&u, &r)
		c := g.counterpart(&u, &r)
		c.immutable = reconcile.ImmutableIDFromBytes(r.bytes16())
		if r.chance(0.5) {
			c.synced = "True"
		}
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseCloudBoundStaleAnchor:
		g.ensurePrimary(&u, &r)
		u.consGUID = reconcile.ImmutableIDFromBytes(r.bytes16())
		c := g.counterpart(&u, &r)
		c.immutable = mustImmutableID(u.guid)
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)

	case caseContested:
		g.ensurePrimary(&u, &r)
		c := g.counterpart(&u, &r)
		// The twin: an admin account of the same person with the address copied over.
		r2 := newSlotRand(g.opt.Seed, streamSlot, uint64(i+1))
		t := onPremUser{p: u.p, given: u.given, surname: u.surname, enabled: true, domain: u.domain}
		t.guid = r2.guid()
		t.sam = samFor(u.p, i+1)
		t.display = u.p.given + " " + u.p.surname + " (admin)"
		t.name = t.display
		t.dn = "CN=" + dnEscape(t.name) + ",OU=Admins,DC=contoso,DC=local"
		t.upn = u.p.local + ".adm@" + u.domain
		t.setPrimary(u.primary, "")
		t.nick = u.p.local + ".adm"
		g.writeOnPrem(&u)
		g.writeOnPrem(&t)
		g.writeCloud(&c)
		g.truth(u.sam, k, c.id, u.guid)
		g.truth(t.sam, k, c.id, t.guid)
		return 2

	case caseCollisionUPN:
		u.upn = u.p.local + "@contoso.com"
		u.unverified = false
		u.domain = "fabrikam.com"
		u.setPrimary(u.p.local+"@fabrikam.com", "")
		e := g.personFor(extraPerson(i))
		addr := e.local + "@contoso.com"
		b := cloudUser{id: r.guid(), upn: addr, display: e.given + " " + e.surname, given: e.given,
			surname: e.surname, mail: addr, nick: e.local, enabled: true, userType: "Member",
			proxies: "SMTP:" + addr + ";smtp:" + u.upn + ";smtp:" + e.local + "@" + InitialDomain}
		g.writeOnPrem(&u)
		g.writeCloud(&b)
		g.cloudOnly++
		g.truth(u.sam, k, "", u.guid)

	case caseCollisionSMTP:
		g.ensurePrimary(&u, &r)
		u.upn = u.sam + "@" + u.domain
		u.unverified = false
		// An unlicensed cloud account whose UPN is the on-premises primary address.
		b := cloudUser{id: r.guid(), upn: u.primary, display: u.p.given + " " + u.p.surname,
			given: u.p.given, surname: u.p.surname, nick: u.p.local, enabled: true, userType: "Member"}
		g.writeOnPrem(&u)
		g.writeCloud(&b)
		g.cloudOnly++
		g.truth(u.sam, k, "", u.guid)

	case caseLikelySamePerson:
		u.display = u.name // the look-alike must look alike
		if strings.HasPrefix(u.upn, u.sam+"@") {
			u.upn = u.p.local + "@" + u.upn[len(u.sam)+1:]
		}
		alias := aliasFor(u.p, i)
		addr := alias + "@" + u.domain
		c := cloudUser{id: r.guid(), upn: addr, display: u.p.given + " " + u.p.surname,
			given: u.p.given, surname: u.p.surname, mail: addr, nick: alias, enabled: true,
			userType: "Member", proxies: "SMTP:" + addr + ";smtp:" + alias + "@" + InitialDomain}
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.cloudOnly++
		g.truth(u.sam, k, "", u.guid)

	case caseSecondaryAddressTaken:
		g.ensurePrimary(&u, &r)
		c := g.counterpart(&u, &r)
		// The mailbox of another person, whose address the user was given as an alias
		// on-premises while the cloud kept the mailbox as a shared one: a disabled account
		// with the address as its primary.
		e := g.personFor(extraPerson(i))
		addr := e.local + "@" + u.domain
		sh := cloudUser{id: r.guid(), upn: addr, display: e.given + " " + e.surname, given: e.given,
			surname: e.surname, mail: addr, nick: e.local, enabled: false, userType: "Member",
			proxies: "SMTP:" + addr + ";smtp:" + e.local + "@" + InitialDomain}
		u.proxies += ";smtp:" + addr
		g.writeOnPrem(&u)
		g.writeCloud(&c)
		g.writeCloud(&sh)
		g.cloudOnly++
		g.truth(u.sam, k, c.id, u.guid)

	case caseExcludedMSOL, caseExcludedAAD:
		prefix, display := "MSOL_", "On-Premises Directory Synchronization Service Account"
		if k == caseExcludedAAD {
			prefix, display = "AAD_", "Microsoft Entra Connect Sync service account"
		}
		x := strconv.FormatUint((uint64(i)^g.hexMask)&0xffffffffffff, 16)
		sam := prefix + strings.Repeat("0", 12-len(x)) + x
		s := onPremUser{name: sam, display: display, sam: sam, guid: u.guid, enabled: true,
			dn: "CN=" + sam + ",CN=Users,DC=contoso,DC=local"}
		g.writeOnPrem(&s)
		g.truth(sam, k, "", s.guid)

	case caseExcludedNoSAM:
		u.sam = ""
		u.mail, u.nick, u.proxies, u.primary = "", "", "", ""
		u.upn = u.p.local + "@contoso.com"
		g.writeOnPrem(&u)
		g.truth("", k, "", u.guid)
	}
	return 1
}

// filler writes one cloud-only user: a licensed member, an unlicensed member, a guest, or a
// member left with an ImmutableId from an abandoned sync.
func (g *generator) filler() {
	j := g.fillers
	g.fillers++
	r := newSlotRand(g.opt.Seed, streamFiller, uint64(j))
	p := g.personFor(2*uint64(g.opt.Users) + uint64(j))
	c := cloudUser{id: r.guid(), display: p.given + " " + p.surname, given: p.given, surname: p.surname,
		nick: p.local, enabled: !r.chance(0.05), userType: "Member"}
	domain := primaryDomains[r.intn(len(primaryDomains))]
	switch {
	case r.chance(g.opt.Rates.Guests):
		ext := []string{"gmail.com", "outlook.com", "yahoo.co.jp", "web.de"}[r.intn(4)]
		c.mail = p.local + "@" + ext
		c.upn = p.local + "_" + ext + "#EXT#@" + InitialDomain
		c.nick = p.local + "_" + ext + "#EXT#"
		c.proxies = "SMTP:" + c.mail
		c.userType = "Guest"
	case r.chance(0.25):
		c.upn = p.local + "@" + domain
	default:
		c.upn = p.local + "@" + domain
		c.mail = c.upn
		c.proxies = "SMTP:" + c.mail + ";smtp:" + p.local + "@" + InitialDomain
		if r.chance(0.04) {
			c.immutable = base64.StdEncoding.EncodeToString(r.bytes16())
		}
	}
	g.writeCloud(&c)
	g.cloudOnly++
}
