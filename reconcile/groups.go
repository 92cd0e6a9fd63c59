package reconcile

import (
	"fmt"
	"strings"
)

// duplicateGroups reports on-premises groups that will be created new while a cloud-only
// group of the same display name exists. Groups join only by SMTP soft match: a security
// group without mail never joins, and a distribution group joins only when a cloud group
// holds its primary address. Otherwise the first sync adds a second group of the same name,
// and members, permissions and mail are split between the two without any error.
//
// Names are compared folded and with runs of white space collapsed, so that "Sales  Team"
// and "sales team" meet. Only cloud groups nobody joins and that are not synced already
// count: a synced group is owned by another directory.
func (e *engine) duplicateGroups() {
	f := newFolder()
	byName := map[string][]int{}
	for c := range e.cl {
		if e.cl[c].typ != Group || e.joiner[c] >= 0 || e.r.Cloud[c].Synced {
			continue
		}
		if k := groupNameKey(f, e.r.Cloud[c].DisplayName); k != "" {
			byName[k] = append(byName[k], c)
		}
	}
	if len(byName) == 0 {
		return
	}
	for i := range e.op {
		if e.op[i].typ != Group || e.verdicts[i].outcome != New {
			continue
		}
		o := &e.r.OnPrem[i]
		name := firstNonEmpty(o.DisplayName, o.Name, o.SAMAccountName)
		same := byName[groupNameKey(f, name)]
		if len(same) == 0 {
			continue
		}
		why := fmt.Sprintf("no cloud group holds its primary SMTP %s", show(e.op[i].primary))
		if e.op[i].primaryKey == "" {
			why = "it has no mail address, and a group joins only by SMTP soft match"
		}
		e.addFinding(DuplicateGroup, []int{i}, append([]int(nil), same...), "displayName", name, fmt.Sprintf(
			"On-premises group %s (%s) will be created as a new cloud group because %s, while %s of the same name already exists in the cloud: after the first sync the tenant holds two groups of that name, and members, permissions and mail are split between them.",
			e.onPremLabel(i), show(name), why, e.cloudGroupWords(same)))
	}
}

// cloudGroupWords names cloud groups by display name and by what identifies them.
func (e *engine) cloudGroupWords(list []int) string {
	words := make([]string, len(list))
	for k, c := range list {
		words[k] = fmt.Sprintf("cloud group %s (%s)", show(e.r.Cloud[c].DisplayName), e.cloudLabel(c))
	}
	return joinWords(words)
}

// groupNameKey folds a group name and collapses its white space.
func groupNameKey(f *folder, name string) string {
	return strings.Join(strings.Fields(f.fold(name)), " ")
}
