package simnet

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
)

// system is the one system every simulated node builds.
const system = "x86_64-linux"

// DAG is a generated derivation graph, inputs listed before their users.
type DAG struct {
	Jobs  []coordinator.Job
	Roots []int // indices into Jobs of the derivations nothing uses, and a few more
	Index map[string]int
}

// GenerateDAG makes a graph of shape s.Shape with s.Drvs derivations, build
// times and output sizes drawn from the scenario.
func GenerateDAG(s *Scenario, r *rand.Rand) *DAG {
	n := s.Drvs
	inputs := make([][]int, n)
	switch s.Shape {
	case "wide":
		// A small base every package builds on, then independent packages.
		base := max(1, n/100)
		for i := base; i < n; i++ {
			for k := 1 + r.IntN(2); k > 0; k-- {
				inputs[i] = addInput(inputs[i], r.IntN(base))
			}
		}
	case "deep":
		// Four long chains with occasional links across.
		const chains = 4
		for i := chains; i < n; i++ {
			inputs[i] = addInput(inputs[i], i-chains)
			if r.IntN(10) < 3 {
				inputs[i] = addInput(inputs[i], r.IntN(i))
			}
		}
	case "nixpkgs":
		// A bootstrap chain (the stdenv stages), then packages that each
		// use the last stage and a few earlier packages, popular ones more
		// often (preferential attachment, as libraries in nixpkgs).
		boot := min(max(1, n/10), 30)
		for i := 1; i < boot; i++ {
			inputs[i] = addInput(inputs[i], i-1)
		}
		var pool []int // each package once, plus once more per user
		for i := boot; i < n; i++ {
			inputs[i] = addInput(inputs[i], boot-1)
			k := 0
			for r.IntN(4) != 0 && k < 12 {
				k++
			}
			for ; k > 0 && len(pool) > 0; k-- {
				in := pool[r.IntN(len(pool))]
				inputs[i] = addInput(inputs[i], in)
				pool = append(pool, in)
			}
			pool = append(pool, i)
		}
	}
	d := &DAG{Index: make(map[string]int, n)}
	used := make([]bool, n)
	for i := 0; i < n; i++ {
		j := coordinator.Job{
			Drv:         fmt.Sprintf("d%05d", i),
			Outputs:     []string{fmt.Sprintf("o%05d", i)},
			System:      system,
			OutputBytes: max(1, int64(s.OutputSize.Sample(r))),
			Weight:      max(time.Millisecond, s.BuildTime.Duration(r)),
		}
		for _, in := range inputs[i] {
			j.Inputs = append(j.Inputs, fmt.Sprintf("d%05d", in))
			used[in] = true
		}
		d.Jobs = append(d.Jobs, j)
		d.Index[j.Drv] = i
	}
	for i := range d.Jobs {
		if !used[i] || r.IntN(50) == 0 {
			d.Roots = append(d.Roots, i)
		}
	}
	return d
}

func addInput(list []int, in int) []int {
	for _, x := range list {
		if x == in {
			return list
		}
	}
	return append(list, in)
}

// SerialResults is the serial answer: the content hash of every
// derivation's output when each is built once, in order, on one machine.
// A simulated build's output hash is a function of the derivation and its
// inputs' output hashes, so any schedule that builds from the right inputs
// produces the same hashes.
func (d *DAG) SerialResults() []uint64 {
	out := make([]uint64, len(d.Jobs))
	for i, j := range d.Jobs {
		in := make([]uint64, len(j.Inputs))
		for k, p := range j.Inputs {
			in[k] = out[d.Index[p]]
		}
		out[i] = outputHash(j.Drv, in)
	}
	return out
}

// outputHash is what building drv from inputs with these output hashes
// produces.
func outputHash(drv string, inputs []uint64) uint64 {
	h := fnv.New64a()
	h.Write([]byte(drv))
	var b [8]byte
	for _, x := range inputs {
		for k := range b {
			b[k] = byte(x >> (8 * k))
		}
		h.Write(b[:])
	}
	return h.Sum64()
}

// closure returns the indices of roots and everything they need, in order.
func (d *DAG) closure(roots []int) []int {
	in := make([]bool, len(d.Jobs))
	for _, r := range roots {
		in[r] = true
	}
	for i := len(d.Jobs) - 1; i >= 0; i-- {
		if in[i] {
			for _, p := range d.Jobs[i].Inputs {
				in[d.Index[p]] = true
			}
		}
	}
	var out []int
	for i, ok := range in {
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// lowerBound is the makespan no schedule beats: the longest chain at the
// fastest speed, or all the work spread over every slot's capacity.
func (d *DAG) lowerBound(idx []int, capacity, fastest float64) time.Duration {
	finish := make(map[int]float64, len(idx))
	var total, cp float64
	for _, i := range idx {
		var start float64
		for _, p := range d.Jobs[i].Inputs {
			start = max(start, finish[d.Index[p]])
		}
		w := float64(d.Jobs[i].Weight)
		finish[i] = start + w/fastest
		cp = max(cp, finish[i])
		total += w
	}
	return time.Duration(max(cp, total/capacity))
}
