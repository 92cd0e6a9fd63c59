package exports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/softmatch/softmatch/reconcile"
)

// cloudRow is one cloud record bound by gocsv through the canonical header: each column
// binds to a cell, which stores the value in the string field after it (see cell).
type cloudRow struct {
	ColID            cell   `csv:"Id"`
	ID               string `csv:"-"`
	ColUPN           cell   `csv:"UserPrincipalName"`
	UPN              string `csv:"-"`
	ColDisplayName   cell   `csv:"DisplayName"`
	DisplayName      string `csv:"-"`
	ColGivenName     cell   `csv:"GivenName"`
	GivenName        string `csv:"-"`
	ColSurname       cell   `csv:"Surname"`
	Surname          string `csv:"-"`
	ColMail          cell   `csv:"Mail"`
	Mail             string `csv:"-"`
	ColMailNickname  cell   `csv:"MailNickname"`
	MailNickname     string `csv:"-"`
	ColProxy         cell   `csv:"ProxyAddresses"`
	Proxy            string `csv:"-"`
	ColImmutableID   cell   `csv:"ImmutableId"`
	ImmutableID      string `csv:"-"`
	ColSyncEnabled   cell   `csv:"OnPremisesSyncEnabled"`
	SyncEnabled      string `csv:"-"`
	ColLastDirSync   cell   `csv:"LastDirSyncTime"`
	LastDirSync      string `csv:"-"`
	ColEnabled       cell   `csv:"AccountEnabled"`
	Enabled          string `csv:"-"`
	ColBlockCred     cell   `csv:"BlockCredential"`
	BlockCred        string `csv:"-"`
	ColUserType      cell   `csv:"UserType"`
	UserType         string `csv:"-"`
	ColRecipientType cell   `csv:"RecipientTypeDetails"`
	RecipientType    string `csv:"-"`
	ColOnPremObject  cell   `csv:"OnPremisesObjectIdentifier"`
	OnPremObject     string `csv:"-"`
	ColMailEnabled   cell   `csv:"MailEnabled"`
	MailEnabled      string `csv:"-"`
	ColSecEnabled    cell   `csv:"SecurityEnabled"`
	SecEnabled       string `csv:"-"`
	ColGroupTypes    cell   `csv:"GroupTypes"`
	GroupTypes       string `csv:"-"`
}

// cloudFields lists the canonical cloud fields in struct order.
var cloudFields = []string{fID, fUPN, fDisplayName, fGivenName, fSurname, fMail, fMailNickname,
	fProxy, fImmutableID, fSyncEnabled, fLastDirSync, fAccountEnabled, fBlockCred, fUserType,
	fRecipientType, fOnPremObjectID, fMailEnabled, fSecEnabled, fGroupTypes}

// scan checks every bound value.
func (r *cloudRow) scan() cellScan {
	ps := r.pointers()
	return scanValues(ps[:], cloudFields)
}

// compact gives the bound values a string of their own.
func (r *cloudRow) compact(buf *[]byte) {
	ps := r.pointers()
	compactValues(ps[:], buf)
}

// cloudDamaged has a bit set for each field, in cloudFields order, where a "?" may stand
// for a lost letter: names and addresses.
var cloudDamaged = fieldMask(cloudFields, fUPN, fMail, fDisplayName, fGivenName, fSurname, fProxy)

// pointers returns every field in cloudFields order, for the checks and repairs that apply
// to all of them.
func (r *cloudRow) pointers() [19]*string {
	return [...]*string{&r.ID, &r.UPN, &r.DisplayName, &r.GivenName, &r.Surname, &r.Mail, &r.MailNickname,
		&r.Proxy, &r.ImmutableID, &r.SyncEnabled, &r.LastDirSync, &r.Enabled, &r.BlockCred, &r.UserType,
		&r.RecipientType, &r.OnPremObject, &r.MailEnabled, &r.SecEnabled, &r.GroupTypes}
}

// readCloudFile reads one cloud export into objects in input order.
func readCloudFile(path string, opt Options) ([]reconcile.Cloud, FileInfo, []Issue, error) {
	objs, info, issues, _, err := readCloudObjects(path, opt, false)
	return objs, info, issues, err
}

// readCloudObjects reads one cloud export. With merge set, the objects are merged as they
// are converted, as ReadCloud merges the objects of a single export, and the merger's
// issues come back apart from the file's: on a million users the merge then runs beside
// the parsing instead of after it, on one core.
func readCloudObjects(path string, opt Options, merge bool) ([]reconcile.Cloud, FileInfo, []Issue, []Issue, error) {
	o, err := openExport(path, opt, Cloud)
	if err != nil {
		return nil, FileInfo{File: path, Side: Cloud}, nil, nil, err
	}
	defer o.src.close()
	src := o.src
	proto, aliases, _ := rowFor(o.format)
	cols, canon := mapColumns(o.h, aliases)
	src.info.Columns = cols
	st := newFileState(path, cols, src.typeHint)
	// Without the column the engine lets mail stand for the primary SMTP address, as the
	// limitation missingCloud adds tells the user.
	noProxy := !fieldsOf(&src.info)[fProxy]
	var out []reconcile.Cloud
	// The merger starts once the record count is estimated, so that its maps are sized
	// once; the objects read until then are merged in place when it starts.
	var m *merger
	startMerger := func(n int) {
		m = newMerger(out, n)
		pending := out
		for i := range pending {
			// As in ReadCloud: the object is copied out before add may write over its slot.
			m.add(pending[i], false)
		}
		clear(pending[len(m.out):])
	}
	var readIssues []Issue
	err = readCSV(src, o.h, canon, proto, &readIssues, func(v any, line int, sc cellScan) {
		c := st.cloud(v.(*cloudRow), line, sc)
		c.NoProxyColumn = c.NoProxyColumn || noProxy
		if m != nil {
			m.add(c, false)
			return
		}
		out = appendGrowing(out, c, touchCloud)
	}, func(n int) {
		// Called once, on the record after which the count was estimated.
		out = reserve(out, n-len(out), touchCloud)
		if merge {
			startMerger(n)
		}
	})
	src.close()
	if err != nil {
		return nil, src.info, readIssues, nil, fmt.Errorf("%s: cannot read: %v\nhint: re-export with Export-Csv -NoTypeInformation -Encoding UTF8", path, err)
	}
	var mergeIssues []Issue
	if merge {
		if m == nil {
			startMerger(len(out))
		}
		out, mergeIssues = m.out, m.issues
	}
	missingCloud(&src.info)
	issues := append(st.finish(&src.info), readIssues...)
	sortIssues(issues)
	return out, src.info, issues, mergeIssues, nil
}

// touchCloud writes a field without pointers, for reserve.
func touchCloud(c *reconcile.Cloud) { c.Source.Line = 0 }

// cloud converts one bound record; sc is what scan found in it.
func (st *fileState) cloud(r *cloudRow, line int, sc cellScan) reconcile.Cloud {
	ps := r.pointers()
	sc = st.repairAll(line, ps[:], sc)
	c := reconcile.Cloud{
		Source:                     reconcile.Source{File: st.path, Line: line},
		UserPrincipalName:          r.UPN,
		Mail:                       r.Mail,
		MailNickname:               r.MailNickname,
		DisplayName:                r.DisplayName,
		GivenName:                  r.GivenName,
		Surname:                    r.Surname,
		ImmutableID:                strings.TrimSpace(r.ImmutableID),
		UserType:                   strings.TrimSpace(r.UserType),
		OnPremisesObjectIdentifier: strings.TrimSpace(r.OnPremObject),
	}
	st.checkDamage(line, ps[:], cloudDamaged, sc)
	if id := strings.TrimSpace(r.ID); isCanonicalGUID(id) {
		c.ID = id // as every Graph export writes it: no copy to make
	} else if id != "" {
		if g, err := reconcile.ParseGUID(id); err == nil {
			c.ID = g
		} else {
			c.ID = id
			st.warn(line, fID, CodeBadGUID, fmt.Sprintf("object id %q is not a GUID; kept as written", id), "")
		}
	}
	if isTypeName(r.Proxy) {
		st.typeName(line, fProxy, r.Proxy)
		c.NoProxyColumn = true // the addresses are lost: mail stands for the primary
	} else {
		c.ProxyAddresses = splitMulti(r.Proxy)
	}
	if isTypeName(r.ImmutableID) {
		c.ImmutableID = ""
		st.warn(line, fImmutableID, CodeBadAnchor, "ImmutableId holds a type name; treated as not set", "")
	}
	if s := st.boolean(line, fSyncEnabled, r.SyncEnabled); s != nil && *s {
		c.Synced = true
	}
	if strings.TrimSpace(r.LastDirSync) != "" {
		c.Synced = true
	}
	c.AccountEnabled = st.boolean(line, fAccountEnabled, r.Enabled)
	if c.AccountEnabled == nil {
		if b := st.boolean(line, fBlockCred, r.BlockCred); b != nil {
			c.AccountEnabled = stated(!*b)
		}
	}
	c.Type = cloudType(r, st.typeHint)
	return c
}

// cloudType tells groups and contacts from users: Exchange's RecipientTypeDetails, Graph's
// group columns, or the "#TYPE" hint.
func cloudType(r *cloudRow, typeHint string) reconcile.ObjectType {
	rt := strings.ToLower(strings.TrimSpace(r.RecipientType))
	switch {
	case strings.Contains(rt, "group"):
		return reconcile.Group
	case rt == "mailcontact" || rt == "contact":
		return reconcile.Contact
	case rt != "":
		return ""
	}
	if strings.TrimSpace(r.GroupTypes) != "" || strings.TrimSpace(r.SecEnabled) != "" {
		return reconcile.Group
	}
	t := strings.ToLower(typeHint)
	switch {
	case strings.Contains(t, "microsoftgraphgroup"), strings.Contains(t, "distributiongroup"):
		return reconcile.Group
	case strings.Contains(t, "microsoftgraphorgcontact"), strings.Contains(t, "mailcontact"):
		return reconcile.Contact
	}
	// Every Entra user has a UPN; a Graph object with addresses and no UPN is an
	// organisational contact (Get-MgContact).
	if strings.TrimSpace(r.UPN) == "" && strings.TrimSpace(r.ID) != "" &&
		(strings.TrimSpace(r.Mail) != "" || strings.TrimSpace(r.Proxy) != "") {
		return reconcile.Contact
	}
	return ""
}

// ReadCloud reads one or more cloud exports (Get-MgUser, Get-MsolUser, Entra admin center
// "Download users", Get-EXOMailbox/Get-Mailbox/Get-Recipient) and merges them into one view
// of the tenant: users plus mailboxes joined by object id (ExternalDirectoryObjectId), else
// UPN. A mailbox with no user, or one object described differently in two records, is an
// Issue. The first error (a file that cannot be read at all) stops the read.
func ReadCloud(paths []string, opt Options) ([]reconcile.Cloud, []FileInfo, []Issue, error) {
	if len(paths) == 1 {
		// One export: its objects are merged while it is read.
		objs, info, iss, mergeIss, err := readCloudObjects(paths[0], opt, true)
		if err != nil {
			return nil, []FileInfo{info}, iss, err
		}
		return objs, []FileInfo{info}, append(iss, mergeIss...), nil
	}
	var infos []FileInfo
	var issues []Issue
	var users, mailboxes [][]reconcile.Cloud
	total := 0
	for _, p := range paths {
		objs, info, iss, err := readCloudFile(p, opt)
		infos = append(infos, info)
		issues = append(issues, iss...)
		if err != nil {
			return nil, infos, issues, err
		}
		if info.Format == FormatMailbox {
			mailboxes = append(mailboxes, objs)
		} else {
			users = append(users, objs)
		}
		total += len(objs)
	}
	// Mailboxes join the users of the user exports, so they come after all of them; with
	// no user export they are the tenant's objects themselves, in the order given.
	mustJoin := len(users) > 0
	if !mustJoin {
		users, mailboxes = mailboxes, nil
	}
	all, firstMailbox := concatCloud(users, mailboxes, total)
	m := newMerger(all[:0], total)
	for i := range all {
		// The object is copied out before add may write over its slot: out never runs
		// ahead of the object being read.
		m.add(all[i], mustJoin && i >= firstMailbox)
	}
	// Objects merged into earlier ones leave stale copies past the end: let them go.
	clear(all[len(m.out):])
	issues = append(issues, m.issues...)
	return m.out, infos, issues, nil
}

// concatCloud lays the users and then the mailboxes out in one slice, without a copy when
// there is a single file (the common case: one Get-MgUser export of a million users would
// otherwise be held twice). It returns where the mailboxes start.
func concatCloud(users, mailboxes [][]reconcile.Cloud, total int) ([]reconcile.Cloud, int) {
	if len(users) == 1 && len(mailboxes) == 0 {
		return users[0], len(users[0])
	}
	all := make([]reconcile.Cloud, 0, total)
	for _, objs := range users {
		all = append(all, objs...)
	}
	first := len(all)
	for _, objs := range mailboxes {
		all = append(all, objs...)
	}
	return all, first
}

// merger joins records that describe the same cloud object.
type merger struct {
	out  []reconcile.Cloud
	byID map[string]int
	// byUPN is built only once an object without an id comes: until then every object
	// kept has an id, so a UPN cannot join two of them, and the UPNs are only logged (in
	// upnLog, in order) for the index to be built from when it is needed. A Graph export
	// of a million users, all with ids, so saves a million lookups in a map too large for
	// any cache.
	byUPN  map[string]int
	upnLog []upnAt
	size   int
	issues []Issue
}

// upnAt is a UPN that add would have recorded for object i.
type upnAt struct {
	upn string
	i   int
}

// newMerger starts a merger whose objects are laid out in out (its length is ignored), for
// about n objects: the maps are sized once rather than rehashed as they double.
func newMerger(out []reconcile.Cloud, n int) *merger {
	return &merger{out: out[:0], byID: make(map[string]int, n), upnLog: make([]upnAt, 0, n), size: n}
}

// indexUPNs builds byUPN from the UPNs logged so far, the first object of each UPN
// keeping it, as if it had been kept all along.
func (m *merger) indexUPNs() {
	if m.byUPN != nil {
		return
	}
	m.byUPN = make(map[string]int, m.size)
	for _, u := range m.upnLog {
		if _, ok := m.byUPN[u.upn]; !ok {
			m.byUPN[u.upn] = u.i
		}
	}
	m.upnLog = nil
}

// add merges obj into the object it describes, or appends it. mustJoin marks a mailbox read
// next to user exports: one that joins no user is reported.
func (m *merger) add(obj reconcile.Cloud, mustJoin bool) {
	id := strings.ToLower(obj.ID)
	upn := strings.ToLower(strings.TrimSpace(obj.UserPrincipalName))
	if id == "" {
		m.indexUPNs()
	}
	i, found := -1, false
	// Each lookup's answer is kept, so that the keys are not looked up again when they
	// are recorded below: four map operations per new object instead of six.
	idKnown, upnKnown, upnLooked := false, false, false
	if id != "" {
		i, found = m.byID[id]
		idKnown = found
	}
	if !found && upn != "" && m.byUPN != nil {
		j, ok := m.byUPN[upn]
		upnKnown, upnLooked = ok, true
		if ok && (id == "" || m.out[j].ID == "") {
			i, found = j, true
		}
	}
	if !found {
		if mustJoin {
			m.issues = append(m.issues, Issue{File: obj.Source.File, Line: obj.Source.Line, Severity: IssueWarning, Code: CodeMailboxWithoutUser,
				Message: fmt.Sprintf("mailbox %s joins no user of the user exports (by ExternalDirectoryObjectId or UPN); it is kept as a cloud object of its own",
					firstNonEmpty(obj.UserPrincipalName, obj.Mail, obj.ID)),
				Hint: "export users and mailboxes from the same tenant at the same time"})
		}
		m.out = appendGrowing(m.out, obj, touchCloud)
		i = len(m.out) - 1
	} else {
		m.merge(i, &obj)
	}
	if id != "" && !idKnown {
		m.byID[id] = i
	}
	if upn == "" {
		return
	}
	if m.byUPN == nil {
		m.upnLog = append(m.upnLog, upnAt{upn, i})
		return
	}
	if !upnLooked {
		_, upnKnown = m.byUPN[upn]
	}
	if !upnKnown {
		m.byUPN[upn] = i
	}
}

// merge fills empty values of object i from n and reports values that differ.
func (m *merger) merge(i int, n *reconcile.Cloud) {
	c := &m.out[i]
	var diffs []string
	str := func(name string, dst *string, v string, fold bool) {
		switch {
		case strings.TrimSpace(v) == "":
		case strings.TrimSpace(*dst) == "":
			*dst = v
		case fold && !strings.EqualFold(strings.TrimSpace(*dst), strings.TrimSpace(v)),
			!fold && strings.TrimSpace(*dst) != strings.TrimSpace(v):
			diffs = append(diffs, fmt.Sprintf("%s %q / %q", name, *dst, v))
		}
	}
	str("Id", &c.ID, n.ID, true)
	str("UserPrincipalName", &c.UserPrincipalName, n.UserPrincipalName, true)
	str("Mail", &c.Mail, n.Mail, true)
	str("MailNickname", &c.MailNickname, n.MailNickname, true)
	str("DisplayName", &c.DisplayName, n.DisplayName, false)
	str("GivenName", &c.GivenName, n.GivenName, false)
	str("Surname", &c.Surname, n.Surname, false)
	str("ImmutableId", &c.ImmutableID, n.ImmutableID, false)
	str("UserType", &c.UserType, n.UserType, true)
	str("OnPremisesObjectIdentifier", &c.OnPremisesObjectIdentifier, n.OnPremisesObjectIdentifier, true)
	switch {
	case len(n.ProxyAddresses) == 0:
	case len(c.ProxyAddresses) == 0:
		c.ProxyAddresses = n.ProxyAddresses
	case !sameAddresses(c.ProxyAddresses, n.ProxyAddresses):
		diffs = append(diffs, fmt.Sprintf("proxyAddresses %q / %q", strings.Join(c.ProxyAddresses, ";"), strings.Join(n.ProxyAddresses, ";")))
	}
	c.Synced = c.Synced || n.Synced
	// One export with the addresses (a mailbox export beside a portal download) is enough.
	c.NoProxyColumn = c.NoProxyColumn && n.NoProxyColumn
	if c.AccountEnabled == nil {
		c.AccountEnabled = n.AccountEnabled
	}
	if c.Type == "" {
		c.Type = n.Type
	}
	if len(diffs) > 0 {
		m.issues = append(m.issues, Issue{File: n.Source.File, Line: n.Source.Line, Severity: IssueWarning, Code: CodeConflictingValues,
			Message: fmt.Sprintf("describes the cloud object of %s:%d differently (%s); the first value is kept",
				c.Source.File, c.Source.Line, strings.Join(diffs, "; ")),
			Hint: "export every file from the same tenant at the same time"})
	}
}

// sameAddresses compares two address lists as sets, with the prefix case kept (it tells
// primary from secondary) and the address case ignored.
func sameAddresses(a, b []string) bool {
	norm := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			if j := strings.IndexByte(v, ':'); j >= 0 {
				out[i] = v[:j+1] + strings.ToLower(v[j+1:])
			} else {
				out[i] = strings.ToLower(v)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(norm(a), norm(b))
}

// firstNonEmpty returns the first non-empty value.
func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
