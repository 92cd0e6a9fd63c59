package exports

import "github.com/softmatch/softmatch/reconcile"

// Inspect says what a file is without reconciling: detected side, format, encoding,
// delimiter, each column and the field it maps to (or ignored), record count and problems.
// It reads the whole file the way reconcile would.
func Inspect(path string, opt Options) (FileInfo, []Issue, error) {
	o, err := openExport(path, opt, "")
	if err != nil {
		return FileInfo{File: path}, nil, err
	}
	side, format := o.src.info.Side, o.src.info.Format
	o.src.close()
	forced := Options{Format: format}
	switch side {
	case OnPrem:
		recs, info, issues, err := ReadOnPrem(path, forced)
		info.Objects = map[string]int{}
		for i := range recs {
			info.Objects[kind(recs[i].Type)]++
		}
		return info, issues, err
	case Roles:
		_, info, issues, err := ReadRoles(path)
		return info, issues, err
	case Domains:
		_, _, info, issues, err := ReadDomains(path)
		return info, issues, err
	}
	recs, info, issues, err := readCloudFile(path, forced)
	info.Objects = map[string]int{}
	for i := range recs {
		info.Objects[kind(recs[i].Type)]++
	}
	return info, issues, err
}

// kind spells an object type, user when unset.
func kind(t reconcile.ObjectType) string {
	if t == "" {
		return string(reconcile.User)
	}
	return string(t)
}

// compile-time check that the readers keep the signatures the CLI calls.
var (
	_ func(string, Options) ([]reconcile.OnPrem, FileInfo, []Issue, error)    = ReadOnPrem
	_ func([]string, Options) ([]reconcile.Cloud, []FileInfo, []Issue, error) = ReadCloud
)
