package reconcile

import "fmt"

// reason writes the one sentence that explains an entry's outcome with the values that
// decided it.
func (e *engine) reason(i int) string {
	n := &e.op[i]
	v := &e.verdicts[i]
	label := e.onPremLabel(i)
	switch v.outcome {
	case Excluded:
		return fmt.Sprintf("Excluded: %s; Entra Connect's default sync rules never export it.", n.excluded)
	case HardMatch:
		return fmt.Sprintf("Hard match: source anchor %s (from %s) equals the ImmutableId of cloud user %s.",
			n.anchor, n.anchorAttr, e.cloudLabel(v.cloud))
	case SMTPMatch:
		which := "the primary address"
		if v.secondaryOnly {
			which = "a secondary proxy address"
		}
		from := ""
		if n.primaryFromMail {
			from = " (taken from mail, as proxyAddresses has no SMTP: value)"
		}
		return fmt.Sprintf("SMTP soft match: primary SMTP %s%s equals %s of cloud %s %s.",
			show(n.primary), from, which, e.cloudKind(v.cloud), e.cloudLabel(v.cloud))
	case UPNMatch:
		computed := ""
		if n.upnReplaced != "" {
			// Say where a UPN nobody typed comes from, or the match looks invented.
			computed = fmt.Sprintf(" (computed by Entra, as %s)", n.upnReplaced)
		}
		return fmt.Sprintf("UPN soft match: no cloud object holds primary SMTP %s, and UPN %s%s equals the UPN of cloud user %s.",
			orNone(n.primary), show(n.incoming), computed, e.cloudLabel(v.cloud))
	case Blocked:
		return fmt.Sprintf("Blocked (%s): %s, but the join is refused; a new object will be created instead.",
			codeList(v.blocks), e.matchWords(i, v))
	}
	// New.
	if v.upnCandidate >= 0 {
		return fmt.Sprintf("New: no cloud object holds ImmutableId %s or primary SMTP %s, and UPN soft match is off, so the equal UPN %s of cloud user %s does not join.",
			orNone(n.anchor), orNone(n.primary), show(n.incoming), e.cloudLabel(v.upnCandidate))
	}
	if n.typ == Group && n.primaryKey == "" {
		o := &e.r.OnPrem[i]
		if !isSecurity(o.GroupCategory) {
			return fmt.Sprintf("New: group %s has no mail address and the export does not give its category; as a security group it syncs without mail and, with nothing to soft-match on, is created as a new cloud group (a distribution group without mail would be excluded).", label)
		}
		return fmt.Sprintf("New: security group %s has no mail address; groups join only by SMTP soft match (no hard match, no UPN match), so Entra creates a new cloud group.", label)
	}
	if n.typ != User {
		return fmt.Sprintf("New: no cloud %s holds the primary SMTP %s of %s.", n.typ, orNone(n.primary), label)
	}
	return fmt.Sprintf("New: no cloud user holds ImmutableId %s, primary SMTP %s or UPN %s.",
		orNone(n.anchor), orNone(n.primary), orNone(n.incoming))
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return show(v)
}

func codeList(codes []Code) string {
	s := make([]string, len(codes))
	for k, c := range codes {
		s[k] = string(c)
	}
	return joinWords(s)
}
