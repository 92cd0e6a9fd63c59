package reconcile

import "testing"

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
