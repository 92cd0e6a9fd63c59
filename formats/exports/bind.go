package exports

import (
	"fmt"
	"reflect"
	"unsafe"
)

// cell is the column gocsv binds a value to. It takes no space: it sits right before the
// string field that holds the value, at the same address, and gocsv hands the value over
// through UnmarshalCSV, which stores it there.
//
// Why not bind to the string itself: for every field gocsv switches on the field's
// reflect.Value.Interface(), and boxing an addressable string allocates a 16-byte copy.
// On a million records of 13 columns that is 13 million allocations per file, more than
// a tenth of the reading time with the collections they bring. A value of a zero-size
// type boxes without allocating, and gocsv then finds the TypeUnmarshaller method.
//
// The row structs pair each cell with its string; checkPairs verifies, once per row type,
// that every cell shares its address with a string field, so a reordered struct fails at
// start-up rather than writing into the wrong memory. A cell anywhere else (a variable of
// its own) has no string behind it: only gocsv, binding a row, may call UnmarshalCSV.
type cell struct{}

// UnmarshalCSV stores the value in the string field that shares the cell's address.
func (c *cell) UnmarshalCSV(s string) error {
	// The cell and its string have the same address inside one row struct (checked by
	// checkPairs); the conversion points at the string within that allocation.
	*(*string)(unsafe.Pointer(c)) = s
	return nil
}

// cellType is the reflect type of cell, for checkPairs.
var cellType = reflect.TypeFor[cell]()

// checkPairs reports a row struct in which a cell is not immediately followed by the
// string field it fills, at the same offset. Only such pairs may carry a cell, and every
// cell must be tagged for gocsv while its string is not.
func checkPairs(t reflect.Type) error {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type != cellType {
			continue
		}
		if i+1 == t.NumField() {
			return fmt.Errorf("%s.%s: cell without a string field after it", t.Name(), f.Name)
		}
		s := t.Field(i + 1)
		if s.Type.Kind() != reflect.String || s.Offset != f.Offset {
			return fmt.Errorf("%s.%s: cell not at the address of a string field", t.Name(), f.Name)
		}
		if f.Tag.Get("csv") == "" || s.Tag.Get("csv") != "-" {
			return fmt.Errorf("%s.%s: the cell must carry the column tag and %s csv:\"-\"", t.Name(), f.Name, s.Name)
		}
	}
	return nil
}

func init() {
	for _, t := range []reflect.Type{reflect.TypeFor[onPremRow](), reflect.TypeFor[cloudRow]()} {
		if err := checkPairs(t); err != nil {
			panic(err)
		}
	}
}
