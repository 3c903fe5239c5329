package nodeclient

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/p2pnix/tvix/proto/nodev1"
)

// WritePeers writes peers to w as a table: peer ID, how it was found,
// latency and addresses ("-" for what is not known).
func WritePeers(w io.Writer, peers []PeerInfo) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PEER\tFOUND\tLATENCY\tADDRESSES")
	for _, p := range peers {
		found := p.Found
		if found == "" {
			found = "-"
		}
		latency := "-"
		if p.LatencyMS > 0 {
			latency = fmt.Sprintf("%.2fms", p.LatencyMS)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.ID, found, latency, strings.Join(p.Addrs, ","))
	}
	return tw.Flush()
}

// checkCounts is ", R reproducible, N not" when p counts reproducibility
// checks, else "".
func checkCounts(p *nodev1.Progress) string {
	if p.GetReproducible()+p.GetNotReproducible() == 0 {
		return ""
	}
	return fmt.Sprintf(", %d reproducible, %d not", p.GetReproducible(), p.GetNotReproducible())
}

// ProgressLine renders p as the farm's progress line, e.g.
// "[3/40 built on 4 peers, 12 substituted, 2 running, 1 failed]".
func ProgressLine(p *nodev1.Progress) string {
	line := fmt.Sprintf("[%d/%d built on %d peers, %d substituted, %d running", p.GetBuilt(), p.GetToBuild(), p.GetPeers(), p.GetSubstituted(), p.GetRunning())
	if p.GetFailed() > 0 {
		line += fmt.Sprintf(", %d failed", p.GetFailed())
	}
	return line + checkCounts(p) + "]"
}

// WriteStatus writes a node's view of the build farm to w as text: the
// node, the build counters, a table of peers with their slots and load,
// then the running and the queued builds.
func WriteStatus(w io.Writer, st *nodev1.StatusResponse) error {
	p := st.GetProgress()
	fmt.Fprintf(w, "node %s (api %s, gossip %s)\n", st.PeerId, st.ApiAddr, st.GossipAddr)
	line := fmt.Sprintf("[%d/%d built on %d peers, %d substituted, %d running, %d failed", p.GetBuilt(), p.GetToBuild(), p.GetPeers(), p.GetSubstituted(), p.GetRunning(), p.GetFailed())
	fmt.Fprintf(w, "%s%s]\n\n", line, checkCounts(p))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PEER\tAPI\tSLOTS\tLOAD\tSYSTEMS")
	for _, pe := range st.Peers {
		id := pe.PeerId
		if pe.Self {
			id += " (self)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d/%d free\t%.2f\t%s\n", id, pe.ApiAddr, pe.FreeSlots, pe.TotalSlots, pe.Load, strings.Join(pe.Systems, ","))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nrunning (%d):\n", len(st.Running))
	for _, r := range st.Running {
		fmt.Fprintf(w, "  %s on %s for %s\n", r.DrvPath, r.Peer, r.Coordinator)
	}
	fmt.Fprintf(w, "queued (%d):\n", len(st.Queued))
	for _, q := range st.Queued {
		fmt.Fprintf(w, "  %s\n", q)
	}
	return nil
}
