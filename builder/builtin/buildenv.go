package builtin

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/proto/castorev1"
)

// envPackage is one store path of a user environment.
type envPackage struct {
	path     string
	active   bool
	priority int
}

// profile is the state of one buildenv run: the output tree is built on
// disk under out (symlinks named as in the store path's tree), the
// packages are read through fs.
type profile struct {
	fs         *storeFS
	out        string // the scratch directory standing for the output
	outPath    string // the output's store path
	priorities map[string]int
	warn       func(format string, args ...any)
}

// skipped are the files Nix keeps out of user environments.
var skipped = []string{"/propagated-build-inputs", "/nix-support", "/perllocal.pod", "/info/dir", "/log", "/manifest.nix", "/manifest.json"}

// buildenv is Nix's builtin:buildenv: "derivations" lists groups of
// "ACTIVE PRIORITY N PATH1..PATHN"; every active path's tree is linked
// into the output (lower priority numbers win, equal ones collide), then
// the packages they propagate, and manifest.nix links to "manifest".
func (j *job) buildenv() (map[string]*castorev1.Node, error) {
	rel, vals, err := j.attrs("derivations", "manifest")
	if err != nil {
		return nil, err
	}
	drvs, manifest := vals[0], vals[1]
	var pkgs []envPackage
	words := strings.FieldsFunc(drvs, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	for len(words) > 0 {
		if len(words) < 3 {
			return nil, errors.New("buildenv: malformed derivations attribute")
		}
		active := words[0]
		prio, err1 := strconv.Atoi(words[1])
		n, err2 := strconv.Atoi(words[2])
		words = words[3:]
		if err1 != nil || err2 != nil || n < 0 || n > len(words) {
			return nil, errors.New("buildenv: malformed derivations attribute")
		}
		for _, p := range words[:n] {
			pkgs = append(pkgs, envPackage{path: p, active: active != "false", priority: prio})
		}
		words = words[n:]
	}
	tmp, err := j.scratch()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	p := &profile{fs: newStoreFS(j), out: filepath.Join(tmp, base(rel)), outPath: "/" + rel, priorities: map[string]int{},
		warn: func(format string, args ...any) { fmt.Fprintf(j.log, "warning: "+format+"\n", args...) }}
	if err := os.Mkdir(p.out, 0o755); err != nil {
		return nil, err
	}
	if err := p.build(pkgs); err != nil {
		return nil, err
	}
	if err := os.Symlink(manifest, filepath.Join(p.out, "manifest.nix")); err != nil {
		return nil, err
	}
	node, err := j.importTree(p.out, base(rel))
	if err != nil {
		return nil, err
	}
	return map[string]*castorev1.Node{rel: node}, nil
}

// build links the packages in priority order, then the propagated ones.
func (p *profile) build(pkgs []envPackage) error {
	done := map[string]bool{}
	postponed := map[string]bool{}
	add := func(dir string, prio int) error {
		if done[dir] {
			return nil
		}
		done[dir] = true
		if err := p.link(dir, p.out, prio); err != nil {
			return err
		}
		data, err := p.fs.readFile(dir + "/nix-support/propagated-user-env-packages")
		if err != nil {
			return nil
		}
		for _, q := range strings.FieldsFunc(string(data), func(r rune) bool { return r == ' ' || r == '\n' }) {
			if !done[q] {
				postponed[q] = true
			}
		}
		return nil
	}
	slices.SortStableFunc(pkgs, func(a, b envPackage) int {
		if a.priority != b.priority {
			return a.priority - b.priority
		}
		return strings.Compare(a.path, b.path)
	})
	for _, pkg := range pkgs {
		if pkg.active {
			if err := add(pkg.path, pkg.priority); err != nil {
				return err
			}
		}
	}
	counter := 1000
	for len(postponed) > 0 {
		batch := slices.Sorted(mapKeys(postponed))
		postponed = map[string]bool{}
		for _, dir := range batch {
			if err := add(dir, counter); err != nil {
				return err
			}
			counter++
		}
	}
	return nil
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// link is Nix's createLinks: src is a store path's directory (read through
// p.fs), dst the directory of the output tree it is merged into.
func (p *profile) link(src, dst string, prio int) error {
	names, err := p.fs.readDir(src)
	if errors.Is(err, errNotDir) {
		p.warn("not including '%s' in the user environment because it's not a directory", src)
		return nil
	} else if err != nil {
		return fmt.Errorf("reading '%s': %w", src, err)
	}
	for _, name := range names {
		if name[0] == '.' {
			continue
		}
		srcFile, dstFile := src+"/"+name, filepath.Join(dst, name)
		_, e, err := p.fs.resolve(srcFile, true)
		if errors.Is(err, errNotExist) {
			p.warn("skipping dangling symlink '%s'", p.shown(dstFile))
			continue
		} else if err != nil {
			return err
		}
		if hasAnySuffix(srcFile, skipped) {
			continue
		}
		st, lerr := os.Lstat(dstFile)
		if e.isDir() {
			if lerr == nil {
				if st.IsDir() {
					if err := p.link(srcFile, dstFile, prio); err != nil {
						return err
					}
					continue
				}
				if st.Mode()&fs.ModeSymlink != 0 {
					old, err := os.Readlink(dstFile)
					if err != nil {
						return err
					}
					target, te, err := p.fs.resolve(old, true)
					if err != nil || !te.isDir() {
						return fmt.Errorf("collision between '%s' and non-directory '%s'", srcFile, old)
					}
					if err := os.Remove(dstFile); err != nil {
						return err
					}
					if err := os.Mkdir(dstFile, 0o755); err != nil {
						return err
					}
					if err := p.link(target, dstFile, p.priorities[dstFile]); err != nil {
						return err
					}
					if err := p.link(srcFile, dstFile, prio); err != nil {
						return err
					}
					continue
				}
			}
		} else if lerr == nil {
			if st.Mode()&fs.ModeSymlink != 0 {
				prev := p.priorities[dstFile]
				if prev == prio {
					old, _ := os.Readlink(dstFile)
					return fmt.Errorf("files '%s' and '%s' have the same priority %d; use 'nix-env --set-flag priority NUMBER INSTALLED_PKGNAME' or type 'nix profile install --help' if using 'nix profile' to find out how to change the priority of one of the conflicting packages (0 being the highest priority)", srcFile, old, prio)
				}
				if prev < prio {
					continue
				}
				if err := os.Remove(dstFile); err != nil {
					return err
				}
			} else if st.IsDir() {
				return fmt.Errorf("collision between non-directory '%s' and directory '%s'", srcFile, p.shown(dstFile))
			}
		}
		if err := os.Symlink(srcFile, dstFile); err != nil {
			return err
		}
		p.priorities[dstFile] = prio
	}
	return nil
}

// shown names a path of the scratch tree as Nix names it, in the output.
func (p *profile) shown(scratch string) string {
	return p.outPath + strings.TrimPrefix(scratch, p.out)
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
