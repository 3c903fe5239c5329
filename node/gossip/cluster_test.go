package gossip

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/memberlist"
)

var testPSK = []byte("test cluster pre-shared key, 32B")

// testNet makes transports for one test cluster: nil for real UDP/TCP on
// 127.0.0.1, or in-memory ones.
type testNet struct {
	name string
	mem  *MemNetwork
}

func (n testNet) transport() memberlist.Transport {
	if n.mem == nil {
		return nil
	}
	return n.mem.NewTransport()
}

// eachNet runs f over real sockets and over a MemNetwork.
func eachNet(t *testing.T, f func(t *testing.T, n testNet)) {
	t.Run("udp", func(t *testing.T) { t.Parallel(); f(t, testNet{name: "udp"}) })
	t.Run("mem", func(t *testing.T) { t.Parallel(); f(t, testNet{name: "mem", mem: NewMemNetwork(1)}) })
}

// testNode is a Gossip with everything it delivered recorded.
type testNode struct {
	*Gossip
	mu     sync.Mutex
	msgs   []Message
	events []Event
}

func (n *testNode) messages() []Message {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Message(nil), n.msgs...)
}

// sawEvent reports whether n has seen an event of kind about name.
func (n *testNode) sawEvent(kind EventKind, name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, e := range n.events {
		if e.Kind == kind && e.Member.Name == name {
			return true
		}
	}
	return false
}

func startNode(t testing.TB, tn testNet, cfg Config) (*testNode, error) {
	n := &testNode{}
	cfg.OnMessage = func(m Message) { n.mu.Lock(); n.msgs = append(n.msgs, m); n.mu.Unlock() }
	cfg.OnEvent = func(e Event) { n.mu.Lock(); n.events = append(n.events, e); n.mu.Unlock() }
	if cfg.Transport == nil {
		cfg.Transport = tn.transport()
	}
	if os.Getenv("GOSSIP_LOG") != "" {
		cfg.LogOutput = os.Stderr
	}
	if cfg.ReconnectInterval == 0 {
		cfg.ReconnectInterval = 200 * time.Millisecond
	}
	g, err := New(cfg)
	if err != nil {
		if cfg.Transport != nil {
			_ = cfg.Transport.Shutdown()
		}
		return nil, err
	}
	n.Gossip = g
	t.Cleanup(func() { _ = g.Shutdown() })
	return n, nil
}

func testMeta(i int) NodeMeta {
	return NodeMeta{
		PeerID: fmt.Sprintf("peer-%d", i), APIAddr: fmt.Sprintf("127.0.0.1:%d", 7400+i),
		Systems: []string{"x86_64-linux"}, FreeSlots: 2, TotalSlots: 2,
	}
}

// startCluster starts n nodes, each joining through node 0, and waits
// until every node sees all n.
func startCluster(t testing.TB, tn testNet, n int, loss float64) []*testNode {
	return startScaledCluster(t, tn, n, loss, 1)
}

// startScaledCluster is startCluster with a Config.TimeScale.
func startScaledCluster(t testing.TB, tn testNet, n int, loss, scale float64) []*testNode {
	t.Helper()
	nodes := make([]*testNode, 0, n)
	for i := 0; i < n; i++ {
		cfg := Config{Name: fmt.Sprintf("n%d", i), PSK: testPSK, Meta: testMeta(i), TimeScale: scale}
		if i > 0 {
			cfg.Join = []string{nodes[0].Addr()}
		}
		node, err := startNode(t, tn, cfg)
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		nodes = append(nodes, node)
	}
	if loss > 0 { // after the joins, which a lost packet could fail
		tn.mem.SetDefaultLink(LinkConfig{Loss: loss})
	}
	waitFor(t, 20*time.Second, fmt.Sprintf("all %d nodes see %d members", n, n), func() bool {
		for _, node := range nodes {
			if node.NumMembers() != n {
				return false
			}
		}
		return true
	}, func() string {
		var s []string
		for _, node := range nodes {
			s = append(s, fmt.Sprintf("%s:%d", node.Name(), node.NumMembers()))
		}
		return "members seen: " + strings.Join(s, " ")
	})
	return nodes
}

// waitFor polls cond until it holds, failing the test after limit with
// what and the output of the optional explain functions.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool, explain ...func() string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			for _, f := range explain {
				t.Log(f())
			}
			t.Fatalf("timed out after %v waiting until %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestJoinAndMetadata(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 4, 0)
		for _, n := range nodes {
			for i, other := range nodes {
				m, ok := n.Member(other.Name())
				if !ok || m.MetaErr != nil || m.Meta.PeerID != testMeta(i).PeerID || m.Meta.APIAddr != testMeta(i).APIAddr {
					t.Fatalf("%s's view of %s: %+v (found %v)", n.Name(), other.Name(), m, ok)
				}
			}
			waitFor(t, 5*time.Second, n.Name()+" gets a join event for n3", func() bool { return n.sawEvent(EventJoined, "n3") })
		}

		busy := testMeta(3)
		busy.FreeSlots, busy.Load, busy.Features = 0, 1.5, []string{"kvm"}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := nodes[3].SetMeta(ctx, busy); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "every node sees n3 busy", func() bool {
			for _, n := range nodes {
				m, _ := n.Member("n3")
				if m.Meta.FreeSlots != 0 || !m.Meta.CanBuild("x86_64-linux", []string{"kvm"}) {
					return false
				}
			}
			return true
		})
		for _, n := range nodes[:3] {
			waitFor(t, 5*time.Second, n.Name()+" gets an update event", func() bool { return n.sawEvent(EventUpdated, "n3") })
		}
		if got := nodes[3].Meta(); got.Load != 1.5 {
			t.Errorf("Meta() = %+v after SetMeta", got)
		}
	})
}

func TestKilledNodeIsDeclaredDead(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 4, 0)
		start := time.Now()
		if err := nodes[3].Shutdown(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 15*time.Second, "n3 declared dead everywhere", func() bool {
			for _, n := range nodes[:3] {
				if !n.sawEvent(EventDead, "n3") {
					return false
				}
			}
			return true
		})
		t.Logf("%s: killed node declared dead by all 3 survivors after %v", tn.name, time.Since(start).Round(time.Millisecond))
		for _, n := range nodes[:3] {
			if _, ok := n.Member("n3"); ok || n.NumMembers() != 3 {
				t.Errorf("%s still lists n3 (%d members)", n.Name(), n.NumMembers())
			}
			if n.sawEvent(EventLeft, "n3") {
				t.Errorf("%s reports a crash as a leave", n.Name())
			}
		}
	})
}

func TestLeaveIsNotDeath(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 3, 0)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := nodes[2].Leave(ctx); err != nil {
			t.Fatal(err)
		}
		for _, n := range nodes[:2] {
			waitFor(t, 10*time.Second, n.Name()+" sees n2 leave", func() bool { return n.sawEvent(EventLeft, "n2") })
			if n.sawEvent(EventDead, "n2") {
				t.Errorf("%s reports a leave as a death", n.Name())
			}
		}
		if _, err := nodes[2].Broadcast(Message{Kind: KindOffer}); err != ErrClosed {
			t.Errorf("Broadcast after Leave: %v, want ErrClosed", err)
		}
	})
}

// checkBroadcasts broadcasts per messages from each of the first senders
// nodes and checks that every node delivers every other node's messages
// exactly once.
//
// On real UDP (lossy) a packet can be dropped when the machine is loaded,
// and a broadcast whose every copy to a member was dropped never reaches
// it (memberlist retransmits a bounded number of times): there each node
// must deliver at least 90% of the broadcasts, still each at most once.
func checkBroadcasts(t *testing.T, nodes []*testNode, senders, per int, limit time.Duration, lossy bool) {
	t.Helper()
	want := map[MsgID]string{} // ID -> sender
	for _, n := range nodes[:senders] {
		for i := 0; i < per; i++ {
			id, err := n.Broadcast(Message{Kind: KindOffer, Drv: fmt.Sprintf("/nix/store/%s-%d.drv", n.Name(), i), Body: []byte{byte(i)}})
			if err != nil {
				t.Fatal(err)
			}
			want[id] = n.Name()
		}
	}
	expect := func(i int) int {
		if i < senders {
			return per * (senders - 1)
		}
		return per * senders
	}
	least := expect
	if lossy {
		least = func(i int) int { return expect(i) * 9 / 10 }
	}
	waitFor(t, limit, "every node delivers every broadcast", func() bool {
		for i, n := range nodes {
			if len(n.messages()) < least(i) {
				return false
			}
		}
		return true
	}, func() string {
		var s []string
		for _, n := range nodes {
			s = append(s, fmt.Sprintf("%s: %d delivered, %+v", n.Name(), len(n.messages()), n.Stats()))
		}
		return strings.Join(s, "\n")
	})
	// Give stray relayed copies time to arrive before counting.
	waitFor(t, limit, "transmit queues drain", func() bool {
		for _, n := range nodes {
			if n.Stats().Queued > 0 {
				return false
			}
		}
		return true
	})
	for i, n := range nodes {
		got := map[MsgID]int{}
		for _, m := range n.messages() {
			got[m.ID]++
			if want[m.ID] != m.From || m.From == n.Name() || m.To != "" || m.Kind != KindOffer {
				t.Fatalf("%s delivered %+v", n.Name(), m)
			}
		}
		if len(got) < least(i) || len(got) > expect(i) {
			t.Errorf("%s delivered %d distinct broadcasts, want %d (at least %d)", n.Name(), len(got), expect(i), least(i))
		}
		for id, c := range got {
			if c != 1 {
				t.Errorf("%s delivered %s %d times", n.Name(), id, c)
			}
		}
	}
}

func TestBroadcastReachesEveryoneOnce(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 5, 0)
		checkBroadcasts(t, nodes, len(nodes), 10, 15*time.Second, tn.mem == nil)
		var relayed uint64
		for _, n := range nodes {
			relayed += n.Stats().Relayed
		}
		if relayed == 0 {
			t.Error("no node relayed a broadcast")
		}
		if _, err := nodes[0].Broadcast(Message{Kind: KindOffer, Body: make([]byte, MaxBroadcastSize)}); err == nil {
			t.Error("oversized broadcast accepted")
		}
	})
}

func TestSendToOneMember(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 3, 0)
		ctx := context.Background()
		big := make([]byte, 64<<10) // beyond one packet: needs the stream
		if _, err := nodes[0].Send(ctx, "n2", Message{Kind: KindClaim, Drv: "d", Body: big}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := nodes[1].Send(ctx, "n2", Message{Kind: KindHeartbeat, Drv: "d"}, false); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 10*time.Second, "n2 gets the claim", func() bool {
			for _, m := range nodes[2].messages() {
				if m.Kind == KindClaim && m.From == "n0" && m.To == "n2" && len(m.Body) == len(big) {
					return true
				}
			}
			return false
		})
		// The best-effort heartbeat may be lost on a real network; over
		// loopback and a lossless MemNetwork it is not.
		waitFor(t, 10*time.Second, "n2 gets the heartbeat", func() bool {
			for _, m := range nodes[2].messages() {
				if m.Kind == KindHeartbeat && m.From == "n1" {
					return true
				}
			}
			return false
		})
		if len(nodes[0].messages())+len(nodes[1].messages()) != 0 {
			t.Errorf("point-to-point message delivered elsewhere: %v %v", nodes[0].messages(), nodes[1].messages())
		}
		if _, err := nodes[0].Send(ctx, "nobody", Message{Kind: KindClaim}, true); err == nil {
			t.Error("send to an unknown member succeeded")
		}
	})
}

func TestOtherPSKCannotJoin(t *testing.T) {
	eachNet(t, func(t *testing.T, tn testNet) {
		nodes := startCluster(t, tn, 2, 0)
		for name, psk := range map[string][]byte{"other": []byte("a different cluster key, 32 byte"), "none": nil} {
			_, err := startNode(t, tn, Config{Name: "intruder-" + name, PSK: psk, Join: []string{nodes[0].Addr()}})
			if err == nil {
				t.Errorf("node with %s PSK joined", name)
			}
		}
		for _, n := range nodes {
			if n.NumMembers() != 2 {
				t.Errorf("%s has %d members", n.Name(), n.NumMembers())
			}
		}
	})
}
