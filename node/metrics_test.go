package node

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/status"
	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/nar"
	"github.com/p2pnix/tvix/store/nixpath"
)

// startPeerNode runs an in-process node with a memory store in the
// private network of pskFile, joined to the nodes at join, until the test
// ends. Replicas is 1, so what a node adds stays on it.
func startPeerNode(t *testing.T, pskFile string, join ...string) *Node {
	t.Helper()
	return runNode(t, Config{DataDir: t.TempDir(), APIListen: "127.0.0.1:0", StoreURL: "memory:", NoMDNS: true,
		P2PListen: []string{"/ip4/127.0.0.1/tcp/0"}, PSKFile: pskFile, Replicas: 1, Join: join})
}

// runNode starts an in-process node with cfg and runs it until the test
// ends.
func runNode(t *testing.T, cfg Config) *Node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	n, err := New(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(shutdownGrace + 5*time.Second):
			t.Error("node did not stop")
		}
	})
	return n
}

// scrape returns the samples of n's /metrics by series ("name{labels}",
// labels as the exposition prints them).
func scrape(t *testing.T, n *Node) map[string]float64 {
	t.Helper()
	body := httpBody(t, "http://"+n.APIAddr().String()+"/metrics")
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("/metrics: %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

func httpBody(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// TestMetricsCountPeerTraffic: a path only node A has is fetched by B's
// binary cache. Between two scrapes, A's bytes sent to B and B's bytes
// received from A grow by at least the path's file size, and B's DHT
// lookup counters (found, and the latency histogram) grow.
func TestMetricsCountPeerTraffic(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	psk, err := p2p.NewPSK()
	if err != nil {
		t.Fatal(err)
	}
	pskFile := filepath.Join(t.TempDir(), "swarm.key")
	if err := os.WriteFile(pskFile, psk.Format(), 0o600); err != nil {
		t.Fatal(err)
	}
	a := startPeerNode(t, pskFile)
	b := startPeerNode(t, pskFile, a.APIAddr().String())
	waitFor(t, "B connected to A", func() bool { return len(b.p2p.Peers()) > 0 })

	const size = 1 << 20
	dir := filepath.Join(t.TempDir(), "traffic")
	content := make([]byte, size)
	rand.Read(content)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "blob"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := nar.AddPath(ctx, a.store, nixpath.DefaultStoreDir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.p2p.Announce(ctx, info); err != nil {
		t.Fatal(err)
	}
	if err := a.p2p.WaitAnnounced(ctx); err != nil {
		t.Fatal(err)
	}

	aID, bID := a.P2PID(), b.P2PID()
	sentAB := `tvix_p2p_peer_bytes_total{direction="sent",peer="` + bID + `"}`
	recvBA := `tvix_p2p_peer_bytes_total{direction="received",peer="` + aID + `"}`
	found, count := `tvix_dht_lookups_total{result="found"}`, `tvix_dht_lookup_seconds_count`
	beforeA, beforeB := scrape(t, a), scrape(t, b)

	base := "http://" + b.APIAddr().String() + "/"
	narinfo := httpBody(t, base+string(store.NodeName(info.Node))[:32]+".narinfo")
	var url string
	for _, line := range strings.Split(narinfo, "\n") {
		if u, ok := strings.CutPrefix(line, "URL: "); ok {
			url = u
		}
	}
	if url == "" {
		t.Fatalf("B's narinfo has no URL:\n%s", narinfo)
	}
	if got := len(httpBody(t, base+url)); got < size {
		t.Fatalf("B's NAR: %d bytes, want at least %d", got, size)
	}

	// libp2p's bandwidth counter folds new bytes into its totals once a
	// second: scrape until the counters have moved, or fail after a while.
	var afterA, afterB map[string]float64
	grown := func() []string {
		afterA, afterB = scrape(t, a), scrape(t, b)
		var short []string
		for _, c := range []struct {
			node          string
			series        string
			before, after map[string]float64
			atLeast       float64
		}{
			{"A", sentAB, beforeA, afterA, size},
			{"B", recvBA, beforeB, afterB, size},
			{"B", found, beforeB, afterB, 1},
			{"B", count, beforeB, afterB, 1},
		} {
			if d := c.after[c.series] - c.before[c.series]; d < c.atLeast {
				short = append(short, fmt.Sprintf("%s's %s grew by %v (%v -> %v), want at least %v",
					c.node, c.series, d, c.before[c.series], c.after[c.series], c.atLeast))
			}
		}
		return short
	}
	deadline := time.Now().Add(scrapeWait)
	for short := grown(); len(short) > 0; short = grown() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", scrapeWait, strings.Join(short, "; "))
		}
		time.Sleep(100 * time.Millisecond)
	}

	// B's status page shows the traffic in A's row of the peer table.
	v := b.status.View(ctx)
	for _, r := range v.Peers {
		if r.ID != aID {
			continue
		}
		if r.Received < size {
			t.Errorf("B's status page: received from A %d, want at least %d", r.Received, size)
		}
		var page bytes.Buffer
		if err := status.WritePage(&page, v); err != nil {
			t.Fatal(err)
		}
		if cell := "<td>" + status.FormatBytes(r.Sent) + " / " + status.FormatBytes(r.Received) + "</td>"; !strings.Contains(page.String(), cell) {
			t.Errorf("B's status page has no %s", cell)
		}
		return
	}
	t.Errorf("B's status page: no row for A (%s)", aID)
}

// scrapeWait bounds waiting for counters that libp2p updates each second.
const scrapeWait = 10 * time.Second
