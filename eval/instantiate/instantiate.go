// Package instantiate implements the nix-instantiate command line on top
// of the evaluator: argument parsing, auto-arguments, attribute paths and
// output modes. cmd/tvix and the test harness share it.
package instantiate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/eval/syntax"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storeurl"
)

// Options are nix-instantiate's evaluation flags.
type Options struct {
	EvalOnly, Strict, JSON, XML, NoLocation, Parse, FromExpr, ShowTrace bool
	AttrPaths                                                           []string // -A
	Includes                                                            []string // -I
	Args                                                                []AutoArg
	// MaxCallDepth is Nix's max-call-depth setting; 0 keeps the default.
	MaxCallDepth int
	Files        []string // files, or expressions with FromExpr

	// StoreURL names the store (see storeurl.Open) that instantiation
	// without --eval writes the .drv files, builtins.toFile results and
	// added sources into, and in which the evaluation finds paths made
	// before (pinned fetches, storePath); empty means none. With --eval
	// it is only read.
	StoreURL string

	store *computeStore // set by tests to read the .drv files made
}

// AutoArg is one --arg (an expression) or --argstr (a string).
type AutoArg struct {
	Name, Value string
	IsString    bool
}

// ParseArgs parses nix-instantiate's command line by hand:
// --arg and --argstr take two values, which pflag cannot express.
func ParseArgs(args []string) (*Options, error) {
	o := &Options{}
	if err := o.applyConfig(os.Getenv("NIX_CONFIG")); err != nil {
		return nil, fmt.Errorf("%v\nTry 'nix-instantiate --help' for more information.", err)
	}
	need := func(i, n int, flag string) error {
		if i+n >= len(args) {
			return fmt.Errorf("flag '%s' requires %d argument(s)", flag, n)
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch a {
		case "--eval", "--eval-only":
			o.EvalOnly = true
		case "--strict":
			o.Strict = true
		case "--json":
			o.JSON = true
		case "--xml":
			o.XML = true
		case "--no-location":
			o.NoLocation = true
		case "--parse", "--parse-only":
			o.Parse = true
		case "-E", "--expr":
			o.FromExpr = true
		case "--show-trace":
			o.ShowTrace = true
		case "--no-show-trace":
			o.ShowTrace = false
		case "--read-write-mode", "--readonly-mode", "--add-root", "--indirect", "--impure":
			if a == "--add-root" {
				i++
			}
		case "-A", "--attr":
			if err := need(i, 1, a); err != nil {
				return nil, err
			}
			o.AttrPaths = append(o.AttrPaths, args[i+1])
			i++
		case "-I", "--include":
			if err := need(i, 1, a); err != nil {
				return nil, err
			}
			o.Includes = append(o.Includes, args[i+1])
			i++
		case "--arg", "--argstr":
			if err := need(i, 2, a); err != nil {
				return nil, err
			}
			o.Args = append(o.Args, AutoArg{Name: args[i+1], Value: args[i+2], IsString: a == "--argstr"})
			i += 2
		case "--max-call-depth":
			if err := need(i, 1, a); err != nil {
				return nil, err
			}
			if err := o.setMaxCallDepth(args[i+1]); err != nil {
				return nil, err
			}
			i++
		case "--option":
			if err := need(i, 2, a); err != nil {
				return nil, err
			}
			if args[i+1] == "max-call-depth" {
				if err := o.setMaxCallDepth(args[i+2]); err != nil {
					return nil, err
				}
			}
			i += 2
		case "-h", "--help":
			return nil, ErrHelp
		default:
			if strings.HasPrefix(a, "-I") && len(a) > 2 {
				o.Includes = append(o.Includes, a[2:])
				continue
			}
			if strings.HasPrefix(a, "-") && a != "-" {
				return nil, fmt.Errorf("unrecognised flag '%s'\nTry 'nix-instantiate --help' for more information.", a)
			}
			o.Files = append(o.Files, a)
		}
	}
	return o, nil
}

// applyConfig applies the settings of conf, in nix.conf's format (as
// NIX_CONFIG holds it), that bear on evaluation here: show-trace and
// max-call-depth. Flags given after override them.
func (o *Options) applyConfig(conf string) error {
	for _, line := range strings.Split(conf, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		words := strings.Fields(line)
		if len(words) == 0 || words[0] == "include" || words[0] == "!include" {
			continue
		}
		if len(words) < 2 || words[1] != "=" {
			return fmt.Errorf("syntax error in configuration line '%s' in 'NIX_CONFIG'", strings.TrimSpace(line))
		}
		value := strings.Join(words[2:], " ")
		switch words[0] {
		case "show-trace":
			switch value {
			case "true", "yes", "1":
				o.ShowTrace = true
			case "false", "no", "0":
				o.ShowTrace = false
			default:
				return fmt.Errorf("Boolean setting 'show-trace' has invalid value '%s'", value)
			}
		case "max-call-depth":
			if err := o.setMaxCallDepth(value); err != nil {
				return err
			}
		}
	}
	return nil
}

func (o *Options) setMaxCallDepth(v string) error {
	n, err := strconv.ParseUint(v, 10, 31)
	if err != nil || n == 0 {
		return fmt.Errorf("setting 'max-call-depth' has invalid value '%s'", v)
	}
	o.MaxCallDepth = int(n)
	return nil
}

// ErrHelp is returned by ParseArgs for -h/--help.
var ErrHelp = errors.New("help requested")

// Failure is an evaluation or parse error; Msg is the whole message in
// nix-instantiate's format ("error: …", with the position and, under
// --show-trace, the trace). The exit status for it is 1.
type Failure struct{ Msg string }

func (e *Failure) Error() string { return e.Msg }

// SearchPath is the search path of -I entries followed by $NIX_PATH's.
func SearchPath(includes []string) []eval.SearchPathEntry {
	var sp []eval.SearchPathEntry
	for _, inc := range includes {
		sp = append(sp, eval.ParseSearchPathEntry(inc))
	}
	return append(sp, eval.ParseSearchPath(os.Getenv("NIX_PATH"))...)
}

func Run(ctx context.Context, o *Options, stdin io.Reader, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	fail := func(err error) error {
		msg := "error: " + err.Error()
		var ee *eval.Error
		if errors.As(err, &ee) {
			msg = ee.Format(o.ShowTrace)
			if ee.Usage {
				msg += "\nTry 'nix-instantiate --help' for more information."
			}
		}
		return &Failure{Msg: msg}
	}
	inputs := o.Files
	if len(inputs) == 0 {
		if o.FromExpr {
			return fail(errors.New("no expression given"))
		}
		inputs = []string{"./default.nix"}
	}
	if o.Parse {
		ev := eval.New(ctx, eval.Options{SearchPath: SearchPath(o.Includes), Stderr: stderr})
		for _, in := range inputs {
			var e syntax.Expr
			var src []byte
			var err error
			switch {
			case o.FromExpr:
				e, err = ev.Parse([]byte(in), "«string»", "")
			case in == "-":
				src, err = io.ReadAll(stdin)
				if err == nil {
					e, err = ev.Parse(src, "«stdin»", "")
				}
			default:
				var abs string
				if abs, err = filepath.Abs(in); err == nil {
					src, err = os.ReadFile(in)
				}
				if err == nil {
					e, err = ev.Parse(src, abs, filepath.Dir(abs))
				}
			}
			if err != nil {
				return fail(err)
			}
			fmt.Fprintln(stdout, PrintParsed(e))
		}
		return nil
	}
	st := o.store
	if st == nil {
		st = newComputeStore()
	}
	defer st.cleanup()
	st.readOnly = o.EvalOnly
	st.noFiles = o.EvalOnly
	// The target store is opened when first needed: to look a path up
	// while evaluating, or to write what instantiation made.
	var closeTarget func() error
	if o.StoreURL != "" {
		st.openTarget = func(ctx context.Context) (*store.Store, error) {
			dst, err := storeurl.Open(ctx, o.StoreURL)
			if err == nil {
				closeTarget = dst.Close
			}
			return dst, err
		}
	}
	defer func() {
		if closeTarget != nil {
			closeTarget()
		}
	}()
	ev := eval.New(ctx, eval.Options{SearchPath: SearchPath(o.Includes), Stderr: stderr, Store: st, LazyArgs: !o.Strict,
		MaxCallDepth: o.MaxCallDepth, ShowTrace: o.ShowTrace})
	autoArgs, err := buildAutoArgs(ev, o.Args)
	if err != nil {
		return fail(err)
	}
	// Without --eval, the drv paths are printed only once what the
	// evaluation made is in the target store; when writing fails nothing
	// is printed. An evaluation error after some derivations still
	// writes and prints those, as nix-instantiate has by then.
	var drvPaths []string
	finish := func(evalErr error) error {
		if o.EvalOnly || (evalErr != nil && len(drvPaths) == 0) {
			return evalErr
		}
		err := st.write(ctx)
		if c := closeTarget; err == nil && c != nil {
			closeTarget = nil
			err = c()
		}
		if err != nil {
			return fail(fmt.Errorf("cannot write to store '%s': %w", o.StoreURL, err))
		}
		for _, p := range drvPaths {
			fmt.Fprintln(stdout, p)
		}
		return evalErr
	}
	wd, _ := os.Getwd()
	for _, in := range inputs {
		var root eval.Value
		switch {
		case o.FromExpr:
			root, err = ev.EvalExpr(in, "«string»", wd)
		case in == "-":
			var src []byte
			src, err = io.ReadAll(stdin)
			if err == nil {
				root, err = ev.EvalExpr(string(src), "«stdin»", wd)
			}
		default:
			p := in
			if strings.HasPrefix(p, "<") && strings.HasSuffix(p, ">") {
				root, err = ev.EvalExpr(p, "«string»", wd)
			} else {
				if !filepath.IsAbs(p) {
					p = filepath.Join(wd, p)
				}
				root, err = ev.EvalFile(p)
			}
		}
		if err != nil {
			return finish(fail(err))
		}
		paths := o.AttrPaths
		if len(paths) == 0 {
			paths = []string{""}
		}
		for _, ap := range paths {
			if !o.EvalOnly {
				drvs, err := ev.DrvPaths(root, ap, autoArgs)
				if err != nil {
					return finish(fail(err))
				}
				drvPaths = append(drvPaths, drvs...)
				continue
			}
			out, err := ev.EvalOutput(root, ap, autoArgs, eval.OutputOptions{
				Strict: o.Strict, JSON: o.JSON, XML: o.XML, Location: !o.NoLocation,
			})
			if err != nil {
				return fail(err)
			}
			if o.XML {
				// The XML document ends with its own newline.
				fmt.Fprint(stdout, out)
			} else {
				fmt.Fprintln(stdout, out)
			}
		}
	}
	if !o.EvalOnly {
		return finish(nil)
	}
	if c := closeTarget; c != nil {
		closeTarget = nil
		if err := c(); err != nil {
			return fail(err)
		}
	}
	return nil
}

// buildAutoArgs evaluates --arg expressions and collects --argstr values.
func buildAutoArgs(ev *eval.Evaluator, args []AutoArg) (*eval.Attrs, error) {
	if len(args) == 0 {
		return nil, nil
	}
	wd, _ := os.Getwd()
	var attrs []eval.Attr
	for _, a := range args {
		if a.IsString {
			attrs = append(attrs, eval.Attr{Name: a.Name, Val: eval.MkStr(a.Value)})
			continue
		}
		v, err := ev.EvalExpr(a.Value, "«string»", wd)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, eval.Attr{Name: a.Name, Val: v})
	}
	return eval.NewAttrs(attrs), nil
}

// PrintParsed renders a parsed expression for --parse, as
// nix-instantiate --parse does.
func PrintParsed(e syntax.Expr) string { return syntax.String(e) }
