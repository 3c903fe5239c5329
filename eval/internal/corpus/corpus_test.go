package corpus

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/p2pnix/tvix/internal/nixtest"
)

const root = "../../testdata/corpus"

var recheck = flag.Bool("nix", false, "re-run the whole corpus through nix-instantiate and compare with the recorded files (slow)")

func TestCorpusWellFormed(t *testing.T) {
	checkWellFormed(t, root, 500)
}

func TestPendingWellFormed(t *testing.T) {
	checkWellFormed(t, "pending", 0)
}

func checkWellFormed(t *testing.T, root string, min int) {
	cases, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < min {
		t.Fatalf("only %d cases found", len(cases))
	}
	known := map[string]bool{}
	for _, c := range cases {
		known[filepath.Join(c.Dir, c.Name)] = true
		switch c.Kind {
		case Okay:
			if _, err := os.Stat(c.ExpPath()); err != nil {
				t.Errorf("%s: %v", c.ID(), err)
			}
		case Fail:
			if _, err := os.Stat(c.ErrPath()); err != nil {
				t.Errorf("%s: %v", c.ID(), err)
			}
		}
		if len(c.Flags) == 0 || (c.Flags[0] != "--eval" && c.Flags[0] != "--parse") {
			t.Errorf("%s: flags %q start with neither --eval nor --parse", c.ID(), c.Flags)
		}
	}
	// Every expectation file belongs to a case.
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(d.Name(), "eval-") {
			return err
		}
		ext := filepath.Ext(path)
		if ext == ".nix" {
			return nil
		}
		abs, _ := filepath.Abs(strings.TrimSuffix(path, ext))
		if !known[abs] {
			t.Errorf("%s has no case", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNoMachinePathsInExpectations(t *testing.T) {
	cases, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.Kind != Okay {
			continue
		}
		exp, err := os.ReadFile(c.ExpPath())
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(exp, []byte(c.Root)) {
			t.Errorf("%s.exp contains the checkout's path", c.ID())
		}
	}
}

// TestExpectationsMatchNix re-runs every case through Nix and compares
// with the recorded files, so stale or machine-dependent expectations show
// up. Fail cases are checked for their exit status only.
func TestExpectationsMatchNix(t *testing.T) {
	if !*recheck {
		t.Skip("slow; run with -nix")
	}
	nix := nixtest.RequireNix(t, "nix-instantiate")
	cases, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res, err := RunNix(context.Background(), nix, c)
			if err != nil {
				t.Errorf("%s: %v", c.ID(), err)
				return
			}
			switch c.Kind {
			case Okay:
				exp, _ := os.ReadFile(c.ExpPath())
				if res.ExitCode != 0 || !bytes.Equal(res.Stdout, exp) {
					t.Errorf("%s: Nix now gives exit %d, stdout %q; recorded %q (run record.sh)", c.ID(), res.ExitCode, res.Stdout, exp)
				}
			case Fail:
				if res.ExitCode != 1 {
					t.Errorf("%s: Nix now exits %d", c.ID(), res.ExitCode)
				}
			}
		}()
	}
	wg.Wait()
}

func TestRecordRoundTrip(t *testing.T) {
	nix := nixtest.RequireNix(t, "nix-instantiate")
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("eval-okay-a.nix", `builtins.trace "hi" (builtins.getEnv "TEST_VAR")`)
	write("eval-fail-b.nix", `throw "boom"`)
	write("eval-okay-c.nix", `{ a = 1 + 1; }`)
	write("eval-okay-c.flags", "--eval\n")
	write("helper.nix", `1`)
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 {
		t.Fatalf("Load found %d cases, want 3", len(cases))
	}
	for _, c := range cases {
		if err := Record(context.Background(), nix, c); err != nil {
			t.Fatal(err)
		}
	}
	check := func(name, want string) {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), want) {
			t.Errorf("%s = %q, want it to contain %q", name, got, want)
		}
	}
	check("eval-okay-a.exp", `"foo"`)
	check("eval-okay-a.err", "trace: hi")
	check("eval-fail-b.err", "boom")
	check("eval-okay-c.exp", "<CODE>")
	// A case that contradicts its kind is an error.
	write("eval-okay-d.nix", `throw "no"`)
	if err := Record(context.Background(), nix, Case{Root: dir, Dir: dir, Name: "eval-okay-d", Kind: Okay, Flags: DefaultFlags}); err == nil {
		t.Error("Record accepted a failing okay case")
	}
}
