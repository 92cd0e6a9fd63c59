package synth

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// givenNames and surnames come from many languages on purpose: the readers, the folding and
// the PowerShell quoting downstream must all survive diacritics, letters that do not
// decompose (Ł, Ø, ß, ı, Þ), apostrophes (straight and typographic), hyphens and spaces.
// Each list must fold to distinct ASCII spellings, so that generated addresses never collide
// by accident; TestNameTablesFoldDistinct keeps it so.
var givenNames = []string{
	"Anna", "Björn", "Zoë", "Łukasz", "José", "Øyvind", "Åsa", "Søren", "Jürgen", "Müge",
	"Çağla", "Emre", "Aylin", "François", "Hélène", "Chloé", "Noémie", "Zoltán", "Ágnes",
	"Dorota", "Paweł", "Małgorzata", "Jiří", "Tomáš", "Šárka", "Renée", "Maëlle", "Inés",
	"María", "Sebastián", "Joaquín", "Ramón", "João", "Conceição", "Andrés", "Mía", "Siobhán",
	"Seán", "Niamh", "Dáithí", "Ngọc", "Thảo", "Minh", "Hùng", "Xiaoming", "Wei", "Yuki",
	"Haruto", "Priya", "Arjun", "Aditi", "Olúwaseun", "Chidi", "Amara", "Fatima", "Youssef",
	"Aïcha", "Omar", "Ólafur", "Guðrún", "Sigríður", "Þórdís", "Eero", "Päivi", "Jyrki",
	"Mikko", "Astrid", "Ingrid", "Lars", "Erik", "Kirsten", "Mette", "Dmitri", "Olga",
	"Sergei", "Ivana", "Željko", "Dragan", "Ana", "Marta", "Giulia", "Niccolò", "Luca",
	"Chiara", "Emma", "Liam", "Noah", "Olivia", "James", "Sarah", "Michael", "David", "Laura",
	"Kevin", "Ruth", "Ahmed", "Leila", "Noa", "Yael", "Ömer", "Gökhan", "Dilşad", "Øystein",
	"Bjørg", "Kåre", "Ærle", "Radosław", "Grzegorz", "Wojciech", "Agnieszka", "Zsófia",
	"Gábor", "Bálint", "Cristóbal", "Begoña", "Íñigo", "Anaïs", "Loïc", "Mary-Jane",
	"Jean-Luc", "Hans-Jürgen", "Ebru", "Kübra", "Tuğba", "Ilkka", "Väinö", "Sólveig",
}

var surnames = []string{
	"Berg", "Lindqvist", "Åström", "Sørensen", "Øvergaard", "Nowak", "Wójcik", "Kowalczyk",
	"Łukaszewicz", "Dvořák", "Novák", "Horváth", "Szabó", "Müller", "Schröder", "Weiß",
	"Groß", "Fernández", "García", "Ñúñez", "Peña", "Muñoz", "González", "Gonçalves",
	"Simões", "Brandão", "Lefèvre", "Dubois", "Moreau", "Gauthier", "O'Brien", "O’Connor",
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Şahin", "Yılmaz", "Öztürk", "Çelik",
	"Doğan", "Kaya", "Jóhannsdóttir", "Guðmundsson", "Virtanen", "Mäkinen", "Järvinen",
	"Hansen", "Johansen", "Ivanov", "Petrović", "Kovačević", "Rossi", "Bianchi", "Esposito",
	"Smith", "Jones", "Williams", "Brown", "Taylor", "van der Berg", "de Vries", "Janssen",
	"Dijkstra", "Kim", "Park", "Lee", "Tanaka", "Suzuki", "Wang", "Li", "Zhang", "Chen",
	"Patel", "Sharma", "Gupta", "Okafor", "Adeyemi", "Mensah", "Haddad", "Khoury", "Cohen",
	"Levi", "Papadopoulos", "Økland", "Ruiz-Picasso", "Smith-Jones", "Þorsteinsson",
	"Ødegård", "Kjærgaard", "Mølgaard", "Ærøe", "Zieliński", "Wiśniewski", "Dąbrowski",
	"Kamińska", "Krajewski", "Černý", "Procházka", "Kučera", "Tóth", "Nagy", "Varga",
	"Rodríguez", "Martínez", "Sánchez", "Díaz", "Álvarez", "Côté", "Bélanger", "Lévesque",
	"Mac Giolla Phádraig", "Ó Súilleabháin", "Đặng", "Võ", "Bùi", "Aydın", "Güneş", "Kılıç",
	"Korhonen", "Heikkilä", "Strauß", "Größer", "D’Amico", "dell'Orto",
}

// specialFold spells the letters that Unicode decomposition leaves alone the way mail
// administrators transliterate them.
var specialFold = map[rune]string{
	'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'ß': "ss", 'æ': "ae", 'Æ': "ae", 'đ': "d",
	'Đ': "d", 'ı': "i", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'œ': "oe", 'Œ': "oe",
}

// asciiFold turns a name into the lower-case ASCII a mail address would carry: diacritics
// removed, special letters transliterated, spaces and apostrophes dropped, hyphens kept
// (they are valid in a UPN and common in addresses).
func asciiFold(name string) string {
	var b strings.Builder
	for _, r := range name {
		if s, ok := specialFold[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	stripped, _, err := transform.String(t, b.String())
	if err != nil {
		// The tables are fixed and valid UTF-8; an error here is a programming error.
		panic(fmt.Sprintf("synth: folding %q: %v", name, err))
	}
	var out strings.Builder
	for _, r := range strings.ToLower(stripped) {
		if r >= 'a' && r <= 'z' || r == '-' {
			out.WriteRune(r)
		}
	}
	return out.String()
}

// nameTable holds a name list with its folded spellings, computed once so that generating a
// million users never folds a string.
type nameTable struct {
	display []string
	folded  []string
}

func newNameTable(names []string) nameTable {
	t := nameTable{display: names, folded: make([]string, len(names))}
	for i, n := range names {
		t.folded[i] = asciiFold(n)
	}
	return t
}

var (
	givenTable   = newNameTable(givenNames)
	surnameTable = newNameTable(surnames)
)
