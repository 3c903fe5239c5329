package status

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/p2pnix/tvix/internal/faults"
)

// The status page: GET / renders web/status.html on the server; its
// script (web/status.js, no build step) opens EventsPath, a stream
// of server-sent events: "sections" carries the page's sections
// re-rendered by the same template whenever they change (checked every
// statusTick), "log" a build's log line ({"build": ID, "line": text}) as
// it is written.

// EventsPath is the status page's server-sent event stream.
const EventsPath = "/tvix/status/events"

// staticPrefix is where web/ is served.
const staticPrefix = "/tvix/static/"

// statusTick is how often the event stream re-renders the sections.
const statusTick = time.Second

//go:embed web
var webFiles embed.FS

var statusTemplate = template.Must(template.New("status.html").Funcs(template.FuncMap{
	"short": shortID,
	"dur":   fmtDuration,
	"bytes": FormatBytes,
	"ago": func(start time.Time, d time.Duration, now time.Time) string {
		if start.IsZero() {
			return ""
		}
		return fmtDuration(now.Sub(start.Add(d))) + " ago"
	},
}).ParseFS(webFiles, "web/status.html"))

// View is what the status page shows at one moment.
type View struct {
	// Self is this node's peer ID; API its API address; PublicKey its
	// signing key.
	Self, API, PublicKey string
	// Now is when the view was taken.
	Now time.Time
	// Peers are the connected peers and the farm's members, this node
	// first.
	Peers []PeerRow
	// Farm is the farm's snapshot.
	Farm Snapshot
	// Store describes the local shard.
	Store StoreStats
	// Replicas is how many nodes should hold each new output.
	Replicas int
	// Hits are the binary cache's narinfo requests by result.
	Hits HitCounts
}

// PeerRow is a peer as the p2p layer and the farm see it.
type PeerRow struct {
	ID, Health, Found string
	Addrs             []string
	LatencyMS         float64
	Sent, Received    uint64 // libp2p stream bytes with the peer
	// Rejected, RejectedBytes, FalseRecords and Blocked are the peer's
	// misbehaviour (ConnectedPeer).
	Rejected, FalseRecords int
	RejectedBytes          uint64
	Blocked                bool
	Slots, Busy            int
	Load                   float64
	InFarm, Self           bool
}

// HitCounts are the binary cache's narinfo requests by result: answered
// from the local shard, from a peer, or not at all.
type HitCounts struct{ Local, Peer, Miss uint64 }

// Total is how many narinfo requests there were.
func (h HitCounts) Total() uint64 { return h.Local + h.Peer + h.Miss }

// Rate is the percentage of narinfo requests answered.
func (h HitCounts) Rate() float64 { return 100 * float64(h.Local+h.Peer) / float64(h.Total()) }

// View gathers what the page shows now.
func (s *Server) View(ctx context.Context) *View {
	v := &View{
		API: s.cfg.API, PublicKey: s.cfg.PublicKey, Now: faults.Now(),
		Farm: s.farmSnapshot(), Store: s.storeStats(ctx), Replicas: s.cfg.Replicas,
	}
	if s.cfg.Hits != nil {
		v.Hits = s.cfg.Hits()
	}
	net := s.cfg.Network
	rows := map[string]*PeerRow{}
	if net != nil {
		v.Self = net.ID()
		for _, p := range net.Peers() {
			rows[p.ID] = &PeerRow{ID: p.ID, Health: "connected", Found: p.Found, Addrs: p.Addrs, LatencyMS: p.LatencyMS,
				Rejected: p.Rejected, RejectedBytes: uint64(max(p.RejectedBytes, 0)), FalseRecords: p.FalseRecords, Blocked: p.Blocked}
		}
	}
	for _, p := range v.Farm.Peers {
		r := rows[p.ID]
		if r == nil {
			r = &PeerRow{ID: p.ID}
			rows[p.ID] = r
		}
		r.InFarm, r.Self = true, p.ID == v.Self
		r.Health, r.Slots, r.Busy, r.Load = p.Health, p.Slots, p.Busy, p.Load
	}
	if net != nil {
		for id, t := range net.TrafficByPeer() {
			if r := rows[id]; r != nil {
				r.Sent, r.Received = t.Sent, t.Received
			}
		}
	}
	for _, r := range rows {
		v.Peers = append(v.Peers, *r)
	}
	sort.Slice(v.Peers, func(i, j int) bool {
		if v.Peers[i].Self != v.Peers[j].Self {
			return v.Peers[i].Self
		}
		return v.Peers[i].ID < v.Peers[j].ID
	})
	return v
}

// WritePage renders the status page showing v.
func WritePage(w io.Writer, v *View) error { return statusTemplate.Execute(w, v) }

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := WritePage(&buf, s.View(r.Context())); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// staticHandler serves web/ at staticPrefix.
func staticHandler() http.Handler {
	sub, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix(staticPrefix, http.FileServerFS(sub))
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	stop := s.stop
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	var logs <-chan LogLine
	if src := s.source(); src != nil {
		logs = src.SubscribeLogs(ctx)
	}
	tick := time.NewTicker(statusTick)
	defer tick.Stop()
	var last string
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case <-stop:
			return
		case l, ok := <-logs:
			if !ok {
				logs = nil
				continue
			}
			b, _ := json.Marshal(map[string]string{"build": l.Build, "line": l.Line})
			err = writeEvent(w, "log", string(b))
		case <-tick.C:
			var buf bytes.Buffer
			if err := statusTemplate.ExecuteTemplate(&buf, "sections", s.View(ctx)); err != nil {
				s.log.Warn("status page", "err", err)
				return
			}
			// The time stamp alone changes every tick: compare without it.
			page := buf.String()
			key := page
			if i := strings.LastIndex(page, `<p class="updated">`); i >= 0 {
				key = page[:i]
			}
			if key != last {
				last = key
				err = writeEvent(w, "sections", page)
			}
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// writeEvent writes one server-sent event; each line of data becomes a
// data field (the browser joins them with newlines).
func writeEvent(w http.ResponseWriter, event, data string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "event: %s\n", event)
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(&b, "data: %s\n", strings.TrimSuffix(line, "\r"))
	}
	b.WriteString("\n")
	_, err := fmt.Fprint(w, b.String())
	return err
}

// shortID shortens a peer ID for display (the full one is in a title).
func shortID(id string) string {
	if len(id) > 16 {
		return id[:6] + "…" + id[len(id)-6:]
	}
	return id
}

// fmtDuration rounds d for display.
func fmtDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

// FormatBytes formats a byte count with a binary unit, as the page shows
// it.
func FormatBytes(v uint64) string {
	f := float64(v)
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", v)
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}
