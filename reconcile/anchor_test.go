package reconcile

import (
	"slices"
	"testing"
)

func TestSourceAnchorObjectGUIDByteOrder(t *testing.T) {
	for _, in := range []string{
		"35918bc9-196d-40ea-9779-889d79b753f0",
		"{35918BC9-196D-40EA-9779-889D79B753F0}",
		"35918bc9196d40ea9779889d79b753f0",
	} {
		got, err := ImmutableIDFromGUID(in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		// Plain big-endian bytes would give NZGLyRltQOqXeYidebdT8A==, which is wrong.
		if got != "yYuRNW0Z6kCXeYidebdT8A==" {
			t.Errorf("ImmutableIDFromGUID(%s) = %s, want yYuRNW0Z6kCXeYidebdT8A==", in, got)
		}
	}
}

func TestGUIDBytesRoundTrip(t *testing.T) {
	const g = "35918bc9-196d-40ea-9779-889d79b753f0"
	b, err := GUIDBytes(g)
	if err != nil {
		t.Fatal(err)
	}
	back, err := GUIDFromBytes(b)
	if err != nil || back != g {
		t.Fatalf("round trip gave %q, %v", back, err)
	}
}

func TestSourceAnchorPrefersConsistencyGUID(t *testing.T) {
	cg, _ := GUIDBytes("01020304-0506-0708-090a-0b0c0d0e0f10")
	o := &OnPrem{ObjectGUID: "35918bc9-196d-40ea-9779-889d79b753f0", ConsistencyGUID: cg}
	a, attr := SourceAnchor(o, &Settings{})
	if attr != "mS-DS-ConsistencyGuid" || a != ImmutableIDFromBytes(cg) {
		t.Errorf("got %s from %s", a, attr)
	}
	a, attr = SourceAnchor(o, &Settings{SourceAnchor: "objectGUID"})
	if attr != "objectGUID" || a != "yYuRNW0Z6kCXeYidebdT8A==" {
		t.Errorf("with objectGUID setting got %s from %s", a, attr)
	}
}

func TestParseGUIDRejectsGarbage(t *testing.T) {
	for _, in := range []string{"", "System.Byte[]", "35918bc9-196d-40ea-9779-889d79b753f", "zz918bc9-196d-40ea-9779-889d79b753f0"} {
		if _, err := ParseGUID(in); err == nil {
			t.Errorf("ParseGUID(%q) accepted", in)
		}
	}
}

// TestSourceAnchorAttributesAreKnown checks that every attribute SourceAnchor names is
// one the engine can record in a byte (anchorAttributes), and comes back as named.
func TestSourceAnchorAttributesAreKnown(t *testing.T) {
	guid := "35918bc9-196d-40ea-9779-889d79b753f0"
	tests := []struct {
		name   string
		o      OnPrem
		anchor string // the setting
		want   string
	}{
		{"mS-DS-ConsistencyGuid set", OnPrem{ObjectGUID: guid, ConsistencyGUID: []byte{1, 2, 3}}, "mS-DS-ConsistencyGuid", "mS-DS-ConsistencyGuid"},
		{"objectGUID only", OnPrem{ObjectGUID: "{" + guid + "}"}, "mS-DS-ConsistencyGuid", "objectGUID"},
		{"setting says objectGUID", OnPrem{ObjectGUID: guid, ConsistencyGUID: []byte{1}}, "objectGUID", "objectGUID"},
		{"damaged objectGUID", OnPrem{ObjectGUID: "not-a-guid"}, "mS-DS-ConsistencyGuid", ""},
		{"neither", OnPrem{}, "mS-DS-ConsistencyGuid", ""},
	}
	for _, tt := range tests {
		_, attr := SourceAnchor(&tt.o, &Settings{SourceAnchor: tt.anchor})
		k := slices.Index(anchorAttributes[:], attr)
		if attr != tt.want || k < 0 {
			t.Fatalf("%s: attribute %q (place %d), want %q", tt.name, attr, k, tt.want)
		}
		if n := (onPremNorm{anchorFrom: uint8(k)}); n.anchorAttr() != attr {
			t.Errorf("%s: recorded as %q, want %q", tt.name, n.anchorAttr(), attr)
		}
	}
}
