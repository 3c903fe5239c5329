package p2p

import (
	"errors"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/p2pnix/tvix/store"
	"github.com/p2pnix/tvix/store/storetest"
)

func TestPenaltyDoubles(t *testing.T) {
	now := time.Unix(1000, 0)
	var p Penalty
	want := penaltyBase
	for range 10 {
		p.block(now)
		if got := p.BlockedUntil.Sub(now); got != want {
			t.Fatalf("block %d lasts %v, want %v", p.offences, got, want)
		}
		want = min(2*want, penaltyMax)
	}
	if !p.Blocked(now) || p.Blocked(now.Add(penaltyMax)) {
		t.Errorf("blocked until %v: wrong at %v or %v", p.BlockedUntil, now, now.Add(penaltyMax))
	}
}

// TestBlockedAskedLast: whatever the rotation, a peer blocked for
// misbehaving comes after every other provider, and before none.
func TestBlockedAskedLast(t *testing.T) {
	ids := []peer.ID{"a", "b", "c", "d"}
	n := &Node{penalties: map[peer.ID]*Penalty{}}
	s := &sources{n: n, bad: map[peer.ID]bool{}, fails: map[peer.ID]int{}}
	for _, id := range ids {
		s.peers = append(s.peers, peer.AddrInfo{ID: id})
	}
	n.rejected("b", 10)
	s.fails["c"] = 1 // failed once in this fetch: after the good ones, before the blocked
	for start := range 8 {
		got := s.order(start)
		if len(got) != 4 || got[3].ID != "b" || got[2].ID != "c" {
			t.Fatalf("order(%d) = %v, want c then the blocked b last", start, got)
		}
	}
	if p := n.PeerPenalty("b"); p.Rejected != 1 || p.RejectedBytes != 10 || !p.Blocked(time.Now()) {
		t.Errorf("penalty of b: %+v", p)
	}
	s.bad["a"] = true // caught in this fetch: left out
	if got := s.order(0); len(got) != 3 || got[0].ID != "d" {
		t.Errorf("order with a dropped = %v", got)
	}
}

// TestFalseProviderRecords: the only provider listed for a path does not
// hold it; a holder that never announced it is found among the
// connected peers, and the false provider is counted, blocked at the
// falseRecordsPerBlock-th record.
func TestFalseProviderRecords(t *testing.T) {
	sk, trust := testKey(t)
	nodes, stores := startCluster(t, 3, trust)
	honest, liar, fetcher := nodes[0], nodes[1], nodes[2]
	r := storetest.NewRand(t)
	var last [store.StorePathHashSize]byte
	for k := range falseRecordsPerBlock {
		data := storetest.RandomBytes(r, 32<<10)
		info := putFilePath(t, stores[0], r, "file", data, &sk) // never announced
		h, _ := store.ValidatePathInfo(info)
		last = h
		liar.prov.add(ctxT(t), StorePathCID(h))
		if err := liar.WaitAnnounced(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			got, err := fetcher.FindHolder(ctxT(t), h)
			if err != nil || got != honest.ID() {
				t.Fatalf("FindHolder = %s, %v; want the honest node %s", got, err, honest.ID())
			}
		} else if _, err := fetcher.Store().PathInfos.Get(ctxT(t), h); err != nil {
			t.Fatalf("fetch %d: %v", k, err)
		}
		p := fetcher.PeerPenalty(liar.ID())
		if p.FalseRecords != k+1 || p.Blocked(time.Now()) != (k+1 == falseRecordsPerBlock) {
			t.Fatalf("after %d false records: %+v", k+1, p)
		}
	}
	if p := fetcher.PeerPenalty(honest.ID()); p != (Penalty{}) {
		t.Errorf("the honest holder was penalised: %+v", p)
	}
	if err := fetcher.Holds(ctxT(t), honest.ID(), last); err != nil {
		t.Errorf("Holds of the honest holder: %v", err)
	}
	if err := fetcher.Holds(ctxT(t), liar.ID(), last); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Holds of the false provider: %v, want ErrNotFound", err)
	}
}

// TestFindHolderRefusesUntrusted: a provider whose PathInfo no trusted
// key signed is no holder, and is penalised with the info's size.
func TestFindHolderRefusesUntrusted(t *testing.T) {
	other, _ := testKey(t)
	_, trust := testKey(t)
	nodes, stores := startCluster(t, 2, trust)
	r := storetest.NewRand(t)
	info := putFilePath(t, stores[0], r, "file", storetest.RandomBytes(r, 1024), &other)
	announce(t, nodes[0], info)
	h, _ := store.ValidatePathInfo(info)
	if id, err := nodes[1].FindHolder(ctxT(t), h); !errors.Is(err, ErrUntrusted) {
		t.Fatalf("FindHolder = %s, %v; want ErrUntrusted", id, err)
	}
	if p := nodes[1].PeerPenalty(nodes[0].ID()); p.Rejected != 1 || p.RejectedBytes == 0 {
		t.Errorf("penalty of the untrusted provider: %+v", p)
	}
	if err := nodes[1].Holds(ctxT(t), nodes[0].ID(), h); !errors.Is(err, ErrUntrusted) {
		t.Errorf("Holds of the untrusted provider: %v, want ErrUntrusted", err)
	}
	if p := nodes[1].PeerPenalty(nodes[0].ID()); p.Rejected != 2 {
		t.Errorf("penalty after Holds: %+v", p)
	}
}
