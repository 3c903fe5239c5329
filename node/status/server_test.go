package status

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/p2pnix/tvix/p2p"
	"github.com/p2pnix/tvix/proto/castorev1"
	"github.com/p2pnix/tvix/proto/storev1"
	"github.com/p2pnix/tvix/store"
	"github.com/prometheus/client_golang/prometheus"
)

// fixedSource is a Source with a fixed snapshot whose log subscribers
// read lines from logs.
type fixedSource struct {
	snap Snapshot
	logs chan LogLine
}

var _ Source = (*fixedSource)(nil)

func (f *fixedSource) Snapshot() Snapshot { return f.snap }

func (f *fixedSource) SubscribeLogs(ctx context.Context) <-chan LogLine {
	out := make(chan LogLine)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case l := <-f.logs:
				select {
				case out <- l:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}

// fixedNetwork is a Network of one connected peer.
type fixedNetwork struct{}

var _ Network = fixedNetwork{}

const (
	selfID = "12D3KooWSelfSelfSelfSelfSelfSelfSelfSelf"
	peerID = "12D3KooWPeerPeerPeerPeerPeerPeerPeerPeer"
)

func (fixedNetwork) ID() string { return selfID }

func (fixedNetwork) Peers() []ConnectedPeer {
	return []ConnectedPeer{{ID: peerID, Found: "join", Addrs: []string{"/ip4/10.0.0.2/tcp/7401"}, LatencyMS: 1.5,
		Rejected: 2, RejectedBytes: 3 << 10, FalseRecords: 1, Blocked: true}}
}

func (fixedNetwork) Received() uint64 { return 4096 }

func (fixedNetwork) TrafficByPeer() map[string]p2p.Traffic {
	return map[string]p2p.Traffic{peerID: {Sent: 3 << 20, Received: 5 << 10}}
}

func (fixedNetwork) LookupStats() p2p.LookupStats { return p2p.LookupStats{Found: 2, None: 1} }

const testDrv = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello.drv"

// startServer serves a Server over a shard with one path of NAR size
// 1000, with a farm running one build, until the test ends.
func startServer(t *testing.T) (*Server, *fixedSource, string) {
	t.Helper()
	shard := store.NewMemoryStore()
	info := &storev1.PathInfo{
		Node: &castorev1.Node{Node: &castorev1.Node_Symlink{Symlink: &castorev1.SymlinkNode{
			Name: []byte("0123456789abcdfghijklmnpqrsvwxyz-x"), Target: []byte("t")}}},
		Narinfo: &storev1.NARInfo{NarSize: 1000, NarSha256: make([]byte, 32)},
	}
	if _, err := shard.PathInfos.Put(context.Background(), info); err != nil {
		t.Fatal(err)
	}
	s := New(Config{API: "127.0.0.1:7400", PublicKey: "test-1:AAAA", Network: fixedNetwork{}, Shard: shard,
		Hits: func() HitCounts { return HitCounts{Local: 2, Peer: 1, Miss: 3} }})
	src := &fixedSource{logs: make(chan LogLine), snap: Snapshot{
		GossipMembers: 2,
		Peers: []Peer{{ID: peerID, Name: peerID, Health: "alive", Slots: 4, Busy: 1, Load: 0.5},
			{ID: selfID, Name: selfID, Health: "alive", Slots: 2}},
		Running:      []Build{{ID: testDrv, Drv: testDrv, Node: peerID, State: "running", Log: []string{"unpacking sources"}}},
		Finished:     map[string]uint64{"built": 7},
		Reproducible: 5, NotReproducible: 2,
	}}
	s.SetSource(src)
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(s.Instrument(mux))
	t.Cleanup(srv.Close)
	t.Cleanup(s.Shutdown)
	return s, src, srv.URL
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// TestPageShowsWhatItReads: the page shows the source's build and its
// log, the network's peer with its traffic and farm figures after this
// node's row, the shard's paths and the cache's hit counts.
func TestPageShowsWhatItReads(t *testing.T) {
	_, _, base := startServer(t)
	page := get(t, base+"/")
	for _, want := range []string{
		testDrv,
		"unpacking sources",
		"<td>3.0 MiB / 5.0 KiB</td>",
		"<td>2 replies, 3.0 KiB 1 false records (asked last)</td>",
		`<td class="health alive">alive</td>`,
		"<td>1/4</td>",
		`<td id="store-paths">1</td>`,
		"2 local, 1 from peers, 3 misses (hit rate 50%)",
		"<td>" + strconv.Itoa(p2p.DefaultReplicas) + "</td>",
		`<td id="checks">5 reproducible, 2 not</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	self, peer := strings.Index(page, `title="`+selfID+`">`), strings.Index(page, `title="`+peerID+`">`)
	if self < 0 || peer < self || !strings.Contains(page[self:peer], "(this node)") {
		t.Errorf("the peer table does not start with this node's row (at %d, the peer's at %d)", self, peer)
	}
	if css := get(t, base+"/tvix/static/status.css"); css == "" {
		t.Error("empty status.css")
	}
}

// TestMetricsExportWhatItReads: /metrics has the request counters of
// the instrumented routes and the figures read at scrape time.
func TestMetricsExportWhatItReads(t *testing.T) {
	s, _, base := startServer(t)
	get(t, base+"/")
	other := prometheus.NewCounter(prometheus.CounterOpts{Name: "tvix_status_test_total", Help: "A counter of another part."})
	if err := s.Registerer().Register(other); err != nil {
		t.Fatal(err)
	}
	metrics := get(t, base+"/metrics")
	for _, want := range []string{
		`tvix_http_requests_total{code="200",route="GET /{$}"} 1`,
		`tvix_builds{state="running"} 1`,
		`tvix_builds_finished_total{result="built"} 7`,
		"tvix_gossip_members 2",
		`tvix_reproducibility_checks_total{result="reproducible"} 5`,
		`tvix_reproducibility_checks_total{result="not_reproducible"} 2`,
		"tvix_p2p_peers 1",
		"tvix_p2p_received_bytes_total 4096",
		`tvix_p2p_rejected_bytes_total{peer="` + peerID + `"} 3072`,
		`tvix_p2p_false_provider_records_total{peer="` + peerID + `"} 1`,
		`tvix_p2p_peer_blocked{peer="` + peerID + `"} 1`,
		`tvix_dht_lookups_total{result="found"} 2`,
		"tvix_store_paths 1",
		"tvix_store_nar_bytes 1000",
		"tvix_status_test_total 0",
	} {
		if !strings.Contains(metrics, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestEventsCarryLogsAndEndOnShutdown: the event stream carries a log
// line the source writes and the re-rendered sections, and ends when the
// server shuts down.
func TestEventsCarryLogsAndEndOnShutdown(t *testing.T) {
	s, src, base := startServer(t)
	resp, err := http.Get(base + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	src.logs <- LogLine{Build: testDrv, Line: "make: Leaving directory"}
	events := bufio.NewScanner(resp.Body)
	events.Buffer(nil, 1<<20)
	seen := map[string]bool{}
	var event string
	for !seen["log"] || !seen["sections"] {
		if !events.Scan() {
			t.Fatalf("the stream ended after %v: %v", seen, events.Err())
		}
		line := events.Text()
		if e, ok := strings.CutPrefix(line, "event: "); ok {
			event = e
		}
		switch {
		case event == "log" && strings.HasPrefix(line, "data: "):
			want := `data: {"build":"` + testDrv + `","line":"make: Leaving directory"}`
			if line != want {
				t.Errorf("log event %q, want %q", line, want)
			}
			seen["log"] = true
		case event == "sections" && strings.Contains(line, testDrv):
			seen["sections"] = true
		}
	}
	s.Shutdown()
	done := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, resp.Body)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("reading the rest of the stream: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the event stream did not end on Shutdown")
	}
}
