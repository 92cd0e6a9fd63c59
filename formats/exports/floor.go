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
// It takes the CSV exports of both sides (not LDIF), and stops at the first record
// encoding/csv cannot parse, naming the file, line and column.
func BindOnly(path string) (int, error) {
	src, err := openSourceHashing(path, nil, nil)
	if err != nil {
		return 0, err
	}
	defer src.close()
	h, err := src.peekHeader()
	if err != nil {
		return 0, fmt.Errorf("%s: not a readable export: %v", path, err)
	}
	format := detectFormat(h.clean, src.typeHint)
	var proto any
	switch side := sideOf(format); {
	case format == "":
		return 0, fmt.Errorf("%s: not a recognisable export: no known column in the header (%s)", path, abbreviate(h.raw, 6))
	case side == OnPrem:
		proto = &onPremRow{}
	case side == Cloud:
		proto = &cloudRow{}
	default:
		return 0, fmt.Errorf("%s: a %s export, not one of users, groups or contacts", path, format)
	}
	_, canon := mapColumns(h, aliasesFor(format))
	_, um, err := newBinder(src, h, canon, proto)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", path, err)
	}
	n := 0
	for {
		_, err := um.Read()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("%s: %v", path, err)
		}
		n++
	}
}
