// Package repl is the engine of `tvix repl`: it evaluates lines against a
// scope of bindings (name = expr, :l file), prints values like nix repl,
// and completes variable and attribute names; Run is the terminal loop
// around it (line editing, completion, history, in terminal.go).
package repl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/p2pnix/tvix/eval"
)

// REPL holds the evaluator and the bindings made so far.
type REPL struct {
	ev    *eval.Evaluator
	scope map[string]eval.Value
	out   io.Writer
	wd    string
}

// New returns a REPL writing results and errors to out.
func New(ev *eval.Evaluator, out io.Writer) *REPL {
	wd, _ := os.Getwd()
	return &REPL{ev: ev, scope: map[string]eval.Value{}, out: out, wd: wd}
}

func (r *REPL) scopeSet() *eval.Attrs {
	attrs := make([]eval.Attr, 0, len(r.scope))
	for k, v := range r.scope {
		attrs = append(attrs, eval.Attr{Name: k, Val: v})
	}
	return eval.NewAttrs(attrs)
}

func (r *REPL) eval(src string) (eval.Value, error) {
	v, err := r.ev.EvalExprIn(src, "«repl»", r.wd, r.scopeSet())
	if err != nil {
		return nil, err
	}
	return r.ev.ForceValue(v)
}

var bindingRe = regexp.MustCompile(`^\s*([a-zA-Z_][a-zA-Z0-9_'-]*)\s*=([^=].*)$`)

const help = `The following commands are available:

  <expr>        Evaluate and print expression
  <x> = <expr>  Bind expression to variable
  :l <path>     Load Nix expression and add its attributes to scope
  :p <expr>     Evaluate and print expression recursively
  :t <expr>     Describe result of evaluation
  :q            Exit
  :?            Show this help
`

// Line handles one input line. It returns true when the user asked to
// quit.
func (r *REPL) Line(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	if strings.HasPrefix(line, ":") {
		cmd, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		switch cmd {
		case ":q", ":quit":
			return true
		case ":?", ":help":
			fmt.Fprint(r.out, help)
		case ":l", ":load":
			r.load(arg)
		case ":p", ":print":
			r.print(arg, true)
		case ":t", ":type":
			if v, err := r.eval(arg); err != nil {
				r.report(err)
			} else {
				fmt.Fprintln(r.out, describe(v))
			}
		default:
			fmt.Fprintf(r.out, "error: unknown command '%s'\n", cmd)
		}
		return false
	}
	if m := bindingRe.FindStringSubmatch(line); m != nil {
		v, err := r.ev.EvalExprIn(m[2], "«repl»", r.wd, r.scopeSet())
		if err != nil {
			r.report(err)
			return false
		}
		r.scope[m[1]] = v
		return false
	}
	// Like nix repl, show the value's contents rather than <CODE>.
	r.print(line, true)
	return false
}

func (r *REPL) print(src string, strict bool) {
	v, err := r.eval(src)
	if err != nil {
		r.report(err)
		return
	}
	out, err := r.ev.EvalOutput(v, "", nil, eval.OutputOptions{Strict: strict})
	if err != nil {
		r.report(err)
		return
	}
	fmt.Fprintln(r.out, out)
}

func (r *REPL) load(path string) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.wd, path)
	}
	v, err := r.ev.EvalFile(path)
	if err != nil {
		r.report(err)
		return
	}
	s, ok := v.(*eval.Attrs)
	if !ok {
		fmt.Fprintf(r.out, "error: %s does not evaluate to a set but to %s\n", path, describe(v))
		return
	}
	for _, a := range s.All() {
		r.scope[a.Name] = a.Val
	}
	fmt.Fprintf(r.out, "Added %d variables.\n", s.Len())
}

func (r *REPL) report(err error) {
	if e, ok := err.(*eval.Error); ok {
		fmt.Fprintln(r.out, e.Format(false))
		return
	}
	fmt.Fprintln(r.out, "error:", err)
}

// describe is what :t prints: the value's type as builtins.typeOf names it.
func describe(v eval.Value) string {
	switch v.Type() {
	case "set":
		return "a set"
	case "list":
		return "a list"
	case "lambda":
		return "a function"
	case "int":
		return "an integer"
	case "float":
		return "a float"
	case "bool":
		return "a Boolean"
	case "string":
		return "a string"
	case "path":
		return "a path"
	case "null":
		return "null"
	}
	return v.Type()
}

// Complete returns the completions of the identifier or attribute path
// that ends the input: variables in scope and builtins, or the attribute
// names of the set a dotted path names.
func (r *REPL) Complete(input string) []string {
	i := len(input)
	for i > 0 && strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'-.", rune(input[i-1])) {
		i--
	}
	word := input[i:]
	var candidates []string
	if dot := strings.LastIndexByte(word, '.'); dot >= 0 {
		prefix, partial := word[:dot], word[dot+1:]
		v, err := r.eval(prefix)
		if err != nil {
			return nil
		}
		s, ok := v.(*eval.Attrs)
		if !ok {
			return nil
		}
		for _, n := range s.Names() {
			if strings.HasPrefix(n, partial) {
				candidates = append(candidates, prefix+"."+n)
			}
		}
	} else {
		for n := range r.scope {
			if strings.HasPrefix(n, word) {
				candidates = append(candidates, n)
			}
		}
		for _, n := range r.ev.Builtins().Names() {
			if strings.HasPrefix(n, word) && !strings.HasPrefix(n, "__") {
				candidates = append(candidates, n)
			}
		}
		if strings.HasPrefix("builtins", word) {
			candidates = append(candidates, "builtins")
		}
	}
	sort.Strings(candidates)
	return candidates
}
