package exports

import (
	"strings"
)

// Canonical field names: what a column feeds once its header has been mapped. They are the
// gocsv tags of the row structs and the Field of a Column.
const (
	fSAM            = "SamAccountName"
	fDN             = "DistinguishedName"
	fName           = "Name"
	fDisplayName    = "DisplayName"
	fGivenName      = "GivenName"
	fSurname        = "Surname"
	fObjectGUID     = "ObjectGUID"
	fConsistency    = "mS-DS-ConsistencyGuid"
	fUPN            = "UserPrincipalName"
	fMail           = "Mail"
	fMailNickname   = "MailNickname"
	fProxy          = "ProxyAddresses"
	fEnabled        = "Enabled"
	fUAC            = "UserAccountControl"
	fCritical       = "IsCriticalSystemObject"
	fObjectClass    = "ObjectClass"
	fGroupCategory  = "GroupCategory"
	fGroupType      = "GroupType"
	fID             = "Id"
	fImmutableID    = "ImmutableId"
	fSyncEnabled    = "OnPremisesSyncEnabled"
	fLastDirSync    = "LastDirSyncTime"
	fAccountEnabled = "AccountEnabled"
	fBlockCred      = "BlockCredential"
	fUserType       = "UserType"
	fRecipientType  = "RecipientTypeDetails"
	fOnPremObjectID = "OnPremisesObjectIdentifier"
	fMailEnabled    = "MailEnabled"
	fSecEnabled     = "SecurityEnabled"
	fGroupTypes     = "GroupTypes"
)

// onPremAliases maps lower-cased headers of Get-ADUser, csvde and ldifde exports (LDAP and
// PowerShell spellings) to canonical fields.
var onPremAliases = map[string]string{
	"samaccountname":         fSAM,
	"distinguishedname":      fDN,
	"dn":                     fDN,
	"name":                   fName,
	"cn":                     fName,
	"displayname":            fDisplayName,
	"givenname":              fGivenName,
	"surname":                fSurname,
	"sn":                     fSurname,
	"objectguid":             fObjectGUID,
	"ms-ds-consistencyguid":  fConsistency,
	"msds-consistencyguid":   fConsistency,
	"consistencyguid":        fConsistency,
	"userprincipalname":      fUPN,
	"upn":                    fUPN,
	"mail":                   fMail,
	"emailaddress":           fMail,
	"mailnickname":           fMailNickname,
	"proxyaddresses":         fProxy,
	"enabled":                fEnabled,
	"useraccountcontrol":     fUAC,
	"iscriticalsystemobject": fCritical,
	"objectclass":            fObjectClass,
	"groupcategory":          fGroupCategory,
	"grouptype":              fGroupType,
}

// cloudAliases maps lower-cased headers of the user exports (Graph, MSOnline, Entra admin
// center in both of its header sets) to canonical fields.
var cloudAliases = map[string]string{
	"id":                         fID,
	"objectid":                   fID,
	"object id":                  fID,
	"userprincipalname":          fUPN,
	"user principal name":        fUPN,
	"displayname":                fDisplayName,
	"display name":               fDisplayName,
	"givenname":                  fGivenName,
	"firstname":                  fGivenName,
	"first name":                 fGivenName,
	"surname":                    fSurname,
	"lastname":                   fSurname,
	"last name":                  fSurname,
	"mail":                       fMail,
	"mailnickname":               fMailNickname,
	"proxyaddresses":             fProxy,
	"onpremisesimmutableid":      fImmutableID,
	"immutableid":                fImmutableID,
	"onpremisessyncenabled":      fSyncEnabled,
	"dirsyncenabled":             fSyncEnabled,
	"directorysynced":            fSyncEnabled,
	"lastdirsynctime":            fLastDirSync,
	"onpremiseslastsyncdatetime": fLastDirSync,
	"accountenabled":             fAccountEnabled,
	"blockcredential":            fBlockCred,
	"usertype":                   fUserType,
	"onpremisesobjectidentifier": fOnPremObjectID,
	"mailenabled":                fMailEnabled,
	"securityenabled":            fSecEnabled,
	"grouptypes":                 fGroupTypes,
}

// mailboxAliases maps Exchange Online recipient exports (Get-EXOMailbox, Get-Mailbox,
// Get-Recipient, Get-DistributionGroup, Get-MailContact). Their "Id" and "Identity" columns
// name the recipient, not the Entra object: the object id is ExternalDirectoryObjectId.
var mailboxAliases = map[string]string{
	"externaldirectoryobjectid": fID,
	"userprincipalname":         fUPN,
	"displayname":               fDisplayName,
	"firstname":                 fGivenName,
	"lastname":                  fSurname,
	"primarysmtpaddress":        fMail,
	"alias":                     fMailNickname,
	"emailaddresses":            fProxy,
	"recipienttypedetails":      fRecipientType,
	"isdirsynced":               fSyncEnabled,
}

// aliasesFor returns the alias table of a format.
func aliasesFor(format string) map[string]string {
	switch format {
	case FormatGetADUser, FormatCSVDE, FormatLDIF:
		return onPremAliases
	case FormatMailbox:
		return mailboxAliases
	}
	return cloudAliases
}

// rowFor returns the row type a CSV format binds to, for gocsv, and the alias table that
// maps its headers; ok is false for the formats without records of users, groups or
// contacts (roles, domains).
func rowFor(format string) (proto any, aliases map[string]string, ok bool) {
	switch sideOf(format) {
	case OnPrem:
		return &onPremRow{}, aliasesFor(format), true
	case Cloud:
		return &cloudRow{}, aliasesFor(format), true
	}
	return nil, nil, false
}

// sideOf returns the side a format belongs to.
func sideOf(format string) Side {
	switch format {
	case FormatGetADUser, FormatCSVDE, FormatLDIF:
		return OnPrem
	case FormatRoles:
		return Roles
	case FormatDomains:
		return Domains
	}
	return Cloud
}

// knownFormats lists the values Options.Format accepts.
var knownFormats = []string{FormatGetADUser, FormatCSVDE, FormatLDIF, FormatGetMsolUser,
	FormatGetMgUser, FormatEntraPortal, FormatMailbox, FormatRoles, FormatDomains}

// cleanHeader trims a header cell to the form the alias tables hold: no BOM, no invisible
// characters, no surrounding spaces or quotes, lower case.
func cleanHeader(h string) string {
	h = strings.Map(func(r rune) rune {
		switch r {
		case '\uFEFF', '\u200B', '\u200C', '\u200D', '\u00A0':
			return -1
		}
		return r
	}, h)
	h = strings.TrimSpace(h)
	h = strings.Trim(h, "\"'")
	return strings.ToLower(strings.TrimSpace(h))
}

// detectFormat names the source of a file from its cleaned headers and the "#TYPE" hint.
// It returns "" when nothing fits.
func detectFormat(headers []string, typeHint string) string {
	has := make(map[string]bool, len(headers))
	for _, h := range headers {
		has[h] = true
	}
	t := strings.ToLower(typeHint)
	t = strings.TrimPrefix(t, "deserialized.")
	switch {
	case strings.HasPrefix(t, "microsoft.activedirectory.management."):
		return FormatGetADUser
	case strings.HasPrefix(t, "microsoft.online.administration."):
		return FormatGetMsolUser
	case strings.HasPrefix(t, "microsoft.graph.powershell.models.microsoftgraphuser"):
		return FormatGetMgUser
	case strings.HasPrefix(t, "microsoft.exchange."):
		return FormatMailbox
	}
	hasAny := func(names ...string) bool {
		for _, n := range names {
			if has[n] {
				return true
			}
		}
		return false
	}
	switch {
	case has["dn"] && hasAny("objectclass", "samaccountname", "userprincipalname", "objectguid"):
		return FormatCSVDE
	case hasAny("objectguid", "samaccountname", "distinguishedname", "ms-ds-consistencyguid", "msds-consistencyguid"):
		return FormatGetADUser
	case hasAny("externaldirectoryobjectid", "emailaddresses", "recipienttypedetails", "primarysmtpaddress"):
		return FormatMailbox
	case hasAny("onpremisesimmutableid", "onpremisessyncenabled", "onpremiseslastsyncdatetime"):
		return FormatGetMgUser
	case has["objectid"] && hasAny("immutableid", "lastdirsynctime", "blockcredential", "islicensed", "proxyaddresses"):
		return FormatGetMsolUser
	case hasAny("physicaldeliveryofficename", "officelocation", "creationtype", "directorysynced", "agegroup", "identityissuer", "invitationstate") &&
		hasAny("userprincipalname", "user principal name"):
		return FormatEntraPortal
	case hasAny("isverified", "isinitial") && hasAny("id", "name"):
		return FormatDomains
	case hasAny("rolename", "roledisplayname", "role", "directoryrole") &&
		hasAny("memberid", "userid", "principalid", "memberuserprincipalname", "userprincipalname", "upn", "id", "objectid"):
		return FormatRoles
	case has["id"] && hasAny("userprincipalname", "grouptypes", "securityenabled", "mailenabled"):
		// Get-MgUser with few properties, or Get-MgGroup: both Graph objects keyed by Id.
		return FormatGetMgUser
	case has["objectid"] && has["userprincipalname"]:
		return FormatGetMsolUser
	case has["id"] && hasAny("proxyaddresses", "mail") && !has["userprincipalname"]:
		// Get-MgContact: Graph organisational contacts have an Id and addresses but no UPN.
		return FormatGetMgUser
	}
	return ""
}

// Formats returns the names Options.Format accepts, in a fixed order.
func Formats() []string {
	return append([]string(nil), knownFormats...)
}
