package powershell

import (
	"strings"

	"github.com/softmatch/softmatch/reconcile"
)

// Change is one fix to carry out, independent of where it came from (a fresh reconcile or a
// reviewed workbook row). Side and Action take the values of reconcile.Side and
// reconcile.Action. ObjectID is the on-premises objectGUID or the cloud object id; Target is
// the sAMAccountName (a contact's distinguished name) or the cloud UPN (a cloud group's or
// contact's mail), used to find the object when ObjectID is empty. Old is the value the
// export captured (what the object must still hold), New the value to write; "" means the
// attribute is unset. ObjectType is a reconcile.ObjectType ("user", "group", "contact";
// "" means user): it picks the cmdlets, and the script refuses an object of another kind.
//
// OldProxies and OldMail are the object's whole proxyAddresses and mail as exported, and
// count only when Captured is set: the script then changes the object only while it still
// holds exactly those values, not merely the old primary address. A change read back from a
// reviewed workbook has no such capture; its rollback is exact all the same, because the
// script journals every value it reads before changing it.
type Change struct {
	Side, Action, ObjectID, Target, Attribute, Old, New, Reason string
	ObjectType                                                  string
	OldProxies                                                  []string
	OldMail                                                     string
	Captured                                                    bool
}

// Location is where a change is carried out: the script's file name and the 1-based line of
// its entry in the table of changes. Script is "" for a change no script carries.
type Location struct {
	Script string
	Line   int
}

// ChangesFromResult turns the approved, non-manual fixes of r into Changes, in fix order, and
// returns beside them the index in r.Fixes of each one. Fixes whose object index is out of
// range are left out: they cannot name an object.
func ChangesFromResult(r *reconcile.Result) ([]Change, []int) {
	if r == nil {
		return nil, nil
	}
	var changes []Change
	var index []int
	for i, f := range r.Fixes {
		if !f.Approved || f.Action == reconcile.Manual {
			continue
		}
		c := Change{
			Side:      string(f.Side),
			Action:    string(f.Action),
			Attribute: f.Attribute,
			Old:       f.Old,
			New:       f.New,
			Reason:    string(f.Reason),
		}
		switch f.Side {
		case reconcile.OnPremSide:
			if f.Object < 0 || f.Object >= len(r.OnPrem) {
				continue
			}
			o := &r.OnPrem[f.Object]
			c.ObjectID, c.Target, c.ObjectType = o.ObjectGUID, o.SAMAccountName, kindOf(o.Type)
			if o.Type == reconcile.Contact {
				// A contact has no sAMAccountName: its distinguished name identifies it.
				c.Target = o.DistinguishedName
			}
			if f.Action == reconcile.SetPrimarySMTP {
				// The change rewrites both attributes: the script checks the whole of them.
				c.OldProxies = append([]string{}, o.ProxyAddresses...)
				c.OldMail, c.Captured = o.Mail, true
			}
		case reconcile.CloudSide:
			if f.Object < 0 || f.Object >= len(r.Cloud) {
				continue
			}
			o := &r.Cloud[f.Object]
			c.ObjectID, c.Target, c.ObjectType = o.ID, o.UserPrincipalName, kindOf(o.Type)
			if c.ObjectType != string(reconcile.User) {
				// Groups and contacts have no UPN: name them by mail, else by display name.
				c.Target = o.Mail
				if strings.TrimSpace(c.Target) == "" {
					c.Target = o.DisplayName
				}
			}
		default:
			continue
		}
		changes = append(changes, c)
		index = append(index, i)
	}
	return changes, index
}

// kindOf spells an object type as the scripts' tables do: "" is a user.
func kindOf(t reconcile.ObjectType) string {
	if t == "" {
		return string(reconcile.User)
	}
	return string(t)
}

// entry is a change as a script's table holds it, after the checks and normalisation that
// decide whether a script can carry it.
type entry struct {
	n                                       int
	typ                                     string
	action, id, target, attribute, old, new string
	reason                                  string
	// captured says oldProxies and oldMail hold the object's whole exported addresses.
	captured   bool
	oldProxies []string
	oldMail    string
}

// exchange reports an entry for a cloud group or contact: Exchange Online owns its addresses.
func (e entry) exchange() bool { return e.typ != string(reconcile.User) }

// The actions each script carries, by object type. Groups and contacts have no UPN and no
// hard match, so only their addresses are changed. Cloud proxy addresses and the cloud
// primary SMTP address of users belong to Exchange Online mailboxes and cannot be set
// through Microsoft Graph, so those fixes stay manual; a cloud group's or contact's
// addresses are changed with Set-DistributionGroup or Set-MailContact.
var (
	onPremActions = map[string]map[string]bool{
		string(reconcile.User): {
			string(reconcile.SetPrimarySMTP):     true,
			string(reconcile.SetUPN):             true,
			string(reconcile.SetConsistencyGUID): true,
			string(reconcile.RemoveAddress):      true,
		},
		string(reconcile.Group):   {string(reconcile.SetPrimarySMTP): true, string(reconcile.RemoveAddress): true},
		string(reconcile.Contact): {string(reconcile.SetPrimarySMTP): true, string(reconcile.RemoveAddress): true},
	}
	cloudActions = map[string]map[string]bool{
		string(reconcile.User): {
			string(reconcile.SetImmutableID):   true,
			string(reconcile.ClearImmutableID): true,
			string(reconcile.SetUPN):           true,
		},
		string(reconcile.Group):   {string(reconcile.RemoveAddress): true},
		string(reconcile.Contact): {string(reconcile.RemoveAddress): true},
	}
)

// toEntry checks that c can be carried by a script and returns its table entry. A change is
// refused when its side and action have no scripted form, when it names no object, when a
// value could not be written faithfully (Scriptable), or when it would change nothing.
func toEntry(c Change) (entry, bool) {
	for _, v := range append([]string{c.Side, c.Action, c.ObjectID, c.Target, c.Attribute, c.Old, c.New, c.Reason, c.ObjectType, c.OldMail}, c.OldProxies...) {
		if !Scriptable(v) {
			return entry{}, false
		}
	}
	typ := kindOf(reconcile.ObjectType(c.ObjectType))
	switch c.Side {
	case string(reconcile.OnPremSide):
		if !onPremActions[typ][c.Action] {
			return entry{}, false
		}
	case string(reconcile.CloudSide):
		if !cloudActions[typ][c.Action] {
			return entry{}, false
		}
	default:
		return entry{}, false
	}
	id := c.ObjectID
	if strings.TrimSpace(id) == "" {
		id = c.Target
	}
	if strings.TrimSpace(id) == "" {
		return entry{}, false
	}
	if c.Side == string(reconcile.CloudSide) && typ != string(reconcile.User) {
		// Exchange Online is searched by the Entra object id: only a GUID can name exactly
		// one recipient, and the script puts it in a filter.
		g, err := reconcile.ParseGUID(c.ObjectID)
		if err != nil {
			return entry{}, false
		}
		id = g
	}
	e := entry{typ: typ, action: c.Action, id: id, target: c.Target, attribute: c.Attribute, old: c.Old, new: c.New, reason: c.Reason}
	switch reconcile.Action(c.Action) {
	case reconcile.SetPrimarySMTP:
		// Both values are bare addresses; a type prefix the caller left on is dropped.
		e.old, e.new = stripSMTP(e.old), stripSMTP(e.new)
		if e.new == "" {
			return entry{}, false
		}
		if c.Captured && c.Side == string(reconcile.OnPremSide) {
			e.captured, e.oldMail = true, c.OldMail
			// Empty values are not addresses: Active Directory holds none, and the script
			// compares what the object holds without them.
			for _, p := range c.OldProxies {
				if p != "" {
					e.oldProxies = append(e.oldProxies, p)
				}
			}
		}
	case reconcile.RemoveAddress:
		// The address removed carries its type prefix, since SMTP: and smtp: differ.
		if e.old == "" {
			return entry{}, false
		}
		if !strings.Contains(e.old, ":") {
			e.old = "smtp:" + e.old
		}
		e.new = ""
	case reconcile.ClearImmutableID:
		e.new = ""
		if e.old == "" {
			return entry{}, false
		}
	case reconcile.SetUPN, reconcile.SetConsistencyGUID, reconcile.SetImmutableID:
		if e.new == "" {
			return entry{}, false
		}
	}
	if e.old == e.new {
		return entry{}, false
	}
	return e, true
}

// stripSMTP removes an smtp: type prefix in any case.
func stripSMTP(s string) string {
	if len(s) >= 5 && strings.EqualFold(s[:5], "smtp:") {
		return s[5:]
	}
	return s
}
