package eval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SourceStore is a store's capability (Capabilities.Sources) of adding
// sources: builtins.path, filterSource, storePath and the fetchers.
type SourceStore interface {
	// AddSource stores src and returns its store path and the sha256 of
	// its content (of the file when flat, else of its NAR). When
	// src.Expected is set and the content's path differs, it stores
	// nothing and returns a *MismatchError.
	AddSource(ctx context.Context, src *Source) (string, [32]byte, error)
	// FixedPath returns, without storing anything, the store path of
	// content named name whose sha256 is sum: of its NAR serialisation
	// when recursive, else of the file's bytes (a flat fixed output).
	FixedPath(name string, recursive bool, sum [32]byte) (string, error)
	// IsValidPath reports whether the store holds the store path p.
	IsValidPath(ctx context.Context, p string) (bool, error)
}

// Source is a file or tree on disk to be added to the store.
type Source struct {
	// Path is the absolute path of the file or directory.
	Path string
	// Name is the store path's name.
	Name string
	// Recursive stores the tree by its NAR serialisation (a source path);
	// otherwise Path must be a regular file, stored flat.
	Recursive bool
	// Keep, when not nil, holds the paths below Path (relative, with
	// '/' separators) that belong to the tree; everything else is left
	// out. Path itself always belongs.
	Keep map[string]bool
	// Expected, when set, is the store path the content must have.
	Expected string
}

// MismatchError is AddSource's error when the content does not have the
// expected store path.
type MismatchError struct {
	// Path is the store path the content has.
	Path string
	// SHA256 is the content's hash: of the file (flat) or of its NAR.
	SHA256 [32]byte
}

func (e *MismatchError) Error() string { return "store path mismatch: the content has " + e.Path }

// storeBuiltinImpls are the store builtins the registration loop in
// builtins.go dispatches to when the evaluator has a store.
var storeBuiltinImpls = map[string]builtinFn{
	"path": func(ev *Evaluator, a []Value, pos Pos) Value {
		return ev.builtinPath(a[0], pos)
	},
	"filterSource": func(ev *Evaluator, a []Value, pos Pos) Value {
		filter := ev.forceFunction(a[0], pos)
		p := ev.realisedPath(a[1], pos)
		return ev.addSource(p, baseNameOf(p), filter, true, nil, pos)
	},
	"storePath":    (*Evaluator).storePathBuiltin,
	"fetchurl":     func(ev *Evaluator, a []Value, pos Pos) Value { return ev.fetchURL(a[0], false, pos) },
	"fetchTarball": func(ev *Evaluator, a []Value, pos Pos) Value { return ev.fetchURL(a[0], true, pos) },
	"fetchGit":     (*Evaluator).fetchGitBuiltin,
}

// sourceStore returns the store's SourceStore capability or fails.
func (ev *Evaluator) sourceStore(builtin string, pos Pos) SourceStore {
	ss := ev.caps.Sources
	ok := ss != nil
	if !ok {
		errorf(KindEval, pos, "builtins.%s: this store cannot add sources", builtin)
	}
	return ss
}

// builtinPath is builtins.path.
func (ev *Evaluator) builtinPath(arg Value, pos Pos) Value {
	attrs := ev.forceAttrs(arg, pos)
	var path, name string
	var filter Value
	var sum []byte
	recursive := true
	for _, at := range attrs.All() {
		switch at.Name {
		case "path":
			path = ev.realisedPath(at.Val, attrPos(at, pos))
		case "name":
			name = ev.forceStr(at.Val, attrPos(at, pos)).S
		case "filter":
			filter = ev.forceFunction(at.Val, attrPos(at, pos))
		case "recursive":
			recursive = ev.forceBool(at.Val, attrPos(at, pos))
		case "sha256":
			if s := ev.forceStr(at.Val, attrPos(at, pos)).S; s != "" {
				_, sum = parseAnyHash(s, "sha256", attrPos(at, pos))
			}
		default:
			errorf(KindEval, attrPos(at, pos), "unsupported argument '%s' to 'addPath'", at.Name)
		}
	}
	if path == "" {
		errorf(KindEval, pos, "'path' required")
	}
	if name == "" {
		name = baseNameOf(path)
	}
	return ev.addSource(path, name, filter, recursive, sum, pos)
}

func attrPos(at Attr, pos Pos) Pos {
	if at.Pos != nil {
		return *at.Pos
	}
	return pos
}

// addSource adds path to the store as builtins.path does: with a known
// hash whose path is already valid nothing is read; otherwise the tree
// (filtered) is added and must have the expected path.
func (ev *Evaluator) addSource(path, name string, filter Value, recursive bool, sum []byte, pos Pos) Value {
	ss := ev.sourceStore("path", pos)
	src := &Source{Name: name, Recursive: recursive}
	if sum != nil {
		exp, err := ss.FixedPath(name, recursive, [32]byte(sum))
		if err != nil {
			errorf(KindEval, pos, "%v", err)
		}
		if ev.isValid(ss, exp, pos) {
			return &Str{S: exp, Ctx: NewContext(exp)}
		}
		src.Expected = exp
	}
	src.Path = ev.diskPath(path)
	st, err := os.Lstat(src.Path)
	if err != nil {
		errorf(KindEval, pos, "getting status of '%s': %v", path, unwrapPathErr(err))
	}
	if !recursive && !st.Mode().IsRegular() {
		errorf(KindEval, pos, "reading from file: Is a directory")
	}
	if filter != nil && recursive && st.IsDir() {
		src.Keep = map[string]bool{}
		ev.filterTree(src.Path, path, "", filter, src.Keep, pos)
	}
	p, _, err := ss.AddSource(ev.ctx, src)
	var mm *MismatchError
	if errors.As(err, &mm) {
		errorf(KindEval, pos, "store path mismatch in (possibly filtered) path added from '%s'", path)
	}
	if err != nil {
		errorf(KindEval, pos, "%v", err) // the store's errors name the path
	}
	return &Str{S: p, Ctx: NewContext(p)}
}

// filterTree calls filter on every entry below root in the order Nix's
// dump visits them (sorted names, depth first, skipping rejected
// directories) and records the accepted ones in keep. The filter sees
// the entries' paths below shown, the path root is read as.
func (ev *Evaluator) filterTree(root, shown, rel string, filter Value, keep map[string]bool, pos Pos) {
	dir := filepath.Join(root, rel)
	ents, err := os.ReadDir(dir)
	if err != nil {
		errorf(KindEval, pos, "opening directory '%s': %v", filepath.Join(shown, rel), unwrapPathErr(err))
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	for _, e := range ents {
		r := e.Name()
		if rel != "" {
			r = rel + "/" + r
		}
		abs := shown + "/" + r
		f := ev.force(ev.callValue(filter, MkStr(abs), pos))
		ok := ev.forceBool(ev.callValue(ev.forceFunction(f, pos), MkStr(fileType(e.Type())), pos), pos)
		if !ok {
			continue
		}
		keep[r] = true
		if e.IsDir() {
			ev.filterTree(root, shown, r, filter, keep, pos)
		}
	}
}

func (ev *Evaluator) isValid(ss SourceStore, p string, pos Pos) bool {
	ok, err := ss.IsValidPath(ev.ctx, p)
	if err != nil {
		errorf(KindEval, pos, "checking '%s': %v", p, err)
	}
	return ok
}

// storePathBuiltin is builtins.storePath: a path in the store, which must
// be valid there unless the store is read-only (Capabilities.ReadOnly), as a
// string whose context is its store path.
func (ev *Evaluator) storePathBuiltin(a []Value, pos Pos) Value {
	if ev.opts.PureEval {
		errorf(KindEval, pos, "'builtins.storePath' is not allowed in pure evaluation mode")
	}
	var ctx ctxBuilder
	p := ev.coerceToString(a[0], pos, &ctx, false, false)
	if p == "" || p[0] != '/' {
		ev.notAbsolute(p, a[0], pos)
	}
	p = canonPath(p)
	dir := ev.opts.Store.StoreDir()
	if !strings.HasPrefix(p, dir+"/") || len(p) <= len(dir)+1 {
		errorf(KindEval, pos, "path '%s' is not in the Nix store", p)
	}
	sp := p
	if i := strings.IndexByte(p[len(dir)+1:], '/'); i >= 0 {
		sp = p[:len(dir)+1+i]
	}
	ss := ev.sourceStore("storePath", pos)
	if !ev.caps.ReadOnly && !ev.isValid(ss, sp, pos) {
		errorf(KindEval, pos, "path '%s' does not exist and cannot be created", sp)
	}
	return &Str{S: p, Ctx: MergeContexts(ctx.result(), NewContext(sp))}
}
