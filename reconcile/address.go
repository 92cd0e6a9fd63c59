package reconcile

import (
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// folder folds values for comparison. A cases.Caser keeps state between calls, so each
// goroutine that folds owns one folder.
type folder struct {
	caser cases.Caser
	// words remembers the name words of non-ASCII values (see unicodeTokens), and
	// wordBytes about how much memory they hold.
	words     map[string][]string
	wordBytes int
}

func newFolder() *folder { return &folder{caser: cases.Fold()} }

// fold trims, composes (NFC) and case-folds s. Almost every directory value is ASCII, and
// for ASCII NFC is the identity and case folding is lower-casing, so that path avoids the
// Unicode tables and, when s is already lower case, allocates nothing.
func (f *folder) fold(s string) string {
	s = strings.TrimSpace(s)
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return f.caser.String(norm.NFC.String(s))
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s
	}
	return strings.ToLower(s)
}

// Fold returns the form in which softmatch compares addresses, UPNs and names: trimmed,
// Unicode NFC, case-folded. Entra treats these values as unique regardless of case.
func Fold(s string) string {
	return newFolder().fold(s)
}

// ProxyAddress is one proxyAddresses value split into its type prefix and address.
type ProxyAddress struct {
	// Type is the prefix as spelled (SMTP, smtp, X500, SIP, ...).
	Type string
	// Value is the address after the prefix, trimmed.
	Value string
}

// IsSMTP reports whether the value is an SMTP address (primary or secondary).
func (p ProxyAddress) IsSMTP() bool { return strings.EqualFold(p.Type, "smtp") }

// IsPrimary reports whether the value is the primary SMTP address: only the upper-case
// prefix "SMTP:" means primary; every other spelling is a secondary address.
func (p ProxyAddress) IsPrimary() bool { return p.Type == "SMTP" }

// isLegacy reports the address types the proxy calculation drops outright.
func (p ProxyAddress) isLegacy() bool {
	return strings.EqualFold(p.Type, "x400") || strings.EqualFold(p.Type, "msmail")
}

// ParseProxyAddress splits a proxyAddresses value at its type prefix. It reports false for
// values the proxy calculation treats as malformed and drops: no prefix, nothing after
// the prefix, or white space inside the address.
func ParseProxyAddress(raw string) (ProxyAddress, bool) {
	s := strings.TrimSpace(raw)
	i := strings.IndexByte(s, ':')
	if i <= 0 || i == len(s)-1 {
		return ProxyAddress{}, false
	}
	p := ProxyAddress{Type: s[:i], Value: s[i+1:]}
	if !printableChars.allows(s) && strings.IndexFunc(s, isSpaceOrInvisible) >= 0 {
		return ProxyAddress{}, false
	}
	return p, true
}

// DomainOf returns the part of an address or UPN after the last "@", folded; "" when
// there is none.
func DomainOf(addr string) string {
	return domainOf(newFolder(), addr)
}

// domainOf is DomainOf with the caller's folder.
func domainOf(f *folder, addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 || i == len(addr)-1 {
		return ""
	}
	return f.fold(addr[i+1:])
}

// localPart returns the part before the last "@" ("" when there is no "@").
func localPart(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i <= 0 {
		return ""
	}
	return addr[:i]
}

// domainPart is DomainOf for a value that is already folded.
func domainPart(key string) string {
	i := strings.LastIndexByte(key, '@')
	if i < 0 {
		return ""
	}
	return key[i+1:]
}

// IsReservedDomain reports whether a folded domain belongs to Microsoft
// (*.onmicrosoft.com, *.microsoftonline.com): the proxy calculation drops on-premises
// addresses on these domains, and a tenant cannot verify them.
func IsReservedDomain(domain string) bool {
	return domain == "onmicrosoft.com" || strings.HasSuffix(domain, ".onmicrosoft.com") ||
		domain == "microsoftonline.com" || strings.HasSuffix(domain, ".microsoftonline.com")
}

// plausibleDomain keeps InferDomains from turning a damaged cell into a "verified" domain.
func plausibleDomain(d string) bool {
	if d == "" || !strings.Contains(d, ".") || d[0] == '.' || d[len(d)-1] == '.' {
		return false
	}
	for _, r := range d {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// InferDomains derives the tenant's domains from its cloud export when the user named none:
// every UPN and SMTP domain seen in the cloud except Microsoft's reserved ones and the
// addresses of guests and contacts, sorted, and
// the initial domain, the shortest *.onmicrosoft.com domain seen (alphabetically first among
// equals) that is not a *.mail.onmicrosoft.com routing domain.
func InferDomains(cloud []Cloud) (verified []string, initial string) {
	f := newFolder()
	seen := map[string]bool{}
	consider := func(addr string) {
		i := strings.LastIndexByte(addr, '@')
		if i < 0 {
			return
		}
		d := f.fold(addr[i+1:])
		if !plausibleDomain(d) {
			return
		}
		if strings.HasSuffix(d, ".onmicrosoft.com") {
			if !strings.HasSuffix(d, ".mail.onmicrosoft.com") &&
				(initial == "" || len(d) < len(initial) || len(d) == len(initial) && d < initial) {
				initial = d
			}
			return
		}
		if IsReservedDomain(d) || seen[d] {
			return
		}
		seen[d] = true
		verified = append(verified, d)
	}
	for i := range cloud {
		c := &cloud[i]
		consider(c.UserPrincipalName)
		// Guests and contacts carry other organisations' addresses (gmail.com, a partner's
		// domain): they say nothing about the tenant's own domains.
		if c.Type == Contact || strings.EqualFold(c.UserType, "Guest") || strings.Contains(strings.ToUpper(c.UserPrincipalName), "#EXT#") {
			continue
		}
		consider(c.Mail)
		for _, raw := range c.ProxyAddresses {
			if p, ok := ParseProxyAddress(raw); ok && p.IsSMTP() {
				consider(p.Value)
			}
		}
	}
	sort.Strings(verified)
	return verified, initial
}
