package reconcile

// ObjectType is the kind of directory object: user, group or contact.
type ObjectType string

// The object kinds Entra Connect joins.
const (
	User    ObjectType = "user"
	Group   ObjectType = "group"
	Contact ObjectType = "contact"
)

// Source locates a record in its input file, so that every message can name file and line.
type Source struct {
	File string
	Line int
}

// OnPrem is one on-premises Active Directory object as exported. Values are kept as the
// export spelled them; normalization happens in the join.
type OnPrem struct {
	Source            Source
	Type              ObjectType // "" means user
	SAMAccountName    string
	DistinguishedName string
	Name              string // cn / Name
	DisplayName       string
	GivenName         string
	Surname           string
	// ObjectGUID is the canonical lower-case 8-4-4-4-12 form ("" when the export lacks it).
	ObjectGUID string
	// ConsistencyGUID holds the raw bytes of mS-DS-ConsistencyGuid (nil when unset).
	ConsistencyGUID   []byte
	UserPrincipalName string
	Mail              string
	MailNickname      string
	// ProxyAddresses are the raw values with their type prefixes (SMTP:, smtp:, X500:, ...).
	ProxyAddresses []string
	// Enabled is nil when the export does not say.
	Enabled                *bool
	IsCriticalSystemObject bool
	// GroupCategory is "Security" or "Distribution" for groups.
	GroupCategory string
}

// Cloud is one Microsoft Entra ID object (user, group or contact), merged from every
// cloud export that described it.
type Cloud struct {
	Source            Source
	Type              ObjectType // "" means user
	ID                string     // Entra object id
	UserPrincipalName string
	Mail              string
	MailNickname      string
	DisplayName       string
	GivenName         string
	Surname           string
	ProxyAddresses    []string
	ImmutableID       string
	// Synced is true when the object is owned by a sync already (onPremisesSyncEnabled true,
	// or MSOnline LastDirSyncTime set).
	Synced bool
	// AccountEnabled is nil when the export does not say.
	AccountEnabled *bool
	UserType       string
	// Roles lists directory role names held by the object (meaningful only with
	// Settings.RolesKnown).
	Roles []string
	// PrivilegedRole is true when one of Roles is a privileged role (blocks hard match from
	// 1 July 2026).
	PrivilegedRole bool
	// OnPremisesObjectIdentifier set also blocks hard match from 1 July 2026.
	OnPremisesObjectIdentifier string
	// NoProxyColumn is true when the export had no proxyAddresses column, so Mail stands for
	// the primary SMTP address: an empty ProxyAddresses then says nothing about a mailbox.
	NoProxyColumn bool
}

// Settings are the tenant facts and choices that change the rules.
type Settings struct {
	// UPNSoftMatch is the tenant feature SoftMatchOnUpnEnabled (on by default).
	UPNSoftMatch bool
	// BlockSoftMatch is BlockSoftMatchEnabled.
	BlockSoftMatch bool
	// BlockHardMatch is BlockCloudObjectTakeoverThroughHardMatchEnabled.
	BlockHardMatch bool
	// VerifiedDomains are the tenant's verified domains, lower case.
	VerifiedDomains         []string
	VerifiedDomainsInferred bool
	// InitialDomain is the tenant's <name>.onmicrosoft.com domain.
	InitialDomain         string
	InitialDomainInferred bool
	// RolesKnown is true when a directory-role export was given.
	RolesKnown bool
	// PrivilegedHardMatchBlock applies the rule in force from 1 July 2026: users holding
	// privileged roles cannot be hard-matched.
	PrivilegedHardMatchBlock bool
	// SourceAnchor is "mS-DS-ConsistencyGuid" (default: ConsistencyGuid when set, else
	// objectGUID) or "objectGUID" (ConsistencyGuid ignored).
	SourceAnchor string
	// Limitations lists predictions the inputs could not support (for example "no
	// proxyAddresses column in the cloud export: SMTP soft match predicted from mail only").
	Limitations []string
}

// Outcome is what the first sync does with one on-premises object.
type Outcome string

// The outcomes of contract.md.
const (
	HardMatch Outcome = "hard-match"
	SMTPMatch Outcome = "smtp-match"
	UPNMatch  Outcome = "upn-match"
	New       Outcome = "new"
	Blocked   Outcome = "blocked"
	Excluded  Outcome = "excluded"
)

// Outcomes lists every outcome in report order.
var Outcomes = []Outcome{HardMatch, SMTPMatch, UPNMatch, New, Blocked, Excluded}

// Severity says whether a finding blocks a clean join (conflict) or needs review (warning).
type Severity string

// The severities of contract.md.
const (
	Conflict Severity = "conflict"
	Warning  Severity = "warning"
)

// Code names a finding; the vocabulary is public (contract.md) and only grows.
type Code string

// The finding codes of contract.md.
const (
	OnPremDuplicateAddress Code = "onprem-duplicate-address"
	OnPremDuplicateUPN     Code = "onprem-duplicate-upn"
	CloudBound             Code = "cloud-bound"
	CloudAdmin             Code = "cloud-admin"
	Contested              Code = "contested"
	UPNTaken               Code = "upn-taken"
	AddressTaken           Code = "address-taken"
	CollisionOnCreate      Code = "collision-on-create"
	SoftMatchBlocked       Code = "soft-match-blocked"
	ObjectTypeMismatch     Code = "object-type-mismatch"
	HardMatchBlocked       Code = "hard-match-blocked"
	LikelySamePerson       Code = "likely-same-person"
	UPNChanges             Code = "upn-changes"
	PrimarySMTPChanges     Code = "primary-smtp-changes"
	SecondaryAddressMatch  Code = "secondary-address-match"
	UPNUnverifiedSuffix    Code = "upn-unverified-suffix"
	SMTPUnverifiedDomain   Code = "smtp-unverified-domain"
	InvalidValue           Code = "invalid-value"
	OnPremDisabled         Code = "onprem-disabled"
	// DuplicateGroup: an on-premises group will be created new while a cloud-only group of
	// the same display name exists, so the tenant ends up with two groups of one name.
	DuplicateGroup Code = "duplicate-group"
	// SecondaryAddressTaken: a secondary smtp: address of a syncing on-premises object is
	// held by a cloud object that keeps its addresses after the first sync; duplicate
	// attribute resiliency drops the alias from the synced object (domain.md 2.3).
	SecondaryAddressTaken Code = "secondary-address-taken"
)

// Codes lists every finding code in report order.
var Codes = []Code{
	OnPremDuplicateAddress, OnPremDuplicateUPN, CloudBound, CloudAdmin, Contested, UPNTaken,
	AddressTaken, CollisionOnCreate, SoftMatchBlocked, ObjectTypeMismatch, HardMatchBlocked,
	LikelySamePerson, UPNChanges, PrimarySMTPChanges, SecondaryAddressMatch, UPNUnverifiedSuffix,
	SMTPUnverifiedDomain, InvalidValue, OnPremDisabled, DuplicateGroup, SecondaryAddressTaken,
}

// Severity returns the fixed severity of a code.
func (c Code) Severity() Severity {
	switch c {
	case LikelySamePerson, UPNChanges, PrimarySMTPChanges, SecondaryAddressMatch,
		UPNUnverifiedSuffix, SMTPUnverifiedDomain, InvalidValue, OnPremDisabled, DuplicateGroup:
		return Warning
	}
	return Conflict
}

// Entry is the prediction for one on-premises object.
type Entry struct {
	// OnPrem indexes Result.OnPrem (and the input slice).
	OnPrem int
	// Anchor is the ImmutableId the object will carry: base64 of its source anchor.
	Anchor string
	// AnchorAttribute is "mS-DS-ConsistencyGuid" or "objectGUID".
	AnchorAttribute string
	// UPN is the userPrincipalName Entra will give the object.
	UPN string
	// PrimarySMTP is the incoming primary SMTP address after the proxy calculation.
	PrimarySMTP string
	Outcome     Outcome
	// Cloud indexes Result.Cloud: the joined object, or for blocked the candidate; -1 none.
	Cloud int
	// Reason is one sentence in the user's words naming the values that decided the outcome.
	Reason string
	// Findings lists the codes of the findings that involve this object, in Codes order.
	Findings []Code
}

// CloudOnly is a cloud object that no on-premises object joins.
type CloudOnly struct {
	Cloud    int
	Findings []Code
}

// Finding is one problem found, with the objects it involves on both sides.
type Finding struct {
	Code     Code
	Severity Severity
	OnPrem   []int // indexes into Result.OnPrem
	Cloud    []int // indexes into Result.Cloud
	// Attribute and Value name what collided or broke a rule, when there is one.
	Attribute string
	Value     string
	Detail    string
}

// Side says which directory a fix changes.
type Side string

// The two sides.
const (
	OnPremSide Side = "onprem"
	CloudSide  Side = "cloud"
)

// Action is what a fix does; the script writers turn each action into commands.
type Action string

// The fix actions.
const (
	// SetPrimarySMTP makes New the object's primary SMTP address (SMTP:), demoting Old
	// (the current primary) to a secondary smtp: address.
	SetPrimarySMTP Action = "set-primary-smtp"
	// SetUPN replaces the userPrincipalName Old with New.
	SetUPN Action = "set-upn"
	// SetConsistencyGUID writes New (a base64 ImmutableId) into mS-DS-ConsistencyGuid on-prem.
	SetConsistencyGUID Action = "set-consistency-guid"
	// SetImmutableID writes New (a base64 anchor) into the cloud user's onPremisesImmutableId.
	SetImmutableID Action = "set-immutable-id"
	// ClearImmutableID removes a stale onPremisesImmutableId (Old) from a cloud-only user.
	ClearImmutableID Action = "clear-immutable-id"
	// RemoveAddress removes the proxy address Old from the object; only once a human chose.
	RemoveAddress Action = "remove-address"
	// Manual is an instruction without a safe automatic change (Detail says what to do).
	Manual Action = "manual"
)

// Fix is one proposed change to one object.
type Fix struct {
	Side   Side
	Action Action
	// Object indexes Result.OnPrem (Side onprem) or Result.Cloud (Side cloud).
	Object    int
	Attribute string
	Old       string
	New       string
	// Reason is the finding code the fix resolves.
	Reason Code
	Detail string
	// Approved is false for fixes a human must choose first (RemoveAddress); the scripts
	// carry only approved fixes.
	Approved bool
	// Script and Line are filled by the script writer: where the change is carried out.
	Script string
	Line   int
}

// Result is the whole prediction.
type Result struct {
	Settings  Settings
	OnPrem    []OnPrem
	Cloud     []Cloud
	Entries   []Entry // one per OnPrem, same order
	CloudOnly []CloudOnly
	Findings  []Finding
	Fixes     []Fix
}
