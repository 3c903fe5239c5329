package builder

import (
	"bytes"
	"strings"
	"testing"
)

// TestLineWriter: complete lines are passed on as they end, without their
// newline; a line longer than MaxLine goes on in pieces; Flush passes on
// the unfinished rest.
func TestLineWriter(t *testing.T) {
	var got []string
	w := &LineWriter{Line: func(l []byte) { got = append(got, string(l)) }, MaxLine: 64 << 10}
	w.Write([]byte("one\ntw"))
	w.Write([]byte("o\n\nthr"))
	if want := []string{"one", "two", ""}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	w.Flush()
	if got[len(got)-1] != "thr" {
		t.Fatalf("flush passed on %q, want \"thr\"", got[len(got)-1])
	}
	got = nil
	long := bytes.Repeat([]byte("x"), 64<<10+1)
	w.Write(long)
	if len(got) != 1 || len(got[0]) != len(long) {
		t.Fatalf("an endless line: %d pieces, want one of %d bytes", len(got), len(long))
	}
	w.Flush()
	if len(got) != 1 {
		t.Errorf("flush after a piece passed on %q", got[1:])
	}
}
