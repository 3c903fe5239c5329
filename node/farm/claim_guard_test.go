package farm

import (
	"testing"
	"time"

	"github.com/p2pnix/tvix/node/coordinator"
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
