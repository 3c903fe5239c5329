package gossip

import (
	"fmt"
	"testing"
	"time"
)

// returns fails the test if f does not return within limit.
func returns(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s did not return within %v", what, limit)
	}
}

func TestMemTransportDeadNodeNeverBlocks(t *testing.T) {
	n := NewMemNetwork(1)
	a, b := n.NewTransport(), n.NewTransport()
	if err := b.Shutdown(); err != nil {
		t.Fatal(err)
	}
	returns(t, 5*time.Second, "writes to a dead node", func() {
		for i := 0; i < 5000; i++ {
			if _, err := a.WriteTo([]byte("ping"), b.Addr()); err != nil {
				t.Errorf("WriteTo: %v", err)
				return
			}
		}
	})
	returns(t, 5*time.Second, "dial to a dead node", func() {
		if c, err := a.DialTimeout(b.Addr(), time.Hour); err == nil {
			c.Close()
			t.Error("dial to a dead node succeeded")
		}
	})
	if st := n.Stats(); st.Unroutable != 5000 {
		t.Errorf("stats %+v, want 5000 unroutable", st)
	}
}

func TestMemTransportFullBufferDrops(t *testing.T) {
	n := NewMemNetwork(1)
	a, b := n.NewTransport(), n.NewTransport()
	const sent = 3000 // more than the 1024-packet buffer; nobody reads
	returns(t, 5*time.Second, "writes to a node that does not read", func() {
		for i := 0; i < sent; i++ {
			_, _ = a.WriteTo([]byte{byte(i)}, b.Addr())
		}
	})
	if st := n.Stats(); st.Overflow != sent-uint64(cap(b.packetCh)) {
		t.Errorf("stats %+v, want %d overflowed", st, sent-cap(b.packetCh))
	}
	p := <-b.PacketCh()
	if p.From.String() != a.Addr() || len(p.Buf) != 1 || p.Buf[0] != 0 {
		t.Errorf("first packet %+v from %s", p.Buf, p.From)
	}
}

func TestMemTransportStreamClosedAtShutdown(t *testing.T) {
	n := NewMemNetwork(1)
	a, b := n.NewTransport(), n.NewTransport()
	c, err := a.DialTimeout(b.Addr(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	accepted := <-b.StreamCh()
	if accepted.RemoteAddr().String() != a.Addr() || c.RemoteAddr().String() != b.Addr() {
		t.Errorf("addresses %s, %s", accepted.RemoteAddr(), c.RemoteAddr())
	}
	go func() { _, _ = accepted.Write([]byte("hi")) }()
	buf := make([]byte, 2)
	if _, err := c.Read(buf); err != nil || string(buf) != "hi" {
		t.Fatalf("read %q, %v", buf, err)
	}
	_ = b.Shutdown()
	returns(t, 5*time.Second, "read from a stream whose peer died", func() {
		if _, err := c.Read(buf); err == nil {
			t.Error("read succeeded after the peer shut down")
		}
	})
}

func TestMemTransportLossLatencyPartition(t *testing.T) {
	n := NewMemNetwork(7)
	a, b, c := n.NewTransport(), n.NewTransport(), n.NewTransport()
	n.SetLink(a.Addr(), b.Addr(), LinkConfig{Loss: 0.5, Latency: time.Millisecond})
	const sent = 1000
	for i := 0; i < sent; i++ {
		_, _ = a.WriteTo([]byte{1}, b.Addr())
	}
	// Losses are decided when a packet is written; every other packet is
	// delivered or counted as an overflow.
	got := 0
	deadline := time.After(10 * time.Second)
	for st := n.Stats(); uint64(got)+st.Overflow < sent-st.Lost; st = n.Stats() {
		select {
		case <-b.PacketCh():
			got++
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("after 10s: %d packets arrived, %+v", got, st)
		}
	}
	if got < sent/4 || got > sent*3/4 {
		t.Errorf("%d of %d packets arrived over a link losing half", got, sent)
	}

	n.Partition([]string{a.Addr()}, []string{c.Addr()})
	_, _ = a.WriteTo([]byte{2}, c.Addr())
	if _, err := a.DialTimeout(c.Addr(), 10*time.Millisecond); err == nil {
		t.Error("dial across a partition succeeded")
	}
	// b is in no group, so it is cut off from a as well.
	_, _ = b.WriteTo([]byte{3}, a.Addr())
	n.Heal()
	_, _ = a.WriteTo([]byte{4}, c.Addr())
	select {
	case p := <-c.PacketCh():
		if p.Buf[0] != 4 {
			t.Errorf("got packet %d across the partition", p.Buf[0])
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no packet after the heal")
	}
	select {
	case p := <-a.PacketCh():
		t.Errorf("packet %d from b crossed the partition", p.Buf[0])
	default:
	}
}

func TestMemCluster50NodesWithLoss(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("50 nodes: not in -short mode or under the race detector")
	}
	tn := testNet{name: "mem", mem: NewMemNetwork(50)}
	// 50 nodes probing every 200 ms in one process on a loaded machine
	// suspect each other falsely; slow the profile down threefold.
	nodes := startScaledCluster(t, tn, 50, 0.05, 3)
	checkBroadcasts(t, nodes, 10, 2, 20*time.Second, false)
}

func TestMemPartitionHeals(t *testing.T) {
	tn := testNet{name: "mem", mem: NewMemNetwork(3)}
	nodes := startScaledCluster(t, tn, 6, 0, 2)
	var left, right []string
	for i, n := range nodes {
		if i < 3 {
			left = append(left, n.Addr())
		} else {
			right = append(right, n.Addr())
		}
	}
	tn.mem.Partition(left, right)
	start := time.Now()
	waitFor(t, 15*time.Second, "each side declares the other dead", func() bool {
		for _, n := range nodes {
			if n.NumMembers() != 3 {
				return false
			}
		}
		return true
	})
	for i, n := range nodes {
		for j := range nodes {
			if _, ok := n.Member(fmt.Sprintf("n%d", j)); ok != (i < 3 == (j < 3)) {
				t.Fatalf("n%d lists n%d: %v", i, j, ok)
			}
		}
	}
	t.Logf("partition detected after %v", time.Since(start).Round(time.Millisecond))
	tn.mem.Heal()
	start = time.Now()
	waitFor(t, 15*time.Second, "the sides merge again", func() bool {
		for _, n := range nodes {
			if n.NumMembers() != 6 {
				return false
			}
		}
		return true
	})
	t.Logf("merged %v after the heal", time.Since(start).Round(time.Millisecond))
	checkBroadcasts(t, nodes, len(nodes), 2, 10*time.Second, false)
}
