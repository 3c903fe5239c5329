package farm

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/p2pnix/tvix/node/coordinator"
)

// TestLineWriter: complete lines are passed on as they end, without their
// newline; a line longer than 64 KiB goes on in pieces; flush passes on
// the unfinished rest.
func TestLineWriter(t *testing.T) {
	var got []string
	w := &lineWriter{fn: func(l []byte) { got = append(got, string(l)) }}
	w.Write([]byte("one\ntw"))
	w.Write([]byte("o\n\nthr"))
	if want := []string{"one", "two", ""}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	w.flush()
	if got[len(got)-1] != "thr" {
		t.Fatalf("flush passed on %q, want \"thr\"", got[len(got)-1])
	}
	got = nil
	long := bytes.Repeat([]byte("x"), 64<<10+1)
	w.Write(long)
	if len(got) != 1 || len(got[0]) != len(long) {
		t.Fatalf("an endless line: %d pieces, want one of %d bytes", len(got), len(long))
	}
	w.flush()
	if len(got) != 1 {
		t.Errorf("flush after a piece passed on %q", got[1:])
	}
}

// TestNoDrvBuilds: a node without a builder fails every build.
func TestNoDrvBuilds(t *testing.T) {
	var b *DrvBuilds
	built, err := b.Build(context.Background(), "/nix/store/x.drv", coordinator.Limits{}, func([]byte) {})
	if err == nil || built {
		t.Fatalf("Build on a node that does not build: built %v, err %v", built, err)
	}
}
