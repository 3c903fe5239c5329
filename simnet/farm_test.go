package simnet

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// farmScenarios are the CI scenarios: at most 50 nodes each.
var farmScenarios = []string{"small", "churn", "partition", "nixpkgs"}

// TestFarmInvariants runs each CI scenario with a few seeds and checks the
// promises: every request completes, no root fails, every root's output
// equals the serial answer, nothing is built twice except across a
// partition or after a builder's result was lost with it, and the driver
// saw nothing impossible (a build without its inputs, a request done
// twice).
func TestFarmInvariants(t *testing.T) {
	for _, name := range farmScenarios {
		s, err := ParseFile(filepath.Join("testdata", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if s.Nodes > 50 {
			t.Fatalf("%s: %d nodes; CI scenarios have at most 50", name, s.Nodes)
		}
		seeds := 3
		if testing.Short() {
			seeds = 1
		}
		for seed := uint64(1); seed <= uint64(seeds); seed++ {
			r := RunFarm(s, seed)
			checkFarm(t, name, seed, s, r)
		}
	}
}

func checkFarm(t *testing.T, name string, seed uint64, s *Scenario, r *FarmReport) {
	t.Helper()
	id := func() string { return fmt.Sprintf("%s seed %d", name, seed) }
	if !r.Complete {
		t.Errorf("%s: not complete after %s", id(), r.SimTime)
	}
	if r.RootsFailed > 0 {
		t.Errorf("%s: %d roots failed: %v", id(), r.RootsFailed, r.FailReasons)
	}
	if r.Mismatches > 0 {
		t.Errorf("%s: %d roots differ from the serial answer", id(), r.Mismatches)
	}
	if r.Duplicates.Other > 0 {
		t.Errorf("%s: %d derivations built twice outside partitions", id(), r.Duplicates.Other)
	}
	if len(s.Partitions) == 0 && r.Duplicates.Partition > 0 {
		t.Errorf("%s: %d partition duplicates without a partition", id(), r.Duplicates.Partition)
	}
	if r.Built < r.Needed {
		t.Errorf("%s: built %d of %d needed derivations", id(), r.Built, r.Needed)
	}
	for _, v := range r.Violations {
		t.Errorf("%s: %s", id(), v)
	}
	t.Logf("%s: makespan %.2fx bound, bytes %.2fx minimal, %d dups (%d partition, %d churn), lost %s, %d events in %s",
		id(), r.MakespanRatio, r.BytesRatio, r.Duplicates.Partition+r.Duplicates.Churn, r.Duplicates.Partition, r.Duplicates.Churn, ms(r.LostWork), r.Events, ms(r.Wall))
}

// TestFarmDeterministic: a seed replays the same run.
func TestFarmDeterministic(t *testing.T) {
	s, err := ParseFile(filepath.Join("testdata", "partition.txt"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(seed uint64) string {
		r := RunFarm(s, seed)
		r.Wall = 0
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b, c := run(7), run(7), run(8)
	if a != b {
		t.Errorf("two runs of seed 7 differ:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same run")
	}
}

// TestFarmChecksCanFail: the checks the invariant test relies on notice a
// root whose output differs from the serial answer and a derivation built
// twice outside a partition.
func TestFarmChecksCanFail(t *testing.T) {
	s, err := ParseFile(filepath.Join("testdata", "small.txt"))
	if err != nil {
		t.Fatal(err)
	}
	f := newFarm(s, 1)
	root := f.reqs[0].roots[0]
	f.serial[root]++ // as if a builder had used a wrong input
	f.run()
	if f.rep.Mismatches == 0 {
		t.Errorf("a root differing from the serial answer went unnoticed")
	}

	f = newFarm(s, 1)
	f.run()
	first := f.runs[root][0]
	again := *first
	again.start, again.end = first.end+time.Minute, first.end+2*time.Minute
	f.runs[root] = append(f.runs[root], &again)
	f.bad = nil
	f.rep = FarmReport{}
	f.finish()
	if f.rep.Duplicates.Other != 1 || len(f.rep.Violations) != 1 {
		t.Errorf("a second build outside any partition: %+v, violations %v", f.rep.Duplicates, f.rep.Violations)
	}
	f.windows = [][2]time.Duration{{first.start, again.end}}
	f.bad = nil
	f.rep = FarmReport{}
	f.finish()
	if f.rep.Duplicates.Partition != 1 || f.rep.Duplicates.Other != 0 {
		t.Errorf("a second build during a partition: %+v", f.rep.Duplicates)
	}
}

// TestFarmChecks: with check-share 10% the coordinators check about a
// tenth of their builds on a second builder, every check ends (simulated
// builds are all reproducible), and the farm's promises still hold.
func TestFarmChecks(t *testing.T) {
	s, err := ParseFile(filepath.Join("testdata", "checks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := RunFarm(s, 1)
	checkFarm(t, "checks", 1, s, r)
	c := r.Checks
	if c.Same == 0 || c.Differ != 0 || c.NotDone != 0 || c.Runs < c.Same {
		t.Errorf("checks %+v: want some equal, none differing or given up", c)
	}
	// Each requester checks the builds it coordinates, a share of them.
	if c.Same > r.BuildRuns/3 {
		t.Errorf("%d checks for %d builds at a share of 10%%", c.Same, r.BuildRuns)
	}
}
