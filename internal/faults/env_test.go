//go:build faults

package faults

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in      string
		on      []string
		wantErr string
	}{
		{in: "", on: nil},
		{in: "corrupt-chunks", on: []string{CorruptChunks}},
		{in: " wrong-dirs , unknown-key", on: []string{WrongDirs, UnknownKey}},
		{in: "wrong-dirs,bogus", wantErr: `TVIX_FAULTS: item 2: unknown fault "bogus"`},
		{in: "wrong-dirs,", wantErr: `item 2: unknown fault ""`},
	} {
		on, err := parse(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parse(%q): err %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("parse(%q): %v", tc.in, err)
		}
		if len(on) != len(tc.on) {
			t.Errorf("parse(%q) = %v, want %v", tc.in, on, tc.on)
		}
		for _, n := range tc.on {
			if !on[n] {
				t.Errorf("parse(%q): %s off", tc.in, n)
			}
		}
	}
}
