package gossip

import (
	"math/rand/v2"
	"sync"
	"time"
)

// reconnector remembers members declared dead (not those that left) and
// periodically tries to join one of them again, so that two sides of a
// healed partition, which each consider the other dead and so never probe
// it, merge again. memberlist alone never does this.
type reconnector struct {
	g        *Gossip
	interval time.Duration
	keep     time.Duration

	mu     sync.Mutex
	failed map[string]failedMember // by name
	stop   chan struct{}
	once   sync.Once
}

type failedMember struct {
	addr  string
	since time.Time
}

func newReconnector(g *Gossip, interval, keep time.Duration) *reconnector {
	r := &reconnector{g: g, interval: interval, keep: keep, failed: map[string]failedMember{}, stop: make(chan struct{})}
	return r
}

// observe updates the failed set from a membership event.
func (r *reconnector) observe(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e.Kind {
	case EventDead:
		r.failed[e.Member.Name] = failedMember{addr: e.Member.Addr, since: time.Now()}
	default:
		delete(r.failed, e.Member.Name)
	}
}

// pick returns the address of a random failed member, forgetting those
// that failed longer than keep ago.
func (r *reconnector) pick() (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var addrs []string
	for name, f := range r.failed {
		if time.Since(f.since) > r.keep {
			delete(r.failed, name)
			continue
		}
		addrs = append(addrs, f.addr)
	}
	if len(addrs) == 0 {
		return "", false
	}
	return addrs[rand.IntN(len(addrs))], true
}

func (r *reconnector) run() {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			if addr, ok := r.pick(); ok {
				_, _ = r.g.Join([]string{addr}) // failure: try again later
			}
		}
	}
}

func (r *reconnector) close() { r.once.Do(func() { close(r.stop) }) }
