package farm

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
	"github.com/p2pnix/tvix/node/gossip"
)

func TestClaimGuard(t *testing.T) {
	var g claimGuard
	now := time.Unix(1000, 0)
	if g.refuses("p", now) {
		t.Fatal("a peer refused before any lease expired")
	}
	want := guardBase
	for k := range 8 {
		g.expired("p", now)
		if !g.refuses("p", now.Add(want-time.Millisecond)) || g.refuses("p", now.Add(want)) {
			t.Fatalf("after %d expired leases: not refused for exactly %v", k+1, want)
		}
		want = min(2*want, guardMax)
	}
	if g.refuses("q", now) {
		t.Error("another peer refused")
	}
	g.built("p")
	if g.refuses("p", now) {
		t.Error("refused after finishing a build")
	}
}

// TestLeaseExpiredReason: the coordinator's Revoke for a lease nobody
// renewed carries the reason the farm's guard looks for.
func TestLeaseExpiredReason(t *testing.T) {
	c, err := coordinator.New(coordinator.Config{Self: "me", Systems: []string{"x86_64-linux"}})
	if err != nil {
		t.Fatal(err)
	}
	step := func(ev coordinator.Event) {
		if err := c.Step(ev); err != nil {
			t.Fatal(err)
		}
	}
	step(coordinator.PeerJoined{Peer: "p", Info: coordinator.PeerInfo{Systems: []string{"x86_64-linux"}, Slots: 1, Speed: 1}})
	drv := "/nix/store/00000000000000000000000000000000-a.drv"
	step(coordinator.BuildRequested{ID: "r", Jobs: []coordinator.Job{{Drv: drv, System: "x86_64-linux",
		Outputs: []string{"/nix/store/11111111111111111111111111111111-a"}}}, Roots: []string{drv}})
	step(coordinator.OutputsMissing{Drv: drv})
	step(coordinator.Claim{Drv: drv, Peer: "p", FreeSlots: 1, Speed: 1})
	var revoked []string
	for now := time.Duration(0); now < time.Minute && len(revoked) == 0; now += 100 * time.Millisecond {
		c.Tick(now)
		for _, a := range c.Ready() {
			if r, ok := a.(coordinator.Revoke); ok && r.Peer == "p" {
				revoked = append(revoked, r.Reason)
			}
		}
	}
	if len(revoked) == 0 || revoked[0] != leaseExpired {
		t.Fatalf("revokes of the silent peer's lease: %q, want %q", revoked, leaseExpired)
	}
}

// TestClaimFloodDoesNotStall: a member that claims every offer with
// every slot free and never builds what it is granted (its leases
// expire) does not stop a build: after its first expired lease its
// claims are rejected, and the honest worker builds everything.
func TestClaimFloodDoesNotStall(t *testing.T) {
	ff := newFakeFarms(t, 0, 1)
	var rejects atomic.Int32
	var evil *gossip.Gossip
	claim, _ := json.Marshal(farmMsg{FreeSlots: 64})
	evil, err := gossip.New(gossip.Config{
		Name: "evil", Transport: ff.net.NewTransport(),
		Meta: gossip.NodeMeta{PeerID: "evil", Systems: []string{"x86_64-linux"}, TotalSlots: 64, FreeSlots: 64},
		OnMessage: func(m gossip.Message) {
			var body farmMsg
			json.Unmarshal(m.Body, &body)
			switch {
			case m.Kind == gossip.KindOffer && body.Op != opWithdraw:
				go evil.Send(context.Background(), m.From, gossip.Message{Kind: gossip.KindClaim, Drv: m.Drv, Body: claim}, true)
			case m.Kind == gossip.KindLease && body.Op == opReject:
				rejects.Add(1)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { evil.Leave(context.Background()) })
	if _, err := evil.Join([]string{ff.farms[0].GossipAddr()}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for coordPeers(ff.farms[0]) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the coordinator never met the flooding member")
		}
		time.Sleep(10 * time.Millisecond)
	}
	g, top := fakeGraph("flood", 4)
	ff.setGraph(g)
	res, failed, _ := ff.build(0, top)
	if failed != 0 || len(res) != len(g) {
		t.Fatalf("%d of %d failed: %v", failed, len(res), res[top])
	}
	for d, r := range res {
		if r.BuiltOn != "p1" {
			t.Errorf("%s built on %q, want the honest worker p1", d, r.BuiltOn)
		}
	}
	refused := make(chan bool, 1)
	ff.farms[0].do(func() { refused <- ff.farms[0].guard.refuses("evil", time.Now()) })
	if !<-refused || rejects.Load() == 0 {
		t.Errorf("the flooding member was not refused (%d rejects received)", rejects.Load())
	}
}
