package eval

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fakeDrvStore is a store whose "store directory" is a temporary
// directory: derivations get fixed paths in it, and its Realise (when
// realise is set) writes each requested output as a file holding a Nix
// expression.
type fakeDrvStore struct {
	dir     string
	calls   [][]string
	realise bool
}

func (s *fakeDrvStore) StoreDir() string           { return s.dir }
func (s *fakeDrvStore) Capabilities() Capabilities { return Capabilities{} }
func (s *fakeDrvStore) AddPath(ctx context.Context, path, name string) (string, error) {
	return s.dir + "/src-" + name, nil
}
func (s *fakeDrvStore) AddText(ctx context.Context, name, contents string, refs []string) (string, error) {
	return s.dir + "/text-" + name, nil
}

// output is an expression for output out of the derivation gen in dir:
// its path with the context derivationStrict would give it.
func output(dir, out string) string {
	return `(builtins.appendContext "` + dir + `/gen-` + out + `" { "` + dir + `/gen.drv" = { outputs = [ "` + out + `" ]; }; })`
}

// realisingStore adds the Realiser capability to fakeDrvStore.
type realisingStore struct{ *fakeDrvStore }

func (s realisingStore) Capabilities() Capabilities {
	c := s.fakeDrvStore.Capabilities()
	c.Realiser = s
	return c
}

func (s realisingStore) Realise(ctx context.Context, outs []ContextElem) error {
	var call []string
	for _, o := range outs {
		call = append(call, o.String())
		drv := strings.TrimSuffix(o.Path, ".drv")
		if err := os.WriteFile(drv+"-"+o.Output, []byte(`{ answer = 42; }`), 0o644); err != nil {
			return err
		}
	}
	s.calls = append(s.calls, call)
	return nil
}

func TestImportFromDerivationCallsRealiser(t *testing.T) {
	fake := &fakeDrvStore{dir: t.TempDir()}
	out, dev := output(fake.dir, "out"), output(fake.dir, "dev")
	cases := []struct{ expr, want string }{
		{`(import ` + out + `).answer`, "42"},
		{`(scopedImport { } ` + dev + `).answer`, "42"},
		{`builtins.readFile "${` + dev + `}"`, `"{ answer = 42; }"`},
		{`builtins.pathExists ` + out, "true"},
		{`(builtins.readDir (builtins.appendContext "` + fake.dir + `" { "` + fake.dir + `/gen.drv" = { outputs = [ "dev" ]; }; })) ? "gen-dev"`, "true"},
	}
	for _, c := range cases {
		st := realisingStore{fake}
		fake.calls = nil
		ev := New(context.Background(), Options{Store: st})
		v, err := ev.EvalExpr(c.expr, "«test»", "/")
		if err == nil {
			var out string
			out, err = ev.EvalOutput(v, "", nil, OutputOptions{Strict: true})
			if err == nil && out != c.want {
				t.Errorf("%s = %s, want %s", c.expr, out, c.want)
			}
		}
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		o := "out"
		if strings.Contains(c.expr, "gen-dev") {
			o = "dev"
		}
		want := [][]string{{"!" + o + "!" + fake.dir + "/gen.drv"}}
		if !reflect.DeepEqual(fake.calls, want) {
			t.Errorf("%s: Realise calls %q, want %q", c.expr, fake.calls, want)
		}
	}
}

func TestImportFromDerivationWithoutRealiser(t *testing.T) {
	fake := &fakeDrvStore{dir: t.TempDir()}
	ev := New(context.Background(), Options{Store: fake})
	_, err := ev.EvalExpr(`import `+output(fake.dir, "out"), "«test»", "/")
	want := "cannot build '" + fake.dir + "/gen.drv' during evaluation because the option 'allow-import-from-derivation' is disabled"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(fake.dir, "gen-out")); err == nil {
		t.Error("an output was made without a Realiser")
	}
}
