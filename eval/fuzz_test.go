package eval

import (
	"context"
	"testing"
	"time"
)

// FuzzEval evaluates arbitrary source under a step budget and a timeout:
// whatever the input, evaluation must end with a value or an *Error, never
// a panic, a hang or a Go stack overflow.
func FuzzEval(f *testing.F) {
	for _, s := range []string{
		"1 + 2", `let f = x: f x; in f 1`, `rec { a = a; }.a`, `builtins.genList (x: x) 10`,
		`with { a = 1; }; a`, `({ a ? 1, ... }@x: a) { }`, `builtins.sort builtins.lessThan [ 3 2 1 ]`,
		`"${toString 1}" + "x"`, `builtins.foldl' (a: b: a // { ${toString b} = b; }) { } [ 1 2 3 ]`,
		`let x = builtins.tryEval (throw "a"); in x`, `builtins.match "(a*)b" "aab"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		ev := New(ctx, Options{MaxSteps: 200000, MaxDepth: 2000, PureEval: true})
		v, err := ev.EvalExpr(src, "«fuzz»", "/nonexistent")
		if err != nil {
			return
		}
		if _, err := ev.EvalOutput(v, "", nil, OutputOptions{Strict: true}); err != nil {
			return
		}
	})
}
