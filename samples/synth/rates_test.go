package synth

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestEveryRateHasOneName: each field of Rates is reachable by exactly one name, so that
// `generate --rate` can set every planted case and trait.
func TestEveryRateHasOneName(t *testing.T) {
	names := RateNames()
	shares := 0
	for f := range reflect.TypeFor[Rates]().Fields() {
		if f.Type.Kind() == reflect.Float64 {
			shares++
		}
	}
	if got := len(names); got != shares {
		t.Fatalf("%d rate names for %d shares in Rates", got, shares)
	}
	var r Rates
	for i, name := range names {
		if err := r.Set(name, float64(i+1)/100); err != nil {
			t.Fatalf("Set(%q): %v", name, err)
		}
	}
	seen := map[float64]string{}
	v := reflect.ValueOf(r)
	for i := range v.NumField() {
		if v.Field(i).Kind() != reflect.Float64 {
			continue
		}
		f := v.Field(i).Float()
		if f == 0 {
			t.Errorf("field %s is set by no name", v.Type().Field(i).Name)
		}
		if other, dup := seen[f]; dup {
			t.Errorf("fields %s and %s set by one name", other, v.Type().Field(i).Name)
		}
		seen[f] = v.Type().Field(i).Name
	}
	for i, name := range names {
		if got, ok := r.Get(name); !ok || got != float64(i+1)/100 {
			t.Errorf("Get(%q) = %v, %v; want %v", name, got, ok, float64(i+1)/100)
		}
	}
}

func TestSetRejectsUnknownName(t *testing.T) {
	r := DefaultRates()
	err := r.Set("smtp_match", 0.1)
	if err == nil || !strings.Contains(err.Error(), `"smtp_match"`) || !strings.Contains(err.Error(), "smtp-match") {
		t.Fatalf("Set of a misspelt name: %v; want an error naming it and listing the names", err)
	}
	if r != DefaultRates() {
		t.Error("a rejected Set changed the rates")
	}
}

func TestGenerateRejectsRatesOverOne(t *testing.T) {
	r := DefaultRates()
	if err := r.Set("contested", 0.9); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(t.TempDir(), Options{Users: 10, Rates: r})
	if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), "must not exceed 1") {
		t.Fatalf("Generate with case rates over 1: %v; want ErrOptions saying they must not exceed 1", err)
	}
}

// TestAllZeroRatesMeanPlainNewUsers: rates set to zero one by one are taken as given, not
// replaced by the defaults as the zero Rates{} is.
func TestAllZeroRatesMeanPlainNewUsers(t *testing.T) {
	var r Rates
	for _, name := range RateNames() {
		if err := r.Set(name, 0); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	st, err := Generate(dir, Options{Users: 300, Seed: 4, Rates: r})
	if err != nil {
		t.Fatal(err)
	}
	plain := 0
	for _, c := range st.Cases {
		if c.Case == "new" {
			plain = c.OnPrem
		} else if c.OnPrem > 0 {
			t.Errorf("all rates zero, yet %d users of case %s", c.OnPrem, c.Case)
		}
	}
	if plain != 300 {
		t.Errorf("%d plain new users of 300", plain)
	}
}
