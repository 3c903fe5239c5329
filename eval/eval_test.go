package eval

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
)

func evalString(t *testing.T, opts Options, src string) (string, error) {
	t.Helper()
	ev := New(context.Background(), opts)
	v, err := ev.EvalExpr(src, "«test»", t.TempDir())
	if err != nil {
		return "", err
	}
	return ev.EvalOutput(v, "", nil, OutputOptions{Strict: true})
}

func TestEvalBasics(t *testing.T) {
	// Expected values were checked with nix-instantiate 2.8.
	cases := []struct{ src, want string }{
		{"1 + 2 * 3", "7"},
		{`let f = x: y: x - y; in f 10 3`, "7"},
		{`let f = { a, b ? a * 2, ... }@args: [ a b (args ? c) ]; in f { a = 1; c = 3; }`, "[ 1 2 true ]"},
		{`rec { a = b + 1; b = 2; }.a`, "3"},
		{`let a = 1; in with { a = 2; b = 3; }; [ a b ]`, "[ 1 3 ]"},
		{`with { x = 1; }; with { x = 2; }; x`, "2"},
		{`{ a.b.c = 1; a.d = 2; }`, "{ a = { b = { c = 1; }; d = 2; }; }"},
		{`let s = { f = x: x; }; in [ (s == s) ([ s.f ] == [ s.f ]) (s.f == s.f) ]`, "[ true false false ]"},
		{`builtins.tryEval (throw "x")`, "{ success = false; value = false; }"},
		{`let x = throw "a"; in [ (builtins.tryEval x).success (builtins.tryEval x).success ]`, "[ false false ]"},
		{`builtins.sort (a: b: a < b) [ 3 1 2 ]`, "[ 1 2 3 ]"},
		{`builtins.foldl' (acc: x: acc + x) 0 (builtins.genList (i: i) 100)`, "4950"},
		// Curried calls whose frames are reused must not leak arguments
		// between calls, nor break closures that do capture them.
		{`let add = a: b: a + b; in map (x: add x 1) [ 1 2 3 ]`, "[ 2 3 4 ]"},
		{`let mk = a: b: [ a b ]; in [ (mk 1 2) (mk 3 4) ]`, "[ [ 1 2 ] [ 3 4 ] ]"},
		{`let k = a: b: a; fs = map (x: k x) [ 1 2 ]; in map (f: f 0) fs`, "[ 1 2 ]"},
		// Arguments that cannot be computed at once are suspended over a
		// copy of the reused frame.
		{`let f = n: if n < 1 then n else f (n - 0.5); in f 3.0`, "0.5"},
		{`let keep = x: y: x; h = n: keep (n + 1.5); fs = map h [ 1 2 ]; in map (f: f 0) fs`, "[ 2.5 3.5 ]"},
		{`let f = a: b: [ (a + b) ]; in map (x: f x 1.5) [ 1 2 ]`, "[ [ 2.5 ] [ 3.5 ] ]"},
		{`"${toString 1.5} ${toString [ 1 [ ] "a" null true ]}"`, `"1.500000 1 a  1"`},
		{`builtins.toJSON { a = [ 1 2.5 "x\n" null ]; b = true; }`, `"{\"a\":[1,2.5,\"x\\n\",null],\"b\":true}"`},
		{`builtins.attrNames ({ b = 1; a = 2; } // { c = 3; })`, `[ "a" "b" "c" ]`},
	}
	for _, c := range cases {
		got, err := evalString(t, Options{}, c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	cases := []struct {
		src  string
		kind ErrorKind
		msg  string
	}{
		{`let x = x + 1; in x`, KindInfiniteRecursion, "infinite recursion"},
		{`let f = x: f (x + 1); in f 0`, KindLimit, "stack overflow"},
		{`({ a }: a) { }`, KindType, "called without required argument 'a'"},
		{`({ a }: a) { a = 1; b = 2; }`, KindType, "called with unexpected argument 'b'"},
		{`assert 1 == 2; 3`, KindAssert, "is not equal to"},
		{`assert 1 > 2; 3`, KindAssert, "assertion"},
		{`undefinedVariable`, KindEval, "undefined variable 'undefinedVariable'"},
		{`1 + "a"`, KindType, "cannot add a string to an integer"},
		{`{ a = 1; }.b`, KindEval, "attribute 'b' missing"},
		{`"${./.}"`, KindEval, ErrNoStore.Error()},
		{`builtins.derivationStrict { }`, KindEval, ErrNoStore.Error()},
	}
	for _, c := range cases {
		_, err := evalString(t, Options{}, c.src)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want an *Error", c.src, err)
			continue
		}
		if e.Kind != c.kind || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s: got kind %d %q, want kind %d containing %q", c.src, e.Kind, e.Msg, c.kind, c.msg)
		}
		// As in Nix, an error raised by a builtin leaves its position
		// to the frame of the builtin's call.
		if c.kind != KindThrow && !e.Pos.IsValid() && (len(e.Trace) == 0 || !e.Trace[len(e.Trace)-1].Pos.IsValid()) {
			t.Errorf("%s: error %q has no position", c.src, e.Msg)
		}
	}
}

// TestStackOverflowFormat checks that nesting past the depth limit prints
// as Nix's stack overflow: one line, whatever frames it passed.
func TestStackOverflowFormat(t *testing.T) {
	src := `let l = builtins.foldl' (tail: head: { inherit head tail; }) null (builtins.genList (x: x) 2000); in builtins.deepSeq l 1`
	_, err := evalString(t, Options{MaxDepth: 1000}, src)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if got, want := e.Format(true), "error: stack overflow (possible infinite recursion)"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestStepLimit(t *testing.T) {
	_, err := evalString(t, Options{MaxSteps: 1000}, `let f = n: if n == 0 then 0 else f (n - 1); in f 100000`)
	if !errors.Is(err, ErrStepLimit) {
		t.Fatalf("got %v, want ErrStepLimit", err)
	}
	if _, err := evalString(t, Options{MaxSteps: 1000}, `1 + 1`); err != nil {
		t.Fatalf("small expression under a step limit: %v", err)
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ev := New(ctx, Options{})
	v, err := ev.EvalExpr(`builtins.foldl' (a: b: a + b) 0 (builtins.genList (i: i) 1000000)`, "«test»", t.TempDir())
	if err == nil {
		t.Fatalf("evaluation of a cancelled context returned %v", PrintValue(v))
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestLazyPrinting checks --eval without --strict (checked with Nix 2.8):
// computed values and lambdas in a set are unevaluated thunks.
func TestLazyPrinting(t *testing.T) {
	ev := New(context.Background(), Options{})
	v, err := ev.EvalExpr(`{ a = 1 + 1; b = [ (throw "x") 2 ]; c = "s"; d = x: x; }`, "«test»", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got, err := ev.EvalOutput(v, "", nil, OutputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{ a = <CODE>; b = <CODE>; c = "s"; d = <CODE>; }`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// TestUpdateLayers checks // (which builds layered sets for small right
// sides) against a map model, over random sequences of updates.
func TestUpdateLayers(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 50; round++ {
		model := map[string]int64{}
		var s *Attrs = emptyAttrs
		for step := 0; step < 200; step++ {
			n := 1 + rng.Intn(4)
			if rng.Intn(20) == 0 {
				n = 100 + rng.Intn(50)
			}
			var add []Attr
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("k%d", rng.Intn(300))
				v := rng.Int63()
				add = append(add, Attr{Name: name, Val: Int(v)})
			}
			r := NewAttrs(add)
			for _, a := range r.All() {
				model[a.Name] = int64(a.Val.(Int))
			}
			s = Update(s, r)
			if s.Len() != len(model) {
				t.Fatalf("round %d step %d: Len %d, model %d", round, step, s.Len(), len(model))
			}
			for _, probe := range []string{"k1", "k150", add[0].Name} {
				v, ok := s.Get(probe)
				mv, mok := model[probe]
				if ok != mok || (ok && int64(v.(Int)) != mv) {
					t.Fatalf("round %d step %d: Get(%s) = %v %v, model %v %v", round, step, probe, v, ok, mv, mok)
				}
			}
		}
		all := s.All()
		names := make([]string, 0, len(model))
		for k := range model {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(all) != len(names) {
			t.Fatalf("All has %d attributes, model %d", len(all), len(names))
		}
		for i, a := range all {
			if a.Name != names[i] || int64(a.Val.(Int)) != model[a.Name] {
				t.Fatalf("All()[%d] = %s=%v, model %s=%d", i, a.Name, a.Val, names[i], model[names[i]])
			}
		}
	}
}

func TestContexts(t *testing.T) {
	a := NewContext("/nix/store/b", "/nix/store/a", "/nix/store/b")
	if got := a.Elems(); len(got) != 2 || got[0] != "/nix/store/a" {
		t.Fatalf("NewContext dedup/sort: %v", got)
	}
	b := NewContext("=/nix/store/c.drv")
	m := MergeContexts(a, b)
	if m.Len() != 3 || MergeContexts(m, a) != m || MergeContexts(nil, b) != b {
		t.Fatalf("MergeContexts: %v", m.Elems())
	}
	ev := New(context.Background(), Options{})
	v, err := ev.EvalExpr(`builtins.appendContext "x" { "/nix/store/aaa-x" = { path = true; }; }`, "«test»", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := v.(*Str)
	if s.Ctx.Len() != 1 || s.Ctx.Elems()[0] != "/nix/store/aaa-x" {
		t.Fatalf("appendContext: %v", s.Ctx.Elems())
	}
	out, err := ev.EvalOutput(v, "", nil, OutputOptions{})
	if err != nil || out != `"x"` {
		t.Fatalf("printing a string with context: %q %v", out, err)
	}
}

// TestConcurrentEvaluators runs independent evaluators in parallel (as
// the node daemon may); with -race it checks they share no unlocked state.
func TestConcurrentEvaluators(t *testing.T) {
	done := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func(i int) {
			ev := New(context.Background(), Options{})
			v, err := ev.EvalExpr(fmt.Sprintf(`let f = n: if n == 0 then %d else f (n - 1); in [ (f 1000) (builtins.sort builtins.lessThan [ 3 1 2 ]) (throw "x") ]`, i), fmt.Sprintf("«test%d»", i), "/")
			if err != nil {
				done <- err
				return
			}
			_, err = ev.EvalOutput(v, "", nil, OutputOptions{Strict: true})
			if err == nil || !strings.Contains(err.Error(), "x") {
				done <- fmt.Errorf("evaluator %d: got %v, want the throw", i, err)
				return
			}
			done <- nil
		}(i)
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
