package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/store/nar/nartest"
)

// TestCrashDuringAdd kills `tvix store add` of a large tree with SIGKILL
// at several points; the store must verify clean with no store path, and
// a later add must succeed.
func TestCrashDuringAdd(t *testing.T) {
	c := newCLI(t)
	tree := filepath.Join(t.TempDir(), "big-tree")
	if err := nartest.WriteRandom(tree, 11, 256<<20, 32<<20); err != nil {
		t.Fatal(err)
	}
	for i, delay := range []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 700 * time.Millisecond} {
		cmd := c.command(nil, "store", "add", tree)
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		if out.Len() > 0 {
			// The add finished before the kill: the path is complete.
			t.Logf("kill %d after %v came too late; add finished", i, delay)
			continue
		}
		if ps := c.storePaths(); len(ps) != 0 {
			t.Fatalf("kill %d: store paths after a killed add: %v", i, ps)
		}
		if out := c.ok(nil, "store", "verify", "--all"); !strings.Contains(out, ": 0 problems") {
			t.Fatalf("kill %d: verify --all: %s", i, out)
		}
	}
	sp := strings.TrimSpace(c.ok(nil, "store", "add", tree))
	if ps := c.storePaths(); len(ps) != 1 || ps[0] != sp {
		t.Fatalf("after the final add: store paths %v, want [%s]", ps, sp)
	}
	if out := c.ok(nil, "store", "verify", "--all"); !strings.Contains(out, "1 store paths: 0 problems") {
		t.Fatalf("verify --all after the final add: %s", out)
	}
}
