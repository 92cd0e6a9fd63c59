package reconcile

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// ParseGUID reads a GUID in any form the exports use: with or without braces or
// parentheses, any case, with or without dashes. It returns the canonical lower-case
// 8-4-4-4-12 form.
func ParseGUID(s string) (string, error) {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && (t[0] == '{' && t[len(t)-1] == '}' || t[0] == '(' && t[len(t)-1] == ')') {
		t = t[1 : len(t)-1]
	}
	t = strings.ReplaceAll(t, "-", "")
	if len(t) != 32 {
		return "", fmt.Errorf("%q is not a GUID: want 32 hexadecimal digits", s)
	}
	b, err := hex.DecodeString(t)
	if err != nil {
		return "", fmt.Errorf("%q is not a GUID: want 32 hexadecimal digits", s)
	}
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], nil
}

// GUIDBytes returns the GUID's bytes in .NET's Guid.ToByteArray order, which is how Active
// Directory stores objectGUID: the first 4-byte group and the next two 2-byte groups are
// little-endian, the last 8 bytes keep their order. It accepts what ParseGUID accepts.
func GUIDBytes(guid string) ([]byte, error) {
	var b [16]byte
	if !storedGUID(guid, &b) {
		return nil, fmt.Errorf("%q is not a GUID: want 32 hexadecimal digits", guid)
	}
	return b[:], nil
}

// storedGUID writes the bytes GUIDBytes returns into b and reports whether guid is one. It
// decodes in place and allocates nothing, since it runs once per on-premises object.
func storedGUID(guid string, b *[16]byte) bool {
	t := strings.TrimSpace(guid)
	if len(t) >= 2 && (t[0] == '{' && t[len(t)-1] == '}' || t[0] == '(' && t[len(t)-1] == ')') {
		t = t[1 : len(t)-1]
	}
	var be [16]byte
	n := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '-' {
			continue
		}
		v, ok := hexValue(c)
		if !ok || n == 32 {
			return false
		}
		be[n/2] |= v << (4 * (1 - n%2))
		n++
	}
	if n != 32 {
		return false
	}
	b[0], b[1], b[2], b[3] = be[3], be[2], be[1], be[0]
	b[4], b[5] = be[5], be[4]
	b[6], b[7] = be[7], be[6]
	copy(b[8:], be[8:])
	return true
}

func hexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// GUIDFromBytes is the inverse of GUIDBytes: 16 stored bytes to the canonical GUID string.
func GUIDFromBytes(b []byte) (string, error) {
	if len(b) != 16 {
		return "", fmt.Errorf("a GUID has 16 bytes, not %d", len(b))
	}
	be := []byte{b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]}
	be = append(be, b[8:]...)
	return ParseGUID(hex.EncodeToString(be))
}

// ImmutableIDFromGUID returns the ImmutableId Entra Connect derives from an objectGUID:
// base64 of the GUID's stored bytes. 35918bc9-196d-40ea-9779-889d79b753f0 gives
// yYuRNW0Z6kCXeYidebdT8A==.
func ImmutableIDFromGUID(guid string) (string, error) {
	var b [16]byte
	if !storedGUID(guid, &b) {
		return "", fmt.Errorf("%q is not a GUID: want 32 hexadecimal digits", guid)
	}
	// Sixteen bytes make 24 base64 characters: encoded on the stack, the ImmutableId is
	// the only allocation.
	var out [24]byte
	base64.StdEncoding.Encode(out[:], b[:])
	return string(out[:]), nil
}

// ImmutableIDFromBytes returns the ImmutableId for raw anchor bytes (mS-DS-ConsistencyGuid).
func ImmutableIDFromBytes(b []byte) string {
	return base64.StdEncoding.EncodeToString(b)
}

// SourceAnchor returns the ImmutableId the object will carry and the attribute it comes
// from: mS-DS-ConsistencyGuid when set (unless the setting says objectGUID), else objectGUID.
// It returns "" when the export holds neither.
func SourceAnchor(o *OnPrem, s *Settings) (anchor, attribute string) {
	if len(o.ConsistencyGUID) > 0 && s.SourceAnchor != "objectGUID" {
		return ImmutableIDFromBytes(o.ConsistencyGUID), "mS-DS-ConsistencyGuid"
	}
	if o.ObjectGUID != "" {
		if a, err := ImmutableIDFromGUID(o.ObjectGUID); err == nil {
			return a, "objectGUID"
		}
	}
	return "", ""
}
