package exports

import "sync/atomic"

// Side is the directory an export describes.
type Side string

// The sides an input file can belong to.
const (
	OnPrem  Side = "onprem"
	Cloud   Side = "cloud"
	Roles   Side = "roles"
	Domains Side = "domains"
)

// Format names of the sources softmatch reads (the values of --onprem-format and
// --cloud-format, and of "format" in the JSON report's inputs).
const (
	FormatGetADUser   = "get-aduser"
	FormatCSVDE       = "csvde"
	FormatLDIF        = "ldifde"
	FormatGetMsolUser = "get-msoluser"
	FormatGetMgUser   = "get-mguser"
	FormatEntraPortal = "entra-portal"
	FormatMailbox     = "exo-mailbox"
	FormatRoles       = "directory-roles"
	FormatDomains     = "get-mgdomain"
)

// Column is one column of an export and the field it maps to.
type Column struct {
	Index  int
	Header string // as spelled in the file
	// Field is the canonical field name the column feeds ("" when ignored).
	Field string
}

// FileInfo describes one input file: what it is and how it was read.
type FileInfo struct {
	File      string // the path as the user gave it
	Side      Side
	Format    string
	Encoding  string // utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252
	Delimiter string
	// Records counts the data records in the file (read plus rejected).
	Records int
	SHA256  string
	Columns []Column
	// Missing lists canonical fields the predictor uses that the file lacks.
	Missing []string
	// Limitations says, in plain words, which predictions the missing columns disable.
	Limitations []string
	// Objects counts the records read by object kind (user, group, contact); filled by
	// Inspect.
	Objects map[string]int
}

// Severity of an input issue: an error drops the record (it is listed here instead), a
// warning keeps it.
const (
	IssueError   = "error"
	IssueWarning = "warning"
)

// Issue is one problem with an input: a record that could not be read, or a value that was
// read with a caveat.
type Issue struct {
	File     string
	Line     int // 1-based physical line where the record starts; 0 for the whole file
	Column   int // 1-based field number; 0 when not about one field
	Severity string
	Code     string
	Message  string
	// Hint says how to fix the export.
	Hint string
}

// Options for reading.
type Options struct {
	// Format forces the input format (one of the Format* names); "" detects it from the
	// file's content.
	Format string
	// Read, when set, counts the bytes read from the file so far, for a progress line; it
	// may be shared by files read at the same time.
	Read *atomic.Int64
}

// Issue codes: the Code values of Issue. Consultants filter on them, so they only grow.
const (
	// CodeRaggedRow: a record has more or fewer fields than the header.
	CodeRaggedRow = "ragged-row"
	// CodeBadQuoting: a quote that encoding/csv cannot read (a bare or unclosed quote).
	CodeBadQuoting = "bad-quoting"
	// CodeNULByte: a field holds a NUL character, a sign of binary or mis-decoded data.
	CodeNULByte = "nul-byte"
	// CodeFieldTooLong: a field is longer than MaxFieldBytes.
	CodeFieldTooLong = "field-too-long"
	// CodeTypeName: a multi-valued property was exported as its .NET type name.
	CodeTypeName = "type-name-in-cell"
	// CodeBadGUID: an objectGUID or object id that is not a GUID.
	CodeBadGUID = "bad-guid"
	// CodeBadAnchor: an mS-DS-ConsistencyGuid or ImmutableId value that cannot be decoded.
	CodeBadAnchor = "bad-anchor"
	// CodeBadBoolean: a true/false column holding something else.
	CodeBadBoolean = "bad-boolean"
	// CodeASCIIDamage: "?" where a non-ASCII letter was (Windows PowerShell 5.1 default
	// encoding).
	CodeASCIIDamage = "ascii-damage"
	// CodeMailboxWithoutUser: a mailbox no user export describes.
	CodeMailboxWithoutUser = "mailbox-without-user"
	// CodeConflictingValues: one cloud object described differently by two records.
	CodeConflictingValues = "conflicting-values"
	// CodeMixedEncoding: bytes that are not UTF-8 in a file that starts as UTF-8.
	CodeMixedEncoding = "mixed-encoding"
	// CodeBadLDIF: an LDIF line that is not "attribute: value".
	CodeBadLDIF = "bad-ldif"
	// CodeBadRow: a roles or domains row without the values it needs.
	CodeBadRow = "bad-row"
)

// MaxFieldBytes is the longest field accepted. No directory attribute the predictor reads
// comes near it; a longer field is a broken export (an unclosed quote swallowing lines).
const MaxFieldBytes = 1 << 20
