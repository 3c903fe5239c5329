package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
	"github.com/p2pnix/tvix/node/nodeclient"
	"github.com/p2pnix/tvix/store/nar/nartest"
)

// everyFault is the malicious member's TVIX_FAULTS.
var everyFault = strings.Join([]string{faults.CorruptChunks, faults.WrongDirs, faults.UnknownKey,
	faults.FalseProviders, faults.FloodOffers, faults.FloodClaims}, ",")

// maliciousOpts shape the malicious scenario.
type maliciousOpts struct {
	nodes int   // hosts on the LAN; the last is the malicious member
	paths int   // paths stored by honest nodes, fetched by the malicious one, then by the others
	size  int64 // bytes of each path (a tree; every other one a single file)
	width int   // leaves of the farm build's tree
}

// malicious runs a cluster whose last node is a faults build (faultsNode) with every
// fault of package faults on: it serves corrupted chunks and blobs,
// altered directories, PathInfos signed by an unknown key, announces
// paths it lacks, floods offers and claims and drops its grants. Paths
// stored on honest nodes are fetched by the malicious one (which then
// serves them, badly) and by every other honest node; a tree of builds is
// requested from the first node. Every fetch and build must complete with
// the bytes of a clean run, honest stores must verify clean, the honest
// nodes must have refused bad bytes from the malicious member (and
// blamed no honest one), and no honest node built a job the malicious
// member made up.
func malicious(t *testing.T, o maliciousOpts) Row {
	bad := o.nodes - 1
	c := newCluster(t, o.nodes, clusterOpts{faults: map[int][]string{bad: {faults.EnvVar + "=" + everyFault}}})
	row := Row{Scenario: "malicious"}
	st, err := c.status(bad)
	if err != nil {
		t.Fatal(err)
	}
	badID := st.PeerId
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 23))
	for k := range o.paths {
		src := k % bad
		dir := filepath.Join(t.TempDir(), "p")
		if k%2 == 1 {
			dir = filepath.Join(dir, "file")
			if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
				t.Fatal(err)
			}
			data := make([]byte, o.size)
			for i := range data {
				data[i] = byte(rng.Uint32())
			}
			if err := os.WriteFile(dir, data, 0o644); err != nil {
				t.Fatal(err)
			}
		} else if err := nartest.WriteRandom(dir, rng.Uint64(), o.size, o.size/4); err != nil {
			t.Fatal(err)
		}
		out, stderr, err := c.tvixCmd(src, "store", "add", dir)
		if err != nil {
			t.Fatalf("add on node %d: %v: %s", src, err, stderr)
		}
		p := strings.TrimSpace(out)
		want, _, err := c.tvixCmd(src, "store", "dump", p)
		if err != nil {
			t.Fatal(err)
		}
		if _, stderr, err := c.tvixCmd(bad, "store", "fetch", p); err != nil {
			t.Fatalf("the malicious node fetches %s: %v: %s", p, err, stderr)
		}
		for i := range bad {
			if i == src {
				continue
			}
			row.Trials++
			if _, stderr, err := c.tvixCmd(i, "store", "fetch", p); err != nil {
				t.Errorf("node %d fetches %s, which the malicious node serves: %v: %s", i, p, err, stderr)
				continue
			}
			got, _, err := c.tvixCmd(i, "store", "dump", p)
			if err != nil || got != want {
				t.Errorf("node %d: %s differs from its source's (%d bytes, %d wanted): %v", i, p, len(got), len(want), err)
				row.BadAccepted += int64(len(got))
			}
		}
		c.logf("malicious: path %d of %d (%s) fetched by every honest node", k+1, o.paths, p)
	}

	salt := fmt.Sprintf("malicious-%d", time.Now().UnixNano())
	top := c.instantiate(0, salt, o.width, "0.1")
	row.Trials++
	res, err := c.build(0, top)
	if err != nil {
		t.Errorf("farm build with a malicious member: %v", err)
	} else {
		row.Builds += len(res)
		for i := range bad {
			c.checkRoot(i, top, res, salt, o.width)
		}
	}
	for drv, n := range c.builtCounts() {
		if strings.HasSuffix(drv, "-fault.drv") {
			t.Errorf("%s, a job the malicious node made up, was built %d times", drv, n)
		}
		if n > 1 {
			row.Duplicates += n - 1
		}
	}

	for i := range bad {
		rejected, blamed := c.rejectedFrom(i, badID)
		row.BadRejected += rejected
		if blamed != "" {
			t.Errorf("node %d blames honest peers: %s", i, blamed)
		}
		_, probs := c.verify(i)
		row.Corrupt += probs
	}
	c.logf("malicious: honest nodes rejected %d bad bytes", row.BadRejected)
	if row.BadRejected == 0 {
		t.Error("no honest node rejected a byte from the malicious node")
	}
	return row
}

// rejectedFrom returns the bytes node i refused from peer bad, and the
// honest peers it blames for anything (empty when none).
func (c *cluster) rejectedFrom(i int, bad string) (int64, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := nodeclient.Get(ctx, c.sock(i), nodeclient.PeersPath)
	var peers []nodeclient.PeerInfo
	if err == nil {
		err = json.Unmarshal(b, &peers)
	}
	if err != nil {
		c.t.Fatalf("peers of node %d: %v", i, err)
	}
	var rejected int64
	var blamed []string
	for _, p := range peers {
		if p.ID == bad {
			rejected += p.RejectedBytes
			c.logf("node %d: the malicious peer: %d replies (%d bytes) rejected (%s), %d false provider records, blocked %v",
				i, p.Misbehaved, p.RejectedBytes, rejectedKinds(c.procs[i].Log()), p.FalseRecords, p.Blocked)
		} else if p.Misbehaved > 0 {
			blamed = append(blamed, fmt.Sprintf("%s: %d replies rejected", p.ID, p.Misbehaved))
		}
	}
	return rejected, strings.Join(blamed, ", ")
}

// rejectedKinds counts the kinds of replies a node's log says it
// rejected ("p2p: rejected path info of ...", "... directory ...",
// "... 3 chunks from ..."), as "kind: n, ...".
func rejectedKinds(log string) string {
	counts := map[string]int{}
	for _, line := range strings.Split(log, "\n") {
		_, rest, ok := strings.Cut(line, "p2p: rejected ")
		if !ok {
			continue
		}
		what, _, _ := strings.Cut(rest, " of ")
		switch f := strings.Fields(what); {
		case strings.HasPrefix(what, "path info pushed"):
			what = "path info pushed"
		case len(f) > 1 && f[1] == "chunks":
			what = "chunks"
		case len(f) > 0 && f[0] == "directory":
			what = "directories"
		}
		counts[what]++
	}
	var out []string
	for k, n := range counts {
		out = append(out, fmt.Sprintf("%s: %d", k, n))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
