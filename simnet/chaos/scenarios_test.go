package chaos

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/nodetest"
	"github.com/p2pnix/tvix/proto/nodev1"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

// partitionOpts shape the partition scenario.
type partitionOpts struct {
	nodes int    // hosts on the LAN; the last two (or one of three) are cut off
	width int    // leaves of the tree, 2*width-1 derivations
	sleep string // seconds each leaf sleeps
}

// partition builds a tree of derivations requested at once on the first
// node and on the last, cuts the last nodes off the LAN once builds are
// under way, plugs them back once both sides have noticed and kept
// building, and checks that both requests complete with the root a clean
// run writes. Derivations built more than once count as duplicates.
func partition(t *testing.T, o partitionOpts) Row {
	c := newCluster(t, o.nodes, nil)
	row := Row{Scenario: "partition", Trials: 1}
	minority := []int{o.nodes - 1}
	if o.nodes > 3 {
		minority = append(minority, o.nodes-2)
	}
	first, last := 0, o.nodes-1
	salt := fmt.Sprintf("partition-%d", time.Now().UnixNano())
	top := c.instantiate(first, salt, o.width, o.sleep)
	if other := c.instantiate(last, salt, o.width, o.sleep); other != top {
		t.Fatalf("the tree instantiates to %s on node %d, %s on node %d", top, first, other, last)
	}
	type result struct {
		res map[string]*nodev1.DrvResult
		err error
	}
	results := make([]chan result, o.nodes)
	for _, q := range []int{first, last} {
		results[q] = make(chan result, 1)
		go func() {
			res, err := c.build(q, top)
			results[q] <- result{res, err}
		}()
	}
	finished := func() int {
		n := 0
		for _, i := range c.live() {
			if st, err := c.status(i); err == nil {
				n += len(st.Finished)
			}
		}
		return n
	}
	nodetest.WaitFor(t, buildTimeout, "builds under way", func() bool { return finished() >= o.width/4 })
	c.logf("partition: cutting %v off", minority)
	for _, i := range minority {
		c.lan.SetLink(i, false)
	}
	before := finished()
	nodetest.WaitFor(t, buildTimeout, "both sides notice the partition and keep building", func() bool {
		a, errA := c.status(first)
		b, errB := c.status(last)
		return errA == nil && errB == nil && len(a.Peers) == o.nodes-len(minority) &&
			len(b.Peers) == len(minority) && finished() > before
	})
	c.logf("partition: healing")
	for _, i := range minority {
		c.lan.SetLink(i, true)
	}
	for _, q := range []int{first, last} {
		r := <-results[q]
		if r.err != nil {
			t.Errorf("node %d: %v", q, r.err)
			continue
		}
		row.Builds += len(r.res)
		c.checkRoot(q, top, r.res, salt, o.width)
	}
	for _, n := range c.builtCounts() {
		if n > 1 {
			row.Duplicates += n - 1
		}
	}
	c.waitMembers()
	for i := range o.nodes {
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	return row
}

// killOpts shape the kill scenario.
type killOpts struct {
	nodes   int   // hosts on the LAN
	rounds  int   // rounds of work and kills
	victims int   // nodes killed per round
	width   int   // leaves of each round's tree
	ingest  int64 // bytes of each round's ingest
}

// kill runs rounds in which one node requests a tree of builds, another
// ingests a tree of files, a third fetches a path stored earlier, and
// victims nodes other than the requester are killed with SIGKILL while
// that runs: one running a build, the ingesting one, the fetching one,
// or another. Each victim's store is verified offline before it
// restarts; every build must complete; at the end every path whose
// ingest succeeded must still be found in the cluster.
func kill(t *testing.T, o killOpts) Row {
	c := newCluster(t, o.nodes, nil)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 17))
	row := Row{Scenario: "kill -9"}
	var stored []string
	for r := range o.rounds {
		q := r % o.nodes
		salt := fmt.Sprintf("kill-%d-%d", r, time.Now().UnixNano())
		top := c.instantiate(q, salt, o.width, "0.2")
		type result struct {
			res map[string]*nodev1.DrvResult
			err error
		}
		built := make(chan result, 1)
		go func() {
			res, err := c.build(q, top)
			built <- result{res, err}
		}()
		var others []int
		for _, i := range rng.Perm(o.nodes) {
			if i != q {
				others = append(others, i)
			}
		}
		ingester, fetcher := others[0], others[1%len(others)]
		tree := filepath.Join(t.TempDir(), "tree")
		if err := nartest.WriteRandom(tree, rng.Uint64(), o.ingest, o.ingest/4); err != nil {
			t.Fatal(err)
		}
		ingested := make(chan string, 1)
		go func() {
			out, _, err := c.tvixCmd(ingester, "store", "add", tree)
			if err != nil {
				out = ""
			}
			ingested <- strings.TrimSpace(out)
		}()
		fetched := make(chan struct{})
		var old string
		if len(stored) > 0 {
			old = stored[rng.IntN(len(stored))]
		}
		go func() {
			defer close(fetched)
			if old != "" {
				c.tvixCmd(fetcher, "store", "fetch", old)
			}
		}()
		// When the faults land: at a random point of the round's work.
		time.Sleep(time.Duration(rng.IntN(800)) * time.Millisecond)
		var victims []int
		for len(victims) < o.victims {
			v := others[rng.IntN(len(others))]
			switch rng.IntN(4) {
			case 0:
				v = c.builderFor(q, others)
			case 1:
				v = ingester
			case 2:
				v = fetcher
			}
			if v >= 0 && c.up[v] {
				c.kill(v)
				victims = append(victims, v)
				row.Trials++
			}
		}
		c.logf("kill: round %d: killed %v", r, victims)
		res := <-built
		if res.err != nil {
			t.Errorf("round %d: killing %v: %v", r, victims, res.err)
		} else {
			row.Builds += len(res.res)
			c.checkRoot(q, top, res.res, salt, o.width)
		}
		if p := <-ingested; p != "" {
			stored = append(stored, p)
		}
		<-fetched
		for _, v := range victims {
			_, probs := c.verify(v)
			row.Corrupt += probs
			c.start(v)
		}
		c.waitMembers()
		c.logf("kill: round %d: restarted %v", r, victims)
	}
	for k, p := range stored {
		i := k % o.nodes
		if _, stderr, err := c.tvixCmd(i, "store", "fetch", p); err != nil {
			t.Errorf("node %d: %s is lost: %v: %s", i, p, err, stderr)
			row.Lost++
		}
	}
	for i := range o.nodes {
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	return row
}

// builderFor returns a live node of candidates running a build for
// requester q, or -1 when none is.
func (c *cluster) builderFor(q int, candidates []int) int {
	st, err := c.status(q)
	if err != nil {
		return -1
	}
	for _, i := range candidates {
		if !c.up[i] {
			continue
		}
		s, err := c.status(i)
		if err != nil {
			continue
		}
		for _, r := range s.Running {
			if r.Coordinator == st.PeerId {
				return i
			}
		}
	}
	return -1
}
