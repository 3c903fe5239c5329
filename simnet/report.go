package simnet

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Report is the outcome of a scenario run. Simulated quantities are
// deterministic for a seed; the DHT and gossip parts run in real time on
// real code, so their figures vary from run to run, and Wall* fields always
// do.
type Report struct {
	Scenario string        `json:"scenario"`
	Seed     uint64        `json:"seed"`
	Farm     *FarmReport   `json:"farm,omitempty"`
	DHT      *DHTReport    `json:"dht,omitempty"`
	Gossip   *GossipReport `json:"gossip,omitempty"`
	Growth   []GrowthRow   `json:"growth,omitempty"`
}

// FarmReport measures one build-farm run in simulated time.
type FarmReport struct {
	Nodes      int `json:"nodes"`
	Drvs       int `json:"drvs"`
	Requesters int `json:"requesters"`
	Needed     int `json:"needed"`    // derivations in the requests' closures
	Built      int `json:"built"`     // derivations built at least once
	BuildRuns  int `json:"buildRuns"` // builds that ran to the end

	Complete    bool          `json:"complete"`
	RootsDone   int           `json:"rootsDone"`
	RootsFailed int           `json:"rootsFailed"`
	FailReasons []string      `json:"failReasons,omitempty"`
	Mismatches  int           `json:"mismatches"` // roots whose output differs from the serial answer
	Makespan    time.Duration `json:"makespanNs"`
	LowerBound  time.Duration `json:"lowerBoundNs"`
	// MakespanRatio is Makespan / LowerBound; the bound ignores churn and
	// partitions, so it is loose when they are in the scenario.
	MakespanRatio float64 `json:"makespanRatio"`

	BytesInputs      int64 `json:"bytesInputs"`      // inputs fetched by builders
	BytesRoots       int64 `json:"bytesRoots"`       // roots fetched by requesters
	BytesReplication int64 `json:"bytesReplication"` // copies to Replicas-1 peers
	BytesMoved       int64 `json:"bytesMoved"`       // inputs + roots + replication
	// BytesMinimal is what the chosen placement needs at least: each
	// output once to every other node that used it (as an input or a
	// root), and each built one to at least Replicas-1 nodes.
	BytesMinimal int64   `json:"bytesMinimal"`
	BytesRatio   float64 `json:"bytesRatio"`

	Duplicates     DuplicateCounts `json:"duplicates"`
	DuplicatedWork time.Duration   `json:"duplicatedWorkNs"` // build time of repeated builds
	LostWork       time.Duration   `json:"lostWorkNs"`       // build time of builds cut short

	Churned    int           `json:"churned"`
	Partitions int           `json:"partitions"`
	DetectP50  time.Duration `json:"detectP50Ns"` // simulated failure detection (scenario's detect)
	DetectP99  time.Duration `json:"detectP99Ns"`

	Revokes            int           `json:"revokes"`
	RevokeReasons      []string      `json:"revokeReasons,omitempty"`
	InputFetchFailures int           `json:"inputFetchFailures"`
	FetchWait          time.Duration `json:"fetchWaitNs"` // builders' time spent fetching inputs before building

	Checks CheckCounts `json:"checks"`

	Claims       int    `json:"claims"`
	Rejects      int    `json:"rejects"`
	Messages     int    `json:"messages"`
	MessagesLost int    `json:"messagesLost"`
	Events       uint64 `json:"events"`

	SimTime    time.Duration `json:"simTimeNs"`
	Violations []string      `json:"violations,omitempty"`
	Wall       time.Duration `json:"wallNs"`
}

// DuplicateCounts classifies derivations built more than once.
type DuplicateCounts struct {
	Partition int `json:"partition"` // both sides of a partition built it
	Churn     int `json:"churn"`     // an earlier build's result never reached its coordinator, or no copy of it was reachable when needed again
	Other     int `json:"other"`     // anything else: a bug
}

// CheckCounts are the reproducibility checks of a run (check-share).
type CheckCounts struct {
	Runs    int `json:"runs"`    // check rebuilds that ran to the end
	Same    int `json:"same"`    // checks that found the outputs equal
	Differ  int `json:"differ"`  // checks that found them different
	NotDone int `json:"notDone"` // checks given up (no second builder, too many attempts)
}

// DHTReport measures the Kademlia DHT over a mocknet.
type DHTReport struct {
	Nodes          int           `json:"nodes"`
	Links          int           `json:"links"`
	Conns          int           `json:"conns"`     // connections open after the run
	TableSize      int           `json:"tableSize"` // mean routing table size
	Lookups        int           `json:"lookups"`
	LookupHopsP50  float64       `json:"lookupHopsP50"`
	LookupHopsP99  float64       `json:"lookupHopsP99"`
	LookupHopsMax  float64       `json:"lookupHopsMax"`
	LookupP50      time.Duration `json:"lookupP50Ns"`
	LookupP99      time.Duration `json:"lookupP99Ns"`
	Providers      int           `json:"providers"`     // provider records published
	ProviderFound  int           `json:"providerFound"` // provider lookups (one per lookup) that found the provider
	ProviderHopP50 float64       `json:"providerHopsP50"`
	ProviderHopP99 float64       `json:"providerHopsP99"`
	ProviderP50    time.Duration `json:"providerP50Ns"`
	ProviderP99    time.Duration `json:"providerP99Ns"`
	Log2N          float64       `json:"log2N"`
	SetupWall      time.Duration `json:"setupWallNs"`
	Wall           time.Duration `json:"wallNs"`
}

// GossipReport measures real memberlist gossip over the in-memory lossy
// transport, in real time.
type GossipReport struct {
	Nodes         int           `json:"nodes"`
	JoinWall      time.Duration `json:"joinNs"` // until every member sees every other
	Broadcasts    int           `json:"broadcasts"`
	ConvergeP50   time.Duration `json:"convergeP50Ns"` // broadcast until it reached every live member
	ConvergeP99   time.Duration `json:"convergeP99Ns"`
	ConvergeMax   time.Duration `json:"convergeMaxNs"`
	Reached       float64       `json:"reached"` // fraction of (broadcast, member) pairs delivered
	Kills         int           `json:"kills"`
	DetectFirst   time.Duration `json:"detectFirstNs"` // kill until the first member declares it dead
	DetectAllP50  time.Duration `json:"detectAllP50Ns"`
	DetectAll     time.Duration `json:"detectAllNs"` // kill until every live member did (worst kill)
	PacketsSent   uint64        `json:"packets"`
	PacketsLost   uint64        `json:"packetsLost"`
	PacketsFull   uint64        `json:"packetsOverflow"`
	Wall          time.Duration `json:"wallNs"`
	LossSimulated float64       `json:"loss"`
	TimeScale     float64       `json:"timeScale"`    // memberlist's intervals were stretched by this
	DetectMissed  int           `json:"detectMissed"` // kills some survivor never declared dead in time
}

// GrowthRow is one line of the growth table: the measured parts at N nodes.
// Gossip runs only up to 200 members (GossipNodes 0 beyond).
type GrowthRow struct {
	Nodes         int           `json:"nodes"`
	Makespan      time.Duration `json:"makespanNs,omitempty"`
	LowerBound    time.Duration `json:"lowerBoundNs,omitempty"`
	MakespanRatio float64       `json:"makespanRatio,omitempty"`
	BytesRatio    float64       `json:"bytesRatio,omitempty"`
	Duplicates    int           `json:"duplicates"`
	LostWork      time.Duration `json:"lostWorkNs"`
	LookupHopsP50 float64       `json:"lookupHopsP50,omitempty"`
	LookupHopsP99 float64       `json:"lookupHopsP99,omitempty"`
	LookupP99     time.Duration `json:"lookupP99Ns,omitempty"`
	GossipNodes   int           `json:"gossipNodes,omitempty"`
	TimeScale     float64       `json:"timeScale,omitempty"`
	ConvergeP99   time.Duration `json:"convergeP99Ns,omitempty"`
	DetectAll     time.Duration `json:"detectAllNs,omitempty"`
	Wall          time.Duration `json:"wallNs"`
}

func percentile(xs []time.Duration, p float64) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1+boolInt(p == 0))]
}

func percentileF(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1+boolInt(p == 0))]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ms(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}

// WriteText writes the report as tables.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "scenario %s, seed %d\n", r.Scenario, r.Seed)
	if f := r.Farm; f != nil {
		fmt.Fprintf(w, "\nbuild farm (simulated time; %d nodes, %d requesters, %d of %d derivations needed)\n", f.Nodes, f.Requesters, f.Needed, f.Drvs)
		row := func(k, v string) { fmt.Fprintf(w, "  %-28s %s\n", k, v) }
		row("complete", fmt.Sprintf("%v (%d roots done, %d failed, %d differ from the serial answer)", f.Complete, f.RootsDone, f.RootsFailed, f.Mismatches))
		for _, s := range f.FailReasons {
			row("  failed", s)
		}
		row("makespan / lower bound", fmt.Sprintf("%s / %s = %.3f", ms(f.Makespan), ms(f.LowerBound), f.MakespanRatio))
		row("built", fmt.Sprintf("%d derivations, %d builds run to the end", f.Built, f.BuildRuns))
		row("duplicate builds", fmt.Sprintf("%d in partitions, %d after churn, %d other (%s of build time)", f.Duplicates.Partition, f.Duplicates.Churn, f.Duplicates.Other, ms(f.DuplicatedWork)))
		row("work lost", ms(f.LostWork)+" of build time cut short")
		row("bytes moved / minimal", fmt.Sprintf("%s / %s = %.3f (inputs %s, roots %s, replication %s)", formatBytes(float64(f.BytesMoved)), formatBytes(float64(f.BytesMinimal)), f.BytesRatio, formatBytes(float64(f.BytesInputs)), formatBytes(float64(f.BytesRoots)), formatBytes(float64(f.BytesReplication))))
		row("churn, partitions", fmt.Sprintf("%d nodes went down, %d partitions; detection p50 %s p99 %s", f.Churned, f.Partitions, ms(f.DetectP50), ms(f.DetectP99)))
		row("revokes, fetch failures", fmt.Sprintf("%d revoked, %d builds failed fetching inputs; %s spent fetching inputs", f.Revokes, f.InputFetchFailures, ms(f.FetchWait)))
		for _, s := range f.RevokeReasons {
			row("  e.g.", s)
		}
		if c := f.Checks; c.Runs+c.NotDone > 0 {
			row("reproducibility checks", fmt.Sprintf("%d rebuilds: %d same, %d differ, %d not done", c.Runs, c.Same, c.Differ, c.NotDone))
		}
		row("claims / rejects", fmt.Sprintf("%d / %d; %d messages, %d lost", f.Claims, f.Rejects, f.Messages, f.MessagesLost))
		row("simulated / wall", fmt.Sprintf("%s / %s, %d events", ms(f.SimTime), ms(f.Wall), f.Events))
		for _, v := range f.Violations {
			row("VIOLATION", v)
		}
	}
	if d := r.DHT; d != nil {
		fmt.Fprintf(w, "\nKademlia DHT (go-libp2p-kad-dht over mocknet, real time; %d nodes, %d links, %d conns, routing tables of %d; log2 N = %.1f)\n", d.Nodes, d.Links, d.Conns, d.TableSize, d.Log2N)
		fmt.Fprintf(w, "  %-22s %8s %8s %8s %10s %10s\n", "", "hops p50", "hops p99", "hops max", "p50", "p99")
		fmt.Fprintf(w, "  %-22s %8.1f %8.1f %8.1f %10s %10s\n", fmt.Sprintf("closest peers (%d)", d.Lookups), d.LookupHopsP50, d.LookupHopsP99, d.LookupHopsMax, ms(d.LookupP50), ms(d.LookupP99))
		fmt.Fprintf(w, "  %-22s %8.1f %8.1f %8s %10s %10s\n", fmt.Sprintf("providers (%d/%d found)", d.ProviderFound, d.Lookups), d.ProviderHopP50, d.ProviderHopP99, "", ms(d.ProviderP50), ms(d.ProviderP99))
		fmt.Fprintf(w, "  setup %s, total %s\n", ms(d.SetupWall), ms(d.Wall))
	}
	if g := r.Gossip; g != nil {
		fmt.Fprintf(w, "\nmemberlist gossip (real time, in-memory transport, loss %.3g, LAN profile stretched %.2fx; %d nodes)\n", g.LossSimulated, g.TimeScale, g.Nodes)
		fmt.Fprintf(w, "  %-28s %s\n", "join", ms(g.JoinWall))
		fmt.Fprintf(w, "  %-28s p50 %s p99 %s max %s (%d broadcasts, %.4f delivered)\n", "broadcast convergence", ms(g.ConvergeP50), ms(g.ConvergeP99), ms(g.ConvergeMax), g.Broadcasts, g.Reached)
		fmt.Fprintf(w, "  %-28s first %s, all members p50 %s, worst %s (%d kills, %d not seen by all)\n", "failure detection", ms(g.DetectFirst), ms(g.DetectAllP50), ms(g.DetectAll), g.Kills, g.DetectMissed)
		fmt.Fprintf(w, "  %-28s %d sent, %d lost, %d overflowed; %s\n", "packets", g.PacketsSent, g.PacketsLost, g.PacketsFull, ms(g.Wall))
	}
	if len(r.Growth) > 0 {
		fmt.Fprintf(w, "\ngrowth with N (makespan against its lower bound; DHT hops p50/p99; gossip with its time scale)\n")
		var b strings.Builder
		fmt.Fprintf(&b, "  %5s %10s %10s %6s %6s %4s %9s %7s %9s %6s %9s %9s %8s\n", "N", "makespan", "bound", "ratio", "bytes", "dups", "lost", "hops", "look p99", "scale", "conv p99", "detect", "wall")
		for _, g := range r.Growth {
			gs, conv, det := "-", "-", "-"
			if g.GossipNodes > 0 {
				gs, conv, det = fmt.Sprintf("%.1fx", g.TimeScale), ms(g.ConvergeP99), ms(g.DetectAll)
			}
			fmt.Fprintf(&b, "  %5d %10s %10s %6.2f %6.2f %4d %9s %3.0f/%-3.0f %9s %6s %9s %9s %8s\n", g.Nodes, ms(g.Makespan.Round(time.Second)), ms(g.LowerBound.Round(time.Second)), g.MakespanRatio, g.BytesRatio, g.Duplicates, ms(g.LostWork.Round(time.Second)), g.LookupHopsP50, g.LookupHopsP99, ms(g.LookupP99), gs, conv, det, ms(g.Wall.Round(time.Second)))
		}
		io.WriteString(w, b.String())
	}
}
