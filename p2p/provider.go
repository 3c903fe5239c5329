package p2p

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ipfs/go-cid"
	"github.com/libp2p/go-libp2p-kad-dht"
)

// Provider tuning.
const (
	// provideWorkers is how many announcements run at once.
	provideWorkers = 8
	// provideTimeout bounds one announcement.
	provideTimeout = 30 * time.Second
	// routingPoll is how often a worker looks at an empty routing table.
	routingPoll = 10 * time.Millisecond
)

// provider keeps the set of keys this node provides and announces them:
// each new key once (after the routing table has peers: announcing into
// an empty table reaches nobody), and every key again each reprovide
// interval. A removed key is no longer announced, so its records expire
// from the DHT within recordValidityFactor intervals.
type provider struct {
	dht      *dht.IpfsDHT
	cfg      *config
	mu       sync.Mutex
	keys     map[string]cid.Cid // by multihash bytes: what to reprovide
	queue    []cid.Cid          // to announce
	inflight int
	wake     chan struct{} // capacity 1: the queue grew
	idle     chan struct{} // closed and replaced when queue and inflight reach 0
}

func newProvider(d *dht.IpfsDHT, cfg *config) *provider {
	return &provider{dht: d, cfg: cfg, keys: make(map[string]cid.Cid), wake: make(chan struct{}, 1), idle: make(chan struct{})}
}

// add records keys as provided by this node (visible to local lookups at
// once) and queues their announcement.
func (p *provider) add(ctx context.Context, keys ...cid.Cid) {
	p.mu.Lock()
	for _, c := range keys {
		k := string(c.Hash())
		if _, ok := p.keys[k]; ok {
			continue
		}
		p.keys[k] = c
		p.queue = append(p.queue, c)
		// Local record only: cannot block on the network.
		if err := p.dht.Provide(ctx, c, false); err != nil {
			fmt.Fprintf(p.cfg.Log, "p2p: provide %s locally: %v\n", c, err)
		}
	}
	p.mu.Unlock()
	p.signal()
}

// remove stops announcing keys.
func (p *provider) remove(keys ...cid.Cid) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range keys {
		delete(p.keys, string(c.Hash()))
	}
}

// list returns the provided keys.
func (p *provider) list() []cid.Cid {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]cid.Cid, 0, len(p.keys))
	for _, c := range p.keys {
		out = append(out, c)
	}
	return out
}

// provides reports whether c is in the provided set.
func (p *provider) provides(c cid.Cid) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.keys[string(c.Hash())]
	return ok
}

func (p *provider) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// reprovideAll queues every provided key again.
func (p *provider) reprovideAll() {
	p.mu.Lock()
	for _, c := range p.keys {
		p.queue = append(p.queue, c)
	}
	p.mu.Unlock()
	p.signal()
}

// wait blocks until every queued announcement has been made (or failed),
// or ctx ends.
func (p *provider) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		done := len(p.queue) == 0 && p.inflight == 0
		idle := p.idle
		p.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// run announces until ctx ends.
func (p *provider) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range provideWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx)
		}()
	}
	t := time.NewTicker(p.cfg.ReprovideInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-t.C:
			p.reprovideAll()
		}
	}
}

// work takes keys off the queue and announces them, once the routing
// table has a peer.
func (p *provider) work(ctx context.Context) {
	for {
		if !p.waitRoutable(ctx) {
			return
		}
		p.mu.Lock()
		if len(p.queue) == 0 {
			p.mu.Unlock()
			select {
			case <-p.wake:
				continue
			case <-ctx.Done():
				return
			}
		}
		c := p.queue[0]
		p.queue = p.queue[1:]
		if len(p.queue) > 0 {
			p.signal() // more work for another worker
		}
		_, wanted := p.keys[string(c.Hash())]
		p.inflight++
		p.mu.Unlock()

		if wanted {
			pctx, cancel := context.WithTimeout(ctx, provideTimeout)
			if err := p.dht.Provide(pctx, c, true); err != nil && ctx.Err() == nil {
				fmt.Fprintf(p.cfg.Log, "p2p: announce %s: %v\n", c, err)
			}
			cancel()
		}

		p.mu.Lock()
		p.inflight--
		if len(p.queue) == 0 && p.inflight == 0 {
			close(p.idle)
			p.idle = make(chan struct{})
		}
		p.mu.Unlock()
	}
}

// waitRoutable waits until the routing table holds a peer; false when ctx
// ended first. The table fills shortly after connecting, once identify
// has shown that a peer speaks the DHT protocol.
func (p *provider) waitRoutable(ctx context.Context) bool {
	for p.dht.RoutingTable().Size() == 0 {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(routingPoll):
		}
	}
	return ctx.Err() == nil
}
