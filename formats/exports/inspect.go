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
		_, info, issues, err := ReadOnPrem(path, forced)
		return info, issues, err
	case Roles:
		_, info, issues, err := ReadRoles(path)
		return info, issues, err
	case Domains:
		_, _, info, issues, err := ReadDomains(path)
		return info, issues, err
	}
	_, info, issues, err := readCloudFile(path, forced)
	return info, issues, err
}

// compile-time check that the readers keep the signatures the CLI calls.
var (
	_ func(string, Options) ([]reconcile.OnPrem, FileInfo, []Issue, error)    = ReadOnPrem
	_ func([]string, Options) ([]reconcile.Cloud, []FileInfo, []Issue, error) = ReadCloud
)
