package coordinator

import (
	"container/heap"
	"time"
)

type timerKind uint8

const (
	tDecide      timerKind = iota // an offer's claim window ends
	tReoffer                      // an unclaimed offer is sent again
	tLease                        // a lease may have expired
	tAnnounce                     // repeat our "building D"
	tBackoff                      // a retry's backoff ends
	tRemoteLapse                  // another coordinator's announcement may have lapsed
)

// timer is one pending deadline. A timer whose gen differs from its
// derivation's gen is stale and ignored when it fires, so state changes never
// search the heap.
type timer struct {
	at   time.Duration
	prio int64
	idx  int32
	gen  uint32
	kind timerKind
}

// timerHeap orders timers by time, then priority (critical path first), then
// derivation index, so that firing order is deterministic.
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	a, b := &h[i], &h[j]
	if a.at != b.at {
		return a.at < b.at
	}
	if a.prio != b.prio {
		return a.prio > b.prio
	}
	if a.idx != b.idx {
		return a.idx < b.idx
	}
	return a.kind < b.kind
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

// prioHeap holds derivation indices, highest priority first; entries are
// validated by the caller when popped (lazy deletion).
type prioHeap struct {
	idx  []int32
	gen  []uint32
	prio func(int32) int64
}

func (h *prioHeap) Len() int { return len(h.idx) }
func (h *prioHeap) Less(i, j int) bool {
	pi, pj := h.prio(h.idx[i]), h.prio(h.idx[j])
	if pi != pj {
		return pi > pj
	}
	return h.idx[i] < h.idx[j]
}
func (h *prioHeap) Swap(i, j int) {
	h.idx[i], h.idx[j] = h.idx[j], h.idx[i]
	h.gen[i], h.gen[j] = h.gen[j], h.gen[i]
}
func (h *prioHeap) Push(x any) {
	e := x.([2]uint32)
	h.idx = append(h.idx, int32(e[0]))
	h.gen = append(h.gen, e[1])
}
func (h *prioHeap) Pop() any {
	n := len(h.idx) - 1
	e := [2]uint32{uint32(h.idx[n]), h.gen[n]}
	h.idx, h.gen = h.idx[:n], h.gen[:n]
	return e
}

func (h *prioHeap) push(idx int32, gen uint32) { heap.Push(h, [2]uint32{uint32(idx), gen}) }

func (h *prioHeap) peek() (int32, uint32) { return h.idx[0], h.gen[0] }

func (h *prioHeap) pop() { heap.Pop(h) }
