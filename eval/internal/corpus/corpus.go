// Package corpus reads the evaluator's differential test corpus
// (eval/testdata/corpus, described in its README.md) and runs its cases
// through C++ Nix, so that the evaluator's harness and its -update flag
// use exactly the command and environment record.sh uses.
package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Kind says whether a case must evaluate or must fail.
type Kind int

// The two kinds of cases.
const (
	Okay Kind = iota // eval-okay-NAME: exit 0, stdout = NAME.exp
	Fail             // eval-fail-NAME: exit 1, stderr recorded in NAME.err
)

// DefaultFlags are the nix-instantiate flags of a case without a .flags file.
var DefaultFlags = []string{"--eval", "--strict"}

// Case is one test case.
type Case struct {
	Root  string   // absolute path of the corpus root
	Dir   string   // absolute directory holding the case
	Name  string   // file name without ".nix", e.g. "eval-okay-foo"
	Kind  Kind     //
	Flags []string // nix-instantiate flags replacing "--eval --strict"
}

// ID is the case's path below the root without ".nix", e.g.
// "builtins-json/eval-okay-tojson-floats"; it names subtests.
func (c Case) ID() string {
	rel, err := filepath.Rel(c.Root, filepath.Join(c.Dir, c.Name))
	if err != nil {
		return c.Name
	}
	return filepath.ToSlash(rel)
}

// File is the case's expression file name, relative to Dir.
func (c Case) File() string { return c.Name + ".nix" }

// ExpPath and ErrPath are the absolute paths of the expectation files.
func (c Case) ExpPath() string { return filepath.Join(c.Dir, c.Name+".exp") }

// ErrPath is the path of Nix's recorded stderr.
func (c Case) ErrPath() string { return filepath.Join(c.Dir, c.Name+".err") }

// Load finds every case below root, in a stable order.
func Load(root string) ([]Case, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var cases []Case
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if !strings.HasSuffix(name, ".nix") {
			return nil
		}
		c := Case{Root: root, Dir: filepath.Dir(path), Name: strings.TrimSuffix(name, ".nix"), Flags: DefaultFlags}
		switch {
		case strings.HasPrefix(name, "eval-okay-"):
			c.Kind = Okay
		case strings.HasPrefix(name, "eval-fail-"):
			c.Kind = Fail
		default:
			return nil // a helper file
		}
		flags, err := os.ReadFile(filepath.Join(c.Dir, c.Name+".flags"))
		if err == nil {
			c.Flags = strings.Fields(string(flags))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		cases = append(cases, c)
		return nil
	})
	sort.Slice(cases, func(i, j int) bool { return cases[i].ID() < cases[j].ID() })
	return cases, err
}

// Env is the environment every case runs in (besides PATH and HOME):
// an empty search path and TEST_VAR=foo.
func Env() []string { return []string{"NIX_PATH=", "TEST_VAR=foo"} }

// Result is what one run of nix-instantiate produced.
type Result struct {
	Stdout, Stderr []byte
	ExitCode       int
}

// RunNix runs the case with nix-instantiate (the binary at nix) as
// record.sh does: in the case's directory, with only PATH, HOME (an empty
// temporary directory) and Env() set. Stderr is normalised with
// NormaliseStderr.
func RunNix(ctx context.Context, nix string, c Case) (Result, error) {
	home, err := os.MkdirTemp("", "corpus-home-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(home)
	args := append(append([]string(nil), c.Flags...), c.File())
	cmd := exec.CommandContext(ctx, nix, args...)
	cmd.Dir = c.Dir
	cmd.Env = append([]string{"PATH=" + filepath.Dir(nix) + ":/usr/bin:/bin", "HOME=" + home}, Env()...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	res := Result{Stdout: stdout.Bytes(), Stderr: NormaliseStderr(c.Root, stderr.Bytes())}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.ExitCode = exit.ExitCode()
	case err != nil:
		return res, err
	}
	return res, nil
}

// NormaliseStderr replaces the corpus root's absolute path with
// "<corpus>", as record.sh does, so that recorded messages do not depend
// on where the checkout lives.
func NormaliseStderr(root string, stderr []byte) []byte {
	return bytes.ReplaceAll(stderr, []byte(root), []byte("<corpus>"))
}

// Record runs the case through Nix and rewrites its expectation files:
// NAME.exp (and NAME.err when stderr is not empty) for Okay cases,
// NAME.err for Fail cases. It fails if Nix's exit status does not match
// the case's kind.
func Record(ctx context.Context, nix string, c Case) error {
	res, err := RunNix(ctx, nix, c)
	if err != nil {
		return err
	}
	switch c.Kind {
	case Okay:
		if res.ExitCode != 0 {
			return fmt.Errorf("%s: nix-instantiate exited %d: %s", c.ID(), res.ExitCode, res.Stderr)
		}
		if err := os.WriteFile(c.ExpPath(), res.Stdout, 0o644); err != nil {
			return err
		}
		if len(res.Stderr) == 0 {
			if err := os.Remove(c.ErrPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
	case Fail:
		if res.ExitCode != 1 {
			return fmt.Errorf("%s: want exit 1, got %d; stdout: %s", c.ID(), res.ExitCode, res.Stdout)
		}
	}
	return os.WriteFile(c.ErrPath(), res.Stderr, 0o644)
}
