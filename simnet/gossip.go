package simnet

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/p2pnix/tvix/node/gossip"
)

// gossipBroadcasts is how many broadcasts RunGossip times.
const gossipBroadcasts = 20

// RunGossip runs s.GossipNodes real memberlist members (node/gossip, LAN
// profile) over node/gossip's in-memory transport, with per-link latency
// from the scenario and its loss, in real time: memberlist's probe and
// gossip timers read the wall clock. Many members share two cores here, so
// every interval is stretched by a TimeScale of 1+N/50 (reported) lest
// scheduling delays pass for failures; detection times scale with it.
//
// It measures how long joining takes, how long a broadcast takes to reach
// every member, and how long after a crash (Shutdown without leaving) of
// s.GossipKills members the first and the last survivor declare each dead.
func RunGossip(ctx context.Context, s *Scenario, seed uint64) (*GossipReport, error) {
	start := time.Now()
	n := s.GossipNodes
	r := rand.New(rand.NewPCG(seed, 0x90551b))
	scale := 1 + float64(n)/50
	mem := gossip.NewMemNetwork(int64(seed))
	rep := &GossipReport{Nodes: n, LossSimulated: s.Loss, TimeScale: scale}

	var mu sync.Mutex
	got := make([][]time.Time, gossipBroadcasts) // per broadcast, per node
	for k := range got {
		got[k] = make([]time.Time, n)
	}
	dead := map[string][]time.Time{} // victim -> when each node declared it
	index := map[string]int{}

	trans := make([]*gossip.MemTransport, n)
	for i := range trans {
		trans[i] = mem.NewTransport()
	}
	setLinks := func(loss float64) {
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				lr := rand.New(rand.NewPCG(uint64(i)<<32|uint64(j), 0x11))
				mem.SetLink(trans[i].Addr(), trans[j].Addr(), gossip.LinkConfig{Latency: s.Latency.Duration(lr), Loss: loss})
			}
		}
	}
	setLinks(0) // joins are not retried; loss comes after them
	nodes := make([]*gossip.Gossip, n)
	defer func() {
		for _, g := range nodes {
			if g != nil {
				_ = g.Shutdown()
			}
		}
	}()
	for i := 0; i < n; i++ {
		i := i
		name := fmt.Sprintf("g%04d", i)
		index[name] = i
		cfg := gossip.Config{Name: name, Transport: trans[i], TimeScale: scale,
			Meta: gossip.NodeMeta{PeerID: name, Systems: []string{system}, TotalSlots: 1},
			OnMessage: func(m gossip.Message) {
				var k int
				if _, err := fmt.Sscanf(m.Drv, "bcast-%d", &k); err == nil && k >= 0 && k < gossipBroadcasts {
					mu.Lock()
					if got[k][i].IsZero() {
						got[k][i] = time.Now()
					}
					mu.Unlock()
				}
			},
			OnEvent: func(ev gossip.Event) {
				if ev.Kind == gossip.EventDead {
					mu.Lock()
					if v, ok := dead[ev.Member.Name]; ok && v[i].IsZero() {
						v[i] = time.Now()
					}
					mu.Unlock()
				}
			},
		}
		if i > 0 {
			cfg.Join = []string{trans[0].Addr()}
		}
		g, err := gossip.New(cfg)
		if err != nil {
			return nil, fmt.Errorf("simnet: gossip: %w", err)
		}
		nodes[i] = g
	}
	wait := func(limit time.Duration, cond func() bool) bool {
		deadline := time.Now().Add(limit)
		for !cond() {
			if time.Now().After(deadline) || ctx.Err() != nil {
				return false
			}
			time.Sleep(5 * time.Millisecond)
		}
		return true
	}
	if !wait(time.Duration(scale*float64(60*time.Second)), func() bool {
		for _, g := range nodes {
			if g.NumMembers() != n {
				return false
			}
		}
		return true
	}) {
		return nil, fmt.Errorf("simnet: gossip: %d members did not all see each other", n)
	}
	rep.JoinWall = time.Since(start)
	setLinks(s.Loss)

	// Broadcasts from random members.
	sent := make([]time.Time, gossipBroadcasts)
	from := make([]int, gossipBroadcasts)
	for k := range sent {
		from[k] = r.IntN(n)
		sent[k] = time.Now()
		mu.Lock()
		got[k][from[k]] = sent[k]
		mu.Unlock()
		if _, err := nodes[from[k]].Broadcast(gossip.Message{Kind: gossip.KindUser, Drv: fmt.Sprintf("bcast-%d", k)}); err != nil {
			return nil, fmt.Errorf("simnet: gossip: broadcast: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	all := func() bool {
		mu.Lock()
		defer mu.Unlock()
		for k := range got {
			for _, t := range got[k] {
				if t.IsZero() {
					return false
				}
			}
		}
		return true
	}
	wait(time.Duration(scale*float64(20*time.Second)), all)
	var conv []time.Duration
	reached := 0
	mu.Lock()
	for k := range got {
		var last time.Duration
		complete := true
		for _, t := range got[k] {
			if t.IsZero() {
				complete = false
				continue
			}
			reached++
			last = max(last, t.Sub(sent[k]))
		}
		if complete {
			conv = append(conv, last)
		}
	}
	mu.Unlock()
	rep.Broadcasts = gossipBroadcasts
	rep.Reached = float64(reached) / float64(gossipBroadcasts*n)
	rep.ConvergeP50, rep.ConvergeP99, rep.ConvergeMax = percentile(conv, 0.5), percentile(conv, 0.99), percentile(conv, 1)

	// Crashes: members shut down without leaving, all at once.
	victims := r.Perm(n)[:s.GossipKills]
	isVictim := map[int]bool{}
	mu.Lock()
	for _, v := range victims {
		isVictim[v] = true
		dead[nodes[v].Name()] = make([]time.Time, n)
	}
	mu.Unlock()
	killed := time.Now()
	for _, v := range victims {
		_ = nodes[v].Shutdown()
	}
	detected := func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, when := range dead {
			for i, t := range when {
				if !isVictim[i] && t.IsZero() {
					return false
				}
			}
		}
		return true
	}
	wait(time.Duration(scale*float64(30*time.Second)), detected)
	var alls []time.Duration
	mu.Lock()
	rep.DetectFirst = -1
	for _, when := range dead {
		first, last, complete := time.Duration(-1), time.Duration(0), true
		for i, t := range when {
			if isVictim[i] {
				continue
			}
			if t.IsZero() {
				complete = false
				continue
			}
			d := t.Sub(killed)
			if first < 0 || d < first {
				first = d
			}
			last = max(last, d)
		}
		if first >= 0 && (rep.DetectFirst < 0 || first < rep.DetectFirst) {
			rep.DetectFirst = first
		}
		if complete {
			alls = append(alls, last)
		} else {
			rep.DetectMissed++
		}
	}
	mu.Unlock()
	rep.Kills = len(victims)
	rep.DetectAllP50, rep.DetectAll = percentile(alls, 0.5), percentile(alls, 1)
	st := mem.Stats()
	rep.PacketsSent, rep.PacketsLost, rep.PacketsFull = st.Packets, st.Lost, st.Overflow
	rep.Wall = time.Since(start)
	return rep, nil
}
