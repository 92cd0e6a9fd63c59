package exports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/softmatch/softmatch/reconcile"
)

// roleRow is one directory-role membership: a member and a role.
type roleRow struct {
	MemberID  string `csv:"MemberId"`
	MemberUPN string `csv:"MemberUserPrincipalName"`
	Role      string `csv:"RoleName"`
}

// roleFields lists the fields of roleRow in struct order.
var roleFields = []string{"MemberId", "MemberUserPrincipalName", "RoleName"}

// scan checks every bound value.
func (r roleRow) scan() cellScan {
	return scanValues([]*string{&r.MemberID, &r.MemberUPN, &r.Role}, roleFields)
}

// roleAliases maps the headers of role-membership exports (scripts/Export-DirectoryRoles.ps1,
// hand-made joins of Get-MgDirectoryRole and Get-MgDirectoryRoleMember, the Entra admin
// center's role assignment download) to the three fields a membership needs.
var roleAliases = map[string]string{
	"memberid":                "MemberId",
	"userid":                  "MemberId",
	"principalid":             "MemberId",
	"objectid":                "MemberId",
	"id":                      "MemberId",
	"memberuserprincipalname": "MemberUserPrincipalName",
	"userprincipalname":       "MemberUserPrincipalName",
	"upn":                     "MemberUserPrincipalName",
	"principalname":           "MemberUserPrincipalName",
	"signinname":              "MemberUserPrincipalName",
	"rolename":                "RoleName",
	"roledisplayname":         "RoleName",
	"role":                    "RoleName",
	"directoryrole":           "RoleName",
	"roledefinitionname":      "RoleName",
}

// ReadRoles reads a directory-role membership export (any CSV with a user id or UPN column
// and a role name column) and returns the role names per key: the lower-cased object id and
// the lower-cased UPN are both keys. Role names keep input order, without repeats.
func ReadRoles(path string) (map[string][]string, FileInfo, []Issue, error) {
	o, err := openExport(path, Options{Format: FormatRoles}, Roles)
	if err != nil {
		return nil, FileInfo{File: path, Side: Roles}, nil, err
	}
	defer o.src.close()
	src := o.src
	cols, canon := mapColumns(o.h, roleAliases)
	src.info.Columns = cols
	has := fieldsOf(&src.info)
	if !has["RoleName"] || !has["MemberId"] && !has["MemberUserPrincipalName"] {
		return nil, src.info, nil, fmt.Errorf("%s: not a role membership export: it needs a role name column (RoleName) and a member id or UPN column (MemberId, MemberUserPrincipalName); found %s\nhint: export with scripts/Export-DirectoryRoles.ps1",
			path, abbreviate(o.h.raw, 6))
	}
	roles := map[string][]string{}
	var issues []Issue
	add := func(key, role string) {
		key = strings.ToLower(strings.TrimSpace(key))
		if key == "" || slices.Contains(roles[key], role) {
			return
		}
		roles[key] = append(roles[key], role)
	}
	err = readCSV(src, o.h, canon, roleRow{}, &issues, func(v any, line int, _ cellScan) {
		r := v.(roleRow)
		role := strings.TrimSpace(r.Role)
		if role == "" || strings.TrimSpace(r.MemberID) == "" && strings.TrimSpace(r.MemberUPN) == "" {
			issues = append(issues, Issue{File: path, Line: line, Severity: IssueWarning, Code: CodeBadRow,
				Message: "a role membership without a role name or a member; ignored"})
			return
		}
		id := strings.TrimSpace(r.MemberID)
		if g, err := reconcile.ParseGUID(id); err == nil {
			id = g
		}
		add(id, role)
		add(r.MemberUPN, role)
	}, nil)
	src.close()
	if err != nil {
		return nil, src.info, issues, fmt.Errorf("%s: cannot read: %v", path, err)
	}
	sortIssues(issues)
	return roles, src.info, issues, nil
}

// ApplyRoles sets Cloud.Roles and Cloud.PrivilegedRole from ReadRoles' map, looking each
// object up by object id and by UPN.
func ApplyRoles(cloud []reconcile.Cloud, roles map[string][]string) {
	for i := range cloud {
		c := &cloud[i]
		var got []string
		for _, key := range []string{strings.ToLower(strings.TrimSpace(c.ID)), strings.ToLower(strings.TrimSpace(c.UserPrincipalName))} {
			if key == "" {
				continue
			}
			for _, r := range roles[key] {
				if !slices.Contains(got, r) {
					got = append(got, r)
				}
			}
		}
		c.Roles = got
		c.PrivilegedRole = slices.ContainsFunc(got, reconcile.IsPrivilegedRole)
	}
}
