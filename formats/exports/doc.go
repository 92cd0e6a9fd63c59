// Package exports reads the files consultants bring: on-premises Active Directory exports
// (Get-ADUser under Windows PowerShell 5.1 or 7, csvde, ldifde LDIF), cloud exports
// (Get-MgUser, Get-MsolUser, the Entra admin center's "Download users", Get-EXOMailbox and
// its relatives), directory-role memberships and the tenant's domains.
//
// Real exports are messy, so every reader detects before it parses. The encoding comes
// from the BOM, the NUL pattern of BOM-less UTF-16, or invalid UTF-8 (then Windows-1252).
// A "#TYPE" first line is skipped and hints at the source. The delimiter is the most
// frequent of , ; tab | outside quotes in the header. Headers are matched
// case-insensitively through an alias table per source to canonical names, and records are
// bound to structs by gocsv through that canonical header; columns nobody uses are listed
// as ignored.
//
// Nothing in a file stops the read except a file that is not an export at all. A record
// that cannot be read (ragged, badly quoted, holding NUL or a field over MaxFieldBytes) is
// an error Issue naming file, line and column; a value read with a caveat (a .NET type name
// where proxyAddresses belong, "?" left by an ASCII export, a GUID that is not one) is an
// Issue too, reported once per file and column when it repeats. FileInfo.Records counts
// every record, so that records read plus records dropped always add up. Columns the
// predictor needs but the file lacks are listed in FileInfo.Missing, and
// FileInfo.Limitations says in plain words which predictions they disable.
//
// Files are streamed: one pass, hashed (SHA-256) as they are read, records kept in input
// order. A million-record file is parsed and bound in one goroutine and converted in
// another; a single cloud export is merged while it is converted.
package exports
