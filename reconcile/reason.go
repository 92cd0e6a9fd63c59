package reconcile

// reason writes the one sentence that explains an entry's outcome with the values that
// decided it. The sentences are joined with + rather than fmt.Sprintf: one is written for
// every object, and a single concatenation allocates the sentence and nothing else, where
// Sprintf also boxes every argument.
func (e *engine) reason(i int) string {
	n := &e.op[i]
	v := &e.verdicts[i]
	switch v.outcome {
	case Excluded:
		return "Excluded: " + n.excluded + "; Entra Connect's default sync rules never export it."
	case HardMatch:
		return "Hard match: source anchor " + n.anchor + " (from " + n.anchorAttr() + ") equals the ImmutableId of cloud user " +
			e.cloudLabel(v.cloud) + "."
	case SMTPMatch:
		which := "the primary address"
		if v.secondaryOnly {
			which = "a secondary proxy address"
		}
		from := ""
		if n.primaryFromMail {
			from = " (taken from mail, as proxyAddresses has no SMTP: value)"
		}
		return "SMTP soft match: primary SMTP " + show(n.primary) + from + " equals " + which + " of cloud " +
			e.cloudKind(v.cloud) + " " + e.cloudLabel(v.cloud) + "."
	case UPNMatch:
		computed := ""
		if n.upnReplaced != "" {
			// Say where a UPN nobody typed comes from, or the match looks invented.
			computed = " (computed by Entra, as " + n.upnReplaced + ")"
		}
		return "UPN soft match: no cloud object holds primary SMTP " + orNone(n.primary) + ", and UPN " + show(n.incoming) +
			computed + " equals the UPN of cloud user " + e.cloudLabel(v.cloud) + "."
	case Blocked:
		return "Blocked (" + codeList(v.blocks.codes()) + "): " + e.matchWords(i, v) + ", but the join is refused; a new object will be created instead."
	}
	// New.
	if v.upnCandidate >= 0 {
		return "New: no cloud object holds ImmutableId " + orNone(n.anchor) + " or primary SMTP " + orNone(n.primary) +
			", and UPN soft match is off, so the equal UPN " + show(n.incoming) + " of cloud user " + e.cloudLabel(v.upnCandidate) +
			" does not join."
	}
	if n.typ == Group && n.primaryKey == "" {
		o := &e.r.OnPrem[i]
		if !isSecurity(o.GroupCategory) {
			return "New: group " + e.onPremLabel(i) + " has no mail address and the export does not give its category; as a security group it syncs without mail and, with nothing to soft-match on, is created as a new cloud group (a distribution group without mail would be excluded)."
		}
		return "New: security group " + e.onPremLabel(i) + " has no mail address; groups join only by SMTP soft match (no hard match, no UPN match), so Entra creates a new cloud group."
	}
	if n.typ != User {
		return "New: no cloud " + string(n.typ) + " holds the primary SMTP " + orNone(n.primary) + " of " + e.onPremLabel(i) + "."
	}
	return "New: no cloud user holds ImmutableId " + orNone(n.anchor) + ", primary SMTP " + orNone(n.primary) + " or UPN " +
		orNone(n.incoming) + "."
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
