package reconcile

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Evidence weights for likely-same-person (issue #4). An identical local part on another
// domain (anna.berg@contoso.com and anna.berg@contoso.onmicrosoft.com) is the strongest
// sign; a name alone is weaker because namesakes exist.
const (
	weightSameLocal = 40
	weightName      = 35
	weightPattern   = 30
	weightNickname  = 25
	// highConfidence is the score from which a pair is called high confidence. Even then its
	// fixes wait for a human: a shared name and local part also fit two namesakes.
	highConfidence = 70
	// maxBucket skips keys shared by more cloud users than this: "john.smith" in a large
	// tenant says nothing, and skipping keeps the lookup linear.
	maxBucket = 16
)

// The evidence kinds, as bits so that each kind counts once per pair.
const (
	evSameLocal uint8 = 1 << iota
	evName
	evPattern
	evNickname
)

var evidenceWeight = map[uint8]int{evSameLocal: weightSameLocal, evName: weightName, evPattern: weightPattern, evNickname: weightNickname}

// likelyMatch is the cloud-only user an unjoined on-premises user most resembles.
type likelyMatch struct {
	cloud    int
	score    int
	evidence uint8
}

// letterFolds spells letters that carry no combining mark in NFD but that people
// routinely write without the stroke or ligature.
var letterFolds = map[rune]string{
	'ł': "l", 'đ': "d", 'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ı': "i", 'þ': "th", 'ð': "d", 'ŀ': "l",
}

// plainTokens folds case and diacritics and splits a name into words: "Nguyễn  Văn-An"
// gives [nguyen van an]. Scripts without case or marks (田中) pass through.
func plainTokens(f *folder, s string) []string {
	var b strings.Builder
	for _, r := range norm.NFD.String(f.fold(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case letterFolds[r] != "":
			b.WriteString(letterFolds[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// plainLocal folds a local part the same way but keeps its separators, so that first.last
// and firstlast stay different patterns.
func plainLocal(f *folder, addr string) string {
	lp := localPart(strings.TrimSpace(addr))
	if lp == "" {
		return ""
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(f.fold(lp)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case letterFolds[r] != "":
			b.WriteString(letterFolds[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personKeys are the comparable traits of one person.
type personKeys struct {
	names    []string // sorted word lists of given+surname and of displayName
	locals   []string // local parts of the person's addresses
	patterns []string // local parts derived from the names: first.last, flast, firstl, ...
	nickname string
	words    []string // every name word, for telling a namesake from a stranger
}

func makePersonKeys(f *folder, given, surname, display, nickname string, addrs []string) personKeys {
	var k personKeys
	g, s := plainTokens(f, given), plainTokens(f, surname)
	if len(g) > 0 && len(s) > 0 {
		k.names = append(k.names, sortedWords(append(append([]string(nil), g...), s...)))
		first, last := strings.Join(g, ""), strings.Join(s, "")
		fr, lr := []rune(first), []rune(last)
		k.patterns = append(k.patterns,
			first+"."+last, last+"."+first, first+last, string(fr[0])+last, first+string(lr[0]),
			first+"_"+last, first+"-"+last, string(fr[0])+"."+last)
	}
	k.words = append(append(k.words, g...), s...)
	d := plainTokens(f, display)
	if len(d) > 1 {
		k.names = append(k.names, sortedWords(d))
	}
	k.words = append(k.words, d...)
	seen := map[string]bool{}
	for _, a := range addrs {
		if lp := plainLocal(f, a); lp != "" && !seen[lp] {
			seen[lp] = true
			k.locals = append(k.locals, lp)
		}
	}
	if nick := plainTokens(f, nickname); len(nick) > 0 {
		k.nickname = strings.Join(nick, "")
	}
	return k
}

func sortedWords(w []string) string {
	sort.Strings(w)
	return strings.Join(w, " ")
}

// likelySamePerson pairs on-premises users that will be created new with cloud-only users
// that look like the same person. It indexes the cloud side by name and local-part keys,
// so each on-premises user costs a few map lookups. Pairs are one-to-one: a best candidate
// shared by two equally good rivals on either side is no candidate.
func (e *engine) likelySamePerson() {
	e.likelyPair = map[int]likelyMatch{}
	// Keys are computed on every processor; buckets are filled in input order.
	var cloudOnly []int
	for c := range e.cl {
		if e.joiner[c] < 0 && e.cl[c].typ == User && !e.r.Cloud[c].Synced {
			cloudOnly = append(cloudOnly, c)
		}
	}
	cloudKeys := make([]personKeys, len(cloudOnly))
	// cloudWords holds each cloud-only user's name words, by cloud index.
	cloudWords := make([][]string, len(e.cl))
	parallel(len(cloudOnly), func(f *folder, from, to int) {
		for j := from; j < to; j++ {
			c := cloudOnly[j]
			cl := &e.r.Cloud[c]
			addrs := []string{cl.UserPrincipalName, cl.Mail}
			for _, a := range e.cl[c].smtp {
				addrs = append(addrs, a.value)
			}
			cloudKeys[j] = makePersonKeys(f, cl.GivenName, cl.Surname, cl.DisplayName, cl.MailNickname, addrs)
		}
	})
	buckets := map[string][]int{}
	put := func(key string, c int) {
		if b := buckets[key]; len(b) <= maxBucket && (len(b) == 0 || b[len(b)-1] != c) {
			buckets[key] = append(b, c)
		}
	}
	for j, c := range cloudOnly {
		k := &cloudKeys[j]
		cloudWords[c] = k.words
		for _, n := range k.names {
			put("n:"+n, c)
		}
		for _, l := range k.locals {
			put("a:"+l, c)
		}
		for _, p := range k.patterns {
			put("p:"+p, c)
		}
		if k.nickname != "" {
			put("m:"+k.nickname, c)
		}
	}
	if len(buckets) == 0 {
		return
	}
	var unjoined []int
	for i := range e.op {
		if e.verdicts[i].outcome == New && e.op[i].typ == User {
			unjoined = append(unjoined, i)
		}
	}
	found := make([]likelyMatch, len(unjoined))
	parallel(len(unjoined), func(f *folder, from, to int) {
		for j := from; j < to; j++ {
			found[j] = e.bestCandidate(f, unjoined[j], buckets, cloudWords)
		}
	})
	best := map[int]likelyMatch{}
	for j, i := range unjoined {
		if found[j].cloud >= 0 {
			best[i] = found[j]
		}
	}
	// One-to-one: a cloud user claimed by several on-premises users goes to the single best.
	claims := map[int][]int{}
	for i, m := range best {
		claims[m.cloud] = append(claims[m.cloud], i)
	}
	for _, list := range claims {
		top, tie := -1, false
		for _, i := range list {
			switch {
			case top < 0 || best[i].score > best[top].score:
				top, tie = i, false
			case best[i].score == best[top].score:
				tie = true
			}
		}
		if !tie {
			e.likelyPair[top] = best[top]
		}
	}
	for i := range e.op {
		if m, ok := e.likelyPair[i]; ok {
			e.addFinding(LikelySamePerson, []int{i}, []int{m.cloud}, "", "", e.likelyDetail(i, m))
		}
	}
}

// bestCandidate looks up the keys of on-premises user i in the cloud buckets and returns
// the single best candidate (cloud -1 when there is none).
func (e *engine) bestCandidate(f *folder, i int, buckets map[string][]int, cloudWords [][]string) likelyMatch {
	o := &e.r.OnPrem[i]
	addrs := []string{o.UserPrincipalName, o.Mail}
	for _, a := range e.op[i].smtp {
		addrs = append(addrs, a.value)
	}
	k := makePersonKeys(f, o.GivenName, o.Surname, o.DisplayName, o.MailNickname, addrs)
	ev := map[int]uint8{}
	hit := func(key string, bit uint8) {
		if b := buckets[key]; len(b) <= maxBucket {
			for _, c := range b {
				ev[c] |= bit
			}
		}
	}
	for _, nm := range k.names {
		hit("n:"+nm, evName)
	}
	for _, l := range k.locals {
		hit("a:"+l, evSameLocal)
		hit("p:"+l, evPattern)
	}
	for _, p := range k.patterns {
		hit("a:"+p, evPattern)
	}
	if k.nickname != "" {
		hit("m:"+k.nickname, evNickname)
	}
	// Addresses alone never outweigh names that disagree: a cloud user holding someone's old
	// alias is not that person when not one word of their names is shared.
	for c := range ev {
		if namesDisagree(k.words, cloudWords[c]) {
			delete(ev, c)
		}
	}
	if m, ok := bestOf(ev); ok {
		return m
	}
	return likelyMatch{cloud: -1}
}

// namesDisagree reports whether both people have names and share no word of them.
func namesDisagree(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

// bestOf scores the candidates and returns the single best; equally good rivals cancel.
func bestOf(ev map[int]uint8) (likelyMatch, bool) {
	var top likelyMatch
	tie := false
	top.cloud = -1
	for c, bits := range ev {
		score := 0
		for bit, w := range evidenceWeight {
			if bits&bit != 0 {
				score += w
			}
		}
		switch {
		case score > top.score:
			top, tie = likelyMatch{cloud: c, score: score, evidence: bits}, false
		case score == top.score:
			tie = true
		}
	}
	return top, top.cloud >= 0 && !tie
}

func confidenceWord(score int) string {
	switch {
	case score >= highConfidence:
		return "high"
	case score >= weightSameLocal:
		return "medium"
	}
	return "low"
}

func (e *engine) likelyDetail(i int, m likelyMatch) string {
	var why []string
	if m.evidence&evName != 0 {
		why = append(why, "the same name with accents and word order ignored")
	}
	if m.evidence&evSameLocal != 0 {
		why = append(why, "an address with the same local part")
	}
	if m.evidence&evPattern != 0 {
		why = append(why, "an address local part that follows the other's name (first.last, flast, firstl)")
	}
	if m.evidence&evNickname != 0 {
		why = append(why, "the same mailNickname")
	}
	score := min(m.score, 100)
	o := &e.r.OnPrem[i]
	cl := &e.r.Cloud[m.cloud]
	return fmt.Sprintf("%s (%s) will be created as a new cloud user, while cloud-only user %s (%s) looks like the same person: %s. Confidence %d%% (%s). Sync would create a duplicate account; join them before the first sync.",
		e.onPremLabel(i), show(firstNonEmpty(o.DisplayName, strings.TrimSpace(o.GivenName+" "+o.Surname))),
		e.cloudLabel(m.cloud), show(firstNonEmpty(cl.DisplayName, strings.TrimSpace(cl.GivenName+" "+cl.Surname))),
		joinWords(why), score, confidenceWord(score))
}
