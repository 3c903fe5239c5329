package simnet

import (
	"context"
	"fmt"
	"time"
)

// maxGrowGossip is the largest real memberlist cluster the growth table
// starts; beyond it two cores cannot keep the members' timers.
const maxGrowGossip = 200

// RunFarm runs the scenario's build farm in simulated time. The report is
// a function of s and seed alone, except for Wall.
func RunFarm(s *Scenario, seed uint64) *FarmReport {
	start := time.Now()
	f := newFarm(s, seed)
	f.run()
	f.rep.Wall = time.Since(start)
	return &f.rep
}

// Run runs every part of the scenario it asks to measure (farm, dht,
// gossip), and the growth table when it lists node counts. progress, if not
// nil, receives a line as each part starts.
func Run(ctx context.Context, s *Scenario, seed uint64, progress func(string)) (*Report, error) {
	say := func(format string, a ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, a...))
		}
	}
	r := &Report{Scenario: s.Name, Seed: seed}
	if s.Measure["farm"] {
		say("farm: %d nodes, %d derivations", s.Nodes, s.Drvs)
		r.Farm = RunFarm(s, seed)
	}
	if s.Measure["dht"] {
		say("dht: %d nodes", s.DHTNodes)
		d, err := RunDHT(ctx, s, seed)
		if err != nil {
			return nil, err
		}
		r.DHT = d
	}
	if s.Measure["gossip"] {
		say("gossip: %d nodes", s.GossipNodes)
		g, err := RunGossip(ctx, s, seed)
		if err != nil {
			return nil, err
		}
		r.Gossip = g
	}
	for _, n := range s.Grow {
		say("growth: %d nodes", n)
		c := *s
		c.Nodes, c.DHTNodes, c.GossipNodes = n, n, min(n, s.GossipNodes)
		c.Requesters = min(s.Requesters, n-1)
		row := GrowthRow{Nodes: n}
		start := time.Now()
		if s.Measure["farm"] {
			f := RunFarm(&c, seed)
			row.Makespan, row.LowerBound = f.Makespan, f.LowerBound
			row.MakespanRatio, row.BytesRatio, row.LostWork = f.MakespanRatio, f.BytesRatio, f.LostWork
			row.Duplicates = f.Duplicates.Partition + f.Duplicates.Churn + f.Duplicates.Other
		}
		if s.Measure["dht"] {
			d, err := RunDHT(ctx, &c, seed)
			if err != nil {
				return nil, err
			}
			row.LookupHopsP50, row.LookupHopsP99, row.LookupP99 = d.LookupHopsP50, d.LookupHopsP99, d.LookupP99
		}
		if s.Measure["gossip"] && n <= maxGrowGossip {
			c.GossipNodes = n
			g, err := RunGossip(ctx, &c, seed)
			if err != nil {
				return nil, err
			}
			row.GossipNodes, row.TimeScale, row.ConvergeP99, row.DetectAll = n, g.TimeScale, g.ConvergeP99, g.DetectAll
		}
		row.Wall = time.Since(start)
		r.Growth = append(r.Growth, row)
	}
	return r, nil
}
