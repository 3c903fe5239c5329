package simnet

import (
	"container/heap"
	"time"
)

// simClock is simulated time and its event queue. Events run in (time,
// scheduling order) order, so a run is a function of its seed.
type simClock struct {
	now    time.Duration
	seq    uint64
	q      eventHeap
	events uint64 // events run so far
}

type simEvent struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type eventHeap []simEvent

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(simEvent)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = simEvent{}
	*h = old[:len(old)-1]
	return e
}

// after runs fn at now+d.
func (c *simClock) after(d time.Duration, fn func()) {
	c.seq++
	heap.Push(&c.q, simEvent{at: c.now + max(d, 0), seq: c.seq, fn: fn})
}

// run runs events until stop returns true, the queue is empty or the next
// event is after limit.
func (c *simClock) run(stop func() bool, limit time.Duration) {
	for c.q.Len() > 0 && !stop() {
		if c.q[0].at > limit {
			return
		}
		e := heap.Pop(&c.q).(simEvent)
		c.now = e.at
		c.events++
		e.fn()
	}
}
