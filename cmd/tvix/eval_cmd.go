package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/p2pnix/tvix/eval"
	"github.com/p2pnix/tvix/eval/instantiate"
	"github.com/p2pnix/tvix/eval/repl"
	"github.com/spf13/cobra"
)

var instantiateCmd = &cobra.Command{
	Use:   "instantiate [flags] [FILE... | -E EXPR...]",
	Short: "Evaluate Nix expressions like nix-instantiate (--eval, --strict, --json, --xml, --parse, -A, -I, --arg, --argstr)",
	Long: `instantiate accepts nix-instantiate's evaluation flags:
  --eval --strict --json --xml --no-location --parse -E/--expr
  -A ATTRPATH  -I [NAME=]PATH  --arg NAME EXPR  --argstr NAME VALUE
  --show-trace --no-show-trace --max-call-depth N --impure
NIX_PATH is honoured, and NIX_CONFIG's show-trace and max-call-depth. Without --eval, the derivations the expression
yields are instantiated and their drv paths printed, one per line
("!output" added for outputs other than out), as nix-instantiate does;
the .drv files, builtins.toFile results and sources copied by path
interpolation are written to the store ($TVIX_STORE, else the running
node's, else the local one).`,
	DisableFlagParsing: true,
	RunE: func(cmd *cobra.Command, args []string) error {
		args, err := takeRootFlags(args, instantiateValued)
		if err != nil {
			return &exitStatusError{err: err, code: 1}
		}
		o, err := instantiate.ParseArgs(args)
		if err == instantiate.ErrHelp {
			return cmd.Help()
		}
		if err != nil {
			return &exitStatusError{err: err, code: 1}
		}
		if !o.Parse {
			// Written to without --eval; with it, only read.
			o.StoreURL = selectedStoreURL()
		}
		instantiate.TuneGCForEval(instantiate.EvalGCFloor)
		defer instantiate.StartProfile()()
		return quiet(instantiate.Run(cmd.Context(), o, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()))
	},
}

// instantiateValued is how many values nix-instantiate's flags that take
// any have (see instantiate.ParseArgs).
var instantiateValued = map[string]int{
	"-A": 1, "--attr": 1, "-I": 1, "--include": 1, "--add-root": 1,
	"--arg": 2, "--argstr": 2, "--option": 2, "--max-call-depth": 1,
}

// quiet turns an evaluation failure into exit status 1; main prints it
// after its own "error:" prefix (a traced error's message starts with a
// newline, as Nix prints its frames below a bare "error:").
func quiet(err error) error {
	var f *instantiate.Failure
	if errors.As(err, &f) {
		msg := strings.TrimPrefix(f.Msg, "error:")
		return &exitStatusError{err: errors.New(strings.TrimPrefix(msg, " ")), code: 1}
	}
	return err
}

var evalFlags struct {
	json, strict, showTrace bool
	expr                    string
	attr                    string
	includes                []string
}

var evalCmd = &cobra.Command{
	Use:   "eval [--json] [--strict] (-E EXPR | FILE)",
	Short: "Evaluate a Nix expression and print its value",
	Args:  cobra.MaximumNArgs(1),
	RunE: func(cmd *cobra.Command, args []string) error {
		// JSON output is always strict here (nix-instantiate fails on thunks).
		o := &instantiate.Options{EvalOnly: true, Strict: evalFlags.strict || evalFlags.json, JSON: evalFlags.json, ShowTrace: evalFlags.showTrace, Includes: evalFlags.includes}
		switch {
		case evalFlags.expr != "" && len(args) > 0:
			return errors.New("give either -E EXPR or FILE, not both")
		case evalFlags.expr != "":
			o.FromExpr = true
			o.Files = []string{evalFlags.expr}
		case len(args) == 1:
			o.Files = args
		default:
			return errors.New("give -E EXPR or FILE")
		}
		o.StoreURL = selectedStoreURL() // read only
		instantiate.TuneGCForEval(instantiate.EvalGCFloor)
		if evalFlags.attr != "" {
			o.AttrPaths = []string{evalFlags.attr}
		}
		return quiet(instantiate.Run(cmd.Context(), o, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()))
	},
}

var replCmd = &cobra.Command{
	Use:   "repl [FILE...]",
	Short: "Interactive Nix evaluator (line editing, :l FILE, :p, :t, tab completion)",
	RunE: func(cmd *cobra.Command, args []string) error {
		sp := instantiate.SearchPath(evalFlags.includes)
		hooks := instantiate.NewComputeStore()
		if c, ok := hooks.(io.Closer); ok {
			defer c.Close()
		}
		r := repl.New(eval.New(cmd.Context(), eval.Options{SearchPath: sp, Store: hooks}), cmd.OutOrStdout())
		for _, f := range args {
			r.Line(":l " + f)
		}
		return r.Run(filepath.Join(os.TempDir(), fmt.Sprintf("tvix-repl-history-%d", os.Getuid())))
	},
}

func init() {
	evalCmd.Flags().BoolVar(&evalFlags.json, "json", false, "print the value as JSON")
	evalCmd.Flags().BoolVar(&evalFlags.strict, "strict", false, "evaluate the value deeply before printing")
	evalCmd.Flags().BoolVar(&evalFlags.showTrace, "show-trace", false, "print the evaluation trace on errors")
	evalCmd.Flags().StringVarP(&evalFlags.expr, "expr", "E", "", "evaluate EXPR instead of a file")
	evalCmd.Flags().StringVarP(&evalFlags.attr, "attr", "A", "", "select an attribute path of the result")
	evalCmd.Flags().StringArrayVarP(&evalFlags.includes, "include", "I", nil, "add a search path entry ([NAME=]PATH)")
	replCmd.Flags().StringArrayVarP(&evalFlags.includes, "include", "I", nil, "add a search path entry ([NAME=]PATH)")
	rootCmd.AddCommand(instantiateCmd, evalCmd, replCmd)
}
