package simnet

import (
	"context"
	"testing"
	"time"
)

// TestDHTSmall: the real DHT over mocknet finds every provider record,
// and nodes connect to a fraction of the peers they are linked to.
func TestDHTSmall(t *testing.T) {
	s, err := Parse("dht", []byte("nodes 40\nlatency uniform 1ms 5ms\nmeasure dht\ndht-lookups 20\ndht-providers 10\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r, err := RunDHT(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.ProviderFound != r.Lookups {
		t.Errorf("%d of %d provider lookups found the provider", r.ProviderFound, r.Lookups)
	}
	if r.Links != 40*39/2 || r.Conns == 0 || r.Conns >= r.Links {
		t.Errorf("%d links, %d connections", r.Links, r.Conns)
	}
	if r.LookupHopsMax > 2*r.Log2N {
		t.Errorf("lookups took up to %.0f hops among %d nodes", r.LookupHopsMax, r.Nodes)
	}
}

// TestGossipSmall: real memberlist members over the lossy in-memory
// transport deliver every broadcast and declare a crashed member dead.
func TestGossipSmall(t *testing.T) {
	s, err := Parse("gossip", []byte("nodes 12\nlatency uniform 1ms 5ms\nloss 1%\nmeasure gossip\ngossip-kills 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r, err := RunGossip(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", r)
	if r.Reached != 1 {
		t.Errorf("broadcasts reached %.4f of the members", r.Reached)
	}
	if r.Kills != 1 || r.DetectMissed != 0 || r.DetectAll <= 0 {
		t.Errorf("%d kills, %d not detected by all, worst %s", r.Kills, r.DetectMissed, r.DetectAll)
	}
}
