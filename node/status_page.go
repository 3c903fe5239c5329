package node

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/p2pnix/tvix/p2p"
)

// The status page: GET / renders web/status.html on the server; its
// script (web/status.js, no build step) opens StatusEventsPath, a stream
// of server-sent events: "sections" carries the page's sections
// re-rendered by the same template whenever they change (checked every
// statusTick), "log" a build's log line ({"build": ID, "line": text}) as
// it is written.

// StatusEventsPath is the status page's server-sent event stream.
const StatusEventsPath = "/tvix/status/events"

// statusTick is how often the event stream re-renders the sections.
const statusTick = time.Second

//go:embed web
var webFiles embed.FS

var statusTemplate = template.Must(template.New("status.html").Funcs(template.FuncMap{
	"short": shortID,
	"dur":   fmtDuration,
	"bytes": fmtBytes,
	"ago": func(start time.Time, d time.Duration, now time.Time) string {
		if start.IsZero() {
			return ""
		}
		return fmtDuration(now.Sub(start.Add(d))) + " ago"
	},
}).ParseFS(webFiles, "web/status.html"))

// statusView is what the status template renders.
type statusView struct {
	Self, API, PublicKey string
	Now                  time.Time
	Peers                []peerRow
	Farm                 StatusSnapshot
	Store                storeStats
	Replicas             int
	Hits                 hitCounts
}

// peerRow is a peer as the p2p layer and the farm see it.
type peerRow struct {
	ID, Health, Found string
	Addrs             []string
	LatencyMS         float64
	Sent, Received    uint64 // libp2p stream bytes with the peer
	Slots, Busy       int
	Load              float64
	InFarm, Self      bool
}

// hitCounts are the binary cache's narinfo requests by result.
type hitCounts struct{ Local, Peer, Miss uint64 }

func (h hitCounts) Total() uint64 { return h.Local + h.Peer + h.Miss }

// Rate is the percentage of narinfo requests answered.
func (h hitCounts) Rate() float64 { return 100 * float64(h.Local+h.Peer) / float64(h.Total()) }

// statusView gathers the page's data.
func (n *Node) statusView(ctx context.Context) *statusView {
	v := &statusView{
		API: n.APIAddr().String(), PublicKey: n.PublicKey(), Now: time.Now(),
		Farm: n.farmSnapshot(), Store: n.storeStats(ctx), Replicas: n.cfg.Replicas,
	}
	v.Hits.Local, v.Hits.Peer, v.Hits.Miss = n.cache.Hits()
	if v.Replicas == 0 {
		v.Replicas = p2p.DefaultReplicas
	}
	rows := map[string]*peerRow{}
	if n.p2p != nil {
		v.Self = n.P2PID()
		for _, p := range n.peers() {
			rows[p.ID] = &peerRow{ID: p.ID, Health: "connected", Found: p.Found, Addrs: p.Addrs, LatencyMS: p.LatencyMS}
		}
	}
	for _, p := range v.Farm.Peers {
		r := rows[p.ID]
		if r == nil {
			r = &peerRow{ID: p.ID}
			rows[p.ID] = r
		}
		r.InFarm, r.Self = true, p.ID == v.Self
		r.Health, r.Slots, r.Busy, r.Load = p.Health, p.Slots, p.Busy, p.Load
	}
	if n.p2p != nil {
		for id, t := range n.p2p.TrafficByPeer() {
			if r := rows[id.String()]; r != nil {
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

func (n *Node) serveStatus(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := statusTemplate.Execute(&buf, n.statusView(r.Context())); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// staticHandler serves web/ at /tvix/static/.
func staticHandler() http.Handler {
	sub, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix("/tvix/static/", http.FileServerFS(sub))
}

// statusStopped is closed when the HTTP server shuts down, so that event
// streams end instead of holding Shutdown up.
func (n *Node) statusStopped() <-chan struct{} {
	st := &n.status
	st.stopOnce.Do(func() {
		st.stop = make(chan struct{})
		n.http.RegisterOnShutdown(func() { close(st.stop) })
	})
	return st.stop
}

func (n *Node) serveStatusEvents(w http.ResponseWriter, r *http.Request) {
	stop := n.statusStopped()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	var logs <-chan StatusLogLine
	if src := n.statusSource(); src != nil {
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
			if err := statusTemplate.ExecuteTemplate(&buf, "sections", n.statusView(ctx)); err != nil {
				n.log.Warn("status page", "err", err)
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

// fmtBytes formats a byte count with a binary unit.
func fmtBytes(v uint64) string {
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
