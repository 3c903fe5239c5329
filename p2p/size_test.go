package p2p

import "testing"

func TestParseSize(t *testing.T) {
	for in, want := range map[string]uint64{
		"4096": 4096, "50GiB": 50 << 30, "1.5TB": 1.5e12, "800M": 800 << 20, " 2 KiB ": 2048, "0": 0, "10B": 10,
	} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1", "1e9", "ten", "1.5.5G", "NaN", "Inf", "99999999999999999999TiB", "20000000TiB", "0x10"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"50GiB", "1.5TB", "12", "", "-3K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseSize(s) // must not panic
	})
}
