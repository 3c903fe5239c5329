package simnet

import (
	"slices"
	"time"
)

// offer is a job offered by a coordinator, as the builders see it.
type offer struct {
	drv     int
	coord   *fnode
	prio    int64
	tie     uint64 // random order among equal priorities
	visible time.Duration
	sent    time.Duration // last (re)sent
	// refused holds the builders whose claim was rejected or ignored since
	// the offer was last sent; they do not claim it again until then.
	refused map[int]bool
}

// offerTTL is how long a builder keeps an offer that is not sent again.
// Coordinators re-send unclaimed offers every OfferTimeout (1s); an offer
// not re-sent was granted or dropped.
const offerTTL = 3 * time.Second

// offerBoard is the simulated gossip layer's view of open offers, shared by
// all builders: every builder a broadcast reaches sees the same offers, so
// one list ordered by urgency stands for all their copies. Partitions and
// broadcast delays are applied when a builder picks from it.
type offerBoard struct {
	list    []*offer // most urgent first
	byKey   map[[2]int]*offer
	scratch []*offer
}

func (b *offerBoard) cmp(x, y *offer) int {
	switch {
	case x.prio != y.prio:
		if x.prio > y.prio {
			return -1
		}
		return 1
	case x.tie != y.tie:
		if x.tie < y.tie {
			return -1
		}
		return 1
	}
	if x.drv != y.drv {
		return x.drv - y.drv
	}
	return x.coord.idx - y.coord.idx
}

// refresh reports whether c's offer of drv is already on the board, and
// if so marks it sent again at now.
func (b *offerBoard) refresh(drv int, c *fnode, now time.Duration) bool {
	o := b.byKey[[2]int{drv, c.idx}]
	if o == nil {
		return false
	}
	o.sent = now
	clear(o.refused)
	return true
}

func (b *offerBoard) add(o *offer) {
	if b.byKey == nil {
		b.byKey = map[[2]int]*offer{}
	}
	b.byKey[[2]int{o.drv, o.coord.idx}] = o
	i, _ := slices.BinarySearchFunc(b.list, o, b.cmp)
	b.list = slices.Insert(b.list, i, o)
}

func (b *offerBoard) remove(drv int, c *fnode) {
	k := [2]int{drv, c.idx}
	o := b.byKey[k]
	if o == nil {
		return
	}
	delete(b.byKey, k)
	if i, ok := slices.BinarySearchFunc(b.list, o, b.cmp); ok {
		b.list = slices.Delete(b.list, i, i+1)
	}
}

// pick returns a random one of the k most urgent offers builder n can see
// and reach and has not claimed since it was last sent, skipping those
// whose derivation skip reports (claimed or building on n), or nil.
func (b *offerBoard) pick(f *farm, n *fnode, k int, skip func(drv string) bool) *offer {
	b.scratch = b.scratch[:0]
	now := f.clk.now
	var stale []*offer
	for _, o := range b.list {
		if now-o.sent > offerTTL {
			stale = append(stale, o)
			continue
		}
		if o.visible > now || !f.reachable(n, o.coord) || o.refused[n.idx] || skip(f.dag.Jobs[o.drv].Drv) {
			continue
		}
		b.scratch = append(b.scratch, o)
		if len(b.scratch) == k {
			break
		}
	}
	for _, o := range stale {
		b.remove(o.drv, o.coord)
	}
	if len(b.scratch) == 0 {
		return nil
	}
	return b.scratch[f.r.IntN(len(b.scratch))]
}
