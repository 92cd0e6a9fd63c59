package exports

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/softmatch/softmatch/reconcile"
)

// joinHint is the Select-Object idiom that exports proxyAddresses as values.
const joinHint = "re-export with Select-Object ... @{n='proxyAddresses';e={$_.proxyAddresses -join ';'}} (for Exchange: @{n='EmailAddresses';e={$_.EmailAddresses -join ';'}})"

// byteArrayHint is the Select-Object idiom that exports mS-DS-ConsistencyGuid as base64.
const byteArrayHint = "re-export with Select-Object ... @{n='mS-DS-ConsistencyGuid';e={[Convert]::ToBase64String($_.'mS-DS-ConsistencyGuid')}}"

// isTypeName reports whether a cell holds a .NET type name instead of values: what
// Export-Csv writes for a collection property (ADPropertyValueCollection, System.String[],
// List`1[System.String], System.Object[], System.Byte[]).
func isTypeName(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "System.") && !strings.HasPrefix(s, "Microsoft.") {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '.', r == '`', r == '[', r == ']', r == ',', r == '_', r == '+':
		default:
			return false
		}
	}
	return true
}

// splitMulti splits a multi-valued cell: values joined with ";", "|" or line breaks, a
// Format-List copy "{SMTP:a, smtp:b}", or a JSON array from ConvertTo-Json. Empty values
// are dropped; order is kept.
func splitMulti(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		var arr []string
		if err := json.Unmarshal([]byte(s), &arr); err == nil {
			return compact(arr)
		}
	}
	comma := false
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s, comma = s[1:len(s)-1], true
	}
	return splitOn(s, comma)
}

// splitOn splits s at ";", "|", line breaks and, when comma is set, ",", and trims the
// values, dropping empty ones (nil when none is left). The separators are ASCII, so bytes
// are compared: a byte of a multi-byte character is never one of them. Every
// proxyAddresses cell of an export goes through here: one pass through a table of
// separators gathers the values on the stack, and the result is allocated once, at its
// size.
func splitOn(s string, comma bool) []string {
	sep := &separators[0]
	if comma {
		sep = &separators[1]
	}
	var buf [8]string
	vals := buf[:0]
	start := 0
	for i := 0; i < len(s); i++ {
		if !sep[s[i]] {
			continue
		}
		if v := strings.TrimSpace(s[start:i]); v != "" {
			vals = append(vals, v)
		}
		start = i + 1
	}
	if v := strings.TrimSpace(s[start:]); v != "" {
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return nil
	}
	out := make([]string, len(vals))
	copy(out, vals)
	return out
}

// separators marks the bytes splitOn splits at: [0] without the comma, [1] with it.
var separators = func() (t [2][256]bool) {
	for _, c := range ";|\n\r" {
		t[0][c], t[1][c] = true, true
	}
	t[1][','] = true
	return t
}()

// compact trims values and drops empty ones.
func compact(vs []string) []string {
	out := vs[:0]
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// stated returns the shared pointer for a stated true or false. Every record of a large
// export carries one or two such flags; a pointer per record would cost a million small
// allocations per million users, and nothing writes through them.
func stated(b bool) *bool {
	if b {
		return &statedTrue
	}
	return &statedFalse
}

var statedTrue, statedFalse = true, false

// parseBool reads the true/false spellings of the exports. Empty is nil (not stated).
func parseBool(s string) (*bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, nil
	case "true", "1", "yes", "$true":
		return stated(true), nil
	case "false", "0", "no", "$false":
		return stated(false), nil
	}
	return nil, fmt.Errorf("%q is not true or false", s)
}

// parseObjectGUID reads an objectGUID as a GUID string (braces optional), csvde's X'hex' or
// ldifde's decoded bytes (stored order), or base64 of the stored bytes.
func parseObjectGUID(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if isCanonicalGUID(s) {
		return s, nil
	}
	if b, ok, err := parseHexLiteral(s); ok {
		if err != nil {
			return "", err
		}
		return reconcile.GUIDFromBytes(b)
	}
	if g, err := reconcile.ParseGUID(s); err == nil {
		return g, nil
	}
	if len(s) == 24 {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == 16 {
			return reconcile.GUIDFromBytes(b)
		}
	}
	return "", fmt.Errorf("%q is not a GUID", s)
}

// parseHexLiteral reads csvde's X'0a1b...' binary notation. ok says whether s has that shape.
func parseHexLiteral(s string) (b []byte, ok bool, err error) {
	if len(s) < 3 || (s[0] != 'X' && s[0] != 'x') || s[1] != '\'' || s[len(s)-1] != '\'' {
		return nil, false, nil
	}
	b, err = hex.DecodeString(s[2 : len(s)-1])
	if err != nil {
		return nil, true, fmt.Errorf("%q is not hexadecimal", s)
	}
	return b, true, nil
}

// parseConsistencyGUID reads mS-DS-ConsistencyGuid as base64 of its 16 bytes, as X'hex'
// (stored order, no swapping), as a GUID string (converted to stored order), or as 16
// decimal byte values separated by spaces (an array joined without [Convert]).
func parseConsistencyGUID(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if b, ok, err := parseHexLiteral(s); ok {
		if err != nil {
			return nil, err
		}
		if len(b) != 16 {
			return nil, fmt.Errorf("%q holds %d bytes, not 16", s, len(b))
		}
		return b, nil
	}
	if len(s) == 24 {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == 16 {
			return b, nil
		}
	}
	if strings.ContainsRune(s, '-') {
		if b, err := reconcile.GUIDBytes(s); err == nil {
			return b, nil
		}
	}
	if parts := strings.Fields(s); len(parts) == 16 {
		b := make([]byte, 16)
		for i, p := range parts {
			v, err := strconv.ParseUint(p, 10, 8)
			if err != nil {
				return nil, fmt.Errorf("%q is neither base64 nor a GUID", s)
			}
			b[i] = byte(v)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%q is neither base64 of 16 bytes, X'hex' nor a GUID", s)
}

// asciiDamaged reports whether s holds a "?" standing where a letter was: the mark of
// Windows PowerShell 5.1's default ASCII encoding ("J?rgen", "m?ller@contoso.com").
func asciiDamaged(s string) bool {
	i := strings.IndexByte(s, '?')
	for i >= 0 {
		before := i > 0 && isLetter(s[i-1])
		after := i+1 < len(s) && isLetter(s[i+1])
		if before && after || before && i+1 < len(s) && s[i+1] == '@' || after && (i == 0 || s[i-1] == ' ' || s[i-1] == '.') {
			return true
		}
		j := strings.IndexByte(s[i+1:], '?')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// isLetter reports whether an ASCII byte is a letter.
func isLetter(c byte) bool { return c < 0x80 && unicode.IsLetter(rune(c)) }

// isCanonicalGUID reports whether s is already lower-case 8-4-4-4-12, the form every
// Get-ADUser and Graph export writes: the common case needs no parsing or allocation. Every
// object of both sides comes through here, so the hex digits are checked through a table,
// without a branch per byte (three times faster than a switch).
func isCanonicalGUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	ok := byte(1)
	for _, span := range [...][2]int{{0, 8}, {9, 13}, {14, 18}, {19, 23}, {24, 36}} {
		for _, c := range []byte(s[span[0]:span[1]]) {
			ok &= lowerHex[c]
		}
	}
	return ok == 1
}

// lowerHex is 1 for the lower-case hexadecimal digits, 0 for every other byte.
var lowerHex = func() (t [256]byte) {
	for _, c := range "0123456789abcdef" {
		t[c] = 1
	}
	return t
}()
