package simnet

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// ErrBadScenario reports a scenario file that cannot be used.
var ErrBadScenario = errors.New("simnet: bad scenario")

// Scenario is a parsed scenario file. See the package doc for the format.
type Scenario struct {
	Name  string
	Nodes int

	Slots     Dist // build slots per node (rounded, at least 1)
	Speed     Dist // relative build speed per node
	Latency   Dist // one-way latency per link
	Bandwidth Dist // bytes per second per link
	Loss      float64
	Detect    Dist // how long membership takes to declare a node dead
	Broadcast Dist // extra delay of a gossiped broadcast over a direct message

	Shape      string // "wide", "deep" or "nixpkgs"
	Drvs       int
	BuildTime  Dist
	OutputSize Dist

	Requesters int
	Replicas   int
	// CheckShare is the share of builds the requesters' coordinators
	// check for reproducibility on a second builder.
	CheckShare float64
	Churn      []Churn
	Partitions []Partition

	Measure map[string]bool // "farm", "dht", "gossip"

	DHTNodes     int
	DHTLookups   int
	DHTProviders int

	GossipNodes int
	GossipKills int

	Grow []int // node counts for the growth table
}

// Churn takes Fraction of the nodes (never a requester) down, each at a
// uniform time in [From, To), for a Down-distributed time; Down of zero
// never comes back.
type Churn struct {
	Fraction float64
	From, To time.Duration
	Down     Dist
}

// Partition cuts the nodes into two groups (Fraction of them on the
// second side, requesters spread over both) from At until Heal.
type Partition struct {
	At, Heal time.Duration
	Fraction float64
}

// ParseFile reads and parses a scenario file.
func ParseFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses a scenario; name prefixes error positions.
func Parse(name string, data []byte) (*Scenario, error) {
	s := &Scenario{
		Name:         name,
		Nodes:        10,
		Slots:        Const(1, UnitNumber),
		Speed:        Const(1, UnitNumber),
		Latency:      Const(float64(10*time.Millisecond), UnitDuration),
		Bandwidth:    Const(100e6, UnitBytes),
		Detect:       Const(float64(time.Second), UnitDuration),
		Broadcast:    Dist{Kind: "uniform", A: 0, B: float64(600 * time.Millisecond), Unit: UnitDuration},
		Shape:        "wide",
		Drvs:         100,
		BuildTime:    Const(float64(10*time.Second), UnitDuration),
		OutputSize:   Const(1e6, UnitBytes),
		Requesters:   1,
		Replicas:     2,
		Measure:      map[string]bool{},
		DHTLookups:   100,
		DHTProviders: 100,
		GossipKills:  1,
	}
	for i, line := range strings.Split(string(data), "\n") {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if err := s.directive(f[0], f[1:]); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %s: %v", ErrBadScenario, name, i+1, f[0], err)
		}
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadScenario, name, err)
	}
	return s, nil
}

func (s *Scenario) directive(key string, a []string) error {
	var err error
	one := func() (string, error) {
		if len(a) != 1 {
			return "", fmt.Errorf("want one value, have %d", len(a))
		}
		return a[0], nil
	}
	count := func(p *int, lo int) error {
		v, err := one()
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > 1<<20 {
			return fmt.Errorf("bad count %q", v)
		}
		*p = n
		return nil
	}
	dist := func(p *Dist, u Unit) error {
		*p, err = parseDist(a, u)
		return err
	}
	switch key {
	case "name":
		s.Name, err = one()
		return err
	case "nodes":
		return count(&s.Nodes, 2)
	case "slots":
		return dist(&s.Slots, UnitNumber)
	case "speed":
		return dist(&s.Speed, UnitNumber)
	case "latency":
		return dist(&s.Latency, UnitDuration)
	case "bandwidth":
		return dist(&s.Bandwidth, UnitBytes)
	case "loss":
		v, err := one()
		if err != nil {
			return err
		}
		s.Loss, err = parseValue(v, UnitNumber)
		return err
	case "check-share":
		v, err := one()
		if err != nil {
			return err
		}
		if s.CheckShare, err = parseValue(v, UnitNumber); err == nil && (s.CheckShare < 0 || s.CheckShare > 1) {
			err = fmt.Errorf("check-share %q is not between 0 and 1", v)
		}
		return err
	case "detect":
		return dist(&s.Detect, UnitDuration)
	case "broadcast":
		return dist(&s.Broadcast, UnitDuration)
	case "dag":
		if len(a) != 2 {
			return fmt.Errorf("want SHAPE COUNT")
		}
		s.Shape = a[0]
		a = a[1:]
		return count(&s.Drvs, 1)
	case "build-time":
		return dist(&s.BuildTime, UnitDuration)
	case "output-size":
		return dist(&s.OutputSize, UnitBytes)
	case "requesters":
		return count(&s.Requesters, 1)
	case "replicas":
		return count(&s.Replicas, 1)
	case "churn":
		if len(a) < 4 {
			return fmt.Errorf("want FRACTION FROM TO DOWN")
		}
		var c Churn
		if c.Fraction, err = parseValue(a[0], UnitNumber); err != nil {
			return err
		}
		if c.From, c.To, err = parseSpan(a[1], a[2]); err != nil {
			return err
		}
		if c.Down, err = parseDist(a[3:], UnitDuration); err != nil {
			return err
		}
		s.Churn = append(s.Churn, c)
		return nil
	case "partition":
		if len(a) != 3 {
			return fmt.Errorf("want AT HEAL FRACTION")
		}
		var p Partition
		if p.At, p.Heal, err = parseSpan(a[0], a[1]); err != nil {
			return err
		}
		if p.Fraction, err = parseValue(a[2], UnitNumber); err != nil {
			return err
		}
		s.Partitions = append(s.Partitions, p)
		return nil
	case "measure":
		if len(a) == 0 {
			return fmt.Errorf("want farm, dht or gossip")
		}
		for _, m := range a {
			if m != "farm" && m != "dht" && m != "gossip" {
				return fmt.Errorf("unknown measurement %q (farm, dht, gossip)", m)
			}
			s.Measure[m] = true
		}
		return nil
	case "dht-nodes":
		return count(&s.DHTNodes, 2)
	case "dht-lookups":
		return count(&s.DHTLookups, 1)
	case "dht-providers":
		return count(&s.DHTProviders, 1)
	case "gossip-nodes":
		return count(&s.GossipNodes, 2)
	case "gossip-kills":
		return count(&s.GossipKills, 0)
	case "grow":
		if len(a) == 0 {
			return fmt.Errorf("want node counts")
		}
		s.Grow = s.Grow[:0]
		for _, v := range a {
			n, err := strconv.Atoi(v)
			if err != nil || n < 2 || n > 1<<20 {
				return fmt.Errorf("bad count %q", v)
			}
			s.Grow = append(s.Grow, n)
		}
		return nil
	}
	return fmt.Errorf("unknown directive")
}

func parseSpan(a, b string) (time.Duration, time.Duration, error) {
	from, err := time.ParseDuration(a)
	if err != nil {
		return 0, 0, fmt.Errorf("bad time %q", a)
	}
	to, err := time.ParseDuration(b)
	if err != nil {
		return 0, 0, fmt.Errorf("bad time %q", b)
	}
	if from < 0 || to <= from {
		return 0, 0, fmt.Errorf("bad span %s..%s", a, b)
	}
	return from, to, nil
}

func (s *Scenario) check() error {
	switch s.Shape {
	case "wide", "deep", "nixpkgs":
	default:
		return fmt.Errorf("unknown dag shape %q (wide, deep, nixpkgs)", s.Shape)
	}
	if s.Requesters >= s.Nodes {
		return fmt.Errorf("requesters %d: need fewer than nodes %d", s.Requesters, s.Nodes)
	}
	if s.Loss >= 1 {
		return fmt.Errorf("loss %v: must be below 1", s.Loss)
	}
	if s.Bandwidth.Mean() <= 0 {
		return fmt.Errorf("bandwidth must be positive")
	}
	if s.Speed.A == 0 {
		return fmt.Errorf("speed %s: must be above 0", s.Speed)
	}
	if math.IsInf(s.Slots.Mean(), 0) || s.Slots.Mean() > 1024 {
		return fmt.Errorf("slots too large")
	}
	for _, c := range s.Churn {
		if c.Fraction > 1 {
			return fmt.Errorf("churn fraction %v above 1", c.Fraction)
		}
	}
	for _, p := range s.Partitions {
		if p.Fraction <= 0 || p.Fraction >= 1 {
			return fmt.Errorf("partition fraction %v: must be in (0, 1)", p.Fraction)
		}
	}
	if len(s.Measure) == 0 {
		s.Measure["farm"] = true
	}
	if s.DHTNodes == 0 {
		s.DHTNodes = s.Nodes
	}
	if s.GossipNodes == 0 {
		s.GossipNodes = min(s.Nodes, 50)
	}
	if s.GossipKills >= s.GossipNodes {
		return fmt.Errorf("gossip-kills %d: need fewer than gossip-nodes %d", s.GossipKills, s.GossipNodes)
	}
	return nil
}
