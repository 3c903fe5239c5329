package farm

import "sync"

// Log retention of farmLogs.
const (
	logLinesPerDrv = 200
	logDrvsKept    = 256
	logSubBuffer   = 256
)

// farmLogs fans build log lines out to subscribers and keeps the last
// lines of recent builds. Safe for concurrent use.
type farmLogs struct {
	mu     sync.Mutex
	subs   map[chan LogLine]struct{}
	recent map[string][]LogLine
	order  []string // derivations in recent, oldest first
}

func newFarmLogs() *farmLogs {
	return &farmLogs{subs: map[chan LogLine]struct{}{}, recent: map[string][]LogLine{}}
}

func (l *farmLogs) subscribe() (<-chan LogLine, func()) {
	ch := make(chan LogLine, logSubBuffer)
	l.mu.Lock()
	l.subs[ch] = struct{}{}
	l.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs, ch)
			l.mu.Unlock()
		})
	}
}

func (l *farmLogs) publish(line LogLine) {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines, ok := l.recent[line.Drv]
	if !ok {
		l.order = append(l.order, line.Drv)
		if len(l.order) > logDrvsKept {
			delete(l.recent, l.order[0])
			l.order = l.order[1:]
		}
	}
	if len(lines) >= logLinesPerDrv {
		lines = lines[1:]
	}
	l.recent[line.Drv] = append(lines, line)
	for ch := range l.subs {
		select {
		case ch <- line:
		default:
		}
	}
}

// publishFor publishes line and streams it to f's requests that asked for
// logs and contain its derivation.
func (l *farmLogs) publishFor(f *Farm, line LogLine) {
	l.publish(line)
	f.do(func() {
		for _, r := range f.reqs {
			if r.logs && r.drvs[line.Drv] {
				ln := line
				f.send(r, Event{Log: &ln})
			}
		}
	})
}

// started tells f's requests that asked for logs and contain drv that
// it began to build on peer.
func (f *Farm) started(drv, peer string) {
	for _, r := range f.reqs {
		if r.drvs[drv] {
			f.sendStarted(r, drv, peer)
		}
	}
}

// sendStarted sends r drv's Started if r asked for logs.
func (f *Farm) sendStarted(r *farmRequest, drv, peer string) {
	if r.logs {
		r.started[drv] = true
		f.send(r, Event{Started: &Started{Drv: drv, Peer: peer}})
	}
}

// replayLog sends r the Started and kept lines of drv's last build when
// r saw none of it, so a request for a failure the farm remembers shows
// its log as a rebuild would.
func (f *Farm) replayLog(r *farmRequest, drv string) {
	if !r.logs || r.started[drv] {
		return
	}
	lines := f.lg.recentLines(drv)
	if len(lines) == 0 {
		return
	}
	f.sendStarted(r, drv, lines[0].Peer)
	for i := range lines {
		f.send(r, Event{Log: &lines[i]})
	}
}

func (l *farmLogs) recentLines(drv string) []LogLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LogLine(nil), l.recent[drv]...)
}
