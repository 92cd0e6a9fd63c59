package reconcile

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
)

// codeBit gives each code a bit in the per-object masks that become Entry.Findings.
var codeBit = func() map[Code]uint64 {
	m := make(map[Code]uint64, len(Codes))
	for i, c := range Codes {
		m[c] = 1 << uint(i)
	}
	return m
}()

// addFinding records a finding and marks every object it involves; on an engine with a
// sink it only adds the finding to the sink, for keepFinding to record later.
func (e *engine) addFinding(code Code, onprem, cloud []int, attr, value, detail string) {
	// Empty lists rather than nil, so that the JSON report shows [] and never null.
	if onprem == nil {
		onprem = []int{}
	}
	if cloud == nil {
		cloud = []int{}
	}
	f := Finding{
		Code: code, Severity: code.Severity(), OnPrem: onprem, Cloud: cloud,
		Attribute: attr, Value: value, Detail: detail,
	}
	if e.sink != nil {
		e.sink.add(f)
		return
	}
	e.keepFinding(f)
}

// keepFinding records f and marks every object it involves.
func (e *engine) keepFinding(f Finding) {
	e.found.add(f)
	e.mark(&f)
}

// mark records on every object f involves that f's code concerns it.
func (e *engine) mark(f *Finding) {
	bit := codeBit[f.Code]
	for _, i := range f.OnPrem {
		e.entryMask[i] |= bit
	}
	for _, c := range f.Cloud {
		e.cloudMask[c] |= bit
	}
}

// findingBlocks is a list of findings kept in blocks: it grows without ever copying what
// it holds, where one slice of several hundred thousand findings would be copied each
// time it doubled. sortFindings copies each finding once, into its place in the report.
type findingBlocks struct {
	blocks [][]Finding
	n      int
}

// findingBlock is how many findings a block holds: large enough that the blocks are few.
const findingBlock = 1024

func (l *findingBlocks) add(f Finding) {
	if k := len(l.blocks) - 1; k < 0 || len(l.blocks[k]) == cap(l.blocks[k]) {
		l.blocks = append(l.blocks, make([]Finding, 0, findingBlock))
	}
	k := len(l.blocks) - 1
	l.blocks[k] = append(l.blocks[k], f)
	l.n++
}

// addAll moves the blocks of m to the end of l; m is empty afterwards. The next add starts
// a block of its own, so that the findings keep their order.
func (l *findingBlocks) addAll(m *findingBlocks) {
	for _, b := range m.blocks {
		l.blocks = append(l.blocks, b[:len(b):len(b)])
	}
	l.n += m.n
	*m = findingBlocks{}
}

// onPremLabel names an on-premises object the way an administrator knows it.
func (e *engine) onPremLabel(i int) string {
	o := &e.r.OnPrem[i]
	if v := firstNonEmpty(o.SAMAccountName, o.UserPrincipalName, o.DistinguishedName, o.Name, o.Mail); v != "" {
		return show(v)
	}
	return fmt.Sprintf("the on-premises record at %s line %d", o.Source.File, o.Source.Line)
}

// cloudLabel names a cloud object by its UPN, or whatever else identifies it.
func (e *engine) cloudLabel(c int) string {
	o := &e.r.Cloud[c]
	if v := firstNonEmpty(o.UserPrincipalName, o.Mail, o.ID, o.DisplayName); v != "" {
		return show(v)
	}
	return fmt.Sprintf("the cloud record at %s line %d", o.Source.File, o.Source.Line)
}

func (e *engine) cloudKind(c int) string { return string(e.cl[c].typ) }

func (e *engine) onPremKind(i int) string { return "on-premises " + string(e.op[i].typ) }

// holdsWords says in which attribute an object holds a value.
func holdsWords(h uint8) string {
	var w []string
	if h&holdsUPN != 0 {
		w = append(w, "UPN")
	}
	if h&holdsMail != 0 {
		w = append(w, "mail")
	}
	if h&holdsPrimary != 0 {
		w = append(w, "primary SMTP")
	}
	if h&holdsSecondary != 0 {
		w = append(w, "secondary proxy address")
	}
	return strings.Join(w, " and ")
}

func (e *engine) describeHolder(p posting) string {
	if p.side == sideOnPrem {
		return fmt.Sprintf("%s %s (%s)", e.onPremKind(int(p.obj)), e.onPremLabel(int(p.obj)), holdsWords(p.holds))
	}
	return fmt.Sprintf("cloud %s %s (%s)", e.cloudKind(int(p.obj)), e.cloudLabel(int(p.obj)), holdsWords(p.holds))
}

func joinWords(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

// indexFindings reports values held by several objects: duplicates among on-premises
// objects and values shared across object kinds on either side.
func (e *engine) indexFindings() {
	e.entryMask = make([]uint64, len(e.op))
	e.cloudMask = make([]uint64, len(e.cl))
	// Marked with |=, a read first (see touchPages).
	touchPages(e.entryMask)
	touchPages(e.cloudMask)
	keys := e.idx.sharedKeys()
	// Sized at once: most shared keys raise one of the two findings it records.
	e.sharedReported = make(map[string]uint8, len(keys))
	for _, key := range keys {
		e.sharedKey(key, e.idx.holders(key))
	}
}

func (e *engine) sharedKey(key string, holders []posting) {
	var upnHolders, addrHolders, onprem, cloud []int
	var onpremPostings []posting
	kinds := map[ObjectType]bool{}
	for _, p := range holders {
		if p.side == sideCloud {
			cloud = append(cloud, int(p.obj))
			kinds[e.cl[p.obj].typ] = true
			continue
		}
		i := int(p.obj)
		onprem = append(onprem, i)
		onpremPostings = append(onpremPostings, p)
		kinds[e.op[i].typ] = true
		if p.holds&holdsUPN != 0 {
			upnHolders = append(upnHolders, i)
		}
		if p.holds&holdsAddress != 0 {
			addrHolders = append(addrHolders, i)
		}
	}
	if len(upnHolders) > 1 {
		labels := make([]string, len(upnHolders))
		for k, i := range upnHolders {
			labels[k] = e.onPremLabel(i)
		}
		e.addFinding(OnPremDuplicateUPN, upnHolders, nil, "userPrincipalName", key, fmt.Sprintf(
			"%s share the UPN %s; which one keeps it depends on export order, and Entra gives the others a quarantined UPN on the initial domain.",
			joinWords(labels), key))
	}
	// A UPN held by one object as its UPN and by another as an address collides across
	// attributes. When every holder holds it as its UPN, onprem-duplicate-upn says it
	// already; a holder that has it only as an address is one more claimant that finding
	// does not name.
	if len(addrHolders) > 1 || len(onprem) > 1 && len(addrHolders) > 0 && (len(upnHolders) < 2 || len(onprem) > len(upnHolders)) {
		descs := make([]string, len(onpremPostings))
		for k, p := range onpremPostings {
			descs[k] = e.describeHolder(p)
		}
		detail := e.duplicateAddressDetail(key, holders, onprem, joinWords(descs))
		e.addFinding(OnPremDuplicateAddress, onprem, nil, "proxyAddresses", key, detail)
		e.sharedReported[key] |= sharedDuplicate
	}
	if len(kinds) > 1 {
		descs := make([]string, len(holders))
		for k, p := range holders {
			descs[k] = e.describeHolder(p)
		}
		e.addFinding(ObjectTypeMismatch, onprem, cloud, "proxyAddresses", key, fmt.Sprintf(
			"The address %s is held by objects of different kinds: %s; Entra reports ObjectTypeMismatch and does not join objects of different kinds through it.",
			key, joinWords(descs)))
		e.sharedReported[key] |= sharedMismatch
	}
}

// duplicateAddressDetail says which object ends up with an address that the on-premises
// objects onprem hold (held describes them; holders are every posting of the address):
//   - A cloud object no on-premises object joins keeps its addresses at the first sync, so
//     every on-premises holder loses it, the one exported first too. A cloud object that
//     holders contest is left out: one of them joins it, whichever is exported first.
//   - An on-premises holder that joins a cloud holder keeps it, whatever the export order.
//   - Otherwise the holder exported first keeps it.
func (e *engine) duplicateAddressDetail(key string, holders []posting, onprem []int, held string) string {
	var keepers []string
	joined := -1
	for _, p := range holders {
		if p.side != sideCloud {
			continue
		}
		c := int(p.obj)
		if j := e.joiner[c]; j >= 0 {
			if joined < 0 && slices.Contains(onprem, j) {
				joined = j
			}
			continue
		}
		if !e.contestedBy(c, onprem) {
			keepers = append(keepers, e.describeHolder(p))
		}
	}
	switch {
	case len(keepers) == 1:
		return fmt.Sprintf(
			"The address %s is held by %s, and %s already holds it; that object keeps it at the first sync, so Entra drops it from every on-premises holder, including the one exported first, and mail to it keeps reaching that object.",
			key, held, keepers[0])
	case len(keepers) > 1:
		return fmt.Sprintf(
			"The address %s is held by %s, and %s already hold it; those objects keep it at the first sync, so Entra drops it from every on-premises holder, including the one exported first, and mail to it stays with those cloud objects.",
			key, held, joinWords(keepers))
	case joined >= 0:
		c := e.verdicts[joined].cloud
		return fmt.Sprintf(
			"The address %s is held by %s; %s joins cloud %s %s, which holds it already, so %s keeps it whatever the export order, Entra drops it from the others at the first sync, and mail to it reaches only %s.",
			key, held, e.onPremLabel(joined), e.cloudKind(c), e.cloudLabel(c), e.onPremLabel(joined), e.onPremLabel(joined))
	}
	return fmt.Sprintf(
		"The address %s is held by %s; Entra keeps it on the object exported first and drops it from the others, so mail may reach the wrong mailbox.",
		key, held)
}

// contestedBy reports whether some of the on-premises objects onprem contest cloud object
// c: each would join it, so none is predicted to, but at the first sync the one exported
// first does.
func (e *engine) contestedBy(c int, onprem []int) bool {
	for _, i := range onprem {
		if v := &e.verdicts[i]; v.cloud == c && v.blocks&blockContested != 0 {
			return true
		}
	}
	return false
}

// Bits of engine.sharedReported.
const (
	sharedDuplicate uint8 = 1 << iota // onprem-duplicate-address
	sharedMismatch                    // object-type-mismatch
)

// cloudOthers lists the cloud objects holding the key of posting p (or key) other than
// except.
func (e *engine) cloudOthers(p ref, key string, except int) []int {
	var out []int
	for h := range e.cloudHolders(p, key) {
		if int(h.obj) != except {
			out = append(out, int(h.obj))
		}
	}
	// The chain runs newest first; report in input order.
	sort.Ints(out)
	return out
}

// cloudHeldWords names the cloud objects among list that hold the key of posting p (or
// key), with the attribute each holds it in.
func (e *engine) cloudHeldWords(p ref, key string, list []int) string {
	holds := map[int]uint8{}
	for h := range e.cloudHolders(p, key) {
		holds[int(h.obj)] |= h.holds
	}
	labels := make([]string, len(list))
	for k, c := range list {
		labels[k] = fmt.Sprintf("cloud %s %s (%s)", e.cloudKind(c), e.cloudLabel(c), holdsWords(holds[c]))
	}
	return joinWords(labels)
}

func (e *engine) cloudLabels(list []int) string {
	labels := make([]string, len(list))
	for k, c := range list {
		labels[k] = fmt.Sprintf("cloud %s %s", e.cloudKind(c), e.cloudLabel(c))
	}
	return joinWords(labels)
}

// quarantineUPN spells what duplicate attribute resiliency turns a colliding UPN into.
func (e *engine) quarantineUPN(upn string) string {
	initial := e.initial
	if initial == "" {
		initial = "<tenant>.onmicrosoft.com"
	}
	return localPart(upn) + "NNNN@" + initial
}

// entryFindings reports what each on-premises object's own values and join decision raise.
func (e *engine) entryFindings() {
	// An object's own findings only read the engine, so they are written on every
	// processor, each chunk into its own list; the lists are then recorded in input order,
	// the order one processor would have written them in.
	type chunk struct {
		from int
		list *findingBlocks
	}
	var (
		mu     sync.Mutex
		chunks []chunk
	)
	parallel(len(e.op), func(_ *folder, from, to int) {
		list := &findingBlocks{}
		w := *e
		w.sink = list
		for i := from; i < to; i++ {
			w.ownFindings(i)
		}
		mu.Lock()
		chunks = append(chunks, chunk{from: from, list: list})
		mu.Unlock()
	})
	sort.Slice(chunks, func(a, b int) bool { return chunks[a].from < chunks[b].from })
	for _, c := range chunks {
		for _, b := range c.list.blocks {
			for k := range b {
				e.mark(&b[k])
			}
		}
		e.found.addAll(c.list)
	}
	contests := map[int][]int{}
	var contestOrder []int
	for i := range e.op {
		if e.op[i].excluded != "" {
			continue
		}
		if v := &e.verdicts[i]; v.blocks&blockContested != 0 {
			if _, ok := contests[v.cloud]; !ok {
				contestOrder = append(contestOrder, v.cloud)
			}
			contests[v.cloud] = append(contests[v.cloud], i)
		}
	}
	for _, c := range contestOrder {
		group := contests[c]
		labels := make([]string, len(group))
		for k, i := range group {
			labels[k] = fmt.Sprintf("%s (by %s)", e.onPremLabel(i), e.verdicts[i].via)
		}
		first := &e.verdicts[group[0]]
		e.addFinding(Contested, group, []int{c}, e.candidateAttribute(first), e.candidateValue(group[0], first), fmt.Sprintf(
			"%s would each join cloud %s %s; which one wins depends on export order, so no join is predicted and each loser would be created as a new object with quarantined values.",
			joinWords(labels), e.cloudKind(c), e.cloudLabel(c)))
	}
}

// ownFindings reports what on-premises object i's own values and join decision raise,
// except a contest, which involves several objects.
func (e *engine) ownFindings(i int) {
	n := &e.op[i]
	if n.excluded != "" {
		return
	}
	var label string
	lb := func() string {
		if label == "" {
			label = e.onPremLabel(i)
		}
		return label
	}
	for _, iv := range n.invalid {
		detail := fmt.Sprintf("%s %s of %s breaks the attribute rules: %s.", iv.attribute, show(iv.value), lb(), strings.Join(iv.problems, "; "))
		if iv.attribute == "userPrincipalName" && n.upnReplaced != "" {
			detail += fmt.Sprintf(" Entra gives the user the UPN %s instead.", e.incomingWords(n))
		}
		e.addFinding(InvalidValue, []int{i}, nil, iv.attribute, iv.value, detail)
	}
	if n.suffixUnverified {
		upn := strings.TrimSpace(e.r.OnPrem[i].UserPrincipalName)
		e.addFinding(UPNUnverifiedSuffix, []int{i}, nil, "userPrincipalName", upn, fmt.Sprintf(
			"The UPN suffix %s of %s is not a verified domain of the tenant, so Entra gives the user the UPN %s instead of %s.",
			domainPart(n.upnKey), lb(), e.incomingWords(n), show(upn)))
	}
	// A contact's address is another organisation's by nature: its domain is never one of
	// the tenant's.
	if d := domainPart(n.primaryKey); d != "" && n.typ != Contact && !e.domainVerified(d) {
		e.addFinding(SMTPUnverifiedDomain, []int{i}, nil, "proxyAddresses", n.primary, fmt.Sprintf(
			"The primary SMTP address %s of %s is on %s, which is not a verified domain of the tenant: Exchange Online will not accept it.",
			show(n.primary), lb(), d))
	}
	v := &e.verdicts[i]
	for k, code := range blockCodes {
		if code == Contested || v.blocks&(1<<k) == 0 {
			continue
		}
		e.addFinding(code, []int{i}, []int{v.cloud}, e.candidateAttribute(v), e.candidateValue(i, v), e.blockDetail(i, v, code))
	}
	switch {
	case v.outcome.joins():
		e.joinedFindings(i, v)
	case v.outcome == New:
		e.newFindings(i, v)
	}
	e.secondaryFindings(i, v)
}

// incomingWords spells the incoming UPN, or its rule when the initial domain is unknown.
func (e *engine) incomingWords(n *onPremNorm) string {
	if n.upnReplaced != "" && n.incomingKey == n.upnKey {
		return "<mailNickname>@<initial domain>.onmicrosoft.com"
	}
	return show(n.incoming)
}

func (e *engine) candidateAttribute(v *verdict) string {
	switch v.via {
	case HardMatch:
		return "ImmutableId"
	case SMTPMatch:
		return "proxyAddresses"
	}
	return "userPrincipalName"
}

func (e *engine) candidateValue(i int, v *verdict) string {
	switch v.via {
	case HardMatch:
		return e.op[i].anchor
	case SMTPMatch:
		return e.op[i].primary
	}
	return e.op[i].incoming
}

// matchWords says why c is the candidate of i, naming the values compared.
func (e *engine) matchWords(i int, v *verdict) string {
	n := &e.op[i]
	// Concatenated rather than formatted: the words go into every blocked entry's reason.
	switch v.via {
	case HardMatch:
		return "the source anchor " + n.anchor + " (from " + n.anchorAttr() + ") of " + e.onPremLabel(i) +
			" equals the ImmutableId of cloud " + e.cloudKind(v.cloud) + " " + e.cloudLabel(v.cloud)
	case SMTPMatch:
		return "the primary SMTP " + show(n.primary) + " of " + e.onPremLabel(i) + " equals a proxy address of cloud " +
			e.cloudKind(v.cloud) + " " + e.cloudLabel(v.cloud)
	}
	return "the UPN " + show(n.incoming) + " of " + e.onPremLabel(i) + " equals the UPN of cloud user " + e.cloudLabel(v.cloud)
}

func (e *engine) blockDetail(i int, v *verdict, code Code) string {
	cl := &e.r.Cloud[v.cloud]
	why := ""
	switch code {
	case CloudBound:
		if cl.Synced {
			why = "that user is already synced from a directory (onPremisesSyncEnabled is true)"
		} else {
			why = fmt.Sprintf("that user already carries ImmutableId %s, not the anchor %s; soft match works only once", show(cl.ImmutableID), show(e.op[i].anchor))
		}
	case CloudAdmin:
		why = fmt.Sprintf("that user holds the directory role %s, and Entra never soft-matches a user with an administrative role", joinWords(sortedCopy(cl.Roles)))
	case SoftMatchBlocked:
		why = "the tenant has BlockSoftMatchEnabled set, so no soft match happens"
	case HardMatchBlocked:
		switch {
		case e.s.BlockHardMatch && !cl.Synced:
			why = "the tenant blocks cloud-object takeover through hard match (BlockCloudObjectTakeoverThroughHardMatchEnabled)"
		case cl.PrivilegedRole:
			why = fmt.Sprintf("from 1 July 2026 Entra refuses to hard-match a user holding a privileged role (%s)", joinWords(sortedCopy(cl.Roles)))
		default:
			why = fmt.Sprintf("from 1 July 2026 Entra refuses to hard-match a user whose onPremisesObjectIdentifier is set (%s)", show(cl.OnPremisesObjectIdentifier))
		}
	}
	return fmt.Sprintf("Blocked: %s, but %s; Entra will create a new object and quarantine its colliding values.", e.matchWords(i, v), why)
}

func sortedCopy(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

func (e *engine) joinedFindings(i int, v *verdict) {
	n := &e.op[i]
	c := v.cloud
	cn := &e.cl[c]
	cl := &e.r.Cloud[c]
	// The labels are spelled only for the findings raised: most joins raise none.
	var label, clabel string
	lb := func() string {
		if label == "" {
			label = e.onPremLabel(i)
		}
		return label
	}
	cb := func() string {
		if clabel == "" {
			clabel = e.cloudLabel(c)
		}
		return clabel
	}
	if n.typ == User {
		if others := e.cloudOthers(n.incomingPost(), n.incomingKey, c); len(others) > 0 {
			e.addFinding(UPNTaken, []int{i}, append([]int{c}, others...), "userPrincipalName", n.incoming, fmt.Sprintf(
				"%s joins cloud user %s, but its UPN %s already belongs to %s; Entra quarantines the UPN and rewrites it to %s.",
				lb(), cb(), show(n.incoming), e.cloudHeldWords(n.incomingPost(), n.incomingKey, others), e.quarantineUPN(n.incoming)))
		}
		if n.incomingKey != "" && n.incomingKey != cn.upnKey {
			e.addFinding(UPNChanges, []int{i}, []int{c}, "userPrincipalName", n.incoming, fmt.Sprintf(
				"At the first sync the UPN of cloud user %s becomes %s, the UPN of %s: the user signs in with the new name.",
				cb(), show(n.incoming), lb()))
		}
	}
	if others := e.cloudOthers(n.primaryPost, n.primaryKey, c); len(others) > 0 {
		e.addFinding(AddressTaken, []int{i}, append([]int{c}, others...), "proxyAddresses", n.primary, fmt.Sprintf(
			"%s joins cloud %s %s, but its primary SMTP %s already belongs to %s; Entra drops the address from the joined object and mail keeps reaching the other.",
			lb(), e.cloudKind(c), cb(), show(n.primary), e.cloudHeldWords(n.primaryPost, n.primaryKey, others)))
	}
	if n.primaryKey != "" && cn.primaryKey != "" && n.primaryKey != cn.primaryKey {
		e.addFinding(PrimarySMTPChanges, []int{i}, []int{c}, "proxyAddresses", n.primary, fmt.Sprintf(
			"At the first sync the primary SMTP address of cloud %s %s changes from %s to %s, the primary of %s.",
			e.cloudKind(c), cb(), show(cn.primary), show(n.primary), lb()))
	}
	if v.via == SMTPMatch && v.secondaryOnly {
		e.addFinding(SecondaryAddressMatch, []int{i}, []int{c}, "proxyAddresses", n.primary, fmt.Sprintf(
			"The primary SMTP %s of %s matched only a secondary address of cloud %s %s, whose primary is %s: check that they are the same person.",
			show(n.primary), lb(), e.cloudKind(c), cb(), show(cn.primary)))
	}
	o := &e.r.OnPrem[i]
	if o.Enabled != nil && !*o.Enabled && cl.AccountEnabled != nil && *cl.AccountEnabled {
		e.addFinding(OnPremDisabled, []int{i}, []int{c}, "Enabled", "False", fmt.Sprintf(
			"%s is disabled on-premises, but cloud user %s it joins is enabled: the first sync disables the cloud account and its user can no longer sign in.",
			lb(), cb()))
	}
}

func (e *engine) newFindings(i int, v *verdict) {
	n := &e.op[i]
	upnHit := e.cloudOthers(n.incomingPost(), n.incomingKey, -1)
	var smtpHit []int
	if n.primaryKey != n.incomingKey {
		smtpHit = e.cloudOthers(n.primaryPost, n.primaryKey, -1)
	}
	if len(upnHit) == 0 && len(smtpHit) == 0 {
		return
	}
	cloud := append(append([]int(nil), upnHit...), smtpHit...)
	cloud = uniqueInts(cloud)
	var parts []string
	attr, value := "userPrincipalName", n.incoming
	what := "UPN"
	if n.primaryKey == n.incomingKey && n.primaryKey != "" {
		what = "UPN and primary SMTP"
	}
	if len(upnHit) > 0 {
		parts = append(parts, fmt.Sprintf("its "+what+" %s belongs to %s, so Entra rewrites it to %s", show(n.incoming), e.cloudHeldWords(n.incomingPost(), n.incomingKey, upnHit), e.quarantineUPN(n.incoming)))
	}
	if len(smtpHit) > 0 {
		parts = append(parts, fmt.Sprintf("its primary SMTP %s belongs to %s, so Entra drops it", show(n.primary), e.cloudHeldWords(n.primaryPost, n.primaryKey, smtpHit)))
		if len(upnHit) == 0 {
			attr, value = "proxyAddresses", n.primary
		}
	}
	detail := fmt.Sprintf("%s will be created as a new cloud %s, but %s.", e.onPremLabel(i), n.typ, strings.Join(parts, "; "))
	if v.upnCandidate >= 0 {
		detail += fmt.Sprintf(" UPN soft match is off in this tenant, so the equal UPN of cloud user %s does not join them.", e.cloudLabel(v.upnCandidate))
	}
	e.addFinding(CollisionOnCreate, []int{i}, cloud, attr, value, detail)
}

// secondaryFindings reports the secondary SMTP addresses of on-premises object i that a
// cloud object keeps. Every proxyAddresses value must be unique across the users, groups
// and contacts of the tenant, and duplicate attribute resiliency drops a colliding proxy
// address from the synced object and lists a provisioning error until it is resolved
// (domain.md 2.3, DAR): the alias is lost, and mail to it keeps reaching the cloud object.
// It applies to every object that syncs, joined, new or blocked alike.
//
// A secondary address is an SMTP value of proxyAddresses without the upper-case SMTP:
// prefix (a second SMTP: value counts as one too), on a domain the proxy calculation
// keeps, compared after the folding every address key gets; X500:, SIP: and other types
// never collide with an SMTP address. Its holders are the cloud objects whose UPN, mail or
// SMTP proxy addresses hold the key, except those whose addresses the first sync
// replaces: the cloud object i joins, and any cloud object another on-premises object
// joins (when that joiner holds the address too, onprem-duplicate-address says so). A
// collision another finding names already is not reported twice: the primary address
// (address-taken, collision-on-create), the incoming UPN (upn-taken, collision-on-create,
// or the block of a UPN candidate), and every key on which onprem-duplicate-address or
// object-type-mismatch names all on-premises holders.
//
// Most addresses no cloud object holds: buildShard noted that without a lookup here, and
// nothing is allocated until a finding is raised.
func (e *engine) secondaryFindings(i int, v *verdict) {
	n := &e.op[i]
	for j := range n.smtp {
		a := &n.smtp[j]
		// post is set only when a cloud object holds the key.
		if a.post < 0 || a.primary || a.key == n.primaryKey {
			continue
		}
		// Entra's proxy calculation keeps no address on a domain the tenant has not
		// verified (a user's or group's; a contact's addresses are another
		// organisation's by nature): such an alias never reaches the tenant to collide.
		if n.typ != Contact && !e.domainVerified(domainPart(a.key)) {
			continue
		}
		r := e.idx.at(a.post).cloud
		// Joined holders give up their addresses, so the walk stops at the first holder
		// that keeps it. Past a few joined holders the key is looked up among those a
		// shared-key finding covers: a hostile export giving one alias to many joined
		// users and many on-premises objects then costs each of them a few steps, not a
		// walk of the whole list.
		for walked := 0; r >= 0 && e.joiner[e.idx.at(r).obj] >= 0; walked++ {
			if walked == 8 && e.sharedReported[a.key] != 0 {
				r = -1
				break
			}
			r = e.idx.at(r).next
		}
		if r < 0 {
			continue
		}
		e.secondaryTaken(i, v, j)
	}
}

// secondaryTaken raises secondary-address-taken for address j of on-premises object i,
// which at least one cloud object keeping its addresses holds, unless another finding
// reports that collision already (see secondaryFindings).
func (e *engine) secondaryTaken(i int, v *verdict, j int) {
	n := &e.op[i]
	a := &n.smtp[j]
	for k := range n.smtp[:j] {
		if !n.smtp[k].primary && n.smtp[k].key == a.key {
			return // the same address twice on one object is one collision
		}
	}
	if e.sharedReported[a.key]&sharedMismatch != 0 {
		return
	}
	except := -1
	switch {
	case a.key == n.incomingKey && (v.outcome.joins() || v.outcome == New):
		// upn-taken or collision-on-create names every other cloud holder of the UPN.
		return
	case v.outcome == Blocked:
		// The block names its candidate, whose colliding values it says Entra
		// quarantines; and the join its fix proposes would carry the alias across.
		except = v.cloud
	}
	var holders []int
	for r := e.idx.at(a.post).cloud; r >= 0; r = e.idx.at(r).next {
		if c := int(e.idx.at(r).obj); e.joiner[c] < 0 && c != except {
			holders = append(holders, c)
		}
	}
	if len(holders) == 0 {
		return
	}
	// The chain runs newest first; report in input order.
	sort.Ints(holders)
	label := e.onPremLabel(i)
	reached := "the cloud object"
	if len(holders) > 1 {
		reached = "the cloud objects"
	}
	e.addFinding(SecondaryAddressTaken, []int{i}, holders, "proxyAddresses", a.value(), fmt.Sprintf(
		"The secondary address %s of %s already belongs to %s; Entra drops it from %s at the first sync and lists a provisioning error, and mail to it keeps reaching %s.",
		show(a.value()), label, e.cloudHeldWords(a.post, a.key, holders), label, reached))
}

func uniqueInts(list []int) []int {
	sort.Ints(list)
	out := list[:0]
	for k, x := range list {
		if k == 0 || x != list[k-1] {
			out = append(out, x)
		}
	}
	return out
}

// sortFindings puts the findings in report order: by the first on-premises object
// involved, then the first cloud object, then code, attribute and value; findings equal in
// all of these keep the order they were found in. The sort keys are taken once per finding
// and sorted small; each finding is then copied once, into its place in Result.Findings.
func (e *engine) sortFindings() {
	codeOrder := map[Code]int{}
	for k, c := range Codes {
		codeOrder[c] = k
	}
	first := func(list []int) int {
		if len(list) == 0 {
			return int(^uint(0) >> 1)
		}
		m := list[0]
		for _, x := range list[1:] {
			m = min(m, x)
		}
		return m
	}
	keys := make([]findingKey, 0, e.found.n)
	for _, b := range e.found.blocks {
		for k := range b {
			f := &b[k]
			keys = append(keys, findingKey{onprem: first(f.OnPrem), cloud: first(f.Cloud), code: codeOrder[f.Code], f: f})
		}
	}
	slices.SortStableFunc(keys, func(a, b findingKey) int {
		if c := cmp.Compare(a.onprem, b.onprem); c != 0 {
			return c
		}
		if c := cmp.Compare(a.cloud, b.cloud); c != 0 {
			return c
		}
		if c := cmp.Compare(a.code, b.code); c != 0 {
			return c
		}
		if c := strings.Compare(a.f.Attribute, b.f.Attribute); c != 0 {
			return c
		}
		return strings.Compare(a.f.Value, b.f.Value)
	})
	e.r.Findings = make([]Finding, len(keys))
	for j := range keys {
		e.r.Findings[j] = *keys[j].f
	}
	e.found = findingBlocks{}
}

// findingKey is what sortFindings orders a finding by, and the finding.
type findingKey struct {
	onprem, cloud, code int
	f                   *Finding
}

// finish builds the entries and the cloud-only list.
func (e *engine) finish() {
	e.r.Entries = make([]Entry, len(e.op))
	// Entries only read the engine: the sentences are written on every processor.
	parallel(len(e.op), func(_ *folder, from, to int) {
		// While a collection runs, storing an entry first reads the pointers it replaces
		// (see touchPages).
		touchPages(e.r.Entries[from:to])
		codes := codeLists{}
		for i := from; i < to; i++ {
			n := &e.op[i]
			v := &e.verdicts[i]
			e.r.Entries[i] = Entry{
				OnPrem: i, Anchor: n.anchor, AnchorAttribute: n.anchorAttr(), UPN: n.incoming,
				PrimarySMTP: n.primary, Outcome: v.outcome, Cloud: v.cloud,
				Reason: e.reason(i), Findings: codes.of(e.entryMask[i]),
			}
		}
	})
	cloudOnly := 0
	for c := range e.cl {
		if e.joiner[c] < 0 {
			cloudOnly++
		}
	}
	e.r.CloudOnly = make([]CloudOnly, 0, cloudOnly)
	codes := codeLists{}
	for c := range e.cl {
		if e.joiner[c] < 0 {
			e.r.CloudOnly = append(e.r.CloudOnly, CloudOnly{Cloud: c, Findings: codes.of(e.cloudMask[c])})
		}
	}
}

// codeLists hands out the code list of each mask once: objects with the same findings
// share one list, as a million lists of one or two codes would cost more than the codes.
// The lists are full to capacity, so that an append by a reader copies rather than
// writes into another object's list.
type codeLists map[uint64][]Code

func (l codeLists) of(m uint64) []Code {
	if list, ok := l[m]; ok {
		return list
	}
	list := maskCodes(m)
	l[m] = list
	return list
}

// maskCodes lists the codes of a mask in Codes order; never nil, so that JSON shows [].
func maskCodes(m uint64) []Code {
	out := make([]Code, 0, bits.OnesCount64(m))
	for k, c := range Codes {
		if m&(1<<uint(k)) != 0 {
			out = append(out, c)
		}
	}
	return out
}
