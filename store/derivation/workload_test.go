package derivation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

const workloadGolden = "testdata/workload/workload.golden.json"

// workloadResult is what testdata/workload/workload.nix evaluates to.
type workloadResult struct {
	Count  int    `json:"count"`
	Digest string `json:"digest"`
	Last   string `json:"last"`
}

// workload builds the derivations of testdata/workload/workload.nix the
// way derivationStrict would hand them to Instantiate, instantiating each
// as soon as its inputs are. It returns the expression's result.
//
// With h nil it builds the same derivations but gives them made-up paths
// instead of instantiating them, to measure what building them costs.
func workload(tb testing.TB, h *Hasher, n int) workloadResult {
	memo := make(ModuloMap, n)
	type done struct{ drv, out, dev string }
	all := make([]done, n)
	digest := sha256.New()
	var line []byte
	for i := range n {
		s := strconv.Itoa(i)
		d := &Derivation{
			Name:      "wl-" + s,
			Outputs:   map[string]Output{"out": {}, "dev": {}},
			InputDrvs: map[string][]string{},
			InputSrcs: []string{},
			Platform:  "x86_64-linux",
			Builder:   "/bin/sh",
			Args:      []string{"-c", "echo " + s + " > $out; echo dev > $dev"},
			// 7 + 20 attributes, and room for the 2 outputs.
			Env: make(map[string]string, 29),
		}
		d.Env["name"] = "wl-" + s
		d.Env["system"] = "x86_64-linux"
		d.Env["builder"] = "/bin/sh"
		d.Env["outputs"] = "out dev"
		d.Env["deps"] = ""
		d.Env["even"] = ""
		d.Env["index"] = s
		if i%2 == 0 {
			d.Env["even"] = "1"
		}
		if i > 0 {
			a, b := all[i/2], all[i/3]
			d.Env["deps"] = a.out + " " + b.dev
			d.InputDrvs[a.drv] = append(d.InputDrvs[a.drv], "out")
			d.InputDrvs[b.drv] = append(d.InputDrvs[b.drv], "dev")
		}
		for j := range 20 {
			d.Env["attr"+strconv.Itoa(j)] = "value-" + s + "-" + strconv.Itoa(j)
		}
		if h == nil {
			fake := "/nix/store/00000000000000000000000000000000-wl-" + s
			all[i] = done{fake + ".drv", fake, fake + "-dev"}
		} else {
			res, err := h.Instantiate(d, memo.Lookup)
			if err != nil {
				tb.Fatal(err)
			}
			memo[res.DrvPath] = res.Modulo
			all[i] = done{res.DrvPath, d.Outputs["out"].Path, d.Outputs["dev"].Path}
		}
		if i > 0 {
			digest.Write([]byte{'\n'})
		}
		line = append(line[:0], all[i].drv...)
		line = append(line, ' ')
		line = append(line, all[i].out...)
		line = append(line, ' ')
		line = append(line, all[i].dev...)
		digest.Write(line)
	}
	return workloadResult{Count: n, Digest: hex.EncodeToString(digest.Sum(nil)), Last: all[n-1].drv}
}

// TestWorkloadAgainstNix instantiates the 10,000 derivations of the
// benchmark workload and checks every drv and output path against Nix
// (through the recorded digest of all of them).
func TestWorkloadAgainstNix(t *testing.T) {
	if *update {
		out := runNix(t, "", "", "nix-instantiate", "--readonly-mode", "--eval", "--strict", "--json", "testdata/workload/workload.nix")
		if err := os.WriteFile(workloadGolden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(workloadGolden)
	if err != nil {
		t.Fatal(err)
	}
	var want workloadResult
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	h, err := NewHasher("")
	if err != nil {
		t.Fatal(err)
	}
	if got := workload(t, h, want.Count); got != want {
		t.Errorf("workload: got %+v, Nix %+v", got, want)
	}
}

// BenchmarkWorkload10k instantiates the 10,000 derivations of the
// benchmark workload (attribute set to .drv path, output paths and
// modulo hash): the store-side share of `tvix instantiate` on it.
func BenchmarkWorkload10k(b *testing.B) {
	h, err := NewHasher("")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		workload(b, h, 10000)
	}
}

// BenchmarkWorkload10kBuildOnly builds the workload's derivations without
// instantiating them: subtract it from BenchmarkWorkload10k to get the
// cost of Instantiate alone.
func BenchmarkWorkload10kBuildOnly(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		workload(b, nil, 10000)
	}
}
