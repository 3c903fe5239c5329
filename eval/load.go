package eval

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/p2pnix/tvix/eval/syntax"
)

// exprText is how an assertion's condition appears in its error message:
// as --parse prints it, as in Nix 2.26.
var exprText = syntax.String

// ParseError converts an error parsing src into an *Error that Format
// prints as Nix does, with the snippet of src at its position. Other
// errors are returned as they are.
func ParseError(err error, src []byte) error {
	var l syntax.ErrorList
	if !errors.As(err, &l) || len(l) == 0 {
		return err
	}
	setSnippetSource(l[0].Pos.File, string(src))
	return parseError(err)
}

// parseError converts a syntax error into an evaluation error.
func parseError(err error) *Error {
	var l syntax.ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return &Error{Kind: KindParse, Msg: l[0].Msg, Pos: convPos(l[0].Pos), Err: err}
	}
	return &Error{Kind: KindParse, Msg: err.Error(), Err: err}
}

// parseOptions are the parser's options for files and expressions of ev:
// relative paths resolved against baseDir, warnings printed as Nix does.
func (ev *Evaluator) parseOptions(baseDir string) syntax.Options {
	return syntax.Options{BaseDir: baseDir, Warn: func(msg string) { fmt.Fprintf(ev.stderr, "warning: %s\n", msg) }, Name: ev.intern}
}

// Parse parses src as nix-instantiate --parse does: warnings go to ev's
// stderr, and every variable must be bound (by the expression or the
// global scope), as when it is evaluated. name labels positions; relative
// paths resolve against baseDir.
func (ev *Evaluator) Parse(src []byte, name, baseDir string) (syntax.Expr, error) {
	setSnippetSource(name, string(src))
	e, err := syntax.Parse(name, src, ev.parseOptions(baseDir))
	if err != nil {
		return nil, parseError(err)
	}
	if _, err := ev.compileTop(e, nil); err != nil {
		return nil, err
	}
	return e, nil
}

// compileTop compiles a parsed expression in the global scope, or in a
// scope made of the given names (scopedImport).
func (ev *Evaluator) compileTop(e syntax.Expr, names []string) (n node, err error) {
	err = ev.catch(func() {
		var sc *scope
		if names != nil {
			sc = &scope{names: make(map[string]int, len(names))}
			for i, name := range names {
				sc.names[name] = i
			}
		}
		n = (&compiler{ev: ev}).compile(e, sc)
	})
	return n, err
}

// EvalExpr parses and evaluates src, resolving relative paths against
// baseDir; name labels positions (nix-instantiate uses «string»). The
// result is in weak head normal form.
func (ev *Evaluator) EvalExpr(src, name, baseDir string) (Value, error) {
	setSnippetSource(name, src) // before parsing: syntax errors show it too
	e, err := syntax.Parse(name, []byte(src), ev.parseOptions(baseDir))
	if err != nil {
		return nil, parseError(err)
	}
	n, err := ev.compileTop(e, nil)
	if err != nil {
		return nil, err
	}
	var v Value
	err = ev.catch(func() { v = n.eval(ev, nil) })
	return v, err
}

// EvalFile evaluates the file at path (a directory means its default.nix).
func (ev *Evaluator) EvalFile(path string) (Value, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	var v Value
	err = ev.catch(func() { v = ev.force(ev.importPath(abs, Pos{})) })
	return v, err
}

// resolveImportPath maps a directory to its default.nix.
func (ev *Evaluator) resolveImportPath(p string) string {
	if st, err := os.Stat(ev.diskPath(p)); err == nil && st.IsDir() {
		return filepath.Join(p, "default.nix")
	}
	return p
}

// corepkgsDir is where Nix 2.8 puts its built-in files: <nix/NAME>
// resolves to corepkgsDir/NAME when the search path has no nix/NAME.
const corepkgsDir = "/__corepkgs__"

//go:embed corepkgs/fetchurl.nix
var corepkgsFetchurl []byte

// corepkgs are the built-in files, by path; only fetchurl.nix exists in
// Nix 2.8.
var corepkgs = map[string][]byte{corepkgsDir + "/fetchurl.nix": corepkgsFetchurl}

// parseFile parses and compiles a file, caching the compiled form.
func (ev *Evaluator) parseFile(p string, names []string, pos Pos) node {
	if names == nil {
		if n, ok := ev.parsed[p]; ok {
			return n
		}
	}
	src, ok := corepkgs[p]
	if !ok {
		var err error
		src, err = os.ReadFile(ev.diskPath(p))
		if err != nil {
			// Nix 2.26 checks that the path given exists before it
			// looks for a directory's default.nix.
			if given := filepath.Dir(p); errors.Is(err, fs.ErrNotExist) && (filepath.Base(p) != "default.nix" || !exists(ev.diskPath(given))) {
				errorf(KindEval, pos, "path '%s' does not exist", p)
			}
			errorf(KindEval, pos, "opening file '%s': %v", p, unwrapPathErr(err))
		}
	}
	setSnippetSource(p, string(src))
	e, err := syntax.Parse(p, src, ev.parseOptions(filepath.Dir(p)))
	if err != nil {
		panic(parseError(err))
	}
	c := &compiler{ev: ev}
	var sc *scope
	if names != nil {
		sc = &scope{names: make(map[string]int, len(names))}
		for i, name := range names {
			sc.names[name] = i
		}
	}
	n := c.compile(e, sc)
	if names == nil {
		ev.parsed[p] = n
	}
	return n
}

// unwrapPathErr returns the system error inside a path error, worded as
// C's strerror words it (Go's messages are the same but lower-cased).
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if msg := errno.Error(); msg != "" {
			return errors.New(strings.ToUpper(msg[:1]) + msg[1:])
		}
	}
	return err
}

// importPath implements import: the file's value, evaluated once per path.
// Its value is recorded under the path as given too, so that importing
// it again costs no stat.
func (ev *Evaluator) importPath(p string, pos Pos) Value {
	if v, ok := ev.imports[p]; ok {
		return v
	}
	given := p
	p = ev.resolveImportPath(p)
	if v, ok := ev.imports[p]; ok {
		ev.imports[given] = v
		return v
	}
	n := ev.parseFile(p, nil, pos)
	t := &Thunk{n: n, v: noEnv}
	ev.imports[p] = t
	ev.imports[given] = t
	return t
}

// scopedImport evaluates a file with the attributes of scope in scope.
func (ev *Evaluator) scopedImport(scopeSet *Attrs, p string, pos Pos) Value {
	p = ev.resolveImportPath(p)
	names := scopeSet.Names()
	n := ev.parseFile(p, names, pos)
	env := newEnv(nil, len(names))
	for i := range scopeSet.All() {
		env.slots()[i] = scopeSet.All()[i].Val
	}
	return n.eval(ev, env)
}

// ParseSearchPath parses NIX_PATH-style entries ("a=/x:/y").
func ParseSearchPath(s string) []SearchPathEntry {
	var out []SearchPathEntry
	for _, part := range splitNixPath(s) {
		if part == "" {
			continue
		}
		out = append(out, ParseSearchPathEntry(part))
	}
	return out
}

// ParseSearchPathEntry parses one -I argument ("name=path" or "path").
func ParseSearchPathEntry(s string) SearchPathEntry {
	if i := strings.IndexByte(s, '='); i >= 0 {
		return SearchPathEntry{Prefix: s[:i], Path: s[i+1:]}
	}
	return SearchPathEntry{Path: s}
}

// splitNixPath splits on ':' except inside URIs ("https://…").
func splitNixPath(s string) []string {
	var out []string
	cur := ""
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			if strings.HasPrefix(s[i:], "://") {
				cur += "://"
				i += 2
				continue
			}
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(s[i])
	}
	return append(out, cur)
}

// findFile resolves <path> against the search path as Nix's findFile does.
func (ev *Evaluator) findFile(entries *List, path string, pos Pos) Value {
	for _, it := range entries.Items {
		e := ev.forceAttrs(it, pos)
		prefix := ""
		if pv, ok := e.Get("prefix"); ok {
			prefix = ev.forceStr(pv, pos).S
		}
		pv, ok := e.Get("path")
		if !ok {
			errorf(KindEval, pos, "attribute 'path' missing")
		}
		var ctx ctxBuilder
		root := ev.coerceToString(pv, pos, &ctx, false, false)
		var rest string
		if prefix == "" {
			rest = path
		} else {
			if !strings.HasPrefix(path, prefix) {
				continue
			}
			if len(path) > len(prefix) && path[len(prefix)] != '/' {
				continue
			}
			rest = strings.TrimPrefix(path[len(prefix):], "/")
		}
		cand := root
		if rest != "" {
			cand = root + "/" + rest
		}
		if !filepath.IsAbs(cand) {
			if abs, err := filepath.Abs(cand); err == nil {
				cand = abs
			}
		}
		if _, err := os.Stat(cand); err == nil {
			return Path(canonPath(cand))
		}
	}
	if rest, ok := strings.CutPrefix(path, "nix/"); ok {
		return Path(corepkgsDir + "/" + rest)
	}
	errorf(KindThrow, pos, "file '%s' was not found in the Nix search path (add it using $NIX_PATH or -I)", path)
	return nil
}

// EvalExprIn is EvalExpr with extra variables in scope (the REPL's
// bindings); they shadow builtins but not the expression's own bindings.
func (ev *Evaluator) EvalExprIn(src, name, baseDir string, scope *Attrs) (Value, error) {
	setSnippetSource(name, src) // before parsing: syntax errors show it too
	e, err := syntax.Parse(name, []byte(src), ev.parseOptions(baseDir))
	if err != nil {
		return nil, parseError(err)
	}
	all := scope.All()
	names := make([]string, len(all))
	for i := range all {
		names[i] = all[i].Name
	}
	n, err := ev.compileTop(e, names)
	if err != nil {
		return nil, err
	}
	env := newEnv(nil, len(names))
	for i := range all {
		env.slots()[i] = all[i].Val
	}
	var v Value
	err = ev.catch(func() { v = n.eval(ev, env) })
	return v, err
}

// ForceValue forces v to weak head normal form, returning evaluation
// errors instead of raising them.
func (ev *Evaluator) ForceValue(v Value) (out Value, err error) {
	err = ev.catch(func() { out = ev.force(v) })
	return
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
