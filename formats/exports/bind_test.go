package exports

import (
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gocarina/gocsv"
)

// Every column gocsv binds must land in its own string field through the cell before it:
// a value in the wrong field would be read under another column's name.
func TestCellsBindEveryColumnToItsField(t *testing.T) {
	tests := []struct {
		name   string
		fields []string
		read   func(*gocsv.Unmarshaller) ([]*string, error)
	}{
		{"on-premises", onPremFields, func(um *gocsv.Unmarshaller) ([]*string, error) {
			v, err := um.Read()
			if err != nil {
				return nil, err
			}
			ps := v.(*onPremRow).pointers()
			return ps[:], nil
		}},
		{"cloud", cloudFields, func(um *gocsv.Unmarshaller) ([]*string, error) {
			v, err := um.Read()
			if err != nil {
				return nil, err
			}
			ps := v.(*cloudRow).pointers()
			return ps[:], nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Distinct values, non-ASCII, a quoted delimiter and a doubled quote, an empty one.
			want := make([]string, len(tt.fields))
			for i, f := range tt.fields {
				want[i] = fmt.Sprintf("%s %d Zoë; “O”\"Connor\"", f, i)
			}
			want[len(want)-1] = ""
			var b strings.Builder
			w := csv.NewWriter(&b)
			w.Comma = ';'
			if err := w.Write(tt.fields); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(want); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			r := csv.NewReader(strings.NewReader(b.String()))
			r.Comma = ';'
			r.ReuseRecord = true
			var proto any = &onPremRow{}
			if tt.name == "cloud" {
				proto = &cloudRow{}
			}
			um, err := gocsv.NewUnmarshaller(r, proto)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.read(um)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range got {
				if *p != want[i] {
					t.Errorf("%s = %q, want %q", tt.fields[i], *p, want[i])
				}
			}
		})
	}
}

// A cell may only sit right before the untagged string it fills; anything else must be
// refused before a row type is used.
func TestCheckPairsRefusesMisplacedCells(t *testing.T) {
	type good struct {
		ColA cell   `csv:"A"`
		A    string `csv:"-"`
		B    int
	}
	type last struct {
		A    string `csv:"-"`
		ColA cell   `csv:"A"`
	}
	type notString struct {
		ColA cell `csv:"A"`
		A    int  `csv:"-"`
	}
	type untagged struct {
		ColA cell `csv:"A"`
		A    string
	}
	type noColumn struct {
		ColA cell
		A    string `csv:"-"`
	}
	tests := []struct {
		typ     reflect.Type
		wantErr bool
	}{
		{reflect.TypeFor[good](), false},
		{reflect.TypeFor[onPremRow](), false},
		{reflect.TypeFor[cloudRow](), false},
		{reflect.TypeFor[last](), true},
		{reflect.TypeFor[notString](), true},
		{reflect.TypeFor[untagged](), true},
		{reflect.TypeFor[noColumn](), true},
	}
	for _, tt := range tests {
		if err := checkPairs(tt.typ); (err != nil) != tt.wantErr {
			t.Errorf("checkPairs(%s) = %v, want error %v", tt.typ.Name(), err, tt.wantErr)
		}
	}
}
