package reconcile

import (
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// addrRef is one SMTP address of an object after the proxy calculation. There are
// several per object, so the address without its prefix is cut from raw when asked for
// rather than kept.
type addrRef struct {
	raw     string // the proxyAddresses value (or SMTP: and mail) as exported
	key     string // folded
	primary bool
	// shard is the index shard of key (see placeKeys).
	shard uint8
	// post is the on-premises object's posting of key when a cloud object holds the key
	// too, else -1. buildShard writes it while the posting is at hand, so that a check of
	// a secondary address for cloud holders reads neither the index nor the key's hash,
	// and most addresses, which no cloud object holds, cost one comparison. It fits the
	// padding after shard: an addrRef stays 40 bytes.
	post ref
}

// value returns the address without its prefix, as ParseProxyAddress gives it.
func (a addrRef) value() string {
	s := strings.TrimSpace(a.raw)
	return s[strings.IndexByte(s, ':')+1:]
}

// onPremNorm is an on-premises object as Entra Connect will export it.
type onPremNorm struct {
	excluded string
	typ      ObjectType
	anchor   string
	// upnKey is the folded on-premises UPN. The UPN itself is not kept: trimmed from the
	// record when asked for, it costs no memory per object.
	upnKey      string
	incoming    string // the UPN Entra will give the object
	incomingKey string
	// upnReplaced says why incoming differs from the on-premises UPN ("" when it does not).
	upnReplaced      string
	suffixUnverified bool
	// primaryFromMail is true when proxyAddresses has no SMTP: value and mail stands in.
	// It sits with the other small fields, so that they share one word: a million objects
	// are held at once.
	primaryFromMail bool
	// anchorFrom is the place in anchorAttributes of the attribute anchor comes from.
	anchorFrom uint8
	// incomingShard and mailShard are the index shards of incomingKey and mailKey (see
	// placeKeys).
	incomingShard, mailShard uint8
	primary                  string
	primaryKey               string
	mailKey                  string
	smtp                     []addrRef
	invalid                  []invalidValue
	// upnPost and primaryPost are the object's postings in the index (-1 none); upnPost is
	// the incoming UPN's, because that is the value the tenant will hold.
	upnPost     ref
	primaryPost ref
}

// cloudNorm is a cloud object with its values folded once.
type cloudNorm struct {
	typ         ObjectType
	upnKey      string
	mailKey     string
	primary     string
	primaryKey  string
	smtp        []addrRef
	mailEnabled bool
	admin       bool
	// upnShard and mailShard are the index shards of upnKey and mailKey (see placeKeys).
	upnShard, mailShard uint8
}

// verdict is the join decision for one on-premises object before contests are settled.
type verdict struct {
	outcome Outcome
	cloud   int
	// via is the rule that found the candidate (HardMatch, SMTPMatch, UPNMatch) or "".
	via Outcome
	// upnCandidate is a cloud user with the on-premises UPN that UPN soft match would have
	// joined had the setting been on (-1 none).
	upnCandidate  int
	blocks        blockSet
	secondaryOnly bool
}

// blockSet is the set of codes that refuse a join, a bit each in blockCodes order: one
// byte per verdict rather than a list, as a million verdicts are held at once and few
// are blocked.
type blockSet uint8

// The bits of a blockSet, in the order a refused join lists its codes: a hard match's
// block, then a soft match's, then a contest, which only a join without any other block
// can meet.
const (
	blockHardMatch blockSet = 1 << iota
	blockCloudBound
	blockCloudAdmin
	blockSoftMatch
	blockContested
)

// blockCodes are the codes of the bits of a blockSet, lowest bit first.
var blockCodes = [...]Code{HardMatchBlocked, CloudBound, CloudAdmin, SoftMatchBlocked, Contested}

// codes lists the set's codes in blockCodes order.
func (b blockSet) codes() []Code {
	var out []Code
	for k, c := range blockCodes {
		if b&(1<<k) != 0 {
			out = append(out, c)
		}
	}
	return out
}

// engine holds one reconciliation while it runs.
type engine struct {
	r             *Result
	s             *Settings
	verified      map[string]bool
	verifiedKnown bool
	initial       string
	op            []onPremNorm
	cl            []cloudNorm
	idx           *index
	// indexPostings counts the postings of each index shard (see normalize).
	indexPostings [shards]int
	byImmutableID map[string]int
	verdicts      []verdict
	// joiner is, per cloud object, the entry that joins it (-1 none).
	joiner    []int
	entryMask []uint64
	cloudMask []uint64
	// sharedReported holds, per key on which indexFindings raised onprem-duplicate-address
	// or object-type-mismatch, which of the two (sharedDuplicate, sharedMismatch) it
	// raised. object-type-mismatch names every holder on both sides, so the collision of a
	// secondary address on such a key is reported already; onprem-duplicate-address names
	// only the on-premises holders.
	sharedReported map[string]uint8
	// claimCount is built by claimants when fixes are planned.
	claimCount []int32
	// sink, when set, collects findings instead of recording them (see addFinding): a copy
	// of the engine with its own sink finds on one processor.
	sink *findingBlocks
	// found holds the findings recorded so far, until sortFindings puts them in order.
	found findingBlocks
}

// Reconcile predicts the first sync: for every on-premises object the outcome and the
// cloud object it joins, every finding and the fixes that resolve them. It is pure: it
// reads the records and settings and returns a Result holding the input slices. Outcomes
// do not depend on the order of the records; Result arrays follow input order.
func Reconcile(onprem []OnPrem, cloud []Cloud, s Settings) *Result {
	// Empty lists rather than nil, so that the JSON report shows [] and never null.
	r := &Result{Settings: s, OnPrem: onprem, Cloud: cloud, Entries: []Entry{}, CloudOnly: []CloudOnly{},
		Findings: []Finding{}, Fixes: []Fix{}}
	e := analyse(r)
	e.sortFindings()
	// The fixes are planned on one processor, reading the findings; the entries only read
	// the verdicts and the marks the findings left, so on a large tenant they are written
	// meanwhile.
	if len(e.op) < 4096 {
		e.planFixes()
		e.finish()
		return r
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.finish()
	}()
	e.planFixes()
	wg.Wait()
	return r
}

// analyse runs the join and finds every finding of r's records, in Entra Connect's order:
// everything Reconcile does before the findings are sorted and the fixes planned.
func analyse(r *Result) *engine {
	e := &engine{r: r, s: &r.Settings}
	e.prepareSettings()
	e.normalize()
	e.buildIndex()
	e.join()
	e.settleContests()
	e.indexFindings()
	e.entryFindings()
	e.likelySamePerson()
	e.duplicateGroups()
	return e
}

func (e *engine) prepareSettings() {
	f := newFolder()
	e.verified = map[string]bool{}
	for _, d := range e.s.VerifiedDomains {
		if k := f.fold(d); k != "" {
			e.verified[k] = true
			e.verifiedKnown = true
		}
	}
	e.initial = f.fold(e.s.InitialDomain)
	if e.initial != "" {
		e.verified[e.initial] = true
	}
}

// domainVerified reports whether the tenant can hold addresses on domain; with no domain
// list known every domain passes, so that no finding is invented.
func (e *engine) domainVerified(domain string) bool {
	return !e.verifiedKnown || e.verified[domain]
}

// parallel runs fn over [0,n) in contiguous chunks, one per processor. Each chunk gets its
// own folder, because a Caser keeps state and must not be shared. Small inputs run on the
// calling goroutine: starting goroutines would cost more than it saves.
func parallel(n int, fn func(f *folder, from, to int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 4096 || workers < 2 {
		fn(newFolder(), 0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for from := 0; from < n; from += chunk {
		to := min(from+chunk, n)
		wg.Add(1)
		go func(from, to int) {
			defer wg.Done()
			fn(newFolder(), from, to)
		}(from, to)
	}
	wg.Wait()
}

func (e *engine) normalize() {
	samKnown := false
	for i := range e.r.OnPrem {
		if objectType(e.r.OnPrem[i].Type) == User && strings.TrimSpace(e.r.OnPrem[i].SAMAccountName) != "" {
			samKnown = true
			break
		}
	}
	// Each object's SMTP addresses are written straight into a few large slices rather than
	// one small slice per object: two million small slices cost more to allocate and to
	// collect than their contents.
	// The shard of every key is noted and the postings of each shard counted here, while
	// the keys are at hand: the index is made to size at once, and each shard passes over
	// the keys of the other without reading them.
	var postings [shards]atomic.Int64
	count := func(n [shards]int) {
		for s := range n {
			postings[s].Add(int64(n[s]))
		}
	}
	e.op = make([]onPremNorm, len(e.r.OnPrem))
	parallel(len(e.op), func(f *folder, from, to int) {
		// normOnPrem reads fields of the struct it fills (see touchPages).
		touchPages(e.op[from:to])
		var addrs arena[addrRef]
		var n [shards]int
		for i := from; i < to; i++ {
			op := &e.op[i]
			// An object keeps at most one address per proxyAddresses value.
			op.smtp = addrs.room(len(e.r.OnPrem[i].ProxyAddresses))
			e.normOnPrem(f, &e.r.OnPrem[i], samKnown, op)
			op.smtp = addrs.took(op.smtp)
			if op.excluded == "" {
				op.incomingShard, op.mailShard = placeKeys(op.incomingKey, op.mailKey, op.smtp)
				distinctKeys(&n, op.incomingKey, op.mailKey, op.smtp)
			}
		}
		count(n)
	})
	e.cl = make([]cloudNorm, len(e.r.Cloud))
	parallel(len(e.cl), func(f *folder, from, to int) {
		touchPages(e.cl[from:to])
		var addrs arena[addrRef]
		var n [shards]int
		for i := from; i < to; i++ {
			cl := &e.cl[i]
			// At most one address per proxyAddresses value, or mail standing in for them.
			cl.smtp = addrs.room(len(e.r.Cloud[i].ProxyAddresses) + 1)
			e.normCloud(f, &e.r.Cloud[i], cl)
			cl.smtp = addrs.took(cl.smtp)
			cl.upnShard, cl.mailShard = placeKeys(cl.upnKey, cl.mailKey, cl.smtp)
			distinctKeys(&n, cl.upnKey, cl.mailKey, cl.smtp)
		}
		count(n)
	})
	for s := range postings {
		e.indexPostings[s] = int(postings[s].Load())
	}
}

// normOnPrem runs the proxy calculation (PROXYKB) and derives the incoming UPN (UPNPOP).
// It fills n in place: the struct is large and a million copies show.
func (e *engine) normOnPrem(f *folder, o *OnPrem, samKnown bool, n *onPremNorm) {
	n.typ, n.upnPost, n.primaryPost = objectType(o.Type), -1, -1
	if n.excluded = excludedReason(o, samKnown); n.excluded != "" {
		return
	}
	n.invalid = validateOnPrem(o)
	if n.typ == User {
		var attr string
		n.anchor, attr = SourceAnchor(o, e.s)
		n.anchorFrom = uint8(slices.Index(anchorAttributes[:], attr))
	}
	var firstSecondary string
	for _, raw := range o.ProxyAddresses {
		p, ok := ParseProxyAddress(raw)
		if !ok || !p.IsSMTP() {
			continue
		}
		key := f.fold(p.Value)
		if IsReservedDomain(domainPart(key)) {
			continue
		}
		// A second SMTP: value is reported as invalid and treated as a secondary address.
		a := addrRef{raw: raw, key: key, primary: p.IsPrimary() && n.primaryKey == "", post: -1}
		n.smtp = append(n.smtp, a)
		if a.primary {
			n.primary, n.primaryKey = a.value(), a.key
		} else if firstSecondary == "" {
			firstSecondary = a.value()
		}
	}
	if mail := strings.TrimSpace(o.Mail); mail != "" {
		if mk := f.fold(mail); !IsReservedDomain(domainPart(mk)) {
			n.mailKey = mk
			if n.primaryKey == "" {
				n.primary, n.primaryKey, n.primaryFromMail = mail, mk, true
			}
		}
	}
	if n.typ != User {
		return
	}
	upn := strings.TrimSpace(o.UserPrincipalName)
	n.upnKey = f.fold(upn)
	n.incoming, n.incomingKey = upn, n.upnKey
	if upn == "" && e.initial == "" {
		return
	}
	suffix := domainPart(n.upnKey)
	// validateOnPrem checked the UPN already: its problems, when it has any, are among
	// n.invalid.
	valid := upn != "" && !hasInvalid(n.invalid, "userPrincipalName")
	// An invalid UPN is replaced whatever its suffix; invalid-value says so.
	n.suffixUnverified = valid && suffix != "" && !e.domainVerified(suffix)
	if valid && !n.suffixUnverified || !valid && upn != "" && e.initial == "" {
		return
	}
	switch {
	case upn == "":
		n.upnReplaced = "the object has no UPN"
	case !valid:
		n.upnReplaced = fmt.Sprintf("UPN %s breaks the UPN rules", show(o.UserPrincipalName))
	default:
		n.upnReplaced = fmt.Sprintf("UPN suffix %s is not a verified domain", suffix)
	}
	if e.initial == "" {
		// Without the initial domain the replacement cannot be spelled; keep the on-premises
		// UPN so that collisions are still looked up.
		return
	}
	nick := firstNonEmpty(o.MailNickname, localPart(n.primary), localPart(strings.TrimSpace(o.Mail)),
		localPart(upn), localPart(firstSecondary))
	if nick == "" {
		return
	}
	n.incoming = nick + "@" + e.initial
	n.incomingKey = f.fold(n.incoming)
}

// anchorAttributes are the attributes SourceAnchor takes an anchor from, "" for none.
var anchorAttributes = [...]string{"", "mS-DS-ConsistencyGuid", "objectGUID"}

// anchorAttr returns the attribute the object's anchor comes from ("" when it has none).
func (n *onPremNorm) anchorAttr() string { return anchorAttributes[n.anchorFrom] }

// hasInvalid reports whether list holds a problem with attribute.
func hasInvalid(list []invalidValue, attribute string) bool {
	for k := range list {
		if list[k].attribute == attribute {
			return true
		}
	}
	return false
}

func (e *engine) normCloud(f *folder, c *Cloud, n *cloudNorm) {
	n.typ = objectType(c.Type)
	n.upnKey = f.fold(c.UserPrincipalName)
	n.mailKey = f.fold(c.Mail)
	for _, raw := range c.ProxyAddresses {
		p, ok := ParseProxyAddress(raw)
		if !ok || !p.IsSMTP() {
			continue
		}
		a := addrRef{raw: raw, key: f.fold(p.Value), primary: p.IsPrimary() && n.primaryKey == "", post: -1}
		n.smtp = append(n.smtp, a)
		if a.primary {
			n.primary, n.primaryKey = a.value(), a.key
		}
	}
	// An export without a proxyAddresses column (the admin center download, Get-MgUser
	// without -Property ProxyAddresses) still shows mail, which Exchange Online sets to the
	// primary SMTP address: it is the best evidence of a mailbox the export carries. An empty
	// column, by contrast, says the user has no mailbox.
	if c.NoProxyColumn && len(n.smtp) == 0 && strings.Contains(n.mailKey, "@") && !strings.ContainsAny(n.mailKey, " \t") {
		mail := strings.TrimSpace(c.Mail)
		n.smtp = append(n.smtp, addrRef{raw: "SMTP:" + mail, key: n.mailKey, primary: true, post: -1})
		n.primary, n.primaryKey = mail, n.mailKey
	}
	// A cloud user without an Exchange Online address cannot be SMTP-matched (SMTPKB); a
	// mail-enabled user's UPN is one of its proxy addresses (PROXYKB).
	n.mailEnabled = len(n.smtp) > 0
	if n.primaryKey == "" && n.mailKey != "" {
		n.primary, n.primaryKey = strings.TrimSpace(c.Mail), n.mailKey
	}
	n.admin = e.s.RolesKnown && len(c.Roles) > 0
}

func (e *engine) buildIndex() {
	// The index is sized for the postings it will hold, counted by normalize: an object's
	// UPN, mail and primary address are usually one value, which makes one posting, and
	// the table is the largest structure of a run.
	e.idx = newIndex(e.indexPostings, e.keyOf)
	for i := range e.op {
		e.op[i].upnPost, e.op[i].primaryPost = -1, -1
	}
	var wg sync.WaitGroup
	for shard := range e.idx.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.buildShard(shard)
		}()
	}
	// Sized at once: hard matches can make most of the tenant's users, and a map growing
	// to a million keys copies itself many times.
	ids := 0
	for i := range e.cl {
		if e.cl[i].typ == User && e.r.Cloud[i].ImmutableID != "" {
			ids++
		}
	}
	e.byImmutableID = make(map[string]int, ids)
	for i := range e.cl {
		id := strings.TrimSpace(e.r.Cloud[i].ImmutableID)
		if id == "" || e.cl[i].typ != User {
			continue
		}
		// ImmutableIds are unique in a tenant; should an export repeat one, the choice must
		// not depend on record order.
		if j, ok := e.byImmutableID[id]; !ok || e.cloudLess(i, j) {
			e.byImmutableID[id] = i
		}
	}
	wg.Wait()
}

// buildShard adds the keys of one shard: every cloud object first, then every on-premises
// object, each side in input order. Each object's upnPost and primaryPost are written by
// the shard that owns the key, so no two goroutines write the same field.
func (e *engine) buildShard(shard int) {
	touchPages(e.idx.shards[shard].table)
	k := &objectKeys{x: e.idx, shard: shard}
	for i := range e.cl {
		n := &e.cl[i]
		k.reset(sideCloud, i, n.typ)
		k.add(n.upnKey, n.upnShard, holdsUPN, slotUPN)
		k.add(n.mailKey, n.mailShard, holdsMail, slotMail)
		for j, a := range n.smtp {
			k.add(a.key, a.shard, proxyHolds(a.primary), int32(j))
		}
	}
	for i := range e.op {
		n := &e.op[i]
		if n.excluded != "" {
			continue
		}
		k.reset(sideOnPrem, i, n.typ)
		// The incoming UPN, not the exported one: a UPN Entra replaces never reaches the
		// tenant, and two replacements can collide with each other.
		if p := k.add(n.incomingKey, n.incomingShard, holdsUPN, slotUPN); p >= 0 {
			n.upnPost = p
		}
		k.add(n.mailKey, n.mailShard, holdsMail, slotMail)
		// The addresses are read field by field, never copied whole: the other shard
		// writes post of its own addresses meanwhile, and only this shard writes the
		// posting of an address of this shard.
		for j := range n.smtp {
			a := &n.smtp[j]
			p := k.add(a.key, a.shard, proxyHolds(a.primary), int32(j))
			if p < 0 {
				continue
			}
			if e.idx.at(p).cloud >= 0 {
				a.post = p
			}
			if a.key == n.primaryKey {
				n.primaryPost = p
			}
		}
		if n.primaryFromMail {
			if p := k.add(n.mailKey, n.mailShard, 0, slotMail); p >= 0 {
				n.primaryPost = p
			}
		}
	}
}

// placeKeys notes in smtp the index shard of each address key and returns those of the
// UPN and mail keys (0 for an empty key, which the index never holds).
func placeKeys(upn, mail string, smtp []addrRef) (upnShard, mailShard uint8) {
	for j := range smtp {
		if smtp[j].key != "" {
			smtp[j].shard = uint8(shardOf(smtp[j].key))
		}
	}
	if upn != "" {
		upnShard = uint8(shardOf(upn))
	}
	if mail != "" {
		mailShard = uint8(shardOf(mail))
	}
	return upnShard, mailShard
}

// distinctKeys counts, into the shard each falls in, the different non-empty keys among an
// object's UPN, mail and SMTP addresses, as objectKeys merges them.
func distinctKeys(n *[shards]int, upn, mail string, smtp []addrRef) {
	if upn != "" {
		n[shardOf(upn)]++
	}
	if mail != "" && mail != upn {
		n[shardOf(mail)]++
	}
	for j, a := range smtp {
		if a.key == "" || a.key == upn || a.key == mail {
			continue
		}
		repeat := false
		for _, b := range smtp[:j] {
			repeat = repeat || b.key == a.key
		}
		if !repeat {
			n[a.shard]++
		}
	}
}

// keyOf reads back the key a posting was added under.
func (e *engine) keyOf(p *posting) string {
	var upn, mail string
	var smtp []addrRef
	if p.side == sideCloud {
		n := &e.cl[p.obj]
		upn, mail, smtp = n.upnKey, n.mailKey, n.smtp
	} else {
		n := &e.op[p.obj]
		upn, mail, smtp = n.incomingKey, n.mailKey, n.smtp
	}
	switch p.slot {
	case slotUPN:
		return upn
	case slotMail:
		return mail
	}
	return smtp[p.slot].key
}

func proxyHolds(primary bool) uint8 {
	if primary {
		return holdsPrimary
	}
	return holdsSecondary
}

// cloudHolders yields the cloud objects holding the key of on-premises posting p (see
// index), or of key when the object does not hold it itself, newest first. It walks the
// index in place: the join asks for every object, and a list each time would be a
// million allocations.
func (e *engine) cloudHolders(p ref, key string) iter.Seq[posting] {
	return func(yield func(posting) bool) {
		r := p
		if r < 0 {
			r = e.idx.head(key)
		}
		if r >= 0 {
			r = e.idx.at(r).cloud
		}
		for ; r >= 0; r = e.idx.at(r).next {
			if !yield(*e.idx.at(r)) {
				return
			}
		}
	}
}

// incomingPost is the posting to start from for the incoming UPN: the index holds the
// incoming UPN, so it is the object's own UPN posting.
func (n *onPremNorm) incomingPost() ref { return n.upnPost }

// cloudLess orders cloud objects by folded UPN, then object id: an order that does not
// depend on the order of the export.
func (e *engine) cloudLess(i, j int) bool {
	if e.cl[i].upnKey != e.cl[j].upnKey {
		return e.cl[i].upnKey < e.cl[j].upnKey
	}
	return e.r.Cloud[i].ID < e.r.Cloud[j].ID
}

func (e *engine) join() {
	e.verdicts = make([]verdict, len(e.op))
	// Each decision only reads the index, so objects are decided on every processor.
	parallel(len(e.op), func(_ *folder, from, to int) {
		for i := from; i < to; i++ {
			e.verdicts[i] = e.decide(i)
		}
	})
}

// decide applies the join in Entra Connect's order: hard match, SMTP soft match, UPN soft
// match, new.
func (e *engine) decide(i int) verdict {
	n := &e.op[i]
	v := verdict{outcome: New, cloud: -1, upnCandidate: -1}
	if n.excluded != "" {
		v.outcome = Excluded
		return v
	}
	if n.anchor != "" {
		if c, ok := e.byImmutableID[n.anchor]; ok {
			v.cloud, v.via = c, HardMatch
			v.blocks = e.hardBlocks(c)
			return e.settle(v)
		}
	}
	if c, secondaryOnly := e.smtpCandidate(i); c >= 0 {
		v.cloud, v.via, v.secondaryOnly = c, SMTPMatch, secondaryOnly
		v.blocks = e.softBlocks(c, n.anchor)
		return e.settle(v)
	}
	if c := e.upnCandidate(i); c >= 0 {
		if !e.s.UPNSoftMatch {
			v.upnCandidate = c
			return v
		}
		v.cloud, v.via = c, UPNMatch
		v.blocks = e.softBlocks(c, n.anchor)
		return e.settle(v)
	}
	return v
}

func (e *engine) settle(v verdict) verdict {
	if v.blocks != 0 {
		v.outcome = Blocked
	} else {
		v.outcome = v.via
	}
	return v
}

// hardBlocks lists what stops a hard match: the tenant's block on taking over cloud-created
// users, and from 1 July 2026 a privileged role or onPremisesObjectIdentifier.
func (e *engine) hardBlocks(c int) blockSet {
	cl := &e.r.Cloud[c]
	if e.s.BlockHardMatch && !cl.Synced {
		return blockHardMatch
	}
	if e.s.PrivilegedHardMatchBlock && (cl.PrivilegedRole || strings.TrimSpace(cl.OnPremisesObjectIdentifier) != "") {
		return blockHardMatch
	}
	return 0
}

// softBlocks lists everything that stops a soft match with candidate c, so that the
// consultant sees all of it at once rather than one problem per dry run.
func (e *engine) softBlocks(c int, anchor string) blockSet {
	cl := &e.r.Cloud[c]
	var out blockSet
	if id := strings.TrimSpace(cl.ImmutableID); cl.Synced || id != "" && id != anchor {
		out |= blockCloudBound
	}
	if e.cl[c].admin {
		out |= blockCloudAdmin
	}
	if e.s.BlockSoftMatch {
		out |= blockSoftMatch
	}
	return out
}

// kindsMatch says whether an on-premises object of type a can join a cloud object of type
// b: users join users; mail-enabled groups and contacts soft-match their own kind.
func kindsMatch(a, b ObjectType) bool { return a == b }

// smtpCandidate finds the cloud object whose proxy addresses hold the incoming primary
// SMTP address. A cloud primary address beats a secondary one, which beats a UPN counted
// as a proxy address; equals are ordered by cloudLess.
func (e *engine) smtpCandidate(i int) (c int, secondaryOnly bool) {
	n := &e.op[i]
	if n.primaryKey == "" {
		return -1, false
	}
	best, bestRank := -1, 3
	for p := range e.cloudHolders(n.primaryPost, n.primaryKey) {
		cn := &e.cl[p.obj]
		if !kindsMatch(n.typ, cn.typ) {
			continue
		}
		rank := 3
		switch {
		case p.holds&holdsPrimary != 0:
			rank = 0
		case p.holds&holdsSecondary != 0:
			rank = 1
		case p.holds&holdsUPN != 0 && cn.mailEnabled:
			rank = 2
		}
		if rank == 3 {
			continue
		}
		if rank < bestRank || rank == bestRank && e.cloudLess(int(p.obj), best) {
			best, bestRank = int(p.obj), rank
		}
	}
	return best, best >= 0 && bestRank > 0
}

// upnCandidate finds the cloud user whose UPN equals the incoming UPN: the on-premises UPN
// when Entra keeps it, else the one Entra computes (mailNickname@initial domain), as
// domain.md 2.1 says the match compares the UPN as it arrives. A UPN that would be replaced
// but cannot be spelled, because the initial domain is unknown, matches nothing: no cloud
// user can hold an unverified suffix.
func (e *engine) upnCandidate(i int) int {
	n := &e.op[i]
	if n.typ != User || n.incomingKey == "" || n.upnReplaced != "" && n.incomingKey == n.upnKey {
		return -1
	}
	best := -1
	for p := range e.cloudHolders(n.upnPost, n.incomingKey) {
		if p.holds&holdsUPN != 0 && e.cl[p.obj].typ == User &&
			(best < 0 || e.cloudLess(int(p.obj), best)) {
			best = int(p.obj)
		}
	}
	return best
}

// settleContests blocks every object of a group that would join the same cloud object:
// which one wins depends on export order, so none is predicted to.
func (e *engine) settleContests() {
	e.joiner = make([]int, len(e.cl))
	for i := range e.joiner {
		e.joiner[i] = -1
	}
	contested := map[int][]int{}
	for i := range e.verdicts {
		v := &e.verdicts[i]
		if !v.outcome.joins() {
			continue
		}
		if j := e.joiner[v.cloud]; j >= 0 {
			if len(contested[v.cloud]) == 0 {
				contested[v.cloud] = []int{j}
			}
			contested[v.cloud] = append(contested[v.cloud], i)
			continue
		}
		e.joiner[v.cloud] = i
	}
	for c, group := range contested {
		e.joiner[c] = -1
		for _, i := range group {
			v := &e.verdicts[i]
			v.outcome = Blocked
			v.blocks |= blockContested
		}
	}
}

// joins reports the outcomes that join a cloud object.
func (o Outcome) joins() bool { return o == HardMatch || o == SMTPMatch || o == UPNMatch }
