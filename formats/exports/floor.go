package exports

import (
	"errors"
	"fmt"
	"io"
)

// BindOnly binds every record of the CSV export at path as the readers bind them (the same
// encoding detection, header mapping, csv.Reader settings, row types and cells) and keeps
// nothing: no value is checked, no record built, and the file is not hashed. It returns
// how many records the file held. This is the part of reading that no reader built on gocsv
// can skip; samples/synth/readfloor times it, as the floor that reading is judged against.
// It takes the CSV exports of users, groups and contacts on both sides, not LDIF, and stops
// at the first record encoding/csv cannot parse, naming the file, line and column, where
// the readers list it and go on.
func BindOnly(path string) (int, error) {
	return bindOnly(path, nil)
}

// bindOnly is BindOnly, calling each (when not nil) with every row bound, for the tests.
func bindOnly(path string, each func(row any)) (int, error) {
	src, err := openSourceHashing(path, nil, nil)
	if err != nil {
		return 0, err
	}
	defer src.close()
	if looksLikeLDIF(src) {
		return 0, fmt.Errorf("%s: an LDIF export: the reading floor binds CSV exports only", path)
	}
	h, err := src.peekHeader()
	if err != nil {
		return 0, fmt.Errorf("%s: not a readable export: %v", path, err)
	}
	format := detectFormat(h.clean, src.typeHint)
	if format == "" {
		return 0, fmt.Errorf("%s: not a recognisable export: no known column in the header (%s)", path, abbreviate(h.raw, 6))
	}
	proto, aliases, ok := rowFor(format)
	if !ok {
		return 0, fmt.Errorf("%s: a %s export, not one of users, groups or contacts", path, format)
	}
	_, canon := mapColumns(h, aliases)
	_, um, err := newBinder(src, h, canon, proto)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", path, err)
	}
	n := 0
	for {
		row, err := um.Read()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %v", path, err)
		}
		if each != nil {
			each(row)
		}
		n++
	}
}
