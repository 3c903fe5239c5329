package refscan

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const (
	hA = "fmddawaabs39wljwn6bz44sjlcf4fyb2"
	hB = "mlm4z4paf9x52kjjlb1fsy1akzn0sw9a"
	hC = "0afwqsjfpxn15xwk4kbw1cr40714wwg6" // never present
)

func TestScanFindsHashesAnywhere(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"none", "no store paths here", []string{}},
		{"path", "/nix/store/" + hA + "-foo", []string{hA}},
		{"glued to base32", "abcd" + hA + "zz" + hB, []string{hA, hB}},
		{"overlapping run", hA[1:] + hA + hA[:5], []string{hA}},
		{"exact", hB, []string{hB}},
		{"truncated", hA[:31], []string{}},
		{"non-base32 inside", hA[:10] + "e" + hA[11:], []string{}},
	}
	for _, tt := range tests {
		for _, chunk := range []int{1, 3, 31, 32, 33, 1 << 20} {
			s, err := NewScanner([]string{hA, hB, hC})
			if err != nil {
				t.Fatal(err)
			}
			w := s.Stream()
			data := []byte(tt.data)
			for i := 0; i < len(data); i += chunk {
				w.Write(data[i:min(len(data), i+chunk)])
			}
			if got := s.Found(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s, chunks of %d: found %v, want %v", tt.name, chunk, got, tt.want)
			}
		}
	}
}

func TestNewScannerRejectsBadCandidates(t *testing.T) {
	for _, bad := range []string{"", hA[:31], hA + "x", strings.Replace(hA, "f", "e", 1)} {
		if _, err := NewScanner([]string{bad}); err == nil {
			t.Errorf("candidate %q accepted", bad)
		}
	}
}

func TestScanTree(t *testing.T) {
	root := t.TempDir()
	big := bytes.Repeat([]byte("x"), 3<<20)
	copy(big[1<<20-10:], hA) // spans the 1 MiB point
	if err := os.WriteFile(filepath.Join(root, "big"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/nix/store/"+hB+"-dep/bin", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "small"), []byte(hC[:20]), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := NewScanner([]string{hA, hB, hC})
	if err := s.ScanTree(root); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Found(), []string{hA, hB}; !reflect.DeepEqual(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
}

func BenchmarkScan(b *testing.B) {
	data := bytes.Repeat([]byte("some text with /usr/lib and numbers 0123456789 "), 1<<16)
	s, _ := NewScanner([]string{hA, hB})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Stream().Write(data)
	}
}
