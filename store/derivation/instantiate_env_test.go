package derivation

import (
	"crypto/sha256"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestInstantiateEnvAgrees checks on random derivations that
// InstantiateEnv, given the environment as a sorted list, returns what
// Instantiate returns for the same derivation with the environment in a
// map, and completes the outputs the same way.
func TestInstantiateEnvAgrees(t *testing.T) {
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(p string) (ModuloHash, error) { return sha256.Sum256([]byte(p)), nil }
	r := rand.New(rand.NewPCG(5, 6))
	var buf []byte
	for i := range 1000 {
		d := randomDerivation(r)
		d.Name = "rnd-" + strconv.Itoa(i)
		for name, o := range d.Outputs {
			d.Outputs[name] = Output{HashAlgo: o.HashAlgo, Hash: o.Hash}
			if r.IntN(2) == 0 {
				d.Env[name] = "set by the caller" // replaced by the path
			}
		}
		e := d.Clone()
		f := d.Clone()
		env := make([]EnvVar, 0, len(e.Env))
		for k, v := range e.Env {
			env = append(env, EnvVar{Name: k, Value: v})
		}
		slices.SortFunc(env, func(a, b EnvVar) int { return strings.Compare(a.Name, b.Name) })
		e.Env = nil
		f.Env = nil
		want, err := h.Instantiate(d, lookup)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := h.InstantiateEnv(e, env, lookup)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("case %d: InstantiateEnv\n%+v\nInstantiate\n%+v", i, got, want)
		}
		if !reflect.DeepEqual(e.Outputs, d.Outputs) || e.Env != nil {
			t.Errorf("case %d: outputs %v, env %v; Instantiate made outputs %v", i, e.Outputs, e.Env, d.Outputs)
		}
		// InstantiateEnvInto, given the previous case's .drv as its
		// buffer, agrees too.
		into, err := h.InstantiateEnvInto(buf, f, env, lookup)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		buf = into.ATerm
		if !reflect.DeepEqual(into, want) {
			t.Errorf("case %d: InstantiateEnvInto\n%+v\nInstantiate\n%+v", i, into, want)
		}
	}
}

func TestInstantiateEnvRejectsUnsorted(t *testing.T) {
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range [][]EnvVar{
		{{"b", "1"}, {"a", "2"}},
		{{"a", "1"}, {"a", "2"}},
	} {
		d := &Derivation{Name: "x", Outputs: map[string]Output{"out": {}}, Platform: "p", Builder: "b"}
		if _, err := h.InstantiateEnv(d, env, nil); err == nil || !strings.Contains(err.Error(), "not sorted") {
			t.Errorf("env %v: %v, want a 'not sorted' error", env, err)
		}
	}
}
