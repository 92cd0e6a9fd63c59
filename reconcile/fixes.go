package reconcile

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// The scripts the writers put approved fixes in.
const (
	OnPremScript = "onprem-fixes.ps1"
	CloudScript  = "cloud-fixes.ps1"
)

// actionOrder puts fixes on one object in the order they are best applied.
var actionOrder = map[Action]int{
	ClearImmutableID: 0, SetPrimarySMTP: 1, SetUPN: 2, SetConsistencyGUID: 3, SetImmutableID: 4, RemoveAddress: 5, Manual: 6,
}

// plannedFix carries the entry a fix belongs to, for ordering, and for a fix that joins
// or binds a cloud object the two objects it joins.
type plannedFix struct {
	order int
	// rank is the fix's actionOrder, looked up once rather than at every comparison of the
	// sort.
	rank int
	fix  Fix
	// claim is the cloud object the fix joins an on-premises object to, and claimant that
	// on-premises object (-1 both when the fix joins nothing).
	claim, claimant int
}

type fixPlanner struct {
	e     *engine
	order int // the order of the finding being planned
	list  []plannedFix
	seen  map[fixKey]bool
	// f folds the UPNs and domains the plan looks at: a folder made per lookup would cost
	// a Caser per fix.
	f *folder
}

// fixKey tells two fixes apart: the same change to the same object is planned once. Its
// fields share the fix's strings, so a plan for every object of a large tenant copies none.
type fixKey struct {
	side                     Side
	action                   Action
	object                   int
	attribute, value, detail string
}

func (p *fixPlanner) add(order int, f Fix) { p.addClaim(order, f, -1, -1) }

// bind adds a fix that joins on-premises object i to cloud object c, so that the planner
// can hold every approved join to one claimant per cloud object.
func (p *fixPlanner) bind(order, i, c int, f Fix) { p.addClaim(order, f, c, i) }

func (p *fixPlanner) addClaim(order int, f Fix, claim, claimant int) {
	// A fix belongs to the entry it changes; a cloud fix to the first entry of its finding.
	if order < 0 {
		order = p.order
		if f.Side == OnPremSide {
			order = f.Object
		}
	}
	key := keyOfFix(&f)
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	switch {
	case f.Action == Manual:
		f.Script = ""
	case f.Side == OnPremSide:
		f.Script = OnPremScript
	default:
		f.Script = CloudScript
	}
	p.list = append(p.list, plannedFix{order: order, rank: actionOrder[f.Action], fix: f, claim: claim, claimant: claimant})
}

// keyOfFix returns what tells f apart from the other fixes of a plan.
func keyOfFix(f *Fix) fixKey {
	key := fixKey{side: f.Side, action: f.Action, object: f.Object, attribute: f.Attribute, value: f.New}
	switch f.Action {
	case RemoveAddress:
		// Removals write nothing new: the address removed tells two of them apart.
		key.value = f.Old
	case Manual:
		key.detail = f.Detail
	}
	return key
}

func (p *fixPlanner) manual(order int, side Side, obj int, reason Code, detail string) {
	p.add(order, Fix{Side: side, Action: Manual, Object: obj, Reason: reason, Detail: detail})
}

// planFixes turns findings into changes. Safe changes are approved; a change a human must
// choose (which duplicate keeps an address, a guessed pair of low confidence) is not; where
// no change is safe the fix is a plain instruction.
func (e *engine) planFixes() {
	p := e.planInParts()
	e.holdApprovals(p.list)
	// The plan is put in order through a list of its places, so that the sort moves four
	// bytes a fix rather than the whole planned fix.
	places := make([]int32, len(p.list))
	for k := range places {
		places[k] = int32(k)
	}
	slices.SortStableFunc(places, func(a, b int32) int {
		x, y := &p.list[a], &p.list[b]
		if c := cmp.Compare(x.order, y.order); c != 0 {
			return c
		}
		return cmp.Compare(x.rank, y.rank)
	})
	e.r.Fixes = make([]Fix, len(p.list))
	for j, k := range places {
		e.r.Fixes[j] = p.list[k].fix
	}
}

// planInParts plans the fixes of every finding, in order, and returns them as one planner
// that saw the findings one after another would. Planning only reads the engine, so the
// findings are cut into a part per processor, each planned by a planner of its own. A fix
// planned in one part and again in an earlier one is then dropped: of equal fixes the
// plan keeps the first, as it does within a part.
func (e *engine) planInParts() *fixPlanner {
	// claimants counts on first use; counted now, the parts only read the counts.
	e.countClaimants()
	type part struct {
		from int
		p    *fixPlanner
	}
	var mu sync.Mutex
	var parts []part
	n := len(e.r.Findings)
	parallel(n, func(f *folder, from, to int) {
		// Most findings plan one fix: sizing for them spares the map and the list their
		// growing, which at a million fixes copies the list several times over. The first
		// part's list has room for the whole plan, which is gathered there without a copy
		// of the first part.
		room := to - from
		if from == 0 {
			room = n
		}
		p := &fixPlanner{e: e, seen: make(map[fixKey]bool, to-from), list: make([]plannedFix, 0, room), f: f}
		for k := from; k < to; k++ {
			e.fixFinding(p, &e.r.Findings[k])
		}
		mu.Lock()
		parts = append(parts, part{from, p})
		mu.Unlock()
	})
	slices.SortFunc(parts, func(a, b part) int { return cmp.Compare(a.from, b.from) })
	all := parts[0].p
	for k, p := range parts[1:] {
		for _, pf := range p.p.list {
			if key := keyOfFix(&pf.fix); !all.seen[key] {
				all.list = append(all.list, pf)
				if k+2 < len(parts) {
					all.seen[key] = true
				}
			}
		}
	}
	return all
}

// fixOrder places a finding's fixes with its first on-premises entry; fixes that involve
// only cloud objects come after every entry.
func (e *engine) fixOrder(f *Finding) int {
	if len(f.OnPrem) > 0 {
		return f.OnPrem[0]
	}
	if len(f.Cloud) > 0 {
		return len(e.op) + f.Cloud[0]
	}
	return len(e.op) + len(e.cl)
}

func (e *engine) consistencyB64(i int) string {
	if b := e.r.OnPrem[i].ConsistencyGUID; len(b) > 0 {
		return ImmutableIDFromBytes(b)
	}
	return ""
}

// heldByOthers reports whether any object other than the on-premises object i and the
// cloud object c holds key, on either side.
func (e *engine) heldByOthers(key string, i, c int) bool {
	for _, h := range e.idx.holders(key) {
		if h.side == sideOnPrem && int(h.obj) != i || h.side == sideCloud && int(h.obj) != c {
			return true
		}
	}
	return false
}

// claimants counts, per cloud object, the on-premises objects whose join would reach it:
// the candidate of each verdict, and the cloud user with the same UPN that UPN soft match
// would have joined had the tenant allowed it. It is built on first use.
func (e *engine) claimants(c int) int {
	e.countClaimants()
	return int(e.claimCount[c])
}

// countClaimants counts the claimants of every cloud object, once.
func (e *engine) countClaimants() {
	if e.claimCount != nil {
		return
	}
	e.claimCount = make([]int32, len(e.cl))
	for i := range e.verdicts {
		v := &e.verdicts[i]
		if v.cloud >= 0 {
			e.claimCount[v.cloud]++
		}
		if v.upnCandidate >= 0 && v.upnCandidate != v.cloud {
			e.claimCount[v.upnCandidate]++
		}
	}
}

// primaryEvidence reports whether the join of on-premises object i to cloud user c rests
// on the address that names the cloud user: its primary SMTP address, or for a user no
// other object is bound to, its UPN (what UPN soft match would compare). A secondary alias
// names a mailbox's past or a shared function, not its owner; and a bound user's UPN was
// given by the directory that owns it.
func (e *engine) primaryEvidence(i, c int) bool {
	n, cn, cl := &e.op[i], &e.cl[c], &e.r.Cloud[c]
	if cn.mailEnabled && n.primaryKey != "" && n.primaryKey == cn.primaryKey {
		return true
	}
	unbound := !cl.Synced && strings.TrimSpace(cl.ImmutableID) == ""
	spelled := n.upnReplaced == "" || n.incomingKey != n.upnKey
	return unbound && spelled && n.incomingKey != "" && n.incomingKey == cn.upnKey
}

// joinApproved reports whether a fix that joins on-premises object i to cloud user c may be
// approved without a human: the evidence names the cloud user, i is its only claimant, no
// entry joins it already and Entra would accept the hard match. holdApprovals then checks
// what only the whole plan shows.
func (e *engine) joinApproved(i, c int) bool {
	return e.primaryEvidence(i, c) && e.claimants(c) == 1 && e.joiner[c] < 0 && e.hardMatchPossible(c)
}

// joinedCloud is the cloud object i joins, or -1: a blocked candidate is not i's, and
// its values are not free for i to take.
func (e *engine) joinedCloud(i int) int {
	if v := &e.verdicts[i]; v.outcome.joins() {
		return v.cloud
	}
	return -1
}

// holdApprovals withdraws the approval of fixes that are safe one by one but not together:
// two approved joins of one cloud object, one value (an anchor, or an address or UPN, which
// share Entra's uniqueness) given to two objects, and an anchor written to an object while
// another exported object carries it already. Each of these would hand one person's
// account to another whichever fix runs first, so all of them wait for a human.
func (e *engine) holdApprovals(list []plannedFix) {
	isAnchor := func(a Action) bool { return a == SetConsistencyGUID || a == SetImmutableID }
	f := newFolder()
	valueKey := func(fx *Fix) string {
		switch fx.Action {
		case SetConsistencyGUID, SetImmutableID:
			return "anchor\x00" + strings.TrimSpace(fx.New)
		case SetUPN, SetPrimarySMTP:
			return "address\x00" + f.fold(fx.New)
		}
		return ""
	}
	claims := map[int]planHolder{}     // cloud object -> its claimants
	given := map[string]planHolder{}   // value -> the objects it is given to
	anchors := map[string]planHolder{} // anchor -> the on-premises object it is meant for
	keys := make([]string, len(list))
	for k := range list {
		pf := &list[k]
		if !pf.fix.Approved {
			continue
		}
		if pf.claim >= 0 {
			noteHolder(claims, pf.claim, OnPremSide, pf.claimant)
		}
		if keys[k] = valueKey(&pf.fix); keys[k] != "" {
			noteHolder(given, keys[k], pf.fix.Side, pf.fix.Object)
		}
		if pf.claimant >= 0 && isAnchor(pf.fix.Action) {
			noteHolder(anchors, strings.TrimSpace(pf.fix.New), OnPremSide, pf.claimant)
		}
	}
	// One pass over the export finds every other object that already carries an anchor
	// about to be written; an anchor that is another cloud user's ImmutableId is carried
	// too.
	carried := map[string]bool{}
	if len(anchors) > 0 {
		for j := range e.op {
			if h, ok := anchors[e.op[j].anchor]; ok && h.obj != j {
				carried[e.op[j].anchor] = true
			}
		}
		for k := range list {
			pf := &list[k]
			if a := strings.TrimSpace(pf.fix.New); pf.fix.Approved && pf.claim >= 0 && isAnchor(pf.fix.Action) {
				if c, ok := e.byImmutableID[a]; ok && c != pf.claim {
					carried[a] = true
				}
			}
		}
	}
	for k := range list {
		pf := &list[k]
		if !pf.fix.Approved {
			continue
		}
		hold := pf.claim >= 0 && claims[pf.claim].many
		hold = hold || keys[k] != "" && given[keys[k]].many
		hold = hold || pf.claimant >= 0 && isAnchor(pf.fix.Action) && carried[strings.TrimSpace(pf.fix.New)]
		if hold {
			pf.fix.Approved = false
		}
	}
}

// planHolder is the first object a value or a cloud object is given to in a plan, and
// whether a second one came. A plan can hold a fix for every object of a large tenant, and
// a set per value would cost more than the plan itself.
type planHolder struct {
	side Side
	obj  int
	many bool
}

func noteHolder[K comparable](m map[K]planHolder, key K, side Side, obj int) {
	if h, ok := m[key]; !ok {
		m[key] = planHolder{side: side, obj: obj}
	} else if !h.many && (h.side != side || h.obj != obj) {
		h.many = true
		m[key] = h
	}
}

// hardMatchPossible reports whether writing an anchor into cloud user c would make a hard
// match Entra accepts.
func (e *engine) hardMatchPossible(c int) bool {
	return e.hardBlocks(c) == 0 && !e.r.Cloud[c].Synced
}

func (e *engine) fixFinding(p *fixPlanner, f *Finding) {
	p.order = e.fixOrder(f)
	order := -1 // resolved per fix by fixPlanner.add
	switch f.Code {
	case LikelySamePerson:
		e.fixLikely(p, order, f.OnPrem[0], f.Cloud[0])
	case CloudBound:
		i, c := f.OnPrem[0], f.Cloud[0]
		cl := &e.r.Cloud[c]
		if e.op[i].typ != User {
			// Groups and contacts have no hard match: an anchor cannot rescue the join.
			p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
				"Cloud %s %s is already synced or bound, and groups and contacts join only by SMTP soft match: remove %s from it if it is not the same object as %s, or stop the other sync for it first.",
				e.cloudKind(c), e.cloudLabel(c), show(e.op[i].primary), e.onPremLabel(i)))
			return
		}
		if cl.Synced || e.joiner[c] >= 0 {
			p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
				"Cloud user %s is already bound to another on-premises object. Decide whether %s should take it over; if so, stop the other sync for that user first.",
				e.cloudLabel(c), e.onPremLabel(i)))
			return
		}
		if !e.hardMatchPossible(c) {
			p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
				"Cloud user %s is bound to another on-premises object and cannot be hard-matched in this tenant now. Decide whether %s should take it over; if so, lift the hard-match block for its first sync.",
				e.cloudLabel(c), e.onPremLabel(i)))
			return
		}
		// The documented fix after a failed soft match (EXIST): let the on-premises object
		// carry the cloud user's ImmutableId, so that it hard-matches. Taking over a user
		// another directory bound is approved only on its primary address and with no rival.
		p.bind(order, i, c, Fix{Side: OnPremSide, Action: SetConsistencyGUID, Object: i, Attribute: "mS-DS-ConsistencyGuid",
			Old: e.consistencyB64(i), New: strings.TrimSpace(cl.ImmutableID), Reason: f.Code, Approved: e.joinApproved(i, c),
			Detail: fmt.Sprintf("Write the ImmutableId %s of cloud user %s into mS-DS-ConsistencyGuid of %s so that the first sync hard-matches them.",
				strings.TrimSpace(cl.ImmutableID), e.cloudLabel(c), e.onPremLabel(i))})
	case CloudAdmin:
		c := f.Cloud[0]
		p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
			"Remove the directory role %s from cloud user %s before the first sync, and assign it again once %s has joined.",
			joinWords(sortedCopy(e.r.Cloud[c].Roles)), e.cloudLabel(c), e.onPremLabel(f.OnPrem[0])))
	case SoftMatchBlocked:
		i, c := f.OnPrem[0], f.Cloud[0]
		if n := &e.op[i]; n.anchor != "" && bits.OnesCount8(uint8(e.verdicts[i].blocks)) == 1 && e.hardMatchPossible(c) {
			p.bind(order, i, c, Fix{Side: CloudSide, Action: SetImmutableID, Object: c, Attribute: "onPremisesImmutableId",
				Old: strings.TrimSpace(e.r.Cloud[c].ImmutableID), New: n.anchor, Reason: f.Code, Approved: e.joinApproved(i, c),
				Detail: fmt.Sprintf("Soft match is blocked in this tenant: write the anchor %s of %s into the ImmutableId of cloud user %s so that the first sync hard-matches them.",
					n.anchor, e.onPremLabel(i), e.cloudLabel(c))})
			return
		}
		if e.op[i].typ != User {
			p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
				"Soft match is blocked in this tenant (BlockSoftMatchEnabled) and a %s has no hard match: turn the block off with Update-MgDirectoryOnPremiseSynchronization for the first sync of %s, or accept that it is created as a second object beside cloud %s %s.",
				e.op[i].typ, e.onPremLabel(i), e.cloudKind(c), e.cloudLabel(c)))
			return
		}
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf(
			"Soft match is blocked in this tenant (BlockSoftMatchEnabled): resolve the other blocks on cloud user %s, then hard-match it by writing the anchor of %s into its ImmutableId.",
			e.cloudLabel(c), e.onPremLabel(i)))
	case HardMatchBlocked:
		c := f.Cloud[0]
		if e.s.BlockHardMatch && !e.r.Cloud[c].Synced {
			p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
				"Turn off BlockCloudObjectTakeoverThroughHardMatchEnabled with Update-MgDirectoryOnPremiseSynchronization for the first sync of %s, then turn it on again.",
				e.onPremLabel(f.OnPrem[0])))
			return
		}
		p.manual(order, CloudSide, c, f.Code, fmt.Sprintf(
			"Cloud user %s cannot be hard-matched while it holds a privileged role or an onPremisesObjectIdentifier: remove the role (%s) before the first sync and assign it again after.",
			e.cloudLabel(c), joinWords(sortedCopy(e.r.Cloud[c].Roles))))
	case Contested:
		labels := make([]string, len(f.OnPrem))
		for k, i := range f.OnPrem {
			labels[k] = e.onPremLabel(i)
		}
		p.manual(order, OnPremSide, f.OnPrem[0], f.Code, fmt.Sprintf(
			"Decide which of %s owns cloud %s %s, and change %s on the others before the first sync.",
			joinWords(labels), e.cloudKind(f.Cloud[0]), e.cloudLabel(f.Cloud[0]), f.Attribute))
	case OnPremDuplicateAddress:
		for _, i := range f.OnPrem {
			removed := false
			for _, a := range e.op[i].smtp {
				if a.key == f.Value {
					p.add(order, Fix{Side: OnPremSide, Action: RemoveAddress, Object: i, Attribute: "proxyAddresses",
						Old: a.raw, Reason: f.Code, Approved: false,
						Detail: fmt.Sprintf("Remove %s from %s unless this object should keep it; exactly one object may hold it.", show(a.raw), e.onPremLabel(i))})
					removed = true
				}
			}
			if !removed && e.op[i].mailKey == f.Value {
				p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf("Change or clear mail %s on %s unless this object should keep it.", show(f.Value), e.onPremLabel(i)))
			}
		}
	case OnPremDuplicateUPN:
		labels := make([]string, len(f.OnPrem))
		for k, i := range f.OnPrem {
			labels[k] = e.onPremLabel(i)
		}
		p.manual(order, OnPremSide, f.OnPrem[0], f.Code, fmt.Sprintf(
			"Give all but one of %s a different userPrincipalName; %s may belong to one object only.", joinWords(labels), show(f.Value)))
	case UPNTaken:
		i, c := f.OnPrem[0], f.Cloud[0]
		target := strings.TrimSpace(e.r.Cloud[c].UserPrincipalName)
		if e.safeUPN(p.f, target, i, c) {
			p.add(order, Fix{Side: OnPremSide, Action: SetUPN, Object: i, Attribute: "userPrincipalName",
				Old: e.r.OnPrem[i].UserPrincipalName, New: target, Reason: f.Code, Approved: true,
				Detail: fmt.Sprintf("Give %s the UPN %s of the cloud user it joins, so that the first sync keeps the user's sign-in name.", e.onPremLabel(i), target)})
			return
		}
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf("Give %s a UPN no other cloud object holds (now %s).", e.onPremLabel(i), show(f.Value)))
	case UPNUnverifiedSuffix:
		i := f.OnPrem[0]
		if target := e.upnProposal(p.f, i); target != "" {
			p.add(order, Fix{Side: OnPremSide, Action: SetUPN, Object: i, Attribute: "userPrincipalName",
				Old: e.r.OnPrem[i].UserPrincipalName, New: target, Reason: f.Code, Approved: true,
				Detail: fmt.Sprintf("Give %s the UPN %s on a verified domain, so that it does not become %s.", e.onPremLabel(i), target, e.incomingWords(&e.op[i]))})
			return
		}
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf("Add the UPN suffix %s as a verified domain, or give %s a UPN on a verified domain.", domainOf(p.f, f.Value), e.onPremLabel(i)))
	case AddressTaken:
		i := f.OnPrem[0]
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf(
			"Remove %s from %s, or give %s a different primary SMTP address, before the first sync.",
			show(f.Value), e.cloudLabels(f.Cloud[1:]), e.onPremLabel(i)))
	case SecondaryAddressTaken:
		e.fixSecondaryTaken(p, order, f)
	case CollisionOnCreate:
		i := f.OnPrem[0]
		n := &e.op[i]
		if c := e.verdicts[i].upnCandidate; c >= 0 && n.anchor != "" && e.joiner[c] < 0 &&
			strings.TrimSpace(e.r.Cloud[c].ImmutableID) == "" && e.hardMatchPossible(c) {
			// Two objects with the UPN are two claimants: neither is approved.
			p.bind(order, i, c, Fix{Side: CloudSide, Action: SetImmutableID, Object: c, Attribute: "onPremisesImmutableId",
				New: n.anchor, Reason: f.Code, Approved: e.joinApproved(i, c),
				Detail: fmt.Sprintf("UPN soft match is off: write the anchor %s of %s into the ImmutableId of cloud user %s, which has the same UPN, so that the first sync hard-matches them.",
					n.anchor, e.onPremLabel(i), e.cloudLabel(c))})
			return
		}
		how := "give it that object's primary SMTP address or ImmutableId"
		if n.typ != User {
			// Groups and contacts join only by SMTP soft match, and only their own kind.
			how = "when it is a " + string(n.typ) + " too, give it that object's primary SMTP address"
		}
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf(
			"Join %s to the cloud object that holds %s (%s), or change the value on one side before the first sync.",
			e.onPremLabel(i), show(f.Value), how))
	case SMTPUnverifiedDomain:
		i := f.OnPrem[0]
		p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf("Add and verify the domain %s in the tenant, or give %s a primary SMTP address on a verified domain.",
			domainOf(p.f, f.Value), e.onPremLabel(i)))
	case InvalidValue:
		i := f.OnPrem[0]
		if f.Attribute == "userPrincipalName" {
			if clean := stripInvisible(f.Value); clean != f.Value && e.safeUPN(p.f, clean, i, e.joinedCloud(i)) {
				p.add(order, Fix{Side: OnPremSide, Action: SetUPN, Object: i, Attribute: "userPrincipalName",
					Old: f.Value, New: clean, Reason: f.Code, Approved: true,
					Detail: fmt.Sprintf("Remove the invisible characters from the UPN of %s.", e.onPremLabel(i))})
				return
			}
			if target := e.upnProposal(p.f, i); target != "" {
				p.add(order, Fix{Side: OnPremSide, Action: SetUPN, Object: i, Attribute: "userPrincipalName",
					Old: f.Value, New: target, Reason: f.Code, Approved: true,
					Detail: fmt.Sprintf("Give %s the valid UPN %s on a verified domain.", e.onPremLabel(i), target)})
				return
			}
		}
		p.manual(order, OnPremSide, i, f.Code, "Correct the value before the first sync. "+f.Detail)
	case OnPremDisabled:
		p.manual(order, OnPremSide, f.OnPrem[0], f.Code, fmt.Sprintf(
			"Enable %s before the first sync, or confirm that cloud user %s should be disabled.", e.onPremLabel(f.OnPrem[0]), e.cloudLabel(f.Cloud[0])))
	case ObjectTypeMismatch:
		if e.fixTypeMismatch(p, order, f) {
			return
		}
		side, obj := OnPremSide, 0
		if len(f.OnPrem) > 0 {
			obj = f.OnPrem[0]
		} else {
			side, obj = CloudSide, f.Cloud[0]
		}
		p.manual(order, side, obj, f.Code, fmt.Sprintf("Keep the address %s on one object only; objects of different kinds cannot share it.", show(f.Value)))
	case DuplicateGroup:
		e.fixDuplicateGroup(p, order, f.OnPrem[0], f.Cloud)
	}
}

// fixSecondaryTaken proposes removing the colliding alias from the on-premises object,
// every spelling of it that the object holds as a secondary address. Which side keeps the
// alias is a human's choice (the cloud object may be the shared mailbox the alias was
// meant for), so the removal is not approved, and the detail names the other way out.
// The exported value is kept as Old, so that a rollback can add it back.
func (e *engine) fixSecondaryTaken(p *fixPlanner, order int, f *Finding) {
	i := f.OnPrem[0]
	key := p.f.fold(f.Value)
	label, holders := e.onPremLabel(i), e.cloudLabels(f.Cloud)
	// A holder some sync owns already takes changes only in the directory it is synced
	// from, and that sync must carry them to the tenant before this one starts.
	var synced []int
	for _, c := range f.Cloud {
		if e.r.Cloud[c].Synced {
			synced = append(synced, c)
		}
	}
	where := ""
	if len(synced) > 0 {
		where = fmt.Sprintf("; %s is synced already, so change it in the directory it is synced from and let that sync reach the tenant first",
			e.cloudLabels(synced))
	}
	// The mail attribute syncs too and must be unique as well: removing the proxy alone
	// leaves the collision in place.
	mail := ""
	if e.op[i].mailKey == key {
		mail = ", and change its mail attribute, which holds the same address,"
	}
	other := fmt.Sprintf("if %s should keep it, take it off %s instead (where it is the UPN or primary address there, give that object another one) before the first sync%s. Only one object can hold it.",
		label, holders, where)
	for _, a := range e.op[i].smtp {
		if a.primary || a.key != key {
			continue
		}
		if pa, ok := ParseProxyAddress(a.raw); ok && pa.IsPrimary() {
			// A second SMTP: value: the scripts refuse to remove an upper-case SMTP:
			// value, as the primary address, so a person chooses which one stays.
			p.manual(order, OnPremSide, i, f.Code, fmt.Sprintf(
				"%s lists %s as a second primary address: keep one SMTP: value and make the others smtp:, then remove %s from %s%s if the alias belongs to %s; %s",
				label, show(a.raw), show(f.Value), label, mail, holders, other))
			continue
		}
		p.add(order, Fix{Side: OnPremSide, Action: RemoveAddress, Object: i, Attribute: "proxyAddresses",
			Old: a.raw, Reason: f.Code, Approved: false,
			Detail: fmt.Sprintf("Remove %s from %s%s if the alias belongs to %s; %s", show(a.raw), label, mail, holders, other)})
	}
}

// fixLikely joins a likely pair before the first sync, by the gentlest change available:
// an SMTP soft match when the cloud user has a mailbox on a verified domain, else a hard
// match. None is approved: the pair is a guess from names and local parts, which two
// namesakes share as well, and a wrong guess hands one person's mailbox to another. The
// change is spelled out so that a human's Approve is all it takes.
func (e *engine) fixLikely(p *fixPlanner, order, i, c int) {
	n, cn, cl := &e.op[i], &e.cl[c], &e.r.Cloud[c]
	const approved = false
	stale := strings.TrimSpace(cl.ImmutableID)
	softOK := cn.mailEnabled && cn.primaryKey != "" && e.domainVerified(domainPart(cn.primaryKey)) &&
		!IsReservedDomain(domainPart(cn.primaryKey)) && !e.s.BlockSoftMatch && !cn.admin && !e.heldByOthers(cn.primaryKey, i, c)
	label, clabel := e.onPremLabel(i), e.cloudLabel(c)
	switch {
	case softOK:
		if stale != "" {
			p.bind(order, i, c, Fix{Side: CloudSide, Action: ClearImmutableID, Object: c, Attribute: "onPremisesImmutableId",
				Old: stale, Reason: LikelySamePerson, Approved: approved,
				Detail: fmt.Sprintf("Clear the stale ImmutableId %s of cloud user %s; it stops any soft match.", stale, clabel)})
		}
		p.bind(order, i, c, Fix{Side: OnPremSide, Action: SetPrimarySMTP, Object: i, Attribute: "proxyAddresses",
			Old: n.primary, New: cn.primary, Reason: LikelySamePerson, Approved: approved,
			Detail: fmt.Sprintf("Make %s the primary SMTP address of %s so that the first sync soft-matches cloud user %s.", cn.primary, label, clabel)})
	case stale != "" && e.hardMatchPossible(c):
		p.bind(order, i, c, Fix{Side: OnPremSide, Action: SetConsistencyGUID, Object: i, Attribute: "mS-DS-ConsistencyGuid",
			Old: e.consistencyB64(i), New: stale, Reason: LikelySamePerson, Approved: approved,
			Detail: fmt.Sprintf("Write the ImmutableId %s of cloud user %s into mS-DS-ConsistencyGuid of %s so that the first sync hard-matches them.", stale, clabel, label)})
	case n.anchor != "" && e.hardMatchPossible(c):
		p.bind(order, i, c, Fix{Side: CloudSide, Action: SetImmutableID, Object: c, Attribute: "onPremisesImmutableId",
			New: n.anchor, Reason: LikelySamePerson, Approved: approved,
			Detail: fmt.Sprintf("Write the anchor %s of %s into the ImmutableId of cloud user %s so that the first sync hard-matches them.", n.anchor, label, clabel)})
	default:
		p.manual(order, OnPremSide, i, LikelySamePerson, fmt.Sprintf(
			"If %s and cloud user %s are the same person, join them before the first sync (matching primary SMTP address or ImmutableId); otherwise ignore this.", label, clabel))
	}
	if cn.admin {
		p.manual(order, CloudSide, c, LikelySamePerson, fmt.Sprintf(
			"Cloud user %s holds the directory role %s: remove it before the first sync and assign it again after.", clabel, joinWords(sortedCopy(cl.Roles))))
	}
}

// safeUPN reports whether upn can be given to on-premises object i: valid, on a verified
// domain other than the reserved initial one (a sign-in name there is what a collision
// leaves behind, not a choice), and held by no object but i and the cloud user c it joins
// (-1 when it joins none).
func (e *engine) safeUPN(f *folder, upn string, i, c int) bool {
	if upn == "" || len(checkUPN(upn)) != 0 {
		return false
	}
	key := f.fold(upn)
	d := domainPart(key)
	return e.verifiedKnown && e.verified[d] && !IsReservedDomain(d) && !e.heldByOthers(key, i, c)
}

// upnProposal chooses a UPN on a verified domain for object i: the joined cloud user's,
// else its own primary SMTP address (the common convention that the sign-in name is the
// mail address).
func (e *engine) upnProposal(f *folder, i int) string {
	v := &e.verdicts[i]
	if v.outcome.joins() {
		if upn := strings.TrimSpace(e.r.Cloud[v.cloud].UserPrincipalName); !IsReservedDomain(domainOf(f, upn)) && e.safeUPN(f, upn, i, v.cloud) {
			return upn
		}
	}
	n := &e.op[i]
	if n.primary != "" && e.safeUPN(f, n.primary, i, e.joinedCloud(i)) {
		return n.primary
	}
	return ""
}

// stripInvisible removes characters nobody can see, the usual copy-and-paste damage.
func stripInvisible(s string) string {
	return strings.TrimFunc(strings.Map(func(r rune) rune {
		if r != ' ' && isInvisible(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s), unicode.IsSpace)
}

// fixTypeMismatch proposes removing the shared address from every object that holds it as
// a secondary address and whose addresses a script may change: on-premises objects, and
// cloud groups and contacts that are not synced (Exchange Online owns them). Which object
// keeps the address is a human's choice, so none is approved. A primary address cannot be
// removed before another is made primary; it is left to the instruction. It reports
// whether anything was proposed.
func (e *engine) fixTypeMismatch(p *fixPlanner, order int, f *Finding) bool {
	proposed := false
	for _, i := range f.OnPrem {
		for _, a := range e.op[i].smtp {
			if a.key == f.Value && !a.primary {
				p.add(order, Fix{Side: OnPremSide, Action: RemoveAddress, Object: i, Attribute: "proxyAddresses",
					Old: a.raw, Reason: f.Code, Approved: false,
					Detail: fmt.Sprintf("Remove %s from %s %s unless this object should keep it; a user and a group or contact cannot share an address.",
						show(a.raw), e.onPremKind(i), e.onPremLabel(i))})
				proposed = true
			}
		}
	}
	for _, c := range f.Cloud {
		if e.cl[c].typ == User || e.r.Cloud[c].Synced || e.joiner[c] >= 0 {
			continue
		}
		for _, a := range e.cl[c].smtp {
			if a.key == f.Value && !a.primary {
				p.add(order, Fix{Side: CloudSide, Action: RemoveAddress, Object: c, Attribute: "proxyAddresses",
					Old: a.raw, Reason: f.Code, Approved: false,
					Detail: fmt.Sprintf("Remove %s from cloud %s %s unless this object should keep it; a user and a group or contact cannot share an address.",
						show(a.raw), e.cloudKind(c), e.cloudLabel(c))})
				proposed = true
			}
		}
	}
	return proposed
}

// fixDuplicateGroup joins an on-premises group to the cloud-only group of its name when
// that can be done by SMTP soft match, the only join groups have: the on-premises group
// takes the cloud group's primary address. A name alone does not prove two groups are one,
// so the change waits for a human's Approve. A security group without mail is not given an
// address: mail-enabling it changes how Exchange treats it, which is the owner's decision.
func (e *engine) fixDuplicateGroup(p *fixPlanner, order, i int, same []int) {
	n := &e.op[i]
	label := e.onPremLabel(i)
	if len(same) == 1 && n.primaryKey != "" {
		c := same[0]
		cn := &e.cl[c]
		if cn.mailEnabled && cn.primaryKey != "" && e.domainVerified(domainPart(cn.primaryKey)) &&
			!IsReservedDomain(domainPart(cn.primaryKey)) && !e.s.BlockSoftMatch && !cn.admin && !e.heldByOthers(cn.primaryKey, i, c) {
			p.add(order, Fix{Side: OnPremSide, Action: SetPrimarySMTP, Object: i, Attribute: "proxyAddresses",
				Old: n.primary, New: cn.primary, Reason: DuplicateGroup, Approved: false,
				Detail: fmt.Sprintf("If %s and cloud group %s are the same group, make %s the primary SMTP address of %s so that the first sync soft-matches them.",
					label, e.cloudLabel(c), cn.primary, label)})
			return
		}
	}
	p.manual(order, CloudSide, same[0], DuplicateGroup, fmt.Sprintf(
		"Decide whether %s and %s are the same group. If they are, give %s the primary SMTP address of the cloud group before the first sync (groups join only by SMTP soft match); otherwise rename one of them, or after the first sync move the members and permissions of the cloud group to the synced one and delete it.",
		label, e.cloudGroupWords(same), label))
}
